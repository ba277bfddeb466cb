using System.Text;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Ltpa;

/// <summary>The allocation-free canonical-form check against the full re-serialization it stands in for.</summary>
public class LtpaUserDataCanonicalTests
{
    [Theory]
    [InlineData("u:user\\:defaultRealm/uid=alice,ou=people,dc=example,dc=com")]
    [InlineData("expire:4102444800000$u:user\\:ldap.example.org\\:389/CN=Alice Smith/O=Example")]
    [InlineData("expire:1$groups:a|b|c$host:st.example.com$port:9443$u:user\\:r/a\\%b\\$c")]
    [InlineData("u:user\\:r/pipe\\|in id")]
    [InlineData("u:user\\:r/back\\slash")]
    public void WhatLibertyMintsIsCanonicalWithoutReSerializing(string userData)
    {
        Assert.Equal(userData, LtpaUserData.Canonicalize(userData));
        Assert.True(LtpaUserData.IsPlainlyCanonical(userData));
        Assert.True(LtpaUserData.IsCanonical(userData));
    }

    [Theory]
    [InlineData("u:a$expire:1")] // unsorted
    [InlineData("expire:1$expire:2$u:a")] // repeated
    [InlineData("u:user:r/a")] // bare ':' in a value
    [InlineData("groups:a||b$u:x")] // empty value between '|'
    [InlineData("groups:a\\|b$u:x")] // escaped '|' outside "u" is split by Liberty
    [InlineData("u:a\\")] // trailing '\'
    [InlineData("u:a|b")] // current Liberty escapes '|' in "u"
    [InlineData("u:a\\\\b")] // "\\" is unescaped to one '\'
    [InlineData("junk$u:a")] // a segment without ':' is dropped
    public void DifferentFormsAreNotCanonical(string userData)
    {
        Assert.NotEqual(userData, LtpaUserData.Canonicalize(userData));
        Assert.False(LtpaUserData.IsPlainlyCanonical(userData));
        Assert.False(LtpaUserData.IsCanonical(userData));
    }

    [Fact]
    public void TheQuickCheckNeverClaimsCanonicalWhenReSerializationDiffers()
    {
        var random = new Random(20);
        const string alphabet = "ue:$|\\%ab";
        int plainly = 0;
        for (int i = 0; i < 200_000; i++)
        {
            var sb = new StringBuilder();
            int length = random.Next(1, 14);
            for (int k = 0; k < length; k++)
            {
                sb.Append(alphabet[random.Next(alphabet.Length)]);
            }

            string text = sb.ToString();
            bool canonical = LtpaUserData.Canonicalize(text) == text;
            if (LtpaUserData.IsPlainlyCanonical(text))
            {
                plainly++;
                Assert.True(canonical, text);
            }

            Assert.Equal(canonical, LtpaUserData.IsCanonical(text));
        }

        Assert.True(plainly > 1000, $"only {plainly} random texts took the quick path");
    }
}
