using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using SametimeAdmin.Domino;
using SametimeAdmin.LabServers;
using SametimeAdmin.Ltpa;
using SametimeAdmin.Tests.Domino;
using Xunit;

namespace SametimeAdmin.Tests.Common;

/// <summary>
/// The edit protocol's contract, run against every kind of stored thing: a plan changes nothing, a declined
/// ShouldProcess writes nothing, applying twice changes once, a change by another writer between plan and apply or
/// between the fresh read and the write is kept, the previous state is backed up, and secret files stay owner-only.
/// </summary>
public abstract class EditProtocolContract<TRequest, TOutcome> : IDisposable
    where TOutcome : class
{
    protected const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private protected ScratchFolder Scratch { get; } = new();

    public virtual void Dispose() => Scratch.Dispose();

    /// <summary>The target; <paramref name="otherWriter"/>, when given, saves once between the target's fresh read and its write, without the lock.</summary>
    protected abstract IEditTarget<TRequest, TOutcome> Target(Action? otherWriter = null);

    protected abstract TRequest Request();

    /// <summary>Everything stored (file bytes, server items), to compare before and after.</summary>
    protected abstract string StoredState();

    /// <summary>What lies beside the stored thing (its folder, the backup folder): a plan or a refused edit adds nothing there.</summary>
    protected abstract string[] Litter();

    protected abstract bool RequestIsStored();

    /// <summary>Another writer changes something else, without the lock (a server, Notes, an editor).</summary>
    protected abstract void ChangeByAnotherWriter();

    protected abstract bool OtherWritersChangeIsStored();

    protected abstract bool Changed(TOutcome outcome);

    protected abstract string? BackupOf(TOutcome outcome);

    protected abstract string[] Backups();

    /// <summary>Whether the backup at <paramref name="path"/> holds the state <paramref name="before"/>.</summary>
    protected abstract bool BackupHolds(string path, string before);

    /// <summary>Prepares the secret case (a wide-open file that receives keys, or an owner-only file); the files that must be owner-only after the edit.</summary>
    protected abstract IEnumerable<string> SecretFilesAfter(Func<TOutcome> edit);

    private TOutcome ApplyOnce(IEditTarget<TRequest, TOutcome> target) => target.Apply(target.Plan(Request()));

    [Fact]
    public void A_plan_has_no_side_effect_and_says_what_it_would_do()
    {
        string before = StoredState();
        string[] litter = Litter();

        EditPlan<TRequest, TOutcome> plan = Target().Plan(Request());

        Assert.True(plan.HasChanges);
        Assert.False(string.IsNullOrWhiteSpace(plan.Target));
        Assert.False(string.IsNullOrWhiteSpace(plan.Action));
        Assert.False(Changed(plan.Unchanged));
        Assert.Equal(before, StoredState());
        Assert.Equal(litter, Litter());
        Assert.False(RequestIsStored());
    }

    [Fact]
    public void A_declined_ShouldProcess_writes_nothing_and_is_asked_the_plans_text()
    {
        string before = StoredState();
        string[] litter = Litter();
        EditPlan<TRequest, TOutcome> plan = Target().Plan(Request());
        var asked = new List<(string Target, string Action)>();

        TOutcome? outcome = EditProtocol.Run(Target(), Request(), (target, action) =>
        {
            asked.Add((target, action));
            return false;
        });

        Assert.Null(outcome);
        Assert.Equal([(plan.Target, plan.Action)], asked);
        Assert.Equal(before, StoredState());
        Assert.Equal(litter, Litter());
    }

    [Fact]
    public void Applying_twice_changes_once_and_a_new_plan_has_nothing_to_do()
    {
        IEditTarget<TRequest, TOutcome> target = Target();
        EditPlan<TRequest, TOutcome> plan = target.Plan(Request());

        TOutcome first = target.Apply(plan);
        string after = StoredState();
        TOutcome second = target.Apply(plan);

        Assert.True(Changed(first));
        Assert.True(RequestIsStored());
        Assert.False(Changed(second));
        Assert.Null(BackupOf(second));
        Assert.Equal(after, StoredState());
        Assert.Single(Backups());
        Assert.False(Target().Plan(Request()).HasChanges);
        TOutcome? rerun = EditProtocol.Run(Target(), Request(), (_, _) => throw new InvalidOperationException("nothing to confirm"));
        Assert.NotNull(rerun);
        Assert.False(Changed(rerun));
    }

    [Fact]
    public void A_change_by_another_writer_between_plan_and_apply_is_read_again_and_kept()
    {
        IEditTarget<TRequest, TOutcome> target = Target();
        EditPlan<TRequest, TOutcome> plan = target.Plan(Request());
        ChangeByAnotherWriter();

        TOutcome outcome = target.Apply(plan);

        Assert.True(Changed(outcome));
        Assert.True(RequestIsStored());
        Assert.True(OtherWritersChangeIsStored());
    }

    [Fact]
    public void A_change_by_another_writer_between_the_fresh_read_and_the_write_is_detected_and_kept()
    {
        int saves = 0;
        IEditTarget<TRequest, TOutcome> target = Target(() =>
        {
            saves++;
            ChangeByAnotherWriter();
        });

        TOutcome outcome = ApplyOnce(target);

        Assert.Equal(1, saves);
        Assert.True(Changed(outcome));
        Assert.True(RequestIsStored());
        Assert.True(OtherWritersChangeIsStored());
        Assert.Single(Backups());
    }

    [Fact]
    public void The_previous_state_is_backed_up()
    {
        string before = StoredState();

        TOutcome outcome = ApplyOnce(Target());

        string? backup = BackupOf(outcome);
        Assert.NotNull(backup);
        Assert.Equal(backup, Assert.Single(Backups()));
        Assert.True(BackupHolds(backup, before));
    }

    [Fact]
    public void Files_holding_secrets_are_owner_only_afterwards()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix modes; Windows gets the owner ACL through the same OwnerOnlyFile calls.
        }

        foreach (string file in SecretFilesAfter(() => ApplyOnce(Target())))
        {
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(file));
        }
    }
}

