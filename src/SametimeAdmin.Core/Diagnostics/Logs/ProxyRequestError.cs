using System;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>An error, exception or warning line of a WebSphere trace.log that follows a proxy request.</summary>
    public sealed class ProxyRequestError
    {
        internal ProxyRequestError(long lineNumber, string line)
        {
            LineNumber = lineNumber;
            Line = line;
        }

        /// <summary>The time of the line with the log's zone; null when the line has none.</summary>
        public DateTimeOffset? Time { get; internal set; }

        /// <summary>The WebSphere thread that wrote the line ("00000109").</summary>
        public string? Thread { get; internal set; }

        /// <summary>True when the request's own thread wrote it; false for a line of another thread within the time window.</summary>
        public bool SameThread { get; internal set; }

        /// <summary>The trace's event type: E (error), W (warning), F (fatal), or the level of a line that holds an exception or an HTTP status.</summary>
        public string? Level { get; internal set; }

        /// <summary>The message code (SECJ0369E, CWWIM4538E, CLFRX0035E), or "HTTP 401" for a status line; null when none.</summary>
        public string? Code { get; internal set; }

        /// <summary>The message, without the time stamp, thread and component.</summary>
        public string Message { get; internal set; } = string.Empty;

        /// <summary>The likely cause and what to change, where the message is one the reader knows.</summary>
        public string? LikelyCause { get; internal set; }

        public long LineNumber { get; }

        /// <summary>The raw line, with the exception lines that followed it (new-line separated, a few at most).</summary>
        public string Line { get; internal set; }

        public override string ToString() => (Code ?? Level ?? "?") + " " + Message;
    }
}
