using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.Sametime12;

namespace SametimeAdmin.ConfigFiles
{
    /// <summary>One change to one setting: set a value or remove the setting.</summary>
    public sealed class ConfigChange
    {
        private ConfigChange(string? section, string name, string? value)
        {
            Section = section;
            Name = name;
            Value = value;
        }

        public string? Section { get; }

        public string Name { get; }

        /// <summary>The new value; null for a removal.</summary>
        public string? Value { get; }

        public bool IsRemoval => Value == null;

        public static ConfigChange Set(string? section, string name, string value) =>
            new ConfigChange(section, name, value ?? throw new ArgumentNullException(nameof(value)));

        public static ConfigChange Remove(string? section, string name) => new ConfigChange(section, name, null);

        /// <summary>
        /// Where the setting lives in a file of <paramref name="format"/>: a sametime.ini setting given with its section
        /// is the STI__Section__NAME variable in a Sametime 12 env file (custom.env), which the container turns into that line.
        /// </summary>
        internal (string? Section, string Name) KeyIn(ConfigFileFormat format) =>
            format == ConfigFileFormat.DotEnv && !string.IsNullOrEmpty(Section) ? (null, SametimeSettings.Sametime12VariableFor(format, Section, Name)!) : (Section, Name);

        internal ConfigEditOutcome ApplyTo(ConfigDocument document)
        {
            (string? section, string name) = KeyIn(document.Format);
            return IsRemoval ? document.Remove(section, name) : document.Set(section, name, Value!);
        }

        /// <summary>What the change does, for -WhatIf/-Confirm ("Set [AuthToken] ST_TOKEN_TYPE=LtpaToken2 (now LtpaToken)").</summary>
        internal string Describe(ConfigEditOutcome preview, bool createsFile, ConfigFileFormat format)
        {
            (string? section, string name) = KeyIn(format);
            string qualified = section == null ? name : "[" + section + "] " + name;
            string now = preview.PreviousValue == null ? string.Empty : " (now " + preview.PreviousValue + ")";
            if (IsRemoval)
            {
                return "Remove " + qualified + now;
            }

            string verb = preview.Action == ConfigEditAction.Added ? (createsFile ? "Create the file with " : "Add ") : "Set ";
            return verb + qualified + "=" + Value + now;
        }
    }

    /// <summary>Options of <see cref="ConfigFileEditor.Apply"/>.</summary>
    public sealed class ConfigEditOptions
    {
        /// <summary>Create the file when it does not exist (else ConfigFileNotFound).</summary>
        public bool CreateIfMissing { get; set; }

        /// <summary>How long to wait for another writer of the same file before failing with FileLocked.</summary>
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>Line ending of a file that is created or has no line ending yet.</summary>
        public string NewLine { get; set; } = Environment.NewLine;

        /// <summary>Backups kept per file (the oldest beyond this are deleted).</summary>
        public int BackupCount { get; set; } = AtomicFile.DefaultBackupCount;

        /// <summary>Runs just before each replacement (tests simulate a writer that does not take the lock).</summary>
        internal Action? BeforeReplace { get; set; }
    }

    /// <summary>A setting as read from a file (Get-StSetting). Secret values of env files (LTPA_KEYS_PASSWORD) are masked.</summary>
    public sealed class ConfigSetting
    {
        internal ConfigSetting(string path, ConfigFileFormat format, ConfigEntry entry)
        {
            Path = path;
            Format = format;
            Section = entry.Section;
            Name = entry.Name;
            Value = entry.Value;
            LineNumber = entry.LineNumber;
            Sametime12Variable = SametimeSettings.Sametime12VariableFor(format, entry.Section, entry.Name);
            if (format == ConfigFileFormat.DotEnv && St12IniSetting.TrySplit(entry.Name, out string section, out string name))
            {
                // Shown as the sametime.ini setting it generates, so that the output pipes into Set-StSetting.
                Section = section;
                Name = name;
                Sametime12Variable = entry.Name;
            }

            if (format == ConfigFileFormat.DotEnv && St12ConfigReader.IsSecretName(Name) && Value.Length > 0)
            {
                Value = St12ConfigReader.SecretMask;
            }
        }

        public string Path { get; }

        public ConfigFileFormat Format { get; }

        public string? Section { get; }

        public string Name { get; }

        public string Value { get; }

        public int LineNumber { get; }

        /// <summary>For sametime.ini settings: the STI__Section__NAME variable that carries it on Sametime 12 containers.</summary>
        public string? Sametime12Variable { get; }
    }

