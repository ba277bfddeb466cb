using System;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>The time stamp at the start of a log line.</summary>
    public readonly struct LogTimestamp
    {
        public LogTimestamp(DateTime? time, string text, string? zone, string? process, string? thread, int messageStart)
        {
            Time = time;
            Text = text;
            Zone = zone;
            Process = process;
            Thread = thread;
            MessageStart = messageStart;
        }

        /// <summary>The time as written (server local time); null when the text has no year.</summary>
        public DateTime? Time { get; }

        public string Text { get; }

        /// <summary>Time zone as written ("EDT", "+01:00"), if any.</summary>
        public string? Zone { get; }

        /// <summary>Domino process id ([0DEC:000A-0F80] gives 0DEC) or WebSphere thread id.</summary>
        public string? Process { get; }

        public string? Thread { get; }

        /// <summary>Index of the message after the time stamp (and after a WebSphere thread id).</summary>
        public int MessageStart { get; }
    }
}
