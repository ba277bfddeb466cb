using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>Which product wrote an SSO trace event.</summary>
    public enum SsoTraceSource
    {
        /// <summary>Domino console.log: "SSO API&gt;" trace lines (DEBUG_SSO_TRACE_LEVEL) and Domino's SSO error texts.</summary>
        Domino,

        /// <summary>WebSphere/Liberty trace.log or SystemOut.log: LTPA token validation.</summary>
        WebSphere,

        /// <summary>Sametime Proxy Server: CLFRX messages.</summary>
        SametimeProxy,
    }

    /// <summary>What the trace says happened to the token or login.</summary>
    public enum SsoTraceOutcome
    {
        /// <summary>The token was decoded; no error was logged for it.</summary>
        Decoded,

        /// <summary>The token was validated successfully.</summary>
        Valid,

        Expired,

        /// <summary>The token could not be validated (other keys, damaged token).</summary>
        Invalid,

        /// <summary>The token's realm is not the one the server expects.</summary>
        RealmUnknown,

        /// <summary>The token's type (LtpaToken, LtpaToken2) does not match the configuration.</summary>
        TokenTypeMismatch,

        /// <summary>The servers' clocks differ.</summary>
        ClockSkew,

        NotConfigured,

        ConfigurationInvalid,

        /// <summary>The token is about to expire and should be renewed (information).</summary>
        ShouldRenew,

        /// <summary>No token reached the server that needed it.</summary>
        TokenNotFound,

        LoginFailed,

        Error,

        Warning,
    }

    /// <summary>One SSO event from a log: a token decoded or validated, an error and its likely cause.</summary>
    public sealed class SsoTraceEvent
    {
        // A Domino trace group's text and summary are put together only when read: most events of a large file are
        // filtered or counted without anyone looking at them.
        private string? line;
        private List<string>? groupLines;
        private string? message;
        private Func<SsoTraceEvent, string>? describe;

        public SsoTraceEvent(SsoTraceSource source, SsoTraceOutcome outcome, string path, long lineNumber, string line)
        {
            Source = source;
            Outcome = outcome;
            Path = path;
            LineNumber = lineNumber;
            this.line = line;
        }

        /// <summary>The time written in the log (server local time); null when the line has none that can be read.</summary>
        public DateTime? Time { get; internal set; }

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

        /// <summary>The message code (CLFRX0035E, SECJ0371W), if any.</summary>
        public string? Code { get; internal set; }

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

        /// <summary>The token's expiration (UTC) when the log gives it.</summary>
        public DateTimeOffset? Expiration { get; internal set; }

        /// <summary>Domino process id or WebSphere thread id.</summary>
        public string? Process { get; internal set; }

        public string Path { get; }

        /// <summary>The line number of the event's first line.</summary>
        public long LineNumber { get; }

        /// <summary>The raw text: the line, or the lines of one Domino trace group separated by new lines.</summary>
        public string Line
        {
            get => line ??= string.Join("\n", groupLines!);
            internal set => line = value;
        }

        public override string ToString() => Outcome + " " + (User ?? string.Empty) + " (line " + LineNumber.ToString(CultureInfo.InvariantCulture) + ")";

        internal void SetGroup(List<string> lines, Func<SsoTraceEvent, string> summary)
        {
            groupLines = lines;
            line = lines.Count == 1 ? lines[0] : null;
            describe = summary;
        }
    }

    /// <summary>
    /// Streams SSO events out of Domino console.log, WebSphere trace.log/SystemOut.log and Sametime Proxy logs.
    /// One pass, constant memory: only a bounded set of open Domino trace groups (one per server process) and of
    /// WebSphere threads that logged a token user is held at any time.
    /// </summary>
    public static class SsoTraceReader
    {
        private const int MaxOpenGroups = 64;
        private const int MaxGroupLines = 24;
        private const int StaleAfterLines = 400;

        /// <summary>Every line the reader cares about holds one of these (a WebSphere "expire:" line follows a marked one).</summary>
        private static readonly LogMarker[] Markers =
        {
            new LogMarker("SSO API> -", '>'),
            new LogMarker("SSO API> ConfigName", '>'),
            new LogMarker("SSO API> Decoding", '>'),
            new LogMarker("CLFRX", 'X'),
            new LogMarker("Sign-On", 'O'),
            new LogMarker("LTPA", 'T'),
            new LogMarker("validateToken", 'T'),
            new LogMarker("InvalidToken", 'T'),
            new LogMarker("TokenExpired", 'T'),
            new LogMarker("LtpaTokenFactory", 'T'),
        };

        private static readonly Regex ClfrxCode = new Regex(@"CLFRX\d{4}[A-Z]", RegexOptions.CultureInvariant | RegexOptions.Compiled);
        private static readonly Regex SecjCode = new Regex(@"SECJ\d{4}[A-Z]", RegexOptions.CultureInvariant | RegexOptions.Compiled);
        private static readonly Regex ForUser = new Regex(@"\b(?:for user|by user)\s+(?<u>.+?)(?::\s*Reason|\s*$|\.\s*$)", RegexOptions.CultureInvariant | RegexOptions.Compiled | RegexOptions.ExplicitCapture);
        private static readonly Regex ExpiryDates = new Regex(@"Token expiration Date:\s*(?<e>[^,]+),\s*current Date:\s*(?<c>[^.]+)", RegexOptions.CultureInvariant | RegexOptions.Compiled | RegexOptions.ExplicitCapture);

        /// <summary>Domino's SSO error texts and what they mean.</summary>
        private static readonly (string Text, SsoTraceOutcome Outcome, string Cause)[] DominoErrors =
        {
            ("Single Sign-On token is invalid", SsoTraceOutcome.Invalid,
                "The token was not made with the keys this Domino server holds. Import the same WebSphere LTPA keys (the proxy's ltpa.keys) into the Web SSO document of every server (iNotes and Community Server), check the token format, and restart HTTP."),
            ("Single Sign-On token is expired", SsoTraceOutcome.Expired,
                "The token's lifetime has passed, or the servers' clocks differ. Sametime's LTPA_DURATION_MINUTES must equal the Web SSO expiration; synchronise the clocks."),
            ("unknown WebSphere LDAP realm", SsoTraceOutcome.RealmUnknown,
                "The token's realm (the trace's 'LDAP Realm') is not the realm of the Web SSO document. Set the Web SSO document's LDAP realm to the proxy's realm (for example defaultWIMFileBasedRealm) or LTPA_REALM on Sametime 12."),
            ("creation time in the future", SsoTraceOutcome.ClockSkew,
                "The servers' clocks differ: the token was created 'in the future' for this server. Synchronise the clocks of all SSO servers (NTP)."),
            ("token type does not match the configuration", SsoTraceOutcome.TokenTypeMismatch,
                "The Web SSO document's token format does not match the token received. Choose 'LtpaToken and LtpaToken2' when WebSphere interoperability mode is on, otherwise 'LtpaToken2'; on the Community Server set [AuthToken] ST_TOKEN_TYPE in sametime.ini to the Web SSO configuration name."),
            ("Single Sign-On is not configured for the server", SsoTraceOutcome.NotConfigured,
                "The server document does not use a Web SSO configuration. Set Internet Protocols > Domino Web Engine > Session authentication to 'Multiple Servers (SSO)' and select the Web SSO configuration, then restart HTTP."),
            ("Single Sign-On configuration is invalid", SsoTraceOutcome.ConfigurationInvalid,
                "The Web SSO document is incomplete or its keys cannot be read by this server. Check that the server is a participating server and re-import the WebSphere LTPA keys."),
            ("LtpaTokenFactory: class not initialized", SsoTraceOutcome.NotConfigured,
                "Single sign-on did not start on this server. Check that the Web SSO document is readable by the server (it is encrypted for the participating servers) and restart HTTP."),
            ("Single Sign-On token should be renewed", SsoTraceOutcome.ShouldRenew, string.Empty),
        };

        /// <summary>
        /// Reads the events of one log file, in file order (a Domino trace group is given when it is complete).
        /// <paramref name="progress"/> hears (bytes read, file length) every few thousand lines; <paramref name="warnings"/>
        /// receives what the reader noticed about the file (cut lines, binary blocks, unknown date order) at the end.
        /// </summary>
        public static IEnumerable<SsoTraceEvent> Read(string path, LogDateOrder order = LogDateOrder.Auto, Action<long, long>? progress = null,
            ICollection<string>? warnings = null, CancellationToken cancellationToken = default)
        {
            var times = LogTimeParser.ForFile(path, order);
            using var scanner = LogScanner.Open(path, Markers, cancellationToken);
            var state = new ReaderState(path, times, scanner);
            string? line;
            int chunks = 0;
            int sinceCheck = 0;
            while ((line = scanner.Next()) != null)
            {
                long number = scanner.LineNumber;
                if (scanner.Chunks != chunks || ++sinceCheck >= 256)
                {
                    chunks = scanner.Chunks;
                    sinceCheck = 0;
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Invoke(scanner.Position, scanner.Length);
                    foreach (var stale in state.FlushStale(number))
                    {
                        yield return stale;
                    }
                }

                bool head = LogTimeParser.MayStartWithTimestamp(line);
                state.Current(line, head);
                if (line.IndexOf("SSO API>", StringComparison.Ordinal) >= 0)
                {
                    // A copy with wrapped lines continues "Decoding ... token" on the next line: look at it too.
                    scanner.AlsoNextLine = line.EndsWith("token", StringComparison.Ordinal);
                    foreach (var e in state.DominoTrace(line, number))
                    {
                        yield return e;
                    }

                    continue;
                }

                if (!head && state.AfterDominoTrace(line, number))
                {
                    continue;
                }

                state.PreviousWasDominoTrace = false;
                if (line.IndexOf("LTPA", StringComparison.Ordinal) >= 0 || line.IndexOf("Token", StringComparison.Ordinal) >= 0 || (!head && IsExpireLine(line)))
                {
                    var e = state.WebSphere(line, number, head);
                    if (e != null)
                    {
                        yield return e;
                        continue;
                    }
                }

                if (line.IndexOf("CLFRX", StringComparison.Ordinal) >= 0)
                {
                    var e = state.Proxy(line, number);
                    if (e != null)
                    {
                        yield return e;
                        continue;
                    }
                }

                if (line.IndexOf("Single Sign-On", StringComparison.Ordinal) >= 0 || line.IndexOf("LtpaTokenFactory", StringComparison.Ordinal) >= 0)
                {
                    foreach (var e in state.DominoError(line, number))
                    {
                        yield return e;
                    }
                }
            }

            foreach (var rest in state.FlushAll())
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

        /// <summary>What the reader holds between lines. Everything here is bounded.</summary>
        private sealed class ReaderState
        {
            private readonly string path;
            private readonly LogTimeParser times;
            private readonly LogScanner scanner;
            private readonly Dictionary<string, Group> dominoGroups = new Dictionary<string, Group>(StringComparer.Ordinal);
            private readonly Dictionary<string, Group> webSphereThreads = new Dictionary<string, Group>(StringComparer.Ordinal);
            private readonly List<SsoTraceEvent> emitted = new List<SsoTraceEvent>();
            private string? lastKey;
            private Group? lastDominoGroup;

            private string? currentLine;
            private bool currentIsHead;
            private bool headKnown;
            private string? head;

            public ReaderState(string path, LogTimeParser times, LogScanner scanner)
            {
                this.path = path;
                this.times = times;
                this.scanner = scanner;
            }

            /// <summary>The time-stamped line the current line belongs to (itself, or the record head before it).</summary>
            private string? Head
            {
                get
                {
                    if (currentIsHead)
                    {
                        return currentLine;
                    }

                    if (!headKnown)
                    {
                        head = scanner.HeadOfLastLine();
                        headKnown = true;
                    }

                    return head;
                }
            }

            public void Current(string line, bool isHead)
            {
                currentLine = line;
                currentIsHead = isHead;
                headKnown = false;
            }

            public bool PreviousWasDominoTrace { get; set; }

            public List<SsoTraceEvent> DominoTrace(string line, long number)
            {
                string key = ProcessKey(line, ref lastKey);
                int t = line.IndexOf("SSO API>", StringComparison.Ordinal) + "SSO API>".Length;
                while (t < line.Length && line[t] == ' ')
                {
                    t++;
                }

                emitted.Clear();
                PreviousWasDominoTrace = true;
                dominoGroups.TryGetValue(key, out var group);
                if (Starts(line, t, "-Raw Token Username"))
                {
                    if (group != null)
                    {
                        emitted.Add(Close(dominoGroups, key));
                    }

                    group = Open(dominoGroups, key, SsoTraceSource.Domino, SsoTraceOutcome.Decoded, number, line, Stamp(line), emitted);
                    group.Event.RawUser = ValueAfterEquals(line, t);
                    lastDominoGroup = group;
                    return emitted;
                }

                if (group == null)
                {
                    group = Open(dominoGroups, key, SsoTraceSource.Domino, SsoTraceOutcome.Decoded, number, line, Stamp(line), emitted);
                }
                else
                {
                    group.Add(line, number);
                }

                lastDominoGroup = group;
                var e = group.Event;
                if (Starts(line, t, "-LDAP Realm"))
                {
                    e.Realm = ValueAfterEquals(line, t);
                }
                else if (Starts(line, t, "-Username"))
                {
                    e.User = ValueAfterEquals(line, t);
                }
                else if (Starts(line, t, "-Expiration Ticks"))
                {
                    e.Expiration = Ticks(ValueAfterEquals(line, t));
                }
                else if (Starts(line, t, "ConfigName specified"))
                {
                    e.ConfigName = Bracketed(line.Substring(t));
                }
                else if (Starts(line, t, "Decoding "))
                {
                    e.TokenStyle = TokenStyle(line.Substring(t).Trim());
                }
                else if (MayHoldDominoError(line))
                {
                    var error = MatchDominoError(line);
                    if (error != null)
                    {
                        Apply(e, error.Value.Outcome, error.Value.Cause, line.Substring(t).Trim());
                        emitted.Add(Close(dominoGroups, key));
                    }
                }

                return emitted;
            }

            /// <summary>A line without a time stamp right after an SSO API line: the rest of a wrapped line.</summary>
            public bool AfterDominoTrace(string line, long number)
            {
                if (!PreviousWasDominoTrace || lastDominoGroup == null || line.Length > 200 || !dominoGroups.ContainsValue(lastDominoGroup))
                {
                    return false;
                }

                lastDominoGroup.Add(line, number);
                if (lastDominoGroup.Event.TokenStyle != null && lastDominoGroup.Event.TokenStyle.EndsWith("token", StringComparison.OrdinalIgnoreCase))
                {
                    lastDominoGroup.Event.TokenStyle = lastDominoGroup.Event.TokenStyle + " " + line.Trim().TrimEnd('.');
                }

                return true;
            }

            public SsoTraceEvent? WebSphere(string line, long number, bool head)
            {
                string? thread = ThreadOf(line, head);
                int at;
                if ((at = line.IndexOf(" u: ", StringComparison.Ordinal)) >= 0 && line.IndexOf("LTPAToken", StringComparison.Ordinal) >= 0)
                {
                    string accessId = line.Substring(at + 4).Trim();
                    var pendingEvents = new List<SsoTraceEvent>();
                    var group = Open(webSphereThreads, thread ?? string.Empty, SsoTraceSource.WebSphere, SsoTraceOutcome.Decoded, number, line, Stamp(Head ?? line), pendingEvents);
                    scanner.AlsoNextLine = true;
                    SplitAccessId(accessId, out string? realm, out string user);
                    group.Event.User = user;
                    group.Event.Realm = realm;
                    group.Event.Process = thread;
                    // An older open group of the same thread is replaced: it never reached a validation line.
                    return pendingEvents.FirstOrDefault();
                }

                if (!head && IsExpireLine(line))
                {
                    if (thread != null && webSphereThreads.TryGetValue(thread, out var group))
                    {
                        group.Add(line, number);
                        var fields = line.TrimStart().Substring("expire:".Length).Trim().Split(' ');
                        group.Event.Expiration = Ticks(fields[0]);
                        return null;
                    }
                }

                if ((at = line.IndexOf("validateTokenBytes", StringComparison.Ordinal)) >= 0)
                {
                    string rest = line.Substring(at);
                    bool success = rest.IndexOf("success", StringComparison.OrdinalIgnoreCase) >= 0;
                    bool failure = rest.IndexOf("fail", StringComparison.OrdinalIgnoreCase) >= 0 || rest.IndexOf("false", StringComparison.OrdinalIgnoreCase) >= 0;
                    if (!success && !failure)
                    {
                        return null;
                    }

                    var e = TakeThread(thread, line, number);
                    e.Outcome = success ? SsoTraceOutcome.Valid : SsoTraceOutcome.Invalid;
                    e.Message = rest.Trim();
                    if (!success)
                    {
                        e.LikelyCause = "WebSphere could not validate the LTPA token: it was made with other LTPA keys, or it is damaged or expired. Export the keys from the proxy's cell and import the same file into every Web SSO document.";
                    }

                    return e;
                }

                var secj = SecjCode.Match(line);
                if (secj.Success && (line.IndexOf("LTPA", StringComparison.OrdinalIgnoreCase) >= 0 || secj.Value == "SECJ0371W"))
                {
                    var e = TakeThread(thread, line, number);
                    e.Code = secj.Value;
                    e.Message = line.Substring(secj.Index).Trim();
                    if (secj.Value == "SECJ0371W")
                    {
                        e.Outcome = SsoTraceOutcome.Expired;
                        var dates = ExpiryDates.Match(line);
                        string expiry = dates.Success ? dates.Groups["e"].Value.Trim() : "an earlier time";
                        e.LikelyCause = dates.Success && expiry.IndexOf("1970", StringComparison.Ordinal) >= 0
                            ? "The token's expiration reads as 1 January 1970: the token could not be read properly (made with other keys, or damaged). Compare the LTPA keys of all servers."
                            : "The browser sent an LTPA token that expired (" + expiry + "). Normal after a long idle session; if it happens right after login, the servers' clocks differ or the token lifetime is shorter than the Domino Web SSO expiration (set LTPA_DURATION_MINUTES equal to it).";
                    }
                    else
                    {
                        e.Outcome = line.IndexOf(" E ", StringComparison.Ordinal) >= 0 || secj.Value.EndsWith("E", StringComparison.Ordinal) ? SsoTraceOutcome.Error : SsoTraceOutcome.Warning;
                        e.LikelyCause = "WebSphere reported an LTPA problem (" + secj.Value + "); read the message and check the LTPA keys and SSO domain of the proxy's cell.";
                    }

                    return e;
                }

                if (line.IndexOf("TokenExpiredException", StringComparison.Ordinal) >= 0 && line.IndexOf("TokenExpiredException:", StringComparison.Ordinal) >= 0)
                {
                    var e = TakeThread(thread, line, number);
                    e.Outcome = SsoTraceOutcome.Expired;
                    e.Message = line.Trim();
                    e.LikelyCause = "The LTPA token has expired: sign in again; if it happens right after login, synchronise the servers' clocks.";
                    return e;
                }

                if (line.IndexOf("InvalidTokenException:", StringComparison.Ordinal) >= 0)
                {
                    var e = TakeThread(thread, line, number);
                    e.Outcome = SsoTraceOutcome.Invalid;
                    e.Message = line.Trim();
                    e.LikelyCause = "WebSphere rejected the LTPA token as invalid: it was made with other LTPA keys or is damaged. Import the same ltpa.keys everywhere.";
                    return e;
                }

                return null;
            }

            public SsoTraceEvent? Proxy(string line, long number)
            {
                var code = ClfrxCode.Match(line);
                if (!code.Success)
                {
                    return null;
                }

                char level = code.Value[code.Value.Length - 1];
                if (level == 'I')
                {
                    return null;
                }

                var e = NewEvent(SsoTraceSource.SametimeProxy, level == 'E' ? SsoTraceOutcome.Error : SsoTraceOutcome.Warning, number, line, Stamp(Head ?? line));
                e.Code = code.Value;
                e.Message = line.Substring(code.Index).Trim();
                var user = ForUser.Match(e.Message);
                if (user.Success)
                {
                    e.User = user.Groups["u"].Value.Trim();
                }

                switch (code.Value)
                {
                    case "CLFRX0035E":
                        e.Outcome = SsoTraceOutcome.TokenNotFound;
                        e.LikelyCause = "The Community Server did not find the token the proxy passed on: it uses another Web SSO configuration (its server document names the default 'LtpaToken'). In sametime.ini on the Community Server add [AuthToken] ST_TOKEN_TYPE=<the Web SSO configuration holding the imported keys, e.g. LtpaToken2> and restart Sametime. Also check the browser sends the LtpaToken2 cookie (proxy host inside the SSO DNS domain).";
                        break;
                    case "CLFRX0027E":
                        e.Outcome = SsoTraceOutcome.LoginFailed;
                        e.LikelyCause = "The proxy could not log the user in to the Community Server; the following CLFRX message gives the reason (CLFRX0035E: token not found, see ST_TOKEN_TYPE). Check the Community Server is running and trusts the proxy's address (Community Trusted IPs in stconfig.nsf).";
                        break;
                }

                return e;
            }

            public IEnumerable<SsoTraceEvent> DominoError(string line, long number)
            {
                var error = MatchDominoError(line);
                if (error == null)
                {
                    yield break;
                }

                var stamp = Stamp(Head ?? line);
                string key = ProcessKey(Head ?? line, ref lastKey);
                if (dominoGroups.TryGetValue(key, out var group))
                {
                    group.Add(line, number);
                    Apply(group.Event, error.Value.Outcome, error.Value.Cause, Message(line, stamp));
                    yield return Close(dominoGroups, key);
                    yield break;
                }

                var e = NewEvent(SsoTraceSource.Domino, error.Value.Outcome, number, line, stamp);
                Apply(e, error.Value.Outcome, error.Value.Cause, Message(line, stamp));
                yield return e;
            }

            public IEnumerable<SsoTraceEvent> FlushStale(long number)
            {
                foreach (var store in new[] { dominoGroups, webSphereThreads })
                {
                    foreach (var key in store.Where(p => number - p.Value.LastLine > StaleAfterLines).Select(p => p.Key).ToList())
                    {
                        yield return Close(store, key);
                    }
                }
            }

            public List<SsoTraceEvent> FlushAll()
            {
                var all = dominoGroups.Values.Concat(webSphereThreads.Values).OrderBy(g => g.Event.LineNumber).Select(g => g.Finish()).ToList();
                dominoGroups.Clear();
                webSphereThreads.Clear();
                return all;
            }

            private SsoTraceEvent TakeThread(string? thread, string line, long number)
            {
                if (thread != null && webSphereThreads.TryGetValue(thread, out var group))
                {
                    group.Add(line, number);
                    webSphereThreads.Remove(thread);
                    return group.Finish();
                }

                var e = NewEvent(SsoTraceSource.WebSphere, SsoTraceOutcome.Decoded, number, line, Stamp(Head ?? line));
                e.Process = thread;
                return e;
            }

            private Group Open(Dictionary<string, Group> store, string key, SsoTraceSource source, SsoTraceOutcome outcome, long number, string line,
                LogTimestamp? stamp, List<SsoTraceEvent> emitted)
            {
                if (store.ContainsKey(key))
                {
                    emitted.Add(Close(store, key));
                }

                if (store.Count >= MaxOpenGroups)
                {
                    // Keep memory bounded: the oldest open group is complete enough to be given now.
                    var oldest = store.OrderBy(p => p.Value.LastLine).First().Key;
                    emitted.Add(Close(store, oldest));
                }

                var group = new Group(NewEvent(source, outcome, number, line, stamp), number);
                group.Event.Process = stamp?.Process;
                store[key] = group;
                return group;
            }

            private static SsoTraceEvent Close(Dictionary<string, Group> store, string key)
            {
                var group = store[key];
                store.Remove(key);
                return group.Finish();
            }

            private SsoTraceEvent NewEvent(SsoTraceSource source, SsoTraceOutcome outcome, long number, string line, LogTimestamp? stamp)
            {
                var e = new SsoTraceEvent(source, outcome, path, number, line);
                if (stamp != null)
                {
                    e.Time = stamp.Value.Time;
                    e.TimeText = stamp.Value.Zone == null || stamp.Value.Text.IndexOf(stamp.Value.Zone, StringComparison.Ordinal) >= 0
                        ? stamp.Value.Text
                        : stamp.Value.Text + " " + stamp.Value.Zone;
                    e.Process ??= stamp.Value.Process;
                }

                return e;
            }

            private LogTimestamp? Stamp(string line) => times.TryParse(line, out var stamp) ? stamp : (LogTimestamp?)null;

            private string? ThreadOf(string line, bool head)
            {
                var stamp = head ? Stamp(line) : Head != null ? Stamp(Head) : null;
                return stamp?.Process;
            }

            private static string Message(string line, LogTimestamp? stamp) =>
                (stamp != null && stamp.Value.MessageStart <= line.Length ? line.Substring(stamp.Value.MessageStart) : line).Trim();

            private static void Apply(SsoTraceEvent e, SsoTraceOutcome outcome, string cause, string message)
            {
                e.Outcome = outcome;
                e.Message = message;
                e.LikelyCause = cause.Length == 0 ? null : cause;
                if (outcome == SsoTraceOutcome.RealmUnknown && e.Realm != null)
                {
                    e.LikelyCause = "The token carries the realm '" + e.Realm + "'. " + cause;
                }
            }

            private static (SsoTraceOutcome Outcome, string Cause)? MatchDominoError(string text)
            {
                foreach (var known in DominoErrors)
                {
                    if (text.IndexOf(known.Text, StringComparison.Ordinal) >= 0)
                    {
                        return (known.Outcome, known.Cause);
                    }
                }

                return null;
            }
        }

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

            public void Add(string line, long number)
            {
                LastLine = number;
                if (lines.Count < MaxGroupLines)
                {
                    lines.Add(line);
                }
            }

            public SsoTraceEvent Finish()
            {
                Event.SetGroup(lines, Describe);
                return Event;
            }

            private static string Describe(SsoTraceEvent e)
            {
                var parts = new List<string>();
                if (e.TokenStyle != null)
                {
                    parts.Add("Decoded " + e.TokenStyle);
                }
                else
                {
                    parts.Add("Token decoded");
                }

                if (e.ConfigName != null)
                {
                    parts.Add("config " + e.ConfigName);
                }

                if (e.Expiration != null)
                {
                    parts.Add("expires " + e.Expiration.Value.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                }

                return string.Join(", ", parts);
            }
        }

        private static bool Starts(string line, int at, string literal) =>
            line.Length - at >= literal.Length && string.CompareOrdinal(line, at, literal, 0, literal.Length) == 0;

        private static bool MayHoldDominoError(string line) =>
            line.IndexOf("Single Sign-On", StringComparison.Ordinal) >= 0 || line.IndexOf("LtpaTokenFactory", StringComparison.Ordinal) >= 0;

        private static string? ValueAfterEquals(string line, int from)
        {
            int eq = line.IndexOf('=', from);
            if (eq < 0)
            {
                return null;
            }

            string value = line.Substring(eq + 1).Trim();
            return value.Length == 0 ? null : value;
        }

        private static bool IsExpireLine(string line) => line.TrimStart().StartsWith("expire:", StringComparison.Ordinal);

        /// <summary>The Domino process id of "[0DEC:000A-0F80] ..." ("0DEC"), or "" for lines without one.</summary>
        private static string ProcessKey(string line, ref string? lastProcessKey)
        {
            if (line.Length < 3 || line[0] != '[')
            {
                return string.Empty;
            }

            int colon = line.IndexOf(':', 1);
            if (colon <= 1 || colon > 9)
            {
                return string.Empty;
            }

            // Consecutive lines mostly come from the same process: reuse its key instead of a new string.
            string? last = lastProcessKey;
            if (last != null && last.Length == colon - 1 && string.CompareOrdinal(line, 1, last, 0, last.Length) == 0)
            {
                return last;
            }

            last = line.Substring(1, colon - 1);
            lastProcessKey = last;
            return last;
        }


        private static string? ValueAfterEquals(string text)
        {
            int eq = text.IndexOf('=');
            if (eq < 0)
            {
                return null;
            }

            string value = text.Substring(eq + 1).Trim();
            return value.Length == 0 ? null : value;
        }

        private static string? Bracketed(string text)
        {
            int open = text.IndexOf('[');
            int close = open < 0 ? -1 : text.IndexOf(']', open + 1);
            return close > open + 1 ? text.Substring(open + 1, close - open - 1) : null;
        }

        private static string TokenStyle(string text)
        {
            // "Decoding Websphere style LTPA2 Single Sign-On token (LtpaToken2)." -> "Websphere style LTPA2 (LtpaToken2)"
            string rest = text.Substring("Decoding ".Length).Trim().TrimEnd('.');
            int sso = rest.IndexOf(" Single Sign-On token", StringComparison.OrdinalIgnoreCase);
            if (sso < 0)
            {
                return rest;
            }

            string style = rest.Substring(0, sso).Trim() + " token";
            string after = rest.Substring(sso + " Single Sign-On token".Length).Trim();
            return after.Length == 0 ? style : style + " " + after;
        }

        private static DateTimeOffset? Ticks(string? value)
        {
            if (value == null)
            {
                return null;
            }

            int end = 0;
            while (end < value.Length && char.IsDigit(value[end]))
            {
                end++;
            }

            if (end == 0 || !long.TryParse(value.Substring(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out long ms))
            {
                return null;
            }

            // Milliseconds since 1970 (Java time); anything outside 1990..2200 is not a time.
            if (ms < 631152000000L || ms > 7258118400000L)
            {
                return null;
            }

            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        private static void SplitAccessId(string accessId, out string? realm, out string user)
        {
            // "user:defaultWIMFileBasedRealm/CN=inotes 2,O=ibm"
            string id = accessId.StartsWith("user:", StringComparison.OrdinalIgnoreCase) ? accessId.Substring(5) : accessId;
            int slash = id.IndexOf('/');
            if (slash > 0 && id.IndexOf('=') > slash)
            {
                realm = id.Substring(0, slash);
                user = id.Substring(slash + 1);
            }
            else
            {
                realm = null;
                user = id;
            }
        }
    }
}
