using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// Reads and writes WebSphere/Liberty ltpa.keys files. Every expected read failure is a <see cref="SametimeAdminException"/>
    /// with one of these ErrorIds: KeyFileNotFound, KeyFileIsDirectory, KeyFileUnreadable, KeyFileEmpty,
    /// KeyFileMalformed, KeyFileMissingProperty, KeyFileNotBase64, KeyFileUnsupportedVersion,
    /// KeyFileWrongPassword, KeyFileCorrupted, KeyFileKeyMismatch.
    /// </summary>
    public static class LtpaKeyFile
    {
        public const string SharedKeyProperty = "com.ibm.websphere.ltpa.3DESKey";
        public const string PrivateKeyProperty = "com.ibm.websphere.ltpa.PrivateKey";
        public const string PublicKeyProperty = "com.ibm.websphere.ltpa.PublicKey";
        public const string RealmProperty = "com.ibm.websphere.ltpa.Realm";
        public const string VersionProperty = "com.ibm.websphere.ltpa.version";
        public const string CreationDateProperty = "com.ibm.websphere.CreationDate";
        public const string CreationHostProperty = "com.ibm.websphere.CreationHost";

        /// <summary>Real key files are under 2 KB; anything this big is not one.</summary>
        internal const int MaxFileBytes = 1024 * 1024;

        /// <summary>Reads and decrypts a key file. The password is the key file password as UTF-8 bytes.</summary>
        public static LtpaKeySet Read(string path, byte[] password)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            if (password == null)
            {
                throw new ArgumentNullException(nameof(password));
            }

            string text = ReadText(path);
            return LtpaKeySet.FromKeyFile(text, password, path);
        }

        /// <summary>Reads the file as ISO-8859-1 text (what Properties.load(InputStream) does), mapping IO failures to ErrorIds.</summary>
        public static string ReadText(string path)
        {
            byte[] bytes;
            try
            {
                if (Directory.Exists(path))
                {
                    throw new SametimeAdminException("KeyFileIsDirectory", FailureKind.InvalidArgument,
                        $"'{path}' is a folder, not an LTPA key file.") { RecommendedAction = "Give the path of the ltpa.keys file itself." };
                }

                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    throw new SametimeAdminException("KeyFileNotFound", FailureKind.ObjectNotFound,
                        $"The LTPA key file '{path}' does not exist.")
                    { RecommendedAction = "Check the path. Liberty keeps the keys in ${server.output.dir}/resources/security/ltpa.keys; WebSphere exports them where you chose." };
                }

                if (info.Length > MaxFileBytes)
                {
                    throw new SametimeAdminException("KeyFileMalformed", FailureKind.InvalidData,
                        $"'{path}' is {info.Length} bytes long; an LTPA key file is about 1 KB. This is not a key file.");
                }

                bytes = File.ReadAllBytes(path);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new SametimeAdminException("KeyFileUnreadable", FailureKind.PermissionDenied,
                    $"Access to the LTPA key file '{path}' was denied.", ex) { RecommendedAction = "Run as an account that may read the file (key files are usually readable by their owner only)." };
            }
            catch (System.Security.SecurityException ex)
            {
                throw new SametimeAdminException("KeyFileUnreadable", FailureKind.PermissionDenied,
                    $"Access to the LTPA key file '{path}' was denied.", ex);
            }
            catch (FileNotFoundException ex)
            {
                throw new SametimeAdminException("KeyFileNotFound", FailureKind.ObjectNotFound, $"The LTPA key file '{path}' does not exist.", ex);
            }
            catch (DirectoryNotFoundException ex)
            {
                throw new SametimeAdminException("KeyFileNotFound", FailureKind.ObjectNotFound, $"The folder of the LTPA key file '{path}' does not exist.", ex);
            }
            catch (PathTooLongException ex)
            {
                throw new SametimeAdminException("KeyFileNotFound", FailureKind.InvalidArgument, $"The path '{path}' is too long.", ex);
            }
            catch (NotSupportedException ex)
            {
                throw new SametimeAdminException("KeyFileNotFound", FailureKind.InvalidArgument, $"'{path}' is not a valid file path.", ex);
            }
            catch (ArgumentException ex)
            {
                throw new SametimeAdminException("KeyFileNotFound", FailureKind.InvalidArgument, $"'{path}' is not a valid file path.", ex);
            }
            catch (IOException ex)
            {
                throw new SametimeAdminException("KeyFileUnreadable", FailureKind.ReadError,
                    $"The LTPA key file '{path}' could not be read: {ex.Message}", ex);
            }

            int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            return LtpaCrypto.Latin1.GetString(bytes, start, bytes.Length - start);
        }

        /// <summary>
        /// Writes <paramref name="keys"/> to <paramref name="path"/> as a Liberty ltpa.keys file, the secret values encrypted
        /// under <paramref name="password"/> (UTF-8 bytes). The file is written atomically and owner-only from creation; an
        /// existing file is replaced only with <see cref="LtpaKeyFileWriteOptions.Overwrite"/>, and then kept as a backup.
        /// ErrorIds: PasswordEmpty, KeyFileExists, PathIsDirectory, and those of <see cref="AtomicFile.Write(string, byte[], AtomicWriteOptions)"/>
        /// (ParentFolderNotFound, ...). Nothing is written when one is thrown.
        /// </summary>
        public static LtpaKeyFileWriteResult Write(string path, LtpaKeySet keys, byte[] password, LtpaKeyFileWriteOptions? options = null)
        {
            if (keys == null)
            {
                throw new ArgumentNullException(nameof(keys));
            }

            options ??= new LtpaKeyFileWriteOptions();
            CheckWritable(path, password, options.Overwrite);
            DateTimeOffset writeTime = options.WriteTime ?? DateTimeOffset.Now;

            // Keys that came in keep the date they were made unless a creation date is given.
            string text = options.CreationDate.HasValue
                ? keys.ToKeyFileText(password, options.CreationDate.Value, options.NewLine)
                : keys.ToKeyFileTextKeepingCreationDate(password, writeTime, options.NewLine);

            // Seen before the write: afterwards the file is owner-only and what it was can no longer be told.
            IReadOnlyList<string> warnings = OwnerOnlyFile.ExposureWarnings(path);
            var write = new AtomicWriteOptions { Backup = true, OwnerOnly = true, BackupCount = options.BackupCount };
            string? backup = AtomicFile.Write(path, LtpaCrypto.Latin1.GetBytes(text), write);
            return new LtpaKeyFileWriteResult(path, backup, warnings);
        }

        /// <summary>
        /// The checks <see cref="Write"/> makes before it encrypts anything, for a caller that asks for confirmation
        /// first: a non-empty password, no folder at <paramref name="path"/>, and no file there unless it may be replaced.
        /// </summary>
        public static void CheckWritable(string path, byte[] password, bool overwrite)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            if (password == null)
            {
                throw new ArgumentNullException(nameof(password));
            }

            if (password.Length == 0)
            {
                throw new SametimeAdminException("PasswordEmpty", FailureKind.InvalidArgument,
                    "The key file password cannot be empty: the keys would be readable by anyone who gets the file.");
            }

            if (Directory.Exists(path))
            {
                throw new SametimeAdminException("PathIsDirectory", FailureKind.InvalidArgument, $"'{path}' is a folder; give the path of the key file to write.");
            }

            if (File.Exists(path) && !overwrite)
            {
                throw new SametimeAdminException("KeyFileExists", FailureKind.ResourceExists,
                    $"'{path}' already exists; nothing was written. Servers that use it would lose single sign-on if it were replaced.")
                {
                    RecommendedAction = "Choose another path, or add -Force to replace the file (the old file is kept as a .bak copy beside it).",
                };
            }
        }

        /// <summary>The properties of a key file with the three key values decoded (the secret two still encrypted).</summary>
        internal sealed record Contents(
            byte[] EncryptedSharedKey,
            byte[] EncryptedPrivateKey,
            byte[] PublicKey,
            string Realm,
            string CreationDate,
            string CreationHost,
            string Version);

        /// <summary>Checks the properties of a key file and decodes the three key values (still encrypted).</summary>
        internal static Contents ParseText(string text, string? source)
        {
            string where = Describe(source);
            if (text.Trim().Length == 0)
            {
                throw new SametimeAdminException("KeyFileEmpty", FailureKind.InvalidData, $"{where} is empty.")
                { RecommendedAction = "Copy the key file again from the server, or export the keys anew." };
            }

            JavaProperties properties;
            try
            {
                properties = JavaProperties.Parse(text);
            }
            catch (SametimeAdminException ex)
            {
                throw new SametimeAdminException("KeyFileMalformed", FailureKind.InvalidData, $"{where} is not a valid Java properties file: {ex.Message}", ex);
            }

            bool anyLtpa = false;
            foreach (string key in properties.Keys)
            {
                if (key.StartsWith("com.ibm.websphere.", StringComparison.Ordinal))
                {
                    anyLtpa = true;
                    break;
                }
            }

            if (!anyLtpa)
            {
                throw new SametimeAdminException("KeyFileMalformed", FailureKind.InvalidData,
                    $"{where} is not an LTPA key file: it has none of the com.ibm.websphere.* properties.")
                { RecommendedAction = "Give the ltpa.keys file exported by WebSphere or created by Liberty." };
            }

            string version = (properties[VersionProperty] ?? LtpaKeySet.SupportedVersion).Trim();
            if (version != LtpaKeySet.SupportedVersion)
            {
                string detail = version == "2.0"
                    ? "Version 2.0 key files come from Liberty in FIPS 140-3 mode (AES-256, RSA-2048, SHA-256 keys); they are not supported yet."
                    : $"Only version {LtpaKeySet.SupportedVersion} key files are known.";
                throw new SametimeAdminException("KeyFileUnsupportedVersion", FailureKind.NotImplemented,
                    $"{where} is an LTPA key file of version '{version}'. {detail}")
                { RecommendedAction = "Export version 1.0 keys (WebSphere or Liberty outside FIPS mode) for the servers that share single sign-on." };
            }

            byte[] shared = DecodeRequired(properties, SharedKeyProperty, where);
            byte[] privateKey = DecodeRequired(properties, PrivateKeyProperty, where);
            byte[] publicKey = DecodeRequired(properties, PublicKeyProperty, where);
            if (shared.Length % 8 != 0 || privateKey.Length % 8 != 0)
            {
                throw new SametimeAdminException("KeyFileCorrupted", FailureKind.InvalidData,
                    $"{where} is damaged: an encrypted key value has a length that 3DES cannot have (the file was truncated or edited).")
                { RecommendedAction = "Copy the key file again from the server, or export the keys anew." };
            }

            return new Contents(shared, privateKey, publicKey,
                properties[RealmProperty] ?? string.Empty,
                properties[CreationDateProperty] ?? string.Empty,
                properties[CreationHostProperty] ?? string.Empty,
                version);
        }

        /// <summary>3DES-ECB decryption of one key value; null when the padding is wrong.</summary>
        internal static byte[]? Decrypt(byte[] passwordKey, byte[] data, string? source)
        {
            try
            {
                return LtpaCrypto.TripleDesEcbDecrypt(passwordKey, data);
            }
            catch (WeakKeyException)
            {
                // SHA-1 of the password gave a key with repeating thirds: no platform 3DES will use it.
                throw new SametimeAdminException("KeyFileWrongPassword", FailureKind.SecurityError,
                    $"The password cannot decrypt {Describe(source)} (it yields a weak 3DES key).");
            }
        }

        /// <summary>The error for a key file that decrypts but whose RSA numbers do not form a usable key.</summary>
        internal static SametimeAdminException InvalidKey(string problem, string? source) =>
            new SametimeAdminException("KeyFileCorrupted", FailureKind.InvalidData,
                $"{Describe(source)} is damaged: the password is right, but its RSA key is not valid ({problem}).")
            { RecommendedAction = "Copy the key file again from the server, or export the keys anew." };

        /// <summary>The error for key values that did not decrypt to a consistent key set.</summary>
        internal static SametimeAdminException DecryptionFailure(bool sharedKeyOk, bool privateKeyStructureOk, string? source)
        {
            string where = Describe(source);
            if (sharedKeyOk && privateKeyStructureOk)
            {
                return new SametimeAdminException("KeyFileKeyMismatch", FailureKind.InvalidData,
                    $"{where} decrypts with this password, but its public key does not belong to its private key: one of the two lines was changed, or they come from different key sets.")
                { RecommendedAction = "Copy the key file again from the server, or export the keys anew." };
            }

            if (sharedKeyOk || privateKeyStructureOk)
            {
                string damaged = sharedKeyOk ? PrivateKeyProperty : SharedKeyProperty;
                return new SametimeAdminException("KeyFileCorrupted", FailureKind.InvalidData,
                    $"{where} is damaged: the password is right, but {damaged} does not decrypt to a valid key.")
                { RecommendedAction = "Copy the key file again from the server, or export the keys anew." };
            }

            return new SametimeAdminException("KeyFileWrongPassword", FailureKind.SecurityError,
                $"The password does not decrypt {where}: it is the wrong password for this key file (or the encrypted key values were altered).")
            {
                RecommendedAction = "Use the keysPassword from the server configuration (Liberty server.xml <ltpa keysPassword=...>, which may be {xor}-encoded) or the password given when the keys were exported. "
                    + "Key files written by Liberty with <ltpa useEncryptionKey=\"true\"> are encrypted with the server's AES key instead and are not supported.",
            };
        }

        private static byte[] DecodeRequired(JavaProperties properties, string name, string where)
        {
            string? value = properties[name];
            if (value == null || value.Trim().Length == 0)
            {
                throw new SametimeAdminException("KeyFileMissingProperty", FailureKind.InvalidData,
                    $"{where} has no value for {name}; every LTPA key file needs {SharedKeyProperty}, {PrivateKeyProperty} and {PublicKeyProperty}.")
                { RecommendedAction = "Copy the key file again from the server, or export the keys anew." };
            }

            byte[]? decoded = LtpaCrypto.TryDecodeBase64(value.Trim());
            if (decoded == null)
            {
                throw new SametimeAdminException("KeyFileNotBase64", FailureKind.InvalidData,
                    $"The value of {name} in {where} is not Base64 (the file was edited or damaged in transfer).")
                { RecommendedAction = "Copy the key file again from the server (in binary mode), or export the keys anew." };
            }

            return decoded;
        }

        private static string Describe(string? source) => source == null ? "the LTPA key file" : $"the LTPA key file '{source}'";
    }

    /// <summary>Liberty server.xml password encodings.</summary>
    public static class LtpaPassword
    {
        /// <summary>
        /// Decodes a Liberty "{xor}" value (Base64 of the UTF-8 bytes XOR 0x5F) to the password bytes. A value
        /// without a "{...}" prefix is returned as its UTF-8 bytes. {aes} and {hash} cannot be decoded offline.
        /// The caller must clear the returned array.
        /// </summary>
        public static byte[] DecodeXor(string encoded)
        {
            if (encoded == null)
            {
                throw new ArgumentNullException(nameof(encoded));
            }

            string value = encoded.Trim();
            if (!value.StartsWith("{", StringComparison.Ordinal))
            {
                return Encoding.UTF8.GetBytes(value);
            }

            int close = value.IndexOf('}');
            string algorithm = close > 0 ? value.Substring(1, close - 1).ToLowerInvariant() : string.Empty;
            if (algorithm != "xor")
            {
                throw new SametimeAdminException("PasswordEncodingUnsupported", FailureKind.InvalidArgument,
                    $"Passwords encoded as {{{algorithm}}} cannot be decoded without the server's key; only {{xor}} values can.")
                { RecommendedAction = "Give the key file password in clear (as a SecureString), or re-encode it with securityUtility encode --encoding=xor." };
            }

            byte[]? bytes = LtpaCrypto.TryDecodeBase64(value.Substring(close + 1));
            if (bytes == null)
            {
                throw new SametimeAdminException("PasswordEncodingInvalid", FailureKind.InvalidArgument, "The {xor} value is not valid Base64.");
            }

            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] ^= 0x5F;
            }

            return bytes;
        }

        /// <summary>Encodes password bytes the way securityUtility encode does for {xor}.</summary>
        public static string EncodeXor(byte[] password)
        {
            if (password == null)
            {
                throw new ArgumentNullException(nameof(password));
            }

            byte[] copy = (byte[])password.Clone();
            for (int i = 0; i < copy.Length; i++)
            {
                copy[i] ^= 0x5F;
            }

            string result = "{xor}" + Convert.ToBase64String(copy);
            Array.Clear(copy, 0, copy.Length);
            return result;
        }
    }
}
