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

    private List<CheckResult> Run(string inotesDocument = "inotes.dxl", string? inotesName = null, string? communityName = null, string? inotesLog = null)
    {
        var inotes = new Hashtable { ["SsoDocument"] = inotesDocument, ["ServletsProperties"] = "servlets.properties" };
        if (inotesLog != null)
        {
            inotes["ConsoleLog"] = inotesLog;
        }

        var community = new Hashtable { ["SsoDocument"] = "sametime.dxl", ["SametimeIni"] = "sametime.ini" };
        if (inotesName != null)
        {
            inotes["Name"] = inotesName;
        }

        if (communityName != null)
        {
            community["Name"] = communityName;
        }

        var root = new Hashtable
        {
            ["Sso"] = new Hashtable { ["Domain"] = ".example.com" },
            ["INotes"] = inotes,
            ["Community"] = community,
        };
        var env = EnvironmentReader.FromDictionary(root, site, null);
        using var context = new ChecklistContext(env, new ChecklistOptions { Offline = true });
        return new ChecklistRunner().Run(context).ToList();
    }

    private static CheckResult Get(List<CheckResult> results, string id) =>
        results.SingleOrDefault(r => r.Id == id) ?? throw new Xunit.Sdk.XunitException(id + " not among " + string.Join(", ", results.Select(r => r.Id)));

    [Fact]
    public void Participating_servers_are_compared_with_the_sites_server_names()
    {
        // Both documents list CN=inotes1/O=Example and CN=st1/O=Example.
        var listed = Run(inotesName: "inotes1/Example", communityName: "CN=ST1/O=Example");
        Assert.Equal(CheckStatus.Passed, Get(listed, "ConfigurationDocuments.ParticipatingServers.iNotes").Status);
        Assert.Equal(CheckStatus.Passed, Get(listed, "ConfigurationDocuments.ParticipatingServers.Community").Status);

        var missing = Get(Run(inotesName: "CN=inotes1/O=Example", communityName: "CN=st9/O=Example"), "ConfigurationDocuments.ParticipatingServers.iNotes");
        Assert.Equal(CheckStatus.Failed, missing.Status);
        Assert.StartsWith("CN=st9/O=Example is not among the participating servers", missing.Evidence, StringComparison.Ordinal);
        Assert.Contains("-ParticipatingServer 'CN=inotes1/O=Example','CN=st1/O=Example','CN=st9/O=Example'", missing.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Participating_servers_are_not_passed_without_the_sites_server_names()
    {
        var unnamed = Get(Run(inotesName: "CN=inotes1/O=Example"), "ConfigurationDocuments.ParticipatingServers.iNotes");
        Assert.Equal(CheckStatus.Skipped, unnamed.Status);
        Assert.Contains("Community", unnamed.Evidence, StringComparison.Ordinal);
        Assert.Contains("Name", unnamed.Fix, StringComparison.Ordinal);
    }

    // One successful LtpaToken2 validation in the guide's 4.1 trace format (DEBUG_SSO_TRACE_LEVEL=1).
    private const string ValidationTrace =
        "[0DEC:000A-0F80] 13/03/2017 08:22:45.58 SSO API> *** Getting Single Sign-On Config Data (SECGetSSOConfigData) ***\n" +
        "[0DEC:000A-0F80] 13/03/2017 08:22:45.58 SSO API> ConfigName specified [LtpaToken2].\n" +
        "[0DEC:000A-0F80] 13/03/2017 08:22:50.25 SSO API> *** Validating Token List (SECTokenListValidateAndGetInfo) ***\n" +
        "[0DEC:000A-0F80] 13/03/2017 08:22:50.25 SSO API> Decoding Websphere style LTPA2 Single Sign-On token (LtpaToken2).\n" +
        "[0DEC:000A-0F80] 13/03/2017 08:22:50.25 SSO API> -Raw Token Username = CN=inotes 2,O=ibm\n" +
        "[0DEC:000A-0F80] 13/03/2017 08:22:50.25 SSO API> -LDAP Realm = defaultWIMFileBasedRealm\n" +
        "[0DEC:000A-0F80] 13/03/2017 08:22:50.25 SSO API> -Username = CN=inotes 2/O=ibm\n" +
        "[0DEC:000A-0F80] 13/03/2017 08:22:50.25 SSO API> -Expiration Ticks = 1489411335666 [13/03/2017 09:22:15].\n";

    private const string ExpiredLine = "[0DEC:000B-0F81] 13/03/2017 11:40:02 HTTP Server: Single Sign-On token is expired\n";

    [Fact]
    public void An_expired_token_after_a_valid_one_is_information_not_a_failure()
    {
        File.WriteAllText(Path.Combine(site, "console.log"), ValidationTrace + ExpiredLine);
        var trace = Get(Run(inotesLog: "console.log"), "Startup.SsoTokens.iNotes.console.log");
        Assert.Equal(CheckStatus.Passed, trace.Status);
        Assert.Contains("1 expired", trace.Evidence, StringComparison.Ordinal);
        Assert.Contains("idle session", trace.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_token_after_a_valid_one_still_fails_and_mentions_expired_ones_once()
    {
        File.WriteAllText(Path.Combine(site, "console.log"), ValidationTrace + ExpiredLine + "[0DEC:000B-0F81] 13/03/2017 11:41:02 HTTP Server: Single Sign-On token is invalid\n");
        var trace = Get(Run(inotesLog: "console.log"), "Startup.SsoTokens.iNotes.console.log");
        Assert.Equal(CheckStatus.Failed, trace.Status);
        Assert.Contains("Invalid", trace.Evidence, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(trace.Evidence, "idle session"));
    }

    [Fact]
    public void Only_expired_tokens_fail_as_every_recent_validation_failing()
    {
        File.WriteAllText(Path.Combine(site, "console.log"), ExpiredLine + ExpiredLine.Replace("11:40:02", "11:45:09", StringComparison.Ordinal));
        var trace = Get(Run(inotesLog: "console.log"), "Startup.SsoTokens.iNotes.console.log");
        Assert.Equal(CheckStatus.Failed, trace.Status);
        Assert.Contains("every one of the last 2", trace.Evidence, StringComparison.Ordinal);
        Assert.Contains("clocks", trace.Fix, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

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
    public void A_document_of_another_form_fails_once_with_the_readers_reason()
    {
        File.Copy(Fixtures.PathOf("domino", "person.dxl"), Path.Combine(site, "person.dxl"));
        var results = Run("person.dxl");
        var keys = Get(results, "Tokens.WebSphereKeysImported.iNotes");
        Assert.Equal(CheckStatus.Failed, keys.Status);
        Assert.Contains("Web SSO", keys.Evidence, StringComparison.Ordinal);
        // One cause, one failure: the other checks of the unreadable document are skipped and point at the failure.
        var domain = Get(results, "ConfigurationDocuments.DnsDomain.iNotes");
        Assert.Equal(CheckStatus.Skipped, domain.Status);
        Assert.Contains("reported by Tokens.WebSphereKeysImported.iNotes", domain.Evidence, StringComparison.Ordinal);
        Assert.Single(results, r => r.Status == CheckStatus.Failed && r.Evidence == keys.Evidence);
        // The Sametime document is still checked.
        Assert.Equal(CheckStatus.Failed, Get(results, "ConfigurationDocuments.DnsDomain.Community").Status);
        Assert.DoesNotContain(results, r => r.Id.StartsWith("Checklist.", StringComparison.Ordinal));
    }

    [Fact]
    public void Host_names_are_skipped_not_failed_when_the_domain_itself_is_invalid()
    {
        var root = new Hashtable
        {
            ["Sso"] = new Hashtable { ["Domain"] = ".example.com" },
            ["INotes"] = new Hashtable { ["SsoDocument"] = "inotes.dxl", ["HostName"] = "inotes.example.com" },
            ["Community"] = new Hashtable { ["SsoDocument"] = "sametime.dxl", ["HostName"] = "st.example.com" },
        };
        File.WriteAllText(Path.Combine(site, "sametime.dxl"), File.ReadAllText(Path.Combine(site, "sametime.dxl")).Replace("<text>example.com</text>", "<text>example..com</text>", StringComparison.Ordinal));
        var env = EnvironmentReader.FromDictionary(root, site, null);
        using var context = new ChecklistContext(env, new ChecklistOptions { Offline = true });
        var results = new ChecklistRunner().Run(context).ToList();
        Assert.Equal(CheckStatus.Failed, Get(results, "ConfigurationDocuments.DnsDomain.Community").Status);
        var hosts = Get(results, "ConfigurationDocuments.DomainMatchesHosts.Community");
        Assert.Equal(CheckStatus.Skipped, hosts.Status);
        Assert.Contains("see DomainLeadingDot", hosts.Evidence, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, Get(results, "ConfigurationDocuments.DomainMatchesHosts.iNotes").Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_sites_item_map_renames_the_items_the_checks_read(bool asJsonFile)
    {
        string renamed = File.ReadAllText(Path.Combine(site, "inotes.dxl")).Replace("name='LTPA_TokenDomain'", "name='Site_TokenDomain'", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(site, "inotes.dxl"), renamed);
        Assert.Equal(CheckStatus.Failed, Get(Run(), "ConfigurationDocuments.DnsDomain.iNotes").Status);

        object map = new Hashtable { ["WebSso.TokenDomain"] = "Site_TokenDomain" };
        if (asJsonFile)
        {
            File.WriteAllText(Path.Combine(site, "items.json"), "{ \"WebSso.TokenDomain\": \"Site_TokenDomain\" }");
            map = "items.json";
        }

        var root = new Hashtable
        {
            ["ItemMap"] = map,
            ["INotes"] = new Hashtable { ["SsoDocument"] = "inotes.dxl" },
        };
        var env = EnvironmentReader.FromDictionary(root, site, null);
        Assert.Equal("Site_TokenDomain", env.ItemMap.NameOf("WebSso.TokenDomain"));
        using var context = new ChecklistContext(env, new ChecklistOptions { Offline = true });
        var domain = Get(new ChecklistRunner().Run(context).ToList(), "ConfigurationDocuments.DnsDomain.iNotes");
        Assert.Equal(CheckStatus.Passed, domain.Status);
    }

    [Fact]
    public void An_item_map_setting_that_is_neither_a_table_nor_a_json_file_is_a_clear_error()
    {
        var root = new Hashtable { ["ItemMap"] = "items.txt" };
        var error = Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() => EnvironmentReader.FromDictionary(root, site, null));
        // The same id as the same mistake in -ItemMap: one reader decides what an item map may be.
        Assert.Equal(SametimeAdmin.Domino.ItemMapOverrides.ErrorFileInvalid, error.ErrorId);
        Assert.Contains("ItemMap", error.Message, StringComparison.Ordinal);
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
