using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SametimeAdmin.Inventory;

namespace SametimeAdmin.Checklist
{
    /// <summary>
    /// The inventory of guide 2.2-2.4 as checks: component versions present, the proxy's HTTP transport port as
    /// AboutThisProfile.txt gives it, the same realm in every cell's wimconfig.xml, the same LDAP servers in every
    /// wimconfig.xml, security.xml or server.xml and Directory Assistance document, and
    /// every Domino server seen opening a session on the LDAP server (4.1).
    /// </summary>
    public sealed class InventoryChecks : IChecklistArea
    {
        internal static readonly CheckDefinition Versions = new CheckDefinition("Inventory.Versions", ChecklistArea.Inventory,
            "The component versions can be read", GuideSection.Inventory, ChecklistServer.All);

        internal static readonly CheckDefinition TransportPort = new CheckDefinition("Inventory.ProxyTransportPort", ChecklistArea.Inventory,
            "The proxy URLs use the HTTP(S) transport port of the proxy's profile", GuideSection.Inventory, ChecklistServer.Proxy, ChecklistLink.INotesToProxy);

        internal static readonly CheckDefinition Realm = new CheckDefinition("Inventory.Realm", ChecklistArea.Inventory,
            "Every cell's wimconfig.xml has the same default realm", GuideSection.Inventory, ChecklistServer.Proxy, ChecklistLink.ProxyToLdap);

        internal static readonly CheckDefinition LdapHosts = new CheckDefinition("Inventory.LdapHosts", ChecklistArea.Inventory,
            "Every server uses the same LDAP servers (wimconfig.xml, security.xml or server.xml, Directory Assistance)", GuideSection.Inventory, ChecklistServer.Proxy, ChecklistLink.ProxyToLdap);

        internal static readonly CheckDefinition LdapSession = new CheckDefinition("Inventory.LdapSession", ChecklistArea.Inventory,
            "The server opened a session on the LDAP server", GuideSection.LdapAccess, ChecklistServer.Ldap);

        public string Name => ChecklistArea.Inventory;

        /// <summary>The site's inventory, read once per run (the checks and the HTML report share it).</summary>
        public static SiteInventory Of(ChecklistContext context)
        {
            if (context == null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            return context.Load("inventory", () => SiteInventory.Collect(context.Environment)).Value!;
        }

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            var env = context.Environment;
            var inventory = Of(context);
            foreach (var result in CheckVersions(env, inventory))
            {
                yield return result;
            }

            yield return CheckTransportPort(env, inventory);
            var wim = inventory.Sources.Where(s => s.What == SiteInventory.WimConfigKind).ToList();
            yield return CheckRealm(env, wim);
            yield return CheckLdapHosts(env, inventory);
            foreach (var result in CheckLdapSessions(env, inventory))
            {
                yield return result;
            }
        }

        private static IEnumerable<CheckResult> CheckVersions(SsoEnvironment env, SiteInventory inventory)
        {
            var servers = new List<(string Key, string Label, string Role)> { ("Proxy", ChecklistServer.Proxy, ChecklistServer.Proxy) };
            servers.AddRange(env.DominoServers.Select(s => (s.Key, s.Label, s.Role)));
            servers.Add(("Ldap", ChecklistServer.Ldap, ChecklistServer.Ldap));
            foreach (var (key, label, role) in servers)
            {
                var check = Versions.For(key, $"The versions of {label} can be read", role);
                var sources = inventory.Sources.Where(s => s.Server == label && (s.What == SiteInventory.VersionFileKind || s.What == SiteInventory.ConsoleLogKind)).ToList();
                if (sources.Count == 0)
                {
                    yield return check.Skip($"No version file or console.log of {label} is given.", VersionHint(role));
                    continue;
                }

                var broken = sources.Where(s => s.Problem != null && s.What == SiteInventory.VersionFileKind).ToList();
                var seen = sources.SelectMany(s => s.Items).Where(i => i.Kind == InventoryKind.Version).ToList();
                if (broken.Count > 0)
                {
                    yield return check.Fail(string.Join(" ", broken.Select(s => s.Problem)), VersionHint(role));
                }
                else if (seen.Count == 0)
                {
                    string unread = string.Join(" ", sources.Where(s => s.Problem != null).Select(s => s.Problem));
                    yield return check.Skip($"No version was found in {Describe(sources)} (a console.log shows the Domino release only when it holds the server's start-up banner).{(unread.Length > 0 ? " " + unread : string.Empty)}", VersionHint(role));
                }
                else
                {
                    yield return check.Pass(string.Join("; ", seen.GroupBy(i => i.Name + " " + i.Value).Select(g => $"{g.Key} ({g.Last().Source})")) + ".");
                }
            }
        }

