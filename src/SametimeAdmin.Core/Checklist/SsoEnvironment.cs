using System;
using System.Collections.Generic;
using System.Linq;

namespace SametimeAdmin.Checklist
{
    /// <summary>
    /// The description of an iNotes/Sametime SSO site: where each server's artefacts are (files as copied from
    /// the servers, or Domino Access Services URLs) and what the admin expects (SSO domain, configuration name).
    /// Every part is optional: checks whose data is missing are reported as skipped.
    /// </summary>
    public sealed class SsoEnvironment
    {
        /// <summary>A name for the site, shown in the report.</summary>
        public string Name { get; internal set; } = "SSO environment";

        /// <summary>The file the description was read from, or null when it came from parameters only.</summary>
        public string? SourcePath { get; internal set; }

        public SsoExpectations Sso { get; } = new SsoExpectations();

        public ProxyDescription Proxy { get; } = new ProxyDescription();

        /// <summary>The iNotes (Domino web mail) servers.</summary>
        public IList<DominoServerDescription> INotes { get; } = new List<DominoServerDescription>();

        /// <summary>The Sametime Community Servers.</summary>
        public IList<DominoServerDescription> Community { get; } = new List<DominoServerDescription>();

        public LdapDescription Ldap { get; } = new LdapDescription();

        public ClientDescription Client { get; } = new ClientDescription();

        /// <summary>The Sametime System Console / WebSphere security configuration, when given.</summary>
        public SscDescription Ssc { get; } = new SscDescription();

        /// <summary>
        /// The Notes item names the Domino documents of this site use: the built-in map with the site's ItemMap setting
        /// and the -ItemMap parameter applied over it.
        /// </summary>
        public Domino.DominoItemMap ItemMap { get; private set; } = Domino.DominoItemMap.Default;

        /// <summary>Replaces the item map (the -ItemMap parameter over the site's setting).</summary>
        public void ApplyItemMap(Domino.DominoItemMap map) => ItemMap = map ?? throw new ArgumentNullException(nameof(map));

        /// <summary>Every server with its role, in drawing order.</summary>
        public IEnumerable<DominoServerDescription> DominoServers => INotes.Concat(Community);
    }

    /// <summary>What the admin expects every server to agree on.</summary>
    public sealed class SsoExpectations
    {
        /// <summary>The SSO DNS domain, with its leading dot (for example ".example.com").</summary>
        public string? Domain { get; internal set; }

        /// <summary>The Web SSO configuration name (the guide uses LtpaToken2).</summary>
        public string? ConfigurationName { get; internal set; }

        /// <summary>The token lifetime in minutes every side must use.</summary>
        public int? ExpirationMinutes { get; internal set; }

        /// <summary>LtpaToken, LtpaToken2 or both ("LtpaToken,LtpaToken2").</summary>
        public string? TokenFormat { get; internal set; }

        /// <summary>The LDAP realm the tokens carry (for example defaultWIMFileBasedRealm).</summary>
        public string? Realm { get; internal set; }
    }

    /// <summary>Where a Domino document is: a DXL export or a Domino Access Services URL.</summary>
    public sealed class DocumentLocation
    {
        public DocumentLocation(string value, bool isUrl)
        {
            Value = value ?? throw new ArgumentNullException(nameof(value));
            IsUrl = isUrl;
        }

        /// <summary>The full path of the DXL file or the DAS URL.</summary>
        public string Value { get; }

        public bool IsUrl { get; }

        public override string ToString() => Value;
    }

    /// <summary>The Sametime Proxy Server (WebSphere or Liberty).</summary>
    public sealed class ProxyDescription
    {
        public string? HostName { get; internal set; }

        public IList<string> Addresses { get; } = new List<string>();

        /// <summary>Base URLs of the proxy (for example http://proxy1.example.com:9080).</summary>
        public IList<string> Urls { get; } = new List<string>();

        /// <summary>The ltpa.keys file exported from the proxy's cell.</summary>
        public string? LtpaKeys { get; internal set; }

        /// <summary>WebSphere trace.log files of the proxy.</summary>
        public IList<string> TraceLogs { get; } = new List<string>();
    }

    /// <summary>A Domino server (iNotes or Sametime Community) and the copies of its files.</summary>
    public sealed class DominoServerDescription
    {
        public DominoServerDescription(string role)
        {
            Role = role;
        }

        /// <summary><see cref="ChecklistServer.INotes"/> or <see cref="ChecklistServer.Community"/>.</summary>
        public string Role { get; }

        /// <summary>The Domino server name (for example INOTES1/Acme).</summary>
        public string? Name { get; internal set; }

        public string? HostName { get; internal set; }

        public IList<string> Addresses { get; } = new List<string>();

        /// <summary>The Web SSO Configuration document of this server's names.nsf.</summary>
        public DocumentLocation? SsoDocument { get; internal set; }

        /// <summary>The Server document (Internet Protocols / Domino Web Engine), when exported.</summary>
        public DocumentLocation? ServerDocument { get; internal set; }

        /// <summary>The Configuration document (iNotes tab with the Sametime proxy), when exported.</summary>
        public DocumentLocation? ConfigurationDocument { get; internal set; }

        /// <summary>The Community Connectivity document of stconfig.nsf (Community Servers only).</summary>
        public DocumentLocation? StConfigDocument { get; internal set; }

        public string? NotesIni { get; internal set; }

        /// <summary>sametime.ini (Community Servers only).</summary>
        public string? SametimeIni { get; internal set; }

        /// <summary>servlets.properties (iNotes servers only).</summary>
        public string? ServletsProperties { get; internal set; }

        public IList<string> ConsoleLogs { get; } = new List<string>();

        /// <summary>Short stable key for check ids: the role, numbered when there are several servers of the role ("iNotes2").</summary>
        public string Key { get; internal set; } = string.Empty;

        /// <summary>The role and, when known, the server's name (for example "Community CN=st1/O=Lab").</summary>
        public string Label => Name == null && HostName == null ? Role : Role + " " + (Name ?? HostName);

        /// <summary>A name for messages: the Domino name, else the host name, else the role.</summary>
        public string DisplayName => Name ?? HostName ?? Role;
    }

    /// <summary>The LDAP directory server.</summary>
    public sealed class LdapDescription
    {
        public string? HostName { get; internal set; }

        public IList<string> Addresses { get; } = new List<string>();

        public int? Port { get; internal set; }

        public IList<string> ConsoleLogs { get; } = new List<string>();
    }

    /// <summary>What was captured on a user's browser.</summary>
    public sealed class ClientDescription
    {
        /// <summary>HAR or Fiddler captures of an iNotes session.</summary>
        public IList<string> Captures { get; } = new List<string>();

        /// <summary>iNotes web console logs (Ctrl + hover on the iNotes tab, Details).</summary>
        public IList<string> WebConsoleLogs { get; } = new List<string>();

        /// <summary>The user the awareness probe mints a token for (for example "uid=probe,o=example").</summary>
        public string? TestUser { get; internal set; }
    }

    /// <summary>Security configuration of the Sametime System Console / proxy cell.</summary>
    public sealed class SscDescription
    {
        /// <summary>A WebSphere security.xml or a Liberty server.xml.</summary>
        public string? SecurityXml { get; internal set; }
    }
}
