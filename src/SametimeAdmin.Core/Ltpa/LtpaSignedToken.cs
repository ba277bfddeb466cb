using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using SametimeAdmin.Common;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// What LtpaToken2 and WebSphere LtpaToken share: the plaintext layout userData "%" expiration "%" Base64(signature),
    /// building user data for a new token, and turning a decrypted plaintext into a verdict.
    /// </summary>
    internal static class LtpaSignedToken
    {
        private const byte Percent = (byte)'%';
        private static readonly char[] ReservedInNames = { ':', '$', '%', '|' };

        /// <summary>The fields of a decrypted plaintext, split at the last two '%' (or the last one: two-field form).</summary>
        internal sealed class Fields
        {
            public Fields(byte[] userData, string? expirationField, byte[] plaintext, int signatureOffset)
            {
                UserData = userData;
                ExpirationField = expirationField;
                this.plaintext = plaintext;
                this.signatureOffset = signatureOffset;
            }

            private readonly byte[] plaintext;
            private readonly int signatureOffset;

            public byte[] UserData { get; }

            public string? ExpirationField { get; }

            /// <summary>The signature field decoded from Base64 (straight from the plaintext's bytes); null when it is not Base64.</summary>
            public byte[]? DecodeSignature() => LtpaCrypto.TryDecodeBase64(plaintext, signatureOffset, plaintext.Length - signatureOffset);
        }

        /// <summary>Verifies a signature over the received user data bytes.</summary>
        internal delegate bool SignatureCheck(byte[] userData, byte[] signature);

        public static Fields? Split(byte[] plaintext, bool forceTwoFields = false)
        {
            int last = Array.LastIndexOf(plaintext, Percent);
            if (last < 0)
            {
                return null;
            }

            int middle = last == 0 || forceTwoFields ? -1 : Array.LastIndexOf(plaintext, Percent, last - 1);
            if (middle >= 0)
            {
                string field = LtpaCrypto.Latin1.GetString(plaintext, middle + 1, last - middle - 1);
                if (IsInteger(field))
                {
                    return new Fields(Slice(plaintext, 0, middle), field, plaintext, last + 1);
                }
            }

            return new Fields(Slice(plaintext, 0, last), null, plaintext, last + 1);
        }

        /// <summary>Builds sorted user data with "u" and "expire" plus extra attributes, refusing what would not round-trip.</summary>
        public static string BuildUserData(string accessId, long? expirationMillis, IEnumerable<KeyValuePair<string, string>>? attributes, bool allowNonPortable)
        {
            if (string.IsNullOrEmpty(accessId))
            {
                throw new SametimeAdminException("AccessIdInvalid", FailureKind.InvalidArgument, "An access id (type:realm/uniqueId) is required.");
            }

            if (!LtpaAccessId.TrySplit(accessId, out _, out _, out string uniqueId))
            {
                throw new SametimeAdminException("AccessIdInvalid", FailureKind.InvalidArgument,
                    $"'{accessId}' is not an access id of the form type:realm/uniqueId (for example user:defaultRealm/alice).");
            }

            if (!allowNonPortable && (uniqueId.IndexOf('|') >= 0 || uniqueId.IndexOf('\\') >= 0))
            {
                throw new SametimeAdminException("UserIdNotPortable", FailureKind.InvalidArgument,
                    $"The user id '{uniqueId}' contains '|' or '\\', which WebSphere and the Liberty levels escape and parse differently: a token for it is read as another user or rejected on some servers.")
                { RecommendedAction = "Use the user's distinguished name or another id without '|' and '\\', or force minting if every server runs the same level." };
            }

            if (attributes == null)
            {
                // Only "expire" and "u", already in ordinal order: what Serialize writes for them, without the map.
                var sb = new StringBuilder(accessId.Length + 40);
                if (expirationMillis.HasValue)
                {
                    sb.Append(LtpaUserData.ExpireAttribute).Append(':').Append(expirationMillis.Value.ToString(CultureInfo.InvariantCulture)).Append('$');
                }

                return LtpaUserData.AppendEscaped(sb.Append(LtpaUserData.UserAttribute + ":"), accessId).ToString();
            }

            var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var attribute in attributes)
            {
                if (string.IsNullOrEmpty(attribute.Key) || attribute.Key.IndexOfAny(ReservedInNames) >= 0)
                {
                    throw new SametimeAdminException("TokenAttributeInvalid", FailureKind.InvalidArgument,
                        $"'{attribute.Key}' is not a valid token attribute name (it cannot be empty or contain ':', '$', '%' or '|').");
                }

                if (attribute.Key == LtpaUserData.UserAttribute || attribute.Key == LtpaUserData.ExpireAttribute)
                {
                    throw new SametimeAdminException("TokenAttributeInvalid", FailureKind.InvalidArgument,
                        $"The attribute '{attribute.Key}' is set from the user and the expiration; it cannot be given as an extra attribute.");
                }

                if (string.IsNullOrEmpty(attribute.Value))
                {
                    // Liberty drops empty values when it parses, so the signature over its re-serialization would fail.
                    throw new SametimeAdminException("TokenAttributeInvalid", FailureKind.InvalidArgument,
                        $"The attribute '{attribute.Key}' has an empty value; Liberty drops empty values when it reads a token, so it would reject the token's signature.")
                    { RecommendedAction = "Give every attribute a non-empty value, or leave the attribute out." };
                }

                if (!map.TryGetValue(attribute.Key, out List<string>? values))
                {
                    values = new List<string>();
                    map[attribute.Key] = values;
                }

                values.Add(attribute.Value!);
            }

            map[LtpaUserData.UserAttribute] = new List<string> { accessId };
            if (expirationMillis.HasValue)
            {
                map[LtpaUserData.ExpireAttribute] = new List<string> { expirationMillis.Value.ToString(CultureInfo.InvariantCulture) };
            }

            var list = new List<KeyValuePair<string, IReadOnlyList<string>>>();
            foreach (var pair in map)
            {
                list.Add(new KeyValuePair<string, IReadOnlyList<string>>(pair.Key, pair.Value));
            }

            return LtpaUserData.Serialize(list);
        }

        /// <summary>userData "%" expirationField "%" signature (or the two-field form without an expiration field).</summary>
        public static byte[] Assemble(byte[] userData, string? expirationField, byte[] signature)
        {
            string encodedSignature = Convert.ToBase64String(signature);
            int fieldLength = expirationField == null ? 0 : expirationField.Length + 1;
            byte[] plaintext = new byte[userData.Length + fieldLength + 1 + encodedSignature.Length];
            Buffer.BlockCopy(userData, 0, plaintext, 0, userData.Length);
            int offset = userData.Length;
            if (expirationField != null)
            {
                plaintext[offset++] = Percent;
                offset += Encoding.ASCII.GetBytes(expirationField, 0, expirationField.Length, plaintext, offset);
            }

            plaintext[offset++] = Percent;
            Encoding.ASCII.GetBytes(encodedSignature, 0, encodedSignature.Length, plaintext, offset);
            return plaintext;
        }

        /// <summary>Turns a decrypted plaintext into a verdict (LtpaToken2 when <paramref name="isVersion2"/>, else WebSphere LtpaToken).</summary>
        public static LtpaTokenInfo Evaluate(byte[] plaintext, bool isVersion2, LtpaKeySet keys, SignatureCheck check, LtpaValidationOptions options, LazyText tokenFingerprint)
        {
            var info = new LtpaTokenInfo
            {
                Format = isVersion2 ? LtpaTokenFormat.LtpaToken2 : LtpaTokenFormat.WebSphereLtpaToken,
                TokenFingerprintSource = tokenFingerprint,
                KeyFingerprint = keys.PublicKeyFingerprint,
                KeySource = keys.Source,
            };
            var notes = new List<string>();
            info.Notes = notes;

            Fields? fields = Split(plaintext);
            if (fields == null)
            {
                return Fail(info, LtpaTokenVerdict.Malformed, "It decrypted, but the content has no '%' field separators: it is not an LTPA token (other keys whose padding happened to match, or a damaged token).");
            }

            byte[]? signature = fields.DecodeSignature();
            bool signatureOk = signature != null && check(fields.UserData, signature);

            // A '\' right before the middle '%' may mean a two-field token whose user id ends in an escaped '%'.
            if (!signatureOk && fields.ExpirationField != null && fields.UserData.Length > 0 && fields.UserData[fields.UserData.Length - 1] == (byte)'\\')
            {
                Fields? twoFields = Split(plaintext, forceTwoFields: true);
                byte[]? twoSignature = twoFields?.DecodeSignature();
                if (twoFields != null && twoSignature != null && check(twoFields.UserData, twoSignature))
                {
                    fields = twoFields;
                    signature = twoSignature;
                    signatureOk = true;
                }
            }

            string userData = LtpaCrypto.Utf8.GetString(fields.UserData);
            info.UserData = userData;
            var attributes = LtpaUserData.Parse(userData, false, out IReadOnlyList<string> repeatedAttributes);
            info.Attributes = attributes;
            info.SignatureValid = signature == null ? (bool?)null : signatureOk;
            FillIdentity(info, attributes, notes);
            foreach (string repeated in repeatedAttributes)
            {
                notes.Add($"The attribute '{repeated}' occurs more than once; Liberty keeps only the last occurrence.");
            }

            if (info.Realm != null && !string.Equals(info.Realm, keys.Realm, StringComparison.Ordinal))
            {
                notes.Add($"The token is for realm '{info.Realm}', but the key set records realm '{keys.Realm}': the keys accept it, but a server whose user registry has another realm than the token's does not find the user unless it trusts that realm.");
            }

            long? fieldMillis = ParseMillis(fields.ExpirationField);
            info.ExpirationField = ToTime(fieldMillis);
            long? signedMillis = null;
            bool expireUnreadable = false;
            if (isVersion2 && attributes.TryGetValue(LtpaUserData.ExpireAttribute, out IReadOnlyList<string>? expire) && expire.Count > 0)
            {
                signedMillis = ParseMillis(expire[expire.Count - 1]);
                expireUnreadable = signedMillis == null;
            }

            long? expirationMillis = signedMillis ?? fieldMillis;
            info.Expiration = ToTime(expirationMillis);
            info.ExpirationSigned = expirationMillis == null ? (bool?)null : signedMillis != null;
            if (signature == null)
            {
                return Fail(info, LtpaTokenVerdict.Malformed, "The signature field is not Base64.");
            }

            if (!signatureOk)
            {
                return Fail(info, LtpaTokenVerdict.BadSignature,
                    "It decrypted with these keys, but the signature does not match the user data: the token was altered, or it was signed by a key pair other than this key set's.");
            }

            if (expireUnreadable)
            {
                return Fail(info, LtpaTokenVerdict.Malformed, "The signed expire attribute is not a time in milliseconds.");
            }

            if (expirationMillis == null)
            {
                return Fail(info, LtpaTokenVerdict.Malformed, "The token has no expiration (no expire attribute and no expiration field).");
            }

            if (info.AccessId == null)
            {
                return Fail(info, LtpaTokenVerdict.Malformed, "The signed user data has no user (no 'u' attribute).");
            }

            string? strictProblem = CheckLibertyForm(info, fields, userData, signedMillis, fieldMillis, isVersion2, options, notes, out string? strictSignatureProblem);
            if (!isVersion2 && fieldMillis != null)
            {
                notes.Add("LtpaToken (version 1) does not sign its expiration: anyone holding a token could extend it without the keys.");
            }

            if (!isVersion2 && !userData.StartsWith("u:", StringComparison.Ordinal))
            {
                notes.Add("The user data does not start with 'u:'; Domino rejects such LtpaToken cookies.");
            }

            // Liberty's order: the expiration difference when decrypting, then the expiration, then the signature.
            if (options.LibertyStrict && strictProblem != null)
            {
                return Fail(info, LtpaTokenVerdict.Malformed, strictProblem);
            }

            DateTimeOffset now = options.EffectiveNow;
            if (now > info.Expiration!.Value + options.ClockSkew)
            {
                return Fail(info, LtpaTokenVerdict.Expired,
                    string.Format(CultureInfo.InvariantCulture, "The signature is good, but the token expired at {0:u} ({1} ago).", info.Expiration.Value.UtcDateTime, Describe(now - info.Expiration.Value)));
            }

            if (options.LibertyStrict && strictSignatureProblem != null)
            {
                return Fail(info, LtpaTokenVerdict.BadSignature, strictSignatureProblem);
            }

            info.Verdict = LtpaTokenVerdict.Valid;
            info.ReasonSource = new LazyText(ValidReason, info);
            if (!info.ExpirationSigned!.Value && isVersion2)
            {
                notes.Add("The expiration comes from the unsigned second field: the user data has no expire attribute.");
            }

            return info;
        }

        /// <summary>
        /// What current Liberty (OpenLiberty LTPAToken2/LTPATokenizer, 2022-2025) would reject although the signature over
        /// the received bytes is good: user data that differs from Liberty's re-serialization (unsorted attributes,
        /// other escaping, a '|' or trailing '\' in the user id) and, in a three-field token with a signed expire
        /// attribute, a second field that differs from it by more than the allowed difference. Two-field tokens are
        /// accepted, as Liberty 22.0.0.9 and later do. Everything is noted; the problems are returned for -Strict: the expiration
        /// difference (Liberty rejects it while decrypting) and, separately, the signature problem (checked after expiry).
        /// </summary>
        private static string? CheckLibertyForm(LtpaTokenInfo info, Fields fields, string userData, long? signedMillis, long? fieldMillis, bool isVersion2, LtpaValidationOptions options, List<string> notes, out string? signatureProblem)
        {
            signatureProblem = null;
            if (!isVersion2)
            {
                return null;
            }

            string? problem = null;
            if (fields.ExpirationField == null)
            {
                notes.Add("It is a two-field token (user data % signature): Liberty 22.0.0.9 and later accept it; Liberty 21 and WebSphere traditional reject it.");
            }

            if (userData.EndsWith("\\", StringComparison.Ordinal))
            {
                notes.Add("The user data ends with '\\', so Liberty 21 reads the following '%' as escaped and cannot parse the token.");
            }

            if (!LtpaUserData.IsCanonical(userData))
            {
                string text = "The user data is not in current Liberty's canonical form (sorted attributes, Liberty escaping); Liberty verifies the signature over its re-serialization and rejects it.";
                notes.Add(text);
                signatureProblem = text;
            }

            if (signedMillis != null && fieldMillis != null && signedMillis != fieldMillis)
            {
                // The unsigned field is attacker-controlled: any long, so the difference is taken in double and capped.
                double millis = Math.Abs((double)signedMillis.Value - fieldMillis.Value);
                TimeSpan difference = millis >= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(millis);
                bool tooLarge = options.MaxExpirationDifference.HasValue && difference > options.MaxExpirationDifference.Value;
                string text = string.Format(CultureInfo.InvariantCulture,
                    "The signed expiration and the unsigned second field differ by {0}{1}.", Describe(difference),
                    tooLarge ? "; current Liberty rejects more than " + Describe(options.MaxExpirationDifference!.Value) : string.Empty);
                notes.Add(text);
                if (tooLarge && fields.ExpirationField != null)
                {
                    problem = text;
                }
            }

            if (info.Attributes.TryGetValue(LtpaUserData.UserAttribute, out IReadOnlyList<string>? user) && user.Count > 0 && user[0].IndexOf('|') >= 0)
            {
                notes.Add("The user id contains '|': WebSphere and Liberty 21 read only the part before it as the user; current Liberty rejects the token.");
            }

            return problem;
        }

        private static void FillIdentity(LtpaTokenInfo info, IReadOnlyDictionary<string, IReadOnlyList<string>> attributes, List<string> notes)
        {
            if (!attributes.TryGetValue(LtpaUserData.UserAttribute, out IReadOnlyList<string>? user) || user.Count == 0)
            {
                return;
            }

            // Liberty and WebSphere take the first value; more than one is suspicious.
            info.AccessId = user[0];
            if (user.Count > 1)
            {
                notes.Add("The token names more than one user ('u' has several values); servers use the first.");
            }

            if (LtpaAccessId.TrySplit(info.AccessId, out string type, out string realm, out string uniqueId))
            {
                info.UserType = type;
                info.Realm = realm;
                info.User = uniqueId;
            }
            else
            {
                info.User = info.AccessId;
                notes.Add("The 'u' attribute is not of the form type:realm/uniqueId.");
            }
        }

        private static readonly Func<object, string> ValidReason = state => string.Format(CultureInfo.InvariantCulture,
            "The signature is good and the token is valid until {0:u}.", ((LtpaTokenInfo)state).Expiration!.Value.UtcDateTime);

        private static LtpaTokenInfo Fail(LtpaTokenInfo info, LtpaTokenVerdict verdict, string reason)
        {
            info.Verdict = verdict;
            info.Reason = reason;
            return info;
        }

        internal static string Describe(TimeSpan span)
        {
            span = span.Duration();
            if (span.TotalDays >= 2)
            {
                return string.Format(CultureInfo.InvariantCulture, "{0:0} days", Math.Floor(span.TotalDays));
            }

            if (span.TotalHours >= 2)
            {
                return string.Format(CultureInfo.InvariantCulture, "{0:0} hours", Math.Floor(span.TotalHours));
            }

            if (span.TotalMinutes >= 2)
            {
                return string.Format(CultureInfo.InvariantCulture, "{0:0} minutes", Math.Floor(span.TotalMinutes));
            }

            return string.Format(CultureInfo.InvariantCulture, "{0:0.###} s", span.TotalSeconds);
        }

        private static long? ParseMillis(string? text)
        {
            if (text == null || !IsInteger(text))
            {
                return null;
            }

            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : (long?)null;
        }

        private static DateTimeOffset? ToTime(long? millis)
        {
            const long Max = 253402300799999; // 9999-12-31T23:59:59.999Z
            const long Min = -62135596800000; // 0001-01-01T00:00:00Z
            if (millis == null)
            {
                return null;
            }

            return DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(Max, Math.Max(Min, millis.Value)));
        }

        private static bool IsInteger(string text)
        {
            if (text.Length == 0 || text.Length > 19)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-' && text.Length > 1))
                {
                    return false;
                }
            }

            return true;
        }

        private static byte[] Slice(byte[] source, int offset, int count)
        {
            byte[] result = new byte[count];
            Buffer.BlockCopy(source, offset, result, 0, count);
            return result;
        }
    }
}
