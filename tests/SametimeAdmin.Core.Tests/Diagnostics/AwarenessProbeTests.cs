using System.Diagnostics;
using System.Net;
using SametimeAdmin.Diagnostics;
using SametimeAdmin.LabProxy;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Diagnostics;

public class AwarenessProbeTests
{
    private const string User = "CN=inotes 2,O=ibm";

    private static AwarenessProbeOptions TokenOptions(LabFixture lab, string? token = null, double timeoutSeconds = 5)
    {
        var options = new AwarenessProbeOptions(lab.Url)
        {
            LoginMode = AwarenessLoginMode.Token,
            Token = token ?? lab.TokenFor(User),
            UserName = User,
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        };
        options.WatchUsers.Add("CN=Declan Joyce,O=ibm");
        return options;
    }

    private static Dictionary<AwarenessStep, AwarenessStepResult> Run(AwarenessProbeOptions options)
    {
        var results = AwarenessProbe.RunAsync(options, CancellationToken.None).GetAwaiter().GetResult();
        Assert.Equal(Enum.GetValues<AwarenessStep>(), results.Select(r => r.Step));
        return results.ToDictionary(r => r.Step);
    }

    [Fact]
    public void AValidTokenPassesEveryStep()
    {
        using var lab = new LabFixture();
        var r = Run(TokenOptions(lab));

        foreach (var step in new[] { AwarenessStep.NameResolution, AwarenessStep.TcpConnect, AwarenessStep.ClientScripts, AwarenessStep.Login, AwarenessStep.Presence, AwarenessStep.BuddyList, AwarenessStep.Logout })
        {
            Assert.True(r[step].Status == AwarenessStepStatus.Passed, step + ": " + r[step].Evidence);
            Assert.Null(r[step].Fix);
        }

        Assert.Equal(AwarenessStepStatus.Skipped, r[AwarenessStep.Tls].Status);
        Assert.Equal(AwarenessStepStatus.Skipped, r[AwarenessStep.SsoDomain].Status);
        Assert.Contains("Declan Joyce,O=ibm: away (2)", r[AwarenessStep.Presence].Evidence);
        Assert.Contains("1 group(s), 4 contact(s)", r[AwarenessStep.BuddyList].Evidence);
        Assert.Contains("logged in as inotes 2", r[AwarenessStep.Login].Evidence);
    }

    private static void AssertSkipped(Dictionary<AwarenessStep, AwarenessStepResult> r, params AwarenessStep[] steps)
    {
        foreach (var step in steps)
        {
            Assert.True(r[step].Status == AwarenessStepStatus.Skipped, step + " should be skipped: " + r[step].Status + " " + r[step].Evidence);
            Assert.Null(r[step].Fix);
        }
    }

    [Fact]
    public void ProxyDownIsA502OnTheClientScriptsAndSkipsTheLogin()
    {
        using var lab = new LabFixture(LabProxyMode.ProxyDown);
        var r = Run(TokenOptions(lab));

        var scripts = r[AwarenessStep.ClientScripts];
        Assert.Equal(AwarenessStepStatus.Failed, scripts.Status);
        Assert.Equal(502, scripts.HttpStatus);
        Assert.Contains("Sametime Proxy Server is not running", scripts.Evidence);
        Assert.Contains("502 Bad Gateway", scripts.Evidence);
        Assert.Contains("Start the Sametime Proxy Server", scripts.Fix);
        Assert.Equal(AwarenessStepStatus.Passed, r[AwarenessStep.TcpConnect].Status);
        AssertSkipped(r, AwarenessStep.Login, AwarenessStep.Presence, AwarenessStep.BuddyList, AwarenessStep.Logout);
    }

