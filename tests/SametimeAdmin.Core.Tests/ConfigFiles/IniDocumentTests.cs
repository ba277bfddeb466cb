using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using Xunit;

namespace SametimeAdmin.Tests.ConfigFiles;

public class IniDocumentTests
{
    private static ConfigDocument Read(string fixture, ConfigFileFormat format) =>
        ConfigDocument.Parse(File.ReadAllBytes(Fixtures.PathOf("configfiles", fixture)), format, fixture, "\n");

    private static ConfigDocument FromText(string text, ConfigFileFormat format) =>
        ConfigDocument.Parse(Encoding.UTF8.GetBytes(text), format, "test", "\n");

    private static string TextOf(ConfigDocument document) => Encoding.UTF8.GetString(document.Text.ToBytes());

    [Fact]
    public void SametimeIniSettingsBelongToTheirSection()
    {
        ConfigDocument document = Read("sametime-1252-crlf-nofinal.ini", ConfigFileFormat.SametimeIni);

        ConfigEntry entry = Assert.Single(document.Find("Directory", "DirectoryType"));
        Assert.Equal("LDAP", entry.Value);
        Assert.Equal(11, entry.LineNumber);
        Assert.Empty(document.Find("Config", "DirectoryType"));
        Assert.Equal("-Xgcpolicy:gencon -Xmx1792m -Xcompactgc", Assert.Single(document.Find("stpresencesubmgr", "JVM_ARGS")).Value);
        Assert.Equal(11, document.Entries.Count);
    }

    [Fact]
    public void AMissingSectionIsCreatedAtTheEnd()
    {
        byte[] original = File.ReadAllBytes(Fixtures.PathOf("configfiles", "sametime-1252-crlf-nofinal.ini"));
        ConfigDocument document = ConfigDocument.Parse(original, ConfigFileFormat.SametimeIni, "sametime.ini", "\n");

        ConfigEditOutcome outcome = document.Set("AuthToken", "ST_TOKEN_TYPE", "LtpaToken2");

        Assert.Equal(ConfigEditAction.Added, outcome.Action);
        Assert.Equal(18, outcome.LineNumber);
        // The file had no final line ending: the old last line gets CRLF, the new last line has none.
        byte[] expected = [.. original, .. Encoding.ASCII.GetBytes("\r\n[AuthToken]\r\nST_TOKEN_TYPE=LtpaToken2")];
        Assert.Equal(expected, document.Text.ToBytes());
    }

    [Theory]
    // Sections separated by one empty line, CRLF, with and without a final line ending.
    [InlineData("[Config]\r\nST_COMMUNITY_ID=sametime\r\n\r\n[Debug]\r\nUCM_DEBUG=0\r\n", "[Config]\r\nST_COMMUNITY_ID=sametime\r\n\r\n[Debug]\r\nUCM_DEBUG=0\r\n\r\n[AuthToken]\r\nST_TOKEN_TYPE=LtpaToken2\r\n")]
    [InlineData("[Config]\r\nST_COMMUNITY_ID=sametime\r\n\r\n[Debug]\r\nUCM_DEBUG=0", "[Config]\r\nST_COMMUNITY_ID=sametime\r\n\r\n[Debug]\r\nUCM_DEBUG=0\r\n\r\n[AuthToken]\r\nST_TOKEN_TYPE=LtpaToken2")]
    // The blank line already at the end of the file is the separation.
    [InlineData("[Config]\nA=1\n\n[Debug]\nB=2\n\n", "[Config]\nA=1\n\n[Debug]\nB=2\n\n[AuthToken]\nST_TOKEN_TYPE=LtpaToken2\n")]
    // Two empty lines between sections, most of the time.
    [InlineData("; sametime.ini\n[Config]\nA=1\n\n\n[Debug]\nB=2\n\n\n[Directory]\nC=3\n[Other]\nD=4\n", "; sametime.ini\n[Config]\nA=1\n\n\n[Debug]\nB=2\n\n\n[Directory]\nC=3\n[Other]\nD=4\n\n\n[AuthToken]\nST_TOKEN_TYPE=LtpaToken2\n")]
    // A comment above a header belongs to that section: the empty line above the comment separates.
    [InlineData("[Config]\nA=1\n\n; debugging\n[Debug]\nB=2\n", "[Config]\nA=1\n\n; debugging\n[Debug]\nB=2\n\n[AuthToken]\nST_TOKEN_TYPE=LtpaToken2\n")]
    // One section only: one empty line, as in a typical sametime.ini.
    [InlineData("[Config]\nA=1\n", "[Config]\nA=1\n\n[AuthToken]\nST_TOKEN_TYPE=LtpaToken2\n")]
    // Nothing but blank lines before: nothing to separate from.
    [InlineData("\n", "\n[AuthToken]\nST_TOKEN_TYPE=LtpaToken2\n")]
    public void ANewSectionIsSeparatedAsTheFileSeparatesItsSections(string before, string after)
    {
        ConfigDocument document = FromText(before, ConfigFileFormat.SametimeIni);

        ConfigEditOutcome outcome = document.Set("AuthToken", "ST_TOKEN_TYPE", "LtpaToken2");

        Assert.Equal(ConfigEditAction.Added, outcome.Action);
        Assert.Equal(after, TextOf(document));
        Assert.Equal(after.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Length - (after.EndsWith('\n') ? 1 : 0), outcome.LineNumber);
        Assert.Equal("LtpaToken2", Assert.Single(document.Find("AuthToken", "ST_TOKEN_TYPE")).Value);
    }

