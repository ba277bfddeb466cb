using System.Numerics;
using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;
using SametimeAdmin.Ltpa;
using SametimeAdmin.Tests.Domino;
using Xunit;

namespace SametimeAdmin.Tests.Ltpa;

/// <summary>
/// Key material that is damaged or crafted: built from the documented layouts (ltpa.keys properties, 3DES-ECB under
/// SHA-1(password) || 00000000, private blob "be32 length | d | e | 00 p | 00 q", legacy blob "e | 00 p | 00 q",
/// public blob "00 n | e") and read through the same paths as a real file or Web SSO document.
/// </summary>
public sealed class KeyValidationTests : IDisposable
{
    private const string Password = "dev-LTPA-Passw0rd!";
    private readonly string folder = Directory.CreateTempSubdirectory("ltpa-keycheck-").FullName;

    public void Dispose() => Directory.Delete(folder, true);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Field(BigInteger value, int size) => LtpaCrypto.ToFixed(value, size);

    /// <summary>The legacy (R3.02) private blob: e (3) | p (65) | q (65).</summary>
    private static byte[] LegacyBlob(BigInteger p, BigInteger q) => [.. Field(65537, 3), .. Field(p, 65), .. Field(q, 65)];

    /// <summary>The modern private blob: be32 length of d | d | e (3) | p (65) | q (65).</summary>
    private static byte[] ModernBlob(BigInteger d, BigInteger p, BigInteger q)
    {
        byte[] dBytes = LtpaCrypto.ToJavaBytes(d);
        byte[] length = [(byte)(dBytes.Length >> 24), (byte)(dBytes.Length >> 16), (byte)(dBytes.Length >> 8), (byte)dBytes.Length];
        return [.. length, .. dBytes, .. Field(65537, 3), .. Field(p, 65), .. Field(q, 65)];
    }

    private static byte[] PublicBlob(BigInteger n) => [.. Field(n, 129), .. Field(65537, 3)];

    /// <summary>An ltpa.keys text as Liberty writes it, with the two secret values encrypted under the password.</summary>
    private static string KeyFileText(byte[] shared, byte[] privateBlob, byte[] publicBlob)
    {
        byte[] passwordKey = LtpaCrypto.PasswordKey(Bytes(Password));
        string Escape(byte[] data) => Convert.ToBase64String(data).Replace("=", "\\=", StringComparison.Ordinal);
        return "#Fri Nov 27 13:29:25 UTC 2026\n"
            + "com.ibm.websphere.ltpa.version=1.0\n"
            + "com.ibm.websphere.ltpa.3DESKey=" + Escape(LtpaCrypto.TripleDesEcbEncrypt(passwordKey, shared)) + "\n"
            + "com.ibm.websphere.ltpa.PrivateKey=" + Escape(LtpaCrypto.TripleDesEcbEncrypt(passwordKey, privateBlob)) + "\n"
            + "com.ibm.websphere.ltpa.Realm=defaultRealm\n"
            + "com.ibm.websphere.ltpa.PublicKey=" + Escape(publicBlob) + "\n"
            + "com.ibm.websphere.CreationDate=Fri Nov 27 13\\:29\\:25 UTC 2026\n";
    }