/// <summary>notes.ini: DEBUG_SSO_TRACE_LEVEL=2; the server appends its own setting meanwhile.</summary>
public sealed class ConfigFileEditProtocolTests : EditProtocolContract<ConfigChange, ConfigFileEdit>
{
    private readonly string path;

    public ConfigFileEditProtocolTests() => path = Scratch.Write("notes.ini", Encoding.ASCII.GetBytes("[Notes]\nKitType=2\nDirectory=/local/notesdata\n"));

    protected override IEditTarget<ConfigChange, ConfigFileEdit> Target(Action? otherWriter = null)
    {
        bool done = false;
        return new ConfigFileTarget(path, ConfigFileFormat.NotesIni, new ConfigEditOptions
        {
            NewLine = "\n",
            BeforeReplace = otherWriter == null ? null : () =>
            {
                if (!done)
                {
                    done = true;
                    otherWriter();
                }
            },
        });
    }

    protected override ConfigChange Request() => ConfigChange.Set(null, "DEBUG_SSO_TRACE_LEVEL", "2");

    protected override string StoredState() => File.ReadAllText(path);

    protected override string[] Litter() => Directory.GetFiles(Scratch.Path).Order(StringComparer.Ordinal).ToArray();

    protected override bool RequestIsStored() =>
        ConfigFileEditor.Read(path, ConfigFileFormat.NotesIni).Find(null, "DEBUG_SSO_TRACE_LEVEL").SingleOrDefault()?.Value == "2";

    protected override void ChangeByAnotherWriter() => File.AppendAllText(path, "SERVER_TASKS=Replica,Router\n");

    protected override bool OtherWritersChangeIsStored() =>
        ConfigFileEditor.Read(path, ConfigFileFormat.NotesIni).Find(null, "SERVER_TASKS").SingleOrDefault()?.Value == "Replica,Router";

    protected override bool Changed(ConfigFileEdit outcome) => outcome.Changed;

    protected override string? BackupOf(ConfigFileEdit outcome) => outcome.BackupPath;

    protected override string[] Backups() => Scratch.Backups(path);

    protected override bool BackupHolds(string backup, string before) => File.ReadAllText(backup) == before;

    /// <summary>A notes.ini kept owner-only (it may name passwords) stays so, and so does its backup.</summary>
    protected override IEnumerable<string> SecretFilesAfter(Func<ConfigFileEdit> edit)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerReadWrite);
        }

        ConfigFileEdit outcome = edit();
        return [path, outcome.BackupPath!];
    }
}

/// <summary>A DXL export of a Web SSO document receives the WebSphere keys; Notes saves another item meanwhile.</summary>
public sealed class DxlEditProtocolTests : EditProtocolContract<DocumentChange<WebSsoDocument>, DocumentEdit<WebSsoDocument>>
{
    private readonly string path;
    private readonly LtpaKeySet keys = LtpaKeyFile.Read(Fixtures.PathOf("vectors", "ltpa-dev.keys"), Encoding.UTF8.GetBytes("dev-LTPA-Passw0rd!"));

    public DxlEditProtocolTests() => path = Scratch.Copy("websso-note-export.dxl");

    public override void Dispose()
    {
        keys.Dispose();
        base.Dispose();
    }

    protected override IEditTarget<DocumentChange<WebSsoDocument>, DocumentEdit<WebSsoDocument>> Target(Action? otherWriter = null)
    {
        bool done = false;
        return new NotesDocumentTarget<WebSsoDocument>(new DxlDocumentStore(path), new DocumentUpdateOptions
        {
            HoldsSecrets = true,
            BeforeReplace = otherWriter == null ? null : () =>
            {
                if (!done)
                {
                    done = true;
                    otherWriter();
                }
            },
        });
    }

    protected override DocumentChange<WebSsoDocument> Request() => new WebSsoImport(new WebSsoUpdate { Keys = keys }, DominoItemMap.Default, "LtpaToken2");

    protected override string StoredState() => File.ReadAllText(path);

