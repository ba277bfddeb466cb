using System.Management.Automation;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Commands
{
    /// <summary>Remove-TrustedIp: removes addresses from the Community Trusted IPs.</summary>
    [Cmdlet(VerbsCommon.Remove, "TrustedIp", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(TrustedIpEntry))]
    public sealed class RemoveTrustedIpCommand : TrustedIpCmdlet
    {
        protected override void ProcessRecord() => Collect(literalFallback: true);

        protected override void EndProcessing() => ApplyToStores(adding: false, allowCreateItem: false);
    }
}
