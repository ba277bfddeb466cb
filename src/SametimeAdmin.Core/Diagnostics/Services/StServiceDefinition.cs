namespace SametimeAdmin.Diagnostics
{
    /// <summary>One Sametime service the checks expect on a Community Server.</summary>
    public sealed class StServiceDefinition
    {
        public StServiceDefinition(string name, string displayName, string? executable, CatalogEvidence evidence,
            CatalogEvidence executableEvidence, string? description, string? source)
        {
            Name = name;
            DisplayName = displayName;
            Executable = string.IsNullOrWhiteSpace(executable) ? null : executable;
            Evidence = evidence;
            ExecutableEvidence = executableEvidence;
            Description = description;
            Source = source;
        }

        /// <summary>The Windows service name.</summary>
        public string Name { get; }

        /// <summary>The name shown in services.msc.</summary>
        public string DisplayName { get; }

        /// <summary>Process name without ".exe"; null when unknown.</summary>
        public string? Executable { get; }

        /// <summary>Whether the display name is confirmed by IBM/HCL material or inferred.</summary>
        public CatalogEvidence Evidence { get; }

        public CatalogEvidence ExecutableEvidence { get; }

        public string? Description { get; }

        /// <summary>Where the entry comes from.</summary>
        public string? Source { get; }

        public override string ToString() => DisplayName;
    }
}
