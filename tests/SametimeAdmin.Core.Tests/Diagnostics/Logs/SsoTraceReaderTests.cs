using SametimeAdmin.Diagnostics;
using Xunit;

namespace SametimeAdmin.Tests.Diagnostics;

public class SsoTraceReaderTests
{
    private static List<SsoTraceEvent> Read(string fixture, LogDateOrder order = LogDateOrder.Auto) =>
        SsoTraceReader.Read(Fixtures.PathOf("diagnostics", fixture), order).ToList();

    private static readonly TimeSpan Edt = TimeSpan.FromHours(-4);

    private static List<SsoTraceEvent> Read(string fixture, TimeSpan utcOffset, ICollection<string>? warnings = null) =>
        SsoTraceReader.Read(Fixtures.PathOf("diagnostics", fixture), LogDateOrder.Auto, null, warnings, utcOffset).ToList();

    [Fact]
    public void TheGuidesINotesExcerptStartsWithTheTailOfOneValidationAndTheStartOfTheNext()
    {
        // The excerpt opens with user lines on thread 000A and no validation before them; the configuration lines that
        // follow start the next validation on that thread, whose user lines are past the end of the excerpt.
        var events = Read("guide-inotes-sso-trace.log", Edt);
        Assert.Equal(2, events.Count);

        var tail = events[0];
        Assert.Equal(SsoTraceSource.Domino, tail.Source);
        Assert.Equal("0DEC:000A-0F80", tail.Thread);
        Assert.Equal("0DEC", tail.Process);
        Assert.Equal("CN=inotes 2,O=ibm", tail.RawUser);
        Assert.Equal("CN=inotes 2/O=ibm", tail.User);
        Assert.Equal("defaultWIMFileBasedRealm", tail.Realm);
        Assert.Null(tail.ConfigName);
        Assert.Null(tail.TokenStyle);
        // 1489407735666 ms after 1970-01-01 UTC, written by the server as 13/03/2017 08:22:15.
        Assert.Equal(new DateTimeOffset(2017, 3, 13, 12, 22, 15, 666, TimeSpan.Zero), tail.Expiration);
        // Validated at 08:22:45, thirty seconds after it expired.
        Assert.Equal(SsoTraceOutcome.Expired, tail.Outcome);
        Assert.True(tail.IsFailure);
        Assert.Equal(new DateTimeOffset(2017, 3, 13, 8, 22, 45, 580, Edt), tail.Time);
        Assert.Equal(LogTimeZoneSource.Parameter, tail.TimeZoneSource);
        Assert.Equal(1, tail.LineNumber);
        Assert.Equal(4, tail.Line.Split('\n').Length);

        var next = events[1];
        Assert.Equal("0DEC:000A-0F80", next.Thread);
        Assert.Equal(5, next.LineNumber);
        Assert.Equal("LtpaToken2", next.ConfigName);
        Assert.Equal("Websphere style LTPA2 token (LtpaToken2)", next.TokenStyle);
        Assert.Null(next.User);
        Assert.Null(next.Expiration);
        Assert.Equal(SsoTraceOutcome.Decoded, next.Outcome);
        // Its raw text: the lines that carry data (Getting Config Data, ConfigName, Decoding and the guide's wrapped
        // "(LtpaToken2)."), not the cache and validation chatter.
        var lines = next.Line.Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Contains(lines, l => l.EndsWith("ConfigName specified [LtpaToken2].", StringComparison.Ordinal));
        Assert.Equal("(LtpaToken2).", lines[^1]);
        Assert.DoesNotContain(lines, l => l.Contains("Retrieved global static cache", StringComparison.Ordinal));
    }

