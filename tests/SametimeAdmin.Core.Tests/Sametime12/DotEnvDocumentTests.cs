using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using SametimeAdmin.Sametime12;
using Xunit;

namespace SametimeAdmin.Tests.Sametime12;

public class DotEnvDocumentTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Fixtures.PathOf("sametime12", "docker", name));

    private static byte[] Edit(byte[] original, string name, string value)
    {
        DotEnvDocument document = DotEnvDocument.Parse(original, "test.env");
        document.Set(null, name, value);
        return document.Text.ToBytes();
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    [Fact]
    public void ComposeReadsTheLastOfDuplicatedNames()
    {
        DotEnvDocument env = DotEnvDocument.Parse(Fixture(".env"), ".env");
        DotEnvDocument custom = DotEnvDocument.Parse(Fixture("custom.env"), "custom.env");

        Assert.Equal("true", env.Value("ENABLE_LTPA"));
        Assert.Equal(11, env.Last("ENABLE_LTPA")!.LineNumber);
        Assert.Equal("Fork:Jwt", custom.Value("STI__ST_BB_NAMES__ST_AUTH_TOKEN"));
        Assert.Single(env.Effective(), e => e.Name == "ENABLE_LTPA");
    }

    [Fact]
    public void QuotesInlineCommentsAndExportPrefixesAreReadAsComposeDoes()
    {
        DotEnvDocument env = DotEnvDocument.Parse(Fixture(".env"), ".env");
        DotEnvDocument custom = DotEnvDocument.Parse(Fixture("custom.env"), "custom.env");

        Assert.Equal("Lab-Ltpa-Passw0rd", env.Value("LTPA_KEYS_PASSWORD"));
        Assert.Equal("30", env.Value("LTPA_DURATION_MINUTES"));
        Assert.Equal("defaultRealm", env.Value("LTPA_REALM"));
        Assert.Equal("c2VjcmV0LWp3dC1sYWI=", env.Value("JWT_SECRET"));
        Assert.Equal("frame-ancestors 'self'; default-src 'self'", custom.Value("CONTENT_SECURITY_POLICY"));
        Assert.Null(env.Value("# Sametime 12 install folder .env (Docker Compose project variables)"));
        Assert.Equal(10, env.Entries.Count);
    }

    [Fact]
    public void EveryDuplicateGetsTheNewValueAndNothingElseChanges()
    {
        byte[] original = Fixture(".env");
        string text = Encoding.UTF8.GetString(original);

        byte[] edited = Edit(original, "ENABLE_LTPA", "yes");

        Assert.Equal(Ascii(text.Replace("ENABLE_LTPA=false\n", "ENABLE_LTPA=yes\n").Replace("ENABLE_LTPA=true\n", "ENABLE_LTPA=yes\n")), edited);
    }

    [Fact]
    public void AnInlineCommentAndItsSpacingStay()
    {
        byte[] original = Fixture(".env");
        string text = Encoding.UTF8.GetString(original);

        Assert.Equal(Ascii(text.Replace("LTPA_DURATION_MINUTES=30  # must", "LTPA_DURATION_MINUTES=120  # must")),
            Edit(original, "LTPA_DURATION_MINUTES", "120"));
    }

    [Fact]
    public void SingleQuotesAndTheExportPrefixStay()
    {
        byte[] original = Fixture(".env");
        string text = Encoding.UTF8.GetString(original);

        Assert.Equal(Ascii(text.Replace("LTPA_KEYS_PASSWORD='Lab-Ltpa-Passw0rd'", "LTPA_KEYS_PASSWORD='New pass #1'")),
            Edit(original, "LTPA_KEYS_PASSWORD", "New pass #1"));
        Assert.Equal(Ascii(text.Replace("export LTPA_REALM=defaultRealm", "export LTPA_REALM=lab.example.com")),
            Edit(original, "LTPA_REALM", "lab.example.com"));
    }

    [Fact]
    public void CrlfAndDoubleQuotesStayAndOnlyTheDuplicatesChange()
    {
        byte[] original = Fixture("custom.env");
        string text = Encoding.UTF8.GetString(original);

        byte[] edited = Edit(original, "CONTENT_SECURITY_POLICY", "frame-ancestors 'self' https://mail.lab.example.com; default-src 'self'");
        Assert.Equal(Ascii(text.Replace("CONTENT_SECURITY_POLICY=\"frame-ancestors 'self'; default-src 'self'\"\r\n",
            "CONTENT_SECURITY_POLICY=\"frame-ancestors 'self' https://mail.lab.example.com; default-src 'self'\"\r\n")), edited);

        byte[] token = Edit(original, "STI__ST_BB_NAMES__ST_AUTH_TOKEN", "Fork:Jwt,Ltpa");
        Assert.Equal(Ascii(text.Replace("STI__ST_BB_NAMES__ST_AUTH_TOKEN=Fork:Jwt\r\n", "STI__ST_BB_NAMES__ST_AUTH_TOKEN=Fork:Jwt,Ltpa\r\n")), token);
    }

    [Fact]
    public void ANewSettingIsAppendedAfterTheLastOneWithTheFilesLineEnding()
    {
        byte[] original = Fixture("custom.env");

        byte[] edited = Edit(original, "CORS_ALLOWED_ORIGINS", "https://mail.lab.example.com");

        Assert.Equal([.. original, .. Ascii("CORS_ALLOWED_ORIGINS=https://mail.lab.example.com\r\n")], edited);
    }

    [Fact]
    public void AFileWithoutFinalLineEndKeepsThatShapeAndItsByteOrderMark()
    {
        byte[] original = [0xEF, 0xBB, 0xBF, .. Ascii("# env\nA=1")];

        byte[] edited = Edit(original, "B", "two words");

        Assert.Equal([0xEF, 0xBB, 0xBF, .. Ascii("# env\nA=1\nB=two words")], edited);
    }

    [Fact]
    public void ValuesComposeWouldReadDifferentlyAreQuoted()
    {
        Assert.Equal(Ascii("A='x #y'\n"), Edit(Ascii("A=1\n"), "A", "x #y"));
        Assert.Equal(Ascii("A='$HOME'\n"), Edit(Ascii("A=1\n"), "A", "$HOME"));
        Assert.Equal(Ascii("A=\"it's \\$5\"\n"), Edit(Ascii("A=1\n"), "A", "it's $5"));
        Assert.Equal("x #y", DotEnvDocument.Parse(Edit(Ascii("A=1\n"), "A", "x #y"), "t").Value("A"));
        Assert.Equal("it's $5", DotEnvDocument.Parse(Edit(Ascii("A=1\n"), "A", "it's $5"), "t").Value("A"));
    }

    [Fact]
    public void SettingTheSameValueChangesNothing()
    {
        DotEnvDocument document = DotEnvDocument.Parse(Fixture(".env"), ".env");

        ConfigEditOutcome outcome = document.Set(null, "LTPA_KEYS", "/ltpa-config/ltpa.keys");

        Assert.Equal(ConfigEditAction.Unchanged, outcome.Action);
        Assert.False(document.Text.IsModified);
    }

    [Fact]
    public void BadNamesAndMultiLineValuesAreRefused()
    {
        DotEnvDocument document = DotEnvDocument.Parse(Ascii("A=1\n"), "t");

        Assert.Equal("InvalidEnvVariableName", Assert.Throws<SametimeAdminException>(() => document.Set(null, "1BAD", "x")).ErrorId);
        Assert.Equal("InvalidSettingValue", Assert.Throws<SametimeAdminException>(() => document.Set(null, "A", "x\ny")).ErrorId);
        Assert.False(document.Text.IsModified);
    }
}
