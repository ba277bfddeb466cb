using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using SametimeAdmin.Common;

namespace SametimeAdmin.ConfigFiles
{
    /// <summary>
    /// A java.util.Properties document: <see cref="Parse"/> follows Properties.load (logical lines with
    /// continuations, '#'/'!' comments, '='/':'/whitespace separators, escapes including \uXXXX, CR, LF or CRLF)
    /// and <see cref="ToText"/> writes what Properties.store would. Keys keep the order of first appearance;
    /// a repeated key keeps its first position and its last value, as Java does.
    /// </summary>
    public sealed class JavaProperties : IEnumerable<KeyValuePair<string, string>>
    {
        private readonly Dictionary<string, string> values = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly List<string> order = new List<string>();

        public int Count => order.Count;

        public IReadOnlyList<string> Keys => order;

        public string? this[string key]
        {
            get => values.TryGetValue(key, out var value) ? value : null;
            set
            {
                if (value == null)
                {
                    Remove(key);
                }
                else
                {
                    Set(key, value);
                }
            }
        }

        public bool ContainsKey(string key) => values.ContainsKey(key);

        public bool TryGetValue(string key, out string value)
        {
            if (values.TryGetValue(key, out var found))
            {
                value = found;
                return true;
            }

            value = string.Empty;
            return false;
        }

