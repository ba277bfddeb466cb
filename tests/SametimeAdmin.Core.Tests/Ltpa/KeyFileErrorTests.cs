using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Ltpa;

public sealed class KeyFileErrorTests : IDisposable
{
    private const string Password = "dev-LTPA-Passw0rd!";
    private readonly string folder = Directory.CreateTempSubdirectory("ltpa-keyfile-").FullName;
    private readonly string original = Fixtures.ReadText("vectors", "ltpa-dev.keys");

    public void Dispose() => Directory.Delete(folder, true);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private SametimeAdminException ReadFails(string text, string password = Password)
    {
        string path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".keys");
        File.WriteAllText(path, text, Encoding.Latin1);
        return Assert.Throws<SametimeAdminException>(() => LtpaKeyFile.Read(path, Bytes(password)));
    }

    private string Replace(string property, string newValue)
    {
        var lines = original.Split('\n').Select(l => l.StartsWith(property + "=", StringComparison.Ordinal) ? property + "=" + newValue : l);
        return string.Join("\n", lines);
    }

    [Fact]
    public void MissingPathFolderAndEmptyFile()
    {
        var missing = Assert.Throws<SametimeAdminException>(() => LtpaKeyFile.Read(Path.Combine(folder, "nope.keys"), Bytes(Password)));
        Assert.Equal(("KeyFileNotFound", FailureKind.ObjectNotFound), (missing.ErrorId, missing.Kind));
        var missingFolder = Assert.Throws<SametimeAdminException>(() => LtpaKeyFile.Read(Path.Combine(folder, "no", "such.keys"), Bytes(Password)));
        Assert.Equal("KeyFileNotFound", missingFolder.ErrorId);
        var directory = Assert.Throws<SametimeAdminException>(() => LtpaKeyFile.Read(folder, Bytes(Password)));
        Assert.Equal(("KeyFileIsDirectory", FailureKind.InvalidArgument), (directory.ErrorId, directory.Kind));
        Assert.Equal("KeyFileEmpty", ReadFails(string.Empty).ErrorId);
        Assert.Equal("KeyFileEmpty", ReadFails("  \r\n\t\n").ErrorId);
    }

    [Fact]
    public void UnreadableFileIsPermissionDenied()
    {
        // Root can read anything, so the mapping is checked with a file another process holds exclusively where that works,
        // and through the exception mapping of a path that cannot be opened otherwise.
        string path = Path.Combine(folder, "locked.keys");
        File.WriteAllText(path, original);
        if (OperatingSystem.IsWindows())
        {
            using var handle = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            var ex = Assert.Throws<SametimeAdminException>(() => LtpaKeyFile.Read(path, Bytes(Password)));
            Assert.Equal("KeyFileUnreadable", ex.ErrorId);
        }
        else
        {
            // /proc/self/mem exists but cannot be read from offset 0: an IOException, which must map to KeyFileUnreadable.
            var ex = Assert.Throws<SametimeAdminException>(() => LtpaKeyFile.Read("/proc/self/mem", Bytes(Password)));
            Assert.Equal("KeyFileUnreadable", ex.ErrorId);
            Assert.Equal(FailureKind.ReadError, ex.Kind);
        }
    }

    [Fact]
    public void PropertyProblems()
    {
        var missing = ReadFails(Replace(LtpaKeyFile.PrivateKeyProperty, string.Empty));
        Assert.Equal(("KeyFileMissingProperty", FailureKind.InvalidData), (missing.ErrorId, missing.Kind));
        Assert.Contains(LtpaKeyFile.PrivateKeyProperty, missing.Message, StringComparison.Ordinal);
        Assert.Equal("KeyFileMissingProperty", ReadFails(string.Join("\n", original.Split('\n').Where(l => !l.StartsWith(LtpaKeyFile.PublicKeyProperty, StringComparison.Ordinal)))).ErrorId);
        Assert.Equal("KeyFileNotBase64", ReadFails(Replace(LtpaKeyFile.SharedKeyProperty, "6W848VD5uQL4VY9U/GzVJkZp06+pBrW30jiQENwg*hLI\\=")).ErrorId);
        Assert.Equal("KeyFileMalformed", ReadFails("just some text\nwithout = ltpa properties\n").ErrorId);
        Assert.Equal("KeyFileMalformed", ReadFails(original + "com.ibm.websphere.bad=\\u12\n").ErrorId);
        var fips = ReadFails(Replace(LtpaKeyFile.VersionProperty, "2.0"));
        Assert.Equal(("KeyFileUnsupportedVersion", FailureKind.NotImplemented), (fips.ErrorId, fips.Kind));
        Assert.Contains("FIPS", fips.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedAndEditedValuesAreToldApartFromAWrongPassword()
    {
        string privateKey = original.Split('\n').Single(l => l.StartsWith(LtpaKeyFile.PrivateKeyProperty, StringComparison.Ordinal)).Split('=', 2)[1].Replace("\\=", "=", StringComparison.Ordinal);
        byte[] encrypted = Convert.FromBase64String(privateKey);
        encrypted[100] ^= 0x40;
        var damaged = ReadFails(Replace(LtpaKeyFile.PrivateKeyProperty, Convert.ToBase64String(encrypted).Replace("=", "\\=", StringComparison.Ordinal)));
        Assert.Equal("KeyFileCorrupted", damaged.ErrorId);

        Assert.Equal("KeyFileCorrupted", ReadFails(Replace(LtpaKeyFile.PrivateKeyProperty, Convert.ToBase64String(encrypted.AsSpan(0, 260).ToArray()))).ErrorId);

        string otherPublic = Fixtures.ReadText("vectors", "ltpa-dev-d129.keys").Split('\n').Single(l => l.StartsWith(LtpaKeyFile.PublicKeyProperty, StringComparison.Ordinal)).Split('=', 2)[1];
        var mismatch = ReadFails(Replace(LtpaKeyFile.PublicKeyProperty, otherPublic));
        Assert.Equal(("KeyFileKeyMismatch", FailureKind.InvalidData), (mismatch.ErrorId, mismatch.Kind));

        var wrong = ReadFails(original, "not the password");
        Assert.Equal(("KeyFileWrongPassword", FailureKind.SecurityError), (wrong.ErrorId, wrong.Kind));
        Assert.NotNull(wrong.RecommendedAction);
    }

    [Fact]
    public void WrongPasswordsWhosePaddingHappensToBeValidAreStillWrongPasswords()
    {
        // About one wrong password in 256 decrypts PrivateKey with valid PKCS#5 padding: the structure check must catch it.
        string privateKey = original.Split('\n').Single(l => l.StartsWith(LtpaKeyFile.PrivateKeyProperty, StringComparison.Ordinal)).Split('=', 2)[1].Replace("\\=", "=", StringComparison.Ordinal);
        byte[] encrypted = Convert.FromBase64String(privateKey);
        int found = 0;
        for (int i = 0; i < 20000 && found < 3; i++)
        {
            string candidate = "wrong-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (LtpaCrypto.TripleDesEcbDecrypt(LtpaCrypto.PasswordKey(Bytes(candidate)), encrypted) == null)
            {
                continue;
            }

            found++;
            var ex = Assert.Throws<SametimeAdminException>(() => LtpaKeySet.FromKeyFile(original, Bytes(candidate)));
            Assert.Equal("KeyFileWrongPassword", ex.ErrorId);
        }

        Assert.Equal(3, found);
    }

    [Fact]
    public void CrLfWebSphereHeaderAnyOrderAndLegacyPrivateBlob()
    {
        string reordered = "#IBM WebSphere Application Server key file\r\n" + string.Join("\r\n", original.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Reverse()) + "\r\n";
        using LtpaKeySet keys = LtpaKeySet.FromKeyFile(reordered, Bytes(Password));
        Assert.True(keys.HasSameKeys(Vectors.KeysFor("ltpa2-dev.json")));

        // Legacy R3.02 blob: e | p | q without d; d is derived and signatures stay identical.
        byte[] blob = keys.ExportPrivateKeyBlob();
        int dLength = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
        byte[] legacy = blob.AsSpan(4 + dLength).ToArray();
        Assert.Equal(133, legacy.Length);
        using LtpaKeySet fromLegacy = LtpaKeySet.FromMaterial(keys.ExportSharedKey(), legacy, keys.PublicKeyBlob, "defaultRealm");
        Assert.True(fromLegacy.HasSameKeys(keys));
        DateTimeOffset expiration = DateTimeOffset.FromUnixTimeMilliseconds(4102444800000);
        Assert.Equal(LtpaToken2.Mint(keys, "user:defaultRealm/alice", expiration), LtpaToken2.Mint(fromLegacy, "user:defaultRealm/alice", expiration));
    }

    [Fact]
    public void GeneratedKeysRoundTripThroughTheKeyFile()
    {
        using LtpaKeySet generated = LtpaKeySet.Generate("ldap.example.org:389", "proxy01");
        Assert.Equal(1024, generated.KeySize);
        Assert.Equal("1.0", generated.Version);
        Assert.Null(generated.Source);
        byte[] blob = generated.ExportPrivateKeyBlob();
        int dLength = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
        Assert.InRange(dLength, 100, 129);
        Assert.Equal(new byte[] { 1, 0, 1 }, blob.AsSpan(4 + dLength, 3).ToArray());
        Assert.True(LtpaCrypto.ToUnsigned(blob, 7 + dLength, 65) > LtpaCrypto.ToUnsigned(blob, 72 + dLength, 65));
        Assert.Equal(24, generated.ExportSharedKey().Length);

        string text = generated.ToKeyFileText(Bytes("s3cret"), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), "\r\n");
        Assert.StartsWith("#Fri Jan 02 03:04:05 UTC 2026\r\ncom.ibm.websphere.ltpa.version=1.0\r\n", text, StringComparison.Ordinal);
        Assert.Contains("com.ibm.websphere.ltpa.Realm=ldap.example.org\\:389\r\n", text, StringComparison.Ordinal);
        using LtpaKeySet back = LtpaKeySet.FromKeyFile(text, Bytes("s3cret"), "memory");
        Assert.True(back.HasSameKeys(generated));
        Assert.Equal("ldap.example.org:389", back.Realm);
        Assert.Equal("proxy01", back.CreationHost);
        Assert.Equal("Fri Jan 02 03:04:05 UTC 2026", back.CreationDate);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), back.Created);
        Assert.Equal(generated.PublicKeyFingerprint, back.PublicKeyFingerprint);
        Assert.DoesNotContain("s3cret", back.ToString(), StringComparison.Ordinal);
        Assert.False(back.HasSameKeys(Vectors.KeysFor("ltpa2-dev.json")));

        // Tokens minted with the new keys verify with the keys read back.
        string token = LtpaToken2.Mint(generated, "user:ldap.example.org:389/alice", DateTimeOffset.UtcNow.AddHours(2));
        Assert.Equal(LtpaTokenVerdict.Valid, LtpaToken2.Decode(token, back).Verdict);
        string v1 = WebSphereLtpaToken.Mint(generated, "user:ldap.example.org:389/alice", DateTimeOffset.UtcNow.AddHours(2));
        Assert.Equal(LtpaTokenVerdict.Valid, WebSphereLtpaToken.Decode(v1, back).Verdict);
    }

    [Fact]
    public void DisposeClearsSecretsAndBlocksUse()
    {
        LtpaKeySet keys = LtpaKeySet.Generate();
        keys.Dispose();
        Assert.Throws<ObjectDisposedException>(() => keys.ExportSharedKey());
        Assert.Throws<ObjectDisposedException>(() => LtpaToken2.Mint(keys, "user:defaultRealm/a", DateTimeOffset.UtcNow));
    }

    [Fact]
    public void XorPasswordsDecodeAsLibertyEncodesThem()
    {
        // securityUtility encode --encoding=xor "password" gives {xor}Lz4sLCgwLTs= (XOR 0x5F, Base64).
        Assert.Equal("password", Encoding.UTF8.GetString(LtpaPassword.DecodeXor("{xor}Lz4sLCgwLTs=")));
        Assert.Equal("{xor}Lz4sLCgwLTs=", LtpaPassword.EncodeXor(Bytes("password")));
        Assert.Equal("plain", Encoding.UTF8.GetString(LtpaPassword.DecodeXor("plain")));
        Assert.Equal("PasswordEncodingUnsupported", Assert.Throws<SametimeAdminException>(() => LtpaPassword.DecodeXor("{aes}AEmVKa")).ErrorId);
        Assert.Equal("PasswordEncodingInvalid", Assert.Throws<SametimeAdminException>(() => LtpaPassword.DecodeXor("{xor}%%%")).ErrorId);
    }

    [Fact]
    public void AccessIds()
    {
        Assert.Equal("user:ldap.example.org:389/uid=a,o=b", LtpaAccessId.Build("user", "ldap.example.org:389", "uid=a,o=b"));
        Assert.True(LtpaAccessId.TrySplit("user:9.3.179.80:5389/CN=A/O=B", out string type, out string realm, out string id));
        Assert.Equal(("user", "9.3.179.80:5389", "CN=A/O=B"), (type, realm, id));
        Assert.True(LtpaAccessId.TrySplit("user:https://sts.example.com/alice", out _, out realm, out id));
        Assert.Equal(("https://sts.example.com", "alice"), (realm, id));
        Assert.False(LtpaAccessId.TrySplit("alice", out _, out _, out _));
        Assert.Equal("AccessIdInvalid", Assert.Throws<SametimeAdminException>(() => LtpaAccessId.Build("user", "a/b", "c")).ErrorId);
    }
}