        private static string VersionHint(string role) => role == ChecklistServer.Proxy
            ? "Add Proxy.VersionFile: properties/version/WAS.product of the WebSphere install, or lib/versions/WebSphereApplicationServer.properties (or openliberty.properties) of Liberty."
            : role == ChecklistServer.Community
                ? "Add the server's VersionFile (buildinfo.txt of the Sametime install) or a ConsoleLog that holds the Domino start-up banner."
                : "Add a ConsoleLog of the server that holds the Domino start-up banner ('Domino (r) Server ..., Release ...').";

        private static CheckResult CheckTransportPort(SsoEnvironment env, SiteInventory inventory)
        {
            var profile = inventory.Of(ChecklistServer.Proxy, SiteInventory.ProfileKind).FirstOrDefault();
            if (profile == null)
            {
                return TransportPort.Skip("Not given: add Proxy.AboutThisProfile (<profile>/logs/AboutThisProfile.txt of the proxy's WebSphere profile).");
            }

            if (profile.Problem != null)
            {
                return TransportPort.Fail(profile.Problem, "Copy <profile>/logs/AboutThisProfile.txt of the proxy's profile again.");
            }

            if (env.Proxy.Urls.Count == 0)
            {
                return TransportPort.Skip($"No proxy URL is given (Proxy.Urls), so the ports of {profile.Path} cannot be compared with it.");
            }

            var wrong = new List<string>();
            var right = new List<string>();
            foreach (string text in env.Proxy.Urls)
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url))
                {
                    wrong.Add($"'{text}' is not a URL");
                    continue;
                }

                string portName = url.Scheme == Uri.UriSchemeHttps ? ProfilePorts.HttpsTransport : ProfilePorts.HttpTransport;
                var port = profile.Items.FirstOrDefault(i => string.Equals(i.Name, portName, StringComparison.OrdinalIgnoreCase));
                if (port == null)
                {
                    return TransportPort.Skip($"{profile.Path} has no '{portName}' line, so {text} cannot be checked against it.");
                }

