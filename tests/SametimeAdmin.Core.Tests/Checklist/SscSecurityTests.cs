using System.Collections;
using SametimeAdmin.Checklist;
using Xunit;

namespace SametimeAdmin.Tests.Checklist;

public sealed class SscSecurityTests
{
    private static List<CheckResult> Run(string file, string? realm = "defaultWIMFileBasedRealm", string? format = "LtpaToken2")
    {
        var sso = new Hashtable { ["Domain"] = ".lab.example.com", ["ConfigurationName"] = "LtpaToken2" };
        if (realm != null)
        {
            sso["Realm"] = realm;
        }

        if (format != null)
        {
            sso["TokenFormat"] = format;
        }

        var root = new Hashtable { ["Sso"] = sso, ["Ssc"] = new Hashtable { ["SecurityXml"] = file } };
        var env = EnvironmentReader.FromDictionary(root, Fixtures.PathOf("checklist"), null);
        return new SscSecurityChecks().Run(new ChecklistContext(env)).ToList();
    }

    private static CheckStatus StatusOf(List<CheckResult> results, string id) => results.Single(r => r.Id == id).Status;

    [Fact]
    public void A_websphere_cell_set_up_as_the_guide_says_passes()
    {
        var config = SecurityConfiguration.Read(Fixtures.PathOf("checklist", "security.xml"));
        Assert.Equal(120, config.ExpirationMinutes);
        Assert.Equal(".lab.example.com", config.Domain);
        Assert.False(config.InteroperabilityMode);
        Assert.Equal("defaultWIMFileBasedRealm", config.Realm);

        var results = Run("security.xml");
        string[] seen = ["SscSecurity.Configuration", "SscSecurity.SsoEnabled", "SscSecurity.Domain", "SscSecurity.CookieName", "SscSecurity.Realm", "SscSecurity.InteroperabilityMode", "SscSecurity.RequiresSsl"];
        Assert.All(results.Where(r => seen.Contains(r.Id)), r => Assert.Equal(CheckStatus.Passed, r.Status));

        // The file has no key set group, no HttpOnly property and no keys file; no Web SSO expiration is given.
        Assert.All(results.Where(r => !seen.Contains(r.Id)), r => Assert.Equal(CheckStatus.Skipped, r.Status));
        Assert.Equal(11, results.Count);
    }

    [Fact]
    public void Interoperability_off_with_both_token_formats_fails()
    {
        Assert.Equal(CheckStatus.Failed, StatusOf(Run("security.xml", format: "LtpaToken,LtpaToken2"), "SscSecurity.InteroperabilityMode"));
    }

