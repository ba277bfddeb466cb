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

                int lastLine = LastLineOf(i);
                string logical = LogicalLine(i, lastLine);
                SplitKeyValue(logical, out int keyEnd, out int valueStart);
                string key = Unescape(logical.Substring(0, keyEnd), i + 1);
                string value = Unescape(logical.Substring(valueStart), i + 1);
                int valueOnFirstLine = i == lastLine ? start + valueStart : first.Length;
                result.Add(new ConfigEntry(null, key, value, i, lastLine, valueOnFirstLine));
                i = lastLine + 1;
            }

            return result;
        }

        protected override string NewEntryLine(string name, string value) => JavaProperties.EscapeKey(name) + "=" + JavaProperties.EscapeValue(value);

        /// <summary>
        /// The setting on one line: its indentation, then key, separator and spacing as the logical line has them (so a
        /// key or separator continued onto later lines stays the same key), then the new value.
        /// </summary>
        protected override string ReplaceValue(ConfigEntry entry, string value)
        {
            string logical = LogicalLine(entry.FirstLine, entry.LastLine);
            SplitKeyValue(logical, out int keyEnd, out int valueStart);
            string first = Text[entry.FirstLine];
            string prefix = first.Substring(0, SkipWhitespace(first, 0)) + logical.Substring(0, valueStart);
            if (keyEnd == valueStart)
            {
                // "key" alone: a separator is needed before the value.
                prefix += "=";
            }

            return prefix + JavaProperties.EscapeValue(value);
        }

        protected override int InsertionIndex(string? section)
        {
            IReadOnlyList<ConfigEntry> all = Entries;
            if (all.Count == 0)
            {
                return Text.Count;
            }

            int last = all[all.Count - 1].LastLine;

            // A dangling continuation ended by a blank line: the new line goes after the blank line, not into the value.
            return EndsWithContinuation(Text[last]) && last + 1 < Text.Count ? last + 2 : last + 1;
        }

        /// <summary>
        /// A new line right after a line ending in a continuation backslash (possible only at the end of the file) would
        /// become part of that value: a blank line first ends it, which Java reads as the same value.
        /// </summary>
        protected override int InsertEntryLine(int index, string line)
        {
            if (index > 0 && index == Text.Count && EndsWithContinuation(Text[index - 1]) && IsPartOfEntry(index - 1))
            {
                Text.Insert(index, string.Empty);
                index++;
            }

            return base.InsertEntryLine(index, line);
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

        /// <summary>
        /// The last physical line of the logical line that starts at <paramref name="line"/>: a line ending in an odd number
        /// of backslashes continues onto the next one, unless that one is blank, which ends the logical line (Java's
        /// LineReader reads nothing from it).
        /// </summary>
        private int LastLineOf(int line)
        {
            while (EndsWithContinuation(Text[line]) && line + 1 < Text.Count && SkipWhitespace(Text[line + 1], 0) < Text[line + 1].Length)
            {
                line++;
            }

            return line;
        }

        /// <summary>Physical lines joined as Java does: leading whitespace and continuation backslashes dropped; escapes kept.</summary>
        private string LogicalLine(int firstLine, int lastLine)
        {
            var logical = new StringBuilder();
            for (int k = firstLine; k <= lastLine; k++)
            {
                string line = Text[k];
                int from = SkipWhitespace(line, 0);

                // A continuation at the end of the file or before a blank line continues into nothing: the backslash is dropped.
                int to = EndsWithContinuation(line) ? line.Length - 1 : line.Length;
                logical.Append(line, from, to - from);
            }

            return logical.ToString();
        }

        private bool IsPartOfEntry(int line)
        {
            foreach (ConfigEntry entry in Entries)
            {
                if (line >= entry.FirstLine && line <= entry.LastLine)
                {
                    return true;
                }
            }

            return false;
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
