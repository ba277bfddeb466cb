using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.Sametime12;
using Xunit;

namespace SametimeAdmin.Tests.Sametime12;

public sealed class St12WriterTests : IDisposable
{
    private const string LabPassword = "Lab-Ltpa-Passw0rd";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "st12w-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> asked = [];

    public St12WriterTests()
    {
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(Fixtures.PathOf("sametime12", "docker")))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(folder, true);

    private bool Yes(string target, string action)
    {
        asked.Add(target + ": " + action);
        return true;
    }

    private static bool No(string target, string action) => false;

    private static string LabKeys()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "examples", "lab", "proxy", "ltpa.keys")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Combine(dir!, "examples", "lab", "proxy", "ltpa.keys");
    }

    private string PathOf(string name) => Path.Combine(folder, name);

    private St12SsoSettings ForINotes() => new()
    {
        DurationMinutes = 120,
        FrameAncestorOrigins = ["https://mail.lab.example.com"],
        CorsOrigins = ["https://mail.lab.example.com/"],
        ExternalIntegration = true,
    };

    [Fact]
    public void DockerEditsChangeOnlyTheLinesConcernedAndAddTheOverride()
    {
        string env = File.ReadAllText(PathOf(".env"));
        string custom = File.ReadAllText(PathOf("custom.env"));

        IReadOnlyList<St12Change> changes = St12Writer.WriteDocker(folder, ForINotes(), Yes);

        // Both ENABLE_LTPA lines get true (the first said false): whichever Compose reads is right.
        Assert.Equal(env.Replace("ENABLE_LTPA=false\n", "ENABLE_LTPA=true\n", StringComparison.Ordinal)
            .Replace("LTPA_DURATION_MINUTES=30  #", "LTPA_DURATION_MINUTES=120  #", StringComparison.Ordinal), File.ReadAllText(PathOf(".env")));
        Assert.Equal(custom
            .Replace("STI__ST_BB_NAMES__ST_AUTH_TOKEN=Fork:Jwt\r\n", "STI__ST_BB_NAMES__ST_AUTH_TOKEN=Fork:Jwt,Ltpa\r\n", StringComparison.Ordinal)
            .Replace("\"frame-ancestors 'self'; default-src 'self'\"", "\"frame-ancestors 'self' https://mail.lab.example.com; default-src 'self'\"", StringComparison.Ordinal)
            + "CORS_ALLOWED_ORIGINS=https://mail.lab.example.com\r\n", File.ReadAllText(PathOf("custom.env")));
        Assert.Equal(ComposeOverrideEditor.Header + "\nservices:\n  proxy:\n    environment:\n      - SAMETIME_EXTERNAL_WARINTEGRATION=true\n",
            File.ReadAllText(PathOf("docker-compose.override.yml")));
        Assert.Contains(changes, c => c.Setting == "SAMETIME_EXTERNAL_WARINTEGRATION" && c.Action == St12ChangeAction.FileCreated);
        Assert.All(changes.Where(c => c.Changed && c.Action != St12ChangeAction.FileCreated), c => Assert.NotNull(c.BackupPath));

        St12SsoConfig after = St12ConfigReader.ReadDocker(folder);
        Assert.True(after.LtpaTokenAccepted);
        Assert.True(after.ExternalWarIntegration);
        Assert.Equal(["'self'", "https://mail.lab.example.com"], after.FrameAncestors);
        Assert.Equal(120, after.DurationMinutes);
    }

    [Fact]
    public void ASecondRunChangesNothingAndAsksNothing()
    {
        St12Writer.WriteDocker(folder, ForINotes(), Yes);
        var before = Directory.GetFiles(folder).ToDictionary(f => f, File.ReadAllBytes);
        asked.Clear();

        IReadOnlyList<St12Change> again = St12Writer.WriteDocker(folder, ForINotes(), Yes);

        Assert.Empty(asked);
        Assert.All(again, c => Assert.False(c.Changed));
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(folder).Order());
        Assert.All(before, pair => Assert.Equal(pair.Value, File.ReadAllBytes(pair.Key)));
    }

    [Fact]
    public void TheQuestionNamesOnlyTheSettingsThatChange()
    {
        St12Writer.WriteDocker(folder, ForINotes(), Yes);
        asked.Clear();

        St12Writer.WriteDocker(folder, new St12SsoSettings { DurationMinutes = 60 }, Yes);

        string question = Assert.Single(asked);
        Assert.Contains("Set LTPA_DURATION_MINUTES=60", question, StringComparison.Ordinal);
        Assert.DoesNotContain("ENABLE_LTPA", question, StringComparison.Ordinal);
    }

    [Fact]
    public void DeclinedChangesWriteNothing()
    {
        var before = Directory.GetFiles(folder).ToDictionary(f => f, File.ReadAllBytes);

        St12Writer.WriteDocker(folder, ForINotes(), No);

        Assert.Equal(before.Keys.Order(), Directory.GetFiles(folder).Order());
        Assert.All(before, pair => Assert.Equal(pair.Value, File.ReadAllBytes(pair.Key)));
    }

    [Fact]
    public void ThePasswordIsCheckedAgainstTheKeysAndNeverShown()
    {
        var settings = new St12SsoSettings { KeyFile = LabKeys(), KeyPassword = Encoding.UTF8.GetBytes("wrong"), CopyKeyFile = true };
        byte[] env = File.ReadAllBytes(PathOf(".env"));
        Assert.Equal("KeyPasswordMismatch", Assert.Throws<SametimeAdminException>(() => St12Writer.WriteDocker(folder, settings, Yes)).ErrorId);
        Assert.Equal(env, File.ReadAllBytes(PathOf(".env")));

        // Another password in .env, so the question has to name the password line (masked).
        File.WriteAllText(PathOf(".env"), File.ReadAllText(PathOf(".env")).Replace(LabPassword, "Old-Passw0rd", StringComparison.Ordinal));
        settings.KeyPassword = Encoding.UTF8.GetBytes(LabPassword);
        settings.KeyFileHostPath = PathOf("keys/ltpa.keys");
        Directory.CreateDirectory(PathOf("keys"));
        IReadOnlyList<St12Change> changes = St12Writer.WriteDocker(folder, settings, Yes);

        Assert.Equal(File.ReadAllBytes(LabKeys()), File.ReadAllBytes(PathOf("keys/ltpa.keys")));
        Assert.False(OwnerOnlyFile.IsReadableByOthers(PathOf("keys/ltpa.keys")));
        Assert.False(OwnerOnlyFile.IsReadableByOthers(PathOf(".env")));
        Assert.DoesNotContain(changes, c => (c.Value + c.PreviousValue).Contains(LabPassword, StringComparison.Ordinal));
        Assert.DoesNotContain(asked, a => a.Contains(LabPassword, StringComparison.Ordinal));
        Assert.DoesNotContain(asked, a => a.Contains("Old-Passw0rd", StringComparison.Ordinal));
        Assert.Contains(asked, a => a.Contains("LTPA_KEYS_FILE_PATH=" + PathOf("keys/ltpa.keys"), StringComparison.Ordinal) && a.Contains("LTPA_KEYS_PASSWORD=(secret)", StringComparison.Ordinal));
        Assert.Equal(St12KeyStatus.Opened, St12ConfigReader.ReadDocker(folder).KeyStatus);
    }

    [Theory]
    [InlineData("services:\n  proxy:\n    image: x\n    environment:\n      - A=1\n  other:\n    image: y\n",
        "services:\n  proxy:\n    image: x\n    environment:\n      - A=1\n      - SAMETIME_EXTERNAL_WARINTEGRATION=true\n  other:\n    image: y\n")]
    [InlineData("# mine\r\nservices:\r\n  proxy:\r\n    environment:\r\n      SAMETIME_EXTERNAL_WARINTEGRATION: \"false\"  # off for now\r\n",
        "# mine\r\nservices:\r\n  proxy:\r\n    environment:\r\n      SAMETIME_EXTERNAL_WARINTEGRATION: \"true\"  # off for now\r\n")]
    [InlineData("services:\n    proxy:\n        image: x\n",
        "services:\n    proxy:\n        image: x\n        environment:\n          - SAMETIME_EXTERNAL_WARINTEGRATION=true\n")]
    [InlineData("services:\n  other:\n    image: y\n",
        "services:\n  other:\n    image: y\n  proxy:\n    environment:\n      - SAMETIME_EXTERNAL_WARINTEGRATION=true\n")]
    [InlineData("services:\n  proxy:\n    environment:\n      - SAMETIME_EXTERNAL_WARINTEGRATION=false\n",
        "services:\n  proxy:\n    environment:\n      - SAMETIME_EXTERNAL_WARINTEGRATION=true\n")]
    public void AnExistingOverrideFileGetsOneLineEdit(string before, string after)
    {
        byte[]? edited = ComposeOverrideEditor.SetVariable(Encoding.UTF8.GetBytes(before), "o.yml", "proxy", "SAMETIME_EXTERNAL_WARINTEGRATION", "true");

        Assert.Equal(after, Encoding.UTF8.GetString(edited!));
        Assert.Null(ComposeOverrideEditor.SetVariable(edited, "o.yml", "proxy", "SAMETIME_EXTERNAL_WARINTEGRATION", "true"));
    }

    [Fact]
    public void AFlowStyleOverrideIsRefusedWithTheManualStep()
    {
        var error = Assert.Throws<SametimeAdminException>(() =>
            ComposeOverrideEditor.SetVariable(Encoding.UTF8.GetBytes("services: {proxy: {image: x}}\n"), "o.yml", "proxy", "SAMETIME_EXTERNAL_WARINTEGRATION", "true"));

        Assert.Equal("ComposeOverrideNotEditable", error.ErrorId);
        Assert.Contains("- SAMETIME_EXTERNAL_WARINTEGRATION=true", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHelmOverrideFileHoldsWhatTheChartWantsOwnerOnly()
    {
        string values = Fixtures.PathOf("sametime12", "helm", "values.yaml");
        string output = PathOf("sametime-ltpa.yaml");
        var settings = new St12SsoSettings
        {
            KeyFile = LabKeys(),
            KeyPassword = Encoding.UTF8.GetBytes(LabPassword),
            DurationMinutes = 30,
            Realm = "defaultRealm",
            FrameAncestorOrigins = ["https://mail.lab.example.com"],
            CorsOrigins = ["https://mail.lab.example.com"],
        };

        IReadOnlyList<St12Change> changes = St12Writer.WriteHelmOverride(output, settings, [values], Yes);

        string text = File.ReadAllText(output);
        Assert.StartsWith(St12Writer.HelmHeader + "\n", text, StringComparison.Ordinal);
        Assert.EndsWith("global:\n  enableLtpa: true\n  ltpaKeysBase64: \"" + Convert.ToBase64String(File.ReadAllBytes(LabKeys())) + "\"\n" +
            "  ltpaKeysPasswordBase64: \"TGFiLUx0cGEtUGFzc3cwcmQ=\"\n  ltpaDurationMinutes: \"30\"\n  ltpa.realm: \"defaultRealm\"\n" +
            "  contentSecurityPolicy: \"frame-ancestors 'self' https://mail.lab.example.com; default-src 'self'\"\n" +
            "  corsAllowedOrigins: \"https://mail.lab.example.com\"\n", text, StringComparison.Ordinal);
        Assert.False(OwnerOnlyFile.IsReadableByOthers(output));
        Assert.All(changes, c => Assert.Equal(St12ChangeAction.FileCreated, c.Action));
        Assert.DoesNotContain(changes, c => c.Value!.Contains("TGFiLUx0cGEtUGFzc3cwcmQ=", StringComparison.Ordinal));

        St12SsoConfig read = St12ConfigReader.ReadHelm([values, output], null);
        Assert.Equal(St12KeyStatus.Opened, read.KeyStatus);
        Assert.Equal(["'self'", "https://mail.lab.example.com"], read.FrameAncestors);

        asked.Clear();
        Assert.All(St12Writer.WriteHelmOverride(output, settings, [values], Yes), c => Assert.Equal(St12ChangeAction.Unchanged, c.Action));
        Assert.Empty(asked);
    }

    [Fact]
    public void TheUsersOwnValuesFilesAreNeverWritten()
    {
        string mine = PathOf("values.yaml");
        File.WriteAllText(mine, "global:\n  enableLtpa: false\n");
        var settings = new St12SsoSettings { DurationMinutes = 30 };

        Assert.Equal("WouldRewriteValuesFile", Assert.Throws<SametimeAdminException>(() => St12Writer.WriteHelmOverride(mine, settings, [mine], Yes)).ErrorId);
        Assert.Equal("NotAGeneratedValuesFile", Assert.Throws<SametimeAdminException>(() => St12Writer.WriteHelmOverride(mine, settings, [], Yes)).ErrorId);
        Assert.Equal("global:\n  enableLtpa: false\n", File.ReadAllText(mine));
    }

    [Fact]
    public void OriginsAreValidatedBeforeAnythingIsWritten()
    {
        byte[] custom = File.ReadAllBytes(PathOf("custom.env"));
        var settings = new St12SsoSettings { FrameAncestorOrigins = ["mail.lab.example.com"] };

        Assert.Equal("InvalidOrigin", Assert.Throws<SametimeAdminException>(() => St12Writer.WriteDocker(folder, settings, Yes)).ErrorId);
        Assert.Equal(custom, File.ReadAllBytes(PathOf("custom.env")));
    }
}
