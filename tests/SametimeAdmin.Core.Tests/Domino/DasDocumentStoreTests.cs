using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;
using SametimeAdmin.LabServers;
using SametimeAdmin.Tests.Diagnostics;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Domino;

public sealed class DasDocumentStoreTests : IDisposable
{
    private const string SsoUnid = "4A1C7E3BD2F0E9A885258A6C004B1C2D";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly DasLabServer server = new();
    private readonly ScratchFolder scratch = new();

    public DasDocumentStoreTests()
    {
        server.AddUser("Admin Anna", "s3cret!", DasAccess.Editor);
        server.AddUser("Reader Rita", "r3ad", DasAccess.Reader);
        server.AddUser("Nobody", "n0", DasAccess.NoAccess);
        server.AddView(new DasView("($WebSSOConfigs)", "LTPA_TokenName", "LTPA_OrgName"));
        server.AddDocument(new JsonObject
        {
            ["@unid"] = SsoUnid, ["@form"] = "WebSSOConfiguration", ["Form"] = "WebSSOConfiguration",
            ["LTPA_TokenName"] = "LtpaToken2", ["LTPA_TokenDomain"] = "example.com", ["LTPA_TokenExpiration"] = 120,
            ["LTPA_DominoServers"] = new JsonArray("CN=inotes1/O=Example", "CN=st1/O=Example"), ["LTPA_DominoSecret"] = "qJ4XqRp0d6f1u6mWb3Q5Hw3mXk0=",
            ["Comments"] = "kept as is",
        });
        server.AddDocument(new JsonObject { ["@form"] = "Person", ["FullName"] = new JsonArray("CN=Admin Anna/O=Example") });
        server.Start();
    }

    public void Dispose()
    {
        server.Dispose();
        scratch.Dispose();
    }

    private DasDocumentStore Open(string user = "Admin Anna", string password = "s3cret!", TimeSpan? timeout = null, bool methodOverride = false, string? url = null) =>
        new(url ?? server.DatabaseUri.ToString(), new NetworkCredential(user, password), timeout ?? Timeout, methodOverride);

    private DocumentUpdateOptions Backups => new() { BackupDirectory = Path.Combine(scratch.Path, "backups") };

    [Fact]
    public void Finds_the_document_through_the_view_and_reads_its_items()
    {
        using var store = Open();
        var doc = Assert.Single(WebSsoDocuments.Find(store, DominoItemMap.Default));

        Assert.Equal("LtpaToken2", doc.Name);
        Assert.Equal("example.com", doc.DnsDomain);
        Assert.Equal(120, doc.ExpirationMinutes);
        Assert.Equal(["CN=inotes1/O=Example", "CN=st1/O=Example"], doc.ParticipatingServers);
        Assert.Equal(SsoUnid, doc.UniversalId);
        Assert.Equal(server.Modified(SsoUnid), doc.LastModified);
        Assert.Equal(server.DatabaseUri.ToString(), doc.Source);
        Assert.Contains(server.Requests, r => r.Path == "/names.nsf/api/data/collections/name/($WebSSOConfigs)" && r.Query.Contains("start=0"));
    }

    [Fact]
    public void A_key_lookup_and_paging_follow_the_view()
    {
        for (int i = 0; i < 150; i++)
        {
            server.AddDocument(new JsonObject { ["@form"] = "WebSSOConfiguration", ["LTPA_TokenName"] = "Config" + i.ToString("D3") });
        }

        using var store = Open();
        Assert.Equal(151, store.FindDocuments(new DocumentLookup("($WebSSOConfigs)")).Count);
        Assert.Equal(SsoUnid, Assert.Single(store.FindDocuments(new DocumentLookup("($WebSSOConfigs)", "ltpatoken2"))).UniversalId);
        Assert.Contains(server.Requests, r => r.Query.Contains("start=100"));
    }

