using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SametimeAdmin.Diagnostics
{
    public static partial class SsoTraceReader
    {
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
            private readonly List<string> staleKeys = new List<string>();
            private long skippedCount;
            private string? lastKey;
            private Group? lastDominoGroup;
            private Group? record;
            private string? recordHead;
            private string? offsetWarning;
            private long machineHour = -1;
            private TimeSpan machineOffset;

            // The last "Decoding ..." line's text from its token style on, and that style: every validation writes the same.
            private string? styleLine;
            private int styleAt;
            private string? style;

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
                    style = CachedTokenStyle(line, t);
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

            private string? CachedTokenStyle(string line, int t)
            {
                int length = line.Length - t;
                if (styleLine == null || length != styleLine.Length - styleAt || string.CompareOrdinal(line, t, styleLine, styleAt, length) != 0)
                {
                    style = TokenStyle(line, t);
                    styleLine = line;
                    styleAt = t;
                }

                return style;
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
                    group.ExpirationLineTime = times.TryParseTime(line, out var lineTime) ? lineTime : null;
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
                // Called every few hundred lines: no allocation unless a group is due.
                FlushStale(dominoGroups, number, output);
                FlushStale(webSphereThreads, number, output);

                if (record != null && number - record.LastLine > StaleAfterLines)
                {
                    output.Add(FinishRecord());
                }
            }

            private void FlushStale(Dictionary<string, Group> store, long number, List<SsoTraceEvent> output)
            {
                staleKeys.Clear();
                foreach (var pair in store)
                {
                    if (number - pair.Value.LastLine > StaleAfterLines)
                    {
                        staleKeys.Add(pair.Key);
                    }
                }

                foreach (string key in staleKeys)
                {
                    output.Add(Close(store, key));
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
    }
}
