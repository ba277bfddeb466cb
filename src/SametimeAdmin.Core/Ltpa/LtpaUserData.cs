using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Text;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// The user data of LtpaToken2 / LtpaToken: attr ("$" attr)*, attr = key ":" value ("|" value)*.
    /// New tokens escape '%', '$' and ':' in values with a backslash (as WebSphere and Liberty 21 do, and every later
    /// Liberty reads); '\' and '|' are not escaped. <see cref="Canonicalize"/> follows current Liberty's rules.
    /// </summary>
    public static class LtpaUserData
    {
        public const string UserAttribute = "u";
        public const string ExpireAttribute = "expire";

        /// <summary>Prefixes '%', '$' and ':' with a backslash.</summary>
        public static string EscapeValue(string value)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            if (value.IndexOfAny(Escaped) < 0)
            {
                return value;
            }

            return AppendEscaped(new StringBuilder(value.Length + 4), value).ToString();
        }

        private static readonly char[] Escaped = { '%', '$', ':' };

        /// <summary>Appends the value with '%', '$' and ':' prefixed by a backslash.</summary>
        internal static StringBuilder AppendEscaped(StringBuilder sb, string value)
        {
            foreach (char c in value)
            {
                if (c == '%' || c == '$' || c == ':')
                {
                    sb.Append('\\');
                }

                sb.Append(c);
            }

            return sb;
        }

        /// <summary>Drops a backslash that precedes '%', '$' or ':'; every other backslash stays.</summary>
        public static string UnescapeValue(string value)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            if (value.IndexOf('\\') < 0)
            {
                return value;
            }

            var sb = new StringBuilder(value.Length);
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '\\' && i + 1 < value.Length && IsEscaped(value[i + 1]))
                {
                    continue;
                }

                sb.Append(c);
            }

            return sb.ToString();
        }

        /// <summary>
        /// Serializes attributes as Liberty does: keys in ordinal (Java String.compareTo) order when there is more than
        /// one, values joined with '|', each value escaped.
        /// </summary>
        public static string Serialize(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> attributes)
        {
            if (attributes == null)
            {
                throw new ArgumentNullException(nameof(attributes));
            }

            // Liberty writes no attribute without values (and drops "key:" when it parses), so neither do we.
            var list = attributes.Where(a => a.Value != null && a.Value.Count > 0).ToList();
            if (list.Count > 1)
            {
                list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            }

            var sb = new StringBuilder();
            foreach (var attribute in list)
            {
                if (sb.Length > 0)
                {
                    sb.Append('$');
                }

                sb.Append(attribute.Key).Append(':');
                for (int i = 0; i < attribute.Value.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append('|');
                    }

                    AppendEscaped(sb, attribute.Value[i]);
                }
            }

            return sb.ToString();
        }

        /// <summary>
        /// Parses user data as Liberty does: attributes split at '$' not preceded by '\', key and value at the first ':'
        /// not preceded by '\', values at '|' (empty values dropped, as Java's StringTokenizer does), then unescaped.
        /// A segment without ':' and an attribute without values are dropped; an attribute that occurs again replaces
        /// the earlier one (Liberty keeps the last). When <paramref name="splitUserOnPipe"/> is false the "u" value is
        /// kept whole, so an id containing '|' is not cut short.
        /// </summary>
        public static IReadOnlyDictionary<string, IReadOnlyList<string>> Parse(string userData, bool splitUserOnPipe = false) =>
            Parse(userData, splitUserOnPipe, out _);

        /// <summary><see cref="Parse(string, bool)"/> that also gives <see cref="RepeatedAttributes"/> in the same pass.</summary>
        internal static IReadOnlyDictionary<string, IReadOnlyList<string>> Parse(string userData, bool splitUserOnPipe, out IReadOnlyList<string> repeated)
        {
            if (userData == null)
            {
                throw new ArgumentNullException(nameof(userData));
            }

            // A replaced entry keeps its place, so the dictionary lists attributes in order of first occurrence.
            var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            var seen = new List<string>();
            List<string>? repeatedKeys = null;
            foreach (var (key, rawValue) in Segments(userData))
            {
                if (seen.Contains(key))
                {
                    repeatedKeys ??= new List<string>();
                    if (!repeatedKeys.Contains(key))
                    {
                        repeatedKeys.Add(key);
                    }
                }
                else
                {
                    seen.Add(key);
                }

                var values = new List<string>();
                if (key == UserAttribute && !splitUserOnPipe)
                {
                    values.Add(UnescapeValue(rawValue));
                }
                else
                {
                    foreach (string part in rawValue.Split('|'))
                    {
                        if (part.Length > 0)
                        {
                            values.Add(UnescapeValue(part));
                        }
                    }
                }

                if (values.Count > 0)
                {
                    result[key] = new LtpaAttributeValues(values);
                }
            }

            repeated = (IReadOnlyList<string>?)repeatedKeys ?? Array.Empty<string>();
            return result;
        }

        /// <summary>The attribute names that occur more than once (Liberty keeps only the last of them).</summary>
        public static IReadOnlyList<string> RepeatedAttributes(string userData)
        {
            if (userData == null)
            {
                throw new ArgumentNullException(nameof(userData));
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var repeated = new List<string>();
            foreach (var (key, _) in Segments(userData))
            {
                if (!seen.Add(key) && !repeated.Contains(key))
                {
                    repeated.Add(key);
                }
            }

            return repeated;
        }

        /// <summary>
        /// The user data as current Liberty re-serializes it after parsing it; Liberty verifies the signature over this,
        /// not over the received bytes. Rules of OpenLiberty's LTPATokenizer (2022 and later): the "u" value is not
        /// split at '|'; unescaping drops '\' before '%', '$', ':', '|' and '\'; escaping prefixes '%', '$', ':' and '|'
        /// with '\' and doubles a trailing '\'; attributes are sorted when there is more than one.
        /// </summary>
        public static string Canonicalize(string userData)
        {
            if (userData == null)
            {
                throw new ArgumentNullException(nameof(userData));
            }

            var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (key, rawValue) in Segments(userData))
            {
                var values = new List<string>();
                if (key == UserAttribute)
                {
                    values.Add(UnescapeLiberty(rawValue));
                }
                else
                {
                    foreach (string part in rawValue.Split('|'))
                    {
                        if (part.Length > 0)
                        {
                            values.Add(UnescapeLiberty(part));
                        }
                    }
                }

                map[key] = values;
            }

            var keys = map.Keys.ToList();
            keys.Sort(string.CompareOrdinal);
            var sb = new StringBuilder();
            foreach (string key in keys)
            {
                List<string> values = map[key];
                if (values.Count == 0)
                {
                    continue;
                }

                if (sb.Length > 0)
                {
                    sb.Append('$');
                }

                sb.Append(key).Append(':').Append(string.Join("|", values.Select(EscapeLiberty)));
            }

            return sb.ToString();
        }

        /// <summary>
        /// True when <see cref="Canonicalize"/> would return the user data unchanged. What Liberty and this module
        /// mint is decided by one scan without allocation; anything unusual is re-serialized and compared.
        /// </summary>
        public static bool IsCanonical(string userData)
        {
            if (userData == null)
            {
                throw new ArgumentNullException(nameof(userData));
            }

            return IsPlainlyCanonical(userData) || string.Equals(Canonicalize(userData), userData, StringComparison.Ordinal);
        }

        /// <summary>
        /// True only when the text is certainly canonical: keys strictly ascending (no repeats) without '\' or '$';
        /// every value non-empty with no bare ':' or '%', escapes only before '%' '$' ':' (and '|' in "u"), no "\\",
        /// no trailing '\'; '|' only between non-empty values of attributes other than "u". False means "not sure".
        /// </summary>
        internal static bool IsPlainlyCanonical(string text)
        {
            int length = text.Length;
            int i = 0;
            int previousKey = -1, previousKeyLength = 0;
            while (true)
            {
                int keyStart = i;
                while (i < length && text[i] != ':')
                {
                    if (text[i] == '\\' || text[i] == '$')
                    {
                        return false;
                    }

                    i++;
                }

                int keyLength = i - keyStart;
                if (i == length || keyLength == 0 || (previousKey >= 0 && CompareOrdinal(text, previousKey, previousKeyLength, keyStart, keyLength) >= 0))
                {
                    return false;
                }

                bool isUser = keyLength == 1 && text[keyStart] == 'u';
                bool partEmpty = true;
                i++;
                while (i < length && text[i] != '$')
                {
                    char c = text[i];
                    if (c == '\\')
                    {
                        if (i + 1 >= length)
                        {
                            return false;
                        }

                        char next = text[i + 1];
                        if (next == '\\' || (next == '|' && !isUser))
                        {
                            return false;
                        }

                        // An escape pair stays as it is; a '\' before any other character is kept as a plain one.
                        i += next == '%' || next == '$' || next == ':' || next == '|' ? 2 : 1;
                        partEmpty = false;
                        continue;
                    }

                    if (c == ':' || c == '%' || (c == '|' && (isUser || partEmpty)))
                    {
                        return false;
                    }

                    partEmpty = c == '|';
                    i++;
                }

                if (partEmpty)
                {
                    return false;
                }

                if (i == length)
                {
                    return true;
                }

                previousKey = keyStart;
                previousKeyLength = keyLength;
                i++;
            }
        }

        private static int CompareOrdinal(string text, int a, int aLength, int b, int bLength)
        {
            int common = Math.Min(aLength, bLength);
            for (int k = 0; k < common; k++)
            {
                int diff = text[a + k] - text[b + k];
                if (diff != 0)
                {
                    return diff;
                }
            }

            return aLength - bLength;
        }

        /// <summary>The (key, raw value) of every segment with an unescaped ':' and a non-empty value, in order.</summary>
        private static IEnumerable<(string Key, string RawValue)> Segments(string userData)
        {
            foreach (string attribute in SplitUnescaped(userData, '$'))
            {
                int colon = IndexOfUnescaped(attribute, ':');
                if (colon < 0 || colon == attribute.Length - 1)
                {
                    continue;
                }

                yield return (attribute.Substring(0, colon), attribute.Substring(colon + 1));
            }
        }

        private static string UnescapeLiberty(string value)
        {
            var sb = new StringBuilder(value.Length);
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '\\' && i < value.Length - 1)
                {
                    char next = value[i + 1];
                    if (next != '$' && next != ':' && next != '%' && next != '|' && next != '\\')
                    {
                        sb.Append(c);
                    }
                }
                else
                {
                    sb.Append(c);
                }
            }

            return sb.ToString();
        }

        private static string EscapeLiberty(string value)
        {
            var sb = new StringBuilder(value.Length + 4);
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '%' || c == '$' || c == ':' || c == '|' || (c == '\\' && i == value.Length - 1))
                {
                    sb.Append('\\');
                }

                sb.Append(c);
            }

            return sb.ToString();
        }

        private static bool IsEscaped(char c) => c == '%' || c == '$' || c == ':';

        private static IEnumerable<string> SplitUnescaped(string text, char separator)
        {
            int start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == separator && (i == 0 || text[i - 1] != '\\'))
                {
                    yield return text.Substring(start, i - start);
                    start = i + 1;
                }
            }

            yield return text.Substring(start);
        }

        private static int IndexOfUnescaped(string text, char c)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == c && (i == 0 || text[i - 1] != '\\'))
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>The values of one token attribute; shown as Liberty writes them ("a|b"), so lists of attributes read well.</summary>
    public sealed class LtpaAttributeValues : ReadOnlyCollection<string>
    {
        public LtpaAttributeValues(IList<string> values)
            : base(values)
        {
        }

        public override string ToString() => string.Join("|", this);
    }
}