    [Fact]
    public void Patch_sends_only_the_changed_items_with_If_Unmodified_Since_and_backs_up_first()
    {
        using var store = Open();
        var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2");
        var changes = new WebSsoUpdate { DnsDomain = ".example.com", ExpirationMinutes = 120, TokenFormat = SsoTokenFormat.Both }.Plan(doc);

        var result = store.Update(doc.Document, changes, Backups);

        var items = server.Items(SsoUnid);
        Assert.Equal(".example.com", (string?)items["LTPA_TokenDomain"]);
        Assert.Equal(["LtpaToken", "LtpaToken2"], items["LTPA_Version"]!.AsArray().Select(v => (string?)v));
        Assert.Equal("kept as is", (string?)items["Comments"]);
        Assert.Equal(120, (int)items["LTPA_TokenExpiration"]!);
        Assert.Equal(["LTPA_TokenDomain", "LTPA_Version"], result.ChangedItems);
        Assert.Equal(".example.com", result.Document.GetItem("LTPA_TokenDomain")!.FirstValue);

        var patch = Assert.Single(server.Requests, r => r.Method == "PATCH");
        Assert.Equal(doc.Document.Revision, patch.IfUnmodifiedSince);
        Assert.Equal(200, patch.Status);

        string backup = File.ReadAllText(result.BackupPath!);
        Assert.StartsWith(Path.Combine(scratch.Path, "backups"), result.BackupPath);
        Assert.Contains("\"example.com\"", backup);
        Assert.Contains(SsoUnid, backup);
    }

    [Fact]
    public void A_second_run_sends_nothing()
    {
        using var store = Open();
        var update = new WebSsoUpdate { DnsDomain = ".example.com" };
        var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2");
        store.Update(doc.Document, update.Plan(doc), Backups);

        var again = WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2");
        var result = store.Update(again.Document, update.Plan(again), Backups);

        Assert.False(result.Changed);
        Assert.Single(server.Requests, r => r.Method == "PATCH");
        Assert.Single(Directory.GetFiles(Path.Combine(scratch.Path, "backups")));
    }

    [Fact]
    public void A_document_changed_by_someone_else_is_a_conflict_and_their_change_stays()
    {
        using var store = Open();
        var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2");
        server.TouchAsSomeoneElse(SsoUnid, "LTPA_TokenDomain", JsonValue.Create(".example.net"));

        Expect.Failure("DocumentConflict", () => store.Update(doc.Document, [NotesItemChange.Text("LTPA_TokenDomain", ".example.com")], Backups));

        Assert.Equal(".example.net", (string?)server.Items(SsoUnid)["LTPA_TokenDomain"]);
        Assert.Equal(412, Assert.Single(server.Requests, r => r.Method == "PATCH").Status);
    }

    [Fact]
    public void A_refused_patch_verb_falls_back_to_post_with_method_override()
    {
        server.RejectPatchVerb = true;
        using var store = Open();
        var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2");

        store.Update(doc.Document, [NotesItemChange.Text("LTPA_TokenDomain", ".example.com")], Backups);

        Assert.Equal(".example.com", (string?)server.Items(SsoUnid)["LTPA_TokenDomain"]);
        Assert.Equal(405, Assert.Single(server.Requests, r => r.Method == "PATCH").Status);
        var post = Assert.Single(server.Requests, r => r.Method == "POST");
        Assert.Equal("PATCH", post.MethodOverride);
        Assert.Equal(doc.Document.Revision, post.IfUnmodifiedSince);
    }

    [Fact]
    public void Method_override_can_be_asked_for_from_the_start()
    {
        using var store = Open(methodOverride: true);
        var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2");
        store.Update(doc.Document, [NotesItemChange.Number("LTPA_TokenExpiration", 60)], Backups);

        Assert.DoesNotContain(server.Requests, r => r.Method == "PATCH");
        Assert.Equal(60, (int)server.Items(SsoUnid)["LTPA_TokenExpiration"]!);
    }

    [Fact]
    public void Wrong_credentials_are_an_authentication_error_that_names_the_user_but_not_the_password()
    {
        using var store = Open(password: "wrong-Passw0rd");
        var ex = Expect.Failure("DasAuthenticationFailed", () => WebSsoDocuments.Find(store, DominoItemMap.Default));
        Assert.Contains("'Admin Anna'", ex.Message);
        Assert.DoesNotContain("wrong-Passw0rd", ex.Message + ex.RecommendedAction);
    }

