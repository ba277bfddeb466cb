using System.Management.Automation;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Commands
{
    /// <summary>Remove-StSetting: removes a setting (every occurrence) from sametime.ini, notes.ini or a properties file.</summary>
    [Cmdlet(VerbsCommon.Remove, "StSetting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ConfigFileEdit))]
    public sealed class RemoveStSettingCommand : StSettingEditCmdlet
    {
        protected override void ProcessRecord() => EditEach(ConfigChange.Remove(Section, Name), Format, null);
    }
}
