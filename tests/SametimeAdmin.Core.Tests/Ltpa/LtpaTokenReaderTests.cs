using System.Text.Json;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Ltpa;

public class LtpaTokenReaderTests
{
    private static readonly LtpaValidationOptions InTime = new() { Now = Vectors.Millis(4102444000000) };
    private static readonly string V2 = Vectors.Item("ltpa2-dev.json", "ltpa2-dev-01-plain").GetProperty("token").GetString()!;
    private static readonly string V1 = Vectors.Item("ltpa1-dev.json", "ltpa1-dev-01-plain").GetProperty("token").GetString()!;
    private static readonly JsonElement Domino = Vectors.Load("domino-dev.json");
    private static readonly string DominoToken = Vectors.Item("domino-dev.json", "domino-dev-01-canonical").GetProperty("token").GetString()!;
    private static readonly byte[] Secret = Convert.FromBase64String(Domino.GetProperty("domino_secret_base64").GetString()!);

    private static LtpaTokenReader Reader(params LtpaKeySet[] keys) => new(keys, Secret, new LtpaValidationOptions { Now = Vectors.Millis(1767225601000) });

    [Fact]
    public void CookieHeaderLinesYieldEveryLtpaCookieWithItsName()
    {
        string line = $"Cookie: JSESSIONID=0000abc:-1; LtpaToken2={Uri.EscapeDataString(V2)}; LtpaToken={V1}; other=x";
        var tokens = LtpaTokenReader.Extract(line);
        Assert.Equal(new[] { "LtpaToken2", "LtpaToken" }, tokens.Select(t => t.CookieName));
        var reader = new LtpaTokenReader(new[] { Vectors.KeysFor("ltpa2-dev.json") }, null, InTime);
        var results = reader.Read(line).ToList();
        Assert.Equal(new[] { LtpaTokenFormat.LtpaToken2, LtpaTokenFormat.WebSphereLtpaToken }, results.Select(r => r.Format));
        Assert.All(results, r => Assert.Equal(LtpaTokenVerdict.Valid, r.Verdict));
        Assert.All(results, r => Assert.Equal("alice", r.User));
        Assert.Equal("LtpaToken2", results[0].CookieName);
    }

    [Fact]
    public void SetCookieLinesAndDamagedEncodings()
    {
        var reader = new LtpaTokenReader(new[] { Vectors.KeysFor("ltpa2-dev.json") }, null, InTime);
        LtpaTokenInfo fromSetCookie = Assert.Single(reader.Read($"Set-Cookie: LtpaToken2={V2}; Path=/; Domain=.example.com; HttpOnly"));
        Assert.Equal(LtpaTokenVerdict.Valid, fromSetCookie.Verdict);
        LtpaTokenInfo formDamaged = Assert.Single(reader.Read(V2.Replace('+', ' ')));
        Assert.Equal(LtpaTokenVerdict.Valid, formDamaged.Verdict);
        LtpaTokenInfo quoted = Assert.Single(reader.Read("LtpaToken2=\"" + V2 + "\""));
        Assert.Equal(LtpaTokenVerdict.Valid, quoted.Verdict);
        Assert.Equal(fromSetCookie.TokenFingerprint, quoted.TokenFingerprint);
        Assert.DoesNotContain(V2.Substring(0, 16), fromSetCookie.TokenFingerprint, StringComparison.Ordinal);
        Assert.Empty(LtpaTokenReader.Extract("Cookie: JSESSIONID=1; other=2"));
    }

    [Fact]
    public void BareValuesAreRecognisedByShape()
    {
        LtpaTokenReader reader = Reader(Vectors.KeysFor("ltpa2-dev.json"));
        var options = new LtpaValidationOptions { Now = Vectors.Millis(4102444000000) };
        var inTime = new LtpaTokenReader(new[] { Vectors.KeysFor("ltpa2-dev.json") }, Secret, options);
        Assert.Equal(LtpaTokenFormat.LtpaToken2, Assert.Single(inTime.Read(V2)).Format);
        Assert.Equal(LtpaTokenFormat.WebSphereLtpaToken, Assert.Single(inTime.Read(V1)).Format);
        LtpaTokenInfo domino = Assert.Single(reader.Read("LtpaToken=" + DominoToken));
        Assert.Equal((LtpaTokenFormat.DominoLtpaToken, LtpaTokenVerdict.Valid), (domino.Format, domino.Verdict));
        Assert.Equal("CN=Alice Smith/O=Example", domino.User);
        Assert.Equal(LtpaTokenVerdict.Malformed, Assert.Single(reader.Read("not!base64")).Verdict);
    }

    [Fact]
    public void KeySetsAreTriedInOrderAndTheDecryptingOneIsNamed()
    {
        LtpaKeySet other = Vectors.KeysFor("ltpa2-twas-mar400.json");
        LtpaKeySet dev = Vectors.KeysFor("ltpa2-dev.json");
        var reader = new LtpaTokenReader(new[] { other, dev }, null, InTime);
        LtpaTokenInfo info = Assert.Single(reader.Read("LtpaToken2=" + V2));
        Assert.Equal(LtpaTokenVerdict.Valid, info.Verdict);
        Assert.Equal(dev.PublicKeyFingerprint, info.KeyFingerprint);

        LtpaTokenInfo none = Assert.Single(new LtpaTokenReader(new[] { other }, null, InTime).Read("LtpaToken2=" + V2));
        Assert.Equal(LtpaTokenVerdict.NotDecryptable, none.Verdict);
        LtpaTokenInfo noCookieName = Assert.Single(new LtpaTokenReader(new[] { other }, null, InTime).Read(V2));
        Assert.Equal((LtpaTokenFormat.Unknown, LtpaTokenVerdict.NotDecryptable), (noCookieName.Format, noCookieName.Verdict));
    }