    protected override string[] Litter() => Directory.GetFiles(Scratch.Path).Order(StringComparer.Ordinal).ToArray();

    private WebSsoDocument Stored()
    {
        using var store = new DxlDocumentStore(path);
        return WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2");
    }

    protected override bool RequestIsStored() =>
        Stored().Document.GetItem(DominoItemMap.Default.NameOf(WebSsoKeys.WebSpherePublicKey))?.FirstValue == Convert.ToBase64String(keys.PublicKeyBlob);

    protected override void ChangeByAnotherWriter() => File.WriteAllText(path, File.ReadAllText(path).Replace(".example.com", ".example.net", StringComparison.Ordinal));

    protected override bool OtherWritersChangeIsStored() => Stored().DnsDomain == ".example.net";

    protected override bool Changed(DocumentEdit<WebSsoDocument> outcome) => outcome.Changed;

    protected override string? BackupOf(DocumentEdit<WebSsoDocument> outcome) => outcome.BackupPath;

    protected override string[] Backups() => Scratch.Backups(path);

    protected override bool BackupHolds(string backup, string before) => File.ReadAllText(backup) == before;

    /// <summary>A world-readable export becomes owner-only when it receives the decrypted keys, and so does its backup of the old keys.</summary>
    protected override IEnumerable<string> SecretFilesAfter(Func<DocumentEdit<WebSsoDocument>> edit)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("644", 8));
        }

        DocumentEdit<WebSsoDocument> outcome = edit();
        return [path, outcome.BackupPath!];
    }
}

/// <summary>The Community Trusted IPs of stconfig.nsf on the Domino Access Services lab server; another administrator saves the document meanwhile.</summary>
public sealed class DasEditProtocolTests : EditProtocolContract<DocumentChange<CommunityConnectivityDocument>, DocumentEdit<CommunityConnectivityDocument>>
{
    private readonly DasLabServer server = new("stconfig.nsf");
    private readonly string unid;
    private readonly string backups;

    public DasEditProtocolTests()
    {
        server.AddUser("Admin Anna", "s3cret!", DasAccess.Editor);
        server.AddView(new DasView("By Form", "Form"));
        unid = server.AddDocument(new JsonObject { ["Form"] = "CommunityConnectivity", ["CommunityTrustedIps"] = "192.0.2.41; 192.0.2.45", ["Comments"] = "lab" });
        server.Start();
        backups = Path.Combine(Scratch.Path, "backups");
    }

    public override void Dispose()
    {
        server.Dispose();
        base.Dispose();
    }

    protected override IEditTarget<DocumentChange<CommunityConnectivityDocument>, DocumentEdit<CommunityConnectivityDocument>> Target(Action? otherWriter = null)
    {
        INotesDocumentStore store = new DasDocumentStore(server.DatabaseUri.ToString(), new NetworkCredential("Admin Anna", "s3cret!"), TimeSpan.FromSeconds(10));
        if (otherWriter != null)
        {
            store = new InterferingStore(store, otherWriter);
        }

        return new NotesDocumentTarget<CommunityConnectivityDocument>(store, new DocumentUpdateOptions { BackupDirectory = backups });
    }

    protected override DocumentChange<CommunityConnectivityDocument> Request() =>
        new TrustedIpChange(DominoItemMap.Default, [TrustedAddress.ParseInput("192.0.2.21", false).Single()], [], allowCreateItem: false);

    protected override string StoredState() => server.Items(unid).ToJsonString() + " @ " + server.Modified(unid).ToString("O");

    protected override string[] Litter() => Directory.Exists(backups) ? Directory.GetFiles(backups) : [];

    protected override bool RequestIsStored() => ((string?)server.Items(unid)["CommunityTrustedIps"])?.Split(';').Contains("192.0.2.21") == true;

    protected override void ChangeByAnotherWriter() => server.TouchAsSomeoneElse(unid, "Comments", JsonValue.Create("saved by another administrator"));

    protected override bool OtherWritersChangeIsStored() => (string?)server.Items(unid)["Comments"] == "saved by another administrator";

    protected override bool Changed(DocumentEdit<CommunityConnectivityDocument> outcome) => outcome.Changed;

    protected override string? BackupOf(DocumentEdit<CommunityConnectivityDocument> outcome) => outcome.BackupPath;

    protected override string[] Backups() => Litter();

    protected override bool BackupHolds(string backup, string before)
    {
        var saved = JsonNode.Parse(File.ReadAllText(backup))!;
        JsonNode list = saved["items"]!.AsArray().Single(i => (string?)i!["name"] == "CommunityTrustedIps")!;
        return (string?)list["values"]![0] == "192.0.2.41; 192.0.2.45" && before.Contains("192.0.2.41; 192.0.2.45", StringComparison.Ordinal);
    }

    /// <summary>The backup of a server document is owner-only (a Web SSO document's holds its keys).</summary>
    protected override IEnumerable<string> SecretFilesAfter(Func<DocumentEdit<CommunityConnectivityDocument>> edit) => [edit().BackupPath!];
}
