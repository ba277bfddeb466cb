using SametimeAdmin.Domino;
using Xunit;

namespace SametimeAdmin.Tests.Domino;

public class WebSsoDocumentTests
{
    private static DxlDocumentStore Store(string fixture) => new(Fixtures.PathOf("domino", fixture));

    [Fact]
    public void Shows_the_settings_of_a_document_without_secrets()
    {
        using var store = Store("websso-note-export.dxl");
        var doc = Assert.Single(WebSsoDocuments.Find(store, DominoItemMap.Default));

        Assert.Equal("LtpaToken2", doc.Name);
        Assert.Null(doc.Organization);
        Assert.Equal("LtpaToken2", doc.LookupKey);
        Assert.Equal(".example.com", doc.DnsDomain);
        Assert.Equal(120, doc.ExpirationMinutes);
        Assert.False(doc.IdleTimeoutEnabled);
        Assert.Null(doc.IdleTimeoutMinutes);
        Assert.Equal(["CN=inotes1/O=Example", "CN=st1/O=Example"], doc.ParticipatingServers);
        Assert.True(doc.HasDominoKey);
        Assert.False(doc.HasWebSphereKeys);
        Assert.Null(doc.PublicKeyFingerprint);
        Assert.Null(doc.TokenFormat);
        Assert.Equal("4A1C7E3BD2F0E9A885258A6C004B1C2D", doc.UniversalId);
        Assert.Equal(Fixtures.PathOf("domino", "websso-note-export.dxl"), doc.Source);
        Assert.Contains("LTPA_Version", doc.AssumedItems);
        Assert.DoesNotContain("LTPA_TokenDomain", doc.AssumedItems);

        // Nothing the object exposes carries the Domino secret.
        string shown = string.Join("|", typeof(WebSsoDocument).GetProperties().Select(p => Convert.ToString(p.GetValue(doc) is IEnumerable<string> list ? string.Join(",", list) : p.GetValue(doc))));
        Assert.DoesNotContain("qJ4XqRp0d6f1u6mWb3Q5Hw3mXk0=", shown);
    }

    [Fact]
    public void Finds_documents_by_name_and_organization_in_a_database_export()
    {
        using var store = Store("websso-database.dxl");
        var all = WebSsoDocuments.Find(store, DominoItemMap.Default);
        Assert.Equal(["LtpaToken", "ExampleOrg:LtpaToken2"], all.Select(d => d.LookupKey));

        Assert.Equal("7B2D8F4CE3A1F0B985258A6C004B1C3E", WebSsoDocuments.FindOne(store, DominoItemMap.Default, "ltpatoken2").UniversalId);
        Assert.Equal("7B2D8F4CE3A1F0B985258A6C004B1C3E", WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2", "ExampleOrg").UniversalId);
        var ex = Expect.Failure("SsoDocNotFound", () => WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2", "OtherOrg"));
        Assert.Contains("'OtherOrg:LtpaToken2'", ex.Message);
        Assert.Contains("present: 'LtpaToken', 'ExampleOrg:LtpaToken2'", ex.Message);
    }

    [Fact]
    public void Two_documents_with_the_same_name_are_an_error_naming_both()
    {
        using var store = Store("websso-duplicate.dxl");
        var ex = Expect.Failure("SsoDocDuplicate", () => WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2"));
        Assert.Contains("4A1C7E3BD2F0E9A885258A6C004B1C2D", ex.Message);
        Assert.Contains("C3D2E1F0A9B8C7D685258A6C004B1C4F", ex.Message);
    }

    [Fact]
    public void A_document_of_another_form_is_an_error_naming_the_form()
    {
        using var store = Store("person.dxl");
        var ex = Expect.Failure("SsoDocWrongForm", () => WebSsoDocuments.Find(store, DominoItemMap.Default));
        Assert.Contains("'Person'", ex.Message);
        Assert.Contains("-ItemMap", ex.RecommendedAction);
    }

    [Fact]
    public void The_item_map_can_point_at_other_names()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Write("other.dxl", System.Text.Encoding.UTF8.GetBytes(
            "<document xmlns='http://www.lotus.com/dxl' form='WebSSOConfig'><item name='LTPA_TokenName'><text>LtpaToken2</text></item>" +
            "<item name='SSO_Servers' names='true'><textlist><text>CN=a/O=B</text></textlist></item><item name='WS_Format'><text>LtpaToken2</text></item></document>"));
        var map = DominoItemMap.Default.WithOverrides(
            [new("WebSso.ParticipatingServers", "SSO_Servers"), new("websso.tokenformat", "WS_Format"), new("WebSso.Form", "WebSSOConfig")], "the test");
        using var store = new DxlDocumentStore(path);

        var doc = Assert.Single(WebSsoDocuments.Find(store, map));

        Assert.Equal(["CN=a/O=B"], doc.ParticipatingServers);
        Assert.Equal(SsoTokenFormat.LtpaToken2, doc.TokenFormat);
        Assert.Equal(ItemNameStatus.Overridden, map["WebSso.ParticipatingServers"].Status);
        Assert.Equal("LTPA_DominoServers", map["WebSso.ParticipatingServers"].DefaultName);
        Assert.DoesNotContain("SSO_Servers", doc.AssumedItems);
    }
}