    /// <summary>What an edit of a configuration file did (the -PassThru output of the config cmdlets).</summary>
    public sealed class ConfigFileEdit
    {
        internal ConfigFileEdit(string path, ConfigFileFormat format, ConfigChange change, ConfigEditOutcome outcome, string? backupPath, bool fileCreated)
        {
            Path = path;
            Format = format;
            Section = change.Section;
            Name = outcome.NameInFile ?? change.Name;
            Value = change.IsRemoval ? null : change.Value;
            PreviousValue = outcome.PreviousValue;
            Action = outcome.Action;
            LineNumber = outcome.LineNumber;
            Occurrences = outcome.Occurrences;
            BackupPath = backupPath;
            FileCreated = fileCreated;
            Sametime12Variable = SametimeSettings.Sametime12VariableFor(format, change.Section, change.Name);
        }

        public string Path { get; }

        public ConfigFileFormat Format { get; }

        public string? Section { get; }

        /// <summary>The setting name (as spelled in the file when it was already there).</summary>
        public string Name { get; }

        /// <summary>The value now in the file; null after a removal.</summary>
        public string? Value { get; }

        public string? PreviousValue { get; }

        public ConfigEditAction Action { get; }

        public int? LineNumber { get; }

        /// <summary>Lines that held the setting before the edit; above 1 means duplicates, all of which were edited.</summary>
        public int Occurrences { get; }

        /// <summary>The copy of the previous file content, when the file was changed.</summary>
        public string? BackupPath { get; }

        public bool FileCreated { get; }

        /// <summary>For sametime.ini settings: the STI__Section__NAME variable that carries it on Sametime 12 containers.</summary>
        public string? Sametime12Variable { get; }

        /// <summary>True when the file was written.</summary>
        public bool Changed => Action == ConfigEditAction.Added || Action == ConfigEditAction.Updated || Action == ConfigEditAction.Removed;

        /// <summary>True when the server must be restarted to read the change (every written file; never for a no-op).</summary>
        public bool RestartRequired => Changed;
    }

    /// <summary>
    /// Reads configuration files, tells their format, and edits them through <see cref="ConfigFileTarget"/>: the change
    /// is planned first (nothing is asked or written when it changes nothing), confirmed, then applied again under the
    /// file's lock on a fresh read, so concurrent writers never lose each other's changes, and written atomically with a backup.
    /// </summary>
    public static class ConfigFileEditor
    {
        /// <summary>The format of a file, from its name: sametime.ini, notes.ini or *.properties.</summary>
        public static ConfigFileFormat FormatOf(string path)
        {
            string name = Path.GetFileName(path);
            if (string.Equals(name, "sametime.ini", StringComparison.OrdinalIgnoreCase))
            {
                return ConfigFileFormat.SametimeIni;
            }

            if (string.Equals(name, "notes.ini", StringComparison.OrdinalIgnoreCase))
            {
                return ConfigFileFormat.NotesIni;
            }

            if (name.EndsWith(".properties", StringComparison.OrdinalIgnoreCase))
            {
                return ConfigFileFormat.JavaProperties;
            }

            if (string.Equals(name, SametimeSettings.Sametime12CustomEnvName, StringComparison.OrdinalIgnoreCase) || string.Equals(name, ".env", StringComparison.Ordinal))
            {
                return ConfigFileFormat.DotEnv;
            }

            RefuseHelmValues(path);
            throw new SametimeAdminException("UnknownConfigFileFormat", FailureKind.InvalidArgument,
                $"Cannot tell the format of '{path}' from its name (expected sametime.ini, notes.ini, *.properties, custom.env or .env).")
            {
                RecommendedAction = "Add -Format SametimeIni, NotesIni, JavaProperties or DotEnv.",
            };
        }

        /// <summary>Reads a file for inspection (no lock is taken; nothing is written).</summary>
        public static ConfigDocument Read(string path, ConfigFileFormat format) =>
            Load(Path.GetFullPath(path), format, false, Environment.NewLine);

        /// <summary>The settings of a file, optionally only those whose name matches <paramref name="nameFilter"/>.</summary>
        public static IEnumerable<ConfigSetting> ReadSettings(string path, ConfigFileFormat format, Func<ConfigEntry, bool>? nameFilter = null)
        {
            string fullPath = Path.GetFullPath(path);
            ConfigDocument document = Read(fullPath, format);
            return document.Entries.Where(e => nameFilter == null || nameFilter(e)).Select(e => new ConfigSetting(fullPath, format, e)).ToList();
        }

