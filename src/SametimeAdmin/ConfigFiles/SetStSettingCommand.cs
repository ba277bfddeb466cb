using System.Management.Automation;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Commands
{
    /// <summary>Set-StSetting: sets one setting in sametime.ini, notes.ini or a properties file, losslessly.</summary>
    [Cmdlet(VerbsCommon.Set, "StSetting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ConfigFileEdit))]
    public sealed class SetStSettingCommand : StSettingEditCmdlet
    {
        [Parameter(Mandatory = true)]
        [AllowEmptyString]
        public string Value { get; set; } = string.Empty;

        protected override void ProcessRecord() => EditEach(ConfigChange.Set(Section, Name, Value), Format, null);
    }
}
