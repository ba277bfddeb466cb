using SametimeAdmin.Checklist;
using SametimeAdmin.Common;
using SametimeAdmin.Inventory;
using Xunit;

namespace SametimeAdmin.Tests.Inventory;

public sealed class InventoryTests
{
    private static string F(params string[] parts) => Fixtures.PathOf(["inventory", .. parts]);

    /// <summary>The guide's site as fixtures/inventory/site.psd1 describes it.</summary>
    private static SsoEnvironment Site() => new SsoEnvironment
    {
        Proxy = new ProxyDescription
        {
            Urls = ["http://proxyHost.test.ibm.com:9080"],
            VersionFiles = [F("proxy", "WAS.product")],
            AboutThisProfile = F("proxy", "AboutThisProfile.txt"),
            WimConfig = F("proxy", "wimconfig.xml"),
        },
        Ssc = new SscDescription { WimConfig = F("ssc", "wimconfig.xml") },
        INotes = [new DominoServerDescription(ChecklistServer.INotes) { Name = "CN=INOTES1/O=ibm", Key = "iNotes" }],
        Community = [new DominoServerDescription(ChecklistServer.Community)
        {
            Name = "CN=STCHAT4/O=ibm", Key = "Community",
            VersionFiles = [F("community", "buildinfo.txt")],
            ConsoleLogs = [F("community", "console.log")],
        }],
        Ldap = new LdapDescription { HostName = "ldapServerHost.mulvm.ie.ibm.com", Port = 389, ConsoleLogs = [F("ldap", "console.log")] },
    };

    private static Dictionary<string, CheckResult> Run(SsoEnvironment env) =>
        new InventoryChecks().Run(new ChecklistContext(env)).ToDictionary(r => r.Id);

    [Fact]
    public void Was_product_gives_the_product_name_version_and_build_level()
    {
        var item = VersionFile.Read(F("proxy", "WAS.product"), "SametimeProxy");
        Assert.Equal(("IBM WebSphere Application Server - ND", "8.5.5.8 (cf081547.02)", InventoryKind.Version), (item.Name, item.Value, item.Kind));
    }

    [Theory]
    [InlineData("WebSphereApplicationServer.properties", "WebSphere Application Server (BASE)")]
    [InlineData("openliberty.properties", "Open Liberty (Open)")]
    public void Liberty_version_properties_give_name_edition_and_version(string file, string name)
    {
        var item = VersionFile.Read(F("liberty", file), "SametimeProxy");
        Assert.Equal((name, "22.0.0.12"), (item.Name, item.Value));
    }

    [Fact]
    public void A_version_file_without_a_version_is_refused_with_a_stable_error()
    {
        var ex = Assert.Throws<SametimeAdminException>(() => VersionFile.Read(F("liberty", "no-version.properties"), "SametimeProxy"));
        Assert.Equal((VersionFile.ErrorNoVersion, FailureKind.InvalidData), (ex.ErrorId, ex.Kind));
    }

    [Fact]
    public void Buildinfo_gives_its_first_line_as_the_version()
    {
        Assert.Equal("9.0.1", VersionFile.Read(F("community", "buildinfo.txt"), "Community").Value);
    }

    [Fact]
    public void Console_log_gives_the_domino_banner_and_the_ldap_sessions_of_the_guide()
    {
        var banner = Assert.Single(ConsoleVersions.Read(F("community", "console.log"), "Community"));
        Assert.Equal(("IBM Domino (r) Server (64 Bit)", "9.0.1FP7", InventoryKind.Version, "09/03/2017 07:25:51"), (banner.Name, banner.Value, banner.Kind, banner.Time));

        var sessions = ConsoleVersions.Read(F("ldap", "console.log"), "LDAP").ToList();
        Assert.Equal(new[] { "INOTES1/ibm 9.0.1FP7", "STCHAT4/ibm 9.0.1" }, sessions.Select(s => s.Name + " " + s.Value));
        Assert.All(sessions, s => Assert.Equal(InventoryKind.LdapSession, s.Kind));
        Assert.Equal(F("ldap", "console.log") + ":2", sessions[0].Source);
    }

    [Fact]
    public void About_this_profile_gives_every_port()
    {
        var ports = ProfilePorts.Read(F("proxy", "AboutThisProfile.txt"), "SametimeProxy").ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal("9080", ports["HTTP transport port"]);
        Assert.Equal("9443", ports["HTTPS transport port"]);
        Assert.Equal("9060", ports["Administrative console port"]);
        Assert.Equal(6, ports.Count);
    }

    [Fact]
    public void A_file_without_port_lines_is_not_an_about_this_profile()
    {
        var ex = Assert.Throws<SametimeAdminException>(() => ProfilePorts.Read(F("community", "buildinfo.txt"), "SametimeProxy"));
        Assert.Equal(ProfilePorts.ErrorNoPorts, ex.ErrorId);
    }

