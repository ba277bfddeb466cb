using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using Xunit;

namespace SametimeAdmin.Tests.ConfigFiles;

public class ConfigFileTextTests
{
    // Text with characters that Windows-1252 stores in its 0x80-0x9F block (€ – “ ”) and in the Latin-1 half (ü é).
    private static readonly string[] BaseLines =
    [
        "[Config]",
        "ST_COMMUNITY_ID=sametime",
        "; Büro café – “quoted” costs 5 €",
        "",
        "[AuthToken]",
        "ST_TOKEN_TYPE=LtpaToken",
        "[Directory]",
        "DirectoryType=LDAP",
    ];

    public static TheoryData<string, string, bool> Variants()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (string encoding in new[] { "utf8", "utf8bom", "1252" })
        {
            foreach (string newLine in new[] { "\r\n", "\n" })
            {
                data.Add(encoding, newLine, true);
                data.Add(encoding, newLine, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void NoOpRoundTripGivesIdenticalBytes(string encoding, string newLine, bool finalNewLine)
    {
        byte[] original = Build(BaseLines, encoding, newLine, finalNewLine);
        ConfigDocument document = ConfigDocument.Parse(original, ConfigFileFormat.SametimeIni, "sametime.ini", "\n");

        Assert.Equal(original, document.Text.ToBytes());
        Assert.False(document.Text.IsModified);
        Assert.Equal(encoding switch { "utf8" => ConfigFileEncoding.Utf8, "utf8bom" => ConfigFileEncoding.Utf8Bom, _ => ConfigFileEncoding.Windows1252 }, document.Text.Encoding);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void SettingAValueChangesOnlyThatLine(string encoding, string newLine, bool finalNewLine)
    {
        string[] expected = (string[])BaseLines.Clone();
        expected[5] = "ST_TOKEN_TYPE=LtpaToken2";
        AssertEdit(encoding, newLine, finalNewLine, d => d.Set("AuthToken", "ST_TOKEN_TYPE", "LtpaToken2"), expected);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void AddingToTheLastSectionKeepsTheFileShape(string encoding, string newLine, bool finalNewLine) =>
        AssertEdit(encoding, newLine, finalNewLine, d => d.Set("Directory", "ST_DB_LDAP_ALLOW_SEARCH_ON_DN", "1"), [.. BaseLines, "ST_DB_LDAP_ALLOW_SEARCH_ON_DN=1"]);

    [Theory]
    [MemberData(nameof(Variants))]
    public void ANewValueWithNonAsciiTextIsWrittenInTheFilesEncoding(string encoding, string newLine, bool finalNewLine)
    {
        string[] expected = (string[])BaseLines.Clone();
        expected[1] = "ST_COMMUNITY_ID=Zürich–€";
        AssertEdit(encoding, newLine, finalNewLine, d => d.Set("Config", "ST_COMMUNITY_ID", "Zürich–€"), expected);
    }

    /// <summary>Edits <see cref="BaseLines"/> in the given encoding and shape and compares with independently encoded expected lines.</summary>
    private static void AssertEdit(string encoding, string newLine, bool finalNewLine, Action<ConfigDocument> edit, string[] expectedLines)
    {
        byte[] original = Build(BaseLines, encoding, newLine, finalNewLine);
        ConfigDocument document = ConfigDocument.Parse(original, ConfigFileFormat.SametimeIni, "sametime.ini", "\n");
        edit(document);
        Assert.Equal(Build(expectedLines, encoding, newLine, finalNewLine), document.Text.ToBytes());
    }

    [Fact]
    public void OurWindows1252TableAgreesWithTheDotNetCodePage()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Encoding reference = Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback);
        for (int b = 0; b < 256; b++)
        {
            if (b is 0 or 0x0A or 0x0D)
            {
                continue; // NUL is refused; line breaks split lines
            }

            byte[] bytes = [(byte)'x', (byte)b, 0xFF]; // 0xFF makes the file invalid UTF-8, so it is read as 1252
            ConfigFileText text = ConfigFileText.Parse(bytes, "t.ini", "\n");
            Assert.Equal(ConfigFileEncoding.Windows1252, text.Encoding);
            string expected = reference.GetString(bytes);
            if (expected.Contains('\uFFFD'))
            {
                // The five bytes 1252 leaves undefined: we keep them as the C1 control of the same value.
                Assert.Equal("x" + (char)b + "ÿ", text[0]);
            }
            else
            {
                Assert.Equal(expected, text[0]);
            }

            Assert.Equal(bytes, text.ToBytes());
        }
    }

    [Fact]
    public void MixedLineEndingsAndALoneCarriageReturnSurviveAnEdit()
    {
        byte[] original = Encoding.ASCII.GetBytes("[Notes]\r\nA=1\nB=2\rC=3\r\nD=4");
        ConfigDocument document = ConfigDocument.Parse(original, ConfigFileFormat.NotesIni, "notes.ini", "\n");
        Assert.Equal(original, document.Text.ToBytes());

        document.Set(null, "B", "two");
        Assert.Equal(Encoding.ASCII.GetBytes("[Notes]\r\nA=1\nB=two\rC=3\r\nD=4"), document.Text.ToBytes());

        document.Set(null, "E", "5");
        Assert.Equal(Encoding.ASCII.GetBytes("[Notes]\r\nA=1\nB=two\rC=3\r\nD=4\r\nE=5"), document.Text.ToBytes());
    }

    [Fact]
    public void NewLinesUseTheEndingMostLinesUse()
    {
        byte[] original = Encoding.ASCII.GetBytes("[Notes]\nA=1\r\nB=2\r\nC=3\r\n");
        ConfigDocument document = ConfigDocument.Parse(original, ConfigFileFormat.NotesIni, "notes.ini", "\n");
        Assert.Equal("\r\n", document.Text.NewLine);
        document.Set(null, "D", "4");
        Assert.Equal(Encoding.ASCII.GetBytes("[Notes]\nA=1\r\nB=2\r\nC=3\r\nD=4\r\n"), document.Text.ToBytes());
    }

    [Fact]
    public void RemovingTheUnterminatedLastLineKeepsTheFileUnterminated()
    {
        byte[] original = Encoding.ASCII.GetBytes("[Notes]\r\nA=1\r\nB=2");
        ConfigDocument document = ConfigDocument.Parse(original, ConfigFileFormat.NotesIni, "notes.ini", "\n");
        document.Remove(null, "B");
        Assert.Equal(Encoding.ASCII.GetBytes("[Notes]\r\nA=1"), document.Text.ToBytes());
    }

    [Fact]
    public void AStrayInvalidByteOutsideTheEditedLineIsKept()
    {
        // 0x81 is undefined in 1252 and invalid in UTF-8: the file is read as 1252 and the byte is written back as it was.
        byte[] original = [.. Encoding.ASCII.GetBytes("[Notes]\nX=a"), 0x81, .. Encoding.ASCII.GetBytes("b\nY=1\n")];
        ConfigDocument document = ConfigDocument.Parse(original, ConfigFileFormat.NotesIni, "notes.ini", "\n");
        document.Set(null, "Y", "2");
        Assert.Equal([.. Encoding.ASCII.GetBytes("[Notes]\nX=a"), 0x81, .. Encoding.ASCII.GetBytes("b\nY=2\n")], document.Text.ToBytes());
    }

    [Fact]
    public void ACharacterWindows1252CannotStoreIsRefusedNamingIt()
    {
        byte[] original = Build(BaseLines, "1252", "\r\n", true);
        ConfigDocument document = ConfigDocument.Parse(original, ConfigFileFormat.SametimeIni, "sametime.ini", "\n");
        var error = Assert.Throws<SametimeAdminException>(() => document.Set("Config", "ST_COMMUNITY_ID", "Łódź"));
        Assert.Equal("CharacterNotRepresentable", error.ErrorId);
        Assert.Contains("U+0141", error.Message, StringComparison.Ordinal);
        Assert.Equal(original, document.Text.ToBytes());
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'A', 0 })]
    [InlineData(new byte[] { 0xFE, 0xFF, 0, (byte)'A' })]
    [InlineData(new byte[] { (byte)'A', 0, (byte)'=', 0 })]
    public void Utf16AndBinaryFilesAreRefused(byte[] bytes)
    {
        var error = Assert.Throws<SametimeAdminException>(() => ConfigDocument.Parse(bytes, ConfigFileFormat.NotesIni, "notes.ini", "\n"));
        Assert.Equal("UnsupportedFileEncoding", error.ErrorId);
        Assert.Contains("notes.ini", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sametime-1252-crlf-nofinal.ini", ConfigFileFormat.SametimeIni, ConfigFileEncoding.Windows1252)]
    [InlineData("notes-utf8bom-lf.ini", ConfigFileFormat.NotesIni, ConfigFileEncoding.Utf8Bom)]
    [InlineData("servlets-mixed.properties", ConfigFileFormat.JavaProperties, ConfigFileEncoding.Utf8)]
    public void FixtureFilesRoundTripByteForByte(string name, ConfigFileFormat format, ConfigFileEncoding encoding)
    {
        byte[] original = File.ReadAllBytes(Fixtures.PathOf("configfiles", name));
        ConfigDocument document = ConfigDocument.Parse(original, format, name, "\n");
        Assert.Equal(encoding, document.Text.Encoding);
        Assert.Equal(original, document.Text.ToBytes());
    }

    /// <summary>Independent encoder for the expected bytes: .NET's own UTF-8 and code page 1252.</summary>
    internal static byte[] Build(IEnumerable<string> lines, string encoding, string newLine, bool finalNewLine)
    {
        string text = string.Join(newLine, lines) + (finalNewLine ? newLine : string.Empty);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return encoding switch
        {
            "utf8" => new UTF8Encoding(false).GetBytes(text),
            "utf8bom" => [0xEF, 0xBB, 0xBF, .. new UTF8Encoding(false).GetBytes(text)],
            _ => Encoding.GetEncoding(1252).GetBytes(text),
        };
    }
}
