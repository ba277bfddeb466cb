using System.Collections;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;
using Xunit;

namespace SametimeAdmin.Tests.Domino;

/// <summary>Server and Configuration documents: reading through the item map, the guide's rules, and writes through the edit protocol.</summary>
public sealed class ServerDocumentTests : IDisposable
{
    private readonly ScratchFolder scratch = new();

    public void Dispose() => scratch.Dispose();

    private static DxlDocumentStore Open(string path) => new(path);

    private static SsoDocFinding Rule(IEnumerable<SsoDocFinding> findings, string rule, string document) =>
        Assert.Single(findings, f => f.Rule == rule && f.Document == document);

    [Fact]
    public void Reads_the_domino_web_engine_fields_and_the_proxy_url()
    {
        using var store = Open(Fixtures.PathOf("domino", "server-documents.dxl"));
        var servers = DominoServerDocument.FindAll(store, DominoItemMap.Default);
        var configurations = INotesConfigurationDocument.FindAll(store, DominoItemMap.Default);

        Assert.Equal(["CN=inotes1/O=Example", "CN=st1/O=Example"], servers.Select(s => s.ServerName));
        Assert.Equal(SessionAuthenticationMode.MultipleServers, servers[0].SessionAuthentication);
        Assert.Equal(JavaServletSupportMode.DominoServletManager, servers[0].JavaServletSupport);
        Assert.Equal("LtpaToken2", servers[0].SsoConfiguration);
        Assert.Equal(SessionAuthenticationMode.SingleServer, servers[1].SessionAuthentication);
        Assert.Equal(JavaServletSupportMode.None, servers[1].JavaServletSupport);
        Assert.Equal(string.Empty, servers[1].SsoConfiguration);
        var configuration = Assert.Single(configurations);
        Assert.Equal("https://stproxy.example.com", configuration.SametimeProxyUrl);
        Assert.Equal(ItemNameStatus.Assumed, configuration.ProxyItemNameStatus);
    }

