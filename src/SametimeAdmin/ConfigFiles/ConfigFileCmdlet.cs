using System;
using System.Collections.Generic;
using System.Management.Automation;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Base of the cmdlets that read or edit sametime.ini, notes.ini and properties files: -Path/-LiteralPath
    /// resolution and the check that a file of the expected kind was given.
    /// </summary>
    public abstract class ConfigFileCmdlet : SametimeCmdlet
    {
        protected const string PathSet = "Path";
        protected const string LiteralPathSet = "LiteralPath";

        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>
        /// The files named by -Path/-LiteralPath. A path without wildcards is taken as given even when the file does not
        /// exist, so the core can say what is missing and where the file lives on each Sametime version.
        /// </summary>
        protected IEnumerable<string> TargetFiles()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string path in literal ? LiteralPath : Path)
            {
                if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
                {
                    yield return MapTarget(ResolveLiteralPath(path));
                    continue;
                }

                bool any = false;
                foreach (string resolved in ResolvePaths(path, false))
                {
                    any = true;
                    yield return MapTarget(resolved);
                }

                if (!any)
                {
                    WriteFailure("PathNotFound", FailureKind.ObjectNotFound, $"No file matches '{path}'.", path);
                }
            }
        }

        /// <summary>Turns a resolved path into the file to use (for example a folder into the file inside it).</summary>
        protected virtual string MapTarget(string resolvedPath) => resolvedPath;

        /// <summary>For the sametime.ini cmdlets: a folder is a Sametime 12 Docker/Podman install folder, standing for its custom.env.</summary>
        protected static string Sametime12FolderTarget(string resolvedPath) =>
            System.IO.Directory.Exists(resolvedPath) ? SametimeSettings.Sametime12EnvFileIn(resolvedPath) : resolvedPath;

        /// <summary>The format to use for <paramref name="path"/> (see <see cref="ConfigFileEditor.FormatFor"/>).</summary>
        protected static ConfigFileFormat FormatFor(string path, ConfigFileFormat? explicitFormat, ConfigFileFormat? expected = null) =>
            ConfigFileEditor.FormatFor(path, explicitFormat, expected);
    }

    /// <summary>
    /// Base of the cmdlets that change a configuration file: ShouldProcess, -PassThru and the messages about the outcome.
    /// A no-op ("already set", "not set") is a warning per file; the restart reminder is one warning at the end of the
    /// run, only when a file was written, and the -PassThru object says the same in RestartRequired.
    /// </summary>
    public abstract class ConfigFileEditCmdlet : ConfigFileCmdlet
    {
        private bool restartRequired;
        private bool sametime12Changed;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Backups kept per file or document; the oldest beyond this are deleted (only backups of this module's naming).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int BackupCount { get; set; } = AtomicFile.DefaultBackupCount;

        /// <summary>What to restart after a change (one warning per run); null when the cmdlet gives no reminder.</summary>
        protected virtual string? RestartReminder => null;

        /// <summary>
        /// Applies <paramref name="change"/> to every file named by -Path/-LiteralPath, each in the format
        /// <see cref="ConfigFileCmdlet.FormatFor"/> gives, and calls <paramref name="afterEdit"/> for each file it read
        /// (changed or not; not when the edit failed or was declined).
        /// </summary>
        protected void EditEach(ConfigChange change, ConfigFileFormat? explicitFormat, ConfigFileFormat? expected, bool createIfMissing = false, Action<ConfigFileEdit>? afterEdit = null)
        {
            foreach (string file in TargetFiles())
            {
                ConfigFileFormat format = default;
                if (!TryRun(() => format = FormatFor(file, explicitFormat, expected), file))
                {
                    continue;
                }

                ConfigFileEdit? edit = Edit(file, format, change, createIfMissing);
                if (edit != null)
                {
                    // Sametime 12 containers are recreated, not restarted: their reminder replaces the Sametime 9 one.
                    bool container = format == ConfigFileFormat.DotEnv;
                    restartRequired |= edit.RestartRequired && !container;
                    sametime12Changed |= edit.RestartRequired && container;
                    afterEdit?.Invoke(edit);
                }
            }
        }

        protected override void EndProcessing()
        {
            if (restartRequired && RestartReminder != null)
            {
                WriteWarning(RestartReminder);
            }

            if (sametime12Changed)
            {
                WriteWarning(SametimeSettings.Sametime12RestartReminder);
            }
        }

        /// <summary>Applies one change to one file; null when it failed or was declined (-WhatIf, -Confirm).</summary>
        private ConfigFileEdit? Edit(string path, ConfigFileFormat format, ConfigChange change, bool createIfMissing)
        {
            ConfigFileEdit? edit = null;
            var options = new ConfigEditOptions { CreateIfMissing = createIfMissing, BackupCount = BackupCount };
            if (!TryRun(() => edit = EditProtocol.Run(new ConfigFileTarget(path, format, options), change, ShouldProcess), path) || edit == null)
            {
                return null;
            }

            string qualified = edit.Section == null ? edit.Name : "[" + edit.Section + "] " + edit.Name;
            switch (edit.Action)
            {
                case ConfigEditAction.Unchanged:
                    WriteWarning($"{qualified} is already '{edit.Value}' in '{path}'; nothing changed.");
                    break;
                case ConfigEditAction.NotPresent:
                    WriteWarning($"{qualified} is not set in '{path}'; nothing changed.");
                    break;
                default:
                    if (edit.Occurrences > 1)
                    {
                        WriteWarning($"{qualified} appeared {edit.Occurrences} times in '{path}'; every occurrence was {(change.IsRemoval ? "removed" : "set")}.");
                    }

                    WriteVerbose(edit.BackupPath == null ? $"Created '{path}'." : $"Changed '{path}'; the previous content is in '{edit.BackupPath}'.");
                    break;
            }

            if (PassThru)
            {
                WriteObject(edit);
            }

            return edit;
        }
    }
}