    [Fact]
    public void ANewFileGetsTheSectionWithoutABlankLine()
    {
        ConfigDocument document = ConfigDocument.CreateEmpty(ConfigFileFormat.SametimeIni, "\r\n");
        document.Set("AuthToken", "ST_TOKEN_TYPE", "LtpaToken2");
        Assert.Equal("[AuthToken]\r\nST_TOKEN_TYPE=LtpaToken2\r\n", TextOf(document));
    }

    [Fact]
    public void ANewSettingGoesAfterTheLastSettingOfItsSectionBeforeCommentsAndBlankLines()
    {
        ConfigDocument document = FromText("[Config]\nA=1\n\n; about Debug\n[Debug]\nB=2\n", ConfigFileFormat.SametimeIni);
        document.Set("config", "NEW", "x");
        Assert.Equal("[Config]\nA=1\nNEW=x\n\n; about Debug\n[Debug]\nB=2\n", TextOf(document));
    }

    [Fact]
    public void ASettingOfAnEmptySectionGoesRightAfterItsHeader()
    {
        ConfigDocument document = FromText("[AuthToken]\n\n[Debug]\nB=2\n", ConfigFileFormat.SametimeIni);
        document.Set("AuthToken", "ST_TOKEN_TYPE", "LtpaToken");
        Assert.Equal("[AuthToken]\nST_TOKEN_TYPE=LtpaToken\n\n[Debug]\nB=2\n", TextOf(document));
    }

    [Fact]
    public void NamesMatchCaseInsensitivelyAndTheFilesSpellingAndSpacingStay()
    {
        ConfigDocument document = Read("notes-utf8bom-lf.ini", ConfigFileFormat.NotesIni);

        ConfigEditOutcome outcome = document.Set(null, "DEBUG_SSO_TRACE_LEVEL", "2");

        Assert.Equal(ConfigEditAction.Updated, outcome.Action);
        Assert.Equal("1", outcome.PreviousValue);
        Assert.Equal("debug_sso_trace_level", outcome.NameInFile);
        Assert.Contains("\ndebug_sso_trace_level=2\n", TextOf(document), StringComparison.Ordinal);

        ConfigDocument spaced = FromText("[AuthToken]\n  St_Token_Type = LtpaToken   \n", ConfigFileFormat.SametimeIni);
        spaced.Set("AUTHTOKEN", "ST_TOKEN_TYPE", "LtpaToken2");
        Assert.Equal("[AuthToken]\n  St_Token_Type = LtpaToken2\n", TextOf(spaced));
    }

