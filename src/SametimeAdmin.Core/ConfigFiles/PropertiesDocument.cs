using System;
using System.Collections.Generic;
using System.Text;
using SametimeAdmin.Common;

namespace SametimeAdmin.ConfigFiles
{
    /// <summary>
    /// A java.util.Properties file (the Domino servlets.properties): "key=value", "key: value" or "key value" logical
    /// lines, continued onto the next physical line by an odd number of trailing backslashes; '#' and '!' comment lines;
    /// backslash escapes. Keys are case-sensitive, as in Java. A changed setting that spanned several physical lines is
    /// written back on one line; every other line stays as it was.
    /// </summary>
    public sealed class PropertiesDocument : ConfigDocument
    {
        internal PropertiesDocument(ConfigFileText text)
            : base(text)
        {
        }

        public override ConfigFileFormat Format => ConfigFileFormat.JavaProperties;

        protected override StringComparer NameComparer => StringComparer.Ordinal;

        protected override List<ConfigEntry> ParseEntries()
        {
            var result = new List<ConfigEntry>();
            int i = 0;
            while (i < Text.Count)
            {
                string first = Text[i];
                int start = SkipWhitespace(first, 0);
                if (start == first.Length || first[start] == '#' || first[start] == '!')
                {
                    i++;
                    continue;
                }

                int firstLine = i;
                var logical = new StringBuilder(first.Substring(start));
                while (EndsWithContinuation(Text[i]) && i + 1 < Text.Count)
                {
                    logical.Length--;
                    i++;
                    string next = Text[i];
                    logical.Append(next, SkipWhitespace(next, 0), next.Length - SkipWhitespace(next, 0));
                }

                if (EndsWithContinuation(Text[i]))
                {
                    logical.Length--; // a continuation at the end of the file continues into nothing
                }

                SplitKeyValue(logical.ToString(), out int keyEnd, out int valueStart);
                string line = logical.ToString();
                string key = Unescape(line.Substring(0, keyEnd), firstLine + 1);
                string value = Unescape(line.Substring(valueStart), firstLine + 1);

                // Where the value starts on the first physical line (for replacing it in place).
                SplitKeyValue(first.Substring(start), out _, out int firstValueStart);
                int firstLimit = EndsWithContinuation(first) ? first.Length - 1 : first.Length;
                result.Add(new ConfigEntry(null, key, value, firstLine, i, Math.Min(start + firstValueStart, firstLimit)));
                i++;
            }

            return result;
        }

        protected override string NewEntryLine(string name, string value) => JavaProperties.EscapeKey(name) + "=" + JavaProperties.EscapeValue(value);

        protected override string ReplaceValue(ConfigEntry entry, string value)
        {
            string prefix = Text[entry.FirstLine].Substring(0, entry.ValueStart);
            SplitKeyValue(prefix.TrimStart(' ', '\t', '\f'), out int keyEnd, out _);
            if (keyEnd == prefix.TrimStart(' ', '\t', '\f').Length)
            {
                // "key" alone (or "key\" continued): a separator is needed before the value.
                prefix += "=";
            }

            return prefix + JavaProperties.EscapeValue(value);
        }

        protected override int InsertionIndex(string? section)
        {
            IReadOnlyList<ConfigEntry> all = Entries;
            return all.Count == 0 ? Text.Count : all[all.Count - 1].LastLine + 1;
        }

        protected override void ValidateName(string name)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw Invalid("InvalidSettingName", "A properties file key cannot be empty.");
            }
        }

        protected override void ValidateValue(string name, string value)
        {
            // Every character can be written: Escape turns the special ones into backslash escapes.
        }

        private static int SkipWhitespace(string text, int index)
        {
            while (index < text.Length && (text[index] == ' ' || text[index] == '\t' || text[index] == '\f'))
            {
                index++;
            }

            return index;
        }

        private static bool EndsWithContinuation(string line)
        {
            int backslashes = 0;
            for (int i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
            {
                backslashes++;
            }

            return backslashes % 2 == 1;
        }

        /// <summary>Where the key ends and the value starts in a logical line without leading whitespace (java.util.Properties rules).</summary>
        private static void SplitKeyValue(string line, out int keyEnd, out int valueStart)
        {
            JavaProperties.SplitKeyValue(line, out string rawKey, out string rawValue);
            keyEnd = rawKey.Length;
            valueStart = line.Length - rawValue.Length;
        }

        private static string Unescape(string text, int lineNumber)
        {
            try
            {
                return JavaProperties.Unescape(text);
            }
            catch (FormatException ex)
            {
                throw new SametimeAdminException("InvalidPropertiesFile", FailureKind.InvalidData,
                    $"Line {lineNumber} of the properties file has a malformed \\uXXXX escape, which Java refuses to load too. Nothing was changed.", ex)
                {
                    RecommendedAction = "Fix the escape (four hexadecimal digits after \\u) in an editor, then try again.",
                };
            }
        }
    }
}
