using System;
using System.Management.Automation;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Commands
{
    /// <summary>Removes addresses from the Community Trusted IPs.</summary>
    [Cmdlet(VerbsCommon.Remove, "TrustedIp", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(TrustedIpEntry))]
    public sealed class RemoveTrustedIpCommand : TrustedIpCmdlet
    {
        private const string InputObjectSet = "InputObject";

        /// <summary>Entries from Get-TrustedIp; each is removed from the DXL export it was read from.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public TrustedIpEntry[] InputObject { get; set; } = Array.Empty<TrustedIpEntry>();

        protected override void ProcessRecord()
        {
            if (UsesStoreParameters)
            {
                Collect(literalFallback: true);
                return;
            }

            foreach (TrustedIpEntry entry in InputObject)
            {
                CollectEntry(entry);
            }
        }

        protected override void EndProcessing() => ApplyToStores(adding: false, allowCreateItem: false);
    }
}
