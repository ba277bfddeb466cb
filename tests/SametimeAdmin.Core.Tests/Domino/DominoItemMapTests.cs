using SametimeAdmin.Domino;
using Xunit;

namespace SametimeAdmin.Tests.Domino;

public class DominoItemMapTests
{
    [Fact]
    public void Names_confirmed_by_public_sources_are_marked_confirmed_and_the_rest_assumed()
    {
        var map = DominoItemMap.Default;
        foreach (string confirmed in new[] { "LTPA_TokenName", "LTPA_TokenDomain", "LTPA_TokenExpiration", "LTPA_DominoSecret", "($WebSSOConfigs)" })
        {
            Assert.Equal(ItemNameStatus.Confirmed, Assert.Single(map.Entries, e => e.Name == confirmed).Status);
        }

        foreach (string key in new[] { WebSsoKeys.Form, WebSsoKeys.Realm, WebSsoKeys.TokenFormat, WebSsoKeys.ParticipatingServers, WebSsoKeys.Organization,
                     WebSsoKeys.WebSphereSharedKey, WebSsoKeys.WebSpherePrivateKey, WebSsoKeys.WebSpherePublicKey })
        {
            Assert.Equal(ItemNameStatus.Assumed, map[key].Status);
            Assert.Contains("not found in any public source", map[key].Evidence);
        }

        Assert.All(map.Entries, e => Assert.StartsWith(e.Document + ".", e.Key));
        Assert.Equal(map.Entries.Count, map.Entries.Select(e => e.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Every_document_kind_of_the_map_is_a_member_of_ItemMapDocument_and_selects_its_rows()
    {
        var map = DominoItemMap.Default;
        var kinds = map.Entries.Select(e => e.Document).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        Assert.Equal(kinds, Enum.GetNames<ItemMapDocument>().OrderBy(k => k, StringComparer.Ordinal).ToArray());
        foreach (ItemMapDocument kind in Enum.GetValues<ItemMapDocument>())
        {
            var rows = map.EntriesOf(kind).ToArray();
            Assert.NotEmpty(rows);
            Assert.All(rows, e => Assert.StartsWith(kind + ".", e.Key));
        }

        Assert.Equal(map.Entries.Count, Enum.GetValues<ItemMapDocument>().Sum(k => map.EntriesOf(k).Count()));
    }

    [Fact]
    public void Overrides_return_a_new_map_and_leave_the_default_alone()
    {
        var map = DominoItemMap.Default.WithOverrides([new("WebSso.Realm", " LTPA_WSRealm ")], "a parameter");
        Assert.Equal("LTPA_WSRealm", map.NameOf(WebSsoKeys.Realm));
        Assert.Equal("LTPA_Realm", DominoItemMap.Default.NameOf(WebSsoKeys.Realm));
    }

    [Fact]
    public void Unknown_keys_and_empty_names_are_refused()
    {
        var ex = Expect.Failure("ItemMapUnknownKey", () => DominoItemMap.Default.WithOverrides([new("WebSso.Realms", "x")], "a parameter"));
        Assert.Contains("WebSso.Realm,", ex.RecommendedAction);
        Expect.Failure("ItemMapInvalidName", () => DominoItemMap.Default.WithOverrides([new("WebSso.Realm", " ")], "a parameter"));
    }

    [Fact]
    public void Overrides_load_from_a_json_file()
    {
        using var scratch = new ScratchFolder();
        string good = scratch.Write("map.json", "{ \"WebSso.TokenFormat\": \"LTPA_Format\", \"WebSso.Form\": \"SSOConfig\" }"u8.ToArray());
        string notObject = scratch.Write("bad.json", "[1,2]"u8.ToArray());
        string notString = scratch.Write("num.json", "{ \"WebSso.Realm\": 3 }"u8.ToArray());

        var map = DominoItemMap.Default.WithOverridesFromJson(good);

        Assert.Equal("LTPA_Format", map.NameOf(WebSsoKeys.TokenFormat));
        Assert.Equal("SSOConfig", map.NameOf(WebSsoKeys.Form));
        Expect.Failure("ItemMapFileInvalid", () => DominoItemMap.Default.WithOverridesFromJson(notObject));
        Expect.Failure("ItemMapFileInvalid", () => DominoItemMap.Default.WithOverridesFromJson(notString));
        Expect.Failure("ItemMapFileUnreadable", () => DominoItemMap.Default.WithOverridesFromJson(Path.Combine(scratch.Path, "missing.json")));
    }
}