    [Fact]
    public void No_access_and_read_only_access_are_access_denied()
    {
        using (var nobody = Open("Nobody", "n0"))
        {
            Expect.Failure("DasAccessDenied", () => WebSsoDocuments.Find(nobody, DominoItemMap.Default));
        }

        using var reader = Open("Reader Rita", "r3ad");
        var doc = WebSsoDocuments.FindOne(reader, DominoItemMap.Default, "LtpaToken2");
        var ex = Expect.Failure("DasAccessDenied", () => reader.Update(doc.Document, [NotesItemChange.Text("LTPA_TokenDomain", ".example.com")], Backups));
        Assert.Contains("Editor access", ex.RecommendedAction);
        Assert.Equal("example.com", (string?)server.Items(SsoUnid)["LTPA_TokenDomain"]);
    }

    [Fact]
    public void A_wrong_database_or_view_is_not_found()
    {
        using (var store = Open(url: new Uri(server.BaseUri!, "/other.nsf").ToString()))
        {
            var ex = Expect.Failure("DasNotFound", () => WebSsoDocuments.Find(store, DominoItemMap.Default));
            Assert.Contains("Database not found", ex.Message);
        }

        using var good = Open();
        Expect.Failure("DasNotFound", () => good.FindDocuments(new DocumentLookup("($NoSuchView)")));
        Expect.Failure("DasNotFound", () => good.GetDocument("00000000000000000000000000000000"));
    }

    [Fact]
    public void Server_errors_timeouts_login_forms_and_closed_ports_have_their_own_errors()
    {
        server.FailWithServerError = true;
        using (var store = Open())
        {
            Expect.Failure("DasServerError", () => WebSsoDocuments.Find(store, DominoItemMap.Default));
        }

        server.FailWithServerError = false;
        server.LoginFormInsteadOf401 = true;
        using (var store = Open(password: "wrong"))
        {
            var ex = Expect.Failure("DasUnexpectedResponse", () => WebSsoDocuments.Find(store, DominoItemMap.Default));
            Assert.Contains("login form", ex.Message);
        }

        server.LoginFormInsteadOf401 = false;
        server.Delay = TimeSpan.FromSeconds(3);
        using (var store = Open(timeout: TimeSpan.FromMilliseconds(300)))
        {
            Expect.Failure("DasTimeout", () => WebSsoDocuments.Find(store, DominoItemMap.Default));
        }

        int closedPort;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using (var store = Open(url: $"http://127.0.0.1:{closedPort}/names.nsf"))
        {
            var ex = Expect.Failure("DasUnreachable", () => WebSsoDocuments.Find(store, DominoItemMap.Default));
            Assert.Contains($"127.0.0.1:{closedPort}", ex.Message);
        }
    }

    [Theory]
    [InlineData("ftp://inotes.example.com/names.nsf")]
    [InlineData("https://inotes.example.com/")]
    [InlineData("inotes.example.com/names.nsf")]
    public void Urls_that_name_no_database_are_refused(string url) =>
        Expect.Failure("DasInvalidUrl", () => DasDocumentStore.ParseDatabaseUrl(url));

    [Fact]
    public void The_database_url_is_normalised()
    {
        Assert.Equal("https://inotes.example.com/mail/names.nsf", DasDocumentStore.ParseDatabaseUrl("https://inotes.example.com/mail/names.nsf/api/data/documents?x=1").ToString());
    }

    [Theory]
    [InlineData("https://anna:Pl4nted-Secret@inotes.example.com/names.nsf")]
    [InlineData("http://anna:Pl4nted-Secret@127.0.0.1:8080/names.nsf/api/data")]
    [InlineData("https://anna:Pl4nted/Secret@inotes.example.com/names.nsf")]
    [InlineData("https://anna:Pl4nted-Secret@inotes.example.com/")]
    public void A_password_in_the_url_is_refused_and_never_echoed(string url)
    {
        var ex = Expect.Failure("DasCredentialsInUrl", () => DasDocumentStore.ParseDatabaseUrl(url));
        Assert.Equal(FailureKind.InvalidArgument, ex.Kind);
        Assert.DoesNotContain("Pl4nted", ex.Message + ex.RecommendedAction);
        Assert.DoesNotContain("anna", ex.Message);
        Assert.DoesNotContain("Pl4nted", DasDocumentStore.RedactUrl(url));
        Expect.Failure("DasCredentialsInUrl", () => new DasDocumentStore(url, null, Timeout));
    }

