using System;
using System.Collections.Generic;
using System.Globalization;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>One SSO event from a log: a token decoded or validated, an error and its likely cause.</summary>
    public sealed class SsoTraceEvent
    {
        // A Domino trace group's text and summary are put together only when read: most events of a large file are
        // filtered or counted without anyone looking at them.
        private string? line;
        private List<string>? groupLines;
        private string? message;
        private Func<SsoTraceEvent, string>? describe;
        private List<string>? codes;

        public SsoTraceEvent(SsoTraceSource source, SsoTraceOutcome outcome, string path, long lineNumber, string line)
        {
            Source = source;
            Outcome = outcome;
            Path = path;
            LineNumber = lineNumber;
            this.line = line;
        }

        /// <summary>
        /// The time of the event's first line with its UTC offset: the zone the log writes (WebSphere "EDT"), else the
        /// -UtcOffset given or this machine's offset (see <see cref="TimeZoneSource"/>); null when the line has no readable time.
        /// </summary>
        public DateTimeOffset? Time { get; internal set; }

        /// <summary>Where the offset of <see cref="Time"/> came from.</summary>
        public LogTimeZoneSource? TimeZoneSource { get; internal set; }

        /// <summary>The time stamp as written (with its time zone, if the log gives one).</summary>
        public string? TimeText { get; internal set; }

        public SsoTraceSource Source { get; }

        /// <summary>The user name (Notes form for Domino, DN for WebSphere, login name for the proxy).</summary>
        public string? User { get; internal set; }

        /// <summary>The LDAP realm in the token.</summary>
        public string? Realm { get; internal set; }

        public SsoTraceOutcome Outcome { get; internal set; }

        /// <summary>True for outcomes that mean a failed sign-on.</summary>
        public bool IsFailure => Outcome != SsoTraceOutcome.Decoded && Outcome != SsoTraceOutcome.Valid && Outcome != SsoTraceOutcome.ShouldRenew;

        /// <summary>The likely cause and what to change; null for events that show no problem.</summary>
        public string? LikelyCause { get; internal set; }

        /// <summary>The message code (CLFRX0035E, SECJ0371W) that decided the outcome, if any.</summary>
        public string? Code { get; internal set; }

        /// <summary>Every message code of the record, in order (CLFRX0027E, CLFRX0035E).</summary>
        public IReadOnlyList<string> Codes => codes ?? (Code != null ? new[] { Code } : (IReadOnlyList<string>)Array.Empty<string>());

        /// <summary>The Sametime Proxy session id of the record ("SID: ..."), if it gives one.</summary>
        public string? SessionId { get; internal set; }

        /// <summary>The main message of the event.</summary>
        public string? Message
        {
            get => message ??= describe?.Invoke(this);
            internal set => message = value;
        }

        /// <summary>The user name as the raw token carries it (Domino trace: "-Raw Token Username").</summary>
        public string? RawUser { get; internal set; }

        /// <summary>The Web SSO configuration name Domino used ("ConfigName specified").</summary>
        public string? ConfigName { get; internal set; }

        /// <summary>The token style Domino decoded ("Websphere style LTPA2 (LtpaToken2)").</summary>
        public string? TokenStyle { get; internal set; }

        /// <summary>The token's expiration when the log gives it (Domino and trace.log: UTC; SECJ0371W: in the message's zone).</summary>
        public DateTimeOffset? Expiration { get; internal set; }

        /// <summary>Domino process id or WebSphere thread id.</summary>
        public string? Process { get; internal set; }

        /// <summary>The thread that wrote the event: Domino "0DEC:000A-0F80" (process, thread, virtual thread), WebSphere "000000e7".</summary>
        public string? Thread { get; internal set; }

        public string Path { get; }

        /// <summary>The line number of the event's first line.</summary>
        public long LineNumber { get; }

        /// <summary>The raw text: the line, or the lines of one Domino trace group or one multi-line record separated by new lines.</summary>
        public string Line
        {
            get => line ??= string.Join("\n", groupLines!);
            internal set => line = value;
        }

        public override string ToString() => Outcome + " " + (User ?? string.Empty) + " (line " + LineNumber.ToString(CultureInfo.InvariantCulture) + ")";

        internal void SetGroup(List<string> lines, Func<SsoTraceEvent, string>? summary)
        {
            groupLines = lines;
            line = lines.Count == 1 ? lines[0] : null;
            describe = summary;
        }

        internal void AddCode(string code)
        {
            codes ??= Code != null ? new List<string> { Code } : new List<string>();
            codes.Add(code);
        }
    }
}
