using System.Management.Automation;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Base of Set-StSetting and Remove-StSetting: the setting is named by -Section, -Name and -Format. In a Sametime 12
    /// env file (custom.env, or an install folder) a setting with a section is its STI__Section__Name variable.
    /// </summary>
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

        protected override string MapTarget(string resolvedPath) => Sametime12FolderTarget(resolvedPath);
    }
}