    [Fact]
    public void TheCommunityTraceIsTwoThreadsAndSoTwoEvents()
    {
        // User lines on thread 0005, configuration lines on thread 0007 of the same process: not one validation.
        var events = Read("guide-community-sso-trace.log", LogDateOrder.DayMonthYear);
        Assert.Equal(2, events.Count);
        var user = events.Single(e => e.Thread == "2CA0:0005-2CAC");
        Assert.Equal("CN=Declan Joyce/O=ibm", user.User);
        Assert.Null(user.ConfigName);
        Assert.Equal(new DateTimeOffset(2017, 3, 9, 11, 46, 59, 666, TimeSpan.Zero), user.Expiration);
        Assert.Equal(new DateTime(2017, 3, 9, 7, 29, 54, 10), user.Time!.Value.DateTime);
        // Written at 07:29:54, the token expired at 06:46:59 server time.
        Assert.Equal(SsoTraceOutcome.Expired, user.Outcome);
        Assert.DoesNotContain("0007", user.Line, StringComparison.Ordinal);

        var config = events.Single(e => e.Thread == "2CA0:0007-2CAC");
        Assert.Null(config.User);
        Assert.Equal("LtpaToken2", config.ConfigName);
        Assert.Equal("Websphere style LTPA2 token (LtpaToken2)", config.TokenStyle);
        Assert.DoesNotContain("0005", config.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void InterleavedValidationsAreGroupedByThread()
    {
        var events = Read("domino-sso-interleaved.log", Edt);
        Assert.Equal(4, events.Count);
        Assert.All(events, e => Assert.All(e.Line.Split('\n'), l => Assert.StartsWith("[" + e.Thread + "]", l, StringComparison.Ordinal)));
        Assert.DoesNotContain(events, e => e.Line.Contains("HTTP Request", StringComparison.Ordinal) || e.Line.Contains("HTTP JVM", StringComparison.Ordinal));

        // The excerpt starts with user lines: an event of their own, which the HTTP line on the same thread completes.
        var tail = events.Single(e => e.LineNumber == 1);
        Assert.Equal("CN=inotes 2/O=ibm", tail.User);
        Assert.Null(tail.ConfigName);
        Assert.Equal(SsoTraceOutcome.Expired, tail.Outcome);
        Assert.Equal(5, tail.Line.Split('\n').Length);

        var declan = events.Single(e => e.User == "CN=Declan Joyce/O=ibm");
        Assert.Equal("0DEC:000A-0F80", declan.Thread);
        Assert.Equal(6, declan.LineNumber);
        Assert.Equal("CN=Declan Joyce,O=ibm", declan.RawUser);
        Assert.Equal("LtpaToken2", declan.ConfigName);
        Assert.Equal("defaultWIMFileBasedRealm", declan.Realm);
        Assert.Equal("Websphere style LTPA2 token (LtpaToken2)", declan.TokenStyle);
        Assert.Equal(7, declan.Line.Split('\n').Length);
        // Validated at 09:10:02.00, the very moment it expires: still valid.
        Assert.Equal(new DateTimeOffset(2017, 3, 13, 13, 10, 2, TimeSpan.Zero), declan.Expiration);
        Assert.Equal(SsoTraceOutcome.Valid, declan.Outcome);

        var imran = events.Single(e => e.User == "CN=Imran Khan/O=ibm");
        Assert.Equal("0DEC:000E-0F80", imran.Thread);
        Assert.Equal(7, imran.LineNumber);
        Assert.Equal("LtpaToken2", imran.ConfigName);
        Assert.Equal("CN=Imran Khan,O=ibm", imran.RawUser);
        Assert.Equal(SsoTraceOutcome.Valid, imran.Outcome);
        Assert.Null(imran.LikelyCause);

        var sara = events.Single(e => e.User == "CN=Sara Lee/O=ibm");
        Assert.Equal("0DEC:000F-0F80", sara.Thread);
        Assert.Equal(SsoTraceOutcome.Expired, sara.Outcome);
        Assert.Equal("HTTP Server: Single Sign-On token is expired", sara.Message);
        Assert.Contains("2017-03-13 13:10:02Z", sara.LikelyCause, StringComparison.Ordinal);
    }

    [Fact]
    public void AValidationWithAKnownExpirationIsValidOrExpiredNotDecoded()
    {
        string path = TempLog.Write(
            "[0DEC:000A-0F80] 13/03/2017 09:10:01.20 SSO API> ConfigName specified [LtpaToken2].",
            "[0DEC:000A-0F80] 13/03/2017 09:10:02.00 SSO API> -Username = CN=a/O=ibm",
            "[0DEC:000A-0F80] 13/03/2017 09:10:02.00 SSO API> -Expiration Ticks = 1489410602000 [13/03/2017 09:10:02].",
            "[0DEC:000A-0F80] 13/03/2017 09:10:02.01 SSO API> ConfigName specified [LtpaToken2].",
            "[0DEC:000A-0F80] 13/03/2017 09:10:02.01 SSO API> -Username = CN=b/O=ibm",
            "[0DEC:000A-0F80] 13/03/2017 09:10:02.01 SSO API> -Expiration Ticks = 1489410602000 [13/03/2017 09:10:02].");
        var events = SsoTraceReader.Read(path, LogDateOrder.DayMonthYear).ToList();
        Assert.Equal(new[] { SsoTraceOutcome.Valid, SsoTraceOutcome.Expired }, events.Select(e => e.Outcome));
        Assert.Contains("idle", events[1].LikelyCause, StringComparison.Ordinal);
        Assert.Contains("expired", events[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTheLocalExpirationTheInstantsAreCompared()
    {
        // No bracketed local time: the line's time with the given offset against the UTC ticks.
        string path = TempLog.Write(
            "[0DEC:000A-0F80] 13/03/2017 09:10:03 SSO API> -Username = CN=a/O=ibm",
            "[0DEC:000A-0F80] 13/03/2017 09:10:03 SSO API> -Expiration Ticks = 1489410602000");
        var late = SsoTraceReader.Read(path, LogDateOrder.DayMonthYear, null, null, Edt).Single();
        Assert.Equal(SsoTraceOutcome.Expired, late.Outcome);
        var early = SsoTraceReader.Read(path, LogDateOrder.DayMonthYear, null, null, TimeSpan.FromHours(-3)).Single();
        Assert.Equal(SsoTraceOutcome.Valid, early.Outcome);
    }

    [Fact]
    public void TheProxyTraceGivesTheValidatedTokenAndOneLoginRecord()
    {
        var events = Read("guide-proxy-trace.log");
        Assert.Equal(2, events.Count);

        var valid = events[0];
        Assert.Equal(SsoTraceSource.WebSphere, valid.Source);
        Assert.Equal(SsoTraceOutcome.Valid, valid.Outcome);
        Assert.Equal("CN=inotes 2,O=ibm", valid.User);
        Assert.Equal("defaultWIMFileBasedRealm", valid.Realm);
        Assert.Equal(new DateTimeOffset(2017, 3, 13, 11, 49, 7, 666, TimeSpan.Zero), valid.Expiration);
        Assert.Equal(new DateTimeOffset(2017, 3, 13, 7, 37, 34, 4, Edt), valid.Time);
        Assert.Equal(LogTimeZoneSource.Log, valid.TimeZoneSource);
        Assert.Equal("000000e7", valid.Process);
        Assert.Equal("000000e7", valid.Thread);
        Assert.Equal(1, valid.LineNumber);

        // The CLFRX0027E record goes on over two lines without a time stamp, the second with CLFRX0035E: one event.
        var login = events[1];
        Assert.Equal(SsoTraceSource.SametimeProxy, login.Source);
        Assert.Equal(new[] { "CLFRX0027E", "CLFRX0035E" }, login.Codes);
        Assert.Equal("CLFRX0035E", login.Code);
        Assert.Equal(SsoTraceOutcome.TokenNotFound, login.Outcome);
        Assert.Equal("inotes 2", login.User);
        Assert.Equal("caa370e8-eb47-453e-87d4-59dbcb48801d", login.SessionId);
        Assert.Equal("000000e4", login.Thread);
        Assert.Equal(9, login.LineNumber);
        Assert.Equal(new DateTimeOffset(2017, 2, 27, 10, 50, 54, 554, TimeSpan.FromHours(-5)), login.Time);
        Assert.Contains("ST_TOKEN_TYPE", login.LikelyCause, StringComparison.Ordinal);
        Assert.Contains("CLFRX0027E", login.Message, StringComparison.Ordinal);
        Assert.Contains("CLFRX0035E", login.Message, StringComparison.Ordinal);
        Assert.True(login.IsFailure);
    }

    [Fact]
    public void EachMultiLineRecordIsOneEvent()
    {
        var events = Read("proxy-systemout-records.log");
        Assert.Equal(3, events.Count);
        Assert.Equal(new long[] { 1, 5, 8 }, events.Select(e => e.LineNumber));
        Assert.Equal(new[] { "inotes 2", "Imran Khan", "carol" }, events.Select(e => e.User));
        Assert.Equal(new[] { "caa370e8-eb47-453e-87d4-59dbcb48801d", "0b8f2d6e-4c1a-4f7e-9a3b-2d5e6f708192", "5f0d6a2e-61b1-4c1e-9d0b-7a3cf2b6a001" }, events.Select(e => e.SessionId));
        Assert.Equal(new[] { SsoTraceOutcome.TokenNotFound, SsoTraceOutcome.TokenNotFound, SsoTraceOutcome.LoginFailed }, events.Select(e => e.Outcome));
        Assert.Equal(new[] { "CLFRX0027E", "CLFRX0035E" }, events[1].Codes);
        Assert.Equal(new[] { "CLFRX0027E" }, events[2].Codes);
        Assert.Equal(2, events[1].Line.Split('\n').Length);
    }

    [Fact]
    public void EventsOfADominoAndAWebSphereLogSortByInstant()
    {
        // The same login at 12:37:35 on a Domino server in CET and at 07:37:34 EDT on the proxy: next to each other once
        // sorted, with the other failures before them (by local clock the proxy's would all come first).
        var domino = SsoTraceReader.Read(Fixtures.PathOf("diagnostics", "pair-cet-domino-console.log"), LogDateOrder.DayMonthYear, null, null, TimeSpan.FromHours(1)).ToList();
        var proxy = Read("pair-edt-proxy-trace.log");
        var sorted = domino.Concat(proxy).OrderBy(e => e.Time).ToList();
        Assert.Equal(
            new[] { (SsoTraceSource.Domino, SsoTraceOutcome.Invalid), (SsoTraceSource.WebSphere, SsoTraceOutcome.Invalid), (SsoTraceSource.WebSphere, SsoTraceOutcome.Valid), (SsoTraceSource.Domino, SsoTraceOutcome.Valid) },
            sorted.Select(e => (e.Source, e.Outcome)));
        Assert.Equal(TimeSpan.FromHours(1), sorted[3].Time!.Value.Offset);
        Assert.Equal(LogTimeZoneSource.Parameter, sorted[3].TimeZoneSource);
        Assert.Equal(LogTimeZoneSource.Log, sorted[2].TimeZoneSource);
        Assert.Equal(TimeSpan.FromHours(-4), sorted[2].Time!.Value.Offset);
        Assert.Equal("CN=inotes 2,O=ibm", sorted[3].RawUser);
        Assert.Equal(sorted[2].Expiration, sorted[3].Expiration);
    }

    [Fact]
    public void DominoTimesWithoutAnOffsetTakeTheMachinesAndSaySo()
    {
        var warnings = new List<string>();
        var e = SsoTraceReader.Read(Fixtures.PathOf("diagnostics", "pair-cet-domino-console.log"), LogDateOrder.DayMonthYear, null, warnings).Last();
        var local = new DateTime(2017, 3, 13, 12, 37, 35, 200);
        Assert.Equal(LogTimeZoneSource.Machine, e.TimeZoneSource);
        Assert.Equal(new DateTimeOffset(local, TimeZoneInfo.Local.GetUtcOffset(local)), e.Time);
        // The trace's own expiration line shows the server's offset; where the machine's differs, a warning says which to give.
        bool machineIsCet = TimeZoneInfo.Local.GetUtcOffset(local) == TimeSpan.FromHours(1);
        Assert.Equal(machineIsCet ? 0 : 1, warnings.Count(w => w.Contains("-UtcOffset +01:00", StringComparison.Ordinal)));
    }

    [Fact]
    public void AnOffsetThatIsNoTimeZoneIsRefused()
    {
        var ex = Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() =>
            SsoTraceReader.Read(Fixtures.PathOf("diagnostics", "pair-cet-domino-console.log"), LogDateOrder.Auto, null, null, TimeSpan.FromHours(15)));
        Assert.Equal("InvalidUtcOffset", ex.ErrorId);
    }

    [Fact]
    public void Secj0371WIsAnExpiredTokenWithItsDates()
    {
        var events = Read("technote-secj0371w.log");
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(SsoTraceOutcome.Expired, e.Outcome));
        Assert.All(events, e => Assert.Equal("SECJ0371W", e.Code));
        Assert.Equal(new DateTimeOffset(2009, 4, 21, 15, 53, 9, 956, TimeSpan.FromHours(-5)), events[0].Time);
        Assert.Equal("4/21/09 15:53:09:956 CDT", events[0].TimeText);
        Assert.Contains("Tue Apr 21 13:59:12 CDT 2009", events[0].LikelyCause, StringComparison.Ordinal);
        // The expiration instant of the message, in its zone.
        Assert.Equal(new DateTimeOffset(2009, 4, 21, 13, 59, 12, TimeSpan.FromHours(-5)), events[0].Expiration);
        Assert.Equal(TimeSpan.FromHours(-5), events[0].Expiration!.Value.Offset);
        // The month-first order learned from 4/21/09 applies to 5/11/20.
        Assert.Equal(new DateTimeOffset(2020, 5, 11, 19, 48, 34, 364, TimeSpan.FromHours(2)), events[1].Time);
        Assert.Equal(new DateTimeOffset(1970, 1, 1, 1, 0, 0, TimeSpan.FromHours(1)), events[1].Expiration);
        Assert.Contains("1 January 1970", events[1].LikelyCause, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryDominoSsoErrorTextHasItsOutcomeAndCause()
    {
        var events = Read("domino-sso-errors.log");
        Assert.Equal(
            new[]
            {
                SsoTraceOutcome.Invalid, SsoTraceOutcome.Expired, SsoTraceOutcome.RealmUnknown, SsoTraceOutcome.NotConfigured, SsoTraceOutcome.ClockSkew,
                SsoTraceOutcome.TokenTypeMismatch, SsoTraceOutcome.ShouldRenew, SsoTraceOutcome.NotConfigured, SsoTraceOutcome.ConfigurationInvalid,
            },
            events.Select(e => e.Outcome));
        Assert.All(events.Where(e => e.Outcome != SsoTraceOutcome.ShouldRenew), e => Assert.False(string.IsNullOrEmpty(e.LikelyCause)));
        Assert.Contains("LDAP realm", events[2].LikelyCause);
        Assert.Contains("clocks", events[4].LikelyCause);
        Assert.Equal("HTTP Server: Single Sign-On token is invalid", events[0].Message);
        Assert.False(events[6].IsFailure);
    }

    [Fact]
    public void AnErrorAfterATraceGroupCompletesThatGroup()
    {
        string path = TempLog.Write(
            "[0DEC:000A-0F80] 13/03/2017 08:22:45.58 SSO API> -Raw Token Username = CN=inotes 2,O=ibm",
            "[0DEC:000A-0F80] 13/03/2017 08:22:45.58 SSO API> -LDAP Realm = otherRealm",
            "[0DEC:000A-0F80] 13/03/2017 08:22:45.59 HTTP Server: Single Sign-On token contains an unknown WebSphere LDAP realm",
            "[0DEC:000A-0F80] 13/03/2017 08:22:46.00 SSO API> -Raw Token Username = CN=Imran Khan,O=ibm");
        var events = SsoTraceReader.Read(path).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal(SsoTraceOutcome.RealmUnknown, events[0].Outcome);
        Assert.Equal("CN=inotes 2,O=ibm", events[0].RawUser);
        Assert.Equal("otherRealm", events[0].Realm);
        Assert.Equal(SsoTraceOutcome.Decoded, events[1].Outcome);
        Assert.Equal("CN=Imran Khan,O=ibm", events[1].RawUser);
    }

    [Fact]
    public void AFileWithoutSsoLinesGivesNoEvents()
    {
        Assert.Empty(Read("guide-community-startup.log"));
    }

    [Fact]
    public void ABinaryFileIsRefused()
    {
        string path = TempLog.WriteBytes(Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 % 256)).ToArray());
        var ex = Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() => SsoTraceReader.Read(path).ToList());
        Assert.Equal("LogFileNotText", ex.ErrorId);
    }

    [Fact]
    public void AGzipFileIsRefusedWithAHint()
    {
        string path = TempLog.WriteBytes(new byte[] { 0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3 });
        var ex = Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() => SsoTraceReader.Read(path).ToList());
        Assert.Equal("LogFileNotText", ex.ErrorId);
        Assert.Contains("Extract", ex.RecommendedAction);
    }

    [Fact]
    public void AMissingFileSaysSo()
    {
        var ex = Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() => SsoTraceReader.Read(Path.Combine(Path.GetTempPath(), "no-such-console.log")).ToList());
        Assert.Equal("LogFileNotFound", ex.ErrorId);
    }

