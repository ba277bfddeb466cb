using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Inventory
{
    /// <summary>
    /// The LDAP servers of a server's own user registry: a WebSphere cell's security.xml
    /// (&lt;userRegistries xmi:type="security:LDAPUserRegistry"&gt; with its &lt;hosts host port&gt;, the active
    /// registry only) or a Liberty server.xml (&lt;ldapRegistry host port&gt; and its &lt;failoverServers&gt;).
    /// Bind passwords are never read.
    /// </summary>
    public static class RegistryHosts
    {
        /// <summary>ErrorId of a file that is neither a security.xml nor a server.xml.</summary>
        public const string ErrorInvalid = "InventorySecurityXmlInvalid";

        /// <summary>The LDAP servers of the file, primary first; empty when the registry is not LDAP (a file or federated registry).</summary>
        public static IReadOnlyList<LdapEndpoint> Read(string path)
        {
            var root = SafeXml.LoadWithoutDtd(path, "a security.xml or server.xml").Root;
            string name = root?.Name.LocalName ?? string.Empty;
            if (name == "Security")
            {
                return WebSphere(root!);
            }

            if (name == "server")
            {
                return Liberty(root!);
            }

            throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidData,
                $"'{path}' is neither a WebSphere security.xml (root element Security) nor a Liberty server.xml (root element server); its root element is '{(name.Length == 0 ? "(none)" : name)}'.")
            {
                RecommendedAction = "Copy config/cells/<cell>/security.xml of the WebSphere cell, or the Liberty server's server.xml, again.",
            };
        }

        private static List<LdapEndpoint> WebSphere(XElement root)
        {
            // Only the registry security.xml names as active is used; a federated (WIM) registry keeps its LDAP servers in wimconfig.xml.
            string? active = (string?)root.Attribute("activeUserRegistry");
            var hosts = new List<LdapEndpoint>();
            foreach (var registry in root.Elements().Where(e => e.Name.LocalName == "userRegistries" && TypeOf(e).EndsWith("LDAPUserRegistry", StringComparison.Ordinal)))
            {
                string? id = registry.Attributes().FirstOrDefault(a => a.Name.LocalName == "id")?.Value;
                if (active != null && !string.Equals(active, id, StringComparison.Ordinal))
                {
                    continue;
                }

                hosts.AddRange(registry.Elements().Where(e => e.Name.LocalName == "hosts").Select(e => Endpoint("LDAPUserRegistry", e)).Where(e => e != null).Select(e => e!));
            }

            return hosts;
        }

        private static List<LdapEndpoint> Liberty(XElement root)
        {
            var hosts = new List<LdapEndpoint>();
            foreach (var registry in root.Elements().Where(e => e.Name.LocalName == "ldapRegistry"))
            {
                string id = "ldapRegistry " + ((string?)registry.Attribute("id") ?? string.Empty);
                var primary = Endpoint(id.TrimEnd(), registry);
                if (primary != null)
                {
                    hosts.Add(primary);
                }

                hosts.AddRange(registry.Elements().Where(e => e.Name.LocalName == "failoverServers").SelectMany(f => f.Elements().Where(e => e.Name.LocalName == "server"))
                    .Select(e => Endpoint(id.TrimEnd() + " failover", e)).Where(e => e != null).Select(e => e!));
            }

            return hosts;
        }

        private static string TypeOf(XElement element) => element.Attributes().FirstOrDefault(a => a.Name.LocalName == "type")?.Value ?? string.Empty;

        private static LdapEndpoint? Endpoint(string repository, XElement element)
        {
            string? host = (string?)element.Attribute("host");
            if (string.IsNullOrWhiteSpace(host))
            {
                return null;
            }

            int? port = int.TryParse((string?)element.Attribute("port"), NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? p : (int?)null;
            return new LdapEndpoint(repository, host!.Trim(), port);
        }
    }
}
