using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using SametimeAdmin.Common;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// Domino-style LtpaToken (Domino SSO key): Base64(00 01 02 03 | creation (8 hex) | expiration (8 hex) |
    /// user name (LMBCS/CP850) | SHA-1(everything before || Domino secret)). Times are seconds since 1970, unsigned 32-bit.
    /// </summary>
    public static class DominoLtpaToken
    {
        public const string CookieName = "LtpaToken";
        internal const int MinimumLength = 4 + 8 + 8 + 1 + 20;
        private static readonly byte[] Header = { 0, 1, 2, 3 };

        /// <summary>
        /// Mints a token with upper-case hex times as Domino writes them. User names are encoded in CP850; a name
        /// with characters outside CP850 is refused unless <paramref name="substituteUnencodable"/> (then they become '?').
        /// </summary>
        public static string Mint(string userName, DateTimeOffset creation, DateTimeOffset expiration, byte[] secret, bool upperCaseHex = true, bool substituteUnencodable = false)
        {
            if (string.IsNullOrEmpty(userName))
            {
                throw new SametimeAdminException("DominoUserNameInvalid", FailureKind.InvalidArgument, "A user name (the Notes canonical name, e.g. CN=Alice Smith/O=Example) is required.");
            }

            if (secret == null || secret.Length == 0)
            {
                throw new SametimeAdminException("DominoSecretMissing", FailureKind.InvalidArgument, "The Domino secret (LTPA_DominoSecret of the Web SSO configuration) is required.");
            }

            long created = creation.ToUnixTimeSeconds();
            long expires = expiration.ToUnixTimeSeconds();
            if (created < 0 || created > uint.MaxValue || expires < 0 || expires > uint.MaxValue)
            {
                throw new SametimeAdminException("DominoTimeOutOfRange", FailureKind.InvalidArgument, "Domino token times must lie between 1970 and 2106 (unsigned 32-bit seconds).");
            }

            if (expires < created)
            {
                throw new SametimeAdminException("DominoTimeOutOfRange", FailureKind.InvalidArgument, "The expiration must not be before the creation time.");
            }

            byte[] name = Cp850.Encode(userName, out string unencodable);
            if (unencodable.Length > 0 && !substituteUnencodable)
            {
                throw new SametimeAdminException("DominoUserNameNotEncodable", FailureKind.InvalidArgument,
                    $"The user name contains characters that code page 850 cannot represent ('{unencodable}'); the token would name another user.")
                { RecommendedAction = "Use the name as Domino stores it with CP850 characters, or an ASCII alias." };
            }

            string format = upperCaseHex ? "X8" : "x8";
            byte[] times = Encoding.ASCII.GetBytes(((uint)created).ToString(format, CultureInfo.InvariantCulture) + ((uint)expires).ToString(format, CultureInfo.InvariantCulture));
            byte[] body = new byte[Header.Length + times.Length + name.Length];
            Buffer.BlockCopy(Header, 0, body, 0, Header.Length);
            Buffer.BlockCopy(times, 0, body, Header.Length, times.Length);
            Buffer.BlockCopy(name, 0, body, Header.Length + times.Length, name.Length);
            byte[] digest = Digest(body, body.Length, secret);
            byte[] token = new byte[body.Length + digest.Length];
            Buffer.BlockCopy(body, 0, token, 0, body.Length);
            Buffer.BlockCopy(digest, 0, token, body.Length, digest.Length);
            return Convert.ToBase64String(token);
        }

        /// <summary>Decodes and, with a secret, verifies a token. Never throws for a bad token: see the verdict.</summary>
        public static LtpaTokenInfo Decode(string token, byte[]? secret, LtpaValidationOptions? options = null)
        {
            return LtpaTokenReader.DecodeText(token, LtpaTokenFormat.DominoLtpaToken, (raw, fingerprint) => Decode(raw, secret, options ?? new LtpaValidationOptions(), fingerprint));
        }

        /// <summary>True when the bytes have the Domino layout (header and 16 hex digits), whatever the digest.</summary>
        internal static bool LooksLikeDomino(byte[] raw) =>
            raw.Length >= MinimumLength && raw[0] == 0 && raw[1] == 1 && raw[2] == 2 && raw[3] == 3 && TryParseHex(raw, 4, out _) && TryParseHex(raw, 12, out _);

        /// <summary>
        /// True when bytes 4-19 are the 16 hex digits of the creation and expiration times, whatever the header and the
        /// length: ciphertext of the other formats practically never has them (about one chance in 10^17).
        /// </summary>
        internal static bool HasDominoTimes(byte[] raw) => raw.Length >= 20 && TryParseHex(raw, 4, out _) && TryParseHex(raw, 12, out _);

        internal static LtpaTokenInfo Decode(byte[] raw, byte[]? secret, LtpaValidationOptions options, LazyText fingerprint)
        {
            var info = new LtpaTokenInfo { Format = LtpaTokenFormat.DominoLtpaToken, TokenFingerprintSource = fingerprint };
            var notes = new List<string>();
            info.Notes = notes;
            if (raw.Length >= 4 && (raw[0] != 0 || raw[1] != 1 || raw[2] != 2 || raw[3] != 3))
            {
                return Fail(info, LtpaTokenVerdict.Malformed, string.Format(CultureInfo.InvariantCulture,
                    "The token does not start with the Domino header 00 01 02 03 (it starts with {0:X2} {1:X2} {2:X2} {3:X2}): the header was damaged or altered.",
                    raw[0], raw[1], raw[2], raw[3]));
            }

            if (raw.Length < MinimumLength)
            {
                return Fail(info, LtpaTokenVerdict.Malformed, $"The token is {raw.Length} bytes long; a Domino LtpaToken has at least {MinimumLength}.");
            }

            if (!TryParseHex(raw, 4, out uint created) || !TryParseHex(raw, 12, out uint expires))
            {
                return Fail(info, LtpaTokenVerdict.Malformed, "The creation and expiration times are not 8 hexadecimal digits each.");
            }

            info.Creation = DateTimeOffset.FromUnixTimeSeconds(created);
            info.Expiration = DateTimeOffset.FromUnixTimeSeconds(expires);
            info.ExpirationSigned = secret != null;
            int nameLength = raw.Length - 20 - 20;
            info.User = Cp850.Decode(raw, 20, nameLength);
            if (secret == null || secret.Length == 0)
            {
                return Fail(info, LtpaTokenVerdict.Unverified, "A Domino-style token; its fields are shown unverified. Give the Domino secret (LTPA_DominoSecret) to check it.");
            }

            info.KeyFingerprintSource = new LazyText(SecretFingerprint, secret);
            byte[] expected = Digest(raw, raw.Length - 20, secret);
            int differences = 0;
            for (int i = 0; i < 20; i++)
            {
                differences |= expected[i] ^ raw[raw.Length - 20 + i];
            }

            info.SignatureValid = differences == 0;
            if (!info.SignatureValid.Value)
            {
                return Fail(info, LtpaTokenVerdict.BadSignature, "The digest does not match: the token was altered, or it was made with another Domino secret (another Web SSO configuration).");
            }

            if (LowerCaseHex(raw))
            {
                notes.Add("The times are written in lower-case hex: not made by Domino itself (Domino writes upper case).");
            }

            DateTimeOffset now = options.EffectiveNow;
            if (now + options.ClockSkew < info.Creation.Value)
            {
                return Fail(info, LtpaTokenVerdict.NotYetValid, string.Format(CultureInfo.InvariantCulture,
                    "The digest is good, but the token was created in the future ({0:u}); check the clocks of the servers.", info.Creation.Value.UtcDateTime));
            }

            if (now > info.Expiration.Value + options.ClockSkew)
            {
                return Fail(info, LtpaTokenVerdict.Expired, string.Format(CultureInfo.InvariantCulture,
                    "The digest is good, but the token expired at {0:u} ({1} ago).", info.Expiration.Value.UtcDateTime, LtpaSignedToken.Describe(now - info.Expiration.Value)));
            }

            info.Verdict = LtpaTokenVerdict.Valid;
            info.ReasonSource = new LazyText(ValidReason, info);
            return info;
        }

        private static readonly Func<object, string> SecretFingerprint = state =>
            "DominoSecret:" + LtpaCrypto.Fingerprint((byte[])state, 12).Substring("SHA256:".Length);

        private static readonly Func<object, string> ValidReason = state => string.Format(CultureInfo.InvariantCulture,
            "The digest is good and the token is valid until {0:u}.", ((LtpaTokenInfo)state).Expiration!.Value.UtcDateTime);

        private static byte[] Digest(byte[] body, int length, byte[] secret)
        {
            byte[] buffer = new byte[length + secret.Length];
            Buffer.BlockCopy(body, 0, buffer, 0, length);
            Buffer.BlockCopy(secret, 0, buffer, length, secret.Length);
            byte[] digest = LtpaCrypto.Sha1(buffer);
            Array.Clear(buffer, 0, buffer.Length);
            return digest;
        }

        private static bool TryParseHex(byte[] raw, int offset, out uint value)
        {
            value = 0;
            for (int i = offset; i < offset + 8; i++)
            {
                int c = raw[i];
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
                if (digit < 0)
                {
                    return false;
                }

                value = (value << 4) | (uint)digit;
            }

            return true;
        }

        private static bool LowerCaseHex(byte[] raw)
        {
            for (int i = 4; i < 20; i++)
            {
                if (raw[i] >= 'a' && raw[i] <= 'f')
                {
                    return true;
                }
            }

            return false;
        }

        private static LtpaTokenInfo Fail(LtpaTokenInfo info, LtpaTokenVerdict verdict, string reason)
        {
            info.Verdict = verdict;
            info.Reason = reason;
            return info;
        }
    }
}
