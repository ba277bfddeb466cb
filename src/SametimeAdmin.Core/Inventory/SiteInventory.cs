using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SametimeAdmin.Checklist;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Inventory
{
    /// <summary>One inventory file of a site and what was read from it, or why it could not be read.</summary>
    public sealed class InventorySource
    {
        internal InventorySource(string server, string role, string what, string path)
        {
            Server = server;
            Role = role;
            What = what;
            Path = path;
        }

        /// <summary>The server's label (for example "SametimeProxy", "Community STCHAT4/ibm").</summary>
        public string Server { get; }

        /// <summary>The server's role (<see cref="ChecklistServer"/>).</summary>
        public string Role { get; }

        /// <summary>Which kind of file: "version file", "AboutThisProfile.txt", "wimconfig.xml", "security.xml or server.xml", "Directory Assistance document" or "console.log".</summary>
        public string What { get; }

        public string Path { get; }

        public IReadOnlyList<InventoryItem> Items { get; internal set; } = Array.Empty<InventoryItem>();

        /// <summary>The parsed wimconfig.xml, for wimconfig sources that could be read.</summary>
        public WimConfig? WimConfig { get; internal set; }

        /// <summary>The LDAP servers the file names (wimconfig.xml, security.xml or server.xml, Directory Assistance), or null for other files and unread ones.</summary>
        public IReadOnlyList<LdapEndpoint>? LdapHosts { get; internal set; }

        /// <summary>Why the file could not be read, or null.</summary>
        public string? Problem { get; internal set; }
    }

    /// <summary>
    /// The inventory of a site (guide 2.2-2.4 and the LDAP sessions of 4.1), read from the files its description
    /// names: version files, the proxy profile's AboutThisProfile.txt, the wimconfig.xml of the proxy and SSC cells,
    /// the user registry of security.xml or server.xml, the Directory Assistance documents and the console.log of
    /// every Domino server. A file that cannot be read is remembered with its reason; the
    /// others are still read.
    /// </summary>
    public sealed class SiteInventory
    {
        public const string VersionFileKind = "version file";
        public const string ProfileKind = "AboutThisProfile.txt";
        public const string WimConfigKind = "wimconfig.xml";
        public const string ConsoleLogKind = "console.log";
        public const string SecurityXmlKind = "security.xml or server.xml";
        public const string DirectoryAssistanceKind = "Directory Assistance document";

        private SiteInventory(IReadOnlyList<InventorySource> sources)
        {
            Sources = sources;
        }

        public IReadOnlyList<InventorySource> Sources { get; }

        /// <summary>Every fact read, in the order of the sources.</summary>
        public IEnumerable<InventoryItem> Items => Sources.SelectMany(s => s.Items);

        /// <summary>The sources of one server role and kind.</summary>
        public IEnumerable<InventorySource> Of(string role, string what) => Sources.Where(s => s.Role == role && s.What == what);

        /// <summary>Reads every inventory file the site description names.</summary>
        public static SiteInventory Collect(SsoEnvironment environment)
        {
            if (environment == null)
            {
                throw new ArgumentNullException(nameof(environment));
            }

            var sources = new List<InventorySource>();
            string proxy = ChecklistServer.Proxy;
            foreach (string path in environment.Proxy.VersionFiles)
            {
                sources.Add(Read(proxy, proxy, VersionFileKind, path, s => new[] { VersionFile.Read(path, s.Server) }));
            }

            if (environment.Proxy.AboutThisProfile != null)
            {
                sources.Add(Read(proxy, proxy, ProfileKind, environment.Proxy.AboutThisProfile, s => ProfilePorts.Read(s.Path, s.Server)));
            }

            AddWimConfig(sources, proxy, environment.Proxy.WimConfig);
            AddWimConfig(sources, ChecklistServer.Ssc, environment.Ssc.WimConfig);
            if (environment.Ssc.SecurityXml != null)
            {
                sources.Add(Read(ChecklistServer.Ssc, ChecklistServer.Ssc, SecurityXmlKind, environment.Ssc.SecurityXml, s => LdapItems(s, RegistryHosts.Read(s.Path))));
            }

            foreach (var server in environment.DominoServers)
            {
                if (server.DirectoryAssistanceDocument != null)
                {
                    sources.Add(Read(server.Label, server.Role, DirectoryAssistanceKind, server.DirectoryAssistanceDocument, s =>
                    {
                        using (var store = new DxlDocumentStore(s.Path))
                        {
                            return LdapItems(s, DirectoryAssistanceDocument.LdapServers(store, environment.ItemMap).Select(h => new LdapEndpoint(h.Domain, h.Host, h.Port)).ToList());
                        }
                    }));
                }

                foreach (string path in server.VersionFiles)
                {
                    sources.Add(Read(server.Label, server.Role, VersionFileKind, path, s => new[] { VersionFile.Read(path, s.Server) }));
                }

                foreach (string path in server.ConsoleLogs)
                {
                    sources.Add(Read(server.Label, server.Role, ConsoleLogKind, path, s => ConsoleVersions.Read(path, s.Server).ToList()));
                }
            }

            foreach (string path in environment.Ldap.ConsoleLogs)
            {
                sources.Add(Read(ChecklistServer.Ldap, ChecklistServer.Ldap, ConsoleLogKind, path, s => ConsoleVersions.Read(path, s.Server).ToList()));
            }

            return new SiteInventory(sources);
        }

        private static void AddWimConfig(List<InventorySource> sources, string role, string? path)
        {
            if (path != null)
            {
                sources.Add(Read(role, role, WimConfigKind, path, s =>
                {
                    s.WimConfig = WimConfig.Read(path);
                    s.LdapHosts = s.WimConfig.LdapHosts;
                    return s.WimConfig.ToItems(s.Server).ToList();
                }));
            }
        }

        private static List<InventoryItem> LdapItems(InventorySource source, IReadOnlyList<LdapEndpoint> hosts)
        {
            source.LdapHosts = hosts;
            return hosts.Select(h => new InventoryItem(source.Server, InventoryKind.LdapHost, h.Repository, h.ToString(), source.Path)).ToList();
        }

        private static InventorySource Read(string server, string role, string what, string path, Func<InventorySource, IReadOnlyList<InventoryItem>> read)
        {
            var source = new InventorySource(server, role, what, path);
            string? problem = ChecklistContext.FileProblem(path, $"The {what} of {server}");
            if (problem != null)
            {
                source.Problem = problem;
                return source;
            }

            try
            {
                source.Items = read(source);
            }
            catch (Exception ex) when (ex is Common.SametimeAdminException || ex is IOException || ex is UnauthorizedAccessException || ex is System.Xml.XmlException)
            {
                source.Problem = ex is System.Xml.XmlException ? $"'{path}' is not well-formed XML: {ex.Message}" : ex.Message;
            }

            return source;
        }
    }
}
