using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Sametime12
{
    /// <summary>
    /// A Docker Compose env file (Sametime 12 <c>.env</c> and <c>custom.env</c>), edited losslessly through
    /// <see cref="ConfigDocument"/>: only the lines of the settings concerned change. Lines follow the Compose
    /// env-file format: <c>KEY=VALUE</c>, an optional <c>export </c> prefix, <c>#</c> comment lines, blank lines,
    /// values unquoted (an inline comment starts at a <c>#</c> after white space), in single quotes (literal) or in
    /// double quotes (backslash escapes). Names are case-sensitive. When a name occurs more than once, Compose keeps
    /// the last one (<see cref="Value"/>); an edit changes every occurrence, so whichever is read carries the new value.
    /// </summary>
    public sealed class DotEnvDocument : ConfigDocument
    {
        private const string ExportPrefix = "export ";

        internal DotEnvDocument(ConfigFileText text)
            : base(text)
        {
        }

        public override ConfigFileFormat Format => ConfigFileFormat.DotEnv;

        protected override StringComparer NameComparer => StringComparer.Ordinal;

        /// <summary>Parses env-file bytes (<paramref name="displayPath"/> names the file in errors).</summary>
        public static DotEnvDocument Parse(byte[] bytes, string displayPath, string defaultNewLine = "\n") =>
            new DotEnvDocument(ConfigFileText.Parse(bytes, displayPath, defaultNewLine));

        /// <summary>An env file that does not exist yet.</summary>
        public static DotEnvDocument CreateEmpty(string newLine = "\n") => new DotEnvDocument(ConfigFileText.CreateEmpty(newLine));

        /// <summary>The value Compose reads for <paramref name="name"/> (the last occurrence), or null when absent.</summary>
        public string? Value(string name) => Last(name)?.Value;

        /// <summary>The occurrence of <paramref name="name"/> that Compose reads (the last), or null.</summary>
        public ConfigEntry? Last(string name) => Entries.LastOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));

        /// <summary>Every name with the value Compose reads for it, in order of first appearance.</summary>
        public IReadOnlyList<ConfigEntry> Effective()
        {
            var last = new Dictionary<string, ConfigEntry>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (ConfigEntry entry in Entries)
            {
                if (!last.ContainsKey(entry.Name))
                {
                    order.Add(entry.Name);
                }

                last[entry.Name] = entry;
            }

            return order.Select(n => last[n]).ToList();
        }

        protected override List<ConfigEntry> ParseEntries()
        {
            var result = new List<ConfigEntry>();
            for (int i = 0; i < Text.Count; i++)
            {
                LineParts? parts = Split(Text[i]);
                if (parts != null)
                {
                    result.Add(new ConfigEntry(null, parts.Name, parts.Value, i, i, parts.ValueStart));
                }
            }

            return result;
        }

        protected override string NewEntryLine(string name, string value) => name + "=" + Quote(value, null);

        /// <summary>Keeps the quote style of the line (or adds quotes the new value needs) and any inline comment.</summary>
        protected override string ReplaceValue(ConfigEntry entry, string value)
        {
            string line = Text[entry.FirstLine];
            LineParts parts = Split(line)!;
            return line.Substring(0, entry.ValueStart) + Quote(value, parts.Quote) + parts.Trailer;
        }

        protected override int InsertionIndex(string? section)
        {
            IReadOnlyList<ConfigEntry> all = Entries;
            return all.Count == 0 ? Text.Count : all[all.Count - 1].LastLine + 1;
        }

        protected override void ValidateName(string name)
        {
            if (!IsValidName(name))
            {
                throw Invalid("InvalidEnvVariableName",
                    $"'{name}' is not a usable environment variable name: use letters, digits and underscores, not starting with a digit (for example LTPA_DURATION_MINUTES).");
            }
        }

        protected override void ValidateValue(string name, string value)
        {
            int bad = IndexOfForbiddenCharacter(value, false);
            if (bad >= 0)
            {
                throw Invalid("InvalidSettingValue",
                    $"The value for {name} contains the character U+{(int)value[bad]:X4} at position {bad + 1}; an env file value must stay on one line, without control characters.");
            }
        }

        internal static bool IsValidName(string name)
        {
            if (string.IsNullOrEmpty(name) || char.IsDigit(name[0]))
            {
                return false;
            }

            foreach (char c in name)
            {
                if (!(c == '_' || c == '.' || c == '-' || (c < 0x80 && char.IsLetterOrDigit(c))))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The text of a value as it goes into the file: as it is when Compose reads it back unchanged, else quoted.</summary>
        internal static string Quote(string value, char? style)
        {
            if (style == '\'' && value.IndexOf('\'') < 0)
            {
                return "'" + value + "'";
            }

            if (style == '"' || (style == '\'' && value.IndexOf('\'') >= 0))
            {
                return DoubleQuote(value);
            }

            bool plain = value.Length == 0 || (value.Trim() == value && value[0] != '\'' && value[0] != '"' &&
                value.IndexOf(" #", StringComparison.Ordinal) < 0 && value.IndexOf("\t#", StringComparison.Ordinal) < 0 &&
                value.IndexOf('$') < 0 && value.IndexOf('\\') < 0);
            if (plain)
            {
                return value;
            }

            // Single quotes are literal in Compose (no escapes, no interpolation): the safest form when possible.
            return value.IndexOf('\'') < 0 ? "'" + value + "'" : DoubleQuote(value);
        }

        private static string DoubleQuote(string value)
        {
            var builder = new StringBuilder("\"");
            foreach (char c in value)
            {
                if (c == '"' || c == '\\' || c == '$')
                {
                    builder.Append('\\');
                }

                builder.Append(c);
            }

            return builder.Append('"').ToString();
        }

        /// <summary>Splits a setting line; null for blank lines, comments and lines without a usable name.</summary>
        private static LineParts? Split(string line)
        {
            int start = 0;
            while (start < line.Length && (line[start] == ' ' || line[start] == '\t'))
            {
                start++;
            }

            if (start == line.Length || line[start] == '#')
            {
                return null;
            }

            if (string.CompareOrdinal(line, start, ExportPrefix, 0, ExportPrefix.Length) == 0)
            {
                start += ExportPrefix.Length;
                while (start < line.Length && line[start] == ' ')
                {
                    start++;
                }
            }

            int equals = line.IndexOf('=', start);
            if (equals < 0)
            {
                return null;
            }

            string name = line.Substring(start, equals - start).Trim();
            if (!IsValidName(name))
            {
                return null;
            }

            int valueStart = equals + 1;
            while (valueStart < line.Length && (line[valueStart] == ' ' || line[valueStart] == '\t'))
            {
                valueStart++;
            }

            if (valueStart < line.Length && (line[valueStart] == '\'' || line[valueStart] == '"'))
            {
                char quote = line[valueStart];
                var value = new StringBuilder();
                int i = valueStart + 1;
                for (; i < line.Length; i++)
                {
                    char c = line[i];
                    if (c == quote)
                    {
                        return new LineParts(name, value.ToString(), valueStart, quote, line.Substring(i + 1));
                    }

                    if (quote == '"' && c == '\\' && i + 1 < line.Length)
                    {
                        char next = line[++i];
                        value.Append(next == 'n' ? '\n' : next == 't' ? '\t' : next == 'r' ? '\r' : next);
                        continue;
                    }

                    value.Append(c);
                }

                // No closing quote on this line: Compose would read on; the text is kept as it is and shown raw.
                return new LineParts(name, line.Substring(valueStart), valueStart, null, string.Empty);
            }

            int end = line.Length;
            for (int i = valueStart; i < line.Length; i++)
            {
                if (line[i] == '#' && i > valueStart && (line[i - 1] == ' ' || line[i - 1] == '\t'))
                {
                    end = i;
                    break;
                }
            }

            string raw = line.Substring(valueStart, end - valueStart);
            string trimmed = raw.TrimEnd();
            return new LineParts(name, trimmed, valueStart, null, line.Substring(valueStart + trimmed.Length));
        }

        private sealed class LineParts
        {
            public LineParts(string name, string value, int valueStart, char? quote, string trailer)
            {
                Name = name;
                Value = value;
                ValueStart = valueStart;
                Quote = quote;
                Trailer = trailer;
            }

            public string Name { get; }

            public string Value { get; }

            public int ValueStart { get; }

            /// <summary>The quote around the value, or null when it is unquoted.</summary>
            public char? Quote { get; }

            /// <summary>What follows the value on the line (white space and an inline comment), kept on replacement.</summary>
            public string Trailer { get; }
        }
    }
}
