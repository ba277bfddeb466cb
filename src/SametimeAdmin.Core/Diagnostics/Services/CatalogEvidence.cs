namespace SametimeAdmin.Diagnostics
{
    /// <summary>How sure the catalogue is about a fact.</summary>
    public enum CatalogEvidence
    {
        /// <summary>Shown in IBM/HCL material.</summary>
        Confirmed,

        /// <summary>Deduced from secondary sources: verify on a real server.</summary>
        Inferred,

        /// <summary>Not found in any source.</summary>
        Unknown,
    }
}
