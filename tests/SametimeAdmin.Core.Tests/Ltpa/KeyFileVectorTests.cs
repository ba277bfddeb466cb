using System.Numerics;
using System.Text;
using System.Text.Json;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Ltpa;

public class KeyFileVectorTests
{
    public static IEnumerable<object[]> KeyFileVectors() =>
        new[] { "keyfile-dev.json", "keyfile-dev-d129.json", "keyfile-twas-mar400.json", "twas-amlen-2013.json" }.Select(f => new object[] { f });

    private static JsonElement Expected(JsonElement root) =>
        root.TryGetProperty("expected", out JsonElement e) ? e : root.GetProperty("keyfile_expected");

    [Theory]
    [MemberData(nameof(KeyFileVectors))]
    public void PropertiesParseToTheReferenceValues(string file)
    {
        JsonElement root = Vectors.Load(file);
        string text = LtpaKeyFile.ReadText(Fixtures.PathOf("vectors", root.GetProperty("keyfile").GetString()!));
        JavaProperties properties = JavaProperties.Parse(text);
        var expected = Expected(root).GetProperty("properties_after_java_properties_unescape").EnumerateObject().ToList();
        Assert.Equal(expected.Count, properties.Count);
        foreach (JsonProperty property in expected)
        {
            Assert.Equal(property.Value.GetString(), properties[property.Name]);
        }
    }

    [Theory]
    [MemberData(nameof(KeyFileVectors))]
    public void KeyFileDecodesToTheReferenceIntermediateValues(string file)
    {
        JsonElement root = Vectors.Load(file);
        JsonElement expected = Expected(root);
        byte[] password = Encoding.UTF8.GetBytes(root.GetProperty("password").GetString()!);
        if (root.String("password_bytes_hex") is string passwordHex)
        {
            Assert.Equal(passwordHex, Vectors.ToHex(password));
        }

        Assert.Equal(expected.GetProperty("password_derived_3des_key_hex").GetString(), Vectors.ToHex(LtpaCrypto.PasswordKey(password)));
        LtpaKeySet keys = Vectors.KeysFor(file);
        Assert.Equal(expected.GetProperty("shared_key_hex").GetString(), Vectors.ToHex(keys.ExportSharedKey()));
        Assert.Equal(expected.GetProperty("private_key_decrypted_hex").GetString(), Vectors.ToHex(keys.ExportPrivateKeyBlob()));
        Assert.Equal(expected.GetProperty("public_key_hex").GetString(), Vectors.ToHex(keys.PublicKeyBlob));
        Assert.Equal(expected.GetProperty("public_key_len").GetInt32(), keys.PublicKeyBlob.Length);

        JsonElement layout = expected.GetProperty("private_key_layout");
        byte[] blob = keys.ExportPrivateKeyBlob();
        Assert.Equal(layout.GetProperty("total_len").GetInt32(), blob.Length);
        Assert.Equal(layout.GetProperty("d_length_field_be32").GetInt32(), (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3]);

        // d/p/q/e/n and the CRT values Liberty derives (Java BigInteger.toByteArray hex) against our RSA key.
        JsonElement crt = expected.GetProperty("rsa_crt_key_after_LTPACrypto_setRSAKey_java_BigInteger_toByteArray_hex");
        LtpaRsaKey rsa = keys.RsaKey;
        Assert.Equal(crt.GetProperty("n").GetString(), Vectors.ToHex(LtpaCrypto.ToJavaBytes(rsa.Modulus)));
        Assert.Equal(crt.GetProperty("e").GetString(), Vectors.ToHex(LtpaCrypto.ToJavaBytes(rsa.Exponent)));
        Assert.Equal(crt.GetProperty("d").GetString(), Vectors.ToHex(LtpaCrypto.ToJavaBytes(rsa.D)));
        Assert.Equal(crt.GetProperty("p").GetString(), Vectors.ToHex(LtpaCrypto.ToJavaBytes(rsa.P)));
        Assert.Equal(crt.GetProperty("q").GetString(), Vectors.ToHex(LtpaCrypto.ToJavaBytes(rsa.Q)));
        Assert.Equal(crt.GetProperty("dP").GetString(), Vectors.ToHex(LtpaCrypto.ToJavaBytes(rsa.DP)));
        Assert.Equal(crt.GetProperty("dQ").GetString(), Vectors.ToHex(LtpaCrypto.ToJavaBytes(rsa.DQ)));
        Assert.Equal(crt.GetProperty("qInv").GetString(), Vectors.ToHex(LtpaCrypto.ToJavaBytes(rsa.InverseQ)));
        Assert.Equal(1024, keys.KeySize);

        JsonElement props = expected.GetProperty("properties_after_java_properties_unescape");
        Assert.Equal(props.GetProperty("com.ibm.websphere.ltpa.Realm").GetString(), keys.Realm);
        Assert.Equal(props.GetProperty("com.ibm.websphere.CreationDate").GetString(), keys.CreationDate);
        Assert.Equal(props.GetProperty("com.ibm.websphere.CreationHost").GetString(), keys.CreationHost);
    }

