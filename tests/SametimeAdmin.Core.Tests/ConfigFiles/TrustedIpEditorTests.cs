using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using SametimeAdmin.Domino;
using SametimeAdmin.LabServers;
using SametimeAdmin.Tests.Domino;
using Xunit;

namespace SametimeAdmin.Tests.ConfigFiles;

public sealed class TrustedIpEditorTests : IDisposable
{
    private const string FixtureName = "stconfig-community-connectivity.dxl";
    private const string StoredItem = "<item name='CommunityTrustedIps'><text>192.0.2.41; 192.0.2.45</text></item>";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "st-trusted-" + Guid.NewGuid().ToString("N"));

    public TrustedIpEditorTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, true);

    private static readonly Func<string, string, bool> Yes = (_, _) => true;

    private string CopyFixture(string? replaceItemWith = null)
    {
        string path = Path.Combine(folder, "stconfig.dxl");
        string text = Fixtures.ReadText("configfiles", FixtureName);
        File.WriteAllText(path, replaceItemWith == null ? text : text.Replace(StoredItem, replaceItemWith, StringComparison.Ordinal), new UTF8Encoding(false));
        return path;
    }

    private static TrustedAddress[] Addresses(params string[] values) => values.Select(v => TrustedAddress.ParseInput(v, false).Single()).ToArray();

    private static TrustedIpEditResult? Apply(string path, string[] add, string[] remove, bool allowCreate = false, Func<string, string, bool>? shouldProcess = null, DominoItemMap? map = null)
    {
        using var store = new DxlDocumentStore(path);
        return TrustedIpEditor.Apply(store, map ?? DominoItemMap.Default, Addresses(add), Addresses(remove), allowCreate, shouldProcess ?? Yes,
            new DocumentUpdateOptions(), TimeSpan.FromSeconds(15));
    }

    private static IReadOnlyList<TrustedIpEntry> Read(string path, DominoItemMap? map = null)
    {
        using var store = new DxlDocumentStore(path);
        return TrustedIpEntry.ListOf(CommunityConnectivityDocument.FindOne(store, map ?? DominoItemMap.Default));
    }

    [Fact]
    public void TheItemMapMarksTheTrustedIpItemAsAssumed()
    {
        ItemMapEntry entry = DominoItemMap.Default[CommunityConnectivityKeys.TrustedIps];
        Assert.Equal("CommunityTrustedIps", entry.Name);
        Assert.Equal(ItemNameStatus.Assumed, entry.Status);
        Assert.Equal(ItemNameStatus.Assumed, DominoItemMap.Default[CommunityConnectivityKeys.Form].Status);
        Assert.Equal("By Form", DominoItemMap.Default.NameOf(CommunityConnectivityKeys.LookupView));
    }

    [Fact]
    public void ReadsTheStoredListWhateverItsSeparators()
    {
        IReadOnlyList<TrustedIpEntry> entries = Read(CopyFixture());
        Assert.Equal(["192.0.2.41", "192.0.2.45"], entries.Select(e => e.IPAddress));
        Assert.All(entries, e => Assert.Equal("7D3C0A5E41B8F2C6C1257F5A003C11A0", e.UniversalId));
        Assert.All(entries, e => Assert.Equal(ItemNameStatus.Assumed, e.ItemNameStatus));
    }

    [Fact]
    public void AddingChangesOnlyTheItemWritesSemicolonsAndKeepsABackup()
    {
        string path = CopyFixture();
        string before = File.ReadAllText(path);

        TrustedIpEditResult? result = Apply(path, ["192.0.2.21", "2001:DB8::21"], []);

        Assert.NotNull(result);
        Assert.True(result.Changed);
        Assert.Equal([TrustedIpAction.Added, TrustedIpAction.Added], result.Outcomes.Select(o => o.Action));
        string expected = before.Replace(StoredItem, "<item name='CommunityTrustedIps'><text>192.0.2.41;192.0.2.45;192.0.2.21;2001:db8::21</text></item>", StringComparison.Ordinal);
        Assert.Equal(expected, File.ReadAllText(path));
        Assert.NotNull(result.BackupPath);
        Assert.Equal(before, File.ReadAllText(result.BackupPath));
    }

    [Fact]
    public void AddingAnAddressAlreadyPresentNeitherAsksNorWrites()
    {
        string path = CopyFixture();
        byte[] before = File.ReadAllBytes(path);

        TrustedIpEditResult? result = Apply(path, ["192.0.2.45"], [], shouldProcess: (_, _) => throw new InvalidOperationException("must not ask"));

        Assert.NotNull(result);
        Assert.False(result.Changed);
        Assert.Equal(TrustedIpAction.AlreadyPresent, Assert.Single(result.Outcomes).Action);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void RemovingReportsWhatWasNotThere()
    {
        string path = CopyFixture();
        TrustedIpEditResult? result = Apply(path, [], ["192.0.2.41", "198.51.100.7"]);
        Assert.Equal([TrustedIpAction.Removed, TrustedIpAction.NotPresent], result!.Outcomes.Select(o => o.Action));
        Assert.Equal(["192.0.2.45"], Read(path).Select(e => e.IPAddress));
    }

    [Fact]
    public void DecliningChangesNothing()
    {
        string path = CopyFixture();
        byte[] before = File.ReadAllBytes(path);
        string? target = null, action = null;

        TrustedIpEditResult? result = Apply(path, ["192.0.2.21"], [], shouldProcess: (t, a) => { target = t; action = a; return false; });

        Assert.Null(result);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Contains("7D3C0A5E41B8F2C6C1257F5A003C11A0", target, StringComparison.Ordinal);
        Assert.Equal("Add 192.0.2.21 in the Community Trusted IPs (item CommunityTrustedIps, an assumed item name)", action);
        Assert.Single(Directory.GetFiles(folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void ATextListOfOneAddressPerValueStaysAList()
    {
        string path = CopyFixture("<item name='CommunityTrustedIps'><textlist><text>192.0.2.41</text><text>192.0.2.45</text></textlist></item>");
        Apply(path, ["192.0.2.21"], []);
        Assert.Contains("<item name='CommunityTrustedIps'><textlist><text>192.0.2.41</text><text>192.0.2.45</text><text>192.0.2.21</text></textlist></item>",
            File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingItemIsRefusedUnlessCreationIsAllowed()
    {
        string path = CopyFixture("<item name='TrustedIPList'><text>192.0.2.41</text></item>");
        byte[] before = File.ReadAllBytes(path);

        var error = Assert.Throws<SametimeAdminException>(() => Apply(path, ["192.0.2.21"], []));
        Assert.Equal("TrustedIpItemNotFound", error.ErrorId);
        Assert.Contains("assumed name", error.Message, StringComparison.Ordinal);
        Assert.Contains("TrustedIPList", error.RecommendedAction, StringComparison.Ordinal);
        Assert.Contains("-ItemMap", error.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));

        Apply(path, ["192.0.2.21"], [], allowCreate: true);
        Assert.Equal(["192.0.2.21"], Read(path).Select(e => e.IPAddress));
    }

    [Fact]
    public void AnOverriddenItemNameIsUsed()
    {
        string path = CopyFixture("<item name='TrustedIPList'><text>192.0.2.41</text></item>");
        DominoItemMap map = DominoItemMap.Default.WithOverrides([new KeyValuePair<string, string?>(CommunityConnectivityKeys.TrustedIps, "TrustedIPList")], "a test");

        Apply(path, ["192.0.2.21"], [], map: map);

        IReadOnlyList<TrustedIpEntry> entries = Read(path, map);
        Assert.Equal(["192.0.2.41", "192.0.2.21"], entries.Select(e => e.IPAddress));
        Assert.All(entries, e => Assert.Equal(ItemNameStatus.Overridden, e.ItemNameStatus));
        Assert.Contains("<item name='TrustedIPList'><text>192.0.2.41;192.0.2.21</text></item>", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void AnItemThatIsNotTextIsRefused()
    {
        string path = CopyFixture("<item name='CommunityTrustedIps'><number>1516</number></item>");
        var error = Assert.Throws<SametimeAdminException>(() => Apply(path, ["192.0.2.21"], []));
        Assert.Equal("TrustedIpItemUnexpectedType", error.ErrorId);
    }

    [Fact]
    public void TwoItemsOfTheListNameAreRefused()
    {
        string path = CopyFixture(StoredItem + "\n<item name='communitytrustedips'><text>192.0.2.99</text></item>");
        var error = Assert.Throws<SametimeAdminException>(() => Apply(path, ["192.0.2.21"], []));
        Assert.Equal("TrustedIpItemDuplicate", error.ErrorId);
    }

    [Fact]
    public void ADocumentOfAnotherFormIsNotACommunityConnectivityDocument()
    {
        string path = Path.Combine(folder, "person.dxl");
        File.Copy(Fixtures.PathOf("domino", "person.dxl"), path);
        var error = Assert.Throws<SametimeAdminException>(() => Read(path));
        Assert.Equal("CommunityConnectivityNotFound", error.ErrorId);
        Assert.Contains("StCommunityConfig.xml", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoCommunityConnectivityDocumentsAreRefused()
    {
        string document = Fixtures.ReadText("configfiles", FixtureName);
        string body = document.Substring(document.IndexOf("<document", StringComparison.Ordinal));
        string path = Path.Combine(folder, "stconfig.dxl");
        File.WriteAllText(path, "<?xml version='1.0'?>\n<database xmlns='http://www.lotus.com/dxl' version='9.0'>\n" + body + body.Replace("7D3C0A5E", "8E4D1B6F", StringComparison.Ordinal) + "</database>\n");
        var error = Assert.Throws<SametimeAdminException>(() => Apply(path, ["192.0.2.21"], []));
        Assert.Equal("CommunityConnectivityDuplicate", error.ErrorId);
    }

    [Fact]
    public void AConflictingWriteIsReadAgainAndBothAddressesSurvive()
    {
        string path = CopyFixture();
        using var inner = new DxlDocumentStore(path);
        using var store = new InterferingStore(inner, () => Apply(path, ["198.51.100.9"], []));

        TrustedIpEditResult? result = TrustedIpEditor.Apply(store, DominoItemMap.Default, Addresses("192.0.2.21"), [], false, Yes, new DocumentUpdateOptions(), TimeSpan.FromSeconds(15));

        Assert.True(result!.Changed);
        Assert.Equal(2, store.Updates);
        Assert.Equal(["192.0.2.41", "192.0.2.45", "198.51.100.9", "192.0.2.21"], Read(path).Select(e => e.IPAddress));
    }

    [Fact]
    public void ConcurrentWritersLoseNoAddress()
    {
        string path = CopyFixture();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, w =>
        {
            for (int i = 1; i <= 5; i++)
            {
                Apply(path, [$"198.51.100.{(w * 10) + i}"], [], shouldProcess: (_, _) =>
                {
                    Thread.Sleep(10);
                    return true;
                });
            }
        });

        string[] addresses = Read(path).Select(e => e.IPAddress).ToArray();
        Assert.Equal(22, addresses.Length);
        for (int w = 0; w < 4; w++)
        {
            for (int i = 1; i <= 5; i++)
            {
                Assert.Contains($"198.51.100.{(w * 10) + i}", addresses);
            }
        }
    }

    private static DasLabServer StartDasServer(out string unid)
    {
        var server = new DasLabServer("stconfig.nsf");
        server.AddUser("Admin Anna", "s3cret!", DasAccess.Editor);
        server.AddView(new DasView("By Form", "Form"));
        unid = server.AddDocument(new JsonObject { ["Form"] = "CommunityConnectivity", ["CommunityTrustedIps"] = "192.0.2.41; 192.0.2.45" });
        server.AddDocument(new JsonObject { ["Form"] = "CommunityServerNetwork", ["Comments"] = "another stconfig.nsf document" });
        server.Start();
        return server;
    }

    private static DasDocumentStore OpenDas(DasLabServer server) =>
        new(server.DatabaseUri.ToString(), new NetworkCredential("Admin Anna", "s3cret!"), TimeSpan.FromSeconds(10));

    [Fact]
    public void ThroughDominoAccessServicesOnlyTheListIsPatchedAfterABackup()
    {
        using DasLabServer server = StartDasServer(out string unid);
        using DasDocumentStore store = OpenDas(server);
        string backups = Path.Combine(folder, "backups");

        TrustedIpEditResult? result = TrustedIpEditor.Apply(store, DominoItemMap.Default, Addresses("192.0.2.21"), [], false, Yes,
            new DocumentUpdateOptions { BackupDirectory = backups }, TimeSpan.FromSeconds(15));

        Assert.True(result!.Changed);
        Assert.Equal("192.0.2.41;192.0.2.45;192.0.2.21", (string?)server.Items(unid)["CommunityTrustedIps"]);
        Assert.Single(server.Requests, r => r.Method == "PATCH");
        Assert.Contains(server.Requests, r => r.Path == "/stconfig.nsf/api/data/collections/name/By Form" || r.Path == "/stconfig.nsf/api/data/collections/name/By%20Form");
        Assert.Contains("192.0.2.41; 192.0.2.45", File.ReadAllText(Assert.Single(Directory.GetFiles(backups))), StringComparison.Ordinal);
        Assert.Equal(["192.0.2.41", "192.0.2.45", "192.0.2.21"], TrustedIpEntry.ListOf(result.Document).Select(e => e.IPAddress));
    }

    [Fact]
    public void ADocumentSavedOnTheServerMeanwhileIsReadAgainSoNoAddressIsLost()
    {
        using DasLabServer server = StartDasServer(out string unid);
        using DasDocumentStore das = OpenDas(server);
        using var store = new InterferingStore(das, () => server.TouchAsSomeoneElse(unid, "CommunityTrustedIps", JsonValue.Create("192.0.2.41;192.0.2.45;198.51.100.9")));

        TrustedIpEditResult? result = TrustedIpEditor.Apply(store, DominoItemMap.Default, Addresses("192.0.2.21"), [], false, Yes,
            new DocumentUpdateOptions { BackupDirectory = Path.Combine(folder, "backups") }, TimeSpan.FromSeconds(15));

        Assert.True(result!.Changed);
        Assert.Contains(server.Requests, r => r.Method == "PATCH" && r.Status == 412);
        Assert.Equal("192.0.2.41;192.0.2.45;198.51.100.9;192.0.2.21", (string?)server.Items(unid)["CommunityTrustedIps"]);
    }
}
