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

    // What java.util.Properties.load reads back from the written text.
    private static JavaProperties AsJavaReadsIt(ConfigDocument document) => JavaProperties.Parse(TextOf(document));

    [Theory]
    [InlineData("servlets.startup=Hello\\\n", "servlets.startup=Hello\\\n\nservlet.DWABuddyList.code=com.lotus.dwa.stbuddy.DWABuddyList\n")]
    [InlineData("servlets.startup=Hello\\", "servlets.startup=Hello\\\n\nservlet.DWABuddyList.code=com.lotus.dwa.stbuddy.DWABuddyList")]
    [InlineData("servlets.startup=Hello\\\r\n\r\n", "servlets.startup=Hello\\\r\n\r\nservlet.DWABuddyList.code=com.lotus.dwa.stbuddy.DWABuddyList\r\n")]
    [InlineData("servlets.startup=Hello\\\n   \n# end\n", "servlets.startup=Hello\\\n   \nservlet.DWABuddyList.code=com.lotus.dwa.stbuddy.DWABuddyList\n# end\n")]
    public void ASettingAddedAfterADanglingContinuationIsASettingOfItsOwn(string before, string after)
    {
        // A last line ending in one backslash continues into nothing (Java drops the backslash); a line written right
        // after it would become part of that value.
        ConfigDocument document = FromText(before);

        ConfigEditOutcome outcome = document.Set(null, "servlet.DWABuddyList.code", "com.lotus.dwa.stbuddy.DWABuddyList");

        Assert.Equal(ConfigEditAction.Added, outcome.Action);
        Assert.Equal(after, TextOf(document));
        JavaProperties java = AsJavaReadsIt(document);
        Assert.Equal("Hello", java["servlets.startup"]);
        Assert.Equal("com.lotus.dwa.stbuddy.DWABuddyList", java["servlet.DWABuddyList.code"]);
        Assert.Equal(java.Count, document.Entries.Count);
        Assert.Equal("com.lotus.dwa.stbuddy.DWABuddyList", Assert.Single(document.Find(null, "servlet.DWABuddyList.code")).Value);
    }

    [Fact]
    public void AnEvenNumberOfTrailingBackslashesIsNoContinuation()
    {
        ConfigDocument document = FromText("dir=c:\\\\\n");
        document.Set(null, "b", "2");
        Assert.Equal("dir=c:\\\\\nb=2\n", TextOf(document));
        Assert.Equal("c:\\", AsJavaReadsIt(document)["dir"]);
    }

    [Theory]
    [InlineData("servlet.Hello.\\\n    code=com.example.Old\nnext=1\n", "servlet.Hello.code=com.example.New\nnext=1\n")]
    [InlineData("  servlet.Hello.code\\\n   = com.example.\\\n     Old\nnext=1\n", "  servlet.Hello.code= com.example.New\nnext=1\n")]
    [InlineData("servlet.Hello.code \\\n\tcom.example.Old\nnext=1\n", "servlet.Hello.code com.example.New\nnext=1\n")]
    [InlineData("servlet.Hello.code=com.example.Old\\\n\nnext=1\n", "servlet.Hello.code=com.example.New\n\nnext=1\n")]
    public void AKeyOrSeparatorOnAContinuationLineStaysTheSameKey(string before, string after)
    {
        ConfigDocument document = FromText(before);
        Assert.Equal("com.example.Old", Assert.Single(document.Find(null, "servlet.Hello.code")).Value);

        ConfigEditOutcome outcome = document.Set(null, "servlet.Hello.code", "com.example.New");

        Assert.Equal(ConfigEditAction.Updated, outcome.Action);
        Assert.Equal("com.example.Old", outcome.PreviousValue);
        Assert.Equal(after, TextOf(document));
        JavaProperties java = AsJavaReadsIt(document);
        Assert.Equal("com.example.New", java["servlet.Hello.code"]);
        Assert.Equal("1", java["next"]);
        Assert.Equal(2, java.Count);
    }

    [Fact]
    public void AKeyInsideAContinuedValueIsNotASetting()
    {
        // "b=2" continues a's value: Java has no key b, so setting b adds a line and leaves a's value alone.
        ConfigDocument document = FromText("a=1\\\nb=2\n");
        Assert.Empty(document.Find(null, "b"));
        document.Set(null, "b", "3");
        Assert.Equal("a=1\\\nb=2\nb=3\n", TextOf(document));
        JavaProperties java = AsJavaReadsIt(document);
        Assert.Equal("1b=2", java["a"]);
        Assert.Equal("3", java["b"]);
    }
}
