using SametimeAdmin.Common;
using SametimeAdmin.Diagnostics;
using Xunit;

namespace SametimeAdmin.Tests.Diagnostics;

public sealed class ProxyRequestReaderTests : IDisposable
{
    private readonly List<string> written = new();

    private static readonly TimeSpan Edt = TimeSpan.FromHours(-4);

    private static readonly ProxyRequestKind[] Both = { ProxyRequestKind.Presence, ProxyRequestKind.BuddyList };

    private static List<ProxyRequestEvent> Read(string fixture, params ProxyRequestKind[] kinds) =>
        ProxyRequestReader.Read(Fixtures.PathOf("diagnostics", fixture), kinds).ToList();

    [Fact]
    public void APresenceRequestGetsTheLtpaErrorOfItsThreadAndTheWarningOfAnotherThreadWithinTheWindow()
    {
        var requests = Read("proxy-requests-trace.log", Both);
        Assert.Equal(2, requests.Count);

        var presence = requests[0];
        Assert.Equal(ProxyRequestKind.Presence, presence.Kind);
        // The WebAuthenticator line (the guide's) and the EJSWebCollaborator line of the same thread are one request.
        Assert.Equal(6, presence.LineNumber);
        Assert.Equal("00000109", presence.Thread);
        Assert.Equal("POST", presence.Method);
        Assert.Equal("/stwebapi/presence", presence.Url);
        Assert.Equal(new DateTimeOffset(2017, 3, 13, 7, 37, 36, 325, Edt), presence.Time);
        Assert.Equal(LogTimeZoneSource.Log, presence.TimeZoneSource);
        Assert.Equal("13/03/17 07:37:36:325 EDT", presence.TimeText);

        // Its own thread's SECJ0369E, then the other thread's CLFRX0027E 0.8 s later; not the errors after the
        // thread's next request (07:39:00) nor the other thread's warning minutes later.
        Assert.Equal(2, presence.Errors.Count);
        var ltpa = presence.Errors[0];
        Assert.True(ltpa.SameThread);
        Assert.Equal(9, ltpa.LineNumber);
        Assert.Equal("E", ltpa.Level);
        Assert.Equal("SECJ0369E", ltpa.Code);
        Assert.StartsWith("SECJ0369E: Authentication failed when using LTPA.", ltpa.Message, StringComparison.Ordinal);
        Assert.Contains("LTPA keys", ltpa.LikelyCause, StringComparison.Ordinal);

        var other = presence.Errors[1];
        Assert.False(other.SameThread);
        Assert.Equal("000000e4", other.Thread);
        Assert.Equal("W", other.Level);
        Assert.Equal("CLFRX0027E", other.Code);
        Assert.Contains("Community Trusted IPs", other.LikelyCause, StringComparison.Ordinal);

        Assert.True(presence.HasErrors);
        Assert.Equal(ltpa.LikelyCause, presence.LikelyCause);
    }

    [Fact]
    public void ABuddyListRequestWithoutErrorsIsReportedClean()
    {
        var buddy = Read("proxy-requests-trace.log", Both)[1];
        Assert.Equal(ProxyRequestKind.BuddyList, buddy.Kind);
        Assert.Equal(16, buddy.LineNumber);
        Assert.Equal("000000ec", buddy.Thread);
        Assert.Null(buddy.Method);
        Assert.Equal("/stwebapi/buddylist", buddy.Url);
        Assert.Equal(new DateTimeOffset(2017, 3, 13, 7, 52, 41, 41, Edt), buddy.Time);
        Assert.Empty(buddy.Errors);
        Assert.False(buddy.HasErrors);
        Assert.Null(buddy.LikelyCause);
    }

    [Fact]
    public void OnlyTheKindsAskedForAreReported()
    {
        var buddy = Assert.Single(Read("proxy-requests-trace.log", ProxyRequestKind.BuddyList));
        Assert.Equal(ProxyRequestKind.BuddyList, buddy.Kind);
        var presence = Assert.Single(Read("proxy-requests-trace.log", ProxyRequestKind.Presence));
        Assert.Equal(2, presence.Errors.Count);
    }

