using System;
using SametimeAdmin.Common;

namespace SametimeAdmin.Ltpa
{
    /// <summary>How <see cref="LtpaKeyFile.Write"/> writes a key file.</summary>
    public sealed class LtpaKeyFileWriteOptions
    {
        /// <summary>The CreationDate to record; when null the key set keeps its own (a key set without one gets the write time).</summary>
        public DateTimeOffset? CreationDate { get; init; }

        /// <summary>Replace an existing file (kept as a backup beside it); without it an existing file is KeyFileExists.</summary>
        public bool Overwrite { get; init; }

        /// <summary>Backups kept per file; the oldest beyond this are deleted.</summary>
        public int BackupCount { get; init; } = AtomicFile.DefaultBackupCount;

        /// <summary>The line separator, "\n" or "\r\n": the platform's by default, as Java's Properties.store writes.</summary>
        public string NewLine { get; init; } = Environment.NewLine;

        /// <summary>When the file is written (its '#' header line); now when null.</summary>
        public DateTimeOffset? WriteTime { get; init; }
    }
}
