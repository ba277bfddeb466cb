using System.Management.Automation;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Commands
{
    /// <summary>Remove-StSetting: removes a setting (every occurrence) from sametime.ini, notes.ini or a properties file.</summary>
    [Cmdlet(VerbsCommon.Remove, "StSetting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ConfigFileEdit))]
    public sealed class RemoveStSettingCommand : ConfigFileEditCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        public string? Section { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

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
                    Edit(file, format, ConfigChange.Remove(Section, Name));
                }
            }
        }
    }
}