    [Fact]
    public void A_liberty_server_with_the_wrong_domain_cookie_and_realm_fails_each_check()
    {
        var config = SecurityConfiguration.Read(Fixtures.PathOf("checklist", "server.xml"));
        Assert.Equal(120, config.ExpirationMinutes);
        var results = Run("server.xml");
        Assert.Equal(CheckStatus.Failed, StatusOf(results, "SscSecurity.Domain"));
        Assert.Equal(CheckStatus.Failed, StatusOf(results, "SscSecurity.CookieName"));
        Assert.Equal(CheckStatus.Failed, StatusOf(results, "SscSecurity.Realm"));
        Assert.Equal(CheckStatus.Skipped, StatusOf(results, "SscSecurity.InteroperabilityMode"));
        Assert.Contains("other.example.org", results.Single(r => r.Id == "SscSecurity.Domain").Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_foreign_file_is_one_failed_check_and_no_file_is_skipped()
    {
        var missing = Run("nope.xml");
        Assert.Equal(CheckStatus.Failed, Assert.Single(missing).Status);
        Assert.Contains("was not found", missing[0].Evidence, StringComparison.Ordinal);

        var foreign = Run(Fixtures.PathOf("mustgather", "websso.dxl"));
        Assert.Equal(CheckStatus.Failed, Assert.Single(foreign).Status);
        Assert.Contains("neither a WebSphere security.xml", foreign[0].Evidence, StringComparison.Ordinal);

        var env = EnvironmentReader.FromDictionary(new Hashtable(), ".", null);
        Assert.Equal(CheckStatus.Skipped, Assert.Single(new SscSecurityChecks().Run(new ChecklistContext(env))).Status);
    }

    [Theory]
    [InlineData("120m", 120)]
    [InlineData("2h", 120)]
    [InlineData("1h30m", 90)]
    [InlineData("7200s", 120)]
    [InlineData("45", 45)]
    [InlineData("x", null)]
    public void Liberty_durations_are_read_in_minutes(string text, int? minutes) =>
        Assert.Equal(minutes, SecurityConfiguration.ParseLibertyDuration(text));

    // A Liberty server.xml with an entity-expansion bomb: about 1 KB that a DTD-processing parser expands to 10^6 copies.
    private const string EntityBomb = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE server [
          <!ENTITY a "aaaaaaaaaa">
          <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
          <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
          <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
          <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
          <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
        ]>
        <server description="proxy">
          <ltpa keysFileName="ltpa.keys" expiration="120m"/>
          <webAppSecurity ssoDomainNames="&f;" ssoCookieName="LtpaToken2"/>
        </server>
        """;

    [Fact]
    public void A_server_xml_with_a_dtd_is_refused_before_any_entity_is_expanded()
    {
        string dir = Directory.CreateTempSubdirectory("st-dtd-").FullName;
        try
        {
            string path = Path.Combine(dir, "server.xml");
            File.WriteAllText(path, EntityBomb);

            var error = Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() => SecurityConfiguration.Read(path));
            Assert.Equal("XmlDtdNotAllowed", error.ErrorId);
            Assert.Equal(SametimeAdmin.Common.FailureKind.InvalidData, error.Kind);
            Assert.Contains("DOCTYPE server", error.Message, StringComparison.Ordinal);

            var results = Run(path);
            CheckResult readable = results.Single(r => r.Id == "SscSecurity.Configuration");
            Assert.Equal(CheckStatus.Failed, readable.Status);
            Assert.Contains("document type declaration", readable.Evidence, StringComparison.Ordinal);
            Assert.All(results, r => Assert.True((r.Evidence?.Length ?? 0) < 2048, r.Id + " carries " + (r.Evidence?.Length ?? 0) + " characters of evidence"));
            Assert.DoesNotContain(results, r => r.Evidence?.Contains("aaaaaaaaaaaaaaaaaaaa", StringComparison.Ordinal) == true);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void An_external_entity_in_security_xml_is_neither_read_nor_shown()
    {
        string dir = Directory.CreateTempSubdirectory("st-xxe-").FullName;
        try
        {
            string secret = Path.Combine(dir, "secret.txt");
            File.WriteAllText(secret, "planted-secret-4711");
            string path = Path.Combine(dir, "security.xml");
            File.WriteAllText(path, "<?xml version=\"1.0\"?>\n<!DOCTYPE Security [ <!ENTITY x SYSTEM \"" + new Uri(secret).AbsoluteUri + "\"> ]>\n" +
                "<Security><singleSignon enabled=\"true\" domainName=\"&x;\"/></Security>\n");

            Assert.Equal("XmlDtdNotAllowed", Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() => SecurityConfiguration.Read(path)).ErrorId);
            Assert.DoesNotContain(Run(path), r => r.Evidence?.Contains("planted-secret", StringComparison.Ordinal) == true);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Malformed_xml_without_a_dtd_is_still_reported_as_malformed()
    {
        string dir = Directory.CreateTempSubdirectory("st-bad-").FullName;
        try
        {
            string path = Path.Combine(dir, "server.xml");
            File.WriteAllText(path, "<server><ltpa expiration=\"120m\"></server>");
            Assert.Equal(SecurityConfiguration.ErrorUnreadable, Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() => SecurityConfiguration.Read(path)).ErrorId);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
