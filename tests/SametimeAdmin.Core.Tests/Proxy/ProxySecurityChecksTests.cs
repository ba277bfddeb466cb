using System.Collections;
using SametimeAdmin.Checklist;
using Xunit;

namespace SametimeAdmin.Tests.Proxy;

/// <summary>The WebSphere/Liberty side of guide 3.1: key regeneration, timeout, Requires SSL, HttpOnly, the keys file.</summary>
public sealed class ProxySecurityChecksTests
{
    private static List<CheckResult> Run(string file, int? expiration = null, string[]? proxyUrls = null, string? ltpaKeys = null, IEnumerable<string>? extraUrls = null)
    {
        var sso = new Hashtable { ["Domain"] = ".lab.example.com", ["ConfigurationName"] = "LtpaToken2" };
        if (expiration != null)
        {
            sso["ExpirationMinutes"] = expiration.Value;
        }

        var root = new Hashtable { ["Sso"] = sso, ["Ssc"] = new Hashtable { ["SecurityXml"] = Fixtures.PathOf("proxysecurity", file) } };
        var proxy = new Hashtable();
        if (proxyUrls != null)
        {
            proxy["Urls"] = proxyUrls;
        }

        if (ltpaKeys != null)
        {
            proxy["LtpaKeys"] = ltpaKeys;
        }

        root["Proxy"] = proxy;
        var env = EnvironmentReader.FromDictionary(root, Fixtures.PathOf("proxysecurity"), null);
        return SscSecurityChecks.RunOn(env, extraUrls).ToList();
    }

    private static CheckResult Result(List<CheckResult> results, string id) => results.Single(r => r.Id == id);

    [Fact]
    public void Automatic_key_regeneration_in_the_cell_fails_with_the_fix_to_turn_it_off()
    {
        var config = SecurityConfiguration.Read(Fixtures.PathOf("proxysecurity", "security-autogen.xml"));
        Assert.True(config.KeyAutoGenerate);
        Assert.Equal("CellLTPAKeySetGroup", config.KeySetGroupName);
        Assert.Equal(90, config.KeyRegenerationDays);

        var check = Result(Run("security-autogen.xml"), "SscSecurity.KeyRegeneration");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains("every 90 days", check.Evidence, StringComparison.Ordinal);
        Assert.Contains("Automatically generate keys", check.Fix, StringComparison.Ordinal);
        Assert.Contains("New-WsadminLtpaScript", check.Fix, StringComparison.Ordinal);

        Assert.Equal(CheckStatus.Passed, Result(Run("security-shared.xml"), "SscSecurity.KeyRegeneration").Status);
    }

    [Fact]
    public void A_file_without_a_key_set_group_or_an_expected_expiration_is_skipped_with_the_reason()
    {
        var results = SscSecurityChecks.RunOn(EnvironmentReader.FromDictionary(
            new Hashtable { ["Ssc"] = new Hashtable { ["SecurityXml"] = Fixtures.PathOf("checklist", "security.xml") } }, ".", null)).ToList();
        var regeneration = Result(results, "SscSecurity.KeyRegeneration");
        Assert.Equal(CheckStatus.Skipped, regeneration.Status);
        Assert.Contains("every 90 days unless it is turned off", regeneration.Evidence, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Skipped, Result(results, "SscSecurity.Expiration").Status);
        Assert.Contains("120 minutes", Result(results, "SscSecurity.Expiration").Evidence, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Skipped, Result(results, "SscSecurity.HttpOnly").Status);
    }

