using System.Collections;
using SametimeAdmin.Checklist;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;
using SametimeAdmin.Tests.Domino;
using Xunit;

namespace SametimeAdmin.Tests.Checklist;

/// <summary>The site model: one description file and the parameters laid over it, read and validated by EnvironmentReader.Read.</summary>
public sealed class SiteModelTests
{
    private static readonly DataFileReader NoPsd1 = (path, kind) => throw new InvalidOperationException("no .psd1 expected: " + path);

    [Fact]
    public void Parameters_override_the_file_by_typed_properties()
    {
        using var scratch = new ScratchFolder();
        string file = scratch.Write("site.json", """
        {
          "Name": "Lab",
          "Sso": { "Domain": ".lab.example.com", "ConfigurationName": "LtpaToken2", "ExpirationMinutes": 120 },
          "Proxy": { "Urls": ["http://proxy1.lab.example.com:9080"], "LtpaKeys": "proxy/ltpa.keys" },
          "Community": { "Name": "st1/Lab", "SametimeIni": "sametime/sametime.ini" }
        }
        """u8.ToArray());
        var parameters = new SsoEnvironment
        {
            Sso = new SsoExpectations { ConfigurationName = "LtpaToken" },
            Proxy = new ProxyDescription { LtpaKeys = "/keys/other.keys" },
            INotes = [new DominoServerDescription(ChecklistServer.INotes) { SsoDocument = new DocumentLocation("https://inotes1.lab.example.com/names.nsf/api/data/documents/unid/1", true) }],
            Community = [new DominoServerDescription(ChecklistServer.Community) { SametimeIni = "/elsewhere/sametime.ini" }],
            Client = new ClientDescription { TestUser = "uid=probe,o=lab" },
        };

        var env = EnvironmentReader.Read(file, parameters, NoPsd1);

        Assert.Equal("Lab", env.Name);
        Assert.Equal(file, env.SourcePath);
        Assert.Equal("LtpaToken", env.Sso.ConfigurationName);
        Assert.Equal(".lab.example.com", env.Sso.Domain);
        Assert.Equal(120, env.Sso.ExpirationMinutes);
        Assert.Equal("/keys/other.keys", env.Proxy.LtpaKeys);
        Assert.Equal(new[] { "http://proxy1.lab.example.com:9080" }, env.Proxy.Urls);
        // The file has no iNotes server: the parameters add one, keyed like a single server of the role.
        var inotes = Assert.Single(env.INotes);
        Assert.Equal("iNotes", inotes.Key);
        Assert.True(inotes.SsoDocument!.IsUrl);
        var community = Assert.Single(env.Community);
        Assert.Equal("st1/Lab", community.Name);
        Assert.Equal("/elsewhere/sametime.ini", community.SametimeIni);
        Assert.Equal("Community", community.Key);
        Assert.Equal("uid=probe,o=lab", env.Client.TestUser);
    }

    [Fact]
    public void A_server_of_the_parameters_that_names_nothing_adds_no_server()
    {
        var parameters = new SsoEnvironment
        {
            Sso = new SsoExpectations { Domain = ".lab.example.com" },
            INotes = [new DominoServerDescription(ChecklistServer.INotes)],
            Community = [new DominoServerDescription(ChecklistServer.Community) { Addresses = [] }],
        };

        var env = EnvironmentReader.Read(null, parameters, NoPsd1);

        Assert.Empty(env.INotes);
        Assert.Empty(env.Community);
        Assert.Equal(".lab.example.com", env.Sso.Domain);
        Assert.Null(env.SourcePath);
    }

    [Fact]
    public void Nothing_described_is_EnvironmentMissing_and_a_missing_file_EnvironmentNotFound()
    {
        var empty = new SsoEnvironment { INotes = [new DominoServerDescription(ChecklistServer.INotes)] };
        Expect.Failure(EnvironmentReader.ErrorMissing, () => EnvironmentReader.Read(null, empty, NoPsd1));
        Expect.Failure(EnvironmentReader.ErrorMissing, () => EnvironmentReader.Read(null, null, NoPsd1));
        var notFound = Expect.Failure(EnvironmentReader.ErrorNotFound, () => EnvironmentReader.Read(Path.Combine(Path.GetTempPath(), "no-such-site.psd1"), null, NoPsd1));
        Assert.Equal(FailureKind.ObjectNotFound, notFound.Kind);
    }

