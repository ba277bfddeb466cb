using SametimeAdmin.Common;
using SametimeAdmin.Diagnostics;
using SametimeAdmin.LabProxy;
using Xunit;

namespace SametimeAdmin.Tests.Diagnostics;

/// <summary>
/// Guide 4.1, redirection settings: the mail file URL opened directly, against the lab's iNotes side (Domino's
/// session authentication login form, and the misconfigurations its mail file names stand for).
/// </summary>
public class MailFileProbeTests
{
    private static async Task<AwarenessStepResult> Open(LabFixture lab, string mailFile)
    {
        var options = new AwarenessProbeOptions(lab.Url)
        {
            Timeout = TimeSpan.FromSeconds(5),
            MailFileUrl = MailFileProbe.ParseUrl(new Uri(lab.Url, "/mail/" + mailFile).AbsoluteUri),
        };
        var results = await AwarenessProbe.RunAsync(options, CancellationToken.None);
        Assert.Equal(Enum.GetValues<AwarenessStep>(), results.Select(r => r.Step));
        return results.Single(r => r.Step == AwarenessStep.MailFile);
    }

    [Fact]
    public async Task DominosLoginFormPassesAndPointsAtTheRedirection()
    {
        using var lab = new LabFixture();
        var r = await Open(lab, "i2.nsf");

        Assert.Equal(AwarenessStepStatus.Passed, r.Status);
        Assert.Equal(200, r.HttpStatus);
        Assert.Contains("Domino's login form", r.Evidence);
        Assert.Contains("validate the redirection configuration", r.Evidence);
        Assert.Null(r.Fix);
        Assert.StartsWith("4.1", r.GuideSection);
    }

    [Fact]
    public async Task ASameHostRedirectToTheLoginFormPassesAndShowsTheHops()
    {
        using var lab = new LabFixture();
        var r = await Open(lab, "viaLogin.nsf");

        Assert.Equal(AwarenessStepStatus.Passed, r.Status);
        Assert.Contains("via " + new Uri(lab.Url, "/mail/viaLogin.nsf").AbsoluteUri + " -> " + new Uri(lab.Url, "/names.nsf?Login&RedirectTo=%2Fmail%2FviaLogin.nsf").AbsoluteUri, r.Evidence);
    }

    [Fact]
    public async Task ARedirectLoopFailsWithEveryHopAndTheRedirectionFix()
    {
        using var lab = new LabFixture();
        var r = await Open(lab, "loop.nsf");

        Assert.Equal(AwarenessStepStatus.Failed, r.Status);
        Assert.Equal(302, r.HttpStatus);
        string start = new Uri(lab.Url, "/mail/loop.nsf").AbsoluteUri;
        Assert.Contains("a redirect loop: " + start + " -> " + new Uri(lab.Url, "/iwaredir.nsf?OpenDatabase&mail=loop").AbsoluteUri + " -> " + start, r.Evidence);
        Assert.Contains("iwaredir.nsf", r.Fix);
        Assert.Contains("Internet Site", r.Fix);
    }

    [Fact]
    public async Task ARedirectToAnotherHostFailsAndNamesTheHost()
    {
        using var lab = new LabFixture();
        var r = await Open(lab, "moved.nsf");

        Assert.Equal(AwarenessStepStatus.Failed, r.Status);
        Assert.Contains("redirected to another host", r.Evidence);
        Assert.Contains("http://webmail.elsewhere.example.com/mail/moved.nsf", r.Evidence);
        Assert.Contains("webmail.elsewhere.example.com", r.Fix);
    }

    [Fact]
    public async Task BasicAuthenticationWithoutAFormFailsWithTheSessionAuthenticationFix()
    {
        using var lab = new LabFixture();
        var r = await Open(lab, "basic.nsf");

        Assert.Equal(AwarenessStepStatus.Failed, r.Status);
        Assert.Equal(401, r.HttpStatus);
        Assert.Contains("basic authentication", r.Evidence);
        Assert.Contains("Multiple Servers (SSO)", r.Fix);
    }

    [Fact]
    public async Task AMissingMailFileFailsWithThePathFix()
    {
        using var lab = new LabFixture();
        var r = await Open(lab, "missing.nsf");

        Assert.Equal(AwarenessStepStatus.Failed, r.Status);
        Assert.Equal(404, r.HttpStatus);
        Assert.Contains("not found", r.Fix);
    }

    [Fact]
    public async Task TheMailFileStepRunsEvenWhenTheProxyIsDown()
    {
        using var lab = new LabFixture(LabProxyMode.ProxyDown);
        var r = await Open(lab, "i2.nsf");

        Assert.Equal(AwarenessStepStatus.Passed, r.Status);
    }

    [Fact]
    public async Task AServerThatDoesNotAnswerFailsWithTheHttpTaskFix()
    {
        var options = new AwarenessProbeOptions(new Uri("http://127.0.0.1:1/"))
        {
            Timeout = TimeSpan.FromSeconds(2),
            MailFileUrl = MailFileProbe.ParseUrl("http://127.0.0.1:1/mail/i2.nsf"),
        };
        var r = (await AwarenessProbe.RunAsync(options, CancellationToken.None)).Single(s => s.Step == AwarenessStep.MailFile);

        Assert.Equal(AwarenessStepStatus.Failed, r.Status);
        Assert.Contains("tell http show status", r.Fix);
    }

    [Fact]
    public async Task WithoutAMailFileUrlTheStepIsSkippedAndLeavesTheVerdictAlone()
    {
        using var lab = new LabFixture();
        var results = await AwarenessProbe.RunAsync(new AwarenessProbeOptions(lab.Url) { Timeout = TimeSpan.FromSeconds(5) }, CancellationToken.None);
        var r = results.Single(s => s.Step == AwarenessStep.MailFile);

        Assert.Equal(AwarenessStepStatus.Skipped, r.Status);
        Assert.Contains("No -MailFileUrl given", r.Evidence);
        Assert.DoesNotContain(AwarenessStep.MailFile.ToString(), string.Join(" ", AwarenessSummary.From(lab.Url.AbsoluteUri, results).NotChecked));
    }

    [Theory]
    [InlineData("ftp://inotes1/mail/i2.nsf")]
    [InlineData("http://inotes1/")]
    [InlineData("")]
    public void ANonMailFileUrlIsRefusedWithAStableErrorId(string text)
    {
        var ex = Assert.Throws<SametimeAdminException>(() => MailFileProbe.ParseUrl(text));
        Assert.Equal("MailFileUrlInvalid", ex.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public void AHostWithoutASchemeIsTakenAsHttp()
    {
        Assert.Equal("http://inotes1.lab.example.com/mail/i2.nsf", MailFileProbe.ParseUrl("inotes1.lab.example.com/mail/i2.nsf").AbsoluteUri);
    }
}
