using System.Management.Automation;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Commands
{
    /// <summary>Disable-SsoTrace: removes DEBUG_SSO_TRACE_LEVEL from a Domino notes.ini.</summary>
    [Cmdlet(VerbsLifecycle.Disable, "SsoTrace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ConfigFileEdit))]
    public sealed class DisableSsoTraceCommand : ConfigFileEditCmdlet
    {
        protected override string? RestartReminder => "Restart HTTP for the SSO trace to stop: on the Domino console, 'restart task http'.";

        protected override void ProcessRecord() =>
            EditEach(ConfigChange.Remove(null, SametimeSettings.SsoTraceName), null, ConfigFileFormat.NotesIni);
    }
}
