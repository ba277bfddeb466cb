using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Ltpa;

/// <summary>LtpaKeyFile.Write: the layout Liberty reads, owner-only and atomic, no overwrite unless asked, a backup when it does.</summary>
public sealed class KeyFileWriteTests : IDisposable
{
    private const string Password = "dev-LTPA-Passw0rd!";
    private readonly string folder = Directory.CreateTempSubdirectory("ltpa-keyfile-write-").FullName;
    private readonly LtpaKeySet devKeys = LtpaKeyFile.Read(Fixtures.PathOf("vectors", "ltpa-dev.keys"), Bytes(Password));

    public void Dispose()
    {
        devKeys.Dispose();
        Directory.Delete(folder, true);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private string PathIn(string name) => Path.Combine(folder, name);

    [Fact]
    public void WritesAFileThatReadsBackWithTheSameKeysAndCreationDate()
    {
        string path = PathIn("ltpa.keys");
        var writeTime = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        LtpaKeyFileWriteResult result = LtpaKeyFile.Write(path, devKeys, Bytes("another-Passw0rd"), new LtpaKeyFileWriteOptions { NewLine = "\n", WriteTime = writeTime });

        Assert.Equal(path, result.Path);
        Assert.Null(result.BackupPath);
        string[] lines = File.ReadAllText(path, Encoding.Latin1).Split('\n');
        Assert.Equal("#Tue May 06 07:08:09 UTC 2031", lines[0]);
        Assert.Equal("com.ibm.websphere.ltpa.version=1.0", lines[1]);
        Assert.DoesNotContain(lines, l => l.EndsWith('\r'));

        using LtpaKeySet back = LtpaKeyFile.Read(path, Bytes("another-Passw0rd"));
        Assert.True(back.HasSameKeys(devKeys));
        Assert.Equal(devKeys.Realm, back.Realm);
        Assert.Equal(devKeys.CreationDate, back.CreationDate); // keys that came in keep the date they were made
        Assert.Equal("KeyFileWrongPassword", Assert.Throws<SametimeAdminException>(() => LtpaKeyFile.Read(path, Bytes(Password))).ErrorId);
    }

    [Fact]
    public void AGivenCreationDateReplacesTheKeySetsOwn()
    {
        string path = PathIn("dated.keys");
        LtpaKeyFile.Write(path, devKeys, Bytes(Password), new LtpaKeyFileWriteOptions { CreationDate = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), NewLine = "\r\n" });

        Assert.Contains("\r\n", File.ReadAllText(path, Encoding.Latin1), StringComparison.Ordinal);
        using LtpaKeySet back = LtpaKeyFile.Read(path, Bytes(Password));
        Assert.Equal("Wed Jan 02 03:04:05 UTC 2030", back.CreationDate);
    }

    [Fact]
    public void AnExistingFileIsKeptUnlessOverwriteAndThenBackedUp()
    {
        string path = PathIn("existing.keys");
        File.WriteAllText(path, "previous keys");

        var refused = Assert.Throws<SametimeAdminException>(() => LtpaKeyFile.Write(path, devKeys, Bytes(Password)));
        Assert.Equal(("KeyFileExists", FailureKind.ResourceExists), (refused.ErrorId, refused.Kind));
        Assert.NotNull(refused.RecommendedAction);
        Assert.Equal("previous keys", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder));

        LtpaKeyFileWriteResult result = LtpaKeyFile.Write(path, devKeys, Bytes(Password), new LtpaKeyFileWriteOptions { Overwrite = true });
        Assert.NotNull(result.BackupPath);
        Assert.Equal("previous keys", File.ReadAllText(result.BackupPath!));
        using LtpaKeySet back = LtpaKeyFile.Read(path, Bytes(Password));
        Assert.True(back.HasSameKeys(devKeys));
    }

    [Fact]
    public void RefusalsWriteNothing()
    {
        var empty = Assert.Throws<SametimeAdminException>(() => LtpaKeyFile.Write(PathIn("empty.keys"), devKeys, Array.Empty<byte>()));
        Assert.Equal(("PasswordEmpty", FailureKind.InvalidArgument), (empty.ErrorId, empty.Kind));

        var directory = Assert.Throws<SametimeAdminException>(() => LtpaKeyFile.Write(folder, devKeys, Bytes(Password), new LtpaKeyFileWriteOptions { Overwrite = true }));
        Assert.Equal(("PathIsDirectory", FailureKind.InvalidArgument), (directory.ErrorId, directory.Kind));

        var noFolder = Assert.Throws<SametimeAdminException>(() => LtpaKeyFile.Write(PathIn(Path.Combine("no", "such.keys")), devKeys, Bytes(Password)));
        Assert.Equal("ParentFolderNotFound", noFolder.ErrorId);

        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void TheFileIsOwnerOnlyAndAReadableOneIsReported()
    {
        string path = PathIn("shared.keys");
        if (OperatingSystem.IsWindows())
        {
            // Windows ACLs are not judged: the file is written and nothing is claimed about who could read it.
            Assert.Empty(LtpaKeyFile.Write(path, devKeys, Bytes(Password)).Warnings);
            return;
        }

        File.WriteAllText(path, "readable by all");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        LtpaKeyFileWriteResult result = LtpaKeyFile.Write(path, devKeys, Bytes(Password), new LtpaKeyFileWriteOptions { Overwrite = true });

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(result.BackupPath!));
        string warning = Assert.Single(result.Warnings);
        Assert.Contains("readable by other users (mode 0644)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void AFreshFileIsOwnerOnlyFromTheStart()
    {
        string path = PathIn("fresh.keys");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        LtpaKeyFileWriteResult result = LtpaKeyFile.Write(path, devKeys, Bytes(Password));

        Assert.Empty(result.Warnings);
        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }
}
