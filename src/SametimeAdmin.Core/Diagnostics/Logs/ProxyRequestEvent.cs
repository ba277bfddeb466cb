using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// One presence or buddy list request the Sametime Proxy logged in its WebSphere trace.log, with the error lines
    /// that followed it (guide 4.2 step 3, 4.3 step 3).
    /// </summary>
    public sealed class ProxyRequestEvent
    {
        private readonly List<ProxyRequestError> errors = new List<ProxyRequestError>();

        internal ProxyRequestEvent(ProxyRequestKind kind, string path, long lineNumber, string line)
        {
            Kind = kind;
            Path = path;
            LineNumber = lineNumber;
            Line = line;
        }

        public ProxyRequestKind Kind { get; }

        /// <summary>The time of the request line with the log's zone (or -UtcOffset, or this machine's offset).</summary>
        public DateTimeOffset? Time { get; internal set; }

        /// <summary>Where the offset of <see cref="Time"/> came from.</summary>
        public LogTimeZoneSource? TimeZoneSource { get; internal set; }

        /// <summary>The time stamp as written.</summary>
        public string? TimeText { get; internal set; }

        /// <summary>The WebSphere thread that served the request ("00000109").</summary>
        public string? Thread { get; internal set; }

        /// <summary>The HTTP method ("POST"), when a WebAuthenticator line gives it.</summary>
        public string? Method { get; internal set; }

        /// <summary>The request path ("/stwebapi/presence").</summary>
        public string? Url { get; internal set; }

        /// <summary>The error, exception and warning lines that followed the request, in file order.</summary>
        public IReadOnlyList<ProxyRequestError> Errors => errors;

        public bool HasErrors => errors.Count > 0;

        /// <summary>The likely cause of the first error the reader knows, with its fix; null when none.</summary>
        public string? LikelyCause => errors.Select(e => e.LikelyCause).FirstOrDefault(c => c != null);

        /// <summary>The log file.</summary>
        public string Path { get; }

        /// <summary>The line number of the request's first line.</summary>
        public long LineNumber { get; }

        /// <summary>The request's first line as written.</summary>
        public string Line { get; }

        /// <summary>Errors left out past the limit kept per request.</summary>
        public int MoreErrors { get; internal set; }

        internal bool SeenUrlLine { get; set; }

        internal bool SeenServletLine { get; set; }

        internal void Add(ProxyRequestError error) => errors.Add(error);

        public override string ToString() =>
            Kind + " " + (Method != null ? Method + " " : string.Empty) + Url + " (line " + LineNumber.ToString(CultureInfo.InvariantCulture) + ", " + errors.Count.ToString(CultureInfo.InvariantCulture) + " error(s))";
    }
}
