using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading;
using SametimeAdmin.Common;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// Streams SSO events out of Domino console.log, WebSphere trace.log/SystemOut.log and Sametime Proxy logs.
    /// One pass, constant memory: only a bounded set of open Domino validations (one per thread), of WebSphere
    /// threads that logged a token user and one multi-line proxy record is held at any time. No regular expression
    /// runs on the lines: user names and codes come from the login request, so anyone who can try a login can plant
    /// text in them, and every scan here is linear.
    /// </summary>
    public static partial class SsoTraceReader
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
            CheckUtcOffset(utcOffset);
            return ReadCore(path, order, progress, warnings, utcOffset, LogScanMode.Auto, false, cancellationToken);
        }

        /// <summary>Refuses an offset that is not a time zone's.</summary>
        internal static void CheckUtcOffset(TimeSpan? utcOffset)
        {
            if (utcOffset != null && (utcOffset.Value.Ticks % TimeSpan.TicksPerMinute != 0 || utcOffset.Value.Duration() > TimeSpan.FromHours(14)))
            {
                throw new SametimeAdminException("InvalidUtcOffset", FailureKind.InvalidArgument,
                    "The UTC offset " + utcOffset.Value.ToString() + " is not a time zone offset: it must be whole minutes between -14:00 and +14:00.");
            }
        }

        /// <summary>The first code with this prefix in the text ("SECJ0369E"), or null.</summary>
        internal static string? CodeIn(string text, string prefix)
        {
            int at = FindCode(text, prefix);
            return at < 0 ? null : text.Substring(at, prefix.Length + 5);
        }

        /// <summary>The likely cause of a Sametime Proxy code this reader knows (CLFRX0035E), or null.</summary>
        internal static string? ProxyCodeCause(string code)
        {
            foreach (var known in ProxyCodes)
            {
                if (known.Code == code)
                {
                    return known.Cause;
                }
            }

            return null;
        }

        /// <summary>Reads the file the way <paramref name="mode"/> says, with the portable marker search if asked (the tests compare the ways).</summary>
        internal static IEnumerable<SsoTraceEvent> Read(string path, LogScanMode mode, bool portableSearch, ICollection<string>? warnings = null) =>
            ReadCore(path, LogDateOrder.Auto, null, warnings, null, mode, portableSearch, default);

        private static IEnumerable<SsoTraceEvent> ReadCore(string path, LogDateOrder order, Action<long, long>? progress,
            ICollection<string>? warnings, TimeSpan? utcOffset, LogScanMode mode, bool portableSearch, CancellationToken cancellationToken)
        {
            var times = LogTimeParser.ForFile(path, order);
            using var scanner = LogScanner.Open(path, Markers, mode, cancellationToken);
            scanner.PortableSearch = portableSearch;
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
