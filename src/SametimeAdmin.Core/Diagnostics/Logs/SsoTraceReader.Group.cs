using System;
using System.Collections.Generic;
using System.Globalization;

namespace SametimeAdmin.Diagnostics
{
    public static partial class SsoTraceReader
    {
        private sealed class Group
        {
            private readonly List<string> lines = new List<string>(12);

            public Group(SsoTraceEvent e, long number)
            {
                Event = e;
                LastLine = number;
                lines.Add(e.Line);
            }

            public SsoTraceEvent Event { get; }

            public long LastLine { get; private set; }

            /// <summary>The group holds a token's user lines (a configuration line after them starts the next validation).</summary>
            public bool HasUserData { get; set; }

            /// <summary>The local time of the "-Expiration Ticks" line.</summary>
            public DateTime? ExpirationLineTime { get; set; }

            /// <summary>The expiration in the server's local time, as the "-Expiration Ticks" line writes it in brackets.</summary>
            public DateTime? ExpirationLocal { get; set; }

            public void Add(string line, long number)
            {
                LastLine = number;
                if (lines.Count < MaxGroupLines)
                {
                    lines.Add(line);
                }
            }

            public void Finish()
            {
                Event.SetGroup(lines, Event.Source == SsoTraceSource.Domino ? Describe : (Func<SsoTraceEvent, string>?)null);
            }

            private static string Describe(SsoTraceEvent e)
            {
                var parts = new List<string>();
                parts.Add(e.TokenStyle != null ? "Decoded " + e.TokenStyle : e.ConfigName != null ? "Validating tokens" : "Token decoded");
                if (e.ConfigName != null)
                {
                    parts.Add("config " + e.ConfigName);
                }

                if (e.Expiration != null)
                {
                    parts.Add((e.Outcome == SsoTraceOutcome.Expired ? "expired " : "expires ") + e.Expiration.Value.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                }

                if (e.RawUser == null && e.User == null)
                {
                    parts.Add("no user lines on this thread yet");
                }
                else if (e.ConfigName == null && e.TokenStyle == null)
                {
                    parts.Add("configuration lines not in the log (before its start)");
                }

                return string.Join(", ", parts);
            }
        }
    }
}
