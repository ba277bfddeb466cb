using System.Management.Automation;
using SametimeAdmin.Proxy;

namespace SametimeAdmin.Commands
{
    /// <summary>Enable-ProxySecurityTrace: the guide's WebSphere security trace in a Liberty or WebSphere server.xml.</summary>
    [Cmdlet(VerbsLifecycle.Enable, "ProxySecurityTrace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ProxyTraceEdit))]
    public sealed class EnableProxySecurityTraceCommand : ProxyTraceCmdlet
    {
        /// <summary>The trace specification; the guide's security and WIM specification when not given.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Specification { get; set; }

        protected override void ProcessRecord() =>
            EditEach((file, shouldProcess) => ProxyTrace.Enable(file, Specification, shouldProcess, BackupCount));
    }
}
