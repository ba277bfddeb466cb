using System.Collections.Generic;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// What <see cref="LtpaKeyFile.Write"/> did: the file written, the backup of the file it replaced (null when there was
    /// none), and what it saw about other users' access before writing (the file or its folder readable by others).
    /// </summary>
    public sealed record LtpaKeyFileWriteResult(string Path, string? BackupPath, IReadOnlyList<string> Warnings);
}
