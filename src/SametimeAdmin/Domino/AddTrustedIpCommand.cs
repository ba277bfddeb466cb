using System.Management.Automation;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Commands
{
    /// <summary>Add-TrustedIp: adds addresses to the Community Trusted IPs (idempotent).</summary>
    [Cmdlet(VerbsCommon.Add, "TrustedIp", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(TrustedIpEntry))]
    public sealed class AddTrustedIpCommand : TrustedIpCmdlet
    {
        /// <summary>Create the trusted-IP item when the document does not have it.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord() => Collect(literalFallback: false);

        protected override void EndProcessing() => ApplyToStores(adding: true, allowCreateItem: Force);
    }
}