    [Fact]
    public void A_universal_id_is_32_hex_digits()
    {
        Assert.True(NotesDocument.IsUniversalId(SsoUnid));
        Assert.True(NotesDocument.IsUniversalId(SsoUnid.ToLowerInvariant()));
        Assert.False(NotesDocument.IsUniversalId(SsoUnid[..31]));
        Assert.False(NotesDocument.IsUniversalId(SsoUnid + "0"));
        Assert.False(NotesDocument.IsUniversalId("../" + SsoUnid[3..]));
        Assert.False(NotesDocument.IsUniversalId(null));
    }

    [Theory]
    [InlineData("../../escaped")]
    [InlineData("..\\..\\escaped")]
    [InlineData("ABSOLUTE")]
    public void A_universal_id_from_the_server_that_is_not_hex_is_refused_and_nothing_is_written(string unid)
    {
        using var outside = new ScratchFolder();
        if (unid == "ABSOLUTE")
        {
            unid = Path.Combine(outside.Path, "planted");
        }

        server.AddDocument(new JsonObject { ["@unid"] = unid, ["@form"] = "WebSSOConfiguration", ["LTPA_TokenName"] = "Planted", ["LTPA_TokenDomain"] = "example.com" });
        string backups = Path.Combine(scratch.Path, "deep", "er", "backups");
        using var store = Open();

        Expect.Failure("DasInvalidUniversalId", () =>
        {
            var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, "Planted");
            store.Update(doc.Document, [NotesItemChange.Text("LTPA_TokenDomain", ".example.com")], new DocumentUpdateOptions { BackupDirectory = backups });
        });

        Assert.Empty(Directory.GetFiles(scratch.Path, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(outside.Path, "*", SearchOption.AllDirectories));
        Assert.DoesNotContain(server.Requests, r => r.Method is "PATCH" or "POST" or "PUT");
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("/tmp/escaped")]
    [InlineData("C:\\escaped")]
    [InlineData("4A1C7E3BD2F0E9A885258A6C004B1C2")]
    public void A_backup_is_named_only_by_a_real_universal_id(string unid)
    {
        string folder = Path.Combine(scratch.Path, "a", "backups");
        var document = new NotesDocument("https://inotes.example.com/names.nsf", unid, "8FA", "WebSSOConfiguration", [new NotesItem("LTPA_TokenName", NotesItemType.Text, ["LtpaToken2"])], "r1");

        Expect.Failure("BackupNameInvalid", () => DocumentBackup.Write(document, folder));

        Assert.Empty(Directory.GetFiles(scratch.Path, "*", SearchOption.AllDirectories));
        string written = DocumentBackup.Write(new NotesDocument(document.StoreLocation, SsoUnid, "8FA", null, document.Items, "r1"), folder);
        Assert.Equal(Path.GetFullPath(folder), Path.GetDirectoryName(written));
        Assert.StartsWith(SsoUnid + ".", Path.GetFileName(written));
    }

    [Fact]
    public void Keys_are_not_sent_over_plain_http_unless_allowed()
    {
        using var store = Open();
        Assert.False(store.IsEncryptedTransport);

        var ex = Expect.Failure("DasUnencryptedKeyTransfer", () => DasDocumentStore.RequireEncryptedKeyTransfer(store, allowUnencrypted: false));
        Assert.Equal(FailureKind.SecurityError, ex.Kind);
        Assert.Contains("-AllowUnencryptedKeyTransfer", ex.RecommendedAction);
        Assert.Empty(server.Requests);

        DasDocumentStore.RequireEncryptedKeyTransfer(store, allowUnencrypted: true);
        using var tls = new DasDocumentStore("https://inotes.example.com/names.nsf", new NetworkCredential("Admin Anna", "s3cret!"), Timeout);
        DasDocumentStore.RequireEncryptedKeyTransfer(tls, allowUnencrypted: false);
        using var dxl = new DxlDocumentStore(scratch.Copy("websso-note-export.dxl"));
        DasDocumentStore.RequireEncryptedKeyTransfer(dxl, allowUnencrypted: false);
    }

