using SametimeAdmin.Common;
using SametimeAdmin.Sametime12;
using Xunit;

namespace SametimeAdmin.Tests.Sametime12;

public sealed class StCommunityConfigTests : IDisposable
{
    // Only the <LDAP> section is named in HCL's documentation ("edit the <LDAP> section"); the rest of this
    // document is illustrative, which is why the file is read, never edited.
    private const string Sample = "<?xml version=\"1.0\"?>\n<Config>\n  <LDAP><Host>ldap.lab.example.com</Host></LDAP>\n  <LDAP><Host>ldap2.lab.example.com</Host></LDAP>\n  <Other/>\n</Config>\n";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "stcc-" + Guid.NewGuid().ToString("N"));

    public StCommunityConfigTests()
    {
        Directory.CreateDirectory(Path.Combine(folder, "extra-community-config"));
        File.WriteAllText(Path.Combine(folder, ".env"), "ENABLE_LTPA=true\n");
    }

    public void Dispose() => Directory.Delete(folder, true);

    [Fact]
    public void TheCopyInTheInstallFolderIsReadAndSaidToBeReadOnly()
    {
        string path = Path.Combine(folder, "extra-community-config", "StCommunityConfig.xml");
        File.WriteAllText(path, Sample);
        byte[] before = File.ReadAllBytes(path);

        St12SsoConfig config = St12ConfigReader.ReadDocker(folder);

        Assert.NotNull(config.CommunityConfig);
        Assert.Equal("Config", config.CommunityConfig!.RootElement);
        Assert.Equal(["LDAP", "Other"], config.CommunityConfig.Sections);
        Assert.Contains(StCommunityConfig.ReadOnlyReason, config.Notes);
        Assert.Contains(path, config.SourceFiles);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void WithoutACopyNothingIsReported()
    {
        Assert.Null(St12ConfigReader.ReadDocker(folder).CommunityConfig);
    }

    [Fact]
    public void MalformedOrDtdFilesAreClearErrors()
    {
        string path = Path.Combine(folder, "StCommunityConfig.xml");
        File.WriteAllText(path, "<Config><LDAP></Config>");
        Assert.Equal("InvalidCommunityConfig", Assert.Throws<SametimeAdminException>(() => StCommunityConfig.Read(path)).ErrorId);

        File.WriteAllText(path, "<!DOCTYPE Config [<!ENTITY x \"y\">]><Config>&x;</Config>");
        Assert.Equal(SafeXml.ErrorDtd, Assert.Throws<SametimeAdminException>(() => StCommunityConfig.Read(path)).ErrorId);
    }
}
