using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Inventory
{
    /// <summary>
    /// The federated repository configuration of a WebSphere cell (config/cells/&lt;cell&gt;/wim/config/wimconfig.xml,
    /// guide 2.4): the default realm of &lt;config:realmConfiguration defaultRealm&gt; and the host:port of every
    /// &lt;config:connections&gt; of its LDAP repositories. Bind passwords are never read.
    /// </summary>
    public sealed class WimConfig
    {
        /// <summary>ErrorId of a file that is not a wimconfig.xml.</summary>
        public const string ErrorInvalid = "InventoryWimConfigInvalid";

        private WimConfig(string source, string? defaultRealm, IReadOnlyList<string> realms, IReadOnlyList<LdapEndpoint> ldapHosts)
        {
            Source = source;
            DefaultRealm = defaultRealm;
            Realms = realms;
            LdapHosts = ldapHosts;
        }

        public string Source { get; }

        public string? DefaultRealm { get; }

        /// <summary>The names of every realm defined.</summary>
        public IReadOnlyList<string> Realms { get; }

        /// <summary>Every LDAP server of every LDAP repository, primary first as the file lists them.</summary>
        public IReadOnlyList<LdapEndpoint> LdapHosts { get; }

        public static WimConfig Read(string path)
        {
            var doc = SafeXml.LoadWithoutDtd(path, "a wimconfig.xml");
            var provider = doc.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "configProvider");
            if (provider == null)
            {
                throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidData, $"'{path}' has no <config:configProvider> element; it is not a wimconfig.xml.")
                {
                    RecommendedAction = "Copy config/cells/<cell>/wim/config/wimconfig.xml of the proxy's (or the SSC's) cell again.",
                };
            }

            var realmConfig = provider.Elements().FirstOrDefault(e => e.Name.LocalName == "realmConfiguration");
            var realms = realmConfig?.Elements().Where(e => e.Name.LocalName == "realms").Select(e => (string?)e.Attribute("name")).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToList()
                ?? new List<string>();
            var hosts = new List<LdapEndpoint>();
            foreach (var repository in provider.Elements().Where(e => e.Name.LocalName == "repositories"))
            {
                string id = (string?)repository.Attribute("id") ?? "LDAP";
                foreach (var connection in repository.Descendants().Where(e => e.Name.LocalName == "connections"))
                {
                    string? host = (string?)connection.Attribute("host");
                    if (string.IsNullOrWhiteSpace(host))
                    {
                        continue;
                    }

                    int? port = int.TryParse((string?)connection.Attribute("port"), NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? p : (int?)null;
                    hosts.Add(new LdapEndpoint(id, host!.Trim(), port));
                }
            }

            return new WimConfig(path, (string?)realmConfig?.Attribute("defaultRealm"), realms, hosts);
        }

        /// <summary>The inventory lines of this file.</summary>
        public IEnumerable<InventoryItem> ToItems(string server)
        {
            if (DefaultRealm != null)
            {
                yield return new InventoryItem(server, InventoryKind.Realm, "defaultRealm", DefaultRealm, Source);
            }

            foreach (var host in LdapHosts)
            {
                yield return new InventoryItem(server, InventoryKind.LdapHost, host.Repository, host.ToString(), Source);
            }
        }
    }

    /// <summary>One LDAP server of a repository.</summary>
    public sealed record LdapEndpoint(string Repository, string Host, int? Port)
    {
        /// <summary>host:port in lower case, for comparing servers (389 when the port is not given).</summary>
        public string Key => Host.ToLowerInvariant() + ":" + (Port ?? 389).ToString(CultureInfo.InvariantCulture);

        public override string ToString() => Port == null ? Host : Host + ":" + Port.Value.ToString(CultureInfo.InvariantCulture);
    }
}
