using System.Management.Automation;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Set-StTokenType: [AuthToken] ST_TOKEN_TYPE in sametime.ini, the Web SSO configuration the Community Server loads;
    /// on Sametime 12 (custom.env or the install folder) the STI__AuthToken__ST_TOKEN_TYPE variable.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "StTokenType", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ConfigFileEdit))]
    public sealed class SetStTokenTypeCommand : ConfigFileEditCmdlet
    {
        [Parameter]
        [Alias("TokenType")]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ConfigurationName")]
        [ValidateNotNullOrEmpty]
        public string? SsoConfigurationName { get; set; }

        /// <summary>A Web SSO document (Get-SsoDoc output) whose configuration name ST_TOKEN_TYPE must match.</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public WebSsoDocument? SsoDocument { get; set; }

        protected override void ProcessRecord()
        {
            string? ssoName = SsoConfigurationName ?? SsoDocument?.Name;
            if (SsoDocument != null && SsoDocument.Name == null)
            {
                ThrowFailure("SsoDocWithoutName", FailureKind.InvalidData, $"{SsoDocument.Describe()} has no configuration name to compare ST_TOKEN_TYPE with.", SsoDocument);
            }

            if (SsoDocument?.Organization != null)
            {
                WriteWarning($"{SsoDocument.Describe()} belongs to the Internet Site organization '{SsoDocument.Organization}' (lookup key '{SsoDocument.LookupKey}'). " +
                    "ST_TOKEN_TYPE names the configuration; how Sametime matches an organization's document is not documented, so check the Community Server's SSO trace after the restart.");
            }

            string? name = Name ?? ssoName;
            if (name == null)
            {
                ThrowFailure("TokenTypeRequired", FailureKind.InvalidArgument,
                    "Give the Web SSO configuration name for ST_TOKEN_TYPE with -Name, or the Web SSO configuration with -SsoConfigurationName or -SsoDocument (Get-SsoDoc output).", null);
                return;
            }

            RunOrThrow(() => { SametimeSettings.ValidateTokenTypeName(name); return name; }, name);
            if (ssoName != null && !SametimeSettings.SameTokenName(name, ssoName))
            {
                WriteWarning($"ST_TOKEN_TYPE '{name}' differs from the Web SSO configuration name '{ssoName}'. " +
                    "The Community Server would load another Web SSO document than the one holding the LTPA keys, and logins by token fail " +
                    "(proxy log: CLFRX0035E Token was not found). Use the same name unless that is what you mean.");
            }

            EditEach(ConfigChange.Set(SametimeSettings.AuthTokenSection, SametimeSettings.TokenTypeName, name), null, ConfigFileFormat.SametimeIni,
                afterEdit: WarnAboutMisplacedTokenTypes);
        }

        protected override string MapTarget(string resolvedPath) => Sametime12FolderTarget(resolvedPath);

        protected override string? RestartReminder =>
            "Sametime reads sametime.ini when its services start: restart the Sametime Community Server for ST_TOKEN_TYPE to take effect.";

        /// <summary>An ST_TOKEN_TYPE left in another section stays after the edit: say where, so that it is not mistaken for the setting.</summary>
        private void WarnAboutMisplacedTokenTypes(ConfigFileEdit edit) =>
            TryRun(() =>
            {
                if (edit.Format != ConfigFileFormat.SametimeIni)
                {
                    return;
                }

                foreach (ConfigEntry entry in SametimeSettings.MisplacedTokenTypes(ConfigFileEditor.Read(edit.Path, ConfigFileFormat.SametimeIni)))
                {
                    WriteWarning($"'{edit.Path}': " + SametimeSettings.DescribeMisplacedTokenType(entry.LineNumber, entry.Section!, entry.Value));
                }
            }, edit.Path);
    }
}
