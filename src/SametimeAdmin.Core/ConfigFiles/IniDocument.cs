using System;
using System.Collections.Generic;

namespace SametimeAdmin.ConfigFiles
{
    /// <summary>
    /// sametime.ini and notes.ini. Lines are "[Section]" headers, "NAME=value" settings (split at the first '='),
    /// comments starting with ';' or '#', blank lines, and anything else, which is kept as it is. Names match
    /// case-insensitively: Domino does so for notes.ini; for sametime.ini it is assumed (Windows profile-file rules),
    /// and the spelling found in the file is kept. notes.ini is read as one flat list (Domino uses only [Notes]);
    /// sametime.ini settings belong to their section.
    /// </summary>
    public sealed class IniDocument : ConfigDocument
    {
        internal IniDocument(ConfigFileText text, ConfigFileFormat format)
            : base(text)
        {
            if (format == ConfigFileFormat.JavaProperties)
            {
                throw new ArgumentException("Use PropertiesDocument for properties files.", nameof(format));
            }

            Format = format;
        }

        public override ConfigFileFormat Format { get; }

        protected override StringComparer NameComparer => StringComparer.OrdinalIgnoreCase;

        protected override bool HasSections => Format == ConfigFileFormat.SametimeIni;

        /// <summary>The section named by a header line, or null when the line is not a header.</summary>
        internal static string? SectionHeaderName(string line)
        {
            string trimmed = line.Trim();
            if (trimmed.Length < 2 || trimmed[0] != '[')
            {
                return null;
            }

            int close = trimmed.IndexOf(']');
            return close < 0 ? null : trimmed.Substring(1, close - 1).Trim();
        }

        protected override List<ConfigEntry> ParseEntries()
        {
            var result = new List<ConfigEntry>();
            string? section = HasSections ? string.Empty : null;
            for (int i = 0; i < Text.Count; i++)
            {
                string line = Text[i];
                string trimmed = line.TrimStart();
                if (trimmed.Length == 0 || trimmed[0] == ';' || trimmed[0] == '#')
                {
                    continue;
                }

                string? header = SectionHeaderName(line);
                if (header != null)
                {
                    if (HasSections)
                    {
                        section = header;
                    }

                    continue;
                }

                int equals = line.IndexOf('=');
                if (equals <= 0 || line.Substring(0, equals).Trim().Length == 0)
                {
                    continue;
                }

                int valueStart = equals + 1;
                while (valueStart < line.Length && (line[valueStart] == ' ' || line[valueStart] == '\t'))
                {
                    valueStart++;
                }

                result.Add(new ConfigEntry(section, line.Substring(0, equals).Trim(), line.Substring(valueStart).TrimEnd(), i, i, valueStart));
            }

            return result;
        }

        protected override string NewEntryLine(string name, string value) => name + "=" + value;

        protected override string ReplaceValue(ConfigEntry entry, string value) =>
            Text[entry.FirstLine].Substring(0, entry.ValueStart) + value;

        protected override int InsertionIndex(string? section)
        {
            if (!HasSections)
            {
                IReadOnlyList<ConfigEntry> all = Entries;
                return all.Count == 0 ? Text.Count : all[all.Count - 1].LastLine + 1;
            }

            int header = -1;
            for (int i = 0; i < Text.Count; i++)
            {
                if (string.Equals(SectionHeaderName(Text[i]), section, StringComparison.OrdinalIgnoreCase))
                {
                    header = i;
                    break;
                }
            }

            if (header < 0)
            {
                return -1;
            }

            int next = header + 1;
            while (next < Text.Count && SectionHeaderName(Text[next]) == null)
            {
                next++;
            }

            // After the last setting of the section, so comments and blank lines that precede the next section stay there.
            int index = header + 1;
            foreach (ConfigEntry entry in Entries)
            {
                if (entry.FirstLine > header && entry.FirstLine < next)
                {
                    index = entry.LastLine + 1;
                }
            }

            return index;
        }

