using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SametimeAdmin.Ltpa
{
    /// <summary>One token found in some input: its cookie name (when it came with one) and the cookie value.</summary>
    public sealed class LtpaTokenText
    {
        public LtpaTokenText(string? cookieName, string value)
        {
            CookieName = cookieName;
            Value = value;
        }

        public string? CookieName { get; }

        public string Value { get; }
    }

    /// <summary>
    /// Finds LTPA tokens in what an admin has at hand (a raw cookie value, a URL-encoded one, "LtpaToken2=..." pairs,
    /// whole Cookie: and Set-Cookie: header lines) and decodes each against key sets (in the order given) and an
    /// optional Domino secret. Bad tokens give a verdict, never an exception.
    /// </summary>
    public sealed class LtpaTokenReader
    {
        private readonly IReadOnlyList<LtpaKeySet> keySets;
        private readonly byte[]? dominoSecret;
        private readonly LtpaValidationOptions options;

        public LtpaTokenReader(IEnumerable<LtpaKeySet>? keySets, byte[]? dominoSecret, LtpaValidationOptions? options = null)
        {
            this.keySets = keySets == null ? Array.Empty<LtpaKeySet>() : new List<LtpaKeySet>(keySets);
            this.dominoSecret = dominoSecret == null || dominoSecret.Length == 0 ? null : dominoSecret;
            this.options = options ?? new LtpaValidationOptions();
        }

        /// <summary>The tokens in a piece of input: every LTPA cookie of a Cookie:/Set-Cookie: line, a name=value pair, or a bare value.</summary>
        public static IReadOnlyList<LtpaTokenText> Extract(string input)
        {
            var found = new List<LtpaTokenText>();
            if (string.IsNullOrWhiteSpace(input))
            {
                return found;
            }

            foreach (string rawLine in input.Split('\n'))
            {
                string line = rawLine.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                if (StartsWithHeader(line, "Set-Cookie:", out string rest))
                {
                    int semicolon = rest.IndexOf(';');
                    AddPair(found, semicolon < 0 ? rest : rest.Substring(0, semicolon), requireLtpaName: true);
                }
                else if (StartsWithHeader(line, "Cookie:", out rest))
                {
                    foreach (string pair in rest.Split(';'))
                    {
                        AddPair(found, pair, requireLtpaName: true);
                    }
                }
                else if (IsLtpaPair(line))
                {
                    foreach (string pair in line.Split(';'))
                    {
                        AddPair(found, pair, requireLtpaName: true);
                    }
                }
                else
                {
                    found.Add(new LtpaTokenText(null, line));
                }
            }

            return found;
        }

        /// <summary>Decodes every token in the input.</summary>
        public IEnumerable<LtpaTokenInfo> Read(string input)
        {
            foreach (LtpaTokenText token in Extract(input))
            {
                yield return Decode(token);
            }
        }

        /// <summary>Decodes one token, trying the formats its cookie name allows and every key set (primary first).</summary>
        public LtpaTokenInfo Decode(LtpaTokenText token)
        {
            if (token == null)
            {
                throw new ArgumentNullException(nameof(token));
            }

            string value = NormalizeValue(token.Value);
            var fingerprint = new LazyText(FingerprintOf, value);
            byte[]? raw = LtpaCrypto.TryDecodeBase64(value);
            LtpaTokenInfo result;
            if (raw == null)
            {
                result = NotBase64(FormatOf(token.CookieName), fingerprint);
            }
            else
            {
                result = DecodeRaw(raw, token.CookieName, fingerprint);
            }

            result.CookieName = token.CookieName;
            return result;
        }

        private LtpaTokenInfo DecodeRaw(byte[] raw, string? cookieName, LazyText fingerprint)
        {
            bool isVersion2Cookie = string.Equals(cookieName, LtpaToken2.CookieName, StringComparison.OrdinalIgnoreCase);
            bool isVersion1Cookie = string.Equals(cookieName, WebSphereLtpaToken.CookieName, StringComparison.OrdinalIgnoreCase);
            bool unknownName = !isVersion2Cookie && !isVersion1Cookie;
            // The hex times identify a Domino token even when its header is damaged: it is then Malformed for that reason.
            bool dominoShape = DominoLtpaToken.LooksLikeDomino(raw) || DominoLtpaToken.HasDominoTimes(raw);
            LtpaTokenInfo? best = null;
            int bestRank = -1;

            bool Consider(LtpaTokenInfo info)
            {
                int rank = Rank(info);
                if (rank > bestRank)
                {
                    best = info;
                    bestRank = rank;
                }

                return rank >= 10;
            }

            LtpaTokenInfo? domino = null;
            if ((isVersion1Cookie || unknownName) && dominoShape)
            {
                domino = DominoLtpaToken.Decode(raw, dominoSecret, options, fingerprint);
                if (Consider(domino))
                {
                    return best!;
                }
            }

            if (isVersion2Cookie || (unknownName && !dominoShape && raw.Length % 16 == 0))
            {
                foreach (LtpaKeySet keys in keySets)
                {
                    if (Consider(LtpaToken2.Decode(raw, keys, options, fingerprint)))
                    {
                        return best!;
                    }
                }
            }

            if (isVersion1Cookie || (unknownName && !dominoShape && raw.Length % 8 == 0))
            {
                foreach (LtpaKeySet keys in keySets)
                {
                    if (Consider(WebSphereLtpaToken.Decode(raw, keys, options, fingerprint)))
                    {
                        return best!;
                    }
                }
            }

            if (best == null)
            {
                return NoKeys(raw, isVersion2Cookie, isVersion1Cookie, fingerprint);
            }

            if (domino != null && best.Verdict == LtpaTokenVerdict.NotDecryptable)
            {
                // Domino-shaped bytes that no key decrypts either: what the Domino reading found is the better answer.
                return domino;
            }

            if (unknownName && best.Verdict == LtpaTokenVerdict.NotDecryptable && !dominoShape && raw.Length % 16 == 0 && keySets.Count > 0)
            {
                best.Format = LtpaTokenFormat.Unknown;
                best.Reason = "It does not decrypt with these keys, neither as LtpaToken2 nor as WebSphere LtpaToken: it was made with another key set, or it was damaged.";
            }

            if (keySets.Count > 1 && best.Verdict == LtpaTokenVerdict.NotDecryptable)
            {
                best.KeyFingerprint = null;
                best.KeySource = null;
                best.Reason = best.Reason.Replace("these keys", string.Format(CultureInfo.InvariantCulture, "any of the {0} key sets", keySets.Count));
            }

            return best;
        }

        private LtpaTokenInfo NoKeys(byte[] raw, bool isVersion2Cookie, bool isVersion1Cookie, LazyText fingerprint)
        {
            LtpaTokenFormat format = isVersion2Cookie ? LtpaTokenFormat.LtpaToken2 : isVersion1Cookie ? LtpaTokenFormat.WebSphereLtpaToken : LtpaTokenFormat.Unknown;
            string reason = raw.Length % 8 != 0
                ? $"The token is {raw.Length} bytes long, which fits no LTPA format (truncated?)."
                : keySets.Count == 0 ? "No key set was given to decrypt it." : "It fits no LTPA format.";
            return new LtpaTokenInfo
            {
                Format = format,
                Verdict = raw.Length % 8 != 0 ? LtpaTokenVerdict.Malformed : LtpaTokenVerdict.NotDecryptable,
                Reason = reason,
                TokenFingerprintSource = fingerprint,
            };
        }

        private static int Rank(LtpaTokenInfo info)
        {
            switch (info.Verdict)
            {
                case LtpaTokenVerdict.Valid:
                case LtpaTokenVerdict.Expired:
                case LtpaTokenVerdict.NotYetValid:
                    return 10;
                case LtpaTokenVerdict.BadSignature:
                    return 5;
                case LtpaTokenVerdict.Unverified:
                    return 4;
                case LtpaTokenVerdict.Malformed:
                    return info.UserData != null ? 3 : 0;
                default:
                    return 1;
            }
        }

        /// <summary>
        /// Undoes what transport does to a cookie value: surrounding quotes and whitespace, URL encoding (%2B %2F %3D),
        /// and '+' turned into a space by form decoding.
        /// </summary>
        public static string NormalizeValue(string value)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            string text = value.Trim();
            if (text.Length >= 2 && text[0] == '"' && text[text.Length - 1] == '"')
            {
                text = text.Substring(1, text.Length - 2).Trim();
            }

            if (text.IndexOf('%') >= 0)
            {
                text = PercentDecode(text);
            }

            return text.Replace(' ', '+');
        }

        /// <summary>"SHA256:" + 16 Base64 characters of SHA-256 over the (normalized) token: match tokens without showing them.</summary>
        public static string TokenFingerprint(string normalizedValue) =>
            LtpaCrypto.Fingerprint(Encoding.ASCII.GetBytes(normalizedValue ?? string.Empty), 12);

        private static readonly Func<object, string> FingerprintOf = value => TokenFingerprint((string)value);

        /// <summary>Normalizes and Base64-decodes one token value, then hands the bytes and the token fingerprint to a format decoder.</summary>
        internal static LtpaTokenInfo DecodeText(string token, LtpaTokenFormat format, Func<byte[], LazyText, LtpaTokenInfo> decode)
        {
            if (token == null)
            {
                throw new ArgumentNullException(nameof(token));
            }

            string value = NormalizeValue(token);
            var fingerprint = new LazyText(FingerprintOf, value);
            byte[]? raw = LtpaCrypto.TryDecodeBase64(value);
            return raw == null ? NotBase64(format, fingerprint) : decode(raw, fingerprint);
        }

        internal static LtpaTokenInfo NotBase64(LtpaTokenFormat format, LazyText fingerprint) => new LtpaTokenInfo
        {
            Format = format,
            Verdict = LtpaTokenVerdict.Malformed,
            Reason = "The value is not Base64, so it is not an LTPA token (or it was cut or altered in transfer).",
            TokenFingerprintSource = fingerprint,
        };

        private static LtpaTokenFormat FormatOf(string? cookieName) =>
            string.Equals(cookieName, LtpaToken2.CookieName, StringComparison.OrdinalIgnoreCase) ? LtpaTokenFormat.LtpaToken2
            : string.Equals(cookieName, WebSphereLtpaToken.CookieName, StringComparison.OrdinalIgnoreCase) ? LtpaTokenFormat.WebSphereLtpaToken
            : LtpaTokenFormat.Unknown;

        private static string PercentDecode(string text)
        {
            var sb = new StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
                {
                    sb.Append((char)int.Parse(text.Substring(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                }
                else
                {
                    sb.Append(text[i]);
                }
            }

            return sb.ToString();
        }

        private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

        private static bool StartsWithHeader(string line, string header, out string rest)
        {
            if (line.StartsWith(header, StringComparison.OrdinalIgnoreCase))
            {
                rest = line.Substring(header.Length);
                return true;
            }

            rest = string.Empty;
            return false;
        }

        private static bool IsLtpaPair(string line) =>
            line.StartsWith(LtpaToken2.CookieName + "=", StringComparison.OrdinalIgnoreCase) ||
            line.StartsWith(WebSphereLtpaToken.CookieName + "=", StringComparison.OrdinalIgnoreCase);

        private static void AddPair(List<LtpaTokenText> found, string pair, bool requireLtpaName)
        {
            int equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                return;
            }

            string name = pair.Substring(0, equals).Trim();
            string value = pair.Substring(equals + 1).Trim();
            bool ltpa = string.Equals(name, LtpaToken2.CookieName, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(name, WebSphereLtpaToken.CookieName, StringComparison.OrdinalIgnoreCase);
            if ((ltpa || !requireLtpaName) && value.Length > 0)
            {
                found.Add(new LtpaTokenText(name, value));
            }
        }
    }
}
