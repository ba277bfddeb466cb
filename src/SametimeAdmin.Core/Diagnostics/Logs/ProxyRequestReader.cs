using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using SametimeAdmin.Common;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// Finds the Sametime Proxy's presence and buddy list requests in a WebSphere trace.log (basic format,
    /// "[time] threadId shortName level message") and the error lines around them: those of the request's own thread
    /// until that thread's next request, and those of any thread within <see cref="OtherThreadWindow"/> after it.
    /// A separate marker set from <see cref="SsoTraceReader"/>'s, so the SSO event search reads no more lines than it did.
    /// One pass, bounded memory, no regular expression on the lines.
    /// </summary>
    public static class ProxyRequestReader
    {
        /// <summary>How long after a request the errors of other threads are taken as its own.</summary>
        public static readonly TimeSpan OtherThreadWindow = TimeSpan.FromSeconds(2);

        // A request whose thread logs no next request is complete after this much log time: pool threads are reused
        // within seconds on a busy proxy, and an idle one says nothing more about the request.
        private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);
        private const int MaxOpenRequests = 256;
        private const int MaxErrorsPerRequest = 20;
        private const int MaxFollowLines = 8;

        /// <summary>
        /// The request lines (WebAuthenticator "method : POST URL:/stwebapi/presence", EJSWebCollaborator "Request Context
        /// Path=/stwebapi, Servlet Path=/buddylist"), error levels, exception names, message codes and HTTP status lines.
        /// </summary>
        private static readonly LogMarker[] Markers =
        {
            new LogMarker("URL:/", 'U'),
            new LogMarker("Servlet Path=", 'S'),
            new LogMarker(" E ", 'E'),
            new LogMarker(" W ", 'W'),
            new LogMarker(" F ", 'F'),
            new LogMarker("Exception", 'x'),
            new LogMarker("SECJ", 'J'),
            new LogMarker("CWWIM", 'M'),
            new LogMarker("CLFRX", 'X'),
            new LogMarker("status", 'u'),
            new LogMarker("Status", 'S'),
            new LogMarker("sendError", 'E'),
            new LogMarker("HTTP/1.", 'H'),
        };

        private static readonly (string Code, string Cause)[] KnownCodes =
        {
            ("SECJ0371W",
                "WebSphere received an expired LTPA token. Normal after a long idle session; right after login it means the servers' clocks differ or the proxy's LTPA timeout is shorter than the Domino Web SSO expiration (synchronise the clocks; make the two equal)."),
            ("SECJ0369E",
                "WebSphere could not authenticate the request's LTPA token: it was made with other LTPA keys, or its user is not in the proxy's realm. Import the proxy's ltpa.keys into every Web SSO document and check that the proxy and Domino use the same LDAP directory."),
            ("CWWIM4538E",
                "The user's name matches more than one entry in the proxy's federated repositories, so WebSphere cannot tell who the token is for. Make the user unique in the LDAP directory, or narrow the base entry of the repository in wimconfig.xml."),
            ("CWWIM4001E",
                "The token's user was not found in the proxy's federated repositories. The proxy and Domino must use the same LDAP directory (wimconfig.xml's LDAP host and base entry), and the realm in the token must be the proxy's."),
            ("CWWIM4520E",
                "The proxy could not reach or query its LDAP server. Check the LDAP host, port and bind user of wimconfig.xml and that the LDAP server is running."),
        };

        private const string LtpaCause =
            "WebSphere rejected the LTPA token: it was made with other LTPA keys or is damaged. Export the keys from the proxy's cell and import the same file into every Web SSO document (iNotes and Community Server).";

        private const string ExpiredCause =
            "The LTPA token has expired: sign in again; if it happens right after login, synchronise the servers' clocks and make the LTPA timeout equal to the Web SSO expiration.";

        private const string CwwimCause =
            "WebSphere's federated repositories (WIM) failed for this user: check wimconfig.xml's LDAP host, bind user and base entry, and that the user exists once in the LDAP directory Domino also uses.";

        private const string SecjCause =
            "WebSphere security reported a problem with this request's authentication; read the message, then check the LTPA keys and SSO domain of the proxy's cell.";

        private static readonly (int Status, string Cause)[] KnownStatuses =
        {
            (401, "The proxy answered 401: the request carried no LtpaToken2 cookie it accepts. The browser sends it only to hosts inside the SSO DNS domain (the proxy's host name must end with the Web SSO document's domain), and the proxy accepts it only when made with its own LTPA keys and not expired. Check the cookie in a capture (" + ModuleCommands.TestSsoCapture + ") and the keys (" + ModuleCommands.TestSsoDocKeyPath + ")."),
            (403, "The proxy answered 403: the user signed in but may not use the web API. Check the security role mapping of the proxy's applications (All Authenticated in the application's realm) and that the user is found in the proxy's realm."),
            (500, "The proxy failed while serving the request: the exception lines next to it give the reason; often the Community Server is not reachable from the proxy or refused the login (CLFRX messages; ST_TOKEN_TYPE, Community Trusted IPs)."),
        };

        /// <summary>
        /// Reads the requests of the given kinds, each with its errors, in the order they complete (a thread's next
        /// request, the end of the time the reader waits, or the end of the file). Times without a zone in the log get
        /// <paramref name="utcOffset"/>, or this machine's offset at that date when it is null.
        /// </summary>
        public static IEnumerable<ProxyRequestEvent> Read(string path, IEnumerable<ProxyRequestKind> kinds, LogDateOrder order = LogDateOrder.Auto,
            ICollection<string>? warnings = null, TimeSpan? utcOffset = null, CancellationToken cancellationToken = default)
        {
            SsoTraceReader.CheckUtcOffset(utcOffset);
            var wanted = new HashSet<ProxyRequestKind>(kinds ?? throw new ArgumentNullException(nameof(kinds)));
            return ReadCore(path, wanted, order, warnings, utcOffset, cancellationToken);
        }

        private static IEnumerable<ProxyRequestEvent> ReadCore(string path, HashSet<ProxyRequestKind> wanted, LogDateOrder order,
            ICollection<string>? warnings, TimeSpan? utcOffset, CancellationToken cancellationToken)
        {
            var times = LogTimeParser.ForFile(path, order);
            using var scanner = LogScanner.Open(path, Markers, cancellationToken);
            var open = new List<ProxyRequestEvent>();
            var done = new List<ProxyRequestEvent>();
            var lastErrors = new List<ProxyRequestError>();
            int sinceCheck = 0;
            string? line;
            while ((line = scanner.Next()) != null)
            {
                long number = scanner.LineNumber;
                if (++sinceCheck >= 256)
                {
                    sinceCheck = 0;
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (!LogTimeParser.MayStartWithTimestamp(line) || !times.TryParse(line, out var stamp))
                {
                    // A line of a record (an exception's "Caused by:") belongs to the error line before it, if it was one.
                    if (lastErrors.Count > 0 && lastErrors[0].LineNumber + MaxFollowLines >= number && line.IndexOf("Exception", StringComparison.Ordinal) >= 0)
                    {
                        string? cause = CauseOf(line, out string? code);
                        foreach (var e in lastErrors)
                        {
                            e.Line += "\n" + line;
                            e.LikelyCause ??= cause;
                            e.Code ??= code;
                        }
                    }

                    continue;
                }

                lastErrors.Clear();
                var time = At(stamp.Time, stamp.Zone, utcOffset, out var zoneSource);
                string? thread = stamp.Thread ?? stamp.Process;
                SplitMessage(line, stamp.MessageStart, out string? level, out string message);
                Complete(open, done, time);

                var request = RequestOf(message);
                if (request != null)
                {
                    var (url, method, servletForm) = request.Value;
                    var same = thread == null ? null : open.FirstOrDefault(r => r.Thread == thread);
                    if (same != null && string.Equals(same.Url, url, StringComparison.OrdinalIgnoreCase) && !(servletForm ? same.SeenServletLine : same.SeenUrlLine))
                    {
                        // WebAuthenticator and EJSWebCollaborator both log one request: the second line completes the first.
                        same.Method ??= method;
                        same.SeenServletLine |= servletForm;
                        same.SeenUrlLine |= !servletForm;
                        continue;
                    }

                    if (same != null)
                    {
                        open.Remove(same);
                        done.Add(same);
                    }

                    var kind = KindOf(url);
                    if (kind != null && wanted.Contains(kind.Value))
                    {
                        if (open.Count >= MaxOpenRequests)
                        {
                            done.Add(open[0]);
                            open.RemoveAt(0);
                        }

                        open.Add(new ProxyRequestEvent(kind.Value, path, number, line)
                        {
                            Time = time,
                            TimeZoneSource = zoneSource,
                            TimeText = stamp.Zone == null || stamp.Text.IndexOf(stamp.Zone, StringComparison.Ordinal) >= 0 ? stamp.Text : stamp.Text + " " + stamp.Zone,
                            Thread = thread,
                            Method = method,
                            Url = url,
                            SeenServletLine = servletForm,
                            SeenUrlLine = !servletForm,
                        });
                    }
                }
                else if (open.Count > 0 && IsError(level, message, out string? status))
                {
                    var error = new ProxyRequestError(number, line)
                    {
                        Time = time,
                        Thread = thread,
                        Level = level,
                        Message = message,
                        LikelyCause = CauseOf(message, out string? code),
                        Code = code ?? status,
                    };
                    if (status != null)
                    {
                        error.LikelyCause ??= KnownStatuses.First(s => "HTTP " + s.Status.ToString(CultureInfo.InvariantCulture) == status).Cause;
                    }

                    Attach(open, error, lastErrors);
                }

                foreach (var e in done)
                {
                    yield return e;
                }

                done.Clear();
            }

            foreach (var rest in open)
            {
                yield return rest;
            }

            if (warnings != null)
            {
                var found = new List<string>();
                StartupLog.AddReaderWarnings(scanner, times, found);
                foreach (string warning in found)
                {
                    warnings.Add(warning);
                }
            }
        }

        /// <summary>Moves the requests past the waiting time to <paramref name="done"/>.</summary>
        private static void Complete(List<ProxyRequestEvent> open, List<ProxyRequestEvent> done, DateTimeOffset? now)
        {
            if (now == null || open.Count == 0)
            {
                return;
            }

            for (int i = 0; i < open.Count; i++)
            {
                var r = open[i];
                if (r.Time != null && now.Value - r.Time.Value > StaleAfter)
                {
                    done.Add(r);
                    open.RemoveAt(i--);
                }
            }
        }

        /// <summary>
        /// Gives the error to the open request of its thread, and to the requests of other threads it follows within
        /// the window; <paramref name="attached"/> receives each request's copy (the lines that follow it go to all of them).
        /// </summary>
        private static void Attach(List<ProxyRequestEvent> open, ProxyRequestError error, List<ProxyRequestError> attached)
        {
            foreach (var r in open)
            {
                bool sameThread = error.Thread != null && error.Thread == r.Thread;
                bool near = r.Time != null && error.Time != null && error.Time.Value >= r.Time.Value && error.Time.Value - r.Time.Value <= OtherThreadWindow;
                if (!sameThread && !near)
                {
                    continue;
                }

                if (r.Errors.Count >= MaxErrorsPerRequest)
                {
                    r.MoreErrors++;
                    continue;
                }

                var copy = attached.Count == 0 ? error : Copy(error);
                copy.SameThread = sameThread;
                r.Add(copy);
                attached.Add(copy);
            }
        }

        private static ProxyRequestError Copy(ProxyRequestError e) => new ProxyRequestError(e.LineNumber, e.Line)
        {
            Time = e.Time,
            Thread = e.Thread,
            Level = e.Level,
            Message = e.Message,
            LikelyCause = e.LikelyCause,
            Code = e.Code,
        };

        /// <summary>"WebAuthentica 3 method : POST ..." gives level "3" and the message after it.</summary>
        private static void SplitMessage(string line, int start, out string? level, out string message)
        {
            level = null;
            int i = start;
            while (i < line.Length && line[i] != ' ')
            {
                i++;
            }

            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            if (i < line.Length && (i + 1 == line.Length || line[i + 1] == ' '))
            {
                level = line.Substring(i, 1);
                i += 1;
                message = line.Substring(i).Trim();
                return;
            }

            message = line.Substring(start).Trim();
        }

        /// <summary>The request path, method and form of a WebAuthenticator or EJSWebCollaborator request line; null for other lines.</summary>
        internal static (string Url, string? Method, bool ServletForm)? RequestOf(string message)
        {
            int url = message.IndexOf("URL:/", StringComparison.Ordinal);
            if (url >= 0)
            {
                string? method = null;
                int m = message.IndexOf("method :", StringComparison.Ordinal);
                if (m >= 0 && m < url)
                {
                    method = message.Substring(m + "method :".Length, url - m - "method :".Length).Trim();
                    method = method.Length == 0 ? null : method;
                }

                return (PathUntil(message, url + 4, " ?"), method, false);
            }

            int servlet = message.IndexOf("Servlet Path=", StringComparison.Ordinal);
            int context = message.IndexOf("Context Path=", StringComparison.Ordinal);
            if (servlet < 0 || context < 0 || context > servlet)
            {
                return null;
            }

            string full = PathUntil(message, context + "Context Path=".Length, ", ") + PathUntil(message, servlet + "Servlet Path=".Length, ", ");
            int info = message.IndexOf("Path Info=", servlet, StringComparison.Ordinal);
            string? rest = info < 0 ? null : PathUntil(message, info + "Path Info=".Length, ", ");
            if (rest != null && rest.StartsWith("/", StringComparison.Ordinal))
            {
                full += rest;
            }

            return (full, null, true);
        }

        private static string PathUntil(string text, int start, string stops)
        {
            int end = start;
            while (end < text.Length && stops.IndexOf(text[end]) < 0)
            {
                end++;
            }

            return text.Substring(start, end - start);
        }

        internal static ProxyRequestKind? KindOf(string url)
        {
            if (IsUnder(url, "/stwebapi/presence"))
            {
                return ProxyRequestKind.Presence;
            }

            if (IsUnder(url, "/stwebapi/buddylist"))
            {
                return ProxyRequestKind.BuddyList;
            }

            return null;
        }

        private static bool IsUnder(string url, string root) =>
            url.StartsWith(root, StringComparison.OrdinalIgnoreCase) && (url.Length == root.Length || url[root.Length] == '/');

        /// <summary>E, W and F lines, lines naming an exception (not method entry and exit), and HTTP 401/403/500 status lines.</summary>
        private static bool IsError(string? level, string message, out string? status)
        {
            status = StatusOf(message);
            if (status != null || level == "E" || level == "W" || level == "F")
            {
                return true;
            }

            return level != ">" && level != "<" && message.IndexOf("Exception", StringComparison.Ordinal) >= 0;
        }

        /// <summary>"HTTP 401" for a line that gives status 401, 403 or 500 after "status", "sendError" or "HTTP/1.x".</summary>
        internal static string? StatusOf(string message)
        {
            foreach (string lead in new[] { "status", "Status", "sendError", "HTTP/1." })
            {
                for (int at = message.IndexOf(lead, StringComparison.Ordinal); at >= 0; at = message.IndexOf(lead, at + lead.Length, StringComparison.Ordinal))
                {
                    int i = at + lead.Length;
                    int limit = Math.Min(message.Length, i + 16);
                    while (i < limit && !IsDigit(message[i]))
                    {
                        i++;
                    }

                    if (lead == "HTTP/1." && i < limit)
                    {
                        // Past the minor version: "HTTP/1.1 401".
                        i++;
                        while (i < limit && !IsDigit(message[i]))
                        {
                            i++;
                        }
                    }

                    if (i + 3 <= message.Length && IsDigit(message[i]) && IsDigit(message[i + 1]) && IsDigit(message[i + 2]) && (i + 3 == message.Length || !IsDigit(message[i + 3])))
                    {
                        int value = int.Parse(message.Substring(i, 3), NumberStyles.None, CultureInfo.InvariantCulture);
                        if (KnownStatuses.Any(s => s.Status == value))
                        {
                            return "HTTP " + value.ToString(CultureInfo.InvariantCulture);
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>The likely cause of an error message, with the code it came from; null for messages the reader does not know.</summary>
        internal static string? CauseOf(string message, out string? code)
        {
            code = null;
            foreach (string prefix in new[] { "CLFRX", "SECJ", "CWWIM" })
            {
                string? found = SsoTraceReader.CodeIn(message, prefix);
                if (found == null)
                {
                    continue;
                }

                code = found;
                string? proxy = SsoTraceReader.ProxyCodeCause(found);
                if (proxy != null)
                {
                    return proxy;
                }

                foreach (var known in KnownCodes)
                {
                    if (known.Code == found)
                    {
                        return known.Cause;
                    }
                }

                if (prefix == "CWWIM")
                {
                    return CwwimCause;
                }

                if (prefix == "SECJ")
                {
                    return message.IndexOf("LTPA", StringComparison.OrdinalIgnoreCase) >= 0 ? LtpaCause : SecjCause;
                }
            }

            if (message.IndexOf("TokenExpiredException", StringComparison.Ordinal) >= 0)
            {
                return ExpiredCause;
            }

            if (message.IndexOf("InvalidTokenException", StringComparison.Ordinal) >= 0
                || (message.IndexOf("LTPA", StringComparison.OrdinalIgnoreCase) >= 0 && (message.IndexOf("fail", StringComparison.OrdinalIgnoreCase) >= 0 || message.IndexOf("invalid", StringComparison.OrdinalIgnoreCase) >= 0)))
            {
                return LtpaCause;
            }

            return null;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static DateTimeOffset? At(DateTime? local, string? zone, TimeSpan? utcOffset, out LogTimeZoneSource? source)
        {
            source = null;
            if (local == null)
            {
                return null;
            }

            if (LogTimeZones.TryGetOffset(zone, out var offset))
            {
                source = LogTimeZoneSource.Log;
                return new DateTimeOffset(local.Value, offset);
            }

            if (utcOffset != null)
            {
                source = LogTimeZoneSource.Parameter;
                return new DateTimeOffset(local.Value, utcOffset.Value);
            }

            source = LogTimeZoneSource.Machine;
            return new DateTimeOffset(local.Value, TimeSpan.FromMinutes(Math.Round(TimeZoneInfo.Local.GetUtcOffset(local.Value).TotalMinutes)));
        }
    }
}
