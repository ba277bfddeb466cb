using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using Xunit;

namespace SametimeAdmin.Tests.Common;

/// <summary>Write safety of edits: secrets, crashed writers, links, read-only files, foreign writers, litter and backups.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static UnixFileMode? TempMode(string path) => OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(path);
    private static readonly Func<string, bool> Yes = _ => true;
    private readonly string folder = Directory.CreateTempSubdirectory("st-atomic-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static UnixFileMode Mode(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);

    private string NotesIni(string content = "[Notes]\nKitType=2\n")
    {
        string path = Path.Combine(folder, "notes.ini");
        File.WriteAllText(path, content);
        return path;
    }

    private static ConfigFileEdit Set(string path, string name, string value, ConfigEditOptions? options = null) =>
        ConfigFileEditor.Apply(path, ConfigFileFormat.NotesIni, ConfigChange.Set(null, name, value), Yes, options)!;

    private string[] Entries() => Directory.GetFileSystemEntries(folder).Select(f => Path.GetFileName(f)).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;

    // --- secrets ---------------------------------------------------------------------------------------------------

    [Fact]
    public void A_secret_replaces_a_wide_file_owner_only_and_its_backup_and_older_backups_are_owner_only_too()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix modes; the Windows ACL is set by the same OwnerOnlyFile calls.
        }

        string path = Path.Combine(folder, "ltpa.keys");
        File.WriteAllText(path, "old keys");
        File.SetUnixFileMode(path, Mode("644"));
        string olderBackup = path + ".20200101-000000.bak";
        File.WriteAllText(olderBackup, "older keys");
        File.SetUnixFileMode(olderBackup, Mode("644"));
        UnixFileMode? tempMode = null;

        string? backup = AtomicFile.Write(path, Encoding.ASCII.GetBytes("new keys"), new AtomicWriteOptions
        {
            OwnerOnly = true,
            BeforeReplace = () => tempMode = TempMode(Assert.Single(Directory.GetFiles(folder, ".ltpa.keys.*.tmp"))),
        });

        Assert.Equal(OwnerReadWrite, tempMode);
        Assert.Equal("new keys", File.ReadAllText(path));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        Assert.Equal("old keys", File.ReadAllText(backup!));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(backup!));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(olderBackup));
    }

    [Fact]
    public void An_owner_only_file_goes_through_an_owner_only_temp_file_even_when_not_called_secret()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = NotesIni();
        File.SetUnixFileMode(path, OwnerReadWrite);
        UnixFileMode? tempMode = null;
        Set(path, "DEBUG_SSO_TRACE_LEVEL", "2", new ConfigEditOptions
        {
            BeforeReplace = () => tempMode = TempMode(Assert.Single(Directory.GetFiles(folder, ".notes.ini.*.tmp"))),
        });

        Assert.Equal(OwnerReadWrite, tempMode);
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Exposure_warnings_name_a_file_and_a_folder_readable_by_others()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = Path.Combine(folder, "names.dxl");
        File.WriteAllText(path, "<document/>");
        File.SetUnixFileMode(path, Mode("644"));
        File.SetUnixFileMode(folder, Mode("755"));
        IReadOnlyList<string> warnings = OwnerOnlyFile.ExposureWarnings(path);
        Assert.Equal(2, warnings.Count);
        Assert.Contains("0644", warnings[0], StringComparison.Ordinal);
        Assert.Contains(folder, warnings[1], StringComparison.Ordinal);

        File.SetUnixFileMode(path, OwnerReadWrite);
        File.SetUnixFileMode(folder, Mode("700"));
        Assert.Empty(OwnerOnlyFile.ExposureWarnings(path));
    }

    // --- temp files of a writer that was killed ---------------------------------------------------------------------

    [Fact]
    public void Stale_temp_files_of_the_module_naming_are_removed_on_the_next_edit_and_nothing_else()
    {
        string path = NotesIni();
        string stale = Path.Combine(folder, ".notes.ini.0a1b2c3d.tmp");
        string young = Path.Combine(folder, ".notes.ini.4e5f6a7b.tmp");
        string foreign = Path.Combine(folder, ".notes.ini.editor.tmp");
        string otherFile = Path.Combine(folder, ".names.nsf.0a1b2c3d.tmp");
        foreach (string file in new[] { stale, young, foreign, otherFile })
        {
            File.WriteAllText(file, "partial copy");
        }

        DateTime longAgo = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(stale, longAgo);
        File.SetLastWriteTimeUtc(foreign, longAgo);
        File.SetLastWriteTimeUtc(otherFile, longAgo);

        Set(path, "DEBUG_SSO_TRACE_LEVEL", "2");

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(young)); // may belong to a live writer of another account
        Assert.True(File.Exists(foreign));
        Assert.True(File.Exists(otherFile));
    }

    // --- symbolic links -----------------------------------------------------------------------------------------------

    [Fact]
    public void An_edit_through_a_chain_of_relative_links_changes_the_final_target_and_keeps_the_links()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // creating links needs a privilege on Windows
        }

        string data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        string real = Path.Combine(data, "notes.ini");
        File.WriteAllText(real, "[Notes]\nKitType=2\n");
        string links = Directory.CreateDirectory(Path.Combine(folder, "links")).FullName;
        string middle = Path.Combine(links, "middle.ini");
        File.CreateSymbolicLink(middle, Path.Combine("..", "data", "notes.ini"));
        string link = Path.Combine(links, "notes.ini");
        File.CreateSymbolicLink(link, "middle.ini");

        ConfigFileEdit edit = Set(link, "DEBUG_SSO_TRACE_LEVEL", "2");

        Assert.Equal(Path.Combine("..", "data", "notes.ini"), new FileInfo(middle).LinkTarget);
        Assert.Equal("middle.ini", new FileInfo(link).LinkTarget);
        Assert.Contains("DEBUG_SSO_TRACE_LEVEL=2", File.ReadAllText(real), StringComparison.Ordinal);
        Assert.Equal(Path.GetDirectoryName(real), Path.GetDirectoryName(edit.BackupPath));
        Assert.Equal(["middle.ini", "notes.ini"], Directory.GetFileSystemEntries(links).Select(f => Path.GetFileName(f)).Order().ToArray());
        Assert.Equal(real, AtomicFile.ResolveFinalPath(link));
    }

    [Fact]
    public void A_link_loop_is_refused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string a = Path.Combine(folder, "a.ini");
        string b = Path.Combine(folder, "b.ini");
        File.CreateSymbolicLink(a, "b.ini");
        File.CreateSymbolicLink(b, "a.ini");
        var error = Assert.Throws<SametimeAdminException>(() => AtomicFile.Write(a, [1]));
        Assert.Equal("SymbolicLinkLoop", error.ErrorId);
    }

    // --- read-only files ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("444", true)]
    [InlineData("400", true)]
    [InlineData("044", true)]
    [InlineData("644", false)]
    [InlineData("200", false)]
    public void Mode_bits_without_owner_write_mean_read_only(string octal, bool denied) =>
        Assert.Equal(denied, AtomicFile.ModeDeniesOwnerWrite(Convert.ToInt32(octal, 8)));

    [Fact]
    public void A_read_only_file_is_refused_unchanged_and_without_a_backup()
    {
        string path = NotesIni();
        byte[] before = File.ReadAllBytes(path);
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(path, FileAttributes.ReadOnly);
        }
        else
        {
            // Checked on the mode bits: root may write anything, yet a 0444 file is not to be rewritten.
            File.SetUnixFileMode(path, Mode("444"));
        }

        var error = Assert.Throws<SametimeAdminException>(() => Set(path, "DEBUG_SSO_TRACE_LEVEL", "2"));

        Assert.Equal("FileReadOnly", error.ErrorId);
        Assert.Equal(FailureKind.PermissionDenied, error.Kind);
        Assert.Contains("nothing was changed", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["notes.ini"], Entries());
        File.SetAttributes(path, FileAttributes.Normal);
    }

    [Fact]
    public void A_failure_after_the_backup_was_made_leaves_no_backup_behind()
    {
        string path = NotesIni();
        byte[] before = File.ReadAllBytes(path);

        var error = Assert.Throws<SametimeAdminException>(() => AtomicFile.Write(path, [1, 2, 3], new AtomicWriteOptions
        {
            BeforeReplace = () => throw new IOException("Operation not permitted"),
        }));

        Assert.Equal("FileWriteFailed", error.ErrorId);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["notes.ini"], Entries());
    }

    // --- writers that do not take the lock ----------------------------------------------------------------------------

    [Fact]
    public void A_change_by_a_writer_that_does_not_lock_is_kept_and_the_edit_re_applied()
    {
        string path = NotesIni();
        int calls = 0;
        ConfigFileEdit edit = Set(path, "DEBUG_SSO_TRACE_LEVEL", "2", new ConfigEditOptions
        {
            BeforeReplace = () =>
            {
                if (calls++ == 0)
                {
                    File.AppendAllText(path, "SERVER_WROTE_THIS=1\n"); // the server saves its own change meanwhile
                }
            },
        });

        Assert.Equal(2, calls);
        string text = File.ReadAllText(path);
        Assert.Contains("SERVER_WROTE_THIS=1", text, StringComparison.Ordinal);
        Assert.Contains("DEBUG_SSO_TRACE_LEVEL=2", text, StringComparison.Ordinal);
        Assert.Contains("SERVER_WROTE_THIS=1", File.ReadAllText(edit.BackupPath!), StringComparison.Ordinal);
        Assert.Equal(["notes.ini", Path.GetFileName(edit.BackupPath!)], Entries());
    }

    [Fact]
    public void A_file_that_keeps_changing_under_the_edit_fails_with_a_conflict_and_is_left_as_the_other_writer_made_it()
    {
        string path = NotesIni();
        int n = 0;
        var error = Assert.Throws<SametimeAdminException>(() => Set(path, "DEBUG_SSO_TRACE_LEVEL", "2", new ConfigEditOptions
        {
            BeforeReplace = () => File.AppendAllText(path, $"SERVER_WRITE_{++n}=1\n"),
        }));

        Assert.Equal(AtomicFile.ChangedDuringEditErrorId, error.ErrorId);
        Assert.Contains("changed by another program", error.Message, StringComparison.Ordinal);
        string text = File.ReadAllText(path);
        Assert.Contains($"SERVER_WRITE_{n}=1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DEBUG_SSO_TRACE_LEVEL", text, StringComparison.Ordinal);
        Assert.Equal(["notes.ini"], Entries());
    }

    [Fact]
    public void A_same_length_rewrite_with_the_old_time_stamp_is_still_seen()
    {
        string path = NotesIni("[Notes]\nKitType=2\n");
        DateTime stamp = File.GetLastWriteTimeUtc(path);
        byte[]? content = AtomicFile.Read(path, out FileSnapshot read);
        Assert.NotNull(content);
        File.WriteAllText(path, "[Notes]\nKitType=1\n");
        File.SetLastWriteTimeUtc(path, stamp);

        var error = Assert.Throws<SametimeAdminException>(() => AtomicFile.Write(path, [1], new AtomicWriteOptions { Expected = read }));
        Assert.Equal(AtomicFile.ChangedDuringEditErrorId, error.ErrorId);
        Assert.Equal("[Notes]\nKitType=1\n", File.ReadAllText(path));
    }

    // --- litter and the lock ------------------------------------------------------------------------------------------

    [Fact]
    public void After_an_edit_the_folder_holds_the_file_and_its_backup_only()
    {
        string path = NotesIni();
        ConfigFileEdit edit = Set(path, "DEBUG_SSO_TRACE_LEVEL", "2");

        Assert.Equal(["notes.ini", Path.GetFileName(edit.BackupPath!)], Entries());
        Assert.NotEqual(folder, Path.GetDirectoryName(AtomicFile.LockPathOf(path)));
    }

    [Fact]
    public void The_lock_is_taken_on_the_final_target_of_a_link()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = NotesIni();
        string link = Path.Combine(folder, "link.ini");
        File.CreateSymbolicLink(link, "notes.ini");
        var holding = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var holder = new Thread(() =>
        {
            using (AtomicFile.AcquireLock(path, TimeSpan.FromSeconds(5)))
            {
                holding.Set();
                release.Wait(TimeSpan.FromSeconds(10));
            }
        });
        holder.Start();
        holding.Wait();
        try
        {
            var error = Assert.Throws<SametimeAdminException>(() => AtomicFile.AcquireLock(link, TimeSpan.FromMilliseconds(200)).Dispose());
            Assert.Equal("FileLocked", error.ErrorId);
        }
        finally
        {
            release.Set();
            holder.Join();
        }
    }

    // --- backup retention ---------------------------------------------------------------------------------------------

    [Fact]
    public void Only_the_newest_backups_are_kept_and_files_of_other_naming_are_left_alone()
    {
        string path = NotesIni();
        string[] others =
        [
            Path.Combine(folder, "notes.ini.old.bak"),
            Path.Combine(folder, "notes.ini.19990101-000000.bak.keep"),
            Path.Combine(folder, "names.ini.19990101-000000.bak"),
        ];
        foreach (string other in others)
        {
            File.WriteAllText(other, "x");
        }

        File.WriteAllText(Path.Combine(folder, "notes.ini.19990101-000000.bak"), "oldest of ours");
        var made = new List<string>();
        for (int i = 0; i < 6; i++)
        {
            made.Add(Set(path, "LAB_KEY" + i, "1", new ConfigEditOptions { BackupCount = 3 }).BackupPath!);
        }

        string[] kept = Directory.GetFiles(folder, "notes.ini.*.bak").Where(f => !others.Contains(f)).Order().ToArray();
        Assert.Equal(made.Skip(3).Order().ToArray(), kept);
        Assert.Contains("LAB_KEY4=1", File.ReadAllText(made[5]), StringComparison.Ordinal);
        Assert.All(others, o => Assert.True(File.Exists(o)));
    }

    [Fact]
    public void A_backup_count_below_one_is_refused_before_anything_is_written()
    {
        string path = NotesIni();
        byte[] before = File.ReadAllBytes(path);
        var error = Assert.Throws<SametimeAdminException>(() => AtomicFile.Write(path, [1], new AtomicWriteOptions { BackupCount = 0 }));
        Assert.Equal("BackupCountInvalid", error.ErrorId);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["notes.ini"], Entries());
    }

    [Fact]
    public void Ten_backups_are_kept_by_default()
    {
        string path = NotesIni();
        for (int i = 0; i < 12; i++)
        {
            Set(path, "LAB_KEY" + i, "1");
        }

        Assert.Equal(10, AtomicFile.DefaultBackupCount);
        Assert.Equal(10, Directory.GetFiles(folder, "notes.ini.*.bak").Length);
    }
}
