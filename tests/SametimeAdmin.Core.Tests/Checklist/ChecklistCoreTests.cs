using System.Collections;
using System.Text.RegularExpressions;
using SametimeAdmin.Checklist;
using SametimeAdmin.Common;
using Xunit;

namespace SametimeAdmin.Tests.Checklist;

public sealed class ChecklistCoreTests
{
    private static readonly string Base = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "st-env"));

    private static SsoEnvironment FromJson(string json) =>
        EnvironmentReader.FromDictionary(EnvironmentReader.ParseJson(json, "test.json"), Base, Path.Combine(Base, "test.json"));

    [Fact]
    public void Json_description_resolves_paths_against_its_folder_and_reads_every_section()
    {
        var env = FromJson("""
        {
          "Name": "Lab",
          "Sso": { "Domain": ".lab.example.com", "ConfigurationName": "LtpaToken2", "ExpirationMinutes": 120 },
          "Proxy": { "Urls": ["http://proxy1.lab.example.com:9080"], "LtpaKeys": "proxy/ltpa.keys", "TraceLog": "proxy/trace.log" },
          "INotes": [ { "Name": "INOTES1/Lab", "Addresses": "10.0.0.20; 10.0.0.21", "SsoDocument": "inotes/websso.dxl", "ServletsProperties": "inotes/servlets.properties" },
                      { "Name": "INOTES2/Lab", "SsoDocument": "https://inotes2.lab.example.com/names.nsf/api/data/documents/unid/ABC" } ],
          "Community": { "SametimeIni": "/abs/sametime.ini", "StConfigDocument": "sametime/stconfig.dxl" }
        }
        """);
        Assert.Equal("Lab", env.Name);
        Assert.Equal(120, env.Sso.ExpirationMinutes);
        Assert.Equal(Path.Combine(Base, "proxy", "ltpa.keys"), env.Proxy.LtpaKeys);
        Assert.Equal(new[] { "10.0.0.20", "10.0.0.21" }, env.INotes[0].Addresses);
        Assert.False(env.INotes[0].SsoDocument!.IsUrl);
        Assert.Equal(Path.Combine(Base, "inotes", "websso.dxl"), env.INotes[0].SsoDocument!.Value);
        Assert.True(env.INotes[1].SsoDocument!.IsUrl);
        Assert.Equal(Path.GetFullPath("/abs/sametime.ini"), env.Community[0].SametimeIni);
        Assert.Equal(ChecklistServer.Community, env.Community[0].Role);
    }

    [Theory]
    [InlineData("""{ "Proxy": { "LtpaKey": "x" } }""", "LtpaKey", "Proxy")]
    [InlineData("""{ "INotes": { "SametimeIni": "x" } }""", "SametimeIni", "INotes")]
    [InlineData("""{ "Proxxy": {} }""", "Proxxy", "top level")]
    public void Unknown_settings_are_errors_that_name_them(string json, string setting, string where)
    {
        var ex = Assert.Throws<SametimeAdminException>(() => FromJson(json));
        Assert.Equal(EnvironmentReader.ErrorUnknownSetting, ex.ErrorId);
        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
        Assert.Contains(where, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Sso": { "ExpirationMinutes": "two hours" } }""")]
    [InlineData("""{ "Proxy": "http://x" }""")]
    [InlineData("""{ "Proxy": { "LtpaKeys": ["a", "b"] } }""")]
    [InlineData("""[ 1, 2 ]""")]
    [InlineData("""{ "Name": "x", """)]
    public void Malformed_descriptions_are_invalid(string json)
    {
        var ex = Assert.Throws<SametimeAdminException>(() => FromJson(json));
        Assert.Equal(EnvironmentReader.ErrorInvalid, ex.ErrorId);
    }

    [Fact]
    public void Overrides_replace_settings_and_apply_to_the_first_server_of_a_list()
    {
        var parameters = new SsoEnvironment
        {
            Sso = new SsoExpectations { ConfigurationName = "LtpaToken" },
            INotes = [new DominoServerDescription(ChecklistServer.INotes) { NotesIni = "/over/notes.ini" }],
        };
        var env = FromJson("""{ "Sso": { "Domain": ".a.example.com", "ConfigurationName": "LtpaToken2" }, "INotes": [ { "Name": "A" }, { "Name": "B" } ] }""").Overlay(parameters);
        Assert.Equal("LtpaToken", env.Sso.ConfigurationName);
        Assert.Equal(".a.example.com", env.Sso.Domain);
        Assert.Equal(2, env.INotes.Count);
        Assert.Equal("A", env.INotes[0].Name);
        Assert.Equal("iNotes1", env.INotes[0].Key);
        Assert.Equal("/over/notes.ini", env.INotes[0].NotesIni);
        Assert.Null(env.INotes[1].NotesIni);
    }

    private sealed class FixedArea(string name, params CheckResult[] results) : IChecklistArea
    {
        public string Name => name;

        public IEnumerable<CheckResult> Run(ChecklistContext context) => results;
    }

    private sealed class BrokenArea : IChecklistArea
    {
        public string Name => "Broken area";

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            yield return Def("Broken.First").Pass("first result");
            throw new InvalidDataException("the log is binary garbage");
        }
    }

    private static CheckDefinition Def(string id, string server = ChecklistServer.INotes, string? link = null) =>
        new(id, "Area", "check " + id, "section", server, link);

    [Fact]
    public void A_failing_area_becomes_a_failed_result_and_the_run_continues()
    {
        var runner = new ChecklistRunner(new IChecklistArea[] { new BrokenArea(), new FixedArea("After", Def("After.One").Pass("ok")) });
        var results = runner.Run(new ChecklistContext(new SsoEnvironment())).ToList();
        Assert.Equal(new[] { "Broken.First", "Checklist.Brokenarea", "After.One" }, results.Select(r => r.Id));
        Assert.Equal(CheckStatus.Failed, results[1].Status);
        Assert.Contains("the log is binary garbage", results[1].Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { CheckStatus.Passed, CheckStatus.Skipped, CheckStatus.Warning }, 0, true)]
    [InlineData(new[] { CheckStatus.Passed, CheckStatus.Failed }, 1, false)]
    [InlineData(new[] { CheckStatus.Skipped, CheckStatus.Skipped }, 2, false)]
    [InlineData(new CheckStatus[0], 2, false)]
    public void Exit_code_and_success_follow_the_results(CheckStatus[] statuses, int exitCode, bool success)
    {
        var results = statuses.Select((s, i) => Def("C" + i).Result(s, "e", "f")).ToList();
        var summary = new ChecklistSummary("x", results, DateTimeOffset.Now, TimeSpan.Zero);
        Assert.Equal(exitCode, summary.ExitCode);
        Assert.Equal(success, summary.Success);
        Assert.Equal(statuses.Count(s => s == CheckStatus.Failed), summary.FailedChecks.Count);
    }

    [Fact]
    public void A_passed_result_carries_no_fix()
    {
        Assert.Null(Def("P").Result(CheckStatus.Passed, "fine", "do something").Fix);
        Assert.Equal("do something", Def("F").Result(CheckStatus.Failed, "bad", "do something").Fix);
    }

    [Theory]
    [InlineData("http://10.0.0.30:9080", "IP address")]
    [InlineData("http://proxy1:9080", "fully qualified")]
    [InlineData("http://proxy1.other.example.org:9080", "outside")]
    public void Hosts_outside_the_sso_domain_fail(string proxyUrl, string expected)
    {
        var env = FromJson("""{ "Sso": { "Domain": ".lab.example.com" }, "Proxy": { "Urls": "PROXY" }, "INotes": { "HostName": "inotes1.lab.example.com" } }""".Replace("PROXY", proxyUrl, StringComparison.Ordinal));
        var result = CrossServerChecks.CheckHostsInDomain(env);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(expected, result.Evidence, StringComparison.Ordinal);
        Assert.NotNull(result.Fix);
    }

    [Fact]
    public void Hosts_inside_the_sso_domain_pass_and_a_missing_domain_is_skipped()
    {
        var env = FromJson("""{ "Sso": { "Domain": ".lab.example.com" }, "Proxy": { "Urls": "http://proxy1.lab.example.com:9080" }, "INotes": { "HostName": "inotes1.LAB.example.com" } }""");
        Assert.Equal(CheckStatus.Passed, CrossServerChecks.CheckHostsInDomain(env).Status);
        Assert.Equal(CheckStatus.Skipped, CrossServerChecks.CheckHostsInDomain(FromJson("""{ "Proxy": { "Urls": "http://p.example.com" } }""")).Status);
        Assert.Equal(CheckStatus.Failed, CrossServerChecks.CheckHostsInDomain(FromJson("""{ "Sso": { "Domain": "lab.example.com" } }""")).Status);
    }

    [Fact]
    public void The_html_report_escapes_everything_lists_failures_first_and_colours_the_diagram()
    {
        var env = FromJson("""{ "Name": "<b>Lab</b>", "INotes": { "HostName": "inotes1.lab.example.com" } }""");
        var results = new List<CheckResult>
        {
            Def("Ok.One", ChecklistServer.Proxy).Pass("fine"),
            Def("Bad.One", ChecklistServer.INotes, ChecklistLink.ProxyToCommunity).Fail("<script>alert('x')</script> & \"quoted\"", "Fix <it>"),
            Def("Warn.One", ChecklistServer.Community).Warn("hmm", "look"),
        };
        var summary = new ChecklistSummary(env.Name, results, DateTimeOffset.Now, TimeSpan.Zero);
        string html = HtmlReport.Render(env, results, summary);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>Lab</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("(src|href)\\s*=\\s*[\"']?(https?:|//)", RegexOptions.IgnoreCase), html);

        var rowOrder = Regex.Matches(html, "data-check-id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(new[] { "Bad.One", "Warn.One", "Ok.One" }, rowOrder);

        Assert.Matches("data-server=\"iNotes\" data-status=\"Failed\"", html);
        Assert.Matches("data-server=\"SametimeProxy\" data-status=\"Passed\"", html);
        Assert.Matches("data-server=\"Community\" data-status=\"Warning\"", html);
        Assert.Matches("data-server=\"LDAP\" data-status=\"None\"", html);
        Assert.Matches("data-link=\"SametimeProxy-Community\" data-status=\"Failed\"", html);
        Assert.Matches("data-link=\"iNotes-LDAP\" data-status=\"None\"", html);
        Assert.Contains("class=\"verdict verdict-failed\"", html, StringComparison.Ordinal);
    }
}
