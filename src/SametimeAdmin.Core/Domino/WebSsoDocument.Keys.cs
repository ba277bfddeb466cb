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
                    keysProbed = true;
                    if (HasWebSphereKeys)
                    {
                        try
                        {
                            ReadKeySet().Dispose();
                        }
                        catch (SametimeAdminException ex)
                        {
                            keyReadError = ex.Message;
                        }
                    }
                }

                return keyReadError;
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
                    RecommendedAction = "Import the keys with Import-LtpaKeyToSsoDoc.",
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
                    return LtpaKeySet.FromMaterial(shared, privateBlob, publicBlob, Realm ?? LtpaKeySet.DefaultRealm);
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
                RecommendedAction = "Import the keys again with Import-LtpaKeyToSsoDoc; if the document was filled by the Notes client, check the WebSso.* key entries of the item map (Get-DominoItemMap).",
            };

        private string? TryFingerprint()
        {
            try
            {
                byte[] blob = Convert.FromBase64String(Item(WebSsoKeys.WebSpherePublicKey)?.FirstValue?.Trim() ?? string.Empty);
                return blob.Length == 0 ? null : LtpaCrypto.Fingerprint(blob);
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
