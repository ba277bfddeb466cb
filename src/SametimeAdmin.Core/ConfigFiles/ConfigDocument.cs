using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.ConfigFiles
{
    /// <summary>The kinds of configuration file SametimeAdmin edits.</summary>
    public enum ConfigFileFormat
    {
        /// <summary>Sametime Community Server sametime.ini: [Section] headers and KEY=value lines.</summary>
        SametimeIni,

        /// <summary>Domino notes.ini: NAME=value lines under one [Notes] header; names match case-insensitively.</summary>
        NotesIni,

        /// <summary>A java.util.Properties file such as the Domino servlets.properties.</summary>
        JavaProperties,

        /// <summary>A Docker Compose env file (Sametime 12 .env, custom.env): KEY=VALUE lines, no sections.</summary>
        DotEnv,
    }

    /// <summary>What an edit did (or, under -WhatIf, would do) to one setting.</summary>
    public enum ConfigEditAction
    {
        Added,
        Updated,
        Removed,
        Unchanged,
        NotPresent,
    }

    /// <summary>One setting line (or logical line, for properties files) of a configuration file.</summary>
    public sealed class ConfigEntry
    {
        internal ConfigEntry(string? section, string name, string value, int firstLine, int lastLine, int valueStart)
        {
            Section = section;
            Name = name;
            Value = value;
            FirstLine = firstLine;
            LastLine = lastLine;
            ValueStart = valueStart;
        }

        /// <summary>The section the setting is in (sametime.ini only; "" before the first header), else null.</summary>
        public string? Section { get; }

        /// <summary>The setting name as spelled in the file.</summary>
        public string Name { get; }

        /// <summary>The value (trimmed for ini files, unescaped for properties files).</summary>
        public string Value { get; }

        /// <summary>1-based line number of the setting.</summary>
        public int LineNumber => FirstLine + 1;

        internal int FirstLine { get; }

        internal int LastLine { get; }

        /// <summary>Where the value starts in the text of the first line.</summary>
        internal int ValueStart { get; }
    }

    /// <summary>The result of one Set or Remove on a document.</summary>
    public sealed class ConfigEditOutcome
    {
        internal ConfigEditOutcome(ConfigEditAction action, string? previousValue, int? lineNumber, int occurrences, string? nameInFile)
        {
            Action = action;
            PreviousValue = previousValue;
            LineNumber = lineNumber;
            Occurrences = occurrences;
            NameInFile = nameInFile;
        }

        public ConfigEditAction Action { get; }

        /// <summary>The value before the edit (the first occurrence's), null when the setting was absent.</summary>
        public string? PreviousValue { get; }

        /// <summary>1-based line of the setting after the edit (before it, for removals).</summary>
        public int? LineNumber { get; }

        /// <summary>How many lines held the setting before the edit (more than 1 means duplicates, all of which were edited).</summary>
        public int Occurrences { get; }

        /// <summary>The name as spelled in the file when it differs from the requested spelling only in case.</summary>
        public string? NameInFile { get; }
    }

    /// <summary>
    /// A lossless, editable view of a configuration file: settings are found, set and removed by changing, inserting or
    /// deleting only the lines concerned; everything else (comments, unknown lines, blank lines, order, case, encoding,
    /// line endings) is written back byte for byte. Duplicated settings are all edited, so whichever the server reads
    /// carries the new value.
    /// </summary>
    public abstract class ConfigDocument
    {
        private IReadOnlyList<ConfigEntry>? entries;

        protected ConfigDocument(ConfigFileText text) => Text = text;

        /// <summary>The lines of the file.</summary>
        public ConfigFileText Text { get; }

        public abstract ConfigFileFormat Format { get; }

        /// <summary>Every setting in file order.</summary>
        public IReadOnlyList<ConfigEntry> Entries => entries ??= ParseEntries();

        /// <summary>Comparer for setting names (case-insensitive for ini files, exact for properties files).</summary>
        protected abstract StringComparer NameComparer { get; }

        /// <summary>Parses bytes read from a file of the given format.</summary>
        public static ConfigDocument Parse(byte[] bytes, ConfigFileFormat format, string displayPath, string defaultNewLine) =>
            Create(ConfigFileText.Parse(bytes, displayPath, defaultNewLine), format);

        /// <summary>A document for a file that does not exist yet.</summary>
        public static ConfigDocument CreateEmpty(ConfigFileFormat format, string newLine) =>
            Create(ConfigFileText.CreateEmpty(newLine), format);

        /// <summary>All occurrences of a setting (exact section; names compared as the format does).</summary>
        public IReadOnlyList<ConfigEntry> Find(string? section, string name)
        {
            CheckSection(section);
            return Entries.Where(e => NameComparer.Equals(e.Name, name) && SectionMatches(e.Section, section)).ToList();
        }

        /// <summary>Sets a setting: every existing occurrence gets the value in place, or one line is added.</summary>
        public ConfigEditOutcome Set(string? section, string name, string value)
        {
            CheckSection(section);
            ValidateName(name);
            ValidateValue(name, value);
            IReadOnlyList<ConfigEntry> found = Find(section, name);
            string? nameInFile = found.Select(e => e.Name).FirstOrDefault(n => !string.Equals(n, name, StringComparison.Ordinal));
            if (found.Count > 0)
            {
                bool changed = false;
                foreach (ConfigEntry entry in found.Reverse())
                {
                    if (entry.Value == value && entry.FirstLine == entry.LastLine)
                    {
                        continue;
                    }

                    string replaced = ReplaceValue(entry, value);
                    for (int line = entry.LastLine; line > entry.FirstLine; line--)
                    {
                        Text.RemoveAt(line);
                    }

                    Text.Replace(entry.FirstLine, replaced);
                    changed = true;
                }

                Invalidate();
                return new ConfigEditOutcome(changed ? ConfigEditAction.Updated : ConfigEditAction.Unchanged, found[0].Value,
                    Find(section, name)[0].LineNumber, found.Count, nameInFile);
            }

            int index = InsertionIndex(section);
            if (index < 0)
            {
                index = AppendSection(section!);
            }

            index = InsertEntryLine(index, NewEntryLine(name, value));
            Invalidate();
            return new ConfigEditOutcome(ConfigEditAction.Added, null, index + 1, 0, null);
        }

        /// <summary>Removes every occurrence of a setting.</summary>
        public ConfigEditOutcome Remove(string? section, string name)
        {
            CheckSection(section);
            ValidateName(name);
            IReadOnlyList<ConfigEntry> found = Find(section, name);
            if (found.Count == 0)
            {
                return new ConfigEditOutcome(ConfigEditAction.NotPresent, null, null, 0, null);
            }

            foreach (ConfigEntry entry in found.Reverse())
            {
                for (int line = entry.LastLine; line >= entry.FirstLine; line--)
                {
                    Text.RemoveAt(line);
                }
            }

            Invalidate();
            string? nameInFile = found.Select(e => e.Name).FirstOrDefault(n => !string.Equals(n, name, StringComparison.Ordinal));
            return new ConfigEditOutcome(ConfigEditAction.Removed, found[0].Value, found[0].LineNumber, found.Count, nameInFile);
        }

        /// <summary>"sametime.ini", "notes.ini" or "properties file", for messages.</summary>
        public static string DisplayName(ConfigFileFormat format) => format switch
        {
            ConfigFileFormat.SametimeIni => "sametime.ini",
            ConfigFileFormat.NotesIni => "notes.ini",
            ConfigFileFormat.DotEnv => "env file",
            _ => "properties file",
        };

        protected abstract List<ConfigEntry> ParseEntries();

        /// <summary>The text of a new setting line.</summary>
        protected abstract string NewEntryLine(string name, string value);

        /// <summary>The text of an existing setting's first line with only the value replaced.</summary>
        protected abstract string ReplaceValue(ConfigEntry entry, string value);

        /// <summary>Where a new setting of <paramref name="section"/> goes; -1 when the section must be created at the end.</summary>
        protected abstract int InsertionIndex(string? section);

        /// <summary>Adds a section header at the end of the file; returns where its first setting goes.</summary>
        protected virtual int AppendSection(string section)
        {
            Text.Insert(Text.Count, "[" + section + "]");
            return Text.Count;
        }

        /// <summary>Inserts a new setting line before <paramref name="index"/>; returns where it went.</summary>
        protected virtual int InsertEntryLine(int index, string line)
        {
            Text.Insert(index, line);
            return index;
        }

        protected abstract void ValidateName(string name);

        protected abstract void ValidateValue(string name, string value);

        protected virtual bool HasSections => false;

        /// <summary>Checks a section name (formats with sections only).</summary>
        protected virtual void ValidateSectionName(string section)
        {
        }

        protected static SametimeAdminException Invalid(string errorId, string message, string? recommendedAction = null) =>
            new SametimeAdminException(errorId, FailureKind.InvalidArgument, message) { RecommendedAction = recommendedAction };

        /// <summary>Index and description of the first control character (tab allowed) or non-XML character, or -1.</summary>
        protected static int IndexOfForbiddenCharacter(string text, bool xmlSafe)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if ((c < 0x20 && c != '\t') || c == 0x7F)
                {
                    return i;
                }

                if (xmlSafe)
                {
                    bool lone = (char.IsHighSurrogate(c) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))) ||
                        (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1])));
                    if (c == '\uFFFE' || c == '\uFFFF' || lone)
                    {
                        return i;
                    }
                }
            }

            return -1;
        }

        private static ConfigDocument Create(ConfigFileText text, ConfigFileFormat format) => format switch
        {
            ConfigFileFormat.JavaProperties => new PropertiesDocument(text),
            ConfigFileFormat.DotEnv => new Sametime12.DotEnvDocument(text),
            _ => new IniDocument(text, format),
        };

        private void Invalidate() => entries = null;

        private bool SectionMatches(string? entrySection, string? section) =>
            !HasSections || string.Equals(entrySection, section, StringComparison.OrdinalIgnoreCase);

        private void CheckSection(string? section)
        {
            if (HasSections && string.IsNullOrEmpty(section))
            {
                throw Invalid("SectionRequired", $"{DisplayName(Format)} settings live in sections such as [Config] or [AuthToken]; give the section.");
            }

            if (HasSections)
            {
                ValidateSectionName(section!);
            }

            if (!HasSections && section != null)
            {
                throw Invalid("SectionNotSupported", $"A {DisplayName(Format)} has no sections to choose from; leave out the section ('{section}').");
            }
        }
    }
}
