using System.Globalization;
using System.Text;
using System.Text.Json;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Ltpa;

public class WebSphereLtpaTokenVectorTests
{
    private static readonly string[] Files = { "ltpa1-dev.json", "ltpa1-dev-d129.json" };

    public static IEnumerable<object[]> AllVectors() =>
        Files.SelectMany(f => Vectors.Items(f).Select(v => new object[] { f, v.GetProperty("id").GetString()! }));

    private static LtpaValidationOptions At(long ms) => new() { Now = Vectors.Millis(ms) };

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void VerdictAndFieldsMatchTheWebSphereDerivedReference(string file, string id)
    {
        JsonElement vector = Vectors.Item(file, id);
        JsonElement reference = vector.GetProperty("reference_verdict").GetProperty("amlen_ism_security_ltpaV1DecodeToken");
        LtpaKeySet keys = Vectors.KeysFor(file);

        // The reference does not check expiry: evaluate one second before the expiration it reports.
        long expirationSeconds = reference.GetProperty("expiration_seconds").GetInt64();
        long now = expirationSeconds > 0 ? (expirationSeconds * 1000) - 1000 : 1_700_000_000_000;
        LtpaTokenInfo info = WebSphereLtpaToken.Decode(vector.GetProperty("token").GetString()!, keys, At(now));
        Assert.Equal(LtpaTokenFormat.WebSphereLtpaToken, info.Format);
        if (reference.GetProperty("rc").GetInt32() == 0)
        {
            Assert.True(info.Verdict == LtpaTokenVerdict.Valid, $"{id}: {info.Verdict} {info.Reason}");
            Assert.Equal(reference.GetProperty("user").GetString(), info.User);
            Assert.Equal(reference.GetProperty("realm").GetString(), info.Realm);
            Assert.Equal(expirationSeconds, info.Expiration!.Value.ToUnixTimeSeconds());
            Assert.False(info.ExpirationSigned);
        }
        else
        {
            Assert.Equal(LtpaTokenVerdict.BadSignature, info.Verdict);
        }

        if (vector.TryGetProperty("expected", out JsonElement expected) && expected.TryGetProperty("decrypted_plaintext_hex", out JsonElement plaintextHex))
        {
            byte[] ciphertext = Convert.FromBase64String(vector.GetProperty("token").GetString()!);
            Assert.Equal(plaintextHex.GetString(), Vectors.ToHex(keys.TripleDesDecrypt(ciphertext)!));
            Assert.Equal(expected.GetProperty("user_data").GetString(), info.UserData);
            Assert.Equal(expected.GetProperty("expiration_ms").GetInt64(), info.ExpirationField!.Value.ToUnixTimeMilliseconds());
        }
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void MintingReproducesTheReferenceTokenByteForByte(string file, string id)
    {
        JsonElement vector = Vectors.Item(file, id);
        JsonElement input = vector.GetProperty("input");
        LtpaKeySet keys = Vectors.KeysFor(file);
        string token = vector.GetProperty("token").GetString()!;
        if (input.TryGetProperty("user_data", out JsonElement userData))
        {
            string expirationField = input.GetProperty("expiration_ms").GetInt64().ToString(CultureInfo.InvariantCulture);
            Assert.Equal(token, WebSphereLtpaToken.Seal(keys, userData.GetString()!, expirationField));
            if (userData.GetString()!.StartsWith("u:", StringComparison.Ordinal))
            {
                Assert.Equal(token, WebSphereLtpaToken.Mint(keys, input.GetProperty("access_id").GetString()!, Vectors.Millis(input.GetProperty("expiration_ms").GetInt64())));
            }
        }
        else
        {
            Assert.Equal(token, Convert.ToBase64String(keys.TripleDesEncrypt(Encoding.UTF8.GetBytes(input.GetProperty("plaintext_utf8").GetString()!))));
        }
    }

    [Fact]
    public void TheUnsignedExpirationIsReportedAsSuch()
    {
        JsonElement vector = Vectors.Item("ltpa1-dev.json", "ltpa1-dev-expiration-field-changed");
        LtpaTokenInfo info = WebSphereLtpaToken.Decode(vector.GetProperty("token").GetString()!, Vectors.KeysFor("ltpa1-dev.json"), At(4_102_444_800_000));
        Assert.Equal(LtpaTokenVerdict.Valid, info.Verdict);
        Assert.Equal(4_133_980_800L, info.Expiration!.Value.ToUnixTimeSeconds());
        Assert.Contains(info.Notes, n => n.Contains("does not sign its expiration", StringComparison.Ordinal));
    }

    [Fact]
    public void ExpireFirstUserDataIsAcceptedWithTheDominoWarning()
    {
        JsonElement vector = Vectors.Item("ltpa1-dev.json", "ltpa1-dev-expire-first");
        LtpaTokenInfo info = WebSphereLtpaToken.Decode(vector.GetProperty("token").GetString()!, Vectors.KeysFor("ltpa1-dev.json"), At(4_102_444_700_000));
        Assert.Equal(LtpaTokenVerdict.Valid, info.Verdict);
        Assert.Contains(info.Notes, n => n.Contains("Domino rejects", StringComparison.Ordinal));
    }

    [Fact]
    public void GenuineWebSphereLtpaTokenVerifiesAndIsReproducedByteForByte()
    {
        JsonElement vector = Vectors.Item("twas-amlen-2013.json", "twas-2013-ltpa1");
        JsonElement expected = vector.GetProperty("expected");
        JsonElement reference = vector.GetProperty("reference_verdicts").GetProperty("amlen_ism_security_ltpaV1DecodeToken");
        Assert.Equal(0, reference.GetProperty("rc").GetInt32());
        LtpaKeySet keys = Vectors.KeysFor("twas-amlen-2013.json");
        string token = vector.GetProperty("token").GetString()!;
        long expiration = expected.GetProperty("expiration_ms").GetInt64();

        LtpaTokenInfo info = WebSphereLtpaToken.Decode(token, keys, At(expiration - 1000));
        Assert.Equal(LtpaTokenVerdict.Valid, info.Verdict);
        Assert.True(info.SignatureValid);
        Assert.Equal(reference.GetProperty("user").GetString(), info.User);
        Assert.Equal(reference.GetProperty("realm").GetString(), info.Realm);
        Assert.Equal(expected.GetProperty("signature_base64").GetString(), expected.GetProperty("decrypted_plaintext_utf8").GetString()!.Split('%')[2]);

        Assert.Equal(LtpaTokenVerdict.Expired, WebSphereLtpaToken.Decode(token, keys, At(expiration + 1000)).Verdict);
        Assert.Equal(token, WebSphereLtpaToken.Seal(keys, expected.GetProperty("user_data").GetString()!, expected.GetProperty("expiration_field").GetString()!));
    }

    [Fact]
    public void VerificationAcceptsTheComplementarySignatureNMinusSigma()
    {
        LtpaKeySet keys = Vectors.KeysFor("ltpa1-dev.json");
        byte[] digest = LtpaCrypto.Sha1(Encoding.UTF8.GetBytes("u:user\\:defaultRealm/alice"));
        byte[] sigma = Iso9796Signature.Sign(keys.RsaKey, digest);
        var complement = keys.RsaKey.Modulus - LtpaCrypto.ToUnsigned(sigma);
        Assert.True(Iso9796Signature.Verify(keys.RsaKey, digest, sigma));
        Assert.True(Iso9796Signature.Verify(keys.RsaKey, digest, LtpaCrypto.ToFixed(complement, 128)));
        digest[0] ^= 1;
        Assert.False(Iso9796Signature.Verify(keys.RsaKey, digest, sigma));
    }
}
