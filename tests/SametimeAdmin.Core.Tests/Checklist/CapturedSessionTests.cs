using System.Collections;
using SametimeAdmin.Checklist;
using Xunit;

namespace SametimeAdmin.Tests.Checklist;

public sealed class CapturedSessionTests
{
    private static CheckResult Check(string file)
    {
        var env = EnvironmentReader.FromDictionary(new Hashtable(), Fixtures.PathOf("checklist"), null);
        return EndUserAccessChecks.CheckCapture(new ChecklistContext(env), Fixtures.PathOf("checklist", file));
    }

    [Fact]
    public void A_good_session_passes_and_names_what_it_saw_without_cookie_values()
    {
        var result = Check("session-good.har");
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Contains("loginType=byToken", result.Evidence, StringComparison.Ordinal);
        Assert.Contains("cookies LtpaToken2", result.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("REDACTED", result.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("session-token-rejected.har", "CLFRX0035E", "ST_TOKEN_TYPE")]
    [InlineData("session-proxy-down.har", "502", "not running")]
    public void A_broken_session_fails_with_the_guides_fix(string file, string evidence, string fix)
    {
        var result = Check(file);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(evidence, result.Evidence, StringComparison.Ordinal);
        Assert.Contains(fix, result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_login_without_presence_is_a_warning_and_a_non_har_file_fails()
    {
        Assert.Equal(CheckStatus.Warning, Check(Fixtures.PathOf("mustgather", "capture.har")).Status);
        var notHar = Check(Fixtures.PathOf("mustgather", "trace.log"));
        Assert.Equal(CheckStatus.Failed, notHar.Status);
        Assert.Contains("not a HAR capture", notHar.Evidence, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Failed, Check("missing.har").Status);
    }
}
