using System.Globalization;

namespace SametimeAdmin.Common
{
    /// <summary>
    /// Every command line that a fix text, message or recommended action names, in one place: a test resolves each one
    /// with Get-Command and checks its parameters, so a renamed command or parameter fails the tests instead of leaving
    /// advice that no longer runs. Each constant is PowerShell syntax: a command with parameters (a pipeline at most);
    /// where a value stands between two parameters, a composite-format item takes its place (see <see cref="Format"/>);
    /// a value after the last parameter is appended by the caller.
    /// </summary>
    public static class ModuleCommands
    {
        public const string AddTrustedIpIPAddress = "Add-TrustedIp -IPAddress";
        public const string DisableSsoTrace = "Disable-SsoTrace";
        public const string EnableDwaBuddyListServlet = "Enable-DwaBuddyListServlet";
        public const string EnableSsoTrace = "Enable-SsoTrace";
        public const string GetDominoItemMap = "Get-DominoItemMap";
        public const string GetLtpaKey = "Get-LtpaKey";
        public const string GetSsoDoc = "Get-SsoDoc";
        public const string GetSsoTraceEvent = "Get-SsoTraceEvent";
        public const string GetSsoTraceEventPathFailureOnly = "Get-SsoTraceEvent -Path '{0}' -FailureOnly";
        public const string GetStServiceCatalogExportCsv = "Get-StServiceCatalog | Export-Csv";
        public const string GetStServiceCatalogExportCsvPath = "Get-StServiceCatalog | Export-Csv -NoTypeInformation -Path";
        public const string GetStServiceStatus = "Get-StServiceStatus";
        public const string GetStServiceStatusComputerName = "Get-StServiceStatus -ComputerName";
        public const string GetStServiceStatusComputerNameProbe = "Get-StServiceStatus -ComputerName {0} -Probe";
        public const string GetStServiceStatusLogPath = "Get-StServiceStatus -LogPath";
        public const string GetStServiceStatusProbePort = "Get-StServiceStatus -Probe -Port";
        public const string GetTrustedIp = "Get-TrustedIp";
        public const string ImportLtpaKeyToSsoDoc = "Import-LtpaKeyToSsoDoc";
        public const string ImportLtpaKeyToSsoDocDnsDomain = "Import-LtpaKeyToSsoDoc -DnsDomain";
        public const string ImportLtpaKeyToSsoDocExpirationMinutes = "Import-LtpaKeyToSsoDoc -ExpirationMinutes";
        public const string ImportLtpaKeyToSsoDocKeyFile = "Import-LtpaKeyToSsoDoc -KeyPath ltpa.keys -KeyPassword (Read-Host -AsSecureString)";
        public const string ImportLtpaKeyToSsoDocKeyPath = "Import-LtpaKeyToSsoDoc -KeyPath";
        public const string ImportLtpaKeyToSsoDocParticipatingServer = "Import-LtpaKeyToSsoDoc -ParticipatingServer";
        public const string ImportLtpaKeyToSsoDocPathParticipatingServer = "Import-LtpaKeyToSsoDoc -Path {0} -ParticipatingServer {1}";
        public const string ImportLtpaKeyToSsoDocRealm = "Import-LtpaKeyToSsoDoc -Realm";
        public const string ImportLtpaKeyToSsoDocTokenFormat = "Import-LtpaKeyToSsoDoc -TokenFormat";
        public const string InvokeSsoChecklist = "Invoke-SsoChecklist";
        public const string DisableProxySecurityTrace = "Disable-ProxySecurityTrace";
        public const string EnableProxySecurityTrace = "Enable-ProxySecurityTrace";
        public const string ExportLtpaKey = "Export-LtpaKey";
        public const string NewLtpaKey = "New-LtpaKey";
        public const string NewWsadminLtpaScript = "New-WsadminLtpaScript";
        public const string NewWsadminLtpaScriptDisableKeyRegeneration = "New-WsadminLtpaScript -DisableKeyRegeneration";
        public const string SetDominoServerDocSametimeProxyUrl = "Set-DominoServerDoc -SametimeProxyUrl";
        public const string SetDominoServerDocSsoConfigurationName = "Set-DominoServerDoc -SsoConfigurationName";
        public const string SetSt12SsoConfig = "Set-St12SsoConfig";
        public const string SetSt12SsoConfigHelmValuesPath = "Set-St12SsoConfig -HelmValuesPath";
        public const string SetSt12SsoConfigHelmValuesPathValuesPath = "Set-St12SsoConfig -HelmValuesPath ./override.yaml -ValuesPath ./values.yaml";
        public const string SetSt12SsoConfigExternalIntegration = "Set-St12SsoConfig -ExternalIntegration";
        public const string TestDominoServerDoc = "Test-DominoServerDoc";
        public const string SendDominoConsoleCommand = "Send-DominoConsoleCommand";
        public const string SendDominoConsoleCommandRestartHttp = "Send-DominoConsoleCommand -RestartHttp";
        public const string SendDominoConsoleCommandRestartServer = "Send-DominoConsoleCommand -RestartServer";
        public const string InvokeSsoChecklistHelp = "Get-Help Invoke-SsoChecklist -Full";
        public const string RemoveStSettingSectionName = "Remove-StSetting -Section '{0}' -Name {1}";
        public const string SetStSettingFormat = "Set-StSetting -Format";
        public const string SetStTokenType = "Set-StTokenType";
        public const string SetStTokenTypePathName = "Set-StTokenType -Path '{0}' -Name {1}";
        public const string TestLtpaToken = "Test-LtpaToken";
        public const string TestSametimeAwareness = "Test-SametimeAwareness";
        public const string TestSsoCapture = "Test-SsoCapture";
        public const string TestSsoCaptureDominoSecret = "Test-SsoCapture -DominoSecret";
        public const string TestSsoDoc = "Test-SsoDoc";
        public const string TestSsoDocKeyPath = "Test-SsoDoc -KeyPath";

        public const string FormatTableKeyFingerprints = "Format-Table Name, Source, PublicKeyFingerprint";
        public const string GetContentRawConvertFromJson = "Get-Content {0} -Raw | ConvertFrom-Json";
        public const string GetCredential = "Get-Credential";

        [WindowsOnlyCommand]
        public const string GetCimInstance = "Get-CimInstance";

        [WindowsOnlyCommand]
        public const string TestWSMan = "Test-WSMan";

        /// <summary>A constant with its composite-format items filled in (placeholders such as "&lt;server&gt;" included).</summary>
        public static string Format(string commandLine, params object[] values) =>
            string.Format(CultureInfo.InvariantCulture, commandLine, values);
    }
}
