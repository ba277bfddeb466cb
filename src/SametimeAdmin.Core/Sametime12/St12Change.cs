using System;
using System.Collections.Generic;
using SametimeAdmin.Common;

namespace SametimeAdmin.Sametime12
{
    /// <summary>What a Sametime 12 write did to one setting or file.</summary>
    public enum St12ChangeAction
    {
        Added,
        Updated,
        Unchanged,
        FileCreated,
        FileReplaced,
        ManualStep,
    }

    /// <summary>One setting or file written by Set-St12SsoConfig (secret values show as "(secret)").</summary>
    public sealed class St12Change
    {
        internal St12Change(string path, string setting, St12ChangeAction action, string? value, string? previousValue)
        {
            Path = path;
            Setting = setting;
            Action = action;
            Value = value;
            PreviousValue = previousValue;
        }

        public string Path { get; }

        /// <summary>The variable, values key or file role ("ltpa.keys copy", "Helm override values").</summary>
        public string Setting { get; }

        public St12ChangeAction Action { get; }

        public string? Value { get; }

        public string? PreviousValue { get; }

        /// <summary>The copy of the previous file, when the file was replaced.</summary>
        public string? BackupPath { get; internal set; }

        /// <summary>True when the file on disk changed.</summary>
        public bool Changed => Action != St12ChangeAction.Unchanged && Action != St12ChangeAction.ManualStep;
    }

    /// <summary>
    /// The edit protocol for one Sametime 12 file: work out the new content from the current one (nothing is asked or
    /// written when it is the same), ask <c>shouldProcess</c>, then under the file's lock re-read, re-apply and write
    /// atomically with a backup, refusing if another writer changed the file meanwhile.
    /// </summary>
    internal static class St12FileEdit
    {
        /// <summary>
        /// Applies <paramref name="transform"/> (current bytes or null → new bytes, or null for "no change").
        /// Returns false when declined; <paramref name="backup"/> names the previous content's copy.
        /// </summary>
        public static bool Apply(string path, Func<byte[]?, byte[]?> transform, Func<string, bool> shouldProcess, string action, bool ownerOnly,
            out bool written, out bool created, out string? backup) =>
            Apply(path, transform, shouldProcess, () => action, ownerOnly, out written, out created, out backup);

        /// <summary>As above; <paramref name="describe"/> runs after the first (dry) transform, so it can name only what changes.</summary>
        public static bool Apply(string path, Func<byte[]?, byte[]?> transform, Func<string, bool> shouldProcess, Func<string> describe, bool ownerOnly,
            out bool written, out bool created, out string? backup)
        {
            written = created = false;
            backup = null;
            byte[]? before = AtomicFile.ReadIfExists(path);
            if (transform(before) == null)
            {
                return true;
            }

            if (!shouldProcess(describe()))
            {
                return false;
            }

            using (AtomicFile.AcquireLock(path, TimeSpan.FromSeconds(15)))
            {
                byte[]? current = AtomicFile.Read(path, out FileSnapshot snapshot);
                byte[]? content = transform(current);
                if (content == null)
                {
                    return true;
                }

                backup = AtomicFile.Write(path, content, new AtomicWriteOptions { Backup = true, OwnerOnly = ownerOnly, Expected = snapshot });
                written = true;
                created = current == null;
                return true;
            }
        }

        public static string Describe(IEnumerable<string> lines) => string.Join("; ", lines);
    }
}
