using System;
using System.Collections.Generic;
using System.Security;
using SametimeAdmin.Common;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// The key files a cmdlet reads besides its own target (-KeyPath with -KeyPassword), and the Domino secret: a cmdlet
    /// that needs them holds one of these and disposes it with itself, so no cmdlet inherits key reading it does not use.
    /// Failures are <see cref="SametimeAdminException"/>s for the cmdlet's RunOrThrow.
    /// </summary>
    internal sealed class LtpaKeyFiles : IDisposable
    {
        private readonly List<LtpaKeySet> owned = new List<LtpaKeySet>();

        /// <summary>Reads one key file (a resolved path); the key set is disposed with this object.</summary>
        public LtpaKeySet Read(string path, SecureString? password, Action<string>? verbose = null)
        {
            LtpaKeySet keys = ReadUnowned(path, password, verbose);
            owned.Add(keys);
            return keys;
        }

        /// <summary>Reads one key file whose key set goes to the caller (Get-LtpaKey's output): not disposed here.</summary>
        public static LtpaKeySet ReadUnowned(string path, SecureString? password, Action<string>? verbose = null)
        {
            byte[] bytes = SecureStringBytes.ToUtf8(RequirePassword(password));
            try
            {
                verbose?.Invoke($"Reading LTPA key file '{path}'.");
                return LtpaKeyFile.Read(path, bytes);
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

        /// <summary>The key file password, or PasswordRequired when -KeyPath came without -KeyPassword.</summary>
        public static SecureString RequirePassword(SecureString? password) =>
            password ?? throw new SametimeAdminException("PasswordRequired", FailureKind.InvalidArgument,
                "-KeyPath needs -KeyPassword (the password the key file was exported with).")
            {
                RecommendedAction = "Add -KeyPassword (Read-Host -AsSecureString -Prompt 'ltpa.keys password').",
            };

        /// <summary>The Domino secret from a SecureString holding its Base64 text (LTPA_DominoSecret). The caller must clear it.</summary>
        public static byte[]? DominoSecret(SecureString? secret)
        {
            if (secret == null)
            {
                return null;
            }

            byte[] text = SecureStringBytes.ToUtf8(secret);
            char[] chars = new char[text.Length];
            try
            {
                for (int i = 0; i < text.Length; i++)
                {
                    chars[i] = (char)text[i];
                }

                return Convert.FromBase64CharArray(chars, 0, chars.Length);
            }
            catch (FormatException)
            {
                throw new SametimeAdminException("DominoSecretInvalid", FailureKind.InvalidArgument,
                    "The Domino secret is not Base64. Give the LTPA_DominoSecret value of the Web SSO configuration document as it is stored (Base64).");
            }
            finally
            {
                Array.Clear(text, 0, text.Length);
                Array.Clear(chars, 0, chars.Length);
            }
        }

        public void Dispose()
        {
            foreach (LtpaKeySet keys in owned)
            {
                keys.Dispose();
            }

            owned.Clear();
        }
    }
}
