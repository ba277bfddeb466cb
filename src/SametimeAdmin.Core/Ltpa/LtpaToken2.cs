using System;
using System.Collections.Generic;
using System.Globalization;
using SametimeAdmin.Common;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// LTPA version 2 tokens (cookie LtpaToken2): Base64(AES-128-CBC(key = IV = first 16 bytes of the shared key,
    /// userData "%" expirationMillis "%" Base64(RSA-PKCS1-SHA1 signature over SHA-1(userData)))).
    /// </summary>
    public static class LtpaToken2
    {
        public const string CookieName = "LtpaToken2";

        /// <summary>
        /// Mints a token as Liberty does: user data with sorted attributes (expire, u and any extra ones), the
        /// expiration in milliseconds both signed and in the second field. Deterministic for the same inputs.
        /// </summary>
        /// <param name="allowNonPortableUserId">Mint even for user ids with '|' or '\' (which servers parse differently).</param>
        public static string Mint(LtpaKeySet keys, string accessId, DateTimeOffset expiration, IEnumerable<KeyValuePair<string, string>>? attributes = null, bool allowNonPortableUserId = false)
        {
            if (keys == null)
            {
                throw new ArgumentNullException(nameof(keys));
            }

            long millis = expiration.ToUnixTimeMilliseconds();
            string userData = LtpaSignedToken.BuildUserData(accessId, millis, attributes, allowNonPortableUserId);
            return Seal(keys, userData, millis.ToString(CultureInfo.InvariantCulture));
        }

        /// <summary>Signs and encrypts exact user data (two-field form when <paramref name="expirationField"/> is null).</summary>
        internal static string Seal(LtpaKeySet keys, string userData, string? expirationField)
        {
            byte[] userDataBytes = LtpaCrypto.Utf8.GetBytes(userData);
            byte[] signature = keys.RsaKey.SignSha1Digest(LtpaCrypto.Sha1Twice(userDataBytes));
            byte[] plaintext = LtpaSignedToken.Assemble(userDataBytes, expirationField, signature);
            return Convert.ToBase64String(keys.AesEncrypt(plaintext));
        }

        /// <summary>Decrypts and verifies a token value (Base64) with one key set. Never throws for a bad token: see the verdict.</summary>
        public static LtpaTokenInfo Decode(string token, LtpaKeySet keys, LtpaValidationOptions? options = null)
        {
            if (keys == null)
            {
                throw new ArgumentNullException(nameof(keys));
            }

            return LtpaTokenReader.DecodeText(token, LtpaTokenFormat.LtpaToken2, (raw, fingerprint) => Decode(raw, keys, options ?? new LtpaValidationOptions(), fingerprint));
        }

        internal static LtpaTokenInfo Decode(byte[] raw, LtpaKeySet keys, LtpaValidationOptions options, LazyText fingerprint)
        {
            if (raw.Length % 16 != 0)
            {
                return new LtpaTokenInfo
                {
                    Format = LtpaTokenFormat.LtpaToken2,
                    Verdict = LtpaTokenVerdict.Malformed,
                    Reason = $"The token is {raw.Length} bytes long; an LtpaToken2 is a whole number of 16-byte AES blocks (it was truncated or is not an LtpaToken2).",
                    TokenFingerprintSource = fingerprint,
                };
            }

            byte[]? plaintext = keys.AesDecrypt(raw);
            if (plaintext == null)
            {
                return new LtpaTokenInfo
                {
                    Format = LtpaTokenFormat.LtpaToken2,
                    Verdict = LtpaTokenVerdict.NotDecryptable,
                    Reason = "It does not decrypt with these keys: it was made with another key set (another cell or server), or it was damaged.",
                    TokenFingerprintSource = fingerprint,
                    KeyFingerprint = keys.PublicKeyFingerprint,
                    KeySource = keys.Source,
                };
            }

            return LtpaSignedToken.Evaluate(plaintext, true, keys, (data, signature) =>
                keys.RsaKey.VerifySha1Digest(LtpaCrypto.Sha1Twice(data), signature), options, fingerprint);
        }
    }

    /// <summary>
    /// WebSphere LTPA version 1 tokens (cookie LtpaToken): Base64(3DES-EDE-ECB(24-byte shared key,
    /// userData "%" expirationMillis "%" Base64(ISO 9796-1 signature over SHA-1(userData)))).
    /// </summary>
    public static class WebSphereLtpaToken
    {
        public const string CookieName = "LtpaToken";

        /// <summary>Mints a version 1 token: user data "u:&lt;access id&gt;" as WebSphere writes it; the expiration is not signed.</summary>
        public static string Mint(LtpaKeySet keys, string accessId, DateTimeOffset expiration, bool allowNonPortableUserId = false)
        {
            if (keys == null)
            {
                throw new ArgumentNullException(nameof(keys));
            }

            string userData = LtpaSignedToken.BuildUserData(accessId, null, null, allowNonPortableUserId);
            return Seal(keys, userData, expiration.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        }

        internal static string Seal(LtpaKeySet keys, string userData, string expirationField)
        {
            byte[] userDataBytes = LtpaCrypto.Utf8.GetBytes(userData);
            byte[] signature = Iso9796Signature.Sign(keys.RsaKey, LtpaCrypto.Sha1(userDataBytes));
            byte[] plaintext = LtpaSignedToken.Assemble(userDataBytes, expirationField, signature);
            return Convert.ToBase64String(keys.TripleDesEncrypt(plaintext));
        }

        /// <summary>Decrypts and verifies a version 1 token value with one key set. Never throws for a bad token.</summary>
        public static LtpaTokenInfo Decode(string token, LtpaKeySet keys, LtpaValidationOptions? options = null)
        {
            if (keys == null)
            {
                throw new ArgumentNullException(nameof(keys));
            }

            return LtpaTokenReader.DecodeText(token, LtpaTokenFormat.WebSphereLtpaToken, (raw, fingerprint) => Decode(raw, keys, options ?? new LtpaValidationOptions(), fingerprint));
        }

        internal static LtpaTokenInfo Decode(byte[] raw, LtpaKeySet keys, LtpaValidationOptions options, LazyText fingerprint)
        {
            byte[]? plaintext;
            try
            {
                plaintext = raw.Length % 8 == 0 ? keys.TripleDesDecrypt(raw) : null;
            }
            catch (SametimeAdminException ex)
            {
                return new LtpaTokenInfo { Format = LtpaTokenFormat.WebSphereLtpaToken, Verdict = LtpaTokenVerdict.NotDecryptable, Reason = ex.Message, TokenFingerprintSource = fingerprint };
            }

            if (plaintext == null)
            {
                return new LtpaTokenInfo
                {
                    Format = LtpaTokenFormat.WebSphereLtpaToken,
                    Verdict = raw.Length % 8 == 0 ? LtpaTokenVerdict.NotDecryptable : LtpaTokenVerdict.Malformed,
                    Reason = raw.Length % 8 == 0
                        ? "It does not decrypt with these keys: it was made with another key set, or it was damaged."
                        : $"The token is {raw.Length} bytes long; a WebSphere LtpaToken is a whole number of 8-byte 3DES blocks.",
                    TokenFingerprintSource = fingerprint,
                    KeyFingerprint = keys.PublicKeyFingerprint,
                    KeySource = keys.Source,
                };
            }

            return LtpaSignedToken.Evaluate(plaintext, false, keys, (data, signature) =>
                Iso9796Signature.Verify(keys.RsaKey, LtpaCrypto.Sha1(data), signature), options, fingerprint);
        }
    }
}