    [Theory]
    [MemberData(nameof(KeyFileVectors))]
    public void DotNetRsaParametersHaveTheExactSizesEveryPlatformNeeds(string file)
    {
        var parameters = Vectors.KeysFor(file).RsaKey.ToParameters();
        Assert.Equal(128, parameters.Modulus!.Length);
        Assert.Equal(128, parameters.D!.Length);
        foreach (byte[] half in new[] { parameters.P!, parameters.Q!, parameters.DP!, parameters.DQ!, parameters.InverseQ! })
        {
            Assert.Equal(64, half.Length);
        }

        Assert.True(new BigInteger(parameters.P, true, true) > new BigInteger(parameters.Q, true, true));
    }

    [Theory]
    [InlineData("keyfile-dev.json")]
    [InlineData("keyfile-dev-d129.json")]
    public void WritingTheDecodedMaterialReproducesTheLibertyFileByteForByte(string file)
    {
        JsonElement root = Vectors.Load(file);
        JsonElement expected = root.GetProperty("expected");
        using LtpaKeySet keys = LtpaKeySet.FromMaterial(
            Vectors.Hex(expected.GetProperty("shared_key_hex").GetString()!),
            Vectors.Hex(expected.GetProperty("private_key_decrypted_hex").GetString()!),
            Vectors.Hex(expected.GetProperty("public_key_hex").GetString()!),
            "defaultRealm");
        string header = root.GetProperty("keyfile_text").GetString()!.Split('\n')[0].TrimStart('#');
        DateTimeOffset created = DateTimeOffset.ParseExact(header, "ddd MMM dd HH:mm:ss 'UTC' yyyy", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        string text = keys.ToKeyFileText(Encoding.UTF8.GetBytes(root.GetProperty("password").GetString()!), created);
        Assert.Equal(root.GetProperty("keyfile_text").GetString(), text);
    }

    [Fact]
    public void TheWrongPasswordOfTheVectorIsReportedAsWrongPassword()
    {
        JsonElement root = Vectors.Load("keyfile-dev.json");
        string wrong = root.GetProperty("negative").GetProperty("wrong_password").GetProperty("password").GetString()!;
        Assert.Contains("BadPaddingException", root.GetProperty("negative").GetProperty("wrong_password").GetProperty("reference_result").GetString());
        var ex = Assert.Throws<SametimeAdminException>(() => LtpaKeyFile.Read(Fixtures.PathOf("vectors", "ltpa-dev.keys"), Encoding.UTF8.GetBytes(wrong)));
        Assert.Equal("KeyFileWrongPassword", ex.ErrorId);
        Assert.Equal(FailureKind.SecurityError, ex.Kind);
        Assert.DoesNotContain(wrong, ex.Message);
    }

    [Fact]
    public void AllVectorKeySetsHaveDistinctFingerprintsInTheDocumentedForm()
    {
        var fingerprints = new[] { "keyfile-dev.json", "keyfile-dev-d129.json", "keyfile-twas-mar400.json", "twas-amlen-2013.json" }
            .Select(f => Vectors.KeysFor(f).PublicKeyFingerprint).ToList();
        Assert.Equal(4, fingerprints.Distinct().Count());
        foreach (string fp in fingerprints)
        {
            Assert.Matches("^SHA256:[A-Za-z0-9+/]{43}$", fp);
        }

        LtpaKeySet dev = Vectors.KeysFor("keyfile-dev.json");
        string expected = "SHA256:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Vectors.Hex(Vectors.Load("keyfile-dev.json").GetProperty("expected").GetProperty("public_key_hex").GetString()!))).TrimEnd('=');
        Assert.Equal(expected, dev.PublicKeyFingerprint);
    }
}
