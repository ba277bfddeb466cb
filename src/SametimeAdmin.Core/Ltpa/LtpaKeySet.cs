using System;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// One LTPA key set as WebSphere and Liberty keep it in ltpa.keys: a 24-byte shared (3DES) key and an RSA key
    /// pair, plus the descriptive properties. Secrets never leave it except through the internal Export* methods,
    /// and <see cref="Dispose"/> clears them. <see cref="ToString"/> shows only public facts.
    /// </summary>
    public sealed class LtpaKeySet : IDisposable
    {
        public const string DefaultRealm = "defaultRealm";
        public const string DefaultCreationHost = "localhost";
        public const string SupportedVersion = "1.0";
        internal const int SharedKeyLength = 24;

        private readonly object gate = new object();
        private byte[] sharedKey;
        private byte[] privateKeyBlob;
        private readonly byte[] publicKeyBlob;
        private readonly LtpaRsaKey rsa;
        private SymmetricAlgorithm? aes;
        private ICryptoTransform? aesEncryptor;
        private ICryptoTransform? aesDecryptor;
#if NET8_0_OR_GREATER
        private AesCbc128? aesNi;
#endif
        private SymmetricAlgorithm? tripleDes;
        private bool disposed;

        private LtpaKeySet(byte[] sharedKey, byte[] privateKeyBlob, byte[] publicKeyBlob, LtpaRsaKey rsa, string realm, string creationDate, string creationHost, string version, string? source)
        {
            this.sharedKey = sharedKey;
            this.privateKeyBlob = privateKeyBlob;
            this.publicKeyBlob = publicKeyBlob;
            this.rsa = rsa;
            Realm = realm;
            CreationDate = creationDate;
            CreationHost = creationHost;
            Version = version;
            Source = source;
            KeySize = rsa.KeySize;
            PublicKeyFingerprint = LtpaCrypto.Fingerprint(publicKeyBlob);
            SharedKeyFingerprint = SharedKeyFingerprintOf(sharedKey);
            Fingerprint = KeySetFingerprintOf(sharedKey, publicKeyBlob);
        }

        /// <summary>The realm recorded with the keys (com.ibm.websphere.ltpa.Realm).</summary>
        public string Realm { get; }

        /// <summary>The creation date as the file states it (Java Date.toString(), e.g. "Fri Nov 27 13:29:25 UTC 2026").</summary>
        public string CreationDate { get; }

        /// <summary>The creation date parsed from <see cref="CreationDate"/>, when it is in Java's Date.toString() form.</summary>
        public DateTimeOffset? Created => TryParseJavaDate(CreationDate);

        public string CreationHost { get; }

        public string Version { get; }

        /// <summary>RSA modulus size in bits (1024 for every WebSphere/Liberty key set outside FIPS mode).</summary>
        public int KeySize { get; }

        /// <summary>"SHA256:" + unpadded Base64 of SHA-256 over the public key blob (the RSA half of the key set).</summary>
        public string PublicKeyFingerprint { get; }

        /// <summary>
        /// "SHA256:" + 16 Base64 characters of a labelled SHA-256 over the 24-byte shared (3DES) key. The key is
        /// random, so the digest does not help anyone guess it; it shows a damaged or different shared key that the
        /// public key fingerprint cannot show.
        /// </summary>
        public string SharedKeyFingerprint { get; }

        /// <summary>
        /// "SHA256:" + unpadded Base64 of a labelled SHA-256 over the shared key and the public key blob: equal only
        /// for the same whole key set (the private key is bound to the public key when the set is read).
        /// </summary>
        public string Fingerprint { get; }

        /// <summary>The file the key set was read from, or null.</summary>
        public string? Source { get; }

        /// <summary>The public key blob as stored in the file (00 || n || e). Not secret; a copy.</summary>
        internal byte[] PublicKeyBlob => (byte[])publicKeyBlob.Clone();

        internal LtpaRsaKey RsaKey
        {
            get
            {
                ThrowIfDisposed();
                return rsa;
            }
        }

        /// <summary>Generates a key set as Liberty does: random 24-byte shared key, RSA-1024 with e = 65537, larger prime first.</summary>
        public static LtpaKeySet Generate(string realm = DefaultRealm, string creationHost = DefaultCreationHost)
        {
            ValidateText(realm, nameof(realm));
            ValidateText(creationHost, nameof(creationHost));
            byte[] shared = new byte[SharedKeyLength];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(shared);
            }

            for (int attempt = 0; attempt < 20; attempt++)
            {
                RSAParameters parameters;
                using (RSA generator = RSA.Create())
                {
                    generator.KeySize = 1024;
                    parameters = generator.ExportParameters(true);
                }

                try
                {
                    BigInteger n = LtpaCrypto.ToUnsigned(parameters.Modulus!);
                    BigInteger e = LtpaCrypto.ToUnsigned(parameters.Exponent!);
                    BigInteger p = LtpaCrypto.ToUnsigned(parameters.P!);
                    BigInteger q = LtpaCrypto.ToUnsigned(parameters.Q!);
                    BigInteger d = LtpaCrypto.ToUnsigned(parameters.D!);
                    if (LtpaCrypto.BitLength(n) != 1024 || e != 65537 || LtpaCrypto.BitLength(p) != 512 || LtpaCrypto.BitLength(q) != 512)
                    {
                        continue;
                    }

                    var key = new LtpaRsaKey(n, e, d, p, q);
                    byte[] privateBlob = EncodePrivateKeyBlob(key);
                    byte[] publicBlob = EncodePublicKeyBlob(key);
                    string now = JavaProperties.FormatJavaDate(DateTimeOffset.UtcNow);
                    return new LtpaKeySet(shared, privateBlob, publicBlob, key, realm, now, creationHost, SupportedVersion, null);
                }
                finally
                {
                    LtpaRsaKey.ClearParameters(parameters);
                }
            }

            throw new SametimeAdminException("KeyGenerationFailed", FailureKind.InvalidOperation,
                "This platform's RSA generator did not produce a 1024-bit key with e = 65537 and 512-bit primes.");
        }

        /// <summary>Builds a key set from raw material (a 24-byte shared key and the two blobs as ltpa.keys holds them, decrypted).</summary>
        public static LtpaKeySet FromMaterial(byte[] sharedKey, byte[] privateKeyBlob, byte[] publicKeyBlob, string realm)
        {
            if (sharedKey == null || privateKeyBlob == null || publicKeyBlob == null)
            {
                throw new ArgumentNullException(sharedKey == null ? nameof(sharedKey) : privateKeyBlob == null ? nameof(privateKeyBlob) : nameof(publicKeyBlob));
            }

            ValidateText(realm, nameof(realm));
            if (sharedKey.Length != SharedKeyLength)
            {
                throw new SametimeAdminException("KeyMaterialInvalid", FailureKind.InvalidArgument, "The shared key must be 24 bytes long.");
            }

            LtpaRsaKey? key = ParseKeyPair(privateKeyBlob, publicKeyBlob, out string? problem);
            if (key == null)
            {
                throw new SametimeAdminException("KeyMaterialInvalid", FailureKind.InvalidArgument, "The RSA key material is not usable: " + problem);
            }

            return new LtpaKeySet((byte[])sharedKey.Clone(), (byte[])privateKeyBlob.Clone(), (byte[])publicKeyBlob.Clone(), key, realm,
                JavaProperties.FormatJavaDate(DateTimeOffset.UtcNow), DefaultCreationHost, SupportedVersion, null);
        }

        /// <summary>Reads the text of an ltpa.keys file. Every problem is a <see cref="SametimeAdminException"/> (see <see cref="LtpaKeyFile"/>).</summary>
        public static LtpaKeySet FromKeyFile(string text, byte[] password, string? source = null)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            if (password == null)
            {
                throw new ArgumentNullException(nameof(password));
            }

            LtpaKeyFile.Contents contents = LtpaKeyFile.ParseText(text, source);
            byte[] passwordKey = LtpaCrypto.PasswordKey(password);
            byte[]? shared = null;
            byte[]? privateBlob = null;
            try
            {
                shared = LtpaKeyFile.Decrypt(passwordKey, contents.EncryptedSharedKey, source);
                privateBlob = LtpaKeyFile.Decrypt(passwordKey, contents.EncryptedPrivateKey, source);
                bool sharedOk = shared != null && shared.Length == SharedKeyLength;
                string? problem = null;
                KeyPairProblem kind = KeyPairProblem.Layout;
                LtpaRsaKey? key = privateBlob == null ? null : ParseKeyPair(privateBlob, contents.PublicKey, out problem, out kind);
                if (sharedOk && key == null && kind == KeyPairProblem.Invalid)
                {
                    // The password is right (both values decrypt and have their layout), but the RSA numbers are broken.
                    throw LtpaKeyFile.InvalidKey(problem!, source);
                }

                bool privateStructureOk = privateBlob != null && kind != KeyPairProblem.Layout && kind != KeyPairProblem.Invalid;
                if (sharedOk && key != null)
                {
                    var keySet = new LtpaKeySet(shared!, privateBlob!, contents.PublicKey, key, contents.Realm, contents.CreationDate, contents.CreationHost, contents.Version, source);
                    shared = null;
                    privateBlob = null;
                    return keySet;
                }

                key?.Dispose();
                throw LtpaKeyFile.DecryptionFailure(sharedOk, privateStructureOk, source);
            }
            finally
            {
                LtpaCrypto.Clear(passwordKey, shared, privateBlob);
            }
        }

        /// <summary>
        /// The ltpa.keys text Liberty writes (Properties.store order of a fresh Liberty file, '#'+Date.toString() header,
        /// version 1.0), with the two secret properties encrypted under the password. <paramref name="creationTime"/>
        /// becomes both the header date and the CreationDate property.
        /// </summary>
        public string ToKeyFileText(byte[] password, DateTimeOffset creationTime, string newline = "\n") =>
            ToKeyFileText(password, JavaProperties.FormatJavaDate(creationTime), creationTime, newline);

        /// <summary>
        /// The ltpa.keys text with the key set's own <see cref="CreationDate"/> kept as it is (keys read from a file keep
        /// the date they were made); the header records when the file is written (<paramref name="writeTime"/>).
        /// </summary>
        public string ToKeyFileTextKeepingCreationDate(byte[] password, DateTimeOffset writeTime, string newline = "\n") =>
            ToKeyFileText(password, string.IsNullOrEmpty(CreationDate) ? JavaProperties.FormatJavaDate(writeTime) : CreationDate, writeTime, newline);

        private string ToKeyFileText(byte[] password, string creationDate, DateTimeOffset writeTime, string newline)
        {
            if (password == null)
            {
                throw new ArgumentNullException(nameof(password));
            }

            if (newline != "\n" && newline != "\r\n")
            {
                throw new ArgumentException("The line separator must be \\n or \\r\\n.", nameof(newline));
            }

            ThrowIfDisposed();
            byte[] passwordKey = LtpaCrypto.PasswordKey(password);
            try
            {
                var properties = new JavaProperties();
                properties.Set(LtpaKeyFile.VersionProperty, SupportedVersion);
                properties.Set(LtpaKeyFile.SharedKeyProperty, Convert.ToBase64String(LtpaCrypto.TripleDesEcbEncrypt(passwordKey, sharedKey)));
                properties.Set(LtpaKeyFile.PrivateKeyProperty, Convert.ToBase64String(LtpaCrypto.TripleDesEcbEncrypt(passwordKey, privateKeyBlob)));
                properties.Set(LtpaKeyFile.CreationHostProperty, CreationHost);
                properties.Set(LtpaKeyFile.RealmProperty, Realm);
                properties.Set(LtpaKeyFile.PublicKeyProperty, Convert.ToBase64String(publicKeyBlob));
                properties.Set(LtpaKeyFile.CreationDateProperty, creationDate);
                return properties.ToText(null, JavaProperties.FormatJavaDate(writeTime), newline);
            }
            finally
            {
                LtpaCrypto.Clear(passwordKey);
            }
        }

        /// <summary>True when both key sets hold the same shared key and the same RSA key pair.</summary>
        public bool HasSameKeys(LtpaKeySet other) => HasSameSharedKey(other) && HasSameKeyPair(other);

        /// <summary>True when both key sets hold the same 24-byte shared (3DES) key.</summary>
        public bool HasSameSharedKey(LtpaKeySet other)
        {
            if (other == null)
            {
                throw new ArgumentNullException(nameof(other));
            }

            ThrowIfDisposed();
            other.ThrowIfDisposed();
            return LtpaCrypto.FixedTimeEquals(sharedKey, other.sharedKey);
        }

        /// <summary>True when both key sets hold the same RSA key pair.</summary>
        public bool HasSameKeyPair(LtpaKeySet other)
        {
            if (other == null)
            {
                throw new ArgumentNullException(nameof(other));
            }

            ThrowIfDisposed();
            other.ThrowIfDisposed();
            return rsa.Modulus == other.rsa.Modulus && rsa.Exponent == other.rsa.Exponent && rsa.P == other.rsa.P;
        }

        /// <summary>Which half of two key sets differs, in words (null when they are the same keys).</summary>
        public string? DescribeDifference(LtpaKeySet other)
        {
            bool sameShared = HasSameSharedKey(other);
            bool samePair = HasSameKeyPair(other);
            if (sameShared && samePair)
            {
                return null;
            }

            if (samePair)
            {
                return "the RSA key pairs are the same but the shared (3DES) keys differ: one shared key was damaged or edited, or comes from another key file";
            }

            return sameShared
                ? "the shared keys are the same but the RSA key pairs differ: one key pair was replaced"
                : "both the shared keys and the RSA key pairs differ: they are different key sets";
        }

        /// <summary>A copy of the 24-byte shared key. The caller must clear it.</summary>
        internal byte[] ExportSharedKey()
        {
            ThrowIfDisposed();
            return (byte[])sharedKey.Clone();
        }

        /// <summary>A copy of the decrypted private key blob (the layout ltpa.keys encrypts). The caller must clear it.</summary>
        internal byte[] ExportPrivateKeyBlob()
        {
            ThrowIfDisposed();
            return (byte[])privateKeyBlob.Clone();
        }

        /// <summary>
        /// AES-128-CBC with key = IV = the first 16 bytes of the shared key (LtpaToken2); with AES-NI on .NET 8 or later
        /// by <see cref="AesCbc128"/>, otherwise by the platform's cipher.
        /// </summary>
        internal byte[] AesEncrypt(byte[] plaintext)
        {
            lock (gate)
            {
                ThrowIfDisposed();
#if NET8_0_OR_GREATER
                if (AesCbc128.IsSupported)
                {
                    return (aesNi ??= new AesCbc128(sharedKey, 0, sharedKey, 0)).EncryptPkcs7(plaintext);
                }
#endif
                EnsureAes();
                byte[] result = aesEncryptor!.TransformFinalBlock(plaintext, 0, plaintext.Length);
                if (!aesEncryptor.CanReuseTransform)
                {
                    aesEncryptor.Dispose();
                    aesEncryptor = aes!.CreateEncryptor();
                }

                return result;
            }
        }

        /// <summary>AES-128-CBC decryption; null when the length or the padding is wrong (other keys, or a damaged token).</summary>
        internal byte[]? AesDecrypt(byte[] ciphertext)
        {
            if (ciphertext.Length == 0 || ciphertext.Length % 16 != 0)
            {
                return null;
            }

            byte[] raw;
            lock (gate)
            {
                ThrowIfDisposed();
#if NET8_0_OR_GREATER
                if (AesCbc128.IsSupported)
                {
                    raw = (aesNi ??= new AesCbc128(sharedKey, 0, sharedKey, 0)).DecryptRaw(ciphertext);
                }
                else
#endif
                {
                    EnsureAes();
                    raw = aesDecryptor!.TransformFinalBlock(ciphertext, 0, ciphertext.Length);
                    if (!aesDecryptor.CanReuseTransform)
                    {
                        aesDecryptor.Dispose();
                        aesDecryptor = aes!.CreateDecryptor();
                    }
                }
            }

            byte[]? plain = LtpaCrypto.StripPkcs7(raw, 16);
            Array.Clear(raw, 0, raw.Length);
            return plain;
        }

        /// <summary>3DES-EDE-ECB with the full 24-byte shared key (WebSphere LtpaToken).</summary>
        internal byte[] TripleDesEncrypt(byte[] plaintext)
        {
            lock (gate)
            {
                ThrowIfDisposed();
                using (ICryptoTransform encryptor = EnsureTripleDes().CreateEncryptor())
                {
                    return encryptor.TransformFinalBlock(plaintext, 0, plaintext.Length);
                }
            }
        }

        internal byte[]? TripleDesDecrypt(byte[] ciphertext)
        {
            if (ciphertext.Length == 0 || ciphertext.Length % 8 != 0)
            {
                return null;
            }

            byte[] raw;
            lock (gate)
            {
                ThrowIfDisposed();
                SymmetricAlgorithm des = EnsureTripleDes();
                des.Padding = PaddingMode.None;
                try
                {
                    using (ICryptoTransform decryptor = des.CreateDecryptor())
                    {
                        raw = decryptor.TransformFinalBlock(ciphertext, 0, ciphertext.Length);
                    }
                }
                finally
                {
                    des.Padding = PaddingMode.PKCS7;
                }
            }

            byte[]? plain = LtpaCrypto.StripPkcs7(raw, 8);
            Array.Clear(raw, 0, raw.Length);
            return plain;
        }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "LTPA key set (realm {0}, RSA-{1}, {2})", Realm, KeySize, Fingerprint);

        /// <summary>"shared key SHA256:..., public key SHA256:...": both halves, for messages that compare key sets.</summary>
        public string DescribeFingerprints() => DescribeFingerprints(SharedKeyFingerprint, PublicKeyFingerprint);

        internal static string DescribeFingerprints(string? shared, string? publicKey) =>
            "shared key " + (shared ?? "unreadable") + ", public key " + (publicKey ?? "unreadable");

        /// <summary>The shared key fingerprint of raw key bytes (what a Web SSO document holds).</summary>
        internal static string SharedKeyFingerprintOf(byte[] sharedKey) => LabelledFingerprint("LTPA shared key", 12, sharedKey);

        internal static string KeySetFingerprintOf(byte[] sharedKey, byte[] publicKeyBlob) => LabelledFingerprint("LTPA key set", 32, sharedKey, publicKeyBlob);

        private static string LabelledFingerprint(string label, int length, params byte[][] parts)
        {
            byte[][] all = new byte[parts.Length + 1][];
            all[0] = LtpaCrypto.Latin1.GetBytes(label + "\0");
            Array.Copy(parts, 0, all, 1, parts.Length);
            byte[] data = LtpaCrypto.Concat(all);
            try
            {
                return LtpaCrypto.Fingerprint(data, length);
            }
            finally
            {
                LtpaCrypto.Clear(data);
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                if (disposed)
                {
                    return;
                }

                disposed = true;
                aesEncryptor?.Dispose();
                aesDecryptor?.Dispose();
                aes?.Dispose();
#if NET8_0_OR_GREATER
                aesNi?.Dispose();
#endif
                tripleDes?.Dispose();
                rsa.Dispose();
                LtpaCrypto.Clear(sharedKey, privateKeyBlob);
            }
        }

        private void EnsureAes()
        {
            if (aes != null)
            {
                return;
            }

            byte[] key = new byte[16];
            Buffer.BlockCopy(sharedKey, 0, key, 0, 16);
            var created = Aes.Create();
            created.Mode = CipherMode.CBC;
            created.Padding = PaddingMode.None;
            created.Key = key;
            created.IV = key;
            Array.Clear(key, 0, key.Length);
            aesDecryptor = created.CreateDecryptor();
            created.Padding = PaddingMode.PKCS7;
            aesEncryptor = created.CreateEncryptor();
            aes = created;
        }

        private SymmetricAlgorithm EnsureTripleDes()
        {
            if (tripleDes == null)
            {
                try
                {
                    tripleDes = LtpaCrypto.CreateTripleDes(sharedKey, PaddingMode.PKCS7);
                }
                catch (WeakKeyException ex)
                {
                    throw new SametimeAdminException("SharedKeyWeak", FailureKind.InvalidData,
                        "The shared key of this key set is a weak 3DES key, which this platform refuses for LtpaToken (version 1) tokens. Generate new keys.", ex);
                }
            }

            return tripleDes;
        }

        private void ThrowIfDisposed()
        {
            if (disposed)
            {
                throw new ObjectDisposedException(nameof(LtpaKeySet), "The key set was disposed and its secrets cleared.");
            }
        }

        private static void ValidateText(string value, string name)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException("A value is required.", name);
            }
        }

        internal static DateTimeOffset? TryParseJavaDate(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            // "EEE MMM dd HH:mm:ss zzz yyyy": the zone abbreviation is ambiguous except for UTC/GMT and GMT+hh:mm.
            string[] parts = text!.Split(' ');
            if (parts.Length != 6)
            {
                return null;
            }

            string zone = parts[4];
            TimeSpan offset;
            if (zone == "UTC" || zone == "GMT" || zone == "Z")
            {
                offset = TimeSpan.Zero;
            }
            else if (zone.StartsWith("GMT", StringComparison.Ordinal) && zone.Length == 9 &&
                TimeSpan.TryParseExact(zone.Substring(4), "hh\\:mm", CultureInfo.InvariantCulture, out TimeSpan parsed))
            {
                offset = zone[3] == '-' ? parsed.Negate() : parsed;
            }
            else
            {
                return null;
            }

            string local = parts[1] + " " + parts[2] + " " + parts[5] + " " + parts[3];
            if (DateTime.TryParseExact(local, "MMM dd yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime dt))
            {
                return new DateTimeOffset(dt, offset);
            }

            return null;
        }

        /// <summary>The modern private key blob: be32 length of d | d (Java two's complement) | e (3) | p (65) | q (65).</summary>
        internal static byte[] EncodePrivateKeyBlob(LtpaRsaKey key)
        {
            byte[] d = LtpaCrypto.ToJavaBytes(key.D);
            int half = key.ModulusBytes / 2 + 1;
            byte[] e = LtpaCrypto.ToFixed(key.Exponent, 3);
            byte[] p = LtpaCrypto.ToFixed(key.P, half);
            byte[] q = LtpaCrypto.ToFixed(key.Q, half);
            byte[] blob = new byte[4 + d.Length + e.Length + p.Length + q.Length];
            blob[0] = (byte)(d.Length >> 24);
            blob[1] = (byte)(d.Length >> 16);
            blob[2] = (byte)(d.Length >> 8);
            blob[3] = (byte)d.Length;
            int offset = 4;
            foreach (byte[] part in new[] { d, e, p, q })
            {
                Buffer.BlockCopy(part, 0, blob, offset, part.Length);
                offset += part.Length;
            }

            LtpaCrypto.Clear(d, p, q);
            return blob;
        }

        internal static byte[] EncodePublicKeyBlob(LtpaRsaKey key)
        {
            byte[] n = LtpaCrypto.ToFixed(key.Modulus, key.ModulusBytes + 1);
            byte[] e = LtpaCrypto.ToFixed(key.Exponent, 3);
            byte[] blob = new byte[n.Length + e.Length];
            Buffer.BlockCopy(n, 0, blob, 0, n.Length);
            Buffer.BlockCopy(e, 0, blob, n.Length, e.Length);
            return blob;
        }

        private static bool TrySplitPrivateKeyBlob(byte[] blob, out BigInteger d, out BigInteger e, out BigInteger p, out BigInteger q)
        {
            d = e = p = q = BigInteger.Zero;
            int offset;
            int length;
            if (blob.Length <= 133)
            {
                // Legacy (R3.02) blob: e(3) | p | q without d.
                if (blob.Length < 9 || (blob.Length - 3) % 2 != 0)
                {
                    return false;
                }

                offset = 0;
                length = -1;
            }
            else
            {
                length = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
                int rest = blob.Length - 4 - length;
                if (length <= 0 || length > blob.Length - 4 || rest < 9 || (rest - 3) % 2 != 0)
                {
                    return false;
                }

                offset = 4 + length;
            }

            int primeLength = (blob.Length - offset - 3) / 2;
            if (blob[offset + 3] != 0 || blob[offset + 3 + primeLength] != 0)
            {
                // Java BigInteger.toByteArray of a positive prime with the top bit set: the field starts with a 00 sign byte.
                return false;
            }

            e = LtpaCrypto.ToUnsigned(blob, offset, 3);
            p = LtpaCrypto.ToUnsigned(blob, offset + 3, primeLength);
            q = LtpaCrypto.ToUnsigned(blob, offset + 3 + primeLength, primeLength);
            if (e.IsZero || e.IsEven || p.IsZero || q.IsZero)
            {
                return false;
            }

            if (length > 0)
            {
                d = LtpaCrypto.ToUnsigned(blob, 4, length);
            }
            else
            {
                // Legacy blob: derive d = e^-1 mod (p-1)(q-1); primes of 0 or 1 are left for the key check to name.
                if (p <= 1 || q <= 1)
                {
                    d = BigInteger.One;
                    return true;
                }

                BigInteger phi = (p - 1) * (q - 1);
                if (!LtpaRsaKey.TryModInverse(e, phi, out d))
                {
                    return false;
                }
            }

            return !d.IsZero;
        }

        /// <summary>How two blobs fail to form one key pair.</summary>
        internal enum KeyPairProblem
        {
            None,

            /// <summary>The private key blob does not have the LTPA layout (a wrong password, practically always).</summary>
            Layout,

            /// <summary>Both blobs are well-formed RSA halves, but of different keys.</summary>
            Mismatch,

            /// <summary>The numbers do not form a usable RSA key (damaged or crafted).</summary>
            Invalid,
        }

        /// <summary>Parses both blobs and checks that they form one valid key pair; null (with the reason) when they do not.</summary>
        internal static LtpaRsaKey? ParseKeyPair(byte[] privateBlob, byte[] publicBlob, out string? problem) =>
            ParseKeyPair(privateBlob, publicBlob, out problem, out _);

        internal static LtpaRsaKey? ParseKeyPair(byte[] privateBlob, byte[] publicBlob, out string? problem, out KeyPairProblem kind)
        {
            if (publicBlob.Length < 4 + 3)
            {
                problem = "the public key is too short";
                kind = KeyPairProblem.Invalid;
                return null;
            }

            BigInteger n = LtpaCrypto.ToUnsigned(publicBlob, 0, publicBlob.Length - 3);
            BigInteger publicExponent = LtpaCrypto.ToUnsigned(publicBlob, publicBlob.Length - 3, 3);
            if (!TrySplitPrivateKeyBlob(privateBlob, out BigInteger d, out BigInteger e, out BigInteger p, out BigInteger q))
            {
                problem = "the private key does not have the LTPA layout";
                kind = KeyPairProblem.Layout;
                return null;
            }

            if (e != publicExponent)
            {
                problem = "the public exponent differs between the private and the public key";
                kind = KeyPairProblem.Mismatch;
                return null;
            }

            LtpaRsaKey? key = LtpaRsaKey.TryCreate(n, e, d, p, q, out problem, out bool modulusMismatch);
            kind = key != null ? KeyPairProblem.None : modulusMismatch ? KeyPairProblem.Mismatch : KeyPairProblem.Invalid;
            return key;
        }
    }
}
