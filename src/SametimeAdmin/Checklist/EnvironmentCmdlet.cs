using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SametimeAdmin.Checklist;
using SametimeAdmin.Common;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Base of the cmdlets that work on a whole SSO site: the environment description file and the
    /// parameters that name single artefacts (they override the file, or describe a site without one).
    /// </summary>
    public abstract class EnvironmentCmdlet : SametimeCmdlet
    {
        /// <summary>A .psd1 or .json environment description; relative paths inside it are relative to the file.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string? EnvironmentPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ProxyUrl { get; set; }

        /// <summary>The ltpa.keys file exported from the proxy's cell (the environment's Proxy.LtpaKeys).</summary>
        [Parameter]
        [Alias("LtpaKeyPath")]
        [ValidateNotNullOrEmpty]
        public string? KeyPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProxyTraceLog { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? INotesSsoDocument { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SametimeSsoDocument { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StConfigDocument { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SametimeIni { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? INotesNotesIni { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CommunityNotesIni { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ServletsProperties { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? INotesConsoleLog { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CommunityConsoleLog { get; set; }

        // The inventory files (guide 2.2-2.4): versions, the proxy profile, the user registries and their LDAP servers.

        /// <summary>Version files of the proxy (WAS.product, Liberty's lib/versions/*.properties): Proxy.VersionFile.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ProxyVersionFile { get; set; }

        /// <summary>The proxy profile's logs/AboutThisProfile.txt: Proxy.AboutThisProfile.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AboutThisProfile { get; set; }

        /// <summary>The wimconfig.xml of the proxy's cell: Proxy.WimConfig.</summary>
        [Parameter]
        [Alias("ProxyWimConfig")]
        [ValidateNotNullOrEmpty]
        public string? WimConfig { get; set; }

        /// <summary>The wimconfig.xml of the SSC's cell: Ssc.WimConfig.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SscWimConfig { get; set; }

        /// <summary>A WebSphere cell's security.xml or the proxy's Liberty server.xml: Ssc.SecurityXml.</summary>
        [Parameter]
        [Alias("ProxyServerXml")]
        [ValidateNotNullOrEmpty]
        public string? SecurityXml { get; set; }

        /// <summary>Version files of the Community Server (buildinfo.txt): the Community server's VersionFile.</summary>
        [Parameter]
        [Alias("BuildInfo")]
        [ValidateNotNullOrEmpty]
        public string[]? CommunityVersionFile { get; set; }

        /// <summary>console.log of the Domino LDAP server: Ldap.ConsoleLog.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? LdapConsoleLog { get; set; }

        /// <summary>DXL export of the Community Server's Directory Assistance documents (da.nsf): its DirectoryAssistanceDocument.</summary>
        [Parameter]
        [Alias("CommunityDirectoryAssistanceDocument")]
        [ValidateNotNullOrEmpty]
        public string? DirectoryAssistanceDocument { get; set; }

        /// <summary>DXL export of the iNotes server's Directory Assistance documents: its DirectoryAssistanceDocument.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? INotesDirectoryAssistanceDocument { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? INotesAddress { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SsoDomain { get; set; }

        /// <summary>The Web SSO configuration name every server must use (the environment's Sso.ConfigurationName).</summary>
        [Parameter]
        [Alias("ConfigurationName")]
        [ValidateNotNullOrEmpty]
        public string? SsoConfigurationName { get; set; }

        /// <summary>A Sametime 12 install folder (Docker/Podman or Windows), or Helm values and secrets files in Helm's order.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Sametime12Path { get; set; }

        /// <summary>The Sametime 12 installation kind, when the files do not tell it (a Windows folder is told from a Docker one by its files).</summary>
        [Parameter]
        [ValidateSet(nameof(Sametime12.St12InstallKind.Docker), nameof(Sametime12.St12InstallKind.Kubernetes), nameof(Sametime12.St12InstallKind.Windows))]
        public string? Sametime12Kind { get; set; }

        /// <summary>The host name users reach the Sametime 12 server by.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Sametime12HostName { get; set; }

        /// <summary>A folder of saved Sametime 12 container logs (*.log, *.txt).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Sametime12LogPath { get; set; }

        /// <summary>Item-name overrides (a hashtable, or a .json/.psd1 path), applied over the site's ItemMap setting.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? ItemMap { get; set; }

        /// <summary>Reads the environment file (if any), lays the parameters over it and applies -ItemMap over the site's item map.</summary>
        protected SsoEnvironment LoadEnvironment()
        {
            string? path = EnvironmentPath == null ? null : ResolveLiteralPath(EnvironmentPath);
            var environment = RunOrThrow(() => EnvironmentReader.Read(path, AddParameters(FromParameters()), PowerShellDataFile.Read), EnvironmentPath);
            if (ItemMap != null)
            {
                environment = environment with { ItemMap = RunOrThrow(() => ItemMapResolver.Resolve(ItemMap, ResolveLiteralPath, environment.ItemMap), ItemMap) };
            }

            return environment;
        }

        /// <summary>The site as the parameters describe it (paths resolved against the current location).</summary>
        private SsoEnvironment FromParameters() => new SsoEnvironment
        {
            Sso = new SsoExpectations { Domain = SsoDomain, ConfigurationName = SsoConfigurationName },
            Proxy = new ProxyDescription
            {
                Urls = List(ProxyUrl), LtpaKeys = FullPath(KeyPath), TraceLogs = List(FullPath(ProxyTraceLog)),
                VersionFiles = FullPaths(ProxyVersionFile), AboutThisProfile = FullPath(AboutThisProfile), WimConfig = FullPath(WimConfig),
            },
            Ssc = new SscDescription { WimConfig = FullPath(SscWimConfig), SecurityXml = FullPath(SecurityXml) },
            Ldap = new LdapDescription { ConsoleLogs = FullPaths(LdapConsoleLog) },
            INotes = new[]
            {
                new DominoServerDescription(ChecklistServer.INotes)
                {
                    SsoDocument = Document(INotesSsoDocument, nameof(INotesSsoDocument)),
                    NotesIni = FullPath(INotesNotesIni),
                    ServletsProperties = FullPath(ServletsProperties),
                    ConsoleLogs = List(FullPath(INotesConsoleLog)),
                    Addresses = List(INotesAddress),
                    DirectoryAssistanceDocument = FullPath(INotesDirectoryAssistanceDocument),
                },
            },
            Community = new[]
            {
                new DominoServerDescription(ChecklistServer.Community)
                {
                    SsoDocument = Document(SametimeSsoDocument, nameof(SametimeSsoDocument)),
                    StConfigDocument = Document(StConfigDocument, nameof(StConfigDocument)),
                    SametimeIni = FullPath(SametimeIni),
                    NotesIni = FullPath(CommunityNotesIni),
                    ConsoleLogs = List(FullPath(CommunityConsoleLog)),
                    VersionFiles = FullPaths(CommunityVersionFile),
                    DirectoryAssistanceDocument = FullPath(DirectoryAssistanceDocument),
                },
            },
            Sametime12 = Sametime12Description.FromPaths(Sametime12Path?.Select(ResolveLiteralPath)) with
            {
                Kind = Sametime12Kind == null ? (Sametime12.St12InstallKind?)null : (Sametime12.St12InstallKind)Enum.Parse(typeof(Sametime12.St12InstallKind), Sametime12Kind, true),
                HostName = Sametime12HostName,
                ContainerLogs = FullPath(Sametime12LogPath),
            },
        };

        /// <summary>Lets a derived cmdlet add the settings of its own parameters.</summary>
        protected virtual SsoEnvironment AddParameters(SsoEnvironment parameters) => parameters;

        private static string[] List(params string?[]? values) =>
            values == null ? Array.Empty<string>() : values.Where(v => v != null).Select(v => v!).ToArray();

        private string? FullPath(string? path) => path == null ? null : ResolveLiteralPath(path);

        private string[] FullPaths(string[]? paths) => paths == null ? Array.Empty<string>() : paths.Select(ResolveLiteralPath).ToArray();

        private DocumentLocation? Document(string? value, string parameter) =>
            RunOrThrow(() => DocumentLocation.Parse(value, ResolveLiteralPath, "-" + parameter), value);

        /// <summary>The module version, for reports and manifests.</summary>
        protected static string ModuleVersion => typeof(EnvironmentCmdlet).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        /// <summary>The options the environment file cannot hold (secrets, switches).</summary>
        protected ChecklistOptions NewOptions(bool offline, byte[]? keyPassword, PSCredential? credential, bool skipCertificateCheck, int timeoutSeconds) =>
            new ChecklistOptions
            {
                Warn = WriteWarning,
                Offline = offline,
                LtpaKeyPassword = keyPassword,
                DasUserName = credential?.UserName,
                DasPassword = credential?.Password,
                SkipCertificateCheck = skipCertificateCheck,
                Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            };

        /// <summary>Runs the checklist and returns every result (used where results are not streamed).</summary>
        protected static List<CheckResult> RunChecklist(SsoEnvironment env, ChecklistOptions options)
        {
            using (var context = new ChecklistContext(env, options))
            {
                return new List<CheckResult>(new ChecklistRunner().Run(context));
            }
        }
    }
}