        public void Set(string key, string value)
        {
            if (key == null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            if (!values.ContainsKey(key))
            {
                order.Add(key);
            }

            values[key] = value ?? throw new ArgumentNullException(nameof(value));
        }

        public bool Remove(string key)
        {
            if (!values.Remove(key))
            {
                return false;
            }

            order.Remove(key);
            return true;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
        {
            foreach (string key in order)
            {
                yield return new KeyValuePair<string, string>(key, values[key]);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>Parses properties text (already decoded to characters; key files are ISO-8859-1).</summary>
        /// <exception cref="SametimeAdminException">PropertiesMalformed for a bad \uXXXX escape.</exception>
        public static JavaProperties Parse(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            var result = new JavaProperties();
            int lineNumber = 0;
            foreach (string logical in ReadLogicalLines(text))
            {
                lineNumber++;
                SplitKeyValue(logical, out string rawKey, out string rawValue);
                string key, value;
                try
                {
                    key = Unescape(rawKey);
                    value = Unescape(rawValue);
                }
                catch (FormatException ex)
                {
                    throw new SametimeAdminException("PropertiesMalformed", FailureKind.InvalidData,
                        $"Entry {lineNumber.ToString(CultureInfo.InvariantCulture)} of the properties text has a malformed \\uXXXX escape.", ex);
                }

                result.Set(key, value);
            }

            return result;
        }

        /// <summary>
        /// The logical lines of a properties text as Properties.load sees them: comments and blank lines dropped,
        /// leading whitespace removed, continuation lines (odd number of trailing backslashes) joined with the
        /// next line's leading whitespace removed. Escapes are still in place.
        /// </summary>
        public static IEnumerable<string> ReadLogicalLines(string text)
        {
            var line = new StringBuilder();
            int i = 0;
            int length = text.Length;
            while (i < length)
            {
                // Start of a natural line that begins a logical line: skip leading whitespace.
                while (i < length && IsWhitespace(text[i]))
                {
                    i++;
                }

                if (i >= length)
                {
                    break;
                }

                char first = text[i];
                if (first == '\r' || first == '\n')
                {
                    i++;
                    continue;
                }

                if (first == '#' || first == '!')
                {
                    // Comment lines never continue, whatever they end with.
                    while (i < length && text[i] != '\r' && text[i] != '\n')
                    {
                        i++;
                    }

                    continue;
                }

                line.Clear();
                while (true)
                {
                    int start = i;
                    while (i < length && text[i] != '\r' && text[i] != '\n')
                    {
                        i++;
                    }

                    int end = i;
                    if (i < length)
                    {
                        i += text[i] == '\r' && i + 1 < length && text[i + 1] == '\n' ? 2 : 1;
                    }

                    int backslashes = 0;
                    for (int k = end - 1; k >= start && text[k] == '\\'; k--)
                    {
                        backslashes++;
                    }

                    bool continues = backslashes % 2 == 1;
                    line.Append(text, start, continues ? end - start - 1 : end - start);
                    if (!continues || i >= length)
                    {
                        break;
                    }

                    while (i < length && IsWhitespace(text[i]))
                    {
                        i++;
                    }
                }

                yield return line.ToString();
            }
        }

        /// <summary>Splits one logical line into its still-escaped key and value, as Properties.load does.</summary>
        public static void SplitKeyValue(string logicalLine, out string rawKey, out string rawValue)
        {
            int length = logicalLine.Length;
            int keyEnd = length;
            int valueStart = length;
            bool hasSeparator = false;
            bool precedingBackslash = false;
            for (int i = 0; i < length; i++)
            {
                char c = logicalLine[i];
                if ((c == '=' || c == ':') && !precedingBackslash)
                {
                    keyEnd = i;
                    valueStart = i + 1;
                    hasSeparator = true;
                    break;
                }

                if (IsWhitespace(c) && !precedingBackslash)
                {
                    keyEnd = i;
                    valueStart = i + 1;
                    break;
                }

                precedingBackslash = c == '\\' && !precedingBackslash;
            }

            while (valueStart < length)
            {
                char c = logicalLine[valueStart];
                if (IsWhitespace(c))
                {
                    valueStart++;
                    continue;
                }

                if (!hasSeparator && (c == '=' || c == ':'))
                {
                    hasSeparator = true;
                    valueStart++;
                    continue;
                }

                break;
            }

            rawKey = logicalLine.Substring(0, keyEnd);
            rawValue = valueStart < length ? logicalLine.Substring(valueStart) : string.Empty;
        }

        /// <summary>
        /// Removes Java properties escapes: \t \n \r \f, \uXXXX, and \x for any other x (the backslash is dropped).
        /// A lone trailing backslash is dropped. Throws FormatException for a malformed \uXXXX.
        /// </summary>
        public static string Unescape(string escaped)
        {
            if (escaped == null)
            {
                throw new ArgumentNullException(nameof(escaped));
            }

            if (escaped.IndexOf('\\') < 0)
            {
                return escaped;
            }

            var sb = new StringBuilder(escaped.Length);
            for (int i = 0; i < escaped.Length; i++)
            {
                char c = escaped[i];
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                if (++i >= escaped.Length)
                {
                    break;
                }

                c = escaped[i];
                switch (c)
                {
                    case 't': sb.Append('\t'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'u':
                        if (i + 4 >= escaped.Length)
                        {
                            throw new FormatException("Malformed \\uxxxx encoding.");
                        }

                        int code = 0;
                        for (int k = 1; k <= 4; k++)
                        {
                            int digit = HexValue(escaped[i + k]);
                            if (digit < 0)
                            {
                                throw new FormatException("Malformed \\uxxxx encoding.");
                            }

                            code = (code << 4) | digit;
                        }

                        sb.Append((char)code);
                        i += 4;
                        break;
                    default: sb.Append(c); break;
                }
            }

            return sb.ToString();
        }

        /// <summary>Escapes a key as Properties.store does (spaces escaped everywhere).</summary>
        public static string EscapeKey(string key, bool escapeUnicode = true) => Escape(key, true, escapeUnicode);

        /// <summary>Escapes a value as Properties.store does (only a leading space is escaped).</summary>
        public static string EscapeValue(string value, bool escapeUnicode = true) => Escape(value, false, escapeUnicode);

        /// <summary>Escapes text for a comment line: characters outside printable ASCII become \uXXXX when asked.</summary>
        public static string EscapeComment(string comment, bool escapeUnicode = true)
        {
            var sb = new StringBuilder(comment.Length);
            foreach (char c in comment)
            {
                if (escapeUnicode && (c > '\u00ff' || (c > '\u007e' && c < '\u00a0')))
                {
                    AppendUnicodeEscape(sb, c);
                }
                else if (c != '\r' && c != '\n')
                {
                    sb.Append(c);
                }
            }

            return sb.ToString();
        }

        /// <summary>
        /// The text Properties.store(OutputStream, comments) writes: optional comment lines, a date comment line
        /// when <paramref name="dateLine"/> is given, then key=value lines in this document's order.
        /// </summary>
        public string ToText(IEnumerable<string>? commentLines, string? dateLine, string newline = "\n", bool escapeUnicode = true)
        {
            var sb = new StringBuilder();
            if (commentLines != null)
            {
                foreach (string comment in commentLines)
                {
                    sb.Append('#').Append(EscapeComment(comment, escapeUnicode)).Append(newline);
                }
            }

            if (dateLine != null)
            {
                sb.Append('#').Append(dateLine).Append(newline);
            }

            foreach (string key in order)
            {
                sb.Append(EscapeKey(key, escapeUnicode)).Append('=').Append(EscapeValue(values[key], escapeUnicode)).Append(newline);
            }

            return sb.ToString();
        }

        /// <summary>java.util.Date.toString() for an instant: "EEE MMM dd HH:mm:ss zzz yyyy" (UTC shown as "UTC").</summary>
        public static string FormatJavaDate(DateTimeOffset time)
        {
            string zone;
            if (time.Offset == TimeSpan.Zero)
            {
                zone = "UTC";
            }
            else
            {
                TimeSpan offset = time.Offset.Duration();
                zone = "GMT" + (time.Offset < TimeSpan.Zero ? "-" : "+") + offset.Hours.ToString("00", CultureInfo.InvariantCulture) + ":" + offset.Minutes.ToString("00", CultureInfo.InvariantCulture);
            }

            return time.ToString("ddd MMM dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + zone + " " + time.ToString("yyyy", CultureInfo.InvariantCulture);
        }

        private static string Escape(string text, bool escapeSpace, bool escapeUnicode)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            var sb = new StringBuilder(text.Length + 8);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c > 61 && c < 127)
                {
                    if (c == '\\')
                    {
                        sb.Append('\\').Append('\\');
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    continue;
                }

                switch (c)
                {
                    case ' ':
                        if (i == 0 || escapeSpace)
                        {
                            sb.Append('\\');
                        }

                        sb.Append(' ');
                        break;
                    case '\t': sb.Append("\\t"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\f': sb.Append("\\f"); break;
                    case '=':
                    case ':':
                    case '#':
                    case '!':
                        sb.Append('\\').Append(c);
                        break;
                    default:
                        if ((c < 0x20 || c > 0x7e) && escapeUnicode)
                        {
                            AppendUnicodeEscape(sb, c);
                        }
                        else
                        {
                            sb.Append(c);
                        }

                        break;
                }
            }

            return sb.ToString();
        }

        private static void AppendUnicodeEscape(StringBuilder sb, char c) =>
            sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));

        private static bool IsWhitespace(char c) => c == ' ' || c == '\t' || c == '\f';

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }
    }
}