    [Fact]
    public void Wimconfig_gives_the_realm_and_ldap_hosts_but_never_the_bind_password()
    {
        var wim = WimConfig.Read(F("proxy", "wimconfig.xml"));
        Assert.Equal("defaultWIMFileBasedRealm", wim.DefaultRealm);
        var host = Assert.Single(wim.LdapHosts);
        Assert.Equal(("LDAP1", "ldapServerHost.mulvm.ie.ibm.com:389"), (host.Repository, host.ToString()));
        var items = wim.ToItems("SametimeProxy").ToList();
        Assert.Equal(new[] { InventoryKind.Realm, InventoryKind.LdapHost }, items.Select(i => i.Kind));
        Assert.DoesNotContain(items, i => i.Value.Contains("xor", StringComparison.OrdinalIgnoreCase) || i.Name.Contains("xor", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_file_that_is_not_a_wimconfig_is_refused()
    {
        var ex = Assert.Throws<SametimeAdminException>(() => WimConfig.Read(Fixtures.PathOf("checklist", "security.xml")));
        Assert.Equal(WimConfig.ErrorInvalid, ex.ErrorId);
    }

    [Fact]
    public void The_guide_site_passes_what_it_shows_and_skips_what_it_does_not()
    {
        var results = Run(Site());
        Assert.Equal(CheckStatus.Passed, results["Inventory.Versions.Proxy"].Status);
        Assert.Contains("8.5.5.8", results["Inventory.Versions.Proxy"].Evidence);
        Assert.Equal(CheckStatus.Passed, results["Inventory.Versions.Community"].Status);
        Assert.Contains("9.0.1FP7", results["Inventory.Versions.Community"].Evidence);
        Assert.Contains("buildinfo.txt 9.0.1", results["Inventory.Versions.Community"].Evidence);
        Assert.Equal(CheckStatus.Skipped, results["Inventory.Versions.iNotes"].Status);
        Assert.Equal(CheckStatus.Skipped, results["Inventory.Versions.Ldap"].Status);
        Assert.Contains("start-up banner", results["Inventory.Versions.Ldap"].Evidence);
        Assert.Equal(CheckStatus.Passed, results["Inventory.ProxyTransportPort"].Status);
        Assert.Equal(CheckStatus.Passed, results["Inventory.Realm"].Status);
        Assert.Equal(CheckStatus.Passed, results["Inventory.LdapHosts"].Status);
        Assert.Contains("ldapserverhost.mulvm.ie.ibm.com:389 (Ldap.HostName)", results["Inventory.LdapHosts"].Evidence);
        Assert.Equal(CheckStatus.Passed, results["Inventory.LdapSession.iNotes"].Status);
        Assert.Contains("INOTES1/ibm (Release 9.0.1FP7) at 13/03/2017 07:44:53", results["Inventory.LdapSession.iNotes"].Evidence);
        Assert.Equal(CheckStatus.Passed, results["Inventory.LdapSession.Community"].Status);
    }

    [Fact]
    public void Cells_with_the_same_realm_but_different_ldap_servers_fail_the_ldap_check_only()
    {
        var env = Site() with { Ssc = new SscDescription { WimConfig = F("ssc", "wimconfig-other-ldap.xml") }, Ldap = new LdapDescription() };
        var results = Run(env);
        Assert.Equal(CheckStatus.Passed, results["Inventory.Realm"].Status);
        var ldap = results["Inventory.LdapHosts"];
        Assert.Equal(CheckStatus.Failed, ldap.Status);
        Assert.Contains("ldap2.test.ibm.com:389", ldap.Evidence);
        Assert.Contains("ldapserverhost.mulvm.ie.ibm.com:389", ldap.Evidence);
    }

    [Fact]
    public void A_cell_outside_the_expected_ldap_host_fails_even_when_it_is_the_only_one()
    {
        var env = Site() with
        {
            Ssc = new SscDescription(),
            Ldap = new LdapDescription { HostName = "ldap2.test.ibm.com" },
        };
        var ldap = Run(env)["Inventory.LdapHosts"];
        Assert.Equal(CheckStatus.Failed, ldap.Status);
        Assert.Contains("does not use ldap2.test.ibm.com:389", ldap.Evidence);
    }

    [Fact]
    public void Different_realms_fail_and_name_each_cell()
    {
        var realm = Run(Site() with { Ssc = new SscDescription { WimConfig = F("ssc", "wimconfig-other-realm.xml") } })["Inventory.Realm"];
        Assert.Equal(CheckStatus.Failed, realm.Status);
        Assert.Contains("SSCRealm", realm.Evidence);
        Assert.Contains("defaultWIMFileBasedRealm", realm.Evidence);
    }

    [Fact]
    public void One_wimconfig_without_anything_to_compare_it_with_is_skipped()
    {
        var results = Run(Site() with { Ssc = new SscDescription(), Ldap = new LdapDescription() });
        Assert.Equal(CheckStatus.Skipped, results["Inventory.Realm"].Status);
        Assert.Equal(CheckStatus.Skipped, results["Inventory.LdapHosts"].Status);
    }

    [Fact]
    public void Security_xml_gives_the_hosts_of_the_active_ldap_registry_only_and_server_xml_its_failover_servers()
    {
        var was = RegistryHosts.Read(F("ssc", "security-ldap.xml"));
        Assert.Equal(["ldapServerHost.mulvm.ie.ibm.com:389"], was.Select(h => h.ToString()));
        Assert.Equal("LDAPUserRegistry", was[0].Repository);
        var liberty = RegistryHosts.Read(F("proxy", "server-ldap.xml"));
        Assert.Equal(["ldapServerHost.mulvm.ie.ibm.com:389", "ldap2.test.ibm.com:389"], liberty.Select(h => h.ToString()));
        Assert.Empty(RegistryHosts.Read(Fixtures.PathOf("checklist", "security.xml")));
        var ex = Assert.Throws<SametimeAdminException>(() => RegistryHosts.Read(F("ssc", "wimconfig.xml")));
        Assert.Equal(RegistryHosts.ErrorInvalid, ex.ErrorId);
    }

    [Fact]
    public void Directory_assistance_gives_the_hosts_of_its_ldap_documents_through_the_item_map()
    {
        using var store = new SametimeAdmin.Domino.DxlDocumentStore(F("community", "da.dxl"));
        var server = Assert.Single(SametimeAdmin.Domino.DirectoryAssistanceDocument.LdapServers(store, SametimeAdmin.Domino.DominoItemMap.Default));
        Assert.Equal(("CorporateLDAP", "ldapServerHost.mulvm.ie.ibm.com", (int?)389), (server.Domain, server.Host, server.Port));

        // The item names are assumed: an override reads a document whose host item has another name.
        var map = SametimeAdmin.Domino.DominoItemMap.Default.WithOverrides(new System.Collections.Hashtable { ["DirectoryAssistance.LdapHost"] = "LDAPBaseDN" }, "test");
        Assert.Equal("o=ibm", Assert.Single(SametimeAdmin.Domino.DirectoryAssistanceDocument.LdapServers(store, map)).Host);
    }

    private static SsoEnvironment SiteWithAllRegistries(string serverXml, string inotesDa) => Site() with
    {
        Ssc = new SscDescription { WimConfig = F("ssc", "wimconfig.xml"), SecurityXml = F("proxy", serverXml) },
        INotes = [Site().INotes[0] with { DirectoryAssistanceDocument = F(inotesDa) }],
        Community = [Site().Community[0] with { DirectoryAssistanceDocument = F("community", "da.dxl") }],
        Ldap = new LdapDescription(),
    };

    [Fact]
    public void The_ldap_hosts_of_security_xml_and_directory_assistance_are_compared_with_wimconfig_and_each_names_its_file()
    {
        var env = SiteWithAllRegistries("server-other-ldap.xml", "inotes/da-other-ldap.dxl");
        var ldap = Run(env)["Inventory.LdapHosts"];
        Assert.Equal(CheckStatus.Failed, ldap.Status);
        Assert.Contains("ldapserverhost.mulvm.ie.ibm.com:636", ldap.Evidence);
        Assert.Contains(F("proxy", "server-other-ldap.xml"), ldap.Evidence);
        Assert.Contains("ldap2.test.ibm.com:389", ldap.Evidence);
        Assert.Contains(F("inotes", "da-other-ldap.dxl"), ldap.Evidence);
        Assert.Contains("iNotes CN=INOTES1/O=ibm (Directory Assistance document", ldap.Evidence);
        Assert.DoesNotContain(F("community", "da.dxl") + ": ", ldap.Evidence.Split("Seen:")[0]);
        Assert.Contains("Directory Assistance documents", ldap.Fix);

        var items = SiteInventory.Collect(env).Items.Where(i => i.Kind == InventoryKind.LdapHost).ToList();
        Assert.Contains(items, i => i.Source == F("community", "da.dxl") && i.Value == "ldapServerHost.mulvm.ie.ibm.com:389" && i.Server == "Community CN=STCHAT4/O=ibm");
        Assert.Contains(items, i => i.Source == F("proxy", "server-other-ldap.xml") && i.Server == ChecklistServer.Ssc);
        Assert.DoesNotContain(items, i => i.Value.Contains("{aes}", StringComparison.Ordinal) || i.Value.Contains("{xor}", StringComparison.Ordinal));
    }

    [Fact]
    public void Servers_that_all_use_the_same_ldap_host_pass_and_a_failover_server_must_be_everywhere()
    {
        var same = Run(SiteWithAllRegistries("server-other-ldap.xml", "community/da.dxl") with
        {
            Ssc = new SscDescription { WimConfig = F("ssc", "wimconfig.xml"), SecurityXml = F("ssc", "security-ldap.xml") },
        })["Inventory.LdapHosts"];
        Assert.Equal(CheckStatus.Passed, same.Status);
        Assert.Contains(F("ssc", "security-ldap.xml"), same.Evidence);
        Assert.Contains(F("community", "da.dxl"), same.Evidence);

        // server.xml adds a failover server that no other server has.
        var failover = Run(SiteWithAllRegistries("server-ldap.xml", "community/da.dxl"))["Inventory.LdapHosts"];
        Assert.Equal(CheckStatus.Failed, failover.Status);
        Assert.Contains("ldap2.test.ibm.com:389", failover.Evidence);
    }

    [Fact]
    public void A_federated_security_xml_has_nothing_to_compare_and_says_so()
    {
        var env = Site() with { Ssc = new SscDescription { SecurityXml = Fixtures.PathOf("checklist", "security.xml") }, Ldap = new LdapDescription() };
        var ldap = Run(env)["Inventory.LdapHosts"];
        Assert.Equal(CheckStatus.Skipped, ldap.Status);
        Assert.Contains("is not LDAP", ldap.Evidence);
    }

    [Fact]
    public void A_proxy_url_on_another_port_than_the_profile_fails()
    {
        var env = Site() with { Proxy = Site().Proxy with { Urls = ["http://proxyHost.test.ibm.com:9081", "https://proxyHost.test.ibm.com:9443"] } };
        var port = Run(env)["Inventory.ProxyTransportPort"];
        Assert.Equal(CheckStatus.Failed, port.Status);
        Assert.Contains("uses port 9081, the profile's HTTP transport port is 9080", port.Evidence);
        Assert.DoesNotContain("9443, the profile", port.Evidence);
    }

    [Fact]
    public void A_server_the_ldap_console_never_saw_is_a_warning()
    {
        var env = Site() with { INotes = [new DominoServerDescription(ChecklistServer.INotes) { Name = "CN=INOTES9/O=ibm", Key = "iNotes" }] };
        var session = Run(env)["Inventory.LdapSession.iNotes"];
        Assert.Equal(CheckStatus.Warning, session.Status);
        Assert.Contains("INOTES9/ibm", session.Evidence);
    }

    [Fact]
    public void Unreadable_files_fail_their_checks_and_missing_ones_skip()
    {
        var env = Site() with
        {
            Proxy = Site().Proxy with { VersionFiles = [F("liberty", "no-version.properties")], WimConfig = F("proxy", "missing-wimconfig.xml") },
        };
        var results = Run(env);
        Assert.Equal(CheckStatus.Failed, results["Inventory.Versions.Proxy"].Status);
        Assert.Contains("com.ibm.websphere.productVersion", results["Inventory.Versions.Proxy"].Evidence);
        Assert.Equal(CheckStatus.Failed, results["Inventory.Realm"].Status);
        Assert.Contains("was not found", results["Inventory.LdapHosts"].Evidence);

        var empty = Run(new SsoEnvironment());
        Assert.All(empty.Values, r => Assert.Equal(CheckStatus.Skipped, r.Status));
        Assert.Contains("Inventory.Versions.Proxy", empty.Keys);
    }

    [Fact]
    public void Html_report_has_an_inventory_section_with_every_fact_and_every_unread_file()
    {
        var env = Site() with { Proxy = Site().Proxy with { VersionFiles = [F("proxy", "WAS.product"), F("proxy", "gone.product")] } };
        using var context = new ChecklistContext(env);
        var results = new ChecklistRunner(new IChecklistArea[] { new InventoryChecks() }).Run(context).ToList();
        var summary = new ChecklistSummary(env.Name, results, DateTimeOffset.Now, TimeSpan.Zero);
        string html = HtmlReport.Render(env, results, summary, inventory: InventoryChecks.Of(context));
        Assert.Contains("<section id=\"inventory\">", html);
        Assert.Contains("<td>IBM WebSphere Application Server - ND</td><td>8.5.5.8 (cf081547.02)</td>", html);
        Assert.Contains("<td>HTTP transport port</td><td>9080</td>", html);
        Assert.Contains("<td>INOTES1/ibm</td><td>9.0.1FP7</td>", html);
        Assert.Contains("data-kind=\"Unread\"", html);
        Assert.DoesNotContain("inventory\">", HtmlReport.Render(env, results, summary));
    }
}