    [Fact]
    public void A_password_over_plain_http_gets_a_warning_and_https_or_no_password_does_not()
    {
        string? warning = DasDocumentStore.PlainHttpCredentialWarning(server.DatabaseUri, "Admin Anna");
        Assert.Contains("'Admin Anna'", warning);
        Assert.Contains("unencrypted", warning);
        Assert.Null(DasDocumentStore.PlainHttpCredentialWarning(server.DatabaseUri, null));
        Assert.Null(DasDocumentStore.PlainHttpCredentialWarning(new Uri("https://inotes.example.com/names.nsf"), "Admin Anna"));
    }

    [Fact]
    public void An_answer_larger_than_the_limit_is_an_error_and_the_default_limit_is_16_MiB()
    {
        Assert.Equal(16L * 1024 * 1024, DasDocumentStore.DefaultMaxResponseBytes);
        string big = server.AddDocument(new JsonObject { ["@form"] = "Memo", ["Body"] = new string('x', 17 * 1024 * 1024) });

        using var store = Open();
        Assert.Equal(DasDocumentStore.DefaultMaxResponseBytes, store.MaxResponseBytes);
        var ex = Expect.Failure("DasResponseTooLarge", () => store.GetDocument(big));
        Assert.Contains("16 MiB", ex.Message);

        store.MaxResponseBytes = 256;
        Expect.Failure("DasResponseTooLarge", () => store.GetDocument(SsoUnid));
        store.MaxResponseBytes = 64 * 1024;
        Assert.Equal(SsoUnid, store.GetDocument(SsoUnid).UniversalId);
    }

    [Fact]
    public void An_endless_answer_without_a_length_is_cut_at_the_limit()
    {
        ScriptedHttpServer? endless = null;
        endless = new ScriptedHttpServer((_, stream) => endless!.WriteUntilClosed(stream));
        using (endless)
        {
            using var store = new DasDocumentStore(new Uri(endless.BaseUri, "/names.nsf").ToString(), null, TimeSpan.FromSeconds(30)) { MaxResponseBytes = 1024 * 1024 };

            var elapsed = Timing.Measure(() => Expect.Failure("DasResponseTooLarge", () => store.FindDocuments(new DocumentLookup("($WebSSOConfigs)"))));

            Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
            Assert.True(SpinWait.SpinUntil(() => endless.Requests.Count == 1 && endless.BytesWritten > 0, TimeSpan.FromSeconds(5)));
        }
    }

    [Fact]
    public void A_redirect_to_another_server_is_refused_and_nothing_is_sent_there()
    {
        using var other = new ScriptedHttpServer((_, stream) => ScriptedHttpServer.Answer(stream, 200, "OK", "[]"), "127.0.0.2");
        using var redirecting = new ScriptedHttpServer((request, stream) =>
            ScriptedHttpServer.Answer(stream, 302, "Found", headers: "Location: " + new Uri(other.BaseUri, request.Target)));
        using var store = new DasDocumentStore(new Uri(redirecting.BaseUri, "/names.nsf").ToString(), new NetworkCredential("Admin Anna", "s3cret!"), Timeout);

        var ex = Expect.Failure("DasRedirected", () => store.FindDocuments(new DocumentLookup("($WebSSOConfigs)")));

        Assert.Contains(other.BaseUri.Authority, ex.Message);
        Assert.Contains("another server", ex.Message);
        Assert.Contains("Authorization", Assert.Single(redirecting.Requests).Headers.Keys);
        Assert.Equal(0, other.Connections);
    }