    [Fact]
    public void The_ltpa_timeout_is_compared_with_the_web_sso_expiration()
    {
        Assert.Equal(CheckStatus.Passed, Result(Run("security-shared.xml", expiration: 120), "SscSecurity.Expiration").Status);
        var mismatch = Result(Run("security-shared.xml", expiration: 30), "SscSecurity.Expiration");
        Assert.Equal(CheckStatus.Failed, mismatch.Status);
        Assert.Contains("120 minutes", mismatch.Evidence, StringComparison.Ordinal);
        Assert.Contains("30 minutes", mismatch.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Requires_ssl_fails_against_an_http_url_and_passes_when_every_url_is_https()
    {
        var plain = Result(Run("security-autogen.xml", proxyUrls: ["https://proxy.lab.example.com"], extraUrls: ["http://inotes.lab.example.com/mail/u.nsf"]), "SscSecurity.RequiresSsl");
        Assert.Equal(CheckStatus.Failed, plain.Status);
        Assert.Contains("http://inotes.lab.example.com/mail/u.nsf", plain.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("https://proxy", plain.Evidence, StringComparison.Ordinal);

        Assert.Equal(CheckStatus.Passed, Result(Run("security-autogen.xml", proxyUrls: ["https://proxy.lab.example.com"]), "SscSecurity.RequiresSsl").Status);
        Assert.Equal(CheckStatus.Skipped, Result(Run("security-autogen.xml"), "SscSecurity.RequiresSsl").Status);
        Assert.Equal(CheckStatus.Passed, Result(Run("security-shared.xml", extraUrls: ["http://inotes.lab.example.com"]), "SscSecurity.RequiresSsl").Status);
    }

    [Fact]
    public void HttpOnly_cookies_are_a_warning_and_cleared_httponly_passes()
    {
        var on = Result(Run("security-autogen.xml"), "SscSecurity.HttpOnly");
        Assert.Equal(CheckStatus.Warning, on.Status);
        Assert.Equal(CheckStatus.Passed, Result(Run("security-shared.xml"), "SscSecurity.HttpOnly").Status);
    }

    [Fact]
    public void Liberty_ltpa_and_webAppSecurity_attributes_are_read_and_the_keys_file_is_adopted()
    {
        string serverXml = Fixtures.PathOf("proxysecurity", "liberty", "server.xml");
        var config = SecurityConfiguration.Read(serverXml);
        Assert.Equal(90, config.ExpirationMinutes);
        Assert.Equal("lab.example.com", config.Domain);
        Assert.Equal("LtpaToken2", config.CookieName);
        Assert.True(config.RequiresSsl);
        Assert.False(config.HttpOnlyCookies);
        Assert.True(config.KeysPasswordSet);
        Assert.False(config.KeysPasswordIsDefault);
        string keys = Fixtures.PathOf("proxysecurity", "liberty", "resources", "security", "ltpa.keys");
        Assert.Equal(Path.GetFullPath(keys), config.KeysFile);
        Assert.Equal(["singleSignonEnabled=true"], config.LibertyDefaults);

        var env = EnvironmentReader.FromDictionary(new Hashtable { ["Ssc"] = new Hashtable { ["SecurityXml"] = serverXml } }, ".", null);
        Assert.Null(env.Proxy.LtpaKeys);
        using (var context = new ChecklistContext(env))
        {
            // The site is a value: the context holds the site with the adopted keys file, the caller's is unchanged.
            Assert.Equal(Path.GetFullPath(keys), context.Environment.Proxy.LtpaKeys);
            Assert.Null(env.Proxy.LtpaKeys);
        }

        var results = Run(Path.Combine("liberty", "server.xml"), expiration: 90);
        Assert.Equal(CheckStatus.Passed, Result(results, "SscSecurity.KeysFile").Status);
        Assert.DoesNotContain("Lz4sLCgwLTs", string.Join(" ", results.Select(r => r.Evidence + r.Fix)), StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, Result(results, "SscSecurity.Expiration").Status);
        Assert.Equal(CheckStatus.Skipped, Result(results, "SscSecurity.KeyRegeneration").Status);

        var other = Result(Run(Path.Combine("liberty", "server.xml"), ltpaKeys: Fixtures.PathOf("vectors", "ltpa-dev-d129.keys")), "SscSecurity.KeysFile");
        Assert.Equal(CheckStatus.Warning, other.Status);
        Assert.Contains("ltpa-dev-d129.keys", other.Evidence, StringComparison.Ordinal);

        // A copy of the same file elsewhere is the same keys file.
        Assert.Equal(CheckStatus.Passed, Result(Run(Path.Combine("liberty", "server.xml"), ltpaKeys: Fixtures.PathOf("vectors", "ltpa-dev.keys")), "SscSecurity.KeysFile").Status);
    }

    [Fact]
    public void Liberty_defaults_are_used_and_named_when_the_file_leaves_them_out()
    {
        var config = SecurityConfiguration.Read(Fixtures.PathOf("proxysecurity", "server-defaults.xml"));
        Assert.Equal(120, config.ExpirationMinutes);
        Assert.Equal("LtpaToken2", config.CookieName);
        Assert.False(config.RequiresSsl);
        Assert.True(config.HttpOnlyCookies);
        Assert.True(config.KeysPasswordIsDefault);
        Assert.Contains("expiration=120m", config.LibertyDefaults);
        Assert.Contains("httpOnlyCookies=true", config.LibertyDefaults);
        Assert.Equal(Path.GetFullPath(Fixtures.PathOf("proxysecurity", "resources", "security", "ltpa.keys")), config.KeysFile);

        var results = Run("server-defaults.xml", expiration: 120);
        Assert.Contains("Liberty's default", Result(results, "SscSecurity.Expiration").Evidence, StringComparison.Ordinal);
        Assert.Contains("Liberty's default", Result(results, "SscSecurity.HttpOnly").Evidence, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Failed, Result(results, "SscSecurity.Domain").Status);
        Assert.Equal(CheckStatus.Skipped, Result(results, "SscSecurity.KeysFile").Status);
    }
}
