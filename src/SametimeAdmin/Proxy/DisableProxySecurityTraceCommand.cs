using System.Management.Automation;
using SametimeAdmin.Proxy;

namespace SametimeAdmin.Commands
{
    /// <summary>Disable-ProxySecurityTrace: puts back the trace specification Enable-ProxySecurityTrace replaced.</summary>
    [Cmdlet(VerbsLifecycle.Disable, "ProxySecurityTrace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ProxyTraceEdit))]
    public sealed class DisableProxySecurityTraceCommand : ProxyTraceCmdlet
    {
        protected override void ProcessRecord() =>
            EditEach((file, shouldProcess) => ProxyTrace.Disable(file, shouldProcess, BackupCount));
    }
}
