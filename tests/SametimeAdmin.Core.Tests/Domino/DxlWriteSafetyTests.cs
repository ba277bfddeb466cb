using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Domino;

/// <summary>A DXL file that receives decrypted LTPA keys is a secret file; its writes are checked against other writers.</summary>
public class DxlWriteSafetyTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static UnixFileMode? TempMode(string path) => OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(path);

    private static LtpaKeySet DevKeys() =>
        LtpaKeyFile.Read(Fixtures.PathOf("vectors", "ltpa-dev.keys"), Encoding.UTF8.GetBytes("dev-LTPA-Passw0rd!"));

    private static DocumentEdit<WebSsoDocument> Import(string path, LtpaKeySet keys, DocumentUpdateOptions options)
    {
        using var store = new DxlDocumentStore(path);
        var target = new NotesDocumentTarget<WebSsoDocument>(store, options);
        return target.Apply(target.Plan(new WebSsoImport(new WebSsoUpdate { Keys = keys }, DominoItemMap.Default, "LtpaToken2")));
    }

    [Fact]
    public void Imported_keys_leave_the_dxl_its_backup_and_the_temp_file_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix modes; Windows gets the owner ACL through the same OwnerOnlyFile calls.
        }

        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("644", 8));
        using var keys = DevKeys();
        UnixFileMode? tempMode = null;

        DocumentEdit<WebSsoDocument> result = Import(path, keys, new DocumentUpdateOptions
        {
            HoldsSecrets = true,
            BeforeReplace = () => tempMode = TempMode(Assert.Single(Directory.GetFiles(scratch.Path, ".websso-note-export.dxl.*.tmp"))),
        });

        Assert.Contains("LTPA_Secret", result.ChangedItems);
        Assert.Equal(OwnerReadWrite, tempMode);
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(result.BackupPath!));
        Assert.Equal([Path.GetFileName(path), Path.GetFileName(result.BackupPath!)], Directory.GetFiles(scratch.Path).Select(f => Path.GetFileName(f)).Order().ToArray());
    }

    [Fact]
    public void A_save_by_another_program_between_read_and_write_is_a_conflict_and_is_kept()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        string foreign = File.ReadAllText(path).Replace(".example.com", ".example.net");
        using var keys = DevKeys();

        Expect.Failure("DocumentConflict", () => Import(path, keys, new DocumentUpdateOptions
        {
            HoldsSecrets = true,
            BeforeReplace = () => File.WriteAllText(path, foreign), // Notes saves the document meanwhile
        }));

        Assert.Equal(foreign, File.ReadAllText(path));
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(scratch.Path).Select(f => Path.GetFileName(f)).ToArray());
    }

    [Fact]
    public void Dxl_backups_beyond_the_count_are_deleted()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        var options = new DocumentUpdateOptions { BackupCount = 2 };
        for (int i = 0; i < 4; i++)
        {
            var (store, doc) = DxlStores.OpenSingle(path);
            using (store)
            {
                store.Update(doc, [NotesItemChange.Text("LTPA_TokenDomain", ".example" + i + ".org")], options);
            }
        }

        Assert.Equal(2, scratch.Backups(path).Length);
    }

    [Fact]
    public void Server_document_backups_keep_the_newest_of_each_document_and_leave_other_files_alone()
    {
        using var scratch = new ScratchFolder();
        var (store, doc) = DxlStores.OpenSingle(scratch.Copy("websso-note-export.dxl"));
        store.Dispose();
        string backups = Directory.CreateDirectory(Path.Combine(scratch.Path, "backups")).FullName;
        string otherDocument = Path.Combine(backups, "0123456789ABCDEF0123456789ABCDEF.20200101-000000.json");
        string notes = Path.Combine(backups, doc.UniversalId + ".notes.json");
        File.WriteAllText(otherDocument, "{}");
        File.WriteAllText(notes, "{}");

        var written = Enumerable.Range(0, 4).Select(_ => DocumentBackup.Write(doc, backups, keep: 2)).ToList();

        string[] kept = Directory.GetFiles(backups, doc.UniversalId + ".2*.json").Order().ToArray();
        Assert.Equal(written.Skip(2).Order().ToArray(), kept);
        Assert.True(File.Exists(otherDocument));
        Assert.True(File.Exists(notes));
    }
}