                string used = url.Port.ToString(CultureInfo.InvariantCulture);
                (used == port.Value ? right : wrong).Add($"{text} uses port {used}, the profile's {portName} is {port.Value}");
            }

            return wrong.Count == 0
                ? TransportPort.Pass(string.Join("; ", right) + ".")
                : TransportPort.Fail(string.Join("; ", wrong) + ".", "Use the proxy's transport port (AboutThisProfile.txt) in the proxy URL of the iNotes Configuration document and in Proxy.Urls, or correct the profile's port.");
        }

        private static CheckResult CheckRealm(SsoEnvironment env, List<InventorySource> wim)
        {
            var broken = wim.Where(s => s.Problem != null).ToList();
            if (broken.Count > 0)
            {
                return Realm.Fail(string.Join(" ", broken.Select(s => s.Problem)), "Copy config/cells/<cell>/wim/config/wimconfig.xml of the cell again.");
            }

            var seen = wim.Where(s => s.WimConfig?.DefaultRealm != null).Select(s => (Who: $"{s.Server} ({s.Path})", Realm: s.WimConfig!.DefaultRealm!)).ToList();
            if (env.Sso.Realm != null)
            {
                seen.Add(("the expected realm (Sso.Realm)", env.Sso.Realm));
            }

            if (wim.Count == 0)
            {
                return Realm.Skip("No wimconfig.xml is given: add Proxy.WimConfig and Ssc.WimConfig (config/cells/<cell>/wim/config/wimconfig.xml).");
            }

            if (seen.Count < 2)
            {
                return Realm.Skip($"Only one realm was seen ({Join(seen)}); a second wimconfig.xml or Sso.Realm is needed to compare it.");
            }

            return seen.Select(s => s.Realm).Distinct(StringComparer.Ordinal).Count() == 1
                ? Realm.Pass($"The same realm everywhere: {Join(seen)}.")
                : Realm.Fail($"The realms differ: {Join(seen)}.", "Give every cell that takes part in SSO the same realm name (Security > Global security > Federated repositories > Realm name); tokens carry the realm, so a different name rejects them.");
        }

        private static CheckResult CheckLdapHosts(SsoEnvironment env, SiteInventory inventory)
        {
            var sources = inventory.Sources.Where(s => s.What == SiteInventory.WimConfigKind || s.What == SiteInventory.SecurityXmlKind || s.What == SiteInventory.DirectoryAssistanceKind).ToList();
            var broken = sources.Where(s => s.Problem != null).ToList();
            if (broken.Count > 0)
            {
                return LdapHosts.Fail(string.Join(" ", broken.Select(s => s.Problem)), string.Join(" ", broken.Select(s => RecopyHint(s.What)).Distinct(StringComparer.Ordinal)));
            }

            if (sources.Count == 0)
            {
                return LdapHosts.Skip("No file that names LDAP servers is given: add Proxy.WimConfig and Ssc.WimConfig (config/cells/<cell>/wim/config/wimconfig.xml), Ssc.SecurityXml (security.xml or server.xml) or a Domino server's DirectoryAssistanceDocument (a DXL export of da.nsf).");
            }

            var sets = sources.Where(s => s.LdapHosts!.Count > 0)
                .Select(s => (Who: $"{s.Server} ({s.What} {s.Path})", Hosts: new SortedSet<string>(s.LdapHosts!.Select(h => h.Key), StringComparer.Ordinal))).ToList();

            // A wimconfig.xml without an LDAP repository is a broken federated registry; a user registry that is not
            // LDAP (federated: see wimconfig.xml) or a da.nsf without an LDAP document simply has nothing to compare.
            var emptyWim = sources.Where(s => s.What == SiteInventory.WimConfigKind && s.LdapHosts!.Count == 0).ToList();
            if (emptyWim.Count > 0)
            {
                return LdapHosts.Fail($"No LDAP server in {string.Join(", ", emptyWim.Select(s => $"{s.Server} ({s.Path})"))}.", "Add the LDAP directory the Community Server uses to the federated repositories of the cell.");
            }

            string notLdap = string.Join(" ", sources.Where(s => s.LdapHosts!.Count == 0).Select(s => s.What == SiteInventory.DirectoryAssistanceKind
                ? $"{s.Path} ({s.Server}) holds no LDAP Directory Assistance document."
                : $"The user registry of {s.Path} is not LDAP (a federated registry keeps its LDAP servers in wimconfig.xml)."));
            string? expected = env.Ldap.HostName == null ? null : new LdapEndpoint("Ldap", env.Ldap.HostName, env.Ldap.Port).Key;
            var problems = new List<string>();
            if (expected != null)
            {
                problems.AddRange(sets.Where(s => !s.Hosts.Contains(expected)).Select(s => $"{s.Who} does not use {expected} (Ldap.HostName)"));
            }

            if (sets.Count > 0)
            {
                var first = sets[0];
                problems.AddRange(sets.Skip(1).Where(s => !s.Hosts.SetEquals(first.Hosts)).Select(s => $"{s.Who} uses {string.Join(", ", s.Hosts)} but {first.Who} uses {string.Join(", ", first.Hosts)}"));
            }

            string listed = string.Join("; ", sets.Select(s => $"{s.Who}: {string.Join(", ", s.Hosts)}"));
            if (problems.Count > 0)
            {
                return LdapHosts.Fail(string.Join("; ", problems) + ". " + (sets.Count > 1 ? "Seen: " + listed + "." : string.Empty) + (notLdap.Length > 0 ? " " + notLdap : string.Empty),
                    "Servers that take part in SSO must use the same LDAP directory the Community Server uses (guide 2.2): make the LDAP repositories of every cell (wimconfig.xml), the LDAP registry of the proxy (security.xml or server.xml) and the Directory Assistance documents of the Domino servers name the same servers.");
            }

            if (sets.Count < 2 && expected == null)
            {
                return LdapHosts.Skip($"{(sets.Count == 0 ? "No LDAP server was found" : "Only one server's LDAP servers were found (" + listed + ")")}; a second file (Proxy.WimConfig, Ssc.WimConfig, Ssc.SecurityXml, DirectoryAssistanceDocument) or Ldap.HostName is needed to compare.{(notLdap.Length > 0 ? " " + notLdap : string.Empty)}");
            }

            return LdapHosts.Pass($"The same LDAP servers everywhere{(expected != null ? " and " + expected + " (Ldap.HostName) among them" : string.Empty)}: {listed}.{(notLdap.Length > 0 ? " " + notLdap : string.Empty)}");
        }

        private static string RecopyHint(string what) => what == SiteInventory.WimConfigKind
            ? "Copy config/cells/<cell>/wim/config/wimconfig.xml of the cell again."
            : what == SiteInventory.SecurityXmlKind
                ? "Copy config/cells/<cell>/security.xml of the cell, or the Liberty server's server.xml, again."
                : "Export the Directory Assistance documents of the server's da.nsf again as DXL.";

        private static IEnumerable<CheckResult> CheckLdapSessions(SsoEnvironment env, SiteInventory inventory)
        {
            var logs = inventory.Of(ChecklistServer.Ldap, SiteInventory.ConsoleLogKind).ToList();
            foreach (var server in env.DominoServers)
            {
                var check = LdapSession.For(server.Key, $"{server.Label} opened a session on the LDAP server", server.Role,
                    server.Role == ChecklistServer.INotes ? ChecklistLink.INotesToLdap : ChecklistLink.CommunityToLdap);
                if (logs.Count == 0)
                {
                    yield return check.Skip("No console.log of the LDAP server is given (Ldap.ConsoleLog).", "Check the LDAP server's console for 'Opened session for' lines as guide 4.1 shows.");
                    continue;
                }

                var broken = logs.Where(l => l.Problem != null).ToList();
                if (broken.Count > 0)
                {
                    yield return check.Fail(string.Join(" ", broken.Select(s => s.Problem)), "Copy the LDAP server's console.log (IBM_TECHNICAL_SUPPORT) again.");
                    continue;
                }

                if (server.Name == null)
                {
                    yield return check.Skip($"The Domino name of {server.Label} is not given (Name), so its session cannot be looked for.");
                    continue;
                }

                string wanted = Abbreviate(server.Name);
                var session = logs.SelectMany(l => l.Items).LastOrDefault(i => i.Kind == InventoryKind.LdapSession && string.Equals(Abbreviate(i.Name), wanted, StringComparison.OrdinalIgnoreCase));
                yield return session != null
                    ? check.Pass($"Opened session for {session.Name} (Release {session.Value}){(session.Time != null ? " at " + session.Time : string.Empty)} ({session.Source}).")
                    : check.Warn($"No 'Opened session for {wanted}' line in {Describe(logs)}.",
                        "Check that the server reaches the LDAP server (guide 4.1: 'Error connecting to server' on its console) and that the log covers a recent start of the server.");
            }
        }

        /// <summary>A Domino name in abbreviated form ("CN=inotes1/O=Lab" becomes "inotes1/Lab").</summary>
        internal static string Abbreviate(string name) =>
            string.Join("/", name.Split('/').Select(part =>
            {
                int eq = part.IndexOf('=');
                return (eq > 0 && eq <= 2 ? part.Substring(eq + 1) : part).Trim();
            }));

        private static string Describe(IEnumerable<InventorySource> sources) => string.Join(", ", sources.Select(s => s.Path));

        private static string Join(IEnumerable<(string Who, string Realm)> seen) => string.Join("; ", seen.Select(s => $"{s.Who}: {s.Realm}"));
    }
}
