using System.Collections;

namespace SametimeAdmin.Common
{
    /// <summary>How a data file is named in messages and which error ids its failures carry.</summary>
    public sealed record DataFileKind(string Description, string InvalidErrorId, string UnreadableErrorId);

    /// <summary>
    /// Reads a PowerShell data file (.psd1) into its table. The core has no PowerShell parser, so the cmdlets supply
    /// one; failures are <see cref="SametimeAdminException"/>s with the ids of <paramref name="kind"/>.
    /// </summary>
    public delegate IDictionary DataFileReader(string path, DataFileKind kind);
}
