using SametimeAdmin.Diagnostics;
using Xunit;

namespace SametimeAdmin.Tests.Diagnostics;

public class SsoTraceReaderTests
{
    private static List<SsoTraceEvent> Read(string fixture, LogDateOrder order = LogDateOrder.Auto) =>
        SsoTraceReader.Read(Fixtures.PathOf("diagnostics", fixture), order).ToList();

    [Fact]
    public void TheGuidesINotesTraceIsOneDecodedTokenWithEveryField()
    {
        var e = Assert.Single(Read("guide-inotes-sso-trace.log"));

        Assert.Equal(SsoTraceSource.Domino, e.Source);
        Assert.Equal(SsoTraceOutcome.Decoded, e.Outcome);
        Assert.False(e.IsFailure);
        Assert.Equal("CN=inotes 2,O=ibm", e.RawUser);
        Assert.Equal("CN=inotes 2/O=ibm", e.User);
        Assert.Equal("defaultWIMFileBasedRealm", e.Realm);
        Assert.Equal("LtpaToken2", e.ConfigName);
        Assert.Equal("Websphere style LTPA2 token (LtpaToken2)", e.TokenStyle);
        // 1489407735666 ms after 1970-01-01 UTC.
        Assert.Equal(new DateTimeOffset(2017, 3, 13, 12, 22, 15, 666, TimeSpan.Zero), e.Expiration);
        Assert.Equal(new DateTime(2017, 3, 13, 8, 22, 45, 580), e.Time);
        Assert.Equal("0DEC", e.Process);
        Assert.Equal(1, e.LineNumber);
        Assert.Null(e.LikelyCause);
        // The raw text keeps the lines that carry data (the guide's wrapped "(LtpaToken2)." included), not the cache chatter.
        var lines = e.Line.Split('\n');
        Assert.Equal(8, lines.Length);
        Assert.Contains(lines, l => l.EndsWith("ConfigName specified [LtpaToken2].", StringComparison.Ordinal));
        Assert.Equal("(LtpaToken2).", lines[^1]);
        Assert.DoesNotContain(lines, l => l.Contains("Retrieved global static cache", StringComparison.Ordinal));
        Assert.StartsWith("[0DEC:000A-0F80] 13/03/2017 08:22:45.58 SSO API> -Raw Token Username", e.Line);
    }

    [Fact]
    public void TheCommunityTraceSpansTwoThreadsOfOneProcess()
    {
        // 09/03/2017 alone is ambiguous: the expiration ticks (9 March 2017 UTC) show the guide's servers write day first.
        var e = Assert.Single(Read("guide-community-sso-trace.log", LogDateOrder.DayMonthYear));
        Assert.Equal("CN=Declan Joyce/O=ibm", e.User);
        Assert.Equal("LtpaToken2", e.ConfigName);
        Assert.Equal("Websphere style LTPA2 token (LtpaToken2)", e.TokenStyle);
        Assert.Equal(new DateTimeOffset(2017, 3, 9, 11, 46, 59, 666, TimeSpan.Zero), e.Expiration);
        Assert.Equal(new DateTime(2017, 3, 9, 7, 29, 54, 10), e.Time);
    }

    [Fact]
    public void TheProxyTraceGivesTheValidatedTokenAndBothClfrxErrors()
    {
        var events = Read("guide-proxy-trace.log");
        Assert.Equal(3, events.Count);

        var valid = events[0];
        Assert.Equal(SsoTraceSource.WebSphere, valid.Source);
        Assert.Equal(SsoTraceOutcome.Valid, valid.Outcome);
        Assert.Equal("CN=inotes 2,O=ibm", valid.User);
        Assert.Equal("defaultWIMFileBasedRealm", valid.Realm);
        Assert.Equal(new DateTimeOffset(2017, 3, 13, 11, 49, 7, 666, TimeSpan.Zero), valid.Expiration);
        Assert.Equal(new DateTime(2017, 3, 13, 7, 37, 34, 4), valid.Time);
        Assert.Equal("000000e7", valid.Process);
        Assert.Equal(1, valid.LineNumber);

        var loginFailed = events[1];
        Assert.Equal(SsoTraceSource.SametimeProxy, loginFailed.Source);
        Assert.Equal(SsoTraceOutcome.LoginFailed, loginFailed.Outcome);
        Assert.Equal("CLFRX0027E", loginFailed.Code);
        Assert.Equal("inotes 2", loginFailed.User);
        Assert.Equal(new DateTime(2017, 2, 27, 10, 50, 54, 554), loginFailed.Time);

        var notFound = events[2];
        Assert.Equal(SsoTraceOutcome.TokenNotFound, notFound.Outcome);
        Assert.Equal("CLFRX0035E", notFound.Code);
        Assert.Equal("inotes 2", notFound.User);
        Assert.Equal(11, notFound.LineNumber);
        Assert.Equal(loginFailed.Time, notFound.Time);
        Assert.Contains("ST_TOKEN_TYPE", notFound.LikelyCause);
        Assert.True(notFound.IsFailure);
    }

    [Fact]
    public void Secj0371WIsAnExpiredTokenWithItsDates()
    {
        var events = Read("technote-secj0371w.log");
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(SsoTraceOutcome.Expired, e.Outcome));
        Assert.All(events, e => Assert.Equal("SECJ0371W", e.Code));
        Assert.Equal(new DateTime(2009, 4, 21, 15, 53, 9, 956), events[0].Time);
        Assert.Equal("4/21/09 15:53:09:956 CDT", events[0].TimeText);
        Assert.Contains("Tue Apr 21 13:59:12 CDT 2009", events[0].LikelyCause);
        // The month-first order learned from 4/21/09 applies to 5/11/20.
        Assert.Equal(new DateTime(2020, 5, 11, 19, 48, 34, 364), events[1].Time);
        Assert.Contains("1 January 1970", events[1].LikelyCause);
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
    public void ATruncatedFileStillGivesItsLastCompleteEvent()
    {
        string text = File.ReadAllText(Fixtures.PathOf("diagnostics", "guide-inotes-sso-trace.log"));
        // Cut in the middle of the "Decoding ..." line, as when a copy is taken while the server writes.
        string cut = text.Substring(0, text.IndexOf("Decoding Websphere", StringComparison.Ordinal) + 12);
        string path = TempLog.WriteBytes(System.Text.Encoding.UTF8.GetBytes(cut));
        var e = Assert.Single(SsoTraceReader.Read(path));
        Assert.Equal("CN=inotes 2/O=ibm", e.User);
        Assert.Equal("LtpaToken2", e.ConfigName);
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
        Assert.Equal(new[] { "000000e7", "000000e4", "000000e4" }, events.Select(e => e.Process));
        Assert.Equal(SsoTraceOutcome.TokenNotFound, events[2].Outcome);
    }

    [Fact]
    public void OtherDateFormatsAreRead()
    {
        string path = TempLog.Write(
            "[0DEC:000A-0F80] 03/13/2017 08:22:45 AM SSO API> -Raw Token Username = CN=a,O=ibm",
            "[0DEC:000B-0F80] 2017-03-14 17:01:02 SSO API> -Raw Token Username = CN=b,O=ibm",
            "[0DEC:000C-0F80] 15.03.2017 09:10:11,25 SSO API> -Raw Token Username = CN=c,O=ibm",
            "[0DED:000C-0F80] 03/16/2017 01:10:11 PM SSO API> -Raw Token Username = CN=d,O=ibm");
        var times = SsoTraceReader.Read(path).Select(e => e.Time).ToList();
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
