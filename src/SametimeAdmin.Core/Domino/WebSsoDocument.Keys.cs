using System;
using SametimeAdmin.Common;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Domino
{
    public sealed partial class WebSsoDocument
    {
        private string? keyReadError;
        private bool keysProbed;

        /// <summary>Why the WebSphere keys in the document cannot be used (bad base64, a broken key pair), or null.</summary>
        public string? KeyReadError
        {
            get
            {
                if (!keysProbed)
                {
                    // The flag is set only once the probe has an answer: a read that failed in any other way is
                    // retried (and fails again) instead of passing for "no error" on the next look.
                    string? error = null;
                    if (HasWebSphereKeys)
                    {
                        try
                        {
                            ReadKeySet().Dispose();
                        }
                        catch (SametimeAdminException ex)
                        {
                            error = ex.Message;
                        }
                    }

                    keyReadError = error;
                    keysProbed = true;
                }

                return keyReadError;
            }
        }

        /// <summary>
        /// Fingerprint of the imported shared (3DES) key, comparable with Get-LtpaKey's SharedKeyFingerprint; null when
        /// there is none or it is not base64. The public key fingerprint alone cannot show a damaged or different shared key.
        /// </summary>
        public string? SharedKeyFingerprint
        {
            get
            {
                if (!HasWebSphereKeys)
                {
                    return null;
                }

                byte[]? shared = TryDecodeItem(WebSsoKeys.WebSphereSharedKey);
                if (shared == null)
                {
                    return null;
                }

                try
                {
                    return LtpaKeySet.SharedKeyFingerprintOf(shared);
                }
                finally
                {
                    LtpaCrypto.Clear(shared);
                }
            }
        }

        /// <summary>
        /// The imported WebSphere keys as a key set (the caller disposes it). The item names and their encoding
        /// (base64 of the decrypted material) come from the item map and are partly assumed.
        /// </summary>
        internal LtpaKeySet ReadKeySet()
        {
            if (!HasWebSphereKeys)
            {
                throw new SametimeAdminException("SsoDocHasNoKeys", FailureKind.InvalidData,
                    $"{Describe()} holds no imported WebSphere keys.")
                {
                    RecommendedAction = "Import the keys with " + ModuleCommands.ImportLtpaKeyToSsoDoc + ".",
                };
            }

            byte[]? shared = null, privateBlob = null, publicBlob = null;
            try
            {
                shared = Decode(WebSsoKeys.WebSphereSharedKey);
                privateBlob = Decode(WebSsoKeys.WebSpherePrivateKey);
                publicBlob = Decode(WebSsoKeys.WebSpherePublicKey);
                try
                {
                    return LtpaKeySet.FromMaterial(shared, privateBlob, publicBlob, string.IsNullOrEmpty(Realm) ? LtpaKeySet.DefaultRealm : Realm!);
                }
                catch (SametimeAdminException ex)
                {
                    throw Unreadable(ex.Message, ex);
                }
            }
            finally
            {
                LtpaCrypto.Clear(shared, privateBlob, publicBlob);
            }
        }

        /// <summary>The Domino SSO secret (LTPA_DominoSecret, stored as Base64) for checking Domino-style tokens; null when absent or not Base64. The caller clears it.</summary>
        internal byte[]? ReadDominoSecret() => TryDecodeItem(WebSsoKeys.DominoSecret);

        private byte[] Decode(string key)
        {
            string name = Map.NameOf(key);
            try
            {
                return Convert.FromBase64String(Document.GetItem(name)?.FirstValue?.Trim() ?? string.Empty);
            }
            catch (FormatException ex)
            {
                throw Unreadable($"the item {name} is not base64", ex);
            }
        }

        private SametimeAdminException Unreadable(string why, Exception inner) =>
            new SametimeAdminException("SsoDocKeysUnreadable", FailureKind.InvalidData, $"The WebSphere keys in {Describe()} cannot be used: {why}.", inner)
            {
                RecommendedAction = "Import the keys again with " + ModuleCommands.ImportLtpaKeyToSsoDoc + "; if the document was filled by the Notes client, check the WebSso.* key entries of the item map (" + ModuleCommands.GetDominoItemMap + ").",
            };

        private string? TryFingerprint()
        {
            byte[]? blob = TryDecodeItem(WebSsoKeys.WebSpherePublicKey);
            return blob == null ? null : LtpaCrypto.Fingerprint(blob);
        }

        private byte[]? TryDecodeItem(string key)
        {
            try
            {
                byte[] blob = Convert.FromBase64String(Item(key)?.FirstValue?.Trim() ?? string.Empty);
                return blob.Length == 0 ? null : blob;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
