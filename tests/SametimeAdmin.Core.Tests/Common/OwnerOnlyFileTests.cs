using System;
using System.IO;
using SametimeAdmin.Common;
using Xunit;

namespace SametimeAdmin.Tests.Common;

public sealed class OwnerOnlyFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("st-owneronly-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_new_secret_file_is_owner_only_and_holds_the_bytes()
    {
        string path = Path.Combine(_folder, "secret.bin");
        OwnerOnlyFile.WriteNew(path, new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.False(OwnerOnlyFile.IsReadableByOthers(path));
        }
    }

    [Fact]
    public void The_file_is_owner_only_before_the_first_byte_is_written()
    {
        string path = Path.Combine(_folder, "secret.tmp");
        using (FileStream stream = OwnerOnlyFile.CreateNew(path))
        {
            Assert.Equal(0, stream.Length);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }
    }

    [Fact]
    public void An_existing_file_is_never_opened_for_a_secret()
    {
        string path = Path.Combine(_folder, "existing");
        File.WriteAllText(path, "someone else's");
        Assert.Throws<IOException>(() => OwnerOnlyFile.CreateNew(path).Dispose());
        Assert.Equal("someone else's", File.ReadAllText(path));
    }

    [Fact]
    public void Restrict_and_readable_by_others_follow_the_mode()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = Path.Combine(_folder, "wide");
        File.WriteAllText(path, "x");
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("644", 8));
        Assert.True(OwnerOnlyFile.IsReadableByOthers(path));
        OwnerOnlyFile.Restrict(path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}