        /// <summary>
        /// Applies <paramref name="change"/> to the file through the edit protocol (<see cref="ConfigFileTarget"/>).
        /// Returns null when <paramref name="shouldProcess"/> declined (-WhatIf or a "no" at -Confirm); otherwise what
        /// was done, including Unchanged/NotPresent without writing.
        /// </summary>
        public static ConfigFileEdit? Apply(string path, ConfigFileFormat format, ConfigChange change, Func<string, bool> shouldProcess, ConfigEditOptions? options = null)
        {
            _ = shouldProcess ?? throw new ArgumentNullException(nameof(shouldProcess));
            return EditProtocol.Run(new ConfigFileTarget(path, format, options), change, (_, action) => shouldProcess(action));
        }

        /// <summary>
        /// The format to use for <paramref name="path"/>: <paramref name="expected"/> when the command edits one kind of
        /// file (refusing a file whose name says it is another kind, or that does not end in that kind's extension),
        /// else <paramref name="explicitFormat"/> or the one its name implies.
        /// </summary>
        public static ConfigFileFormat FormatFor(string path, ConfigFileFormat? explicitFormat, ConfigFileFormat? expected = null)
        {
            RefuseHelmValues(path);
            if (expected == null)
            {
                return explicitFormat ?? FormatOf(path);
            }

            ConfigFileFormat? byName = null;
            try
            {
                byName = FormatOf(path);
            }
            catch (SametimeAdminException)
            {
                // A name that says nothing (a copy, a lab file): the caller knows what it is.
            }

            // A sametime.ini setting of a Sametime 12 installation is its STI__ variable in custom.env.
            if (byName == ConfigFileFormat.DotEnv && expected == ConfigFileFormat.SametimeIni)
            {
                return ConfigFileFormat.DotEnv;
            }

            if (byName != null && byName != expected)
            {
                throw new SametimeAdminException("WrongConfigFile", FailureKind.InvalidArgument,
                    $"'{path}' is a {ConfigDocument.DisplayName(byName.Value)}, but this command edits the {ConfigDocument.DisplayName(expected.Value)}; nothing was changed.");
            }

            string extension = expected == ConfigFileFormat.JavaProperties ? ".properties" : ".ini";
            if (byName == null && !path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                throw new SametimeAdminException("WrongConfigFile", FailureKind.InvalidArgument,
                    $"'{path}' does not look like a {ConfigDocument.DisplayName(expected.Value)} (its name does not end in {extension}); nothing was changed.")
                {
                    RecommendedAction = $"Check the path. To edit a copy with another name, use {ModuleCommands.SetStSettingFormat} {expected.Value}.",
                };
            }

            return expected.Value;
        }

        /// <summary>
        /// Helm values files are YAML that the admin owns: they are never rewritten line by line. The Sametime 12
        /// settings go into an override values file instead (Set-St12SsoConfig -HelmValuesPath).
        /// </summary>
        private static void RefuseHelmValues(string path)
        {
            string extension = Path.GetExtension(path);
            if (string.Equals(extension, ".yaml", StringComparison.OrdinalIgnoreCase) || string.Equals(extension, ".yml", StringComparison.OrdinalIgnoreCase))
            {
                throw new SametimeAdminException("HelmValuesNotEdited", FailureKind.InvalidArgument,
                    $"'{path}' is a YAML file (Helm values or Compose); this command edits sametime.ini, notes.ini, properties and env files, and never rewrites YAML. Nothing was changed.")
                {
                    RecommendedAction = "On Kubernetes, write an override values file with " + ModuleCommands.SetSt12SsoConfigHelmValuesPathValuesPath + " and apply it " +
                        "with 'helm upgrade <release> <chart> -f ./values.yaml -f ./override.yaml'. On Docker or Podman, give the install folder or its custom.env.",
                };
            }
        }

        private static ConfigDocument Load(string fullPath, ConfigFileFormat format, bool createIfMissing, string newLine) =>
            Load(fullPath, format, createIfMissing, newLine, out _);

        /// <summary>Reads the file with a snapshot for the write's check; an empty document when it is missing and may be created.</summary>
        internal static ConfigDocument Load(string fullPath, ConfigFileFormat format, bool createIfMissing, string newLine, out FileSnapshot snapshot)
        {
            byte[]? bytes = AtomicFile.Read(fullPath, out snapshot);
            if (bytes != null)
            {
                return ConfigDocument.Parse(bytes, format, fullPath, newLine);
            }

            if (createIfMissing)
            {
                return ConfigDocument.CreateEmpty(format, newLine);
            }

            throw new SametimeAdminException("ConfigFileNotFound", FailureKind.ObjectNotFound,
                $"The {ConfigDocument.DisplayName(format)} '{fullPath}' does not exist; nothing was changed.")
            {
                RecommendedAction = SametimeSettings.WhereToFind(format),
            };
        }
    }
}
