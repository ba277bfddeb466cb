using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using Xunit;

namespace SametimeAdmin.Tests.ConfigFiles;

public class PropertiesDocumentTests
{
    private static ConfigDocument Fixture() =>
        ConfigDocument.Parse(File.ReadAllBytes(Fixtures.PathOf("configfiles", "servlets-mixed.properties")), ConfigFileFormat.JavaProperties, "servlets.properties", "\n");

    private static ConfigDocument FromText(string text) =>
        ConfigDocument.Parse(Encoding.UTF8.GetBytes(text), ConfigFileFormat.JavaProperties, "test.properties", "\n");

    private static string TextOf(ConfigDocument document) => Encoding.UTF8.GetString(document.Text.ToBytes());

    [Fact]
    public void ParsesAsJavaUtilPropertiesDoes()
    {
        // Expected values follow the java.util.Properties.load rules for the fixture's lines.
        ConfigDocument document = Fixture();
        Assert.Collection(document.Entries,
            e =>
            {
                Assert.Equal("servlets.startup", e.Name);
                Assert.Equal("Hello World", e.Value);
                Assert.Equal(2, e.LineNumber);
            },
            e =>
            {
                Assert.Equal("servlet.Hello.code", e.Name);
                Assert.Equal("com.example.HelloServlet", e.Value);
            },
            e =>
            {
                Assert.Equal("servlet.World.code", e.Name);
                Assert.Equal("com.example.World\u00e9", e.Value);
                Assert.Equal(6, e.LineNumber);
            });
    }

    [Fact]
    public void AddsTheBuddyListServletAfterTheLastSetting()
    {
        byte[] original = File.ReadAllBytes(Fixtures.PathOf("configfiles", "servlets-mixed.properties"));
        ConfigDocument document = ConfigDocument.Parse(original, ConfigFileFormat.JavaProperties, "servlets.properties", "\n");

        ConfigEditOutcome outcome = document.Set(null, "servlet.DWABuddyList.code", "com.lotus.dwa.stbuddy.DWABuddyList");

        Assert.Equal(ConfigEditAction.Added, outcome.Action);
        // The fixture has 2 CRLF and 4 LF line endings: the new line gets LF.
        Assert.Equal([.. original, .. Encoding.ASCII.GetBytes("servlet.DWABuddyList.code=com.lotus.dwa.stbuddy.DWABuddyList\n")], document.Text.ToBytes());
        Assert.Equal(ConfigEditAction.Unchanged, document.Set(null, "servlet.DWABuddyList.code", "com.lotus.dwa.stbuddy.DWABuddyList").Action);
    }

    [Fact]
    public void ReplacingAValueKeepsTheKeyAndSeparatorAsWritten()
    {
        ConfigDocument document = Fixture();
        document.Set(null, "servlet.Hello.code", "com.example.Other");
        Assert.Contains("\nservlet.Hello.code = com.example.Other\n", TextOf(document), StringComparison.Ordinal);

        document.Set(null, "servlet.World.code", "x");
        Assert.Contains("\nservlet.World.code:x\n", TextOf(document), StringComparison.Ordinal);
    }

    [Fact]
    public void AContinuedSettingIsRewrittenOnOneLine()
    {
        ConfigDocument document = Fixture();
        document.Set(null, "servlets.startup", "DWABuddyList");
        Assert.StartsWith("# Domino servlet manager configuration\r\nservlets.startup=DWABuddyList\r\nservlet.Hello.code", TextOf(document), StringComparison.Ordinal);
    }

    [Fact]
    public void KeysAreCaseSensitive()
    {
        ConfigDocument document = FromText("servlet.dwabuddylist.code=a\n");
        Assert.Empty(document.Find(null, "servlet.DWABuddyList.code"));
        document.Set(null, "servlet.DWABuddyList.code", "b");
        Assert.Equal("servlet.dwabuddylist.code=a\nservlet.DWABuddyList.code=b\n", TextOf(document));
    }

    [Fact]
    public void SpecialCharactersAreEscapedTheJavaWay()
    {
        ConfigDocument document = FromText("# only a comment\n");
        document.Set(null, "my key", " lead=x:y#z!\\\u00e9\t");
        // java.util.Properties.store writes exactly this for the pair above.
        Assert.Equal("# only a comment\nmy\\ key=\\ lead\\=x\\:y\\#z\\!\\\\\\u00E9\\t\n", TextOf(document));
        Assert.Equal(" lead=x:y#z!\\\u00e9\t", Assert.Single(document.Entries).Value);
    }

    [Fact]
    public void KeyOnlyAndSpaceSeparatedLinesAreUnderstood()
    {
        ConfigDocument document = FromText("alone\nspaced   value here\n");
        Assert.Equal(string.Empty, document.Entries[0].Value);
        Assert.Equal("value here", document.Entries[1].Value);
        document.Set(null, "alone", "now");
        Assert.Equal("alone=now\nspaced   value here\n", TextOf(document));
    }

    [Fact]
    public void AMalformedUnicodeEscapeIsReportedWithItsLine()
    {
        ConfigDocument document = FromText("# servlets\nservlet.X.code=com.example.\\u00G1\n");
        var error = Assert.Throws<SametimeAdminException>(() => document.Entries);
        Assert.Equal("InvalidPropertiesFile", error.ErrorId);
        Assert.Contains("Line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASectionIsRefused()
    {
        ConfigDocument document = Fixture();
        var error = Assert.Throws<SametimeAdminException>(() => document.Set("Servlets", "a", "b"));
        Assert.Equal("SectionNotSupported", error.ErrorId);
        Assert.Equal("InvalidSettingName", Assert.Throws<SametimeAdminException>(() => document.Set(null, "", "b")).ErrorId);
        Assert.False(document.Text.IsModified);
    }
}
