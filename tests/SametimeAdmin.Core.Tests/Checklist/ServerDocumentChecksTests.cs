using System.Collections;
using SametimeAdmin.Checklist;
using Xunit;

namespace SametimeAdmin.Tests.Checklist;

/// <summary>The checklist's Server and Configuration document checks, on the DXL fixtures.</summary>
public sealed class ServerDocumentChecksTests : IDisposable
{
    private readonly string site = Path.Combine(Path.GetTempPath(), "st-serverdocs-" + Guid.NewGuid().ToString("N"));

    public ServerDocumentChecksTests()
    {
        Directory.CreateDirectory(site);
        File.Copy(Fixtures.PathOf("domino", "server-documents.dxl"), Path.Combine(site, "names.dxl"));
        File.Copy(Fixtures.PathOf("domino", "server-configuration-other-item.dxl"), Path.Combine(site, "config-other.dxl"));
    }

    public void Dispose() => Directory.Delete(site, recursive: true);

    private List<CheckResult> Run(string inotesName, string configuration = "names.dxl", string proxyHost = "stproxy.example.com", Hashtable? community = null)
    {
        var root = new Hashtable
        {
            ["Sso"] = new Hashtable { ["Domain"] = ".example.com", ["ConfigurationName"] = "LtpaToken2" },
            ["Proxy"] = new Hashtable { ["HostName"] = proxyHost },
            ["INotes"] = new Hashtable { ["Name"] = inotesName, ["ServerDocument"] = "names.dxl", ["ConfigurationDocument"] = configuration },
        };
        if (community != null)
        {
            root["Community"] = community;
        }

        var env = EnvironmentReader.FromDictionary(root, site, null);
        using var context = new ChecklistContext(env, new ChecklistOptions { Offline = true });
        return new ChecklistRunner().Run(context).ToList();
    }

    private static CheckResult Get(List<CheckResult> results, string id) =>
        results.SingleOrDefault(r => r.Id == id) ?? throw new Xunit.Sdk.XunitException(id + " not among " + string.Join(", ", results.Select(r => r.Id)));

    [Fact]
    public void The_server_set_up_as_the_guide_asks_passes()
    {
        var results = Run("CN=inotes1/O=Example");
        Assert.Equal(CheckStatus.Passed, Get(results, "ConfigurationDocuments.ServerDocument.iNotes").Status);
        Assert.Equal(CheckStatus.Passed, Get(results, "ConfigurationDocuments.SessionAuthentication.iNotes").Status);
        Assert.Equal(CheckStatus.Passed, Get(results, "ConfigurationDocuments.JavaServletSupport.iNotes").Status);
        var proxy = Get(results, "ConfigurationDocuments.ProxyLocation.iNotes");
        Assert.Equal(CheckStatus.Passed, proxy.Status);
        Assert.Contains("iNotes_WA_SametimeProxyServer (assumed item name) = https://stproxy.example.com", proxy.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void The_server_document_of_the_named_server_is_the_one_checked()
    {
        var results = Run("st1/Example");
        var servlets = Get(results, "ConfigurationDocuments.JavaServletSupport.iNotes");
        Assert.Equal(CheckStatus.Failed, servlets.Status);
        Assert.Contains("Send-DominoConsoleCommand", servlets.Fix, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Failed, Get(results, "ConfigurationDocuments.SessionAuthentication.iNotes").Status);
        Assert.Equal(CheckStatus.Failed, Get(results, "ConfigurationDocuments.ServerDocument.iNotes").Status);
    }

    [Fact]
    public void A_proxy_url_for_another_host_fails_and_an_unmapped_item_is_found_by_value()
    {
        var other = Get(Run("CN=inotes1/O=Example", proxyHost: "stproxy2.example.com"), "ConfigurationDocuments.ProxyLocation.iNotes");
        Assert.Equal(CheckStatus.Failed, other.Status);
        Assert.Contains("does not name the proxy (stproxy2.example.com)", other.Evidence, StringComparison.Ordinal);

        var byValue = Get(Run("CN=inotes1/O=Example", configuration: "config-other.dxl"), "ConfigurationDocuments.ProxyLocation.iNotes");
        Assert.Equal(CheckStatus.Passed, byValue.Status);
        Assert.Contains("give DWA_STProxyURL as 'INotesConfiguration.SametimeProxyUrl'", byValue.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void The_community_servers_server_document_is_checked_for_sso_but_not_for_servlets()
    {
        // st1's Server document in the fixture names no Web SSO configuration and is on single-server session authentication.
        var results = Run("CN=inotes1/O=Example", community: new Hashtable { ["Name"] = "CN=st1/O=Example", ["ServerDocument"] = "names.dxl" });
        var sso = Get(results, "ConfigurationDocuments.ServerDocument.Community");
        Assert.Equal(CheckStatus.Failed, sso.Status);
        Assert.Equal(ChecklistServer.Community, sso.Server);
        Assert.Contains("CN=st1/O=Example", sso.Check + sso.Evidence, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Failed, Get(results, "ConfigurationDocuments.SessionAuthentication.Community").Status);
        Assert.DoesNotContain(results, r => r.Id.StartsWith("ConfigurationDocuments.JavaServletSupport.Community", StringComparison.Ordinal));
        Assert.Equal(CheckStatus.Passed, Get(results, "ConfigurationDocuments.ServerDocument.iNotes").Status);
    }

    [Fact]
    public void A_community_server_without_its_server_document_is_skipped_with_the_reason()
    {
        var results = Run("CN=inotes1/O=Example", community: new Hashtable { ["Name"] = "CN=st1/O=Example" });
        foreach (string id in new[] { "ConfigurationDocuments.ServerDocument.Community", "ConfigurationDocuments.SessionAuthentication.Community" })
        {
            var skipped = Get(results, id);
            Assert.Equal(CheckStatus.Skipped, skipped.Status);
            Assert.Contains("(ServerDocument) is not given", skipped.Evidence, StringComparison.Ordinal);
            Assert.DoesNotContain("Java Servlet Support", skipped.Fix, StringComparison.Ordinal);
        }
    }
}
