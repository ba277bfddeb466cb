using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.Sametime12;
using Xunit;

namespace SametimeAdmin.Tests.Sametime12;

public sealed class St12ConfigReaderTests : IDisposable
{
    private const string LabPassword = "Lab-Ltpa-Passw0rd";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "st12-" + Guid.NewGuid().ToString("N"));

    public St12ConfigReaderTests()
    {
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(Fixtures.PathOf("sametime12", "docker")))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(folder, true);


    private static string LabKeys()
    {
        // The lab key file, found from the repository root above the test output folder.
        string? dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "examples", "lab", "proxy", "ltpa.keys")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Combine(dir!, "examples", "lab", "proxy", "ltpa.keys");
    }

    [Fact]
    public void DockerSettingsAreReadWithComposeRules()
    {
        St12SsoConfig config = St12ConfigReader.ReadDocker(folder);

        Assert.Equal(St12InstallKind.Docker, config.Kind);
        Assert.True(config.LtpaEnabled);
        Assert.Equal("/opt/hcl/sametime/ltpa.keys", config.KeyFileHostPath);
        Assert.Equal("/ltpa-config/ltpa.keys", config.KeyFileContainerPath);
        Assert.True(config.PasswordPresent);
        Assert.Equal(30, config.DurationMinutes);
        Assert.Equal("defaultRealm", config.Realm);
        Assert.Equal(["Jwt"], config.AuthTokens);
        Assert.False(config.LtpaTokenAccepted);
        Assert.False(config.ExternalWarIntegration);
        Assert.Equal(["'self'"], config.FrameAncestors);
        Assert.Empty(config.CorsOrigins);
        St12IniSetting ini = Assert.Single(config.IniSettings, s => s.Section == "Debug");
        Assert.Equal("[Debug] VPDIR_IGNORE_BROWSE=1", ini.IniLine);
        Assert.Equal("[ST_BB_NAMES] ST_AUTH_TOKEN=Fork:Jwt", Assert.Single(config.IniSettings, s => s.Section == "ST_BB_NAMES").IniLine);
        Assert.Equal(St12KeyStatus.KeysNotFound, config.KeyStatus);
        Assert.Equal(St12ConfigReader.SecretMask, Assert.Single(config.Variables, v => v.Name == "LTPA_KEYS_PASSWORD").Value);
        Assert.DoesNotContain(config.Variables, v => v.Value != null && v.Value.Contains(LabPassword, StringComparison.Ordinal));
    }

    [Fact]
    public void TheKeySetFingerprintIsShownWhenTheConfiguredPasswordOpensTheKeys()
    {
        string keys = Path.Combine(folder, "ltpa.keys");
        File.Copy(LabKeys(), keys);
        ReplaceInEnv("LTPA_KEYS_FILE_PATH=/opt/hcl/sametime/ltpa.keys", "LTPA_KEYS_FILE_PATH=ltpa.keys");
        using var expected = SametimeAdmin.Ltpa.LtpaKeyFile.Read(keys, Encoding.UTF8.GetBytes(LabPassword));

        St12SsoConfig config = St12ConfigReader.ReadDocker(folder);
        Assert.Equal(St12KeyStatus.Opened, config.KeyStatus);
        Assert.Equal(expected.Fingerprint, config.KeyFingerprint);

        St12SsoConfig wrong = St12ConfigReader.ReadDocker(folder, new St12ReadOptions { KeyPassword = Encoding.UTF8.GetBytes("not-it") });
        Assert.Equal(St12KeyStatus.NotOpened, wrong.KeyStatus);
        Assert.Null(wrong.KeyFingerprint);
    }

    [Fact]
    public void ABareComposeEntryTakesItsValueFromDotEnvAndTheOverrideFileWins()
    {
        File.AppendAllText(Path.Combine(folder, ".env"), "SAMETIME_EXTERNAL_WARINTEGRATION=false\n");
        File.WriteAllText(Path.Combine(folder, "docker-compose.override.yml"), "services:\n  proxy:\n    environment:\n      SAMETIME_EXTERNAL_WARINTEGRATION: \"true\"\n");
        Assert.True(St12ConfigReader.ReadDocker(folder).ExternalWarIntegration);

        File.Delete(Path.Combine(folder, "docker-compose.override.yml"));
        ReplaceIn("docker-compose.yml", "      - JAVA_TOOL_OPTIONS", "      - SAMETIME_EXTERNAL_WARINTEGRATION\n      - JAVA_TOOL_OPTIONS");
        Assert.False(St12ConfigReader.ReadDocker(folder).ExternalWarIntegration);
    }

    [Fact]
    public void ComposeInterpolatesFromDotEnvWithDefaults()
    {
        ComposeProject project = ComposeProject.Read(folder);

        Assert.Equal("30", project.Environment("community")["LTPA_DURATION_MINUTES"].Value);
        Assert.Equal("Lab-Ltpa-Passw0rd", project.Environment("community")["LTPA_KEYS_PASSWORD"].Value);
        Assert.Equal("Fork:Jwt", project.Environment("proxy")["STI__ST_BB_NAMES__ST_AUTH_TOKEN"].Value);
        Assert.Equal("a-$-60", project.Interpolate("a-$$-${NOT_SET:-60}"));
    }

    [Fact]
    public void MissingFilesAreReportedNotGuessed()
    {
        File.Delete(Path.Combine(folder, "docker-compose.yml"));
        File.Delete(Path.Combine(folder, "custom.env"));
        St12SsoConfig config = St12ConfigReader.ReadDocker(folder);
        Assert.Null(config.ExternalWarIntegration);
        Assert.Null(config.AuthTokenSetting);
        Assert.Contains(config.Notes, n => n.Contains("No docker-compose.yml", StringComparison.Ordinal));

        File.Delete(Path.Combine(folder, ".env"));
        Assert.Equal("NotASametime12DockerFolder", Assert.Throws<SametimeAdminException>(() => St12ConfigReader.ReadDocker(folder)).ErrorId);
        Assert.Equal("Sametime12FolderNotFound", Assert.Throws<SametimeAdminException>(() => St12ConfigReader.ReadDocker(Path.Combine(folder, "nope"))).ErrorId);
    }

    [Fact]
    public void HelmFilesMergeInOrderAndTheSecretsTemplateIsRead()
    {
        string helm = Fixtures.PathOf("sametime12", "helm");
        St12SsoConfig config = St12ConfigReader.ReadHelm([Path.Combine(helm, "values.yaml"), Path.Combine(helm, "site.yaml")], Path.Combine(helm, "sametime-secrets.yaml"));

        Assert.Equal(St12InstallKind.Kubernetes, config.Kind);
        Assert.True(config.LtpaEnabled);
        Assert.Equal(120, config.DurationMinutes);
        Assert.Equal(["'self'"], config.FrameAncestors);
        Assert.True(config.PasswordPresent);
        Assert.Equal("secret LtpaKeysPassword", config.PasswordSource);
        Assert.Equal(St12KeyStatus.KeysNotFound, config.KeyStatus);
        Assert.Equal("[Debug] VPDIR_IGNORE_BROWSE=1", Assert.Single(config.IniSettings).IniLine);

        St12SsoConfig reversed = St12ConfigReader.ReadHelm([Path.Combine(helm, "site.yaml"), Path.Combine(helm, "values.yaml")], null);
        Assert.False(reversed.LtpaEnabled);
        Assert.Equal(30, reversed.DurationMinutes);
    }

    [Fact]
    public void HelmMergeReplacesListsAndMergesMaps()
    {
        object? a = YamlTree.Parse("g:\n  list: [1, 2]\n  keep: x\n", "a", "t");
        object? b = YamlTree.Parse("g:\n  list: [3]\n  add: y\n", "b", "t");

        var merged = (YamlMap)YamlTree.Merge(a, b)!;
        var g = (YamlMap)merged["g"]!;
        Assert.Equal(["3"], ((IList<object?>)g["list"]!).Cast<string>());
        Assert.Equal("x", g["keep"]);
        Assert.Equal("y", g["add"]);
    }

    [Fact]
    public void HelmKeysInValuesAreOpenedWithThePassword()
    {
        string values = Path.Combine(folder, "ltpa-values.yaml");
        File.WriteAllText(values, "global:\n  enableLtpa: true\n  ltpaKeysBase64: " + Convert.ToBase64String(File.ReadAllBytes(LabKeys())) +
            "\n  ltpaKeysPasswordBase64: " + Convert.ToBase64String(Encoding.UTF8.GetBytes(LabPassword)) + "\n");
        using var expected = SametimeAdmin.Ltpa.LtpaKeyFile.Read(LabKeys(), Encoding.UTF8.GetBytes(LabPassword));

        St12SsoConfig config = St12ConfigReader.ReadHelm([values], null);

        Assert.Equal(St12KeyStatus.Opened, config.KeyStatus);
        Assert.Equal(expected.Fingerprint, config.KeyFingerprint);
        Assert.Equal("values global/ltpaKeysBase64", config.KeysInValues);
        Assert.All(config.Variables.Where(v => v.Name.Contains("Base64", StringComparison.Ordinal)), v => Assert.Equal(St12ConfigReader.SecretMask, v.Value));
    }

    [Fact]
    public void InvalidYamlIsAClearError()
    {
        string values = Path.Combine(folder, "bad.yaml");
        File.WriteAllText(values, "global:\n  enableLtpa: [true\n");

        var error = Assert.Throws<SametimeAdminException>(() => St12ConfigReader.ReadHelm([values], null));
        Assert.Equal("InvalidYaml", error.ErrorId);
    }

    [Fact]
    public void NamesCanBeOverriddenAndUnknownKeysAreRefused()
    {
        File.AppendAllText(Path.Combine(folder, "custom.env"), "MY_CORS=https://mail.lab.example.com\r\n");
        var names = St12NameMap.Default.WithOverrides(new Dictionary<string, string> { ["Env.CorsOrigins"] = "MY_CORS" });

        Assert.Equal(["https://mail.lab.example.com"], St12ConfigReader.ReadDocker(folder, new St12ReadOptions { Names = names }).CorsOrigins);
        Assert.Equal("UnknownSametime12NameKey",
            Assert.Throws<SametimeAdminException>(() => St12NameMap.Default.WithOverrides(new Dictionary<string, string> { ["Env.Nope"] = "X" })).ErrorId);
        Assert.Contains(St12NameMap.Default.Entries, e => e.Key == "Env.CorsOrigins" && e.Status == SametimeAdmin.Domino.ItemNameStatus.Assumed);
    }

    [Fact]
    public void StiVariablesSplitAtTheDoubleUnderscores()
    {
        Assert.True(St12IniSetting.TrySplit("STI__ST_BB_NAMES__ST_AUTH_TOKEN", out string section, out string name));
        Assert.Equal(("ST_BB_NAMES", "ST_AUTH_TOKEN"), (section, name));
        Assert.False(St12IniSetting.TrySplit("STI_ST_BB_NAMES_ST_AUTH_TOKEN", out _, out _));
        Assert.Equal("Fork:Jwt,Ltpa", St12AuthToken.AddLtpa("Fork:Jwt"));
        Assert.Equal("Fork:Jwt, Ltpa", St12AuthToken.AddLtpa("Fork:Jwt, Ltpa"));
    }

    private void ReplaceInEnv(string from, string to) => ReplaceIn(".env", from, to);

    private void ReplaceIn(string file, string from, string to)
    {
        string path = Path.Combine(folder, file);
        string text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
