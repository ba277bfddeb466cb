using System.Collections;
using SametimeAdmin.Checklist;
using SametimeAdmin.Diagnostics;
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

    // HAR values of an unexpected JSON type (the fuzzer's minimal triggers): each is ignored, the rest of the entry kept.
    [Theory]
    [InlineData("\"url\": {}, \"method\": \"GET\"", "\"status\": 200", 0)]
    [InlineData("\"url\": \"https://proxy.example.com/stwebapi/user/connect\", \"method\": {}", "\"status\": \"\"", 1)]
    [InlineData("\"url\": \"https://proxy.example.com/stwebapi/user/connect\", \"method\": \"POST\", \"cookies\": [1, {\"name\": {}}, {\"name\": \"LtpaToken2\"}]", "\"status\": 1e40", 1)]
    [InlineData("\"url\": \"https://proxy.example.com/stwebapi/user/connect\", \"method\": \"POST\", \"postData\": {\"params\": [2, {\"name\": []}, {\"name\": \"loginType\", \"value\": \"byToken\"}]}", "\"status\": 200, \"content\": {\"text\": {}}", 1)]
    public void Values_of_an_unexpected_json_type_are_ignored_not_thrown(string request, string response, int expected)
    {
        string path = Path.Combine(Path.GetTempPath(), "st-har-" + Guid.NewGuid().ToString("N") + ".har");
        File.WriteAllText(path, "{\"log\": {\"entries\": [{\"request\": {" + request + "}, \"response\": {" + response + "}}]}}");
        try
        {
            var requests = CapturedSession.Read(path);
            Assert.Equal(expected, requests.Count);
            foreach (var request1 in requests)
            {
                Assert.InRange(request1.Status, 0, 999);
                Assert.DoesNotContain(request1.CookieNames, n => n.Length == 0);
            }

            if (request.Contains("LtpaToken2", StringComparison.Ordinal))
            {
                Assert.Equal(["LtpaToken2"], requests[0].CookieNames);
            }

            if (request.Contains("byToken", StringComparison.Ordinal))
            {
                Assert.Equal("byToken", requests[0].LoginType);
                Assert.Equal(200, requests[0].Status);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