    [Fact]
    public void DominoTokensWithoutASecretAreShownUnverified()
    {
        var reader = new LtpaTokenReader(Array.Empty<LtpaKeySet>(), null);
        LtpaTokenInfo info = Assert.Single(reader.Read("LtpaToken=" + DominoToken));
        Assert.Equal((LtpaTokenFormat.DominoLtpaToken, LtpaTokenVerdict.Unverified), (info.Format, info.Verdict));
        Assert.Null(info.SignatureValid);
        Assert.Equal("CN=Alice Smith/O=Example", info.User);
    }
}

public class Base64Tests
{
    [Theory]
    [InlineData("QUJD", "414243")]
    [InlineData("QUI=", "4142")]
    [InlineData("QUI", "4142")]
    [InlineData("QQ==", "41")]
    [InlineData("QQ", "41")]
    public void AcceptsStandardBase64WithOrWithoutPadding(string text, string hex) => Assert.Equal(hex, Vectors.ToHex(LtpaCrypto.TryDecodeBase64(text)!));

    [Theory]
    [InlineData("")]
    [InlineData("====")]
    [InlineData("Q===")]
    [InlineData("Q")]
    [InlineData("QU=I")]
    [InlineData("QUJ-")]
    [InlineData("QUJ_")]
    [InlineData("QU JD")]
    public void RejectsEverythingElse(string text) => Assert.Null(LtpaCrypto.TryDecodeBase64(text));

    [Theory]
    [InlineData("QR==", "41")]
    [InlineData("QUJ=", "4142")]
    [InlineData("QUJDRB", "41424344")]
    public void AcceptsNonZeroUnusedBitsAsConvertDoes(string text, string hex) => Assert.Equal(hex, Vectors.ToHex(LtpaCrypto.TryDecodeBase64(text)!));

    /// <summary>
    /// The fast path (ASCII narrowing and the vectorised UTF-8 decoder) gives exactly the answer of the lenient
    /// reading for text and for bytes: random mixes of the alphabet, padding, white space, URL-safe and non-ASCII
    /// characters, and real Base64 of random bytes cut, padded or unpadded.
    /// </summary>
    [Fact]
    public void TheFastPathAgreesWithTheLenientReadingOnEveryInput()
    {
        var random = new Random(20261206);
        const string Pieces = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/==== \t\r\n-_\u00e9\u0100%";
        var inputs = new List<string> { "=", "==", "===", "Q", "QQ", "QQ=", "QQ==", "QQ===", "QUJDRA", "QUJDRA=", "QUJDRA==", "QUJD=", "QUJD==", "QUJD===" };
        for (int i = 0; i < 4000; i++)
        {
            var sb = new System.Text.StringBuilder();
            int length = random.Next(1, 24);
            for (int j = 0; j < length; j++)
            {
                sb.Append(Pieces[random.Next(Pieces.Length)]);
            }

            inputs.Add(sb.ToString());
            byte[] bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            string encoded = Convert.ToBase64String(bytes);
            inputs.Add(encoded);
            inputs.Add(encoded.TrimEnd('='));
            inputs.Add(encoded.Substring(0, random.Next(encoded.Length + 1)));
            if (encoded.Length > 0)
            {
                // A changed last character: non-zero unused bits, or another value.
                char[] changed = encoded.TrimEnd('=').ToCharArray();
                changed[changed.Length - 1] = Pieces[random.Next(64)];
                inputs.Add(new string(changed));
            }
        }

        foreach (string input in inputs)
        {
            string expected = Describe(LtpaCrypto.TryDecodeBase64Lenient(input));
            Assert.True(expected == Describe(LtpaCrypto.TryDecodeBase64(input)), $"text '{input}'");
            byte[] latin1 = System.Text.Encoding.Latin1.GetBytes(input);
            byte[] framed = new byte[latin1.Length + 4];
            latin1.CopyTo(framed, 2);
            string fromBytes = Describe(LtpaCrypto.TryDecodeBase64(framed, 2, latin1.Length));
            string expectedFromBytes = input.Any(c => c > 0xFF) ? Describe(LtpaCrypto.TryDecodeBase64Lenient(System.Text.Encoding.Latin1.GetString(latin1))) : expected;
            Assert.True(expectedFromBytes == fromBytes, $"bytes of '{input}'");
        }

        // The inputs reach both outcomes, and the fast path itself: these decode with zero unused bits.
        Assert.Contains(inputs, input => LtpaCrypto.TryDecodeBase64(input) == null);
        Assert.Contains(inputs, input => LtpaCrypto.TryDecodeBase64(input) is { Length: > 10 });
    }

    private static string Describe(byte[]? value) => value == null ? "null" : "0x" + Convert.ToHexString(value);
}
