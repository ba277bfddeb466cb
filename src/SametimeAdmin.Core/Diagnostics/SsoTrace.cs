using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using SametimeAdmin.Common;

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
        /// <summary>The token was decoded; no error was logged for it and its expiration is not known.</summary>
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

    /// <summary>
    /// Streams SSO events out of Domino console.log, WebSphere trace.log/SystemOut.log and Sametime Proxy logs.
    /// One pass, constant memory: only a bounded set of open Domino validations (one per thread), of WebSphere
    /// threads that logged a token user and one multi-line proxy record is held at any time. No regular expression
    /// runs on the lines: user names and codes come from the login request, so anyone who can try a login can plant
    /// text in them, and every scan here is linear.
    /// </summary>
    public static class SsoTraceReader
    {
        private const int MaxOpenGroups = 64;
        private const int MaxGroupLines = 24;
        private const int StaleAfterLines = 400;
        private const int MaxSkippedLinesNamed = 5;

        private const string ExpiredCause =
            "The token's lifetime has passed, or the servers' clocks differ. Sametime's LTPA_DURATION_MINUTES must equal the Web SSO expiration; synchronise the clocks.";

        /// <summary>
        /// Every line the reader cares about holds one of these (a WebSphere "expire:" line follows a marked one).
        /// "Getting Single Sign-On Config Data" is found by "Sign-On"; "Validating Token List" is not looked for: the
        /// validation has started by then, and each line decoded costs time on files of gigabytes.
        /// </summary>
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

        private static readonly char[] Space = { ' ' };

        private static readonly string[] UserLeads = { "for user", "by user" };

        private static readonly string[] MonthNames = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

        /// <summary>Domino's SSO error texts and what they mean.</summary>
        private static readonly (string Text, SsoTraceOutcome Outcome, string Cause)[] DominoErrors =
        {
            ("Single Sign-On token is invalid", SsoTraceOutcome.Invalid,
                "The token was not made with the keys this Domino server holds. Import the same WebSphere LTPA keys (the proxy's ltpa.keys) into the Web SSO document of every server (iNotes and Community Server), check the token format, and restart HTTP."),
            ("Single Sign-On token is expired", SsoTraceOutcome.Expired, ExpiredCause),
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

        /// <summary>What the Sametime Proxy's codes mean, the most specific first (a record's outcome comes from its most specific code).</summary>
        private static readonly (string Code, SsoTraceOutcome Outcome, string Cause)[] ProxyCodes =
        {
            ("CLFRX0035E", SsoTraceOutcome.TokenNotFound,
                "The Community Server did not find the token the proxy passed on: it uses another Web SSO configuration (its server document names the default 'LtpaToken'). In sametime.ini on the Community Server add [AuthToken] ST_TOKEN_TYPE=<the Web SSO configuration holding the imported keys, e.g. LtpaToken2> and restart Sametime. Also check the browser sends the LtpaToken2 cookie (proxy host inside the SSO DNS domain)."),
            ("CLFRX0027E", SsoTraceOutcome.LoginFailed,
                "The proxy could not log the user in to the Community Server; the following CLFRX message gives the reason (CLFRX0035E: token not found, see ST_TOKEN_TYPE). Check the Community Server is running and trusts the proxy's address (Community Trusted IPs in stconfig.nsf)."),
        };

        /// <summary>
        /// Reads the events of one log file, in file order (a Domino validation or a multi-line record is given when it is
        /// complete). <paramref name="progress"/> hears (bytes read, file length) every few thousand lines; <paramref name="warnings"/>
        /// receives what the reader noticed about the file (cut or unreadable lines, binary blocks, unknown date order, a
        /// server offset other than the one used) at the end. Times without a zone in the log get <paramref name="utcOffset"/>,
        /// or this machine's offset at that date when it is null.
        /// </summary>
        public static IEnumerable<SsoTraceEvent> Read(string path, LogDateOrder order = LogDateOrder.Auto, Action<long, long>? progress = null,
            ICollection<string>? warnings = null, TimeSpan? utcOffset = null, CancellationToken cancellationToken = default)
        {
            if (utcOffset != null && (utcOffset.Value.Ticks % TimeSpan.TicksPerMinute != 0 || utcOffset.Value.Duration() > TimeSpan.FromHours(14)))
            {
                throw new SametimeAdminException("InvalidUtcOffset", FailureKind.InvalidArgument,
                    "The UTC offset " + utcOffset.Value.ToString() + " is not a time zone offset: it must be whole minutes between -14:00 and +14:00.");
            }

            return ReadCore(path, order, progress, warnings, utcOffset, cancellationToken);
        }

        private static IEnumerable<SsoTraceEvent> ReadCore(string path, LogDateOrder order, Action<long, long>? progress,
            ICollection<string>? warnings, TimeSpan? utcOffset, CancellationToken cancellationToken)
        {
            var times = LogTimeParser.ForFile(path, order);
            using var scanner = LogScanner.Open(path, Markers, cancellationToken);
            var state = new ReaderState(path, times, scanner, utcOffset);
            var output = new List<SsoTraceEvent>();
            string? line;
            int chunks = 0;
            int sinceCheck = 0;
            while ((line = scanner.Next()) != null)
            {
                long number = scanner.LineNumber;
                output.Clear();
                if (scanner.Chunks != chunks || ++sinceCheck >= 256)
                {
                    chunks = scanner.Chunks;
                    sinceCheck = 0;
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Invoke(scanner.Position, scanner.Length);
                    state.FlushStale(number, output);
                }

                try
                {
                    state.Line(line, number, LogTimeParser.MayStartWithTimestamp(line), output);
                }
                catch (Exception ex) when (ex is ArgumentException || ex is IndexOutOfRangeException || ex is FormatException || ex is OverflowException || ex is RegexMatchTimeoutException)
                {
                    // One line the reader cannot make sense of must not cost the events of the whole file.
                    state.Skip(number, "not readable (" + ex.GetType().Name + ")");
                }

                foreach (var e in output)
                {
                    yield return e;
                }
            }

            output.Clear();
            state.FlushAll(output);
            foreach (var rest in output)
            {
                yield return rest;
            }

            if (warnings != null)
            {
                var found = new List<string>();
                StartupLog.AddReaderWarnings(scanner, times, found);
                found.AddRange(state.Warnings());
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
            private readonly TimeSpan? utcOffset;
            private readonly Dictionary<string, Group> dominoGroups = new Dictionary<string, Group>(StringComparer.Ordinal);
            private readonly Dictionary<string, Group> webSphereThreads = new Dictionary<string, Group>(StringComparer.Ordinal);
            private readonly List<string> skipped = new List<string>();
            private long skippedCount;
            private string? lastKey;
            private Group? lastDominoGroup;
            private Group? record;
            private string? recordHead;
            private string? offsetWarning;
            private long machineHour = -1;
            private TimeSpan machineOffset;

            private string? currentLine;
            private bool currentIsHead;
            private bool headKnown;
            private string? head;
            private bool previousWasDominoTrace;

            public ReaderState(string path, LogTimeParser times, LogScanner scanner, TimeSpan? utcOffset)
            {
                this.path = path;
                this.times = times;
                this.scanner = scanner;
                this.utcOffset = utcOffset;
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

            public void Line(string line, long number, bool isHead, List<SsoTraceEvent> output)
            {
                currentLine = line;
                currentIsHead = isHead;
                headKnown = false;
                if (isHead && record != null)
                {
                    // A new record starts: the multi-line record before it is complete.
                    output.Add(FinishRecord());
                }

                if (line.IndexOf("SSO API>", StringComparison.Ordinal) >= 0)
                {
                    // A copy with wrapped lines continues "Decoding ... token" on the next line: look at it too.
                    scanner.AlsoNextLine = line.EndsWith("token", StringComparison.Ordinal);
                    DominoTrace(line, number, output);
                    previousWasDominoTrace = true;
                    return;
                }

                if (!isHead && AfterDominoTrace(line, number))
                {
                    return;
                }

                previousWasDominoTrace = false;
                if (line.IndexOf("LTPA", StringComparison.Ordinal) >= 0 || line.IndexOf("Token", StringComparison.Ordinal) >= 0 || (!isHead && IsExpireLine(line)))
                {
                    var e = WebSphere(line, number, isHead);
                    if (e != null)
                    {
                        output.Add(e);
                        return;
                    }
                }

                if (line.IndexOf("CLFRX", StringComparison.Ordinal) >= 0 && Proxy(line, number, isHead, output))
                {
                    return;
                }

                if (MayHoldDominoError(line))
                {
                    DominoError(line, number, output);
                }
            }

            public void Skip(long number, string reason)
            {
                skippedCount++;
                if (skipped.Count < MaxSkippedLinesNamed)
                {
                    skipped.Add("line " + number.ToString(CultureInfo.InvariantCulture) + ": " + reason);
                }
            }

            public IEnumerable<string> Warnings()
            {
                if (skippedCount > 0)
                {
                    yield return skippedCount.ToString(CultureInfo.InvariantCulture) + " line(s) could not be read and were skipped; the other events of the file are given ("
                        + string.Join("; ", skipped) + (skippedCount > skipped.Count ? "; ..." : string.Empty) + ").";
                }

                if (offsetWarning != null)
                {
                    yield return offsetWarning;
                }
            }

            /// <summary>
            /// One "SSO API>" line. A validation is written on one thread: its configuration lines (Getting Single Sign-On
            /// Config Data, ConfigName specified, Validating Token List, Decoding ... token) come first, then the token's
            /// user lines (-Raw Token Username, -LDAP Realm, -Username, -Expiration Ticks). User lines on a thread with no
            /// open validation (the start of an excerpt) make an event of their own.
            /// </summary>
            private void DominoTrace(string line, long number, List<SsoTraceEvent> output)
            {
                string key = ThreadKey(line, ref lastKey);
                int t = line.IndexOf("SSO API>", StringComparison.Ordinal) + "SSO API>".Length;
                while (t < line.Length && line[t] == ' ')
                {
                    t++;
                }

                dominoGroups.TryGetValue(key, out var group);
                string? style = null;
                if (Starts(line, t, "Decoding "))
                {
                    style = TokenStyle(line, t);
                    if (style == null)
                    {
                        Skip(number, "an 'SSO API> Decoding' line without its token style (cut off)");
                        return;
                    }
                }

                bool starts = Starts(line, t, "***") && line.IndexOf("Getting Single Sign-On Config Data", t, StringComparison.Ordinal) >= 0;
                bool config = starts || style != null || Starts(line, t, "ConfigName specified")
                    || (Starts(line, t, "***") && line.IndexOf("Validating Token List", t, StringComparison.Ordinal) >= 0);
                if (config)
                {
                    if (group == null || starts || group.HasUserData)
                    {
                        group = Open(dominoGroups, key, SsoTraceSource.Domino, number, line, Stamp(line), output);
                    }
                    else
                    {
                        group.Add(line, number);
                    }

                    if (style != null)
                    {
                        group.Event.TokenStyle = style;
                    }
                    else if (Starts(line, t, "ConfigName specified"))
                    {
                        group.Event.ConfigName = Bracketed(line, t);
                    }

                    lastDominoGroup = group;
                    return;
                }

                if (Starts(line, t, "-"))
                {
                    if (group != null && Starts(line, t, "-Raw Token Username") && group.Event.RawUser != null)
                    {
                        // The next token's user: the one before is complete.
                        output.Add(Close(dominoGroups, key));
                        group = null;
                    }

                    if (group == null)
                    {
                        group = Open(dominoGroups, key, SsoTraceSource.Domino, number, line, Stamp(line), output);
                    }
                    else
                    {
                        group.Add(line, number);
                    }

                    UserLine(group, line, t);
                    lastDominoGroup = group;
                    return;
                }

                var error = MayHoldDominoError(line) ? MatchDominoError(line) : null;
                if (error != null)
                {
                    group ??= Open(dominoGroups, key, SsoTraceSource.Domino, number, line, Stamp(line), output);
                    if (group.LastLine != number)
                    {
                        group.Add(line, number);
                    }

                    Apply(group.Event, error.Value.Outcome, error.Value.Cause, line.Substring(t).Trim());
                    output.Add(Close(dominoGroups, key));
                    return;
                }

                if (group != null)
                {
                    group.Add(line, number);
                    lastDominoGroup = group;
                }
            }

            private void UserLine(Group group, string line, int t)
            {
                var e = group.Event;
                group.HasUserData = true;
                if (Starts(line, t, "-Raw Token Username"))
                {
                    e.RawUser = ValueAfterEquals(line, t);
                }
                else if (Starts(line, t, "-LDAP Realm"))
                {
                    e.Realm = ValueAfterEquals(line, t);
                }
                else if (Starts(line, t, "-Username"))
                {
                    e.User = ValueAfterEquals(line, t);
                }
                else if (Starts(line, t, "-Expiration Ticks"))
                {
                    // "-Expiration Ticks = 1489407735666 [13/03/2017 08:22:15]." : UTC milliseconds, then the server's local time.
                    string? value = ValueAfterEquals(line, t);
                    e.Expiration = Ticks(value);
                    group.ExpirationLineTime = Stamp(line)?.Time;
                    string? local = value == null ? null : Bracketed(value, 0);
                    group.ExpirationLocal = local != null && times.TryParse(local, out var stamp) ? stamp.Time : null;
                }
            }

            /// <summary>A line without a time stamp right after an SSO API line: the rest of a wrapped line.</summary>
            private bool AfterDominoTrace(string line, long number)
            {
                if (!previousWasDominoTrace || lastDominoGroup == null || line.Length > 200 || !dominoGroups.ContainsValue(lastDominoGroup))
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

            private SsoTraceEvent? WebSphere(string line, long number, bool isHead)
            {
                string? thread = ThreadOf(line, isHead);
                int at;
                if ((at = line.IndexOf(" u: ", StringComparison.Ordinal)) >= 0 && line.IndexOf("LTPAToken", StringComparison.Ordinal) >= 0)
                {
                    string accessId = line.Substring(at + 4).Trim();
                    var pendingEvents = new List<SsoTraceEvent>();
                    var group = Open(webSphereThreads, thread ?? string.Empty, SsoTraceSource.WebSphere, number, line, Stamp(Head ?? line), pendingEvents);
                    scanner.AlsoNextLine = true;
                    SplitAccessId(accessId, out string? realm, out string user);
                    group.Event.User = user;
                    group.Event.Realm = realm;
                    group.Event.Process = thread;
                    group.Event.Thread = thread;
                    // An older open group of the same thread is replaced: it never reached a validation line.
                    return pendingEvents.FirstOrDefault();
                }

                if (!isHead && IsExpireLine(line))
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

                int secjAt = FindCode(line, "SECJ");
                string? secj = secjAt >= 0 ? line.Substring(secjAt, 9) : null;
                if (secj != null && (line.IndexOf("LTPA", StringComparison.OrdinalIgnoreCase) >= 0 || secj == "SECJ0371W"))
                {
                    var e = TakeThread(thread, line, number);
                    e.Code = secj;
                    e.Message = line.Substring(secjAt).Trim();
                    if (secj == "SECJ0371W")
                    {
                        e.Outcome = SsoTraceOutcome.Expired;
                        string? expiry = ExpiryText(line);
                        var instant = JavaDate(expiry);
                        if (instant != null)
                        {
                            e.Expiration = instant;
                        }

                        e.LikelyCause = instant != null && instant.Value.Year == 1970
                            ? "The token's expiration reads as 1 January 1970: the token could not be read properly (made with other keys, or damaged). Compare the LTPA keys of all servers."
                            : "The browser sent an LTPA token that expired (" + (expiry ?? "an earlier time") + "). Normal after a long idle session; if it happens right after login, the servers' clocks differ or the token lifetime is shorter than the Domino Web SSO expiration (set LTPA_DURATION_MINUTES equal to it).";
                    }
                    else
                    {
                        e.Outcome = line.IndexOf(" E ", StringComparison.Ordinal) >= 0 || secj.EndsWith("E", StringComparison.Ordinal) ? SsoTraceOutcome.Error : SsoTraceOutcome.Warning;
                        e.LikelyCause = "WebSphere reported an LTPA problem (" + secj + "); read the message and check the LTPA keys and SSO domain of the proxy's cell.";
                    }

                    return e;
                }

                if (line.IndexOf("TokenExpiredException:", StringComparison.Ordinal) >= 0)
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

            /// <summary>
            /// A CLFRX line. A SystemOut.log record whose message goes on over lines without a leading [time] is one
            /// event: its codes are collected, and the most specific one gives the outcome and cause.
            /// </summary>
            private bool Proxy(string line, long number, bool isHead, List<SsoTraceEvent> output)
            {
                int codeAt = FindCode(line, "CLFRX");
                if (codeAt < 0)
                {
                    return false;
                }

                string code = line.Substring(codeAt, 10);
                if (code[9] == 'I')
                {
                    return false;
                }

                string recordOf = (isHead ? line : Head) ?? line;
                string text = line.Substring(codeAt).Trim();
                if (!isHead && record != null && string.Equals(recordOf, recordHead, StringComparison.Ordinal))
                {
                    record.Add(line, number);
                    var e = record.Event;
                    e.AddCode(code);
                    e.Message = e.Message + " " + text;
                    e.User ??= UserOf(text);
                    e.SessionId ??= SessionIdOf(line);
                    DecideProxy(e);
                    return true;
                }

                if (record != null)
                {
                    output.Add(FinishRecord());
                }

                var stamp = Stamp(recordOf);
                var first = NewEvent(SsoTraceSource.SametimeProxy, code[9] == 'E' ? SsoTraceOutcome.Error : SsoTraceOutcome.Warning, number, line, stamp);
                first.Code = code;
                first.Message = text;
                first.User = UserOf(text);
                first.SessionId = SessionIdOf(line) ?? (isHead ? null : SessionIdOf(recordOf));
                first.Thread = stamp?.Process;
                DecideProxy(first);
                record = new Group(first, number);
                recordHead = recordOf;
                return true;
            }

            private SsoTraceEvent FinishRecord()
            {
                var e = Finish(record!);
                record = null;
                recordHead = null;
                return e;
            }

            private static void DecideProxy(SsoTraceEvent e)
            {
                var codes = e.Codes;
                int best = -1;
                int bestRank = -1;
                for (int i = 0; i < codes.Count; i++)
                {
                    int known = Array.FindIndex(ProxyCodes, p => p.Code == codes[i]);
                    int rank = known >= 0 ? 10 + ProxyCodes.Length - known : codes[i][9] == 'E' ? 1 : 0;
                    if (rank >= bestRank)
                    {
                        best = i;
                        bestRank = rank;
                    }
                }

                string code = codes[best];
                int index = Array.FindIndex(ProxyCodes, p => p.Code == code);
                e.Code = code;
                e.Outcome = index >= 0 ? ProxyCodes[index].Outcome : code[9] == 'E' ? SsoTraceOutcome.Error : SsoTraceOutcome.Warning;
                e.LikelyCause = index >= 0 ? ProxyCodes[index].Cause : null;
            }

            private void DominoError(string line, long number, List<SsoTraceEvent> output)
            {
                var error = MatchDominoError(line);
                if (error == null)
                {
                    return;
                }

                var stamp = Stamp(Head ?? line);
                string key = ThreadKey(Head ?? line, ref lastKey);
                if (dominoGroups.TryGetValue(key, out var group))
                {
                    group.Add(line, number);
                    Apply(group.Event, error.Value.Outcome, error.Value.Cause, Message(line, stamp));
                    output.Add(Close(dominoGroups, key));
                    return;
                }

                var e = NewEvent(SsoTraceSource.Domino, error.Value.Outcome, number, line, stamp);
                e.Thread = key.Length == 0 ? null : key;
                Apply(e, error.Value.Outcome, error.Value.Cause, Message(line, stamp));
                output.Add(e);
            }

            public void FlushStale(long number, List<SsoTraceEvent> output)
            {
                foreach (var store in new[] { dominoGroups, webSphereThreads })
                {
                    foreach (var key in store.Where(p => number - p.Value.LastLine > StaleAfterLines).Select(p => p.Key).ToList())
                    {
                        output.Add(Close(store, key));
                    }
                }

                if (record != null && number - record.LastLine > StaleAfterLines)
                {
                    output.Add(FinishRecord());
                }
            }

            public void FlushAll(List<SsoTraceEvent> output)
            {
                var open = dominoGroups.Values.Concat(webSphereThreads.Values).ToList();
                if (record != null)
                {
                    open.Add(record);
                    record = null;
                }

                output.AddRange(open.OrderBy(g => g.Event.LineNumber).Select(Finish));
                dominoGroups.Clear();
                webSphereThreads.Clear();
            }

            private SsoTraceEvent TakeThread(string? thread, string line, long number)
            {
                if (thread != null && webSphereThreads.TryGetValue(thread, out var group))
                {
                    group.Add(line, number);
                    webSphereThreads.Remove(thread);
                    return Finish(group);
                }

                var e = NewEvent(SsoTraceSource.WebSphere, SsoTraceOutcome.Decoded, number, line, Stamp(Head ?? line));
                e.Process = thread;
                e.Thread = thread;
                return e;
            }

            private Group Open(Dictionary<string, Group> store, string key, SsoTraceSource source, long number, string line,
                LogTimestamp? stamp, List<SsoTraceEvent> output)
            {
                if (store.ContainsKey(key))
                {
                    output.Add(Close(store, key));
                }

                if (store.Count >= MaxOpenGroups)
                {
                    // Keep memory bounded: the oldest open group is complete enough to be given now.
                    string? oldest = null;
                    long oldestLine = long.MaxValue;
                    foreach (var pair in store)
                    {
                        if (pair.Value.LastLine < oldestLine)
                        {
                            oldest = pair.Key;
                            oldestLine = pair.Value.LastLine;
                        }
                    }

                    output.Add(Close(store, oldest!));
                }

                var group = new Group(NewEvent(source, SsoTraceOutcome.Decoded, number, line, stamp), number);
                group.Event.Process = stamp?.Process;
                group.Event.Thread = key.Length == 0 ? null : key;
                store[key] = group;
                return group;
            }

            private SsoTraceEvent Close(Dictionary<string, Group> store, string key)
            {
                var group = store[key];
                store.Remove(key);
                return Finish(group);
            }

            private SsoTraceEvent Finish(Group group)
            {
                var e = group.Event;
                if (e.Source == SsoTraceSource.Domino && e.Outcome == SsoTraceOutcome.Decoded && e.Expiration != null)
                {
                    Decide(group);
                }

                group.Finish();
                return e;
            }

            /// <summary>
            /// A Domino validation with a known expiration: Valid when the line's time is at or before it, Expired after.
            /// The trace gives the expiration in the server's local time too, so both sides are compared in the server's
            /// clock whatever offset the reader assumed; only without it the instants are compared.
            /// </summary>
            private void Decide(Group group)
            {
                var e = group.Event;
                var expiration = e.Expiration!.Value;
                bool? expired = null;
                if (group.ExpirationLineTime is DateTime at && group.ExpirationLocal is DateTime until)
                {
                    if (until.Millisecond == 0)
                    {
                        until = until.AddMilliseconds(expiration.Millisecond);
                    }

                    expired = at > until;
                    NoteServerOffset(until - expiration.UtcDateTime, e);
                }
                else
                {
                    var instant = group.ExpirationLineTime is DateTime line ? At(line, null).Time : e.Time;
                    if (instant != null)
                    {
                        expired = instant.Value > expiration;
                    }
                }

                if (expired == true)
                {
                    e.Outcome = SsoTraceOutcome.Expired;
                    e.LikelyCause = ExpiredAt(expiration);
                }
                else if (expired == false)
                {
                    e.Outcome = SsoTraceOutcome.Valid;
                }
            }

            /// <summary>Warns once when the server's own offset, as its expiration lines show it, is not the one the times were read with.</summary>
            private void NoteServerOffset(TimeSpan shown, SsoTraceEvent e)
            {
                var server = TimeSpan.FromMinutes(Math.Round(shown.TotalMinutes / 15) * 15);
                if (offsetWarning != null || server.Duration() > TimeSpan.FromHours(14) || e.Time == null || e.TimeZoneSource == LogTimeZoneSource.Log || e.Time.Value.Offset == server)
                {
                    return;
                }

                offsetWarning = "The SSO trace's expiration lines show that this server writes its times at UTC" + Offset(server) + ", but they were read at UTC"
                    + Offset(e.Time.Value.Offset) + (e.TimeZoneSource == LogTimeZoneSource.Parameter ? " (-UtcOffset)" : " (this machine's offset)")
                    + ". Give -UtcOffset " + Offset(server) + " to line its events up with other servers' logs.";
            }

            private static string Offset(TimeSpan offset) =>
                (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

            private SsoTraceEvent NewEvent(SsoTraceSource source, SsoTraceOutcome outcome, long number, string line, LogTimestamp? stamp)
            {
                var e = new SsoTraceEvent(source, outcome, path, number, line);
                if (stamp != null)
                {
                    var (time, zoneSource) = At(stamp.Value.Time, stamp.Value.Zone);
                    e.Time = time;
                    e.TimeZoneSource = zoneSource;
                    e.TimeText = stamp.Value.Zone == null || stamp.Value.Text.IndexOf(stamp.Value.Zone, StringComparison.Ordinal) >= 0
                        ? stamp.Value.Text
                        : stamp.Value.Text + " " + stamp.Value.Zone;
                    e.Process ??= stamp.Value.Process;
                }

                return e;
            }

            /// <summary>A local time with the log's zone, else the -UtcOffset, else this machine's offset at that date.</summary>
            private (DateTimeOffset? Time, LogTimeZoneSource? Source) At(DateTime? local, string? zone)
            {
                if (local == null)
                {
                    return (null, null);
                }

                if (LogTimeZones.TryGetOffset(zone, out var offset))
                {
                    return (new DateTimeOffset(local.Value, offset), LogTimeZoneSource.Log);
                }

                if (utcOffset != null)
                {
                    return (new DateTimeOffset(local.Value, utcOffset.Value), LogTimeZoneSource.Parameter);
                }

                // The machine's offset changes at most on the hour: one lookup per hour of log, not per event.
                long hour = local.Value.Ticks / TimeSpan.TicksPerHour;
                if (hour != machineHour)
                {
                    machineHour = hour;
                    machineOffset = TimeSpan.FromMinutes(Math.Round(TimeZoneInfo.Local.GetUtcOffset(local.Value).TotalMinutes));
                }

                return (new DateTimeOffset(local.Value, machineOffset), LogTimeZoneSource.Machine);
            }

            private LogTimestamp? Stamp(string line) => times.TryParse(line, out var stamp) ? stamp : (LogTimestamp?)null;

            private string? ThreadOf(string line, bool isHead)
            {
                var stamp = isHead ? Stamp(line) : Head != null ? Stamp(Head) : null;
                return stamp?.Process;
            }

            private static string Message(string line, LogTimestamp? stamp) =>
                (stamp != null && stamp.Value.MessageStart <= line.Length ? line.Substring(stamp.Value.MessageStart) : line).Trim();

            private static string ExpiredAt(DateTimeOffset expiration) =>
                "The token had expired when this server validated it (" + expiration.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                + "). Normal after a long idle session; if it happens right after login: " + ExpiredCause;

            private static void Apply(SsoTraceEvent e, SsoTraceOutcome outcome, string cause, string message)
            {
                e.Outcome = outcome;
                e.Message = message;
                e.LikelyCause = cause.Length == 0 ? null : outcome == SsoTraceOutcome.Expired && e.Expiration != null ? ExpiredAt(e.Expiration.Value) : cause;
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

        /// <summary>The Domino thread of "[0DEC:000A-0F80] ..." ("0DEC:000A-0F80"), or "" for lines without one.</summary>
        private static string ThreadKey(string line, ref string? lastThreadKey)
        {
            if (line.Length < 3 || line[0] != '[')
            {
                return string.Empty;
            }

            int close = line.IndexOf(']', 1);
            int colon = line.IndexOf(':', 1);
            if (close <= 1 || close > 27 || colon <= 1 || colon > close)
            {
                return string.Empty;
            }

            // Consecutive lines mostly come from the same thread: reuse its key instead of a new string.
            string? last = lastThreadKey;
            if (last != null && last.Length == close - 1 && string.CompareOrdinal(line, 1, last, 0, last.Length) == 0)
            {
                return last;
            }

            last = line.Substring(1, close - 1);
            if (last.IndexOf(' ') >= 0)
            {
                // "[13/03/17 07:37:34:004 EDT]": a WebSphere time stamp, not a Domino thread.
                return string.Empty;
            }

            lastThreadKey = last;
            return last;
        }

        private static string? Bracketed(string text, int from)
        {
            int open = text.IndexOf('[', from);
            int close = open < 0 ? -1 : text.IndexOf(']', open + 1);
            return close > open + 1 ? text.Substring(open + 1, close - open - 1) : null;
        }

        /// <summary>"Decoding Websphere style LTPA2 Single Sign-On token (LtpaToken2)." gives "Websphere style LTPA2 token (LtpaToken2)"; null when nothing follows "Decoding".</summary>
        private static string? TokenStyle(string line, int t)
        {
            string rest = line.Substring(t + "Decoding ".Length).Trim().TrimEnd('.').Trim();
            if (rest.Length == 0)
            {
                return null;
            }

            int sso = rest.IndexOf(" Single Sign-On token", StringComparison.OrdinalIgnoreCase);
            if (sso < 0)
            {
                return rest;
            }

            string style = rest.Substring(0, sso).Trim() + " token";
            string after = rest.Substring(sso + " Single Sign-On token".Length).Trim();
            return after.Length == 0 ? style : style + " " + after;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        /// <summary>The first "CLFRX0035E" / "SECJ0371W" (prefix, four digits, a capital letter) in the line; -1 when none.</summary>
        private static int FindCode(string line, string prefix)
        {
            int at = 0;
            int length = prefix.Length + 5;
            while ((at = line.IndexOf(prefix, at, StringComparison.Ordinal)) >= 0)
            {
                if (at + length <= line.Length)
                {
                    int i = at + prefix.Length;
                    if (IsDigit(line[i]) && IsDigit(line[i + 1]) && IsDigit(line[i + 2]) && IsDigit(line[i + 3]) && line[i + 4] >= 'A' && line[i + 4] <= 'Z')
                    {
                        return at;
                    }
                }

                at += prefix.Length;
            }

            return -1;
        }

        /// <summary>
        /// The user of "... for user inotes 2: Reason: 1" or "... by user inotes 2": the text after the first "for user" or
        /// "by user" up to ": Reason", else to the end without a final full stop. One forward pass, however the text is made.
        /// </summary>
        internal static string? UserOf(string text)
        {
            int start = -1;
            foreach (string lead in UserLeads)
            {
                int at = 0;
                while ((at = text.IndexOf(lead, at, StringComparison.Ordinal)) >= 0 && (start < 0 || at < start))
                {
                    int after = at + lead.Length;
                    if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && after < text.Length && char.IsWhiteSpace(text[after]))
                    {
                        start = after;
                        break;
                    }

                    at = after;
                }
            }

            if (start < 0)
            {
                return null;
            }

            int end = text.Length;
            for (int colon = text.IndexOf(':', start); colon >= 0; colon = text.IndexOf(':', colon + 1))
            {
                int i = colon + 1;
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                if (string.CompareOrdinal(text, i, "Reason", 0, 6) == 0)
                {
                    end = colon;
                    break;
                }

                colon = i - 1;
            }

            string user = text.Substring(start, end - start).Trim();
            if (end == text.Length && user.EndsWith(".", StringComparison.Ordinal))
            {
                user = user.Substring(0, user.Length - 1).TrimEnd();
            }

            return user.Length == 0 ? null : user;
        }

        /// <summary>The session id of "... doService, SID: caa370e8-eb47-453e-87d4-59dbcb48801d CLFRX0027E ...".</summary>
        private static string? SessionIdOf(string line)
        {
            int at = line.IndexOf("SID: ", StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            int start = at + 5;
            int end = start;
            while (end < line.Length && (char.IsLetterOrDigit(line[end]) || line[end] == '-'))
            {
                end++;
            }

            return end > start ? line.Substring(start, end - start) : null;
        }

        /// <summary>"Tue Apr 21 13:59:12 CDT 2009" of "Token expiration Date: ..., current Date: ...".</summary>
        private static string? ExpiryText(string line)
        {
            const string Lead = "Token expiration Date:";
            int at = line.IndexOf(Lead, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            int start = at + Lead.Length;
            int comma = line.IndexOf(',', start);
            if (comma < 0 || line.IndexOf("current Date:", comma, StringComparison.Ordinal) < 0)
            {
                return null;
            }

            string text = line.Substring(start, comma - start).Trim();
            return text.Length == 0 ? null : text;
        }

        /// <summary>Java's Date.toString(), "Tue Apr 21 13:59:12 CDT 2009", as an instant in its zone; null for other text or an unknown zone.</summary>
        private static DateTimeOffset? JavaDate(string? text)
        {
            var parts = text?.Split(Space, StringSplitOptions.RemoveEmptyEntries);
            if (parts == null || parts.Length != 6)
            {
                return null;
            }

            int month = Array.FindIndex(MonthNames, m => string.Equals(m, parts[1], StringComparison.OrdinalIgnoreCase)) + 1;
            if (month == 0 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int day)
                || !int.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out int year)
                || !TimeSpan.TryParseExact(parts[3], @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var clock)
                || !LogTimeZones.TryGetOffset(parts[4], out var offset)
                || year < 1 || year > 9999 || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                return null;
            }

            return new DateTimeOffset(new DateTime(year, month, day).Add(clock), offset);
        }

        private static DateTimeOffset? Ticks(string? value)
        {
            if (value == null)
            {
                return null;
            }

            int end = 0;
            while (end < value.Length && value[end] >= '0' && value[end] <= '9')
            {
                end++;
            }

            if (end == 0 || end > 15 || !long.TryParse(value.Substring(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out long ms))
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