    [Fact]
    public void CommunityServerDownFailsTheLoginWithTheTrustedIpFix()
    {
        using var lab = new LabFixture(LabProxyMode.CommunityDown);
        var r = Run(TokenOptions(lab));

        var login = r[AwarenessStep.Login];
        Assert.Equal(AwarenessStepStatus.Failed, login.Status);
        Assert.Equal(503, login.HttpStatus);
        Assert.Contains("Sametime is temporarily unavailable", login.Evidence);
        Assert.Contains("Community Trusted IPs", login.Fix);
        Assert.Contains("1516", login.Fix);
        Assert.Equal(AwarenessStepStatus.Passed, r[AwarenessStep.ClientScripts].Status);
        AssertSkipped(r, AwarenessStep.Presence, AwarenessStep.BuddyList, AwarenessStep.Logout);
    }

    [Theory]
    [InlineData(LabProxyMode.TokenRejected)]
    [InlineData(LabProxyMode.WrongCookieName)]
    public void TokenNotFoundShowsClfrx0035EAndTheStTokenTypeFix(LabProxyMode mode)
    {
        using var lab = new LabFixture(mode);
        var r = Run(TokenOptions(lab));

        var login = r[AwarenessStep.Login];
        Assert.Equal(AwarenessStepStatus.Failed, login.Status);
        Assert.Contains("CLFRX0035E: Token was not found for login by token by user inotes 2", login.Evidence);
        Assert.Contains("[AuthToken] ST_TOKEN_TYPE=", login.Fix);
        AssertSkipped(r, AwarenessStep.Presence, AwarenessStep.BuddyList, AwarenessStep.Logout);
    }

    [Fact]
    public void ATokenFromOtherKeysIsRejectedWithTheKeyFix()
    {
        using var lab = new LabFixture();
        using var otherKeys = LtpaKeySet.Generate("defaultWIMFileBasedRealm");
        var r = Run(TokenOptions(lab, lab.TokenFor(User, otherKeys)));

        var login = r[AwarenessStep.Login];
        Assert.Equal(AwarenessStepStatus.Failed, login.Status);
        Assert.Equal(401, login.HttpStatus);
        Assert.Contains("could not be validated", login.Evidence);
        Assert.Contains("proxy's own keys", login.Fix);
        AssertSkipped(r, AwarenessStep.Presence, AwarenessStep.BuddyList, AwarenessStep.Logout);
    }

    [Fact]
    public void AnExpiredTokenIsRejected()
    {
        using var lab = new LabFixture();
        var r = Run(TokenOptions(lab, lab.TokenFor(User, lifetime: TimeSpan.FromMinutes(-5))));
        Assert.Equal(AwarenessStepStatus.Failed, r[AwarenessStep.Login].Status);
        Assert.Contains("Expired", r[AwarenessStep.Login].Evidence);
    }

    [Fact]
    public void HtmlWhereJsonIsExpectedIsReportedAsSuch()
    {
        using var lab = new LabFixture(LabProxyMode.HtmlErrors);
        var r = Run(TokenOptions(lab));

        var login = r[AwarenessStep.Login];
        Assert.Equal(AwarenessStepStatus.Failed, login.Status);
        Assert.Contains("HTML page titled 'Login'", login.Evidence);
        Assert.Contains("where JSON was expected", login.Evidence);
        Assert.Contains("instead of the web API", login.Fix);
    }

    [Theory]
    [InlineData(LabProxyMode.Slow)]
    [InlineData(LabProxyMode.Hang)]
    public void ASlowOrHungProxyFailsWithinTheTimeout(LabProxyMode mode)
    {
        using var lab = new LabFixture(mode, slowDelay: TimeSpan.FromSeconds(30));
        var options = TokenOptions(lab, timeoutSeconds: 1);
        Dictionary<AwarenessStep, AwarenessStepResult>? r = null;
        var elapsed = Timing.Measure(() => r = Run(options));

        Assert.True(elapsed < TimeSpan.FromSeconds(6), "took " + elapsed);
        var scripts = r![AwarenessStep.ClientScripts];
        Assert.Equal(AwarenessStepStatus.Failed, scripts.Status);
        Assert.Contains("no complete answer within 1 s", scripts.Evidence);
        Assert.True(scripts.Duration < TimeSpan.FromSeconds(3), "step took " + scripts.Duration);
        AssertSkipped(r, AwarenessStep.Login, AwarenessStep.Presence, AwarenessStep.BuddyList, AwarenessStep.Logout);
    }

