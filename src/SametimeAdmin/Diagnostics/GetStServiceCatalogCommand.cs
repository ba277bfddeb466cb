using System.Management.Automation;
using SametimeAdmin.Diagnostics;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// The Sametime services Get-StServiceStatus expects, each marked confirmed or inferred. Export it to CSV,
    /// correct it for a real server, and give the file to Get-StServiceStatus -CatalogPath.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "StServiceCatalog")]
    [OutputType(typeof(StServiceDefinition))]
    public sealed class GetStServiceCatalogCommand : SametimeCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? CatalogPath { get; set; }

        protected override void ProcessRecord()
        {
            var catalog = CatalogPath == null
                ? StServiceCatalog.Default
                : RunOrThrow(() => StServiceCatalog.Load(ResolveLiteralPath(CatalogPath)), CatalogPath);
            foreach (var service in catalog.Services)
            {
                WriteObject(service);
            }
        }
    }
}
