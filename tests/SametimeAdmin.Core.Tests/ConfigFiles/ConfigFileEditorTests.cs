using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using Xunit;

namespace SametimeAdmin.Tests.ConfigFiles;

public sealed class ConfigFileEditorTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "st-config-" + Guid.NewGuid().ToString("N"));

    public ConfigFileEditorTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, true);

    private string CopyFixture(string name, string? as_ = null)
    {
        string target = Path.Combine(folder, as_ ?? name);
        File.Copy(Fixtures.PathOf("configfiles", name), target);
        return target;
    }

    private string[] Backups(string path) => Directory.GetFiles(folder, Path.GetFileName(path) + ".*.bak");

    private static readonly Func<string, bool> Yes = _ => true;

    [Theory]
    [InlineData("sametime.ini", ConfigFileFormat.SametimeIni)]
    [InlineData("SAMETIME.INI", ConfigFileFormat.SametimeIni)]
    [InlineData("notes.ini", ConfigFileFormat.NotesIni)]
    [InlineData("servlets.properties", ConfigFileFormat.JavaProperties)]
    [InlineData("custom.env", ConfigFileFormat.DotEnv)]
    [InlineData(".env", ConfigFileFormat.DotEnv)]
    public void TheFormatFollowsTheFileName(string name, ConfigFileFormat format) =>
        Assert.Equal(format, ConfigFileEditor.FormatOf(Path.Combine("data", name)));

    [Fact]
    public void ASametimeIniCommandWritesTheStiVariableOfASametime12CustomEnv() =>
        Assert.Equal(ConfigFileFormat.DotEnv, ConfigFileEditor.FormatFor(Path.Combine("sametime", "custom.env"), null, ConfigFileFormat.SametimeIni));

    [Theory]
    [InlineData(null)]
    [InlineData(ConfigFileFormat.SametimeIni)]
    public void AHelmValuesFileIsNeverRewrittenAndTheErrorNamesTheOverrideFile(ConfigFileFormat? expected)
    {
        var error = Assert.Throws<SametimeAdminException>(() => ConfigFileEditor.FormatFor(Path.Combine("helm", "values.yaml"), null, expected));
        Assert.Equal("HelmValuesNotEdited", error.ErrorId);
        Assert.Contains("Set-St12SsoConfig -HelmValuesPath", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void ASectionedSettingIsItsStiVariableInAnEnvFile()
    {
        string path = Path.Combine(folder, "custom.env");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes("# kept\r\nSTI__Config__ST_TOKEN_TYPE=LtpaToken # old\r\nSTI__Config__ST_TOKEN_TYPE='LtpaToken'\r\n"));
        ConfigFileEdit edit = ConfigFileEditor.Apply(path, ConfigFileFormat.DotEnv, ConfigChange.Set("Config", "ST_TOKEN_TYPE", "LtpaToken2"), _ => true)!;
        Assert.Equal("# kept\r\nSTI__Config__ST_TOKEN_TYPE=LtpaToken2 # old\r\nSTI__Config__ST_TOKEN_TYPE='LtpaToken2'\r\n", File.ReadAllText(path));
        Assert.Equal(2, edit.Occurrences);
        Assert.Equal("ST_TOKEN_TYPE", edit.Name);
        Assert.Equal("STI__Config__ST_TOKEN_TYPE", edit.Sametime12Variable);
        ConfigSetting read = ConfigFileEditor.ReadSettings(path, ConfigFileFormat.DotEnv).Last();
        Assert.Equal("Config", read.Section);
        Assert.Equal("ST_TOKEN_TYPE", read.Name);
        Assert.Equal("LtpaToken2", read.Value);
    }

    [Fact]
    public void AnUnknownFileNameAsksForTheFormat()
    {
        var error = Assert.Throws<SametimeAdminException>(() => ConfigFileEditor.FormatOf("notes.ini.bak"));
        Assert.Equal("UnknownConfigFileFormat", error.ErrorId);
        Assert.Contains("-Format", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sametime.ini", null, ConfigFileFormat.SametimeIni)]
    [InlineData("notes.ini", null, ConfigFileFormat.NotesIni)]
    [InlineData("my-copy.cfg", ConfigFileFormat.NotesIni, ConfigFileFormat.NotesIni)]
    [InlineData("notes.ini", ConfigFileFormat.JavaProperties, ConfigFileFormat.JavaProperties)] // an explicit -Format wins over the name
    public void WithoutAnExpectedKindTheExplicitFormatOrTheNameDecides(string name, ConfigFileFormat? explicitFormat, ConfigFileFormat format) =>
        Assert.Equal(format, ConfigFileEditor.FormatFor(Path.Combine("data", name), explicitFormat));

    [Fact]
    public void WithoutAnExpectedKindOrAFormatAnUnknownNameAsksForTheFormat() =>
        Assert.Equal("UnknownConfigFileFormat", Assert.Throws<SametimeAdminException>(() => ConfigFileEditor.FormatFor("notes.ini.bak", null)).ErrorId);

    [Theory]
    [InlineData("sametime.ini", ConfigFileFormat.SametimeIni)]
    [InlineData("sametime-lab.ini", ConfigFileFormat.SametimeIni)] // a copy whose name says nothing else, with the kind's extension
    [InlineData("servlets.properties", ConfigFileFormat.JavaProperties)]
    [InlineData("SERVLETS-COPY.PROPERTIES", ConfigFileFormat.JavaProperties)]
    public void ACommandForOneKindTakesFilesOfThatKind(string name, ConfigFileFormat expected) =>
        Assert.Equal(expected, ConfigFileEditor.FormatFor(Path.Combine("data", name), null, expected));

    [Theory]
    [InlineData("notes.ini", ConfigFileFormat.SametimeIni, "is a notes.ini, but this command edits the sametime.ini")]
    [InlineData("sametime.ini", ConfigFileFormat.NotesIni, "is a sametime.ini, but this command edits the notes.ini")]
    [InlineData("notes.ini", ConfigFileFormat.JavaProperties, "is a notes.ini, but this command edits the properties file")]
    [InlineData("names-websso.dxl", ConfigFileFormat.SametimeIni, "its name does not end in .ini")]
    [InlineData("servlets.txt", ConfigFileFormat.JavaProperties, "its name does not end in .properties")]
    public void ACommandForOneKindRefusesAnotherKindOrAnUnrelatedFile(string name, ConfigFileFormat expected, string why)
    {
        var error = Assert.Throws<SametimeAdminException>(() => ConfigFileEditor.FormatFor(Path.Combine("data", name), null, expected));

        Assert.Equal("WrongConfigFile", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AChangeIsWrittenWithATimestampedBackupOfTheOldBytes()
    {
        string path = CopyFixture("sametime-1252-crlf-nofinal.ini", "sametime.ini");
        byte[] before = File.ReadAllBytes(path);

        ConfigFileEdit? edit = ConfigFileEditor.Apply(path, ConfigFileFormat.SametimeIni, ConfigChange.Set("AuthToken", "ST_TOKEN_TYPE", "LtpaToken2"), Yes);

        Assert.NotNull(edit);
        Assert.Equal(ConfigEditAction.Added, edit.Action);
        Assert.True(edit.Changed);
        Assert.Equal("STI__AuthToken__ST_TOKEN_TYPE", edit.Sametime12Variable);
        string backup = Assert.Single(Backups(path));
        Assert.Equal(backup, edit.BackupPath);
        Assert.Matches(@"sametime\.ini\.\d{8}-\d{6}(-\d+)?\.bak$", backup);
        Assert.Equal(before, File.ReadAllBytes(backup));
        Assert.Equal([.. before, .. Encoding.ASCII.GetBytes("\r\n[AuthToken]\r\nST_TOKEN_TYPE=LtpaToken2")], File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void WhatIfChangesNothingAndTakesNoLock()
    {
        string path = CopyFixture("notes-utf8bom-lf.ini", "notes.ini");
        byte[] before = File.ReadAllBytes(path);
        string? asked = null;

        ConfigFileEdit? edit = ConfigFileEditor.Apply(path, ConfigFileFormat.NotesIni, ConfigChange.Set(null, "DEBUG_SSO_TRACE_LEVEL", "2"),
            description => { asked = description; return false; });

        Assert.Null(edit);
        Assert.Equal("Set DEBUG_SSO_TRACE_LEVEL=2 (now 1)", asked);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(folder).Select(f => Path.GetFileName(f)));
    }

    [Fact]
    public void AnEditThatChangesNothingNeitherAsksNorWrites()
    {
        string path = CopyFixture("notes-utf8bom-lf.ini", "notes.ini");
        DateTime written = File.GetLastWriteTimeUtc(path);

        ConfigFileEdit? edit = ConfigFileEditor.Apply(path, ConfigFileFormat.NotesIni, ConfigChange.Set(null, "Debug_SSO_Trace_Level", "1"),
            _ => throw new InvalidOperationException("must not ask"));

        Assert.NotNull(edit);
        Assert.Equal(ConfigEditAction.Unchanged, edit.Action);
        Assert.Equal("debug_sso_trace_level", edit.Name);
        Assert.Null(edit.BackupPath);
        Assert.Empty(Backups(path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void ApplyingTheSameChangeTwiceWritesOnce()
    {
        string path = CopyFixture("servlets-mixed.properties", "servlets.properties");
        ConfigChange change = ConfigChange.Set(null, SametimeSettings.BuddyListServletKey, SametimeSettings.BuddyListServletClass);

        Assert.Equal(ConfigEditAction.Added, ConfigFileEditor.Apply(path, ConfigFileFormat.JavaProperties, change, Yes)!.Action);
        byte[] after = File.ReadAllBytes(path);
        Assert.Equal(ConfigEditAction.Unchanged, ConfigFileEditor.Apply(path, ConfigFileFormat.JavaProperties, change, Yes)!.Action);

        Assert.Equal(after, File.ReadAllBytes(path));
        Assert.Single(Backups(path));
    }

    [Fact]
    public void AMissingFileIsCreatedOnlyWhenAsked()
    {
        string path = Path.Combine(folder, "servlets.properties");
        ConfigChange change = ConfigChange.Set(null, SametimeSettings.BuddyListServletKey, SametimeSettings.BuddyListServletClass);

        var error = Assert.Throws<SametimeAdminException>(() => ConfigFileEditor.Apply(path, ConfigFileFormat.JavaProperties, change, Yes));
        Assert.Equal("ConfigFileNotFound", error.ErrorId);
        Assert.False(File.Exists(path));

        ConfigFileEdit? edit = ConfigFileEditor.Apply(path, ConfigFileFormat.JavaProperties, change, Yes, new ConfigEditOptions { CreateIfMissing = true, NewLine = "\r\n" });
        Assert.True(edit!.FileCreated);
        Assert.Null(edit.BackupPath);
        Assert.Equal(Encoding.ASCII.GetBytes("servlet.DWABuddyList.code=com.lotus.dwa.stbuddy.DWABuddyList\r\n"), File.ReadAllBytes(path));
    }

    [Fact]
    public void AMissingSametimeIniExplainsSametime12()
    {
        var error = Assert.Throws<SametimeAdminException>(() => ConfigFileEditor.Read(Path.Combine(folder, "sametime.ini"), ConfigFileFormat.SametimeIni));
        Assert.Equal("ConfigFileNotFound", error.ErrorId);
        Assert.Contains("STI__", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileLockedByAnotherWriterIsRefusedAndLeftAlone()
    {
        string path = CopyFixture("notes-utf8bom-lf.ini", "notes.ini");
        byte[] before = File.ReadAllBytes(path);
        using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var error = Assert.Throws<SametimeAdminException>(() =>
                ConfigFileEditor.Apply(path, ConfigFileFormat.NotesIni, ConfigChange.Set(null, "DEBUG_SSO_TRACE_LEVEL", "2"), Yes));
            Assert.Equal("FileLocked", error.ErrorId);
            Assert.Equal(FailureKind.ResourceBusy, error.Kind);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Backups(path));
    }

    [Fact]
    public void AnEditWaitsForTheLockAtMostTheGivenTime()
    {
        string path = CopyFixture("notes-utf8bom-lf.ini", "notes.ini");
        byte[] before = File.ReadAllBytes(path);
        var holding = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();

        // Another writer holds the lock (the lock is re-entrant on the thread that holds it).
        var holder = new Thread(() =>
        {
            using (AtomicFile.AcquireLock(path, TimeSpan.FromSeconds(1)))
            {
                holding.Set();
                release.Wait(TimeSpan.FromSeconds(20));
            }
        });
        holder.Start();
        holding.Wait();
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var error = Assert.Throws<SametimeAdminException>(() => ConfigFileEditor.Apply(path, ConfigFileFormat.NotesIni,
                ConfigChange.Set(null, "DEBUG_SSO_TRACE_LEVEL", "2"), Yes, new ConfigEditOptions { LockTimeout = TimeSpan.FromMilliseconds(300) }));
            Assert.Equal("FileLocked", error.ErrorId);
            Assert.InRange(watch.ElapsedMilliseconds, 250, 10_000);
        }
        finally
        {
            release.Set();
            holder.Join();
        }

        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void ConcurrentWritersLoseNoChange()
    {
        string path = CopyFixture("notes-utf8bom-lf.ini", "notes.ini");
        const int writers = 4, perWriter = 8;
        Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, w =>
        {
            for (int i = 0; i < perWriter; i++)
            {
                // The pause between planning and confirming (a person at -Confirm) lets every writer plan on the same content.
                ConfigFileEditor.Apply(path, ConfigFileFormat.NotesIni, ConfigChange.Set(null, $"LAB_WRITER{w}_KEY{i}", "1"), _ =>
                {
                    Thread.Sleep(15);
                    return true;
                }, new ConfigEditOptions { BackupCount = writers * perWriter });
            }
        });

        ConfigDocument result = ConfigFileEditor.Read(path, ConfigFileFormat.NotesIni);
        for (int w = 0; w < writers; w++)
        {
            for (int i = 0; i < perWriter; i++)
            {
                Assert.Single(result.Find(null, $"LAB_WRITER{w}_KEY{i}"));
            }
        }

        Assert.Equal(writers * perWriter, Backups(path).Length);
    }

    [Fact]
    public void AFolderIsNotAConfigurationFile()
    {
        string path = Path.Combine(folder, "notes.ini");
        Directory.CreateDirectory(path);
        var error = Assert.Throws<SametimeAdminException>(() => ConfigFileEditor.Read(path, ConfigFileFormat.NotesIni));
        Assert.Equal("PathIsDirectory", error.ErrorId);
    }

    [Fact]
    public void RemovingFromAMissingFileFailsWithoutCreatingIt()
    {
        string path = Path.Combine(folder, "notes.ini");
        var error = Assert.Throws<SametimeAdminException>(() => ConfigFileEditor.Apply(path, ConfigFileFormat.NotesIni,
            ConfigChange.Remove(null, "DEBUG_SSO_TRACE_LEVEL"), Yes, new ConfigEditOptions { CreateIfMissing = true }));
        Assert.Equal("ConfigFileNotFound", error.ErrorId);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void ReplacingAFileKeepsItsUnixPermissions()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // File.Replace keeps the ACL on Windows; this checks the Unix mode copy.
        }

        string path = CopyFixture("notes-utf8bom-lf.ini", "notes.ini");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        ConfigFileEditor.Apply(path, ConfigFileFormat.NotesIni, ConfigChange.Set(null, "DEBUG_SSO_TRACE_LEVEL", "2"), Yes);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
    }
}
