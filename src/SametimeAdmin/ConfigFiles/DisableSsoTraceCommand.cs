using System.Management.Automation;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Commands
{
    /// <summary>Disable-SsoTrace: removes DEBUG_SSO_TRACE_LEVEL from a Domino notes.ini.</summary>
    [Cmdlet(VerbsLifecycle.Disable, "SsoTrace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ConfigFileEdit))]
    public sealed class DisableSsoTraceCommand : ConfigFileEditCmdlet
    {
        protected override void ProcessRecord()
        {
            foreach (string file in TargetFiles())
            {
                ConfigFileFormat format = default;
                if (!TryRun(() => format = FormatFor(file, null, ConfigFileFormat.NotesIni), file))
                {
                    continue;
                }

                ConfigFileEdit? edit = Edit(file, format, ConfigChange.Remove(null, SametimeSettings.SsoTraceName));
                if (edit != null && edit.Changed)
                {
                    WriteWarning("Restart HTTP for the SSO trace to stop: on the Domino console, 'restart task http'.");
                }
            }
        }
    }
}
