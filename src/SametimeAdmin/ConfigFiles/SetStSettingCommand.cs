using System.Management.Automation;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Commands
{
    /// <summary>Set-StSetting: sets one setting in sametime.ini, notes.ini or a properties file, losslessly.</summary>
    [Cmdlet(VerbsCommon.Set, "StSetting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ConfigFileEdit))]
    public sealed class SetStSettingCommand : ConfigFileEditCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        public string? Section { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        [Parameter(Mandatory = true)]
        [AllowEmptyString]
        public string Value { get; set; } = string.Empty;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet(nameof(ConfigFileFormat.SametimeIni), nameof(ConfigFileFormat.NotesIni), nameof(ConfigFileFormat.JavaProperties))]
        public string? Format { get; set; }

        protected override void ProcessRecord()
        {
            foreach (string file in TargetFiles())
            {
                ConfigFileFormat format = default;
                if (TryRun(() => format = FormatFor(file, Format), file))
                {
                    Edit(file, format, ConfigChange.Set(Section, Name, Value));
                }
            }
        }
    }
}