    [Fact]
    public void NotesIniIsOneFlatListAndNewNamesFollowTheLastSetting()
    {
        ConfigDocument document = Read("notes-utf8bom-lf.ini", ConfigFileFormat.NotesIni);
        Assert.All(document.Entries, e => Assert.Null(e.Section));

        document.Set(null, "WebSess_Verbose_Trace", "1");

        string text = TextOf(document);
        Assert.EndsWith("Log=log.nsf, 1, 0, 7, 40000\nWebSess_Verbose_Trace=1\n\n", text, StringComparison.Ordinal);
        Assert.StartsWith("\uFEFF[Notes]\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingTheSameValueAgainChangesNothing()
    {
        ConfigDocument document = Read("sametime-1252-crlf-nofinal.ini", ConfigFileFormat.SametimeIni);
        ConfigEditOutcome outcome = document.Set("Directory", "directorytype", "LDAP");
        Assert.Equal(ConfigEditAction.Unchanged, outcome.Action);
        Assert.False(document.Text.IsModified);
    }

    [Fact]
    public void DuplicatesAreAllSetAndAllRemoved()
    {
        ConfigDocument document = FromText("[Notes]\nDEBUG_SSO_TRACE_LEVEL=1\nX=1\ndebug_sso_trace_level=2\n", ConfigFileFormat.NotesIni);

        ConfigEditOutcome set = document.Set(null, "DEBUG_SSO_TRACE_LEVEL", "2");
        Assert.Equal(2, set.Occurrences);
        Assert.Equal("[Notes]\nDEBUG_SSO_TRACE_LEVEL=2\nX=1\ndebug_sso_trace_level=2\n", TextOf(document));

        ConfigEditOutcome removed = document.Remove(null, "Debug_SSO_Trace_Level");
        Assert.Equal(ConfigEditAction.Removed, removed.Action);
        Assert.Equal(2, removed.Occurrences);
        Assert.Equal("[Notes]\nX=1\n", TextOf(document));
    }

    [Fact]
    public void RemovingAnAbsentSettingChangesNothing()
    {
        ConfigDocument document = Read("notes-utf8bom-lf.ini", ConfigFileFormat.NotesIni);
        Assert.Equal(ConfigEditAction.NotPresent, document.Remove(null, "NOT_THERE").Action);
        Assert.False(document.Text.IsModified);
    }

    [Fact]
    public void CommentsUnknownLinesAndHeadersAreNeverSettings()
    {
        ConfigDocument document = FromText("; A=1\n# B=2\njust text\n=novalue\n[Sec]\nC=3\n", ConfigFileFormat.SametimeIni);
        ConfigEntry only = Assert.Single(document.Entries);
        Assert.Equal("C", only.Name);
        document.Set("Sec", "A", "9");
        Assert.Equal("; A=1\n# B=2\njust text\n=novalue\n[Sec]\nC=3\nA=9\n", TextOf(document));
    }

    [Theory]
    [InlineData(null, "ST_TOKEN_TYPE", "x", "SectionRequired")]
    [InlineData("Auth]Token", "ST_TOKEN_TYPE", "x", "InvalidSectionName")]
    [InlineData(" AuthToken", "ST_TOKEN_TYPE", "x", "InvalidSectionName")]
    [InlineData("AuthToken", "ST=TOKEN", "x", "InvalidSettingName")]
    [InlineData("AuthToken", "[ST_TOKEN_TYPE", "x", "InvalidSettingName")]
    [InlineData("AuthToken", ";ST_TOKEN_TYPE", "x", "InvalidSettingName")]
    [InlineData("AuthToken", " ST_TOKEN_TYPE", "x", "InvalidSettingName")]
    [InlineData("AuthToken", "", "x", "InvalidSettingName")]
    [InlineData("AuthToken", "ST_TOKEN_TYPE", "two\nlines", "InvalidSettingValue")]
    [InlineData("AuthToken", "ST_TOKEN_TYPE", "bad\uFFFEchar", "InvalidSettingValue")]
    [InlineData("AuthToken", "ST_TOKEN_TYPE", " padded", "InvalidSettingValue")]
    public void BadSametimeIniInputIsRefusedAndChangesNothing(string? section, string name, string value, string errorId)
    {
        ConfigDocument document = Read("sametime-1252-crlf-nofinal.ini", ConfigFileFormat.SametimeIni);
        var error = Assert.Throws<SametimeAdminException>(() => document.Set(section, name, value));
        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.False(document.Text.IsModified);
    }

    [Fact]
    public void NotesIniRefusesASectionAndControlCharacters()
    {
        ConfigDocument document = Read("notes-utf8bom-lf.ini", ConfigFileFormat.NotesIni);
        Assert.Equal("SectionNotSupported", Assert.Throws<SametimeAdminException>(() => document.Set("Notes", "X", "1")).ErrorId);
        Assert.Equal("InvalidSettingValue", Assert.Throws<SametimeAdminException>(() => document.Set(null, "X", "a\rb")).ErrorId);
        Assert.False(document.Text.IsModified);
    }
}
