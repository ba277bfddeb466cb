using System.Management.Automation;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Commands
{
    /// <summary>Base of Set-StSetting and Remove-StSetting: the setting is named by -Section, -Name and -Format.</summary>
    public abstract class StSettingEditCmdlet : ConfigFileEditCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        public string? Section { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public ConfigFileFormat? Format { get; set; }
    }
}
