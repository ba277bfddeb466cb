using System;
using System.Collections.Generic;
using System.Linq;

namespace SametimeAdmin.Checklist
{
    /// <summary>
    /// The description of an iNotes/Sametime SSO site: where each server's artefacts are (files as copied from
    /// the servers, or Domino Access Services URLs) and what the admin expects (SSO domain, configuration name).
    /// Every part is optional: checks whose data is missing are reported as skipped. <see cref="EnvironmentReader"/>
    /// builds it from a description file with the cmdlet parameters laid over it (<see cref="Overlay"/>); a new kind
    /// of server is one more description record, one more property here and one more line in Overlay.
    /// </summary>
    public sealed record SsoEnvironment
    {
        /// <summary>A name for the site, shown in the report.</summary>
        public string Name { get; init; } = "SSO environment";

        /// <summary>The file the description was read from, or null when it came from parameters only.</summary>
        public string? SourcePath { get; init; }

        public SsoExpectations Sso { get; init; } = new SsoExpectations();

        public ProxyDescription Proxy { get; init; } = new ProxyDescription();

        /// <summary>The iNotes (Domino web mail) servers.</summary>
        public IReadOnlyList<DominoServerDescription> INotes { get; init; } = Array.Empty<DominoServerDescription>();

        /// <summary>The Sametime Community Servers.</summary>
        public IReadOnlyList<DominoServerDescription> Community { get; init; } = Array.Empty<DominoServerDescription>();

        public LdapDescription Ldap { get; init; } = new LdapDescription();

        public ClientDescription Client { get; init; } = new ClientDescription();

        /// <summary>The Sametime System Console / WebSphere security configuration, when given.</summary>
        public SscDescription Ssc { get; init; } = new SscDescription();

        /// <summary>A Sametime 12 server (Docker/Podman, Kubernetes or Windows), when the site has one.</summary>
        public Sametime12Description Sametime12 { get; init; } = new Sametime12Description();

        /// <summary>
        /// The Notes item names the Domino documents of this site use: the built-in map with the site's ItemMap setting
        /// (and the -ItemMap parameter) applied over it.
        /// </summary>
        public Domino.DominoItemMap ItemMap { get; init; } = Domino.DominoItemMap.Default;

        /// <summary>Every server with its role, in drawing order.</summary>
        public IEnumerable<DominoServerDescription> DominoServers => INotes.Concat(Community);

        /// <summary>True when the description names nothing at all (no file and no parameter).</summary>
        public bool IsEmpty => Sso.IsEmpty && Proxy.IsEmpty && !DominoServers.Any(s => !s.IsEmpty) && Ldap.IsEmpty && Client.IsEmpty && Ssc.IsEmpty && Sametime12.IsEmpty;

        /// <summary>
        /// This description with every value <paramref name="top"/> gives laid over it: a value given replaces this one,
        /// a list given replaces the list; a server given applies to the first server of its kind (added when there is none).
        /// The name, the source and the item map stay this description's.
        /// </summary>
        public SsoEnvironment Overlay(SsoEnvironment top)
        {
            if (top == null)
            {
                throw new ArgumentNullException(nameof(top));
            }

            return this with
            {
                Sso = Sso.Overlay(top.Sso),
                Proxy = Proxy.Overlay(top.Proxy),
                INotes = OverlayFirst(INotes, top.INotes),
                Community = OverlayFirst(Community, top.Community),
                Ldap = Ldap.Overlay(top.Ldap),
                Client = Client.Overlay(top.Client),
                Ssc = Ssc.Overlay(top.Ssc),
                Sametime12 = Sametime12.Overlay(top.Sametime12),
            };
        }

        /// <summary>The same description with each server's <see cref="DominoServerDescription.Key"/> set ("iNotes", or "iNotes1", "iNotes2" ...).</summary>
        internal SsoEnvironment WithServerKeys() => this with { INotes = Keyed(INotes), Community = Keyed(Community) };

        private static IReadOnlyList<DominoServerDescription> OverlayFirst(IReadOnlyList<DominoServerDescription> servers, IReadOnlyList<DominoServerDescription> top)
        {
            var given = top.FirstOrDefault(s => !s.IsEmpty);
            if (given == null)
            {
                return servers;
            }

            var list = servers.ToList();
            if (list.Count == 0)
            {
                list.Add(given);
            }
            else
            {
                list[0] = list[0].Overlay(given);
            }

            return list;
        }

