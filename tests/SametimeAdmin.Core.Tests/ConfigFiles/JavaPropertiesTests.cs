using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using Xunit;

namespace SametimeAdmin.Tests.ConfigFiles;

public class JavaPropertiesTests
{
    [Fact]
    public void LoadsEveryJavaSyntax()
    {
        string text = string.Join("\r\n",
            "# comment with a trailing backslash \\",
            "! bang comment",
            "   ",
            "  indented = value with spaces  ",
            "colon:value",
            "space value after space",
            "tab\tvalue",
            "equals\\=in\\:key = a\\=b\\:c\\#d\\!e",
            "unicode=\\u00e9t\\u00C9 \\u20ac",
            "escapes=tab\\there\\nnew\\rret\\fform\\\\back\\qplain",
            "multi = first \\",
            "        second \\",
            "  third",
            "even = ends with two backslashes \\\\",
            "after = even",
            "empty=",
            "nokey",
            "dup=1",
            "dup=2",
            "key\\ with\\ space = v",
            "lonely\\");
        JavaProperties p = JavaProperties.Parse(text);
        Assert.Equal("value with spaces  ", p["indented"]);
        Assert.Equal("value", p["colon"]);
        Assert.Equal("value after space", p["space"]);
        Assert.Equal("value", p["tab"]);
        Assert.Equal("a=b:c#d!e", p["equals=in:key"]);
        Assert.Equal("étÉ €", p["unicode"]);
        Assert.Equal("tab\there\nnew\rret\fform\\backqplain", p["escapes"]);
        Assert.Equal("first second third", p["multi"]);
        Assert.Equal("ends with two backslashes \\", p["even"]);
        Assert.Equal("even", p["after"]);
        Assert.Equal(string.Empty, p["empty"]);
        Assert.Equal(string.Empty, p["nokey"]);
        Assert.Equal("2", p["dup"]);
        Assert.Equal("v", p["key with space"]);
        Assert.Equal(string.Empty, p["lonely"]);
        Assert.Null(p["# comment with a trailing backslash"]);
        Assert.Equal(15, p.Count);
    }

    [Theory]
    [InlineData("a=1\nb=2\n")]
    [InlineData("a=1\r\nb=2\r\n")]
    [InlineData("a=1\rb=2")]
    [InlineData("b=2\na=1")]
    [InlineData("a 1\nb:2")]
    public void LineEndingsSeparatorsAndOrderDoNotMatter(string text)
    {
        JavaProperties p = JavaProperties.Parse(text);
        Assert.Equal("1", p["a"]);
        Assert.Equal("2", p["b"]);
    }

    [Fact]
    public void MalformedUnicodeEscapeIsATypedError()
    {
        var ex = Assert.Throws<SametimeAdminException>(() => JavaProperties.Parse("a=\\u12G4"));
        Assert.Equal("PropertiesMalformed", ex.ErrorId);
        Assert.Equal("PropertiesMalformed", Assert.Throws<SametimeAdminException>(() => JavaProperties.Parse("a=\\u12")).ErrorId);
    }

    [Theory]
    [InlineData("Fri Nov 27 13:29:25 UTC 2026", "Fri Nov 27 13\\:29\\:25 UTC 2026")]
    [InlineData("ldap.example.org:389", "ldap.example.org\\:389")]
    [InlineData("AAB=", "AAB\\=")]
    [InlineData(" lead and inner space", "\\ lead and inner space")]
    [InlineData("tab\tnew\nback\\ bang! hash#", "tab\\tnew\\nback\\\\ bang\\! hash\\#")]
    [InlineData("é€", "\\u00E9\\u20AC")]
    public void ValuesAreEscapedAsPropertiesStoreDoes(string value, string escaped)
    {
        Assert.Equal(escaped, JavaProperties.EscapeValue(value));
        Assert.Equal(value, JavaProperties.Unescape(escaped));
    }

    [Fact]
    public void KeysEscapeEverySpaceAndTheWriterRoundTrips()
    {
        Assert.Equal("a\\ b\\=c", JavaProperties.EscapeKey("a b=c"));
        var p = new JavaProperties();
        p.Set("a b", " x:y ");
        p.Set("é", "line1\nline2");
        string text = p.ToText(new[] { "header" }, "Fri Nov 27 13:29:25 UTC 2026", "\r\n");
        Assert.StartsWith("#header\r\n#Fri Nov 27 13:29:25 UTC 2026\r\na\\ b=\\ x\\:y \r\n", text, StringComparison.Ordinal);
        JavaProperties back = JavaProperties.Parse(text);
        Assert.Equal(" x:y ", back["a b"]);
        Assert.Equal("line1\nline2", back["é"]);
    }

    [Fact]
    public void JavaDateFormatting()
    {
        Assert.Equal("Fri Nov 27 13:29:25 UTC 2026", JavaProperties.FormatJavaDate(new DateTimeOffset(2026, 11, 27, 13, 29, 25, TimeSpan.Zero)));
        Assert.Equal("Tue Jul 30 08:45:34 GMT-05:00 2013", JavaProperties.FormatJavaDate(new DateTimeOffset(2013, 7, 30, 8, 45, 34, TimeSpan.FromHours(-5))));
    }
}
