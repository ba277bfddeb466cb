using System.Globalization;
using System.Management.Automation;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Commands
{
    /// <summary>Enable-SsoTrace: DEBUG_SSO_TRACE_LEVEL=1|2 in a Domino notes.ini.</summary>
    [Cmdlet(VerbsLifecycle.Enable, "SsoTrace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ConfigFileEdit))]
    public sealed class EnableSsoTraceCommand : ConfigFileEditCmdlet
    {
        [Parameter]
        [ValidateRange(1, 2)]
        public int Level { get; set; } = 2;

        protected override string? RestartReminder => "Restart HTTP for the SSO trace to start: on the Domino console, 'restart task http'. " +
            "Turn the trace off with Disable-SsoTrace once the console.log lines are collected: it writes every token check to the log.";

        protected override void ProcessRecord() =>
            EditEach(ConfigChange.Set(null, SametimeSettings.SsoTraceName, Level.ToString(CultureInfo.InvariantCulture)), null, ConfigFileFormat.NotesIni);
    }
}
