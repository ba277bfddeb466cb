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

    private const string Bob = "uid=bob,ou=people,dc=lab,dc=example,dc=com";
    private const string Carol = "uid=carol,ou=people,dc=lab,dc=example,dc=com";

    [Theory]
    [InlineData(LabProxyMode.Normal)]
    [InlineData(LabProxyMode.PresenceList)]
    [InlineData(LabProxyMode.PresenceStatuses)]
    [InlineData(LabProxyMode.PresencePerUser)]
    public void EveryWatchedUsersStatusIsReadWhereverTheAnswerHoldsIt(LabProxyMode mode)
    {
        using var lab = new LabFixture(mode);
        var options = TokenOptions(lab);
        options.WatchUsers.Add(Bob);
        options.WatchUsers.Add(Carol);
        var presence = Run(options)[AwarenessStep.Presence];

        Assert.True(presence.Status == AwarenessStepStatus.Passed, presence.Evidence);
        Assert.Contains("CN=Declan Joyce,O=ibm: away (2)", presence.Evidence);
        Assert.Contains(Bob + ": away (2)", presence.Evidence);
        Assert.Contains(Carol + ": offline (0)", presence.Evidence);
        Assert.Contains("for 3 users at once", presence.Evidence);
    }

    [Fact]
    public void APresenceAnswerWithoutAStatusIsAWarningWithTheAnswersShape()
    {
        using var lab = new LabFixture(LabProxyMode.PresenceNoStatus);
        var presence = Run(TokenOptions(lab))[AwarenessStep.Presence];

        Assert.Equal(AwarenessStepStatus.Warning, presence.Status);
        Assert.Contains("CN=Declan Joyce,O=ibm: HTTP 200, no status in it", presence.Evidence);
        Assert.Contains("answer shape {returnCode: number, userId: string, watched: boolean}", presence.Evidence);
        Assert.Contains("not publicly documented", presence.Fix);
    }

    [Theory]
    [InlineData("person-top-level.json", "uid=alice,ou=people,dc=lab,dc=example,dc=com", 1, "I am Available")]
    [InlineData("presence-list.json", Bob, 2, "Away")]
    [InlineData("presence-list.json", Carol, 5, "In a Meeting")]
    [InlineData("statuses-list.json", Carol, 0, "I am offline")]
    [InlineData("bare-array.json", Bob, 6, "Available")]
    [InlineData("per-user-map.json", Bob, 2, "Away")]
    [InlineData("per-user-map.json", "uid=alice,ou=people,dc=lab,dc=example,dc=com", 1, "I am Available")]
    [InlineData("status-by-name.json", Bob, 3, "Do not Disturb")]
    public void PresenceFixturesGiveTheWatchedUsersStatus(string file, string user, int code, string message)
    {
        var json = Newtonsoft.Json.Linq.JToken.Parse(Fixtures.ReadText("diagnostics", "presence", file));
        var entry = PresenceAnswer.For(PresenceAnswer.Read(json), user);

        Assert.NotNull(entry);
        Assert.Equal(code, entry!.Code);
        Assert.Equal(message, entry.Message);
    }

    [Theory]
    [InlineData("no-status.json", 0)]
    [InlineData("other-user-only.json", 1)]
    public void PresenceFixturesWithoutTheWatchedUsersStatusGiveNone(string file, int entries)
    {
        var json = Newtonsoft.Json.Linq.JToken.Parse(Fixtures.ReadText("diagnostics", "presence", file));
        var found = PresenceAnswer.Read(json);

        Assert.Equal(entries, found.Count);
        Assert.Null(PresenceAnswer.For(found, Bob));
    }

    [Fact]
    public void ThePresenceStepHasOneDeadlineForAllWatchedUsers()
    {
        // Each presence answer takes 60 % of the timeout: asked one after the other, three users took 180 % of it.
        using var lab = new LabFixture(LabProxyMode.SlowPresence, slowDelay: TimeSpan.FromMilliseconds(1500));
        var options = TokenOptions(lab, timeoutSeconds: 2.5);
        options.WatchUsers.Add(Bob);
        options.WatchUsers.Add(Carol);
        var presence = Run(options)[AwarenessStep.Presence];

        Assert.True(presence.Status == AwarenessStepStatus.Passed, presence.Evidence);
        Assert.True(presence.Duration < TimeSpan.FromSeconds(2.5), "presence took " + presence.Duration);
    }

    [Fact]
    public void APresenceStepThatOverrunsEndsAtTheDeadline()
    {
        using var lab = new LabFixture(LabProxyMode.SlowPresence, slowDelay: TimeSpan.FromSeconds(30));
        var options = TokenOptions(lab, timeoutSeconds: 1.5);
        options.WatchUsers.Add(Bob);
        options.WatchUsers.Add(Carol);
        Dictionary<AwarenessStep, AwarenessStepResult>? r = null;
        var elapsed = Timing.Measure(() => r = Run(options));
        var presence = r![AwarenessStep.Presence];

        Assert.Equal(AwarenessStepStatus.Failed, presence.Status);
        Assert.InRange(presence.Duration, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(2.5));
        foreach (string user in new[] { "CN=Declan Joyce,O=ibm", Bob, Carol })
        {
            Assert.Contains(user + ": no complete answer within 1.5 s", presence.Evidence);
        }

        Assert.True(elapsed < TimeSpan.FromSeconds(6), "the probe took " + elapsed);
        Assert.Equal(AwarenessStepStatus.Passed, r[AwarenessStep.BuddyList].Status);
    }

    [Fact]
    public async Task TheSummaryPassesOnlyWhenEveryStepThatAppliesPassed()
    {
        using var lab = new LabFixture();
        var options = new AwarenessProbeOptions(new Uri($"http://localhost:{lab.Url.Port}/"))
        {
            LoginMode = AwarenessLoginMode.Token,
            Token = lab.TokenFor(User),
            UserName = User,
            SsoDomain = "localhost",
            Timeout = TimeSpan.FromSeconds(5),
        };
        var steps = await AwarenessProbe.RunAsync(options, CancellationToken.None);
        var summary = AwarenessSummary.From(options.Url.ToString(), steps);

        Assert.True(summary.Verdict == AwarenessVerdict.Passed, summary.Message + " | " + string.Join(" | ", summary.NotChecked.Concat(summary.Problems)));
        Assert.Equal(8, summary.Passed);
        Assert.Equal(5, summary.Skipped);
        Assert.Null(summary.Fix);
        Assert.Equal(13, summary.Steps.Count);
        Assert.Equal(options.Url.ToString(), summary.Url);
    }

    [Fact]
    public async Task TheSummaryIsIncompleteWhenStepsWereNotChecked()
    {
        using var lab = new LabFixture();
        var steps = await AwarenessProbe.RunAsync(new AwarenessProbeOptions(lab.Url), CancellationToken.None);
        var summary = AwarenessSummary.From(lab.Url.ToString(), steps);

        Assert.Equal(AwarenessVerdict.Incomplete, summary.Verdict);
        Assert.Equal(new[] { "SsoDomain", "Login", "Presence", "BuddyList", "Logout" }, summary.NotChecked.Select(n => n.Split(':')[0]));
        Assert.Contains("not checked: SsoDomain, Login, Presence, BuddyList, Logout", summary.Message);
    }

    [Theory]
    [InlineData(LabProxyMode.ProxyDown, AwarenessVerdict.Failed, "ClientScripts")]
    [InlineData(LabProxyMode.TokenRejected, AwarenessVerdict.Failed, "Login")]
    [InlineData(LabProxyMode.PresenceNoStatus, AwarenessVerdict.Warning, "Presence")]
    public async Task TheSummaryNamesTheStepThatFailedAndItsFix(LabProxyMode mode, AwarenessVerdict verdict, string step)
    {
        using var lab = new LabFixture(mode);
        var steps = await AwarenessProbe.RunAsync(TokenOptions(lab), CancellationToken.None);
        var summary = AwarenessSummary.From(lab.Url.ToString(), steps);

        Assert.Equal(verdict, summary.Verdict);
        Assert.StartsWith(step + ": ", summary.Problems[0]);
        Assert.Equal(steps.Single(s => s.Step.ToString() == step).Fix, summary.Fix);
        Assert.Contains(step, summary.Message);
        Assert.Empty(summary.NotChecked);
    }

    [Theory]
    [InlineData(LabProxyMode.TokenRejected)]
    [InlineData(LabProxyMode.WrongCookieName)]
    public void ForAMintedTokenTheClfrx0035EFixNamesTheKeysToCompare(LabProxyMode mode)
    {
        using var lab = new LabFixture(mode);
        var options = TokenOptions(lab);
        options.TokenMinted = true;
        options.KeyFingerprint = lab.Keys.PublicKeyFingerprint;
        var login = Run(options)[AwarenessStep.Login];

        Assert.Equal(AwarenessStepStatus.Failed, login.Status);
        Assert.Contains("minted the token with the key set " + lab.Keys.PublicKeyFingerprint, login.Fix);
        Assert.Contains("both Web SSO documents (iNotes and Community Server)", login.Fix);
        Assert.Contains("[AuthToken] ST_TOKEN_TYPE=", login.Fix);
    }

    private static AwarenessProbeOptions CheckedTokenOptions(LabFixture lab, string token)
    {
        var options = TokenOptions(lab, token);
        options.KeyFingerprint = lab.Keys.PublicKeyFingerprint;
        var given = AwarenessToken.Given(token, options.CookieName);
        given.CheckWith(lab.Keys, options.CookieName);
        options.TokenCheck = given.Check;
        return options;
    }

    [Fact]
    public void AGivenTokenThatExpiredIsNamedAsTheCauseOfClfrx0035E()
    {
        using var lab = new LabFixture(LabProxyMode.WrongCookieName);
        var login = Run(CheckedTokenOptions(lab, lab.TokenFor(User, lifetime: TimeSpan.FromMinutes(-5))))[AwarenessStep.Login];

        Assert.Contains("CLFRX0035E", login.Evidence);
        Assert.Contains("The token given with -Token expired at ", login.Fix);
        Assert.DoesNotContain("ST_TOKEN_TYPE", login.Fix);
    }

    [Fact]
    public void AGivenTokenFromOtherKeysIsNamedAsNotDecryptable()
    {
        using var lab = new LabFixture(LabProxyMode.WrongCookieName);
        using var otherKeys = LtpaKeySet.Generate("defaultWIMFileBasedRealm");
        var login = Run(CheckedTokenOptions(lab, lab.TokenFor(User, otherKeys)))[AwarenessStep.Login];

        Assert.Contains("The token given with -Token is NotDecryptable with the key set " + lab.Keys.PublicKeyFingerprint, login.Fix);
        Assert.Contains("the token is NotDecryptable", login.Evidence);
    }

    [Fact]
    public void AGivenTokenValidForTheKeysPointsAtStTokenTypeAndTheCookieName()
    {
        using var lab = new LabFixture(LabProxyMode.TokenRejected);
        var login = Run(CheckedTokenOptions(lab, lab.TokenFor(User)))[AwarenessStep.Login];

        Assert.Contains("The token is valid for the key set " + lab.Keys.PublicKeyFingerprint, login.Fix);
        Assert.Contains("[AuthToken] ST_TOKEN_TYPE=", login.Fix);
        Assert.Contains("must be LtpaToken2, the cookie the token was sent in", login.Fix);
        Assert.Contains("the token is valid for", login.Evidence);
    }

    [Fact]
    public void SecretsOverPlainHttpAreWarnedAbout()
    {
        var http = new AwarenessProbeOptions(new Uri("http://proxy.acme.com:9080/")) { LoginMode = AwarenessLoginMode.Token, Token = "x", TokenMinted = true };
        Assert.Contains("sent in the LtpaToken2 cookie over unencrypted http to proxy.acme.com:9080", AwarenessProbe.CleartextWarning(http));

        var password = new AwarenessProbeOptions(new Uri("http://proxy.acme.com:9080/")) { LoginMode = AwarenessLoginMode.Password, Credential = new NetworkCredential("alice", "s3cret pw") };
        string? warning = AwarenessProbe.CleartextWarning(password);
        Assert.Contains("The password of 'alice' is sent over unencrypted http to proxy.acme.com:9080", warning);
        Assert.DoesNotContain("s3cret", warning);

        Assert.Null(AwarenessProbe.CleartextWarning(new AwarenessProbeOptions(new Uri("https://proxy.acme.com:9443/")) { LoginMode = AwarenessLoginMode.Token, Token = "x" }));
        Assert.Null(AwarenessProbe.CleartextWarning(new AwarenessProbeOptions(new Uri("http://proxy.acme.com:9080/"))));
    }
}