    [Fact]
    public void TheGuidesOwnRequestLinesAreFoundAndTheEarlierErrorIsNotTheirs()
    {
        // guide-proxy-trace.log holds the guide's lines of 4.2 step 3 and 4.3 step 3, and a CLFRX0027E of 27/02/17.
        var requests = Read("guide-proxy-trace.log", Both);
        Assert.Equal(2, requests.Count);
        Assert.Equal(ProxyRequestKind.Presence, requests[0].Kind);
        Assert.Equal("00000109", requests[0].Thread);
        Assert.Equal("POST", requests[0].Method);
        Assert.Equal(ProxyRequestKind.BuddyList, requests[1].Kind);
        Assert.Equal("000000ec", requests[1].Thread);
        Assert.All(requests, r => Assert.Empty(r.Errors));
    }

    [Fact]
    public void TheSsoEventSearchStillSkipsTheRequestLines()
    {
        // The request reader has its own markers: the SSO events of the same file are what they were.
        var events = SsoTraceReader.Read(Fixtures.PathOf("diagnostics", "proxy-requests-trace.log")).ToList();
        Assert.DoesNotContain(events, e => e.Line.Contains("/stwebapi/presence", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Line.Contains("Servlet Path=/buddylist", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[13/03/17 07:37:36:340 EDT] 00000109 WebAuthentica 3 Response status 401 for /stwebapi/presence", "HTTP 401", "SSO DNS domain")]
    [InlineData("[13/03/17 07:37:36:340 EDT] 00000109 WebCollaborat 3 sendError(403, Forbidden)", "HTTP 403", "role mapping")]
    [InlineData("[13/03/17 07:37:36:340 EDT] 00000109 SRTServletRes 3 HTTP/1.1 500 Internal Server Error", "HTTP 500", "Community Server")]
    public void AnHttpStatusLineAfterARequestIsAnErrorWithItsCause(string statusLine, string code, string causeText)
    {
        string path = WriteTrace(
            "[13/03/17 07:37:36:325 EDT] 00000109 WebAuthentica 3 method : POST URL:/stwebapi/presence",
            statusLine);
        var error = Assert.Single(Assert.Single(ProxyRequestReader.Read(path, Both)).Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal("3", error.Level);
        Assert.Contains(causeText, error.LikelyCause, StringComparison.Ordinal);
    }

    [Fact]
    public void AStatusOtherThanTheKnownOnesAndATraceLineAreNotErrors()
    {
        string path = WriteTrace(
            "[13/03/17 07:37:36:325 EDT] 00000109 WebAuthentica 3 method : POST URL:/stwebapi/presence",
            "[13/03/17 07:37:36:330 EDT] 00000109 WebAuthentica 3 Response status 200",
            "[13/03/17 07:37:36:331 EDT] 00000109 WebAuthentica > handleException Entry");
        Assert.Empty(Assert.Single(ProxyRequestReader.Read(path, Both)).Errors);
    }

    [Fact]
    public void ACausedByLineGoesWithTheErrorBeforeIt()
    {
        string path = WriteTrace(
            "[13/03/17 07:37:36:325 EDT] 00000109 WebAuthentica 3 method : POST URL:/stwebapi/buddylist",
            "[13/03/17 07:37:36:330 EDT] 00000109 UserRegistry E Failed to look up the user.",
            "Caused by: com.ibm.websphere.wim.exception.EntityNotFoundException: CWWIM4001E The 'CN=inotes 2,O=ibm' entity was not found.");
        var error = Assert.Single(Assert.Single(ProxyRequestReader.Read(path, Both)).Errors);
        Assert.Equal("CWWIM4001E", error.Code);
        Assert.Contains("same LDAP directory", error.LikelyCause, StringComparison.Ordinal);
        Assert.Equal(2, error.Line.Split('\n').Length);
    }

    [Fact]
    public void AnOffsetThatIsNotAZonesIsRefused()
    {
        var ex = Assert.Throws<SametimeAdminException>(() =>
            ProxyRequestReader.Read(Fixtures.PathOf("diagnostics", "proxy-requests-trace.log"), Both, LogDateOrder.Auto, null, TimeSpan.FromHours(15)));
        Assert.Equal("InvalidUtcOffset", ex.ErrorId);
    }

    public void Dispose()
    {
        foreach (string path in written)
        {
            File.Delete(path);
        }
    }

    private string WriteTrace(params string[] lines)
    {
        string path = Path.Combine(Path.GetTempPath(), "proxyreq-" + Guid.NewGuid().ToString("N") + ".log");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        written.Add(path);
        return path;
    }
}
