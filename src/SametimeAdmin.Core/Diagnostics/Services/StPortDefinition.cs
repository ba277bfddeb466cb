using System.Collections.Generic;
using System.Linq;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>A well-known Sametime port and what it is for.</summary>
    public sealed class StPortDefinition
    {
        public StPortDefinition(int port, StServerRole role, string meaning)
        {
            Port = port;
            Role = role;
            Meaning = meaning;
        }

        public int Port { get; }

        public StServerRole Role { get; }

        public string Meaning { get; }

        /// <summary>The ports a check probes by default, each with its meaning.</summary>
        public static IReadOnlyList<StPortDefinition> WellKnown { get; } = new[]
        {
            new StPortDefinition(1516, StServerRole.Community, "Community VP server port: the Sametime Proxy and other Sametime servers connect here"),
            new StPortDefinition(1533, StServerRole.Community, "Community client port: Sametime clients connect here directly"),
            new StPortDefinition(80, StServerRole.Community, "HTTP tunnelling of client connections (Community Server)"),
            new StPortDefinition(8082, StServerRole.Community, "HTTP tunnelling of client connections, alternative port (Community Server)"),
            new StPortDefinition(9080, StServerRole.Proxy, "Sametime Proxy Server web client and API over HTTP (WebSphere default, check AboutThisProfile.txt)"),
            new StPortDefinition(9443, StServerRole.Proxy, "Sametime Proxy Server web client and API over HTTPS (WebSphere default, check AboutThisProfile.txt)"),
            new StPortDefinition(389, StServerRole.Ldap, "LDAP directory shared by all SSO servers"),
            new StPortDefinition(636, StServerRole.Ldap, "LDAP directory over TLS"),

            // IBM's Sametime 9 port tables give these as defaults; an installation may have chosen others.
            new StPortDefinition(50000, StServerRole.Db2, "DB2 server with the STSC and STPR databases (IBM default; the instance's SVCENAME may differ: db2 get dbm cfg)"),
            new StPortDefinition(8700, StServerRole.Ssc, "Sametime System Console over HTTP (deployment manager WC_adminhost, IBM default; see the SSC profile's AboutThisProfile.txt)"),
            new StPortDefinition(8701, StServerRole.Ssc, "Sametime System Console over HTTPS, https://<SSC host>:8701/ibm/console (WC_adminhost_secure, IBM default; see AboutThisProfile.txt)"),
            new StPortDefinition(8703, StServerRole.Ssc, "Sametime System Console SOAP connector for wsadmin and server registration (SOAP_CONNECTOR_ADDRESS, IBM default; see AboutThisProfile.txt)"),
        };

        /// <summary>The definition of <paramref name="port"/>, or a generic one for ports not in the list.</summary>
        public static StPortDefinition Describe(int port) =>
            WellKnown.FirstOrDefault(p => p.Port == port) ?? new StPortDefinition(port, StServerRole.All, "TCP port (not a well-known Sametime port)");

        public static IReadOnlyList<StPortDefinition> ForRole(StServerRole role) =>
            role == StServerRole.All ? WellKnown : WellKnown.Where(p => p.Role == role).ToList();
    }
}
