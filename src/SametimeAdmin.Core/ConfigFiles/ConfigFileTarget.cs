using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.ConfigFiles
{
    /// <summary>
    /// A sametime.ini, notes.ini or properties file as an edit target: the lock is the file's own
    /// (<see cref="AtomicFile.AcquireLock"/>), the write is atomic with a backup and refused when the file changed after
    /// it was read (then read and applied again), and the new content is parsed back before it replaces the file.
    /// </summary>
    public sealed class ConfigFileTarget : IEditTarget<ConfigChange, ConfigFileEdit>
    {
        private readonly ConfigEditOptions options;

        public ConfigFileTarget(string path, ConfigFileFormat format, ConfigEditOptions? options = null)
        {
            if (string.IsNullOrEmpty(path))
            {
                throw new ArgumentException("A path is required.", nameof(path));
            }

            FullPath = Path.GetFullPath(path);
            Format = format;
            this.options = options ?? new ConfigEditOptions();
        }

        public string FullPath { get; }

        public ConfigFileFormat Format { get; }

        public EditPlan<ConfigChange, ConfigFileEdit> Plan(ConfigChange request)
        {
            _ = request ?? throw new ArgumentNullException(nameof(request));
            ConfigDocument preview = ConfigFileEditor.Load(FullPath, Format, CreatesFile(request), options.NewLine, out FileSnapshot read);
            ConfigEditOutcome planned = request.ApplyTo(preview);
            var unchanged = new ConfigFileEdit(FullPath, Format, request, preview.Text.IsModified ? NotApplied(planned) : planned, null, false);
            string action = preview.Text.IsModified ? request.Describe(planned, !read.Exists, Format) : string.Empty;
            return new EditPlan<ConfigChange, ConfigFileEdit>(request, FullPath, action, action.Length == 0 ? Array.Empty<string>() : new[] { action }, unchanged);
        }

        public ConfigFileEdit Apply(EditPlan<ConfigChange, ConfigFileEdit> plan)
        {
            ConfigChange change = (plan ?? throw new ArgumentNullException(nameof(plan))).Request;
            return EditProtocol.ApplyUnderLock(AtomicFile.AcquireLock(FullPath, options.LockTimeout), AtomicFile.ChangedDuringEditErrorId, () =>
            {
                ConfigDocument current = ConfigFileEditor.Load(FullPath, Format, CreatesFile(change), options.NewLine, out FileSnapshot read);
                ConfigEditOutcome outcome = change.ApplyTo(current);
                if (!current.Text.IsModified)
                {
                    return new ConfigFileEdit(FullPath, Format, change, outcome, null, false);
                }

                byte[] content = current.Text.ToBytes();
                Verify(content, change);
                string? backup = AtomicFile.Write(FullPath, content, new AtomicWriteOptions
                {
                    Backup = true,
                    BackupCount = options.BackupCount,
                    Expected = read,
                    LockTimeout = options.LockTimeout,
                    BeforeReplace = options.BeforeReplace,
                });
                return new ConfigFileEdit(FullPath, Format, change, outcome, backup, !read.Exists);
            });
        }

        private bool CreatesFile(ConfigChange change) => options.CreateIfMissing && !change.IsRemoval;

        /// <summary>The outcome reported for a planned change that was not applied: the file keeps its value.</summary>
        private static ConfigEditOutcome NotApplied(ConfigEditOutcome planned) =>
            new ConfigEditOutcome(ConfigEditAction.Unchanged, planned.PreviousValue, planned.LineNumber, planned.Occurrences, planned.NameInFile);

        /// <summary>The edited text, parsed as the server will parse it, must hold the change: else the file is not written.</summary>
        private void Verify(byte[] content, ConfigChange change)
        {
            (string? section, string name) = change.KeyIn(Format);
            IReadOnlyList<ConfigEntry> found = ConfigDocument.Parse(content, Format, FullPath, options.NewLine).Find(section, name);
            bool holds = change.IsRemoval ? found.Count == 0 : found.Count > 0 && found.All(e => e.Value == change.Value);
            if (!holds)
            {
                throw new SametimeAdminException("ConfigWriteVerificationFailed", FailureKind.InvalidOperation,
                    $"The edited copy of '{FullPath}' did not read back {(change.IsRemoval ? "without " + change.Name : change.Name + " with its new value")}; the file was not changed.");
            }
        }
    }
}