        private static List<DominoServerDescription> Keyed(IReadOnlyList<DominoServerDescription> servers) =>
            servers.Select((s, i) => s with { Key = servers.Count == 1 ? s.Role : s.Role + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList();

        internal static T? Pick<T>(T? top, T? value)
            where T : class => top ?? value;

        internal static int? Pick(int? top, int? value) => top ?? value;

        internal static IReadOnlyList<string> Pick(IReadOnlyList<string> top, IReadOnlyList<string> value) => top.Count > 0 ? top : value;
    }

    /// <summary>What the admin expects every server to agree on.</summary>
    public sealed record SsoExpectations
    {
        /// <summary>The SSO DNS domain, with its leading dot (for example ".example.com").</summary>
        public string? Domain { get; init; }

        /// <summary>The Web SSO configuration name (the guide uses LtpaToken2).</summary>
        public string? ConfigurationName { get; init; }

        /// <summary>The token lifetime in minutes every side must use.</summary>
        public int? ExpirationMinutes { get; init; }

        /// <summary>LtpaToken, LtpaToken2 or both ("LtpaToken,LtpaToken2").</summary>
        public string? TokenFormat { get; init; }

        /// <summary>The LDAP realm the tokens carry (for example defaultWIMFileBasedRealm).</summary>
        public string? Realm { get; init; }

        internal bool IsEmpty => Domain == null && ConfigurationName == null && ExpirationMinutes == null && TokenFormat == null && Realm == null;

        internal SsoExpectations Overlay(SsoExpectations top) => new SsoExpectations
        {
            Domain = SsoEnvironment.Pick(top.Domain, Domain),
            ConfigurationName = SsoEnvironment.Pick(top.ConfigurationName, ConfigurationName),
            ExpirationMinutes = SsoEnvironment.Pick(top.ExpirationMinutes, ExpirationMinutes),
            TokenFormat = SsoEnvironment.Pick(top.TokenFormat, TokenFormat),
            Realm = SsoEnvironment.Pick(top.Realm, Realm),
        };
    }

    /// <summary>Where a Domino document is: a DXL export or a Domino Access Services URL.</summary>
    public sealed record DocumentLocation(string Value, bool IsUrl)
    {
        /// <summary>
        /// An http(s) URL as it is, anything else as a file path made absolute by <paramref name="resolvePath"/>;
        /// null for empty text. A malformed URL is refused, naming <paramref name="setting"/>.
        /// </summary>
        public static DocumentLocation? Parse(string? text, Func<string, string> resolvePath, string setting)
        {
            if (resolvePath == null)
            {
                throw new ArgumentNullException(nameof(resolvePath));
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            string value = text!.Trim();
            if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                if (!Uri.TryCreate(value, UriKind.Absolute, out _))
                {
                    throw new Common.SametimeAdminException(EnvironmentReader.ErrorInvalid, Common.FailureKind.InvalidData, $"The environment description is invalid: '{setting}' is not a valid URL: '{value}'.");
                }

                return new DocumentLocation(value, true);
            }

            return new DocumentLocation(resolvePath(value), false);
        }

        /// <summary>The full path of the DXL file or the DAS URL.</summary>
        public string Value { get; } = Value ?? throw new ArgumentNullException(nameof(Value));

        public override string ToString() => Value;
    }

    /// <summary>The Sametime Proxy Server (WebSphere or Liberty).</summary>
    public sealed record ProxyDescription
    {
        public string? HostName { get; init; }

        public IReadOnlyList<string> Addresses { get; init; } = Array.Empty<string>();

        /// <summary>Base URLs of the proxy (for example http://proxy1.example.com:9080).</summary>
        public IReadOnlyList<string> Urls { get; init; } = Array.Empty<string>();

        /// <summary>The ltpa.keys file exported from the proxy's cell.</summary>
        public string? LtpaKeys { get; init; }

        /// <summary>WebSphere trace.log files of the proxy.</summary>
        public IReadOnlyList<string> TraceLogs { get; init; } = Array.Empty<string>();

        /// <summary>The proxy cell's wimconfig.xml (realm and LDAP hosts).</summary>
        public string? WimConfig { get; init; }

        /// <summary>The proxy profile's logs/AboutThisProfile.txt (its ports).</summary>
        public string? AboutThisProfile { get; init; }

        /// <summary>Product version files: WAS.product (WebSphere) or lib/versions/*.properties (Liberty).</summary>
        public IReadOnlyList<string> VersionFiles { get; init; } = Array.Empty<string>();

        internal bool IsEmpty => HostName == null && Addresses.Count == 0 && Urls.Count == 0 && LtpaKeys == null && TraceLogs.Count == 0 &&
            WimConfig == null && AboutThisProfile == null && VersionFiles.Count == 0;

        internal ProxyDescription Overlay(ProxyDescription top) => new ProxyDescription
        {
            HostName = SsoEnvironment.Pick(top.HostName, HostName),
            Addresses = SsoEnvironment.Pick(top.Addresses, Addresses),
            Urls = SsoEnvironment.Pick(top.Urls, Urls),
            LtpaKeys = SsoEnvironment.Pick(top.LtpaKeys, LtpaKeys),
            TraceLogs = SsoEnvironment.Pick(top.TraceLogs, TraceLogs),
            WimConfig = SsoEnvironment.Pick(top.WimConfig, WimConfig),
            AboutThisProfile = SsoEnvironment.Pick(top.AboutThisProfile, AboutThisProfile),
            VersionFiles = SsoEnvironment.Pick(top.VersionFiles, VersionFiles),
        };
    }

    /// <summary>A Domino server (iNotes or Sametime Community) and the copies of its files.</summary>
    public sealed record DominoServerDescription(string Role)
    {
        /// <summary><see cref="ChecklistServer.INotes"/> or <see cref="ChecklistServer.Community"/>.</summary>
        public string Role { get; } = Role ?? throw new ArgumentNullException(nameof(Role));

        /// <summary>The Domino server name (for example INOTES1/Acme).</summary>
        public string? Name { get; init; }

        public string? HostName { get; init; }

        public IReadOnlyList<string> Addresses { get; init; } = Array.Empty<string>();

        /// <summary>The Web SSO Configuration document of this server's names.nsf.</summary>
        public DocumentLocation? SsoDocument { get; init; }

        /// <summary>The Server document (Internet Protocols / Domino Web Engine), when exported.</summary>
        public DocumentLocation? ServerDocument { get; init; }

        /// <summary>The Configuration document (iNotes tab with the Sametime proxy), when exported.</summary>
        public DocumentLocation? ConfigurationDocument { get; init; }

        /// <summary>The Community Connectivity document of stconfig.nsf (Community Servers only).</summary>
        public DocumentLocation? StConfigDocument { get; init; }

        public string? NotesIni { get; init; }

        /// <summary>sametime.ini (Community Servers only).</summary>
        public string? SametimeIni { get; init; }

        /// <summary>servlets.properties (iNotes servers only).</summary>
        public string? ServletsProperties { get; init; }

        public IReadOnlyList<string> ConsoleLogs { get; init; } = Array.Empty<string>();

        /// <summary>Product version files of the server (the Community Server's buildinfo.txt).</summary>
        public IReadOnlyList<string> VersionFiles { get; init; } = Array.Empty<string>();

        /// <summary>A DXL export of the server's Directory Assistance document(s) (da.nsf), for the LDAP servers it uses.</summary>
        public string? DirectoryAssistanceDocument { get; init; }

        /// <summary>Short stable key for check ids: the role, numbered when there are several servers of the role ("iNotes2").</summary>
        public string Key { get; init; } = string.Empty;

        /// <summary>The role and, when known, the server's name (for example "Community CN=st1/O=Lab").</summary>
        public string Label => Name == null && HostName == null ? Role : Role + " " + (Name ?? HostName);

        /// <summary>A name for messages: the Domino name, else the host name, else the role.</summary>
        public string DisplayName => Name ?? HostName ?? Role;

        internal bool IsEmpty => Name == null && HostName == null && Addresses.Count == 0 && SsoDocument == null && ServerDocument == null &&
            ConfigurationDocument == null && StConfigDocument == null && NotesIni == null && SametimeIni == null && ServletsProperties == null && ConsoleLogs.Count == 0 &&
            VersionFiles.Count == 0 && DirectoryAssistanceDocument == null;

        internal DominoServerDescription Overlay(DominoServerDescription top) => this with
        {
            Name = SsoEnvironment.Pick(top.Name, Name),
            HostName = SsoEnvironment.Pick(top.HostName, HostName),
            Addresses = SsoEnvironment.Pick(top.Addresses, Addresses),
            SsoDocument = SsoEnvironment.Pick(top.SsoDocument, SsoDocument),
            ServerDocument = SsoEnvironment.Pick(top.ServerDocument, ServerDocument),
            ConfigurationDocument = SsoEnvironment.Pick(top.ConfigurationDocument, ConfigurationDocument),
            StConfigDocument = SsoEnvironment.Pick(top.StConfigDocument, StConfigDocument),
            NotesIni = SsoEnvironment.Pick(top.NotesIni, NotesIni),
            SametimeIni = SsoEnvironment.Pick(top.SametimeIni, SametimeIni),
            ServletsProperties = SsoEnvironment.Pick(top.ServletsProperties, ServletsProperties),
            ConsoleLogs = SsoEnvironment.Pick(top.ConsoleLogs, ConsoleLogs),
            VersionFiles = SsoEnvironment.Pick(top.VersionFiles, VersionFiles),
            DirectoryAssistanceDocument = SsoEnvironment.Pick(top.DirectoryAssistanceDocument, DirectoryAssistanceDocument),
        };
    }

    /// <summary>The LDAP directory server.</summary>
    public sealed record LdapDescription
    {
        public string? HostName { get; init; }

        public IReadOnlyList<string> Addresses { get; init; } = Array.Empty<string>();

        public int? Port { get; init; }

        public IReadOnlyList<string> ConsoleLogs { get; init; } = Array.Empty<string>();

        internal bool IsEmpty => HostName == null && Addresses.Count == 0 && Port == null && ConsoleLogs.Count == 0;

        internal LdapDescription Overlay(LdapDescription top) => new LdapDescription
        {
            HostName = SsoEnvironment.Pick(top.HostName, HostName),
            Addresses = SsoEnvironment.Pick(top.Addresses, Addresses),
            Port = SsoEnvironment.Pick(top.Port, Port),
            ConsoleLogs = SsoEnvironment.Pick(top.ConsoleLogs, ConsoleLogs),
        };
    }

    /// <summary>What was captured on a user's browser.</summary>
    public sealed record ClientDescription
    {
        /// <summary>HAR or Fiddler captures of an iNotes session.</summary>
        public IReadOnlyList<string> Captures { get; init; } = Array.Empty<string>();

        /// <summary>iNotes web console logs (Ctrl + hover on the iNotes tab, Details).</summary>
        public IReadOnlyList<string> WebConsoleLogs { get; init; } = Array.Empty<string>();

        /// <summary>The user the awareness probe mints a token for (for example "uid=probe,o=example").</summary>
        public string? TestUser { get; init; }

        /// <summary>A user's mail file on the iNotes server (http://inotes1.example.com/mail/i2.nsf), opened directly (guide 4.1, redirection).</summary>
        public string? MailFileUrl { get; init; }

        internal bool IsEmpty => Captures.Count == 0 && WebConsoleLogs.Count == 0 && TestUser == null && MailFileUrl == null;

        internal ClientDescription Overlay(ClientDescription top) => new ClientDescription
        {
            Captures = SsoEnvironment.Pick(top.Captures, Captures),
            WebConsoleLogs = SsoEnvironment.Pick(top.WebConsoleLogs, WebConsoleLogs),
            TestUser = SsoEnvironment.Pick(top.TestUser, TestUser),
            MailFileUrl = SsoEnvironment.Pick(top.MailFileUrl, MailFileUrl),
        };
    }

    /// <summary>Security configuration of the Sametime System Console / proxy cell.</summary>
    public sealed record SscDescription
    {
        /// <summary>A WebSphere security.xml or a Liberty server.xml.</summary>
        public string? SecurityXml { get; init; }

        /// <summary>The SSC cell's wimconfig.xml (realm and LDAP hosts).</summary>
        public string? WimConfig { get; init; }

        /// <summary>The System Console's host (the deployment manager), probed on its console and SOAP ports.</summary>
        public string? HostName { get; init; }

        /// <summary>The DB2 server with the STSC and STPR databases.</summary>
        public string? Db2HostName { get; init; }

        /// <summary>The DB2 instance's port when it is not the default 50000.</summary>
        public int? Db2Port { get; init; }

        internal bool IsEmpty => SecurityXml == null && WimConfig == null && HostName == null && Db2HostName == null && Db2Port == null;

        internal SscDescription Overlay(SscDescription top) => new SscDescription
        {
            SecurityXml = SsoEnvironment.Pick(top.SecurityXml, SecurityXml),
            WimConfig = SsoEnvironment.Pick(top.WimConfig, WimConfig),
            HostName = SsoEnvironment.Pick(top.HostName, HostName),
            Db2HostName = SsoEnvironment.Pick(top.Db2HostName, Db2HostName),
            Db2Port = SsoEnvironment.Pick(top.Db2Port, Db2Port),
        };
    }

    /// <summary>
    /// A Sametime 12 server and the copies of its files: the install folder (Docker/Podman: .env, custom.env, the compose
    /// files; Windows: the install folder), or the Helm values and secrets files (Kubernetes), StCommunityConfig.xml, and
    /// a folder of container logs the admin saved (docker logs / kubectl logs output as *.log or *.txt).
    /// </summary>
    public sealed record Sametime12Description
    {
        /// <summary>The installation kind; null: from the files (values files: Kubernetes; a folder with a compose or .env file: Docker; else Windows).</summary>
        public Sametime12.St12InstallKind? Kind { get; init; }

        public string? HostName { get; init; }

        /// <summary>The Docker/Podman or Windows install folder.</summary>
        public string? Folder { get; init; }

        /// <summary>Helm values files and the chart's secrets file, in Helm's order.</summary>
        public IReadOnlyList<string> ValuesFiles { get; init; } = Array.Empty<string>();

        /// <summary>StCommunityConfig.xml (copied out of the community container, or in the Windows install folder).</summary>
        public string? CommunityConfig { get; init; }

        /// <summary>A folder of saved container logs.</summary>
        public string? ContainerLogs { get; init; }

        /// <summary>The kind given, else the one the files imply; null when nothing is described.</summary>
        public Sametime12.St12InstallKind? EffectiveKind =>
            Kind ?? (ValuesFiles.Count > 0 ? Sametime12.St12InstallKind.Kubernetes
                : Folder == null ? (Sametime12.St12InstallKind?)null
                : System.IO.File.Exists(System.IO.Path.Combine(Folder, "docker-compose.yml")) || System.IO.File.Exists(System.IO.Path.Combine(Folder, ".env"))
                    ? Sametime12.St12InstallKind.Docker : Sametime12.St12InstallKind.Windows);

        internal bool IsEmpty => Kind == null && HostName == null && Folder == null && ValuesFiles.Count == 0 && CommunityConfig == null && ContainerLogs == null;

        /// <summary>
        /// A server described by full paths as -Sametime12Path gives them: the first folder is the install folder, the
        /// files are Helm values and secrets files in Helm's order.
        /// </summary>
        public static Sametime12Description FromPaths(IEnumerable<string>? paths)
        {
            var list = (paths ?? Array.Empty<string>()).ToList();
            return new Sametime12Description
            {
                Folder = list.FirstOrDefault(System.IO.Directory.Exists),
                ValuesFiles = list.Where(p => !System.IO.Directory.Exists(p)).ToArray(),
            };
        }

        internal Sametime12Description Overlay(Sametime12Description top) => new Sametime12Description
        {
            Kind = top.Kind ?? Kind,
            HostName = SsoEnvironment.Pick(top.HostName, HostName),
            Folder = SsoEnvironment.Pick(top.Folder, Folder),
            ValuesFiles = SsoEnvironment.Pick(top.ValuesFiles, ValuesFiles),
            CommunityConfig = SsoEnvironment.Pick(top.CommunityConfig, CommunityConfig),
            ContainerLogs = SsoEnvironment.Pick(top.ContainerLogs, ContainerLogs),
        };
    }
}