    private SametimeAdminException ReadFails(byte[] shared, byte[] privateBlob, byte[] publicBlob)
    {
        string path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".keys");
        File.WriteAllText(path, KeyFileText(shared, privateBlob, publicBlob), Encoding.Latin1);
        return Assert.Throws<SametimeAdminException>(() => LtpaKeyFile.Read(path, Bytes(Password)));
    }

    private static LtpaKeySet Dev() => Vectors.KeysFor("ltpa2-dev.json");

    [Fact]
    public void Primes_of_one_give_a_typed_error_in_the_legacy_and_the_modern_layout()
    {
        byte[] shared = Dev().ExportSharedKey();

        var legacy = ReadFails(shared, LegacyBlob(1, 1), Dev().PublicKeyBlob);
        Assert.Equal(("KeyFileCorrupted", FailureKind.InvalidData), (legacy.ErrorId, legacy.Kind));
        Assert.Contains("0 or 1", legacy.Message, StringComparison.Ordinal);

        // n = p*q = 1 in the public key too, so only the component check can stop it.
        var modern = ReadFails(shared, ModernBlob(3, 1, 1), PublicBlob(1));
        Assert.Equal(("KeyFileCorrupted", FailureKind.InvalidData), (modern.ErrorId, modern.Kind));
        Assert.Contains("0 or 1", modern.Message, StringComparison.Ordinal);

        var material = Assert.Throws<SametimeAdminException>(() => LtpaKeySet.FromMaterial(shared, LegacyBlob(1, 1), PublicBlob(1), "defaultRealm"));
        Assert.Equal("KeyMaterialInvalid", material.ErrorId);
    }

    [Fact]
    public void Equal_primes_and_a_wrong_private_exponent_are_refused_when_the_keys_are_read()
    {
        LtpaRsaKey rsa = Dev().RsaKey;
        byte[] shared = Dev().ExportSharedKey();

        // p = q satisfies e*d = 1 mod (p-1) for the genuine d, so a check per prime alone lets it through.
        var equal = ReadFails(shared, ModernBlob(rsa.D, rsa.P, rsa.P), PublicBlob(rsa.P * rsa.P));
        Assert.Equal("KeyFileCorrupted", equal.ErrorId);
        Assert.Contains("equal", equal.Message, StringComparison.Ordinal);

        var exponent = ReadFails(shared, ModernBlob(rsa.D + 2, rsa.P, rsa.Q), PublicBlob(rsa.Modulus));
        Assert.Equal("KeyFileCorrupted", exponent.ErrorId);
        Assert.Contains("private exponent", exponent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_composite_factor_whose_exponents_fit_is_refused_by_the_signature_check()
    {
        // p' = a*b (two 256-bit primes) with q prime and d = e^-1 mod lcm(p'-1, q-1): n = p'q, the sizes and e*d all
        // pass the arithmetic checks, and only a signature made through the CRT values shows that p' is no prime.
        LtpaRsaKey dev = Dev().RsaKey;
        BigInteger e = dev.Exponent, q = dev.Q;
        using var small = System.Security.Cryptography.RSA.Create(512);
        for (int attempt = 0; attempt < 64; attempt++)
        {
            var parameters = small.ExportParameters(true);
            BigInteger composite = new BigInteger(parameters.P, isUnsigned: true, isBigEndian: true) * new BigInteger(parameters.Q, isUnsigned: true, isBigEndian: true);
            BigInteger n = composite * q;
            BigInteger lambda = (composite - 1) / BigInteger.GreatestCommonDivisor(composite - 1, q - 1) * (q - 1);
            if (LtpaCrypto.BitLength(n) != 1024 || LtpaCrypto.BitLength(composite) != 512 || !BigInteger.GreatestCommonDivisor(e, lambda).IsOne)
            {
                small.ImportParameters(System.Security.Cryptography.RSA.Create(512).ExportParameters(true));
                continue;
            }

            Assert.True(LtpaRsaKey.TryModInverse(e, lambda, out BigInteger d));
            Assert.Null(LtpaRsaKey.TryCreate(n, e, d, composite, q, out string? problem, out bool mismatch));
            Assert.False(mismatch);
            Assert.Equal("a signature made with the private key does not verify with the public key", problem);

            // The same numbers with the real primes are a key: the check refuses the composite, not the construction.
            BigInteger genuineLambda = (dev.P - 1) / BigInteger.GreatestCommonDivisor(dev.P - 1, q - 1) * (q - 1);
            Assert.True(LtpaRsaKey.TryModInverse(e, genuineLambda, out BigInteger genuineD));
            using LtpaRsaKey? genuine = LtpaRsaKey.TryCreate(dev.Modulus, e, genuineD, dev.P, q, out string? none, out _);
            Assert.NotNull(genuine);
            Assert.Null(none);
            return;
        }

        Assert.Fail("No composite factor of the right size was found in 64 attempts.");
    }

    [Fact]
    public void Numbers_that_no_blob_can_hold_are_refused_without_an_exception()
    {
        LtpaRsaKey rsa = Dev().RsaKey;
        BigInteger p = rsa.P, q = rsa.Q, e = rsa.Exponent, d = rsa.D;
        var cases = new (BigInteger N, BigInteger D, BigInteger P, BigInteger Q, string Problem)[]
        {
            (3 * p * p, d, 3 * p, p, "share a factor"),
            (15, 3, 5, 3, "bits"),
            (p * q, 0, p, q, "private exponent"),
            (3 * p * q, d, p * q, 3, "half the modulus"),
        };
        foreach (var c in cases)
        {
            Assert.Null(LtpaRsaKey.TryCreate(c.N, e, c.D, c.P, c.Q, out string? problem, out _));
            Assert.Contains(c.Problem, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_reference_key_set_passes_the_component_checks()
    {
        foreach (string file in new[] { "ltpa2-dev.json", "ltpa2-dev-d129.json", "ltpa2-twas-mar400.json", "twas-amlen-2013.json" })
        {
            LtpaKeySet keys = Vectors.KeysFor(file);
            Assert.NotNull(LtpaRsaKey.TryCreate(keys.RsaKey.Modulus, keys.RsaKey.Exponent, keys.RsaKey.D, keys.RsaKey.P, keys.RsaKey.Q, out string? problem, out _));
            Assert.Null(problem);
        }
    }

    [Fact]
    public void A_changed_character_in_the_shared_key_shows_in_the_fingerprints()
    {
        // One changed character in the first block of 3DESKey: the padding block is intact, so the file still decrypts
        // (ltpa.keys has no check value for the shared key, and genuine shared keys carry no DES parity to test).
        string original = Fixtures.ReadText("vectors", "ltpa-dev.keys");
        string line = original.Split('\n').Single(l => l.StartsWith(LtpaKeyFile.SharedKeyProperty + "=", StringComparison.Ordinal));
        int at = LtpaKeyFile.SharedKeyProperty.Length + 1;
        string damagedLine = line.Substring(0, at) + (line[at] == 'A' ? 'B' : 'A') + line.Substring(at + 1);
        using LtpaKeySet damaged = LtpaKeySet.FromKeyFile(original.Replace(line, damagedLine, StringComparison.Ordinal), Bytes(Password));
        LtpaKeySet genuine = Dev();

        Assert.Equal(genuine.PublicKeyFingerprint, damaged.PublicKeyFingerprint);
        Assert.NotEqual(genuine.SharedKeyFingerprint, damaged.SharedKeyFingerprint);
        Assert.NotEqual(genuine.Fingerprint, damaged.Fingerprint);
        Assert.Contains(damaged.SharedKeyFingerprint, damaged.DescribeFingerprints(), StringComparison.Ordinal);
        Assert.Contains("shared (3DES) keys differ", damaged.DescribeDifference(genuine), StringComparison.Ordinal);
        Assert.Null(genuine.DescribeDifference(Vectors.KeysFor("ltpa2-dev.json")));

        // A change in the last block breaks the PKCS#5 padding block: that much the format does detect.
        int last = line.Length - 5;
        string paddingLine = line.Substring(0, last) + (line[last] == 'A' ? 'B' : 'A') + line.Substring(last + 1);
        var padding = Assert.Throws<SametimeAdminException>(() => LtpaKeySet.FromKeyFile(original.Replace(line, paddingLine, StringComparison.Ordinal), Bytes(Password)));
        Assert.Equal("KeyFileCorrupted", padding.ErrorId);
    }

    [Fact]
    public void Fingerprints_never_contain_the_shared_key()
    {
        LtpaKeySet keys = Dev();
        string shownBase64 = Convert.ToBase64String(keys.ExportSharedKey());
        string shownHex = Convert.ToHexString(keys.ExportSharedKey());
        foreach (string text in new[] { keys.SharedKeyFingerprint, keys.Fingerprint, keys.ToString(), keys.DescribeFingerprints() })
        {
            Assert.DoesNotContain(shownBase64.Substring(0, 12), text, StringComparison.Ordinal);
            Assert.DoesNotContain(shownHex.Substring(0, 12), text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Matches("^SHA256:[A-Za-z0-9+/]{16}$", keys.SharedKeyFingerprint);
        Assert.Matches("^SHA256:[A-Za-z0-9+/]{43}$", keys.Fingerprint);
    }

    private static void SetItem(string path, string name, string item, string value)
    {
        using var store = new DxlDocumentStore(path);
        var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, name);
        store.Update(doc.Document, [NotesItemChange.Text(item, value)], new DocumentUpdateOptions());
    }

    private static WebSsoDocument Import(ScratchFolder scratch, string fixture, string copy, string name, LtpaKeySet keys)
    {
        string path = scratch.Copy(fixture, copy);
        using (var store = new DxlDocumentStore(path))
        {
            var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, name);
            store.Update(doc.Document, new WebSsoUpdate { Keys = keys, TokenFormat = SsoTokenFormat.LtpaToken2 }.Plan(doc), new DocumentUpdateOptions());
        }

        return Load(path);
    }

    private static WebSsoDocument Load(string path)
    {
        using var store = new DxlDocumentStore(path);
        return Assert.Single(WebSsoDocuments.Find(store, DominoItemMap.Default, null));
    }

    [Fact]
    public void A_broken_key_pair_in_one_document_leaves_every_other_finding_in_place()
    {
        using var scratch = new ScratchFolder();
        LtpaKeySet keys = Dev();
        WebSsoDocument good = Import(scratch, "websso-note-export.dxl", "inotes.dxl", "LtpaToken2", keys);
        WebSsoDocument imported = Import(scratch, "websso-import-document.dxl", "sametime.dxl", "LtpaToken", keys);
        SetItem(imported.Source, "LtpaToken", "LTPA_PrivateKey", Convert.ToBase64String(LegacyBlob(1, 1)));
        WebSsoDocument broken = Load(imported.Source);

        // Asked twice: the second answer must be the same error, not null because the first read was "already probed".
        string? first = broken.KeyReadError;
        Assert.NotNull(first);
        Assert.Contains("0 or 1", first, StringComparison.Ordinal);
        Assert.Equal(first, broken.KeyReadError);

        var findings = WebSsoRules.Evaluate([good, broken], new WebSsoExpectations { KeySet = keys, KeySource = "proxy/ltpa.keys" });

        var brokenKeys = Assert.Single(findings, f => f.Rule == "WebSphereKeys" && f.Source == broken.Source);
        Assert.Equal(FindingSeverity.Error, brokenKeys.Severity);
        Assert.Contains("0 or 1", brokenKeys.Message, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.Ok, Assert.Single(findings, f => f.Rule == "WebSphereKeys" && f.Source == good.Source).Severity);
        Assert.Equal(FindingSeverity.Ok, Assert.Single(findings, f => f.Rule == "KeysMatchKeyFile" && f.Source == good.Source).Severity);
        Assert.Contains(findings, f => f.Rule == "DomainLeadingDot" && f.Source == broken.Source);
        // One cause, one failure: the comparison across documents is skipped and points at the failed key rule.
        var across = Assert.Single(findings, f => f.Rule == "KeysMatchAcrossDocuments");
        Assert.Equal(FindingSeverity.Skipped, across.Severity);
        Assert.Contains("see WebSphereKeys", across.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_whose_shared_keys_differ_show_two_different_fingerprints()
    {
        using var scratch = new ScratchFolder();
        LtpaKeySet keys = Dev();
        WebSsoDocument good = Import(scratch, "websso-note-export.dxl", "inotes.dxl", "LtpaToken2", keys);
        WebSsoDocument imported = Import(scratch, "websso-import-document.dxl", "sametime.dxl", "LtpaToken", keys);
        byte[] shared = keys.ExportSharedKey();
        shared[0] ^= 0x01;
        SetItem(imported.Source, "LtpaToken", "LTPA_Secret", Convert.ToBase64String(shared));
        WebSsoDocument damaged = Load(imported.Source);

        Assert.Equal(good.PublicKeyFingerprint, damaged.PublicKeyFingerprint);
        Assert.NotEqual(good.SharedKeyFingerprint, damaged.SharedKeyFingerprint);
        Assert.Equal(keys.SharedKeyFingerprint, good.SharedKeyFingerprint);

        var findings = WebSsoRules.Evaluate([good, damaged], new WebSsoExpectations { KeySet = keys, KeySource = "proxy/ltpa.keys" });
        var across = Assert.Single(findings, f => f.Rule == "KeysMatchAcrossDocuments");
        Assert.Equal(FindingSeverity.Error, across.Severity);
        Assert.Contains(good.SharedKeyFingerprint!, across.Message, StringComparison.Ordinal);
        Assert.Contains(damaged.SharedKeyFingerprint!, across.Message, StringComparison.Ordinal);
        Assert.Contains("shared (3DES) keys differ", across.Message, StringComparison.Ordinal);
        var against = Assert.Single(findings, f => f.Rule == "KeysMatchKeyFile" && f.Source == damaged.Source);
        Assert.Contains(damaged.SharedKeyFingerprint!, against.Message, StringComparison.Ordinal);
        Assert.Contains(keys.SharedKeyFingerprint, against.Message, StringComparison.Ordinal);
    }
}
