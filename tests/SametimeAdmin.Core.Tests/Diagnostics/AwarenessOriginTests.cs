using SametimeAdmin.Common;
using SametimeAdmin.Diagnostics;
using SametimeAdmin.LabProxy;
using Xunit;

namespace SametimeAdmin.Tests.Diagnostics;

public class AwarenessOriginTests
{
    private const string User = "CN=inotes 2,O=ibm";
    private const string Mail = "https://mail.lab.example.com";

    private static Dictionary<AwarenessStep, AwarenessStepResult> Probe(LabFixture lab, string? origin = Mail)
    {
        var options = new AwarenessProbeOptions(lab.Url)
        {
            LoginMode = AwarenessLoginMode.Token,
            Token = lab.TokenFor(User),
            UserName = User,
            Timeout = TimeSpan.FromSeconds(5),
            Origin = origin == null ? null : OriginPolicy.ParseOrigin(origin),
        };
        var results = AwarenessProbe.RunAsync(options, CancellationToken.None).GetAwaiter().GetResult();
        Assert.Equal(Enum.GetValues<AwarenessStep>(), results.Select(r => r.Step));
        return results.ToDictionary(r => r.Step);
    }

    private static LabFixture Sametime12(Action<LabProxyOptions>? configure = null) => new(LabProxyMode.Sametime12, configure: configure);

    [Fact]
    public void ASametime12ServerThatAllowsTheOriginPassesEveryOriginStep()
    {
        using var lab = Sametime12();
        var r = Probe(lab, Mail + "/mail/alice.nsf");

        foreach (var step in new[] { AwarenessStep.ClientScripts, AwarenessStep.Login, AwarenessStep.CorsPreflight, AwarenessStep.CorsOrigin, AwarenessStep.FrameAncestors })
        {
            Assert.True(r[step].Status == AwarenessStepStatus.Passed, step + ": " + r[step].Evidence + " | " + r[step].Fix);
            Assert.Null(r[step].Fix);
        }

        Assert.Contains("OPTIONS /stwebapi/presence for POST", r[AwarenessStep.CorsPreflight].Evidence);
        Assert.Contains("OPTIONS /stwebapi/user/connect for DELETE", r[AwarenessStep.CorsPreflight].Evidence);
        Assert.Contains("POST /stwebapi/user/connect with Origin " + Mail + ": HTTP 200, Access-Control-Allow-Origin " + Mail + ", Access-Control-Allow-Credentials true", r[AwarenessStep.CorsOrigin].Evidence);
        Assert.Contains("frame-ancestors 'self' " + Mail, r[AwarenessStep.FrameAncestors].Evidence);
    }

    [Fact]
    public void WithoutOriginTheOriginStepsAreSkippedWithTheReason()
    {
        using var lab = Sametime12();
        var r = Probe(lab, origin: null);

        foreach (var step in new[] { AwarenessStep.CorsPreflight, AwarenessStep.CorsOrigin, AwarenessStep.FrameAncestors })
        {
            Assert.Equal(AwarenessStepStatus.Skipped, r[step].Status);
            Assert.Contains("No -Origin given", r[step].Evidence);
            Assert.Null(r[step].Fix);
        }
    }

    [Fact]
    public void CorsForAnotherOriginFailsThePreflightAndTheAnswerWithTheSettingToChange()
    {
        using var lab = Sametime12(o => o.CorsOrigin = "https://other.example.com");
        var r = Probe(lab);

        Assert.Equal(AwarenessStepStatus.Failed, r[AwarenessStep.CorsPreflight].Status);
        Assert.Contains("no Access-Control-Allow-Origin", r[AwarenessStep.CorsPreflight].Evidence);
        Assert.Equal(AwarenessStepStatus.Failed, r[AwarenessStep.CorsOrigin].Status);
        Assert.Contains("Access-Control-Allow-Origin (none)", r[AwarenessStep.CorsOrigin].Evidence);
        string fix = r[AwarenessStep.CorsOrigin].Fix!;
        Assert.Contains("Allow " + Mail + " with credentials", fix);
        Assert.Contains("CORS_ALLOWED_ORIGINS (name not confirmed", fix);
        Assert.Contains("global.corsAllowedOrigins (name not confirmed", fix);
        Assert.Equal(AwarenessStepStatus.Passed, r[AwarenessStep.FrameAncestors].Status);
    }

    [Fact]
    public void AWildcardOrMissingCredentialsIsNotEnoughForTheLtpaCookie()
    {
        using (var lab = Sametime12(o => o.CorsOrigin = "*"))
        {
            var r = Probe(lab);
            Assert.Equal(AwarenessStepStatus.Failed, r[AwarenessStep.CorsOrigin].Status);
            Assert.Contains("Access-Control-Allow-Origin: * (browsers refuse '*'", r[AwarenessStep.CorsOrigin].Evidence);
        }

        using (var lab = Sametime12(o => o.CorsCredentials = false))
        {
            var r = Probe(lab);
            Assert.Equal(AwarenessStepStatus.Failed, r[AwarenessStep.CorsPreflight].Status);
            Assert.Equal(AwarenessStepStatus.Failed, r[AwarenessStep.CorsOrigin].Status);
            Assert.Contains("no Access-Control-Allow-Credentials", r[AwarenessStep.CorsOrigin].Evidence);
        }
    }