        /// <summary>
        /// The new header is separated from what precedes it as the file separates its sections (the blank lines before
        /// its other headers; one when it has none to go by), counting blank lines already at the end of the file.
        /// </summary>
        protected override int AppendSection(string section)
        {
            int trailingBlank = 0;
            while (trailingBlank < Text.Count && IsBlank(Text[Text.Count - 1 - trailingBlank]))
            {
                trailingBlank++;
            }

            int wanted = trailingBlank == Text.Count ? 0 : BlankLinesBeforeSections();
            for (int i = trailingBlank; i < wanted; i++)
            {
                Text.Insert(Text.Count, string.Empty);
            }

            return base.AppendSection(section);
        }

        /// <summary>The number of blank lines most headers after the first have before them (the later header on a tie); 1 without any.</summary>
        private int BlankLinesBeforeSections()
        {
            var counts = new Dictionary<int, int>();
            int best = 1, bestCount = 0;
            bool headerSeen = false;
            for (int i = 0; i < Text.Count; i++)
            {
                if (SectionHeaderName(Text[i]) == null)
                {
                    continue;
                }

                if (headerSeen)
                {
                    // Comment lines right above a header belong to it: the blank lines above them separate the sections.
                    int above = i - 1;
                    while (above >= 0 && IsComment(Text[above]))
                    {
                        above--;
                    }

                    int blank = 0;
                    while (above - blank >= 0 && IsBlank(Text[above - blank]))
                    {
                        blank++;
                    }

                    counts[blank] = counts.TryGetValue(blank, out int n) ? n + 1 : 1;
                    if (counts[blank] >= bestCount)
                    {
                        best = blank;
                        bestCount = counts[blank];
                    }
                }

                headerSeen = true;
            }

            return best;
        }

        private static bool IsBlank(string line) => line.Trim().Length == 0;

        private static bool IsComment(string line)
        {
            string trimmed = line.TrimStart();
            return trimmed.Length > 0 && (trimmed[0] == ';' || trimmed[0] == '#');
        }

        protected override void ValidateName(string name)
        {
            string file = DisplayName(Format);
            if (string.IsNullOrEmpty(name) || name.Trim() != name)
            {
                throw Invalid("InvalidSettingName", $"'{name}' is not a usable {file} setting name: it is empty or has leading or trailing spaces.");
            }

            if (name.IndexOf('=') >= 0 || name[0] == '[' || name[0] == ';' || name[0] == '#' || IndexOfForbiddenCharacter(name, true) >= 0)
            {
                throw Invalid("InvalidSettingName",
                    $"'{name}' is not a usable {file} setting name: names cannot contain '=' or control characters, nor start with '[', ';' or '#'.");
            }
        }

        protected override void ValidateValue(string name, string value)
        {
            string file = DisplayName(Format);
            if (value.Trim() != value)
            {
                throw Invalid("InvalidSettingValue",
                    $"The value for {name} has leading or trailing spaces, which {file} readers drop; give it without them.");
            }

            int bad = IndexOfForbiddenCharacter(value, Format == ConfigFileFormat.SametimeIni);
            if (bad >= 0)
            {
                string rule = Format == ConfigFileFormat.SametimeIni
                    ? "sametime.ini may only hold characters allowed in XML, and no line breaks"
                    : "a notes.ini value must stay on one line, without control characters";
                throw Invalid("InvalidSettingValue",
                    $"The value for {name} contains the character U+{(int)value[bad]:X4} at position {bad + 1}; {rule}.");
            }
        }

        protected override void ValidateSectionName(string section)
        {
            if (section.Trim() != section || section.Length == 0 || section.IndexOf(']') >= 0 || section.IndexOf('[') >= 0 ||
                IndexOfForbiddenCharacter(section, true) >= 0)
            {
                throw Invalid("InvalidSectionName",
                    $"'{section}' is not a usable sametime.ini section name: give it without brackets, surrounding spaces or control characters (for example AuthToken).");
            }
        }
    }
}