    [Theory]
    [InlineData("https://{authority}/names.nsf/api/data/collections/name/x", "another scheme or port")]
    [InlineData("/other.nsf/api/data/collections/name/x", "outside the database")]
    [InlineData("/names.nsf?Login&RedirectTo=/names.nsf/api/data", "outside the database")]
    public void A_redirect_that_leaves_the_database_is_refused(string location, string where)
    {
        using var redirecting = new ScriptedHttpServer((_, stream) =>
            ScriptedHttpServer.Answer(stream, 302, "Found", headers: "Location: " + location.Replace("{authority}", "127.0.0.1:1", StringComparison.Ordinal)));
        using var store = new DasDocumentStore(new Uri(redirecting.BaseUri, "/names.nsf").ToString(), new NetworkCredential("Admin Anna", "s3cret!"), Timeout);

        var ex = Expect.Failure("DasRedirected", () => store.FindDocuments(new DocumentLookup("($WebSSOConfigs)")));

        Assert.Contains(where, ex.Message);
        Assert.Single(redirecting.Requests);
        if (location.Contains("Login", StringComparison.Ordinal))
        {
            Assert.Contains("login page", ex.RecommendedAction);
        }
    }

    [Fact]
    public void A_redirect_within_the_database_is_followed_and_reported()
    {
        using var redirecting = new ScriptedHttpServer((request, stream) => request.Target.Contains("moved", StringComparison.Ordinal)
            ? ScriptedHttpServer.Answer(stream, 200, "OK", "[]")
            : ScriptedHttpServer.Answer(stream, 301, "Moved Permanently", headers: "Location: /names.nsf/api/data/collections/name/moved?start=0"));
        var notes = new List<string>();
        using var store = new DasDocumentStore(new Uri(redirecting.BaseUri, "/names.nsf").ToString(), new NetworkCredential("Admin Anna", "s3cret!"), Timeout) { Log = notes.Add };

        Assert.Empty(store.FindDocuments(new DocumentLookup("($WebSSOConfigs)")));

        Assert.Equal(2, redirecting.Requests.Count);
        Assert.All(redirecting.Requests, r => Assert.Contains("Authorization", r.Headers.Keys));
        Assert.Contains(notes, n => n.Contains(new Uri(redirecting.BaseUri, "/names.nsf/api/data/collections/name/moved").ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void An_update_is_never_sent_to_a_redirect_target()
    {
        const string Modified = "Sun, 06 Dec 2026 08:00:00 GMT";
        using var redirecting = new ScriptedHttpServer((request, stream) => request.Method switch
        {
            "GET" => ScriptedHttpServer.Answer(stream, 200, "OK", $"{{\"@unid\":\"{SsoUnid}\",\"@form\":\"WebSSOConfiguration\",\"LTPA_TokenDomain\":\"example.com\"}}", headers: "Last-Modified: " + Modified),
            _ => ScriptedHttpServer.Answer(stream, 307, "Temporary Redirect", headers: "Location: " + request.Target),
        });
        using var store = new DasDocumentStore(new Uri(redirecting.BaseUri, "/names.nsf").ToString(), new NetworkCredential("Admin Anna", "s3cret!"), Timeout);
        var doc = store.GetDocument(SsoUnid);

        var ex = Expect.Failure("DasRedirected", () => store.Update(doc, [NotesItemChange.Text("LTPA_TokenDomain", ".example.com")], Backups));

        Assert.Contains("never sent", ex.Message);
        Assert.Single(redirecting.Requests, r => r.Method == "PATCH");
    }

    [Fact]
    public void Keys_imported_through_DAS_read_back_and_verify_tokens_of_the_original_key_file()
    {
        using var original = LtpaKeyFile.Read(Fixtures.PathOf("vectors", "ltpa-dev.keys"), Encoding.UTF8.GetBytes("dev-LTPA-Passw0rd!"));
        using (var store = Open())
        {
            var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2");
            store.Update(doc.Document, new WebSsoUpdate { Keys = original }.Plan(doc), Backups);
        }

        using var reread = Open();
        var updated = WebSsoDocuments.FindOne(reread, DominoItemMap.Default, "LtpaToken2");
        using var fromDocument = updated.ReadKeySet();
        string token = LtpaToken2.Mint(fromDocument, "user:ldap.example.com:389/uid=anna,o=example", DateTimeOffset.UtcNow.AddHours(1));

        Assert.Equal(LtpaTokenVerdict.Valid, LtpaToken2.Decode(token, original).Verdict);
        Assert.Equal(original.PublicKeyFingerprint, updated.PublicKeyFingerprint);
    }
}
