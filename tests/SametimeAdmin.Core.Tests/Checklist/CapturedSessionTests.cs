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

    private const string DevKeysPassword = "dev-LTPA-Passw0rd!";

    private static CheckResult CheckWith(Hashtable site, string file, string? keyPassword = DevKeysPassword)
    {
        var env = EnvironmentReader.FromDictionary(site, Fixtures.PathOf("checklist"), null);
        var options = new ChecklistOptions { LtpaKeyPassword = keyPassword == null ? null : System.Text.Encoding.UTF8.GetBytes(keyPassword) };
        using var context = new ChecklistContext(env, options);
        return EndUserAccessChecks.CheckCapture(context, Fixtures.PathOf("checklist", file));
    }

    private static Hashtable ProxyKeys() => new() { ["Proxy"] = new Hashtable { ["LtpaKeys"] = "../vectors/ltpa-dev.keys" } };

    [Fact]
    public void A_token_made_with_the_proxys_keys_gets_its_verdict_and_one_made_with_other_keys_fails()
    {
        var lab = CheckWith(ProxyKeys(), "session-token-lab.har");
        Assert.Equal(CheckStatus.Passed, lab.Status);
        Assert.Contains("LtpaToken2 Valid, user alice, realm defaultRealm", lab.Evidence, StringComparison.Ordinal);
        Assert.Contains("Tokens verified with the proxy's", lab.Evidence, StringComparison.Ordinal);
        Assert.Contains("ltpa-dev.keys", lab.Evidence, StringComparison.Ordinal);

        var foreign = CheckWith(ProxyKeys(), "session-token-foreign.har");
        Assert.Equal(CheckStatus.Failed, foreign.Status);
        Assert.Matches("LtpaToken2 (NotDecryptable|BadSignature|Malformed)", foreign.Evidence);
        Assert.Contains("made with other keys", foreign.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_key_password_the_tokens_are_not_verified_and_the_evidence_says_why()
    {
        var result = CheckWith(ProxyKeys(), "session-token-foreign.har", keyPassword: null);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Contains("Tokens not verified", result.Evidence, StringComparison.Ordinal);
        Assert.Contains("-KeyPassword", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void The_keys_file_that_liberty_server_xml_names_verifies_the_tokens()
    {
        string folder = Path.Combine(Path.GetTempPath(), "st-capture-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "resources", "security"));
        try
        {
            File.Copy(Fixtures.PathOf("vectors", "ltpa-dev.keys"), Path.Combine(folder, "resources", "security", "ltpa.keys"));
            File.WriteAllText(Path.Combine(folder, "server.xml"), "<server><ltpa expiration=\"120m\"/></server>");
            var site = new Hashtable { ["Ssc"] = new Hashtable { ["SecurityXml"] = Path.Combine(folder, "server.xml") } };
            Assert.Equal(CheckStatus.Passed, CheckWith(site, "session-token-lab.har").Status);
            var foreign = CheckWith(site, "session-token-foreign.har");
            Assert.Equal(CheckStatus.Failed, foreign.Status);
            Assert.Contains(Path.Combine(folder, "resources", "security", "ltpa.keys"), foreign.Evidence, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("websso-domino-dev.dxl", "The digest is good, but the token expired")]
    [InlineData("../domino/websso-note-export.dxl", "made with another Domino secret")]
    public void The_web_sso_documents_domino_secret_verifies_domino_style_tokens(string document, string verdict)
    {
        var site = new Hashtable { ["INotes"] = new Hashtable { ["SsoDocument"] = document } };
        var result = CheckWith(site, "session-token-domino.har", keyPassword: null);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("LtpaToken ", result.Evidence, StringComparison.Ordinal);
        Assert.Contains(verdict, result.Evidence, StringComparison.Ordinal);
        Assert.Contains("the Domino secret of Web SSO configuration", result.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("PB+aC159", result.Evidence, StringComparison.Ordinal);
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
