using System;
using System.Collections.Generic;
using System.Security;
using SametimeAdmin.Common;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Commands
{
    /// <summary>What the LTPA cmdlets share: reading key files with a SecureString password and the Domino secret.</summary>
    public abstract class LtpaCmdletBase : SametimeCmdlet
    {
        private readonly List<LtpaKeySet> ownedKeySets = new List<LtpaKeySet>();

        /// <summary>Reads one key file; unless it goes to the caller (<paramref name="owned"/> false) it is disposed when the cmdlet ends.</summary>
        protected LtpaKeySet ReadKeyFile(string path, SecureString password, bool owned = true)
        {
            byte[] bytes = ToUtf8Bytes(password);
            try
            {
                WriteVerbose($"Reading LTPA key file '{path}'.");
                LtpaKeySet keys = LtpaKeyFile.Read(path, bytes);
                if (owned)
                {
                    ownedKeySets.Add(keys);
                }

                return keys;
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

        /// <summary>Reads every key file a -Path (with wildcards) names; a file that fails ends the call.</summary>
        protected List<LtpaKeySet> ReadKeyFiles(IEnumerable<string> paths, SecureString? password)
        {
            var result = new List<LtpaKeySet>();
            if (password == null)
            {
                ThrowFailure("PasswordRequired", FailureKind.InvalidArgument, "Reading a key file needs its password (-Password).", null);
                return result;
            }

            foreach (string pattern in paths)
            {
                foreach (string path in ResolvePaths(pattern, false))
                {
                    result.Add(RunOrThrow(() => ReadKeyFile(path, password), path));
                }
            }

            return result;
        }

        /// <summary>The Domino secret from a SecureString holding its Base64 text (LTPA_DominoSecret). The caller must clear it.</summary>
        protected byte[]? ReadDominoSecret(SecureString? secret)
        {
            if (secret == null)
            {
                return null;
            }

            byte[] text = ToUtf8Bytes(secret);
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
                ThrowFailure("DominoSecretInvalid", FailureKind.InvalidArgument,
                    "The Domino secret is not Base64. Give the LTPA_DominoSecret value of the Web SSO configuration document as it is stored (Base64).", null);
                return null;
            }
            finally
            {
                Array.Clear(text, 0, text.Length);
                Array.Clear(chars, 0, chars.Length);
            }
        }

        protected override void EndProcessing()
        {
            DisposeOwned();
            base.EndProcessing();
        }

        protected override void StopProcessing()
        {
            DisposeOwned();
            base.StopProcessing();
        }

        private void DisposeOwned()
        {
            foreach (LtpaKeySet keys in ownedKeySets)
            {
                keys.Dispose();
            }

            ownedKeySets.Clear();
        }
    }
}