    [Fact]
    public void A_psd1_description_and_the_item_map_it_names_go_to_the_data_file_reader_with_their_own_error_ids()
    {
        using var scratch = new ScratchFolder();
        string site = scratch.Write("site.psd1", "@{ }"u8.ToArray());
        string map = scratch.Write("items.psd1", "@{ }"u8.ToArray());
        var asked = new List<(string Path, DataFileKind Kind)>();
        IDictionary Reader(string path, DataFileKind kind)
        {
            asked.Add((path, kind));
            return path == site
                ? new Hashtable { ["Name"] = "psd1 site", ["ItemMap"] = "items.psd1", ["Proxy"] = new Hashtable { ["LtpaKeys"] = "proxy/ltpa.keys" } }
                : new Hashtable { ["WebSso.TokenDomain"] = "Site_Domain" };
        }

        var env = EnvironmentReader.Read(site, null, Reader);

        Assert.Equal("psd1 site", env.Name);
        Assert.Equal(Path.Combine(scratch.Path, "proxy", "ltpa.keys"), env.Proxy.LtpaKeys);
        Assert.Equal("Site_Domain", env.ItemMap.NameOf(WebSsoKeys.TokenDomain));
        Assert.Equal(new[] { site, map }, asked.Select(a => a.Path));
        Assert.Equal(EnvironmentReader.ErrorInvalid, asked[0].Kind.InvalidErrorId);
        Assert.Equal(EnvironmentReader.ErrorNotReadable, asked[0].Kind.UnreadableErrorId);
        Assert.Equal(ItemMapOverrides.ErrorFileInvalid, asked[1].Kind.InvalidErrorId);
    }

    [Theory]
    [InlineData("""{ "Sso": { "Domian": ".x" } }""", "Domian", "'Sso'")]
    [InlineData("""{ "Community": [ { "Name": "a" }, { "ServletsProperties": "x" } ] }""", "ServletsProperties", "'Community[1]'")]
    [InlineData("""{ "Proxy": {}, "Servers": {} }""", "Servers", "top level")]
    public void Unknown_settings_in_the_file_are_refused_with_a_stable_id(string json, string setting, string where)
    {
        using var scratch = new ScratchFolder();
        string file = scratch.Write("site.json", System.Text.Encoding.UTF8.GetBytes(json));
        var ex = Expect.Failure(EnvironmentReader.ErrorUnknownSetting, () => EnvironmentReader.Read(file, null, NoPsd1));
        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
        Assert.Contains(where, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_is_a_url_or_a_resolved_path_and_a_bad_url_names_its_setting()
    {
        Assert.Equal(new DocumentLocation("/base/doc.dxl", false), DocumentLocation.Parse(" doc.dxl ", p => "/base/" + p, "-INotesSsoDocument"));
        Assert.True(DocumentLocation.Parse("HTTPS://das.example.com/names.nsf", p => throw new InvalidOperationException(), "x")!.IsUrl);
        Assert.Null(DocumentLocation.Parse("  ", p => p, "x"));
        var ex = Expect.Failure(EnvironmentReader.ErrorInvalid, () => DocumentLocation.Parse("http://exa mple.com:notaport/", p => p, "-StConfigDocument"));
        Assert.Contains("-StConfigDocument", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Item_map_overrides_come_from_a_table_a_json_file_or_a_psd1_file_and_nothing_else()
    {
        using var scratch = new ScratchFolder();
        string json = scratch.Write("map.json", """{ "WebSso.Realm": "Json_Realm" }"""u8.ToArray());
        DataFileReader psd1 = (path, kind) => new Hashtable { ["WebSso.Realm"] = "Psd1_Realm" };
        string Resolve(string p) => Path.Combine(scratch.Path, p);

        Assert.Equal("Table_Realm", ItemMapOverrides.Apply(DominoItemMap.Default, new Hashtable { ["WebSso.Realm"] = "Table_Realm" }, "-ItemMap", Resolve, psd1).NameOf(WebSsoKeys.Realm));
        Assert.Equal("Json_Realm", ItemMapOverrides.Apply(DominoItemMap.Default, "map.json", "-ItemMap", Resolve, psd1).NameOf(WebSsoKeys.Realm));
        Assert.Equal("Psd1_Realm", ItemMapOverrides.Apply(DominoItemMap.Default, "map.psd1", "-ItemMap", Resolve, psd1).NameOf(WebSsoKeys.Realm));
        Assert.Same(DominoItemMap.Default, ItemMapOverrides.Apply(DominoItemMap.Default, null, "-ItemMap", Resolve, psd1));
        Expect.Failure(ItemMapOverrides.ErrorFileInvalid, () => ItemMapOverrides.Apply(DominoItemMap.Default, "map.txt", "-ItemMap", Resolve, psd1));
        var ex = Expect.Failure(ItemMapOverrides.ErrorInvalid, () => ItemMapOverrides.Apply(DominoItemMap.Default, 42, "the environment's ItemMap", Resolve, psd1));
        Assert.Contains("the environment's ItemMap", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_pairs_give_every_key_as_text()
    {
        var table = new Hashtable { [1] = "one", ["Two"] = null };
        var pairs = table.Pairs().OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "1", "Two" }, pairs.Select(p => p.Key));
        Assert.Equal("one", pairs[0].Value);
        Assert.Null(pairs[1].Value);
    }
}