    [Fact]
    public void AnUnresolvableHostFailsTheFirstStepAndSkipsTheRest()
    {
        var options = new AwarenessProbeOptions(new Uri("http://no-such-proxy.invalid:9080/")) { Timeout = TimeSpan.FromSeconds(3) };
        var r = Run(options);

        Assert.Equal(AwarenessStepStatus.Failed, r[AwarenessStep.NameResolution].Status);
        Assert.Contains("no-such-proxy.invalid", r[AwarenessStep.NameResolution].Evidence);
        Assert.Contains("Resolve-DnsName", r[AwarenessStep.NameResolution].Fix);
        AssertSkipped(r, AwarenessStep.TcpConnect, AwarenessStep.Tls, AwarenessStep.ClientScripts, AwarenessStep.Login, AwarenessStep.Presence, AwarenessStep.BuddyList, AwarenessStep.Logout);
    }

    [Fact]
    public void ARefusedConnectionSaysNothingListens()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var r = Run(new AwarenessProbeOptions(new Uri($"http://127.0.0.1:{port}/")) { Timeout = TimeSpan.FromSeconds(3) });
        Assert.Equal(AwarenessStepStatus.Failed, r[AwarenessStep.TcpConnect].Status);
        Assert.Contains("refused the connection", r[AwarenessStep.TcpConnect].Evidence);
        Assert.Contains($"Nothing listens on port {port}", r[AwarenessStep.TcpConnect].Fix);
        AssertSkipped(r, AwarenessStep.ClientScripts, AwarenessStep.Login);
    }

    [Fact]
    public void AConnectionThatIsNeverAnsweredTimesOut()
    {
        using var hole = new BlackHoleListener();
        var options = new AwarenessProbeOptions(new Uri($"http://127.0.0.1:{hole.Port}/")) { Timeout = TimeSpan.FromSeconds(1) };
        Dictionary<AwarenessStep, AwarenessStepResult>? r = null;
        var elapsed = Timing.Measure(() => r = Run(options));

        Assert.True(elapsed < TimeSpan.FromSeconds(4), "took " + elapsed);
        Assert.Equal(AwarenessStepStatus.Failed, r![AwarenessStep.TcpConnect].Status);
        Assert.Contains("did not answer within 1 s", r[AwarenessStep.TcpConnect].Evidence);
        AssertSkipped(r, AwarenessStep.ClientScripts, AwarenessStep.Login);
    }

    [Fact]
    public void ASelfSignedCertificateFailsTheTlsStep()
    {
        using var lab = new LabFixture(tls: true);
        var r = Run(TokenOptions(lab));

        var tls = r[AwarenessStep.Tls];
        Assert.Equal(AwarenessStepStatus.Failed, tls.Status);
        Assert.Contains("not trusted", tls.Evidence);
        Assert.Contains("CN=localhost", tls.Evidence);
        Assert.Contains("SSLHandshakeException", tls.Fix);
        AssertSkipped(r, AwarenessStep.ClientScripts, AwarenessStep.Login, AwarenessStep.Presence, AwarenessStep.BuddyList, AwarenessStep.Logout);
    }

    [Fact]
    public void SkipCertificateCheckContinuesOverTlsAndSaysSo()
    {
        using var lab = new LabFixture(tls: true);
        var options = TokenOptions(lab);
        options.SkipCertificateCheck = true;
        var r = Run(options);

        Assert.Equal(AwarenessStepStatus.Passed, r[AwarenessStep.Tls].Status);
        Assert.Contains("-SkipCertificateCheck", r[AwarenessStep.Tls].Evidence);
        Assert.Equal(AwarenessStepStatus.Passed, r[AwarenessStep.Login].Status);
        Assert.Equal(AwarenessStepStatus.Passed, r[AwarenessStep.BuddyList].Status);
    }

    [Fact]
    public void PasswordLoginWorksAndAWrongPasswordFails()
    {
        using var lab = new LabFixture();
        var good = new AwarenessProbeOptions(lab.Url) { LoginMode = AwarenessLoginMode.Password, Credential = new NetworkCredential("inotes 2", "lab-passw0rd") };
        var r = Run(good);
        Assert.Equal(AwarenessStepStatus.Passed, r[AwarenessStep.Login].Status);
        Assert.Contains("inotes 2: available (1)", r[AwarenessStep.Presence].Evidence);

        var bad = new AwarenessProbeOptions(lab.Url) { LoginMode = AwarenessLoginMode.Password, Credential = new NetworkCredential("inotes 2", "wrong") };
        var failed = Run(bad);
        Assert.Equal(AwarenessStepStatus.Failed, failed[AwarenessStep.Login].Status);
        Assert.Contains("user name or password", failed[AwarenessStep.Login].Fix);
        Assert.DoesNotContain("wrong", failed[AwarenessStep.Login].Evidence);
    }

    [Fact]
    public void WithoutCredentialsOnlyTheReachabilityIsChecked()
    {
        using var lab = new LabFixture();
        var r = Run(new AwarenessProbeOptions(lab.Url));
        Assert.Equal(AwarenessStepStatus.Passed, r[AwarenessStep.ClientScripts].Status);
        AssertSkipped(r, AwarenessStep.Login, AwarenessStep.Presence, AwarenessStep.BuddyList, AwarenessStep.Logout);
        Assert.Contains("No token", r[AwarenessStep.Login].Evidence);
    }

    [Fact]
    public async Task TheTokenNeverAppearsInTheResults()
    {
        using var lab = new LabFixture(LabProxyMode.TokenRejected);
        string token = lab.TokenFor(User);
        var results = await AwarenessProbe.RunAsync(TokenOptions(lab, token), CancellationToken.None);
        foreach (var result in results)
        {
            Assert.DoesNotContain(token, result.Evidence);
            Assert.DoesNotContain(token.Substring(0, 20), result.Evidence + result.Fix);
        }
    }

    [Fact]
    public void AnIpAddressIsNeverInsideTheSsoDomain()
    {
        using var lab = new LabFixture();
        var options = TokenOptions(lab);
        options.SsoDomain = "example.com";
        var r = Run(options);
        Assert.Equal(AwarenessStepStatus.Failed, r[AwarenessStep.SsoDomain].Status);
        Assert.Contains("IP address", r[AwarenessStep.SsoDomain].Evidence);
        Assert.Contains(".example.com", r[AwarenessStep.SsoDomain].Fix);
    }

    [Theory]
    [InlineData("proxy.acme.com", ".acme.com", true)]
    [InlineData("proxy.acme.com", "acme.com", true)]
    [InlineData("PROXY.Acme.Com", ".acme.com", true)]
    [InlineData("acme.com", ".acme.com", true)]
    [InlineData("proxy.notacme.com", ".acme.com", false)]
    [InlineData("proxy.acme.com.evil.org", ".acme.com", false)]
    [InlineData("proxy", ".acme.com", false)]
    [InlineData("10.1.2.3", ".acme.com", false)]
    [InlineData("proxy.acme.com", ".", false)]
    public void DomainMatchingFollowsCookieRules(string host, string domain, bool expected)
    {
        Assert.Equal(expected, AwarenessProbe.IsInDomain(host, domain));
    }

    [Theory]
    [InlineData("proxy.acme.com:9080", "http://proxy.acme.com:9080/")]
    [InlineData("https://proxy.acme.com:9443/stwebclient/popup.jsp?x=1", "https://proxy.acme.com:9443/stwebclient/popup.jsp/")]
    [InlineData("http://proxy.acme.com", "http://proxy.acme.com/")]
    public void ProxyUrlsAreNormalised(string text, string expected)
    {
        Assert.Equal(expected, AwarenessProbe.ParseUrl(text).ToString());
    }

    [Theory]
    [InlineData("ftp://proxy.acme.com/")]
    [InlineData("http://")]
    [InlineData("::::")]
    public void InvalidProxyUrlsAreRefused(string text)
    {
        var ex = Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() => AwarenessProbe.ParseUrl(text));
        Assert.Equal("ProxyUrlInvalid", ex.ErrorId);
    }
}
