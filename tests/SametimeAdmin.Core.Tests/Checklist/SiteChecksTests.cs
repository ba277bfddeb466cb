using System.Collections;
using SametimeAdmin.Checklist;
using Xunit;

namespace SametimeAdmin.Tests.Checklist;

/// <summary>The checks that read a site's files through the Domino and config-file readers, on a small temporary site.</summary>
public sealed class SiteChecksTests : IDisposable
{
    private readonly string site = Path.Combine(Path.GetTempPath(), "st-site-" + Guid.NewGuid().ToString("N"));

    public SiteChecksTests()
    {
        Directory.CreateDirectory(site);
        string dxl = File.ReadAllText(Fixtures.PathOf("domino", "websso-note-export.dxl"));
        File.WriteAllText(Path.Combine(site, "inotes.dxl"), dxl);
        // The Sametime copy: domain without its dot, and a replication conflict.
        string sametime = dxl.Replace("<text>.example.com</text>", "<text>example.com</text>", StringComparison.Ordinal)
            .Replace("<item name='Form'>", "<item name='$Conflict'><text></text></item>\n<item name='Form'>", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(site, "sametime.dxl"), sametime);
        File.WriteAllText(Path.Combine(site, "sametime.ini"), "[Config]\r\nST_COMMUNITY_ID=sametime\r\n");
        File.WriteAllText(Path.Combine(site, "servlets.properties"), "# servlets\nservlet.DWABuddyList.code=com.lotus.dwa.stbuddy.DWABuddyList\n");
    }

    public void Dispose() => Directory.Delete(site, recursive: true);

    private List<CheckResult> Run(string inotesDocument = "inotes.dxl")
    {
        var root = new Hashtable
        {
            ["Sso"] = new Hashtable { ["Domain"] = ".example.com" },
            ["INotes"] = new Hashtable { ["SsoDocument"] = inotesDocument, ["ServletsProperties"] = "servlets.properties" },
            ["Community"] = new Hashtable { ["SsoDocument"] = "sametime.dxl", ["SametimeIni"] = "sametime.ini" },
        };
        var env = EnvironmentReader.FromDictionary(root, site, null);
        using var context = new ChecklistContext(env, new ChecklistOptions { Offline = true });
        return new ChecklistRunner().Run(context).ToList();
    }

    private static CheckResult Get(List<CheckResult> results, string id) =>
        results.SingleOrDefault(r => r.Id == id) ?? throw new Xunit.Sdk.XunitException(id + " not among " + string.Join(", ", results.Select(r => r.Id)));

    [Fact]
    public void St_token_type_must_name_the_web_sso_configuration()
    {
        var missing = Get(Run(), "CrossServer.TokenTypeMatchesConfiguration.Community");
        Assert.Equal(CheckStatus.Failed, missing.Status);
        Assert.Contains("not set", missing.Evidence, StringComparison.Ordinal);
        Assert.Contains("LtpaToken2", missing.Fix, StringComparison.Ordinal);

        File.AppendAllText(Path.Combine(site, "sametime.ini"), "[AuthToken]\r\nST_TOKEN_TYPE=LtpaToken2\r\n");
        Assert.Equal(CheckStatus.Passed, Get(Run(), "CrossServer.TokenTypeMatchesConfiguration.Community").Status);
    }

    [Fact]
    public void A_misplaced_st_token_type_is_named_with_its_line()
    {
        // The classic mistake behind CLFRX0035E: the setting under [Config] instead of [AuthToken].
        File.WriteAllText(Path.Combine(site, "sametime.ini"), "[Config]\r\nST_COMMUNITY_ID=sametime\r\nST_TOKEN_TYPE=LtpaToken2\r\n");
        var misplaced = Get(Run(), "CrossServer.TokenTypeMatchesConfiguration.Community");
        Assert.Equal(CheckStatus.Failed, misplaced.Status);
        Assert.Contains("ST_TOKEN_TYPE=LtpaToken2 on line 3 is in section [Config], not in [AuthToken]", misplaced.Evidence, StringComparison.Ordinal);

        // Set right in [AuthToken] too: it works, but the stray line is still worth a warning.
        File.AppendAllText(Path.Combine(site, "sametime.ini"), "\r\n[AuthToken]\r\nST_TOKEN_TYPE=LtpaToken2\r\n");
        var both = Get(Run(), "CrossServer.TokenTypeMatchesConfiguration.Community");
        Assert.Equal(CheckStatus.Warning, both.Status);
        Assert.Contains("line 3 is in section [Config]", both.Evidence, StringComparison.Ordinal);
        Assert.Contains("'LtpaToken2' (line 6)", both.Evidence, StringComparison.Ordinal);

        // Before the first section header counts as misplaced as well.
        File.WriteAllText(Path.Combine(site, "sametime.ini"), "ST_TOKEN_TYPE=LtpaToken2\r\n[AuthToken]\r\nST_TOKEN_TYPE=LtpaToken2\r\n");
        var top = Get(Run(), "CrossServer.TokenTypeMatchesConfiguration.Community");
        Assert.Equal(CheckStatus.Warning, top.Status);
        Assert.Contains("on line 1 is before the first section header", top.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_conflict_document_and_a_domain_without_dot_fail_on_the_sametime_side_only()
    {
        var results = Run();
        Assert.Equal(CheckStatus.Failed, Get(results, "ReplicationConflicts.NoConflictDocuments.Community").Status);
        Assert.Equal(CheckStatus.Passed, Get(results, "ReplicationConflicts.NoConflictDocuments.iNotes").Status);
        Assert.Equal(CheckStatus.Failed, Get(results, "ConfigurationDocuments.DnsDomain.Community").Status);
        Assert.Equal(CheckStatus.Passed, Get(results, "ConfigurationDocuments.DnsDomain.iNotes").Status);
        var same = Get(results, "CrossServer.SameDomain");
        Assert.Equal(CheckStatus.Failed, same.Status);
        Assert.Equal(ChecklistLink.INotesToCommunity, same.Link);
        Assert.Equal(CheckStatus.Passed, Get(results, "ConfigurationDocuments.BuddyListServlet.iNotes").Status);
    }

    [Fact]
    public void A_document_of_another_form_is_a_failed_check_with_the_readers_reason()
    {
        File.Copy(Fixtures.PathOf("domino", "person.dxl"), Path.Combine(site, "person.dxl"));
        var results = Run("person.dxl");
        var keys = Get(results, "Tokens.WebSphereKeysImported.iNotes");
        Assert.Equal(CheckStatus.Failed, keys.Status);
        Assert.Contains("Web SSO", keys.Evidence, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Failed, Get(results, "ConfigurationDocuments.DnsDomain.iNotes").Status);
        // The Sametime document is still checked.
        Assert.Equal(CheckStatus.Failed, Get(results, "ConfigurationDocuments.DnsDomain.Community").Status);
        Assert.DoesNotContain(results, r => r.Id.StartsWith("Checklist.", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_the_key_password_the_key_file_checks_are_skipped_with_the_reason()
    {
        var results = Run();
        var keys = Get(results, "Tokens.ProxyKeys");
        Assert.Equal(CheckStatus.Skipped, keys.Status);
        Assert.Contains("not given", keys.Evidence, StringComparison.Ordinal);
    }
}
