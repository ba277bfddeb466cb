using System.Text;
using System.Text.Json;
using SametimeAdmin.Domino;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Domino;

public class WebSsoImportTests
{
    private static readonly DocumentUpdateOptions Options = new();

    private static LtpaKeySet ReadKeys(string file, string password) =>
        LtpaKeyFile.Read(Fixtures.PathOf("vectors", file), Encoding.UTF8.GetBytes(password));

    private static DocumentUpdateResult Import(string path, WebSsoUpdate update, string name = "LtpaToken2")
    {
        using var store = new DxlDocumentStore(path);
        var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, name);
        return store.Update(doc.Document, update.Plan(doc), Options);
    }

    private static WebSsoDocument ReadBack(string path, string name = "LtpaToken2")
    {
        using var store = new DxlDocumentStore(path);
        return WebSsoDocuments.FindOne(store, DominoItemMap.Default, name);
    }

    [Fact]
    public void Imported_items_hold_the_key_material_the_reference_decoded()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        using var keys = ReadKeys("ltpa-dev.keys", "dev-LTPA-Passw0rd!");

        Import(path, new WebSsoUpdate { Keys = keys });

        JsonElement expected = JsonDocument.Parse(Fixtures.ReadText("vectors", "keyfile-dev.json")).RootElement.GetProperty("expected");
        var doc = ReadBack(path).Document;
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString(expected.GetProperty("shared_key_hex").GetString()!)), doc.GetItem("LTPA_Secret")!.FirstValue);
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString(expected.GetProperty("private_key_decrypted_hex").GetString()!)), doc.GetItem("LTPA_PrivateKey")!.FirstValue);
        Assert.Equal(expected.GetProperty("properties_after_java_properties_unescape").GetProperty("com.ibm.websphere.ltpa.PublicKey").GetString(), doc.GetItem("LTPA_PublicKey")!.FirstValue);
        Assert.Equal("defaultRealm", doc.GetItem("LTPA_Realm")!.FirstValue);
        Assert.False(doc.GetItem("LTPA_Secret")!.Attributes.HasFlag(NotesItemAttributes.Summary));
    }

    [Fact]
    public void Key_items_are_not_marked_for_encryption_in_a_document_that_is_not_encrypted()
    {
        // The export carries no $Seal and no sealed item: only LTPA_DominoSecret is flagged seal='true'. A seal flag on
        // the new key items would claim a protection they do not have.
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        Assert.False(ReadBack(path).IsEncrypted);
        using var keys = ReadKeys("ltpa-dev.keys", "dev-LTPA-Passw0rd!");

        Import(path, new WebSsoUpdate { Keys = keys });

        string text = File.ReadAllText(path);
        Assert.Matches("<item name='LTPA_Secret' summary='false'><text>[^<]+</text></item>", text);
        Assert.Matches("<item name='LTPA_PrivateKey' summary='false'><text>[^<]+</text></item>", text);
        Assert.DoesNotContain("seal='true' summary='false'><text>" + Convert.ToBase64String(keys.ExportSharedKey()), text, StringComparison.Ordinal);
        var doc = ReadBack(path);
        Assert.False(doc.Document.GetItem("LTPA_Secret")!.Attributes.HasFlag(NotesItemAttributes.Seal));
        Assert.False(doc.IsEncrypted);
        // The existing Domino secret keeps its own flag.
        Assert.True(doc.Document.GetItem("LTPA_DominoSecret")!.Attributes.HasFlag(NotesItemAttributes.Seal));
    }

    [Fact]
    public void Key_items_are_marked_for_encryption_in_a_document_that_carries_a_seal()
    {
        // A document Notes encrypted carries a $Seal item (its data is opaque; only its presence matters here).
        using var scratch = new ScratchFolder();
        string text = File.ReadAllText(Fixtures.PathOf("domino", "websso-note-export.dxl"))
            .Replace("<item name='Form'>", "<item name='$Seal' summary='false'><rawitemdata type='4'>\nAQAxYksAtIUlwbwuNs2/jbuP\n</rawitemdata></item>\n<item name='Form'>", StringComparison.Ordinal);
        string path = scratch.Write("sealed-doc.dxl", Encoding.UTF8.GetBytes(text));
        Assert.True(ReadBack(path).IsEncrypted);
        using var keys = ReadKeys("ltpa-dev.keys", "dev-LTPA-Passw0rd!");

        Import(path, new WebSsoUpdate { Keys = keys });

        string written = File.ReadAllText(path);
        Assert.Matches("<item name='LTPA_Secret' seal='true' summary='false'><text>[^<]+</text></item>", written);
        Assert.Matches("<item name='LTPA_PrivateKey' seal='true' summary='false'><text>[^<]+</text></item>", written);
        Assert.Matches("<item name='LTPA_PublicKey'><text>[^<]+</text></item>", written);
    }

    [Fact]
    public void A_token_minted_with_keys_read_back_from_the_document_verifies_against_the_original_key_file()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        using (var imported = ReadKeys("ltpa-dev.keys", "dev-LTPA-Passw0rd!"))
        {
            Import(path, new WebSsoUpdate { Keys = imported, TokenFormat = SsoTokenFormat.LtpaToken2 });
        }

        var doc = ReadBack(path);
        Assert.True(doc.HasWebSphereKeys);
        using var fromDocument = doc.ReadKeySet();
        using var original = ReadKeys("ltpa-dev.keys", "dev-LTPA-Passw0rd!");
        var expires = DateTimeOffset.UtcNow.AddHours(2);

        string token = LtpaToken2.Mint(fromDocument, "user:ldap.example.com:389/uid=anna,o=example", expires);
        var info = LtpaToken2.Decode(token, original);
        Assert.Equal(LtpaTokenVerdict.Valid, info.Verdict);
        Assert.Equal(original.PublicKeyFingerprint, doc.PublicKeyFingerprint);

        string back = LtpaToken2.Mint(original, "user:ldap.example.com:389/uid=anna,o=example", expires);
        Assert.Equal(LtpaTokenVerdict.Valid, LtpaToken2.Decode(back, fromDocument).Verdict);
    }

    [Fact]
    public void Keys_of_a_genuine_WebSphere_key_file_read_back_from_the_document_accept_a_token_WebSphere_issued()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-import-document.dxl");
        using (var imported = ReadKeys("twas-amlen-2013.keys", "password"))
        {
            Import(path, new WebSsoUpdate { Keys = imported, DnsDomain = ".example.com" }, "LtpaToken");
        }

        JsonElement vector = JsonDocument.Parse(Fixtures.ReadText("vectors", "twas-amlen-2013.json")).RootElement.GetProperty("vectors")[0];
        using var fromDocument = ReadBack(path, "LtpaToken").ReadKeySet();
        var info = LtpaToken2.Decode(vector.GetProperty("token").GetString()!, fromDocument,
            new LtpaValidationOptions { Now = DateTimeOffset.FromUnixTimeMilliseconds(1696698581000 - 60_000) });

        Assert.Equal(LtpaTokenVerdict.Valid, info.Verdict);
        Assert.Equal("9.3.179.80:5389", fromDocument.Realm);
    }

    [Fact]
    public void A_second_import_changes_nothing()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        using var keys = ReadKeys("ltpa-dev.keys", "dev-LTPA-Passw0rd!");
        var update = new WebSsoUpdate
        {
            Keys = keys, TokenFormat = SsoTokenFormat.Both, DnsDomain = ".example.com", ExpirationMinutes = 60,
            ParticipatingServers = ["CN=inotes1/O=Example", "CN=st1/O=Example"],
        };

        var first = Import(path, update);
        byte[] afterFirst = File.ReadAllBytes(path);
        var second = Import(path, update);

        Assert.Equal(["LTPA_Secret", "LTPA_PrivateKey", "LTPA_PublicKey", "LTPA_Realm", "LTPA_Version", "LTPA_TokenExpiration"], first.ChangedItems);
        Assert.False(second.Changed);
        Assert.Equal(afterFirst, File.ReadAllBytes(path));
        Assert.Single(scratch.Backups(path));
    }

    [Theory]
    [InlineData("example.com", "DnsDomainMissingLeadingDot")]
    [InlineData(".exa mple.com", "DnsDomainInvalid")]
    [InlineData("..example.com", "DnsDomainInvalid")]
    public void A_bad_domain_is_refused_with_the_fix(string domain, string errorId)
    {
        var ex = Expect.Failure(errorId, () => new WebSsoUpdate { DnsDomain = domain }.Validate());
        if (errorId == "DnsDomainMissingLeadingDot")
        {
            Assert.Contains("'.example.com'", ex.RecommendedAction);
        }
    }

    [Fact]
    public void Bad_servers_and_expirations_are_refused()
    {
        Expect.Failure("ParticipatingServerInvalid", () => new WebSsoUpdate { ParticipatingServers = ["CN=*/O=Example"] }.Validate());
        Expect.Failure("ParticipatingServerInvalid", () => new WebSsoUpdate { ParticipatingServers = [] }.Validate());
        Expect.Failure("ExpirationInvalid", () => new WebSsoUpdate { ExpirationMinutes = 0 }.Validate());
    }

    [Fact]
    public void Keys_that_do_not_fit_together_are_reported_as_unreadable()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        using (var keys = ReadKeys("ltpa-dev.keys", "dev-LTPA-Passw0rd!"))
        {
            Import(path, new WebSsoUpdate { Keys = keys });
        }

        using (var store = new DxlDocumentStore(path))
        using (var other = ReadKeys("ltpa-dev-d129.keys", "extra-pass-3"))
        {
            var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2");
            store.Update(doc.Document, [NotesItemChange.Text("LTPA_PublicKey", Convert.ToBase64String(other.PublicKeyBlob))], Options);
        }

        var broken = ReadBack(path);
        Assert.True(broken.HasWebSphereKeys);
        Assert.NotNull(broken.KeyReadError);
        Expect.Failure("SsoDocKeysUnreadable", () => broken.ReadKeySet());
    }

    [Fact]
    public void The_plan_names_the_new_keys_by_fingerprint_and_the_settings_by_value_but_never_shows_key_material()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        using var keys = ReadKeys("ltpa-dev.keys", "dev-LTPA-Passw0rd!");
        using var store = new DxlDocumentStore(path);
        var target = new NotesDocumentTarget<WebSsoDocument>(store, Options);

        var plan = target.Plan(new WebSsoImport(new WebSsoUpdate { Keys = keys, DnsDomain = ".example.org" }, DominoItemMap.Default, "LtpaToken2"));

        Assert.Equal(ReadBack(path).Describe(), plan.Target);
        Assert.Equal("Replace the WebSphere LTPA keys with those of " + keys.PublicKeyFingerprint + " and set LTPA_Realm = " + keys.Realm + ", LTPA_TokenDomain = .example.org", plan.Action);
        Assert.Contains("LTPA_Secret = (key material)", plan.Changes);
        Assert.Contains("LTPA_PrivateKey = (key material)", plan.Changes);
        string[] secrets = [Convert.ToBase64String(keys.ExportSharedKey()), Convert.ToBase64String(keys.ExportPrivateKeyBlob())];
        Assert.All(plan.Changes.Append(plan.Action), line => Assert.All(secrets, secret => Assert.DoesNotContain(secret, line, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_plan_without_new_keys_only_sets_the_settings()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        using var store = new DxlDocumentStore(path);

        var plan = new NotesDocumentTarget<WebSsoDocument>(store, Options).Plan(
            new WebSsoImport(new WebSsoUpdate { DnsDomain = ".example.org", ExpirationMinutes = 120 }, DominoItemMap.Default, "LtpaToken2"));

        Assert.Equal("Set LTPA_TokenDomain = .example.org", plan.Action); // the expiration is 120 already
        Assert.Equal(["LTPA_TokenDomain = .example.org"], plan.Changes);
    }
}