    [Fact]
    public void ATruncatedFileStillGivesItsEvents()
    {
        string text = File.ReadAllText(Fixtures.PathOf("diagnostics", "guide-inotes-sso-trace.log"));
        // Cut in the middle of the "Decoding ..." line, as when a copy is taken while the server writes.
        string cut = text.Substring(0, text.IndexOf("Decoding Websphere", StringComparison.Ordinal) + 12);
        string path = TempLog.WriteBytes(System.Text.Encoding.UTF8.GetBytes(cut));
        var events = SsoTraceReader.Read(path).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal("CN=inotes 2/O=ibm", events[0].User);
        Assert.Equal("LtpaToken2", events[1].ConfigName);
        Assert.Equal("Web", events[1].TokenStyle);
    }

    [Fact]
    public void ALineCutRightAfterDecodingIsSkippedWithAWarningAndTheRestIsRead()
    {
        var warnings = new List<string>();
        string path = TempLog.Write(
            "[1A2B:0003-1F00] 14/03/2017 09:00:01 HTTP Server: Single Sign-On token is invalid",
            "[0DEC:000A-0F80] 14/03/2017 09:00:02.10 SSO API> ConfigName specified [LtpaToken2].",
            "[0DEC:000A-0F80] 14/03/2017 09:00:02.10 SSO API> Decoding ",
            "[0DEC:000A-0F80] 14/03/2017 09:00:02.11 SSO API> -Username = CN=inotes 2/O=ibm",
            "[1A2B:0003-1F00] 14/03/2017 09:00:03 HTTP Server: Single Sign-On token is expired");
        var events = SsoTraceReader.Read(path, LogDateOrder.Auto, null, warnings).ToList();
        Assert.Equal(3, events.Count);
        Assert.Equal(new[] { SsoTraceOutcome.Invalid, SsoTraceOutcome.Expired, SsoTraceOutcome.Decoded }, events.Select(e => e.Outcome));
        var validation = events[2];
        Assert.Equal("LtpaToken2", validation.ConfigName);
        Assert.Equal("CN=inotes 2/O=ibm", validation.User);
        Assert.Null(validation.TokenStyle);
        Assert.DoesNotContain("Decoding", validation.Line, StringComparison.Ordinal);
        Assert.Contains(warnings, w => w.Contains("line 3:", StringComparison.Ordinal) && w.Contains("skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryPatternRunOnLogLinesIsBoundedByAMatchTimeout()
    {
        // User names and codes in logs come from login requests: whoever can try a login can plant text in them. The log
        // readers either scan by hand (linear) or use a pattern with a match timeout; none may backtrack without bound.
        var logTypes = typeof(SsoTraceReader).Assembly.GetTypes()
            .Where(t => t.Namespace == "SametimeAdmin.Diagnostics" && (t.Name.StartsWith("Log", StringComparison.Ordinal) || t.Name.StartsWith("SsoTrace", StringComparison.Ordinal)
                || t.Name.StartsWith("Startup", StringComparison.Ordinal) || (t.DeclaringType?.Name.StartsWith("SsoTrace", StringComparison.Ordinal) ?? false)))
            .ToList();
        Assert.Contains(typeof(SsoTraceReader), logTypes);
        Assert.Contains(typeof(LogTimeParser), logTypes);
        var patterns = logTypes
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
            .Where(f => f.FieldType == typeof(System.Text.RegularExpressions.Regex))
            .Select(f => (f.DeclaringType!.Name + "." + f.Name, (System.Text.RegularExpressions.Regex)f.GetValue(null)!))
            .ToList();
        Assert.All(patterns, p => Assert.True(p.Item2.MatchTimeout != System.Text.RegularExpressions.Regex.InfiniteMatchTimeout, p.Item1 + " has no match timeout"));
    }

    [Fact]
    public void AHostileUserNameIsReadInOnePass()
    {
        // A line of nearly 64 KB (the longest the reader keeps), mostly spaces in the user name, as a login request can
        // plant it: the name is found, trimmed, and the record's other code still counts; the scan is a forward pass
        // (no pattern), so the size costs nothing more.
        string spaces = new string(' ', 32000);
        string path = TempLog.Write(
            "[27/02/17 10:50:54:554 EST] 000000e4 CommunityServ W CommunityService doService, SID: caa370e8-eb47-453e-87d4-59dbcb48801d CLFRX0027E: Unable to complete the login request for user a" + spaces.Substring(0, 30000) + "b" + spaces.Substring(0, 30000) + "x",
            "CLFRX0035E: Token was not found for login by token by user a" + spaces + ": Reason:" + spaces + ":" + spaces.Substring(0, 20000) + ".");
        var e = Assert.Single(SsoTraceReader.Read(path));
        Assert.Equal("a" + spaces.Substring(0, 30000) + "b" + spaces.Substring(0, 30000) + "x", e.User);
        Assert.Equal(SsoTraceOutcome.TokenNotFound, e.Outcome);
        Assert.Equal("a", SsoTraceReader.UserOf("for user a" + spaces + ": Reason: 1"));
        Assert.Equal("inotes 2", SsoTraceReader.UserOf("CLFRX0027E: Unable to complete the login request for user inotes 2: Reason: 1"));
        Assert.Equal("inotes 2", SsoTraceReader.UserOf("CLFRX0035E: Token was not found for login by token by user inotes 2."));
        Assert.Null(SsoTraceReader.UserOf("CLFRX0035E: Token was not found for login by token" + spaces));
    }

    [Fact]
    public void NulPaddingAfterACrashIsIgnored()
    {
        var bytes = File.ReadAllBytes(Fixtures.PathOf("diagnostics", "domino-sso-errors.log")).Concat(new byte[200_000]).ToArray();
        var events = SsoTraceReader.Read(TempLog.WriteBytes(bytes)).ToList();
        Assert.Equal(9, events.Count);
    }

    [Fact]
    public void AUtf16CopyReadsLikeTheOriginal()
    {
        string text = File.ReadAllText(Fixtures.PathOf("diagnostics", "guide-proxy-trace.log"));
        string path = TempLog.WriteBytes(System.Text.Encoding.Unicode.GetPreamble().Concat(System.Text.Encoding.Unicode.GetBytes(text)).ToArray());
        var events = SsoTraceReader.Read(path).ToList();
        Assert.Equal(new[] { "000000e7", "000000e4" }, events.Select(e => e.Process));
        Assert.Equal(SsoTraceOutcome.TokenNotFound, events[1].Outcome);
    }

    [Fact]
    public void OtherDateFormatsAreRead()
    {
        string path = TempLog.Write(
            "[0DEC:000A-0F80] 03/13/2017 08:22:45 AM SSO API> -Raw Token Username = CN=a,O=ibm",
            "[0DEC:000B-0F80] 2017-03-14 17:01:02 SSO API> -Raw Token Username = CN=b,O=ibm",
            "[0DEC:000C-0F80] 15.03.2017 09:10:11,25 SSO API> -Raw Token Username = CN=c,O=ibm",
            "[0DED:000C-0F80] 03/16/2017 01:10:11 PM SSO API> -Raw Token Username = CN=d,O=ibm");
        var times = SsoTraceReader.Read(path).Select(e => e.Time?.DateTime).ToList();
        Assert.Equal(
            new DateTime?[] { new DateTime(2017, 3, 13, 8, 22, 45), new DateTime(2017, 3, 14, 17, 1, 2), new DateTime(2017, 3, 15, 9, 10, 11, 250), new DateTime(2017, 3, 16, 13, 10, 11) },
            times);
    }

    [Fact]
    public void ALineWithoutAReadableTimeStillGivesAnEvent()
    {
        string path = TempLog.Write("SSO API> -Raw Token Username = CN=a,O=ibm", "99/99/2017 08:00:00 HTTP Server: Single Sign-On token is expired");
        var events = SsoTraceReader.Read(path).ToList();
        Assert.Single(events);
        Assert.Null(events[0].Time);
        Assert.Equal(SsoTraceOutcome.Expired, events[0].Outcome);
    }

    [Fact]
    public void OverlongLinesAreCutNotLoaded()
    {
        string huge = new string('x', 5 * 1024 * 1024);
        string path = TempLog.Write("[0DEC:000A-0F80] 13/03/2017 08:22:45 SSO API> -Raw Token Username = CN=a,O=ibm " + huge,
            "[0DEC:000A-0F80] 13/03/2017 08:22:46 HTTP Server: Single Sign-On token is expired");
        var e = Assert.Single(SsoTraceReader.Read(path));
        Assert.Equal(SsoTraceOutcome.Expired, e.Outcome);
        Assert.True(e.Line.Length < 200_000);
    }
}

internal static class TempLog
{
    public static string Write(params string[] lines) => WriteBytes(System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n"));

    public static string WriteBytes(byte[] bytes)
    {
        string path = Path.Combine(Path.GetTempPath(), "stadmin-test-" + Guid.NewGuid().ToString("N") + ".log");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
