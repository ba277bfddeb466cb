using System.Runtime.InteropServices;
using SametimeAdmin.Domino;
using Xunit;

namespace SametimeAdmin.Tests.Domino;

/// <summary>
/// The COM backend is late-bound, so it runs against plain .NET objects that expose the Notes COM members
/// (NotesSession, NotesDatabase, NotesView, NotesDocument, NotesItem) exactly as IDispatch would.
/// </summary>
public sealed class NotesComStoreTests : IDisposable
{
    private const string Unid = "4A1C7E3BD2F0E9A885258A6C004B1C2D";
    private readonly FakeSession session = new();
    private readonly ScratchFolder scratch = new();

    public NotesComStoreTests()
    {
        var doc = new FakeDocument(Unid, new DateTime(2024, 3, 18, 9, 42, 12));
        doc.Add("Form", 1280, ["WebSSOConfiguration"]);
        doc.Add("LTPA_TokenName", 1280, ["LtpaToken2"]);
        doc.Add("LTPA_TokenDomain", 1280, ["example.com"]);
        doc.Add("LTPA_TokenExpiration", 768, [120.0]);
        doc.Add("LTPA_DominoServers", 1074, ["CN=inotes1/O=Example", "CN=st1/O=Example"], names: true);
        doc.Add("LTPA_DominoSecret", 1280, ["qJ4XqRp0d6f1u6mWb3Q5Hw3mXk0="], encrypted: true);
        doc.Add("Body", 1, []);
        session.Database.Views["($WebSSOConfigs)"] = new FakeView([doc]);
        session.Database.Documents[Unid] = doc;
    }

    public void Dispose() => scratch.Dispose();

    private NotesComStore Open(string server = "CN=inotes1/O=Example") => new(server, "names.nsf", null, () => session);

    [Fact]
    public void Reads_web_sso_documents_through_the_view()
    {
        using var store = Open();
        var doc = Assert.Single(WebSsoDocuments.Find(store, DominoItemMap.Default));

        Assert.Equal("CN=inotes1/O=Example!!names.nsf", store.Location);
        Assert.Equal(("CN=inotes1/O=Example", "names.nsf"), session.Opened);
        Assert.Equal("LtpaToken2", doc.Name);
        Assert.Equal(120, doc.ExpirationMinutes);
        Assert.Equal(["CN=inotes1/O=Example", "CN=st1/O=Example"], doc.ParticipatingServers);
        Assert.Equal("WebSSOConfiguration", doc.Document.GetItem("Form")!.FirstValue);
        Assert.True(doc.Document.GetItem("LTPA_DominoServers")!.Attributes.HasFlag(NotesItemAttributes.Names));
        Assert.True(doc.Document.GetItem("LTPA_DominoSecret")!.Attributes.HasFlag(NotesItemAttributes.Seal));
        Assert.Equal("richtext", doc.Document.GetItem("Body")!.OpaqueKind);
    }

    [Fact]
    public void Writes_items_encrypts_and_saves_without_force()
    {
        using var store = Open();
        var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2");
        var changes = new WebSsoUpdate { DnsDomain = ".example.com", ExpirationMinutes = 60, ParticipatingServers = ["CN=inotes1/O=Example"] }.Plan(doc);

        var result = store.Update(doc.Document, changes, new DocumentUpdateOptions { BackupDirectory = scratch.Path });

        var saved = session.Database.Documents[Unid];
        Assert.Equal([".example.com"], saved.Item("LTPA_TokenDomain").Values);
        Assert.Equal([60.0], saved.Item("LTPA_TokenExpiration").Values);
        Assert.Equal(["CN=inotes1/O=Example"], saved.Item("LTPA_DominoServers").Values);
        Assert.True(saved.Item("LTPA_DominoServers").IsNames);
        Assert.Equal([(false, false)], saved.SaveCalls);
        Assert.Equal(1, saved.EncryptCalls);
        Assert.Equal(".example.com", result.Document.GetItem("LTPA_TokenDomain")!.FirstValue);
        Assert.Contains("example.com", File.ReadAllText(result.BackupPath!));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Key_items_are_encrypted_only_when_notes_says_the_document_is_encrypted(bool encrypted)
    {
        var stored = session.Database.Documents[Unid];
        stored.IsEncrypted = encrypted;
        stored.Item("LTPA_DominoSecret").IsEncrypted = false;
        using var store = Open();
        var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2");
        Assert.Equal(encrypted, doc.IsEncrypted);
        using var keys = SametimeAdmin.Ltpa.LtpaKeyFile.Read(Fixtures.PathOf("vectors", "ltpa-dev.keys"), System.Text.Encoding.UTF8.GetBytes("dev-LTPA-Passw0rd!"));

        store.Update(doc.Document, new WebSsoUpdate { Keys = keys }.Plan(doc), new DocumentUpdateOptions { BackupDirectory = scratch.Path });

        var saved = session.Database.Documents[Unid];
        Assert.Equal(encrypted, saved.Item("LTPA_Secret").IsEncrypted);
        Assert.Equal(encrypted, saved.Item("LTPA_PrivateKey").IsEncrypted);
        Assert.Equal(encrypted ? 1 : 0, saved.EncryptCalls);
    }

    [Fact]
    public void A_refused_save_or_a_newer_document_is_a_conflict()
    {
        using var store = Open();
        var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2");
        session.Database.Documents[Unid].RefuseSave = true;
        Expect.Failure("DocumentConflict", () => store.Update(doc.Document, [NotesItemChange.Text("LTPA_TokenDomain", ".example.com")], new DocumentUpdateOptions { BackupDirectory = scratch.Path }));

        session.Database.Documents[Unid].RefuseSave = false;
        session.Database.Documents[Unid].LastModified = DateTime.Now;
        Expect.Failure("DocumentConflict", () => store.Update(doc.Document, [NotesItemChange.Text("LTPA_TokenDomain", ".example.com")], new DocumentUpdateOptions { BackupDirectory = scratch.Path }));
        Assert.Single(session.Database.Documents[Unid].SaveCalls);
    }

    [Fact]
    public void Failures_inside_Notes_become_clear_errors()
    {
        session.Database.IsOpen = false;
        Expect.Failure("NotesComDatabaseNotFound", () => Open());

        session.Database.IsOpen = true;
        session.InitializeError = "Wrong Password. (Passwords are case sensitive - be sure to use correct upper and lower case.)";
        var ex = Expect.Failure("NotesComFailed", () => Open());
        Assert.Contains("Wrong Password", ex.Message);

        session.InitializeError = null;
        using var store = Open();
        Expect.Failure("NotesComViewNotFound", () => store.FindDocuments(new DocumentLookup("($NoSuchView)")));
    }

    [Fact]
    public void Without_Windows_the_store_says_it_is_not_available()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            Assert.True(NotesComStore.IsPlatformSupported);
            return;
        }

