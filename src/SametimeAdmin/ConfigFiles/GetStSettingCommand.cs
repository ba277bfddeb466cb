using System.Linq;
using System.Management.Automation;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Commands
{
    /// <summary>Get-StSetting: reads settings from sametime.ini, notes.ini or a properties file.</summary>
    [Cmdlet(VerbsCommon.Get, "StSetting", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ConfigSetting))]
    public sealed class GetStSettingCommand : ConfigFileCmdlet
    {
        [Parameter(Position = 1)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Section { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public ConfigFileFormat? Format { get; set; }

        protected override string MapTarget(string resolvedPath) => Sametime12FolderTarget(resolvedPath);

        protected override void ProcessRecord()
        {
            foreach (string file in TargetFiles())
            {
                TryRun(() => Read(file), file);
            }
        }

        private void Read(string file)
        {
            ConfigFileFormat format = FormatFor(file, Format);
            WildcardOptions options = format == ConfigFileFormat.JavaProperties || format == ConfigFileFormat.DotEnv ? WildcardOptions.None : WildcardOptions.IgnoreCase;
            var names = Name?.Select(n => new WildcardPattern(n, options)).ToList();
            var section = Section == null ? null : new WildcardPattern(Section, WildcardOptions.IgnoreCase);
            // An STI__ variable answers to its sametime.ini name and to its own.
            bool Matches(WildcardPattern p, ConfigSetting s) => p.IsMatch(s.Name) || (s.Sametime12Variable != null && p.IsMatch(s.Sametime12Variable));
            var named = ConfigFileEditor.ReadSettings(file, format).Where(s => names == null || names.Any(p => Matches(p, s))).ToList();
            var settings = named.Where(e => section == null || (e.Section != null && section.IsMatch(e.Section))).ToList();
            foreach (ConfigSetting setting in settings)
            {
                WriteObject(setting);
            }

            // Also when -Section AuthToken hides it: a misplaced ST_TOKEN_TYPE is what the reader is looking for.
            foreach (ConfigSetting misplaced in named.Where(s => SametimeSettings.IsMisplacedTokenType(s.Section, s.Name)))
            {
                WriteWarning($"'{file}': " + SametimeSettings.DescribeMisplacedTokenType(misplaced.LineNumber, misplaced.Section!, misplaced.Value));
            }

            foreach (string name in Name ?? System.Array.Empty<string>())
            {
                if (!WildcardPattern.ContainsWildcardCharacters(name) && !settings.Any(s => Matches(new WildcardPattern(name, options), s)))
                {
                    string where = Section == null ? string.Empty : $" in section [{Section}]";
                    WriteFailure("SettingNotFound", FailureKind.ObjectNotFound, $"{name} is not set{where} in '{file}'.", name);
                }
            }
        }
    }
}