    [Fact]
    public void FrameAncestorsWithoutTheOriginFailsWithTheCspSetting()
    {
        using var lab = Sametime12(o => o.FrameAncestors = "'self' https://verse.example.com");
        var r = Probe(lab);

        var step = r[AwarenessStep.FrameAncestors];
        Assert.Equal(AwarenessStepStatus.Failed, step.Status);
        Assert.Contains("frame-ancestors 'self' https://verse.example.com does not allow " + Mail, step.Evidence);
        Assert.Contains("CONTENT_SECURITY_POLICY in custom.env", step.Fix);
        Assert.Contains("global.contentSecurityPolicy in the Helm values", step.Fix);
        Assert.DoesNotContain("not confirmed", step.Fix!.Split("Windows")[0]);
        Assert.Equal(AwarenessStepStatus.Passed, r[AwarenessStep.CorsOrigin].Status);
    }

    [Fact]
    public void ALegacyClientSwitchedOffGivesA404WhoseFixSaysWhatToEnable()
    {
        using var lab = Sametime12(o => o.LegacyClient = false);
        var r = Probe(lab);

        var scripts = r[AwarenessStep.ClientScripts];
        Assert.Equal(AwarenessStepStatus.Failed, scripts.Status);
        Assert.Equal(404, scripts.HttpStatus);
        Assert.Contains("SAMETIME_EXTERNAL_WARINTEGRATION=true in the proxy service's environment", scripts.Fix);
        Assert.Contains("global.enableLegacyChatClient (name not confirmed", scripts.Fix);
        Assert.Equal(AwarenessStepStatus.Failed, r[AwarenessStep.CorsPreflight].Status);
        Assert.Contains("HTTP 404", r[AwarenessStep.CorsPreflight].Evidence);
        Assert.Equal(AwarenessStepStatus.Passed, r[AwarenessStep.FrameAncestors].Status);
    }

    [Fact]
    public void ASametime9ProxyWithoutCorsHeadersFailsTheCorsSteps()
    {
        using var lab = new LabFixture();
        var r = Probe(lab);

        Assert.Equal(AwarenessStepStatus.Passed, r[AwarenessStep.Login].Status);
        Assert.Equal(AwarenessStepStatus.Failed, r[AwarenessStep.CorsOrigin].Status);
        Assert.Contains("no Access-Control-Allow-Origin", r[AwarenessStep.CorsOrigin].Evidence);
        Assert.Contains("no Content-Security-Policy and no X-Frame-Options", r[AwarenessStep.FrameAncestors].Evidence);
        Assert.Equal(AwarenessStepStatus.Passed, r[AwarenessStep.FrameAncestors].Status);
    }

    [Theory]
    [InlineData("https://mail.example.com", true)]
    [InlineData("mail.example.com", true)]
    [InlineData("*.example.com", true)]
    [InlineData("https:", true)]
    [InlineData("*", true)]
    [InlineData("http://mail.example.com", true)]
    [InlineData("https://mail.example.com:*", true)]
    [InlineData("https://mail.example.com:8443", false)]
    [InlineData("*.mail.example.com", false)]
    [InlineData("https://webmail.example.com", false)]
    [InlineData("http:", true)]
    [InlineData("ftp:", false)]
    [InlineData("'self'", false)]
    [InlineData("'none'", false)]
    public void SourceExpressionsMatchAsCspDefinesThem(string source, bool matches)
    {
        var page = new Uri("https://st.example.com/");
        var origin = OriginPolicy.ParseOrigin("https://mail.example.com/verse");
        Assert.Equal(matches, OriginPolicy.Matches(source, page, origin));
    }

    [Fact]
    public void EveryPolicyMustAllowTheOriginAndXFrameOptionsCountsOnlyWithoutOne()
    {
        var page = new Uri("https://st.example.com/");
        var origin = new Uri("https://mail.example.com/");

        Assert.Null(OriginPolicy.FramingProblem("default-src 'self'; frame-ancestors https://mail.example.com", "DENY", page, origin, out _));
        Assert.NotNull(OriginPolicy.FramingProblem("frame-ancestors *, frame-ancestors 'self'", null, page, origin, out _));
        Assert.NotNull(OriginPolicy.FramingProblem("frame-ancestors 'none'", null, page, origin, out _));
        Assert.NotNull(OriginPolicy.FramingProblem(null, "SAMEORIGIN", page, origin, out string seen));
        Assert.Equal("no CSP frame-ancestors; X-Frame-Options SAMEORIGIN", seen);
        Assert.Null(OriginPolicy.FramingProblem("default-src 'self'", null, page, origin, out seen));
        Assert.Equal("a Content-Security-Policy without frame-ancestors and no X-Frame-Options", seen);
    }

    [Theory]
    [InlineData("mail.example.com")]
    [InlineData("ftp://mail.example.com")]
    [InlineData("not a url")]
    public void AnOriginThatIsNotAnHttpUrlIsRefused(string text)
    {
        var ex = Assert.Throws<SametimeAdminException>(() => OriginPolicy.ParseOrigin(text));
        Assert.Equal("OriginInvalid", ex.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, ex.Kind);
    }
}
