using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// The user data of LtpaToken2 / LtpaToken: attr ("$" attr)*, attr = key ":" value ("|" value)*.
    /// Values escape '%', '$' and ':' with a backslash (as WebSphere and Liberty 21 do); '\' and '|' are not escaped.
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

            var sb = new StringBuilder(value.Length + 4);
            foreach (char c in value)
            {
                if (c == '%' || c == '$' || c == ':')
                {
                    sb.Append('\\');
                }

                sb.Append(c);
            }

            return sb.ToString();
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

            var list = attributes.ToList();
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

                    sb.Append(EscapeValue(attribute.Value[i]));
                }
            }

            return sb.ToString();
        }

        /// <summary>
        /// Parses user data: attributes split at '$' not preceded by '\', key and value at the first ':' not preceded
        /// by '\', values at '|' (empty values dropped, as Java's StringTokenizer does), then unescaped. When
        /// <paramref name="splitUserOnPipe"/> is false the "u" value is kept whole, so an id containing '|' is not
        /// cut short. Attributes that occur twice have their values appended in order.
        /// </summary>
        public static IReadOnlyDictionary<string, IReadOnlyList<string>> Parse(string userData, bool splitUserOnPipe = false)
        {
            if (userData == null)
            {
                throw new ArgumentNullException(nameof(userData));
            }

            var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (string attribute in SplitUnescaped(userData, '$'))
            {
                if (attribute.Length == 0)
                {
                    continue;
                }

                int colon = IndexOfUnescaped(attribute, ':');
                string key = colon < 0 ? attribute : attribute.Substring(0, colon);
                string rawValue = colon < 0 ? string.Empty : attribute.Substring(colon + 1);
                if (!result.TryGetValue(key, out List<string>? values))
                {
                    values = new List<string>();
                    result[key] = values;
                    order.Add(key);
                }

                if (key == UserAttribute && !splitUserOnPipe)
                {
                    if (rawValue.Length > 0)
                    {
                        values.Add(UnescapeValue(rawValue));
                    }

                    continue;
                }

                foreach (string part in rawValue.Split('|'))
                {
                    if (part.Length > 0)
                    {
                        values.Add(UnescapeValue(part));
                    }
                }
            }

            var ordered = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (string key in order)
            {
                ordered[key] = result[key].ToArray();
            }

            return ordered;
        }

        /// <summary>The user data as Liberty would re-serialize it after parsing it (its signature is checked over this).</summary>
        public static string Canonicalize(string userData) => Serialize(Parse(userData, splitUserOnPipe: true));

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
}