        Assert.False(NotesComStore.IsPlatformSupported);
        var ex = Expect.Failure("NotesComNotAvailable", () => new NotesComStore("", "names.nsf"));
        Assert.Contains("not available on this platform", ex.Message);
        Assert.Contains("-Path", ex.RecommendedAction);
    }

    public sealed class FakeSession
    {
        public FakeDatabase Database { get; } = new();

        public (string, string)? Opened { get; private set; }

        public string? InitializeError { get; set; }

        public void Initialize()
        {
            if (InitializeError != null)
            {
                throw new InvalidOperationException(InitializeError);
            }
        }

        public FakeDatabase GetDatabase(string server, string path, bool createOnFail)
        {
            Assert.False(createOnFail);
            Opened = (server, path);
            return Database;
        }
    }

    public sealed class FakeDatabase
    {
        public Dictionary<string, FakeView> Views { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, FakeDocument> Documents { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool IsOpen { get; set; } = true;

        public FakeView? GetView(string name) => Views.GetValueOrDefault(name);

        public FakeDocument? GetDocumentByUNID(string unid) => Documents.GetValueOrDefault(unid);
    }

    public sealed class FakeView(List<FakeDocument> documents)
    {
        public FakeDocument? GetFirstDocument() => documents.FirstOrDefault();

        public FakeDocument? GetNextDocument(FakeDocument current)
        {
            int i = documents.IndexOf(current);
            return i + 1 < documents.Count ? documents[i + 1] : null;
        }
    }

    public sealed class FakeDocument(string unid, DateTime modified)
    {
        private readonly List<FakeItem> items = [];

        public string UniversalID { get; } = unid;

        public string NoteID => "1F6E";

        public DateTime LastModified { get; set; } = modified;

        public object[] Items => [.. items];

        public bool RefuseSave { get; set; }

        /// <summary>NotesDocument.IsEncrypted: the Web SSO document is encrypted for its participating servers.</summary>
        public bool IsEncrypted { get; set; } = true;

        public List<(bool, bool)> SaveCalls { get; } = [];

        public int EncryptCalls { get; private set; }

        public void Add(string name, int type, object[] values, bool names = false, bool encrypted = false) =>
            items.Add(new FakeItem { Name = name, Type = type, Values = values, IsNames = names, IsEncrypted = encrypted, IsSummary = !encrypted });

        public FakeItem Item(string name) => items.Single(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

        public FakeItem ReplaceItemValue(string name, object value)
        {
            items.RemoveAll(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
            var item = value switch
            {
                object[] list => new FakeItem { Name = name, Type = list.All(v => v is double) ? 768 : 1280, Values = list },
                double d => new FakeItem { Name = name, Type = 768, Values = [d] },
                _ => new FakeItem { Name = name, Type = 1280, Values = [value] },
            };
            items.Add(item);
            return item;
        }

        public void Encrypt() => EncryptCalls++;

        public bool Save(bool force, bool createResponse)
        {
            SaveCalls.Add((force, createResponse));
            if (!RefuseSave)
            {
                LastModified = LastModified.AddSeconds(1);
            }

            return !RefuseSave;
        }
    }

    public sealed class FakeItem
    {
        public string Name { get; set; } = "";

        public int Type { get; set; }

        public object[] Values { get; set; } = [];

        public bool IsSummary { get; set; }

        public bool IsNames { get; set; }

        public bool IsReaders { get; set; }

        public bool IsAuthors { get; set; }

        public bool IsSigned { get; set; }

        public bool IsEncrypted { get; set; }

        public bool IsProtected { get; set; }
    }
}