    [Fact]
    public void The_guides_rules_pass_the_server_set_up_as_asked_and_fail_the_other()
    {
        using var store = Open(Fixtures.PathOf("domino", "server-documents.dxl"));
        var findings = ServerDocumentRules.Evaluate(DominoServerDocument.FindAll(store, DominoItemMap.Default), INotesConfigurationDocument.FindAll(store, DominoItemMap.Default),
            new ServerDocumentExpectations { SsoConfigurationName = "LtpaToken2", SametimeProxyUrl = "https://stproxy.example.com/" });

        Assert.Equal(FindingSeverity.Ok, Rule(findings, ServerDocumentRules.JavaServletSupport, "CN=inotes1/O=Example").Severity);
        Assert.Equal(FindingSeverity.Ok, Rule(findings, ServerDocumentRules.SessionAuthentication, "CN=inotes1/O=Example").Severity);
        Assert.Equal(FindingSeverity.Ok, Rule(findings, ServerDocumentRules.SsoConfigurationNamed, "CN=inotes1/O=Example").Severity);
        Assert.Equal(FindingSeverity.Ok, Rule(findings, ServerDocumentRules.SametimeProxyUrl, "CN=inotes1/O=Example").Severity);

        var servlets = Rule(findings, ServerDocumentRules.JavaServletSupport, "CN=st1/O=Example");
        Assert.Equal(FindingSeverity.Error, servlets.Severity);
        Assert.Contains("Domino Servlet Manager", servlets.Fix, StringComparison.Ordinal);
        Assert.Contains("Send-DominoConsoleCommand -Server <server> -RestartHttp", servlets.Fix, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.Error, Rule(findings, ServerDocumentRules.SessionAuthentication, "CN=st1/O=Example").Severity);
        var named = Rule(findings, ServerDocumentRules.SsoConfigurationNamed, "CN=st1/O=Example");
        Assert.Equal(FindingSeverity.Error, named.Severity);
        Assert.Contains("Set-DominoServerDoc -SsoConfigurationName LtpaToken2", named.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_expected_configuration_or_proxy_fails()
    {
        using var store = Open(Fixtures.PathOf("domino", "server-documents.dxl"));
        var findings = ServerDocumentRules.Evaluate(DominoServerDocument.FindAll(store, DominoItemMap.Default), INotesConfigurationDocument.FindAll(store, DominoItemMap.Default),
            new ServerDocumentExpectations { SsoConfigurationName = "LtpaToken", SametimeProxyUrl = "https://stproxy2.example.com" });

        Assert.Contains("expected 'LtpaToken'", Rule(findings, ServerDocumentRules.SsoConfigurationNamed, "CN=inotes1/O=Example").Message, StringComparison.Ordinal);
        var proxy = Rule(findings, ServerDocumentRules.SametimeProxyUrl, "CN=inotes1/O=Example");
        Assert.Equal(FindingSeverity.Error, proxy.Severity);
        Assert.Contains("expected https://stproxy2.example.com", proxy.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://192.0.2.31", "fully qualified")]
    [InlineData("https://stproxy", "fully qualified")]
    [InlineData("stproxy.example.com", "not an http or https URL")]
    public void A_proxy_url_without_a_fully_qualified_host_fails(string url, string reason)
    {
        string dxl = File.ReadAllText(Fixtures.PathOf("domino", "server-documents.dxl")).Replace("https://stproxy.example.com", url, StringComparison.Ordinal);
        using var store = Open(scratch.Write("names.dxl", System.Text.Encoding.UTF8.GetBytes(dxl)));
        var finding = ServerDocumentRules.CheckProxyUrl(Assert.Single(INotesConfigurationDocument.FindAll(store, DominoItemMap.Default)), null);

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains(reason, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proxy_url_in_an_unmapped_item_is_pointed_out_and_read_once_the_map_names_it()
    {
        using var store = Open(Fixtures.PathOf("domino", "server-configuration-other-item.dxl"));
        var configuration = Assert.Single(INotesConfigurationDocument.FindAll(store, DominoItemMap.Default));
        var finding = ServerDocumentRules.CheckProxyUrl(configuration, "https://stproxy.example.com:8443");
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("'INotesConfiguration.SametimeProxyUrl' = 'DWA_STProxyURL'", finding.Fix, StringComparison.Ordinal);

        Assert.Equal(FindingSeverity.Error, ServerDocumentRules.CheckProxyUrl(configuration, null).Severity);

        var map = DominoItemMap.Default.WithOverrides(new Hashtable { ["INotesConfiguration.SametimeProxyUrl"] = "DWA_STProxyURL" }, "test");
        var overridden = Assert.Single(INotesConfigurationDocument.FindAll(store, map));
        Assert.Equal(FindingSeverity.Ok, ServerDocumentRules.CheckProxyUrl(overridden, "https://stproxy.example.com:8443").Severity);
    }

    [Fact]
    public void A_missing_item_is_skipped_with_the_override_to_use()
    {
        var map = DominoItemMap.Default.WithOverrides(new Hashtable { ["DominoServer.JavaServletSupport"] = "HTTP_NoSuchItem" }, "test");
        using var store = Open(Fixtures.PathOf("domino", "server-documents.dxl"));
        var finding = ServerDocumentRules.CheckServlets(DominoServerDocument.FindAll(store, map)[0]);

        Assert.Equal(FindingSeverity.Skipped, finding.Severity);
        Assert.Contains("HTTP_NoSuchItem (overridden item name)", finding.Message, StringComparison.Ordinal);
        Assert.Contains("-ItemMap @{ 'DominoServer.JavaServletSupport'", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Setting_the_web_sso_configuration_writes_one_item_with_a_backup()
    {
        string path = scratch.Copy("server-documents.dxl");
        string before = File.ReadAllText(path);
        using (var store = Open(path))
        {
            var edit = ServerDocumentEditor.SetSsoConfiguration(store, DominoItemMap.Default, "st1/Example", "LtpaToken2", (_, _) => true, new DocumentUpdateOptions(), TimeSpan.FromSeconds(5));
            Assert.NotNull(edit);
            Assert.Equal(["HTTP_SSOCfg"], edit.ChangedItems);
            Assert.Single(scratch.Backups(path));
        }

        using var reread = Open(path);
        var servers = DominoServerDocument.FindAll(reread, DominoItemMap.Default);
        Assert.Equal("LtpaToken2", servers[1].SsoConfiguration);
        Assert.Equal("LtpaToken2", servers[0].SsoConfiguration);
        Assert.Equal("1", servers[1].SessionAuthenticationValue);
        // Only that item changed: every other byte of the export is as it was.
        Assert.Equal(before.Replace("<item name='HTTP_SSOCfg'><text/></item>", "<item name='HTTP_SSOCfg'><text>LtpaToken2</text></item>", StringComparison.Ordinal), File.ReadAllText(path));
    }

    [Fact]
    public void What_if_asks_with_the_plan_and_changes_nothing()
    {
        string path = scratch.Copy("server-documents.dxl");
        string before = File.ReadAllText(path);
        (string Target, string Action)? asked = null;
        using var store = Open(path);
        var edit = ServerDocumentEditor.SetSametimeProxyUrl(store, DominoItemMap.Default, null, "https://stproxy2.example.com",
            (t, a) => { asked = (t, a); return false; }, new DocumentUpdateOptions(), TimeSpan.FromSeconds(5));

        Assert.Null(edit);
        Assert.NotNull(asked);
        Assert.Contains("Configuration document of CN=inotes1/O=Example", asked.Value.Target, StringComparison.Ordinal);
        Assert.Contains("https://stproxy2.example.com (item iNotes_WA_SametimeProxyServer, an assumed item name; was 'https://stproxy.example.com')", asked.Value.Action, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(path));
        Assert.Empty(scratch.Backups(path));
    }

    [Fact]
    public void Several_server_documents_need_a_server_name_and_bad_values_are_refused()
    {
        string path = scratch.Copy("server-documents.dxl");
        using var store = Open(path);
        var ambiguous = Assert.Throws<SametimeAdminException>(() =>
            ServerDocumentEditor.SetSsoConfiguration(store, DominoItemMap.Default, null, "LtpaToken2", (_, _) => true, new DocumentUpdateOptions(), TimeSpan.FromSeconds(5)));
        Assert.Equal("ServerDocumentAmbiguous", ambiguous.ErrorId);
        var missing = Assert.Throws<SametimeAdminException>(() =>
            ServerDocumentEditor.SetSsoConfiguration(store, DominoItemMap.Default, "CN=st9/O=Example", "LtpaToken2", (_, _) => true, new DocumentUpdateOptions(), TimeSpan.FromSeconds(5)));
        Assert.Equal("ServerDocumentNotFound", missing.ErrorId);
        Assert.Equal("InvalidSametimeProxyUrl", Assert.Throws<SametimeAdminException>(() => new SametimeProxyUrlChange(DominoItemMap.Default, null, "https://192.0.2.31")).ErrorId);
        Assert.Equal("InvalidDocumentValue", Assert.Throws<SametimeAdminException>(() => new SsoConfigurationChange(DominoItemMap.Default, null, "Ltpa\nToken")).ErrorId);
        Assert.Empty(scratch.Backups(path));
    }

    [Fact]
    public void The_item_map_labels_the_new_rows()
    {
        Assert.Equal(ItemNameStatus.Confirmed, DominoItemMap.Default[DominoServerKeys.SessionAuthentication].Status);
        Assert.Equal("HTTP_EnableSessionAuth", DominoItemMap.Default.NameOf(DominoServerKeys.SessionAuthentication));
        Assert.Equal(ItemNameStatus.Assumed, DominoItemMap.Default[DominoServerKeys.SsoConfiguration].Status);
        Assert.Equal(ItemNameStatus.Assumed, DominoItemMap.Default[DominoServerKeys.JavaServletSupport].Status);
        Assert.Equal(ItemNameStatus.Assumed, DominoItemMap.Default[INotesConfigurationKeys.SametimeProxyUrl].Status);
    }
}
