using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Checklist
{
    /// <summary>
    /// Checklist heading "Configuration Documents": the iNotes Configuration and Server documents, servlets.properties,
    /// the values of both Web SSO documents (Test-SsoDoc rules), the trusted IPs of stconfig.nsf and the SSO trace.
    /// </summary>
    public sealed class ConfigurationDocumentChecks : IChecklistArea
    {
        private const string Area = ChecklistArea.ConfigurationDocuments;

        internal static readonly CheckDefinition ProxyInConfiguration = new CheckDefinition("ConfigurationDocuments.ProxyLocation", Area,
            "The iNotes Configuration document names the Sametime Proxy Server", GuideSection.INotesDirectory, ChecklistServer.INotes, ChecklistLink.INotesToProxy);

        internal static readonly CheckDefinition ServerDocument = new CheckDefinition("ConfigurationDocuments.ServerDocument", Area,
            "The Server document uses the Web SSO configuration (Internet Protocols / Domino Web Engine)", GuideSection.INotesWebSso, ChecklistServer.INotes);

        internal static readonly CheckDefinition BuddyListServlet = new CheckDefinition("ConfigurationDocuments.BuddyListServlet", Area,
            "servlets.properties registers the iNotes contact list servlet", GuideSection.INotesDirectory + "; " + GuideSection.BuddyList, ChecklistServer.INotes, ChecklistLink.BrowserToINotes);

        internal static readonly CheckDefinition ConfigurationName = new CheckDefinition("ConfigurationDocuments.ConfigurationName", Area,
            "The Web SSO configuration name is valid", GuideSection.INotesWebSso, ChecklistServer.INotes);

        internal static readonly CheckDefinition DomainDot = new CheckDefinition("ConfigurationDocuments.DnsDomain", Area,
            "The DNS domain of the Web SSO document starts with a dot", GuideSection.INotesWebSso, ChecklistServer.INotes);

        internal static readonly CheckDefinition DomainHosts = new CheckDefinition("ConfigurationDocuments.DomainMatchesHosts", Area,
            "The DNS domain of the Web SSO document covers the servers' host names", GuideSection.INotesWebSso, ChecklistServer.INotes);

        internal static readonly CheckDefinition Participating = new CheckDefinition("ConfigurationDocuments.ParticipatingServers", Area,
            "The iNotes and Sametime servers are listed as participating servers", GuideSection.INotesWebSso, ChecklistServer.INotes);

        internal static readonly CheckDefinition TokenFormat = new CheckDefinition("ConfigurationDocuments.TokenFormat", Area,
            "The token format matches the WebSphere LTPA settings", GuideSection.INotesWebSso, ChecklistServer.INotes);

        internal static readonly CheckDefinition TrustedIps = new CheckDefinition("ConfigurationDocuments.TrustedIps", Area,
            "The Community Server trusts the address", GuideSection.TrustedIps, ChecklistServer.Community);

        internal static readonly CheckDefinition SsoTraceOff = new CheckDefinition("ConfigurationDocuments.SsoTraceOff", Area,
            "The SSO debug trace is off (DEBUG_SSO_TRACE_LEVEL only while collecting data)", GuideSection.ServerTrace, ChecklistServer.INotes);

        public string Name => Area;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            var env = context.Environment;
            foreach (var server in env.INotes)
            {
                yield return CheckProxyLocation(context, server);
                yield return CheckServerDocument(context, server);
                yield return CheckBuddyListServlet(context, server);
            }

            var review = SsoDocumentReview.For(context);
            foreach (var (def, rule) in new[] { (ConfigurationName, "ConfigurationName"), (DomainDot, "DomainLeadingDot"), (DomainHosts, "DomainMatchesHosts"), (Participating, "ParticipatingServers"), (TokenFormat, "TokenFormat") })
            {
                foreach (var result in review.Results(def, rule))
                {
                    yield return def == Participating ? UnlessUnnamed(env, result) : result;
                }
            }

            foreach (var result in CheckTrustedIps(context))
            {
                yield return result;
            }

            foreach (var server in env.DominoServers.Where(s => s.NotesIni != null))
            {
                yield return CheckSsoTrace(context, server);
            }
        }

        /// <summary>
        /// A list of participating servers passes only when it was compared with the site's server names: without them,
        /// any non-empty list would pass.
        /// </summary>
        private static CheckResult UnlessUnnamed(SsoEnvironment env, CheckResult result)
        {
            var unnamed = env.DominoServers.Where(s => s.Name == null).Select(s => s.Label).ToList();
            if (result.Status != CheckStatus.Passed || unnamed.Count == 0)
            {
                return result;
            }

            return new CheckResult(result.Id, result.Area, result.Check, CheckStatus.Skipped,
                $"The Domino name of {string.Join(", ", unnamed)} is not given (Name in the environment description), so the list cannot be compared with the site's servers. {result.Evidence}",
                "Give each iNotes and Community server's Domino name (Name = 'CN=inotes1/O=Example') in the environment description.",
                result.GuideSection, result.Server, result.Link);
        }

        private static CheckDefinition For(CheckDefinition def, DominoServerDescription server) =>
            def.For(server.Key, def.Check + " (" + server.Label + ")", server.Role,
                server.Role == ChecklistServer.Community && def.Link == ChecklistLink.INotesToProxy ? ChecklistLink.ProxyToCommunity : null);

        private static CheckResult CheckProxyLocation(ChecklistContext context, DominoServerDescription server)
        {
            var def = For(ProxyInConfiguration, server);
            if (server.ConfigurationDocument == null)
            {
                return def.Skip("The iNotes Configuration document (ConfigurationDocument) is not given.",
                    "Check by hand: names.nsf > Configuration document > iNotes tab > Instant Messaging names the proxy's URL (guide 3.2, Figure 8).");
            }

            var hosts = SsoDocumentReview.HostNames(context.Environment).Where(h => context.Environment.Proxy.Urls.Any(u => u.IndexOf(h, StringComparison.OrdinalIgnoreCase) >= 0) || string.Equals(h, context.Environment.Proxy.HostName, StringComparison.OrdinalIgnoreCase)).ToList();
            if (hosts.Count == 0)
            {
                return def.Skip("No proxy host name is given (Proxy.HostName or Proxy.Urls), so the document cannot be checked for it.");
            }

            var docs = SiteArtefacts.Documents(context, server.ConfigurationDocument, "($ServerConfig)");
            if (docs.Value == null)
            {
                return def.Fail(docs.Problem!, "Export the Configuration document of the iNotes server as DXL.");
            }

            // Which item holds the proxy URL is not publicly documented: every text item is searched.
            var hit = docs.Value.SelectMany(d => d.Items).SelectMany(i => i.Values.Select(v => (i.Name, Value: v)))
                .FirstOrDefault(iv => hosts.Any(h => iv.Value.IndexOf(h, StringComparison.OrdinalIgnoreCase) >= 0));
            return hit.Name != null
                ? def.Pass($"Item {hit.Name} = {hit.Value} (the item is found by its value; its name is not publicly documented).")
                : def.Fail($"No item of {server.ConfigurationDocument.Value} names the proxy ({string.Join(", ", hosts)}).",
                    "In the Configuration document, iNotes tab, Instant Messaging: enter the Sametime Proxy Server URL by its fully qualified name, then restart the Domino server (guide 3.2 steps 1-5).");
        }

        private static CheckResult CheckServerDocument(ChecklistContext context, DominoServerDescription server)
        {
            var def = For(ServerDocument, server);
            if (server.ServerDocument == null)
            {
                return def.Skip("The Server document (ServerDocument) is not given.",
                    "Check by hand: Server document > Internet Protocols > Domino Web Engine: session authentication Multiple Servers (SSO), Web SSO Configuration = the configuration name; Java Servlet Support = Domino Servlet Manager (guide 3.2, Figures 9 and 13).");
            }

            var docs = SiteArtefacts.Documents(context, server.ServerDocument, "($Servers)");
            if (docs.Value == null)
            {
                return def.Fail(docs.Problem!, "Export the Server document as DXL.");
            }

            // HTTP_SSOCfg is the Internet Site item for the Web SSO configuration; on the Server form it is inferred.
            string? expected = context.Environment.Sso.ConfigurationName;
            var item = docs.Value.Select(d => d.GetItem("HTTP_SSOCfg")).FirstOrDefault(i => i != null);
            if (item == null)
            {
                return def.Skip($"The document has no item HTTP_SSOCfg (the item name is inferred, not confirmed for the Server form).",
                    "Check Internet Protocols > Domino Web Engine > Web SSO Configuration by hand.");
            }

            string value = string.Join(";", item.Values);
            if (expected == null)
            {
                return def.Skip($"HTTP_SSOCfg (inferred item) = {value}; the expected configuration name (Sso.ConfigurationName) is not given.");
            }

            return string.Equals(value, expected, StringComparison.Ordinal)
                ? def.Pass($"HTTP_SSOCfg (inferred item) = {value}.")
                : def.Fail($"HTTP_SSOCfg (inferred item) = '{value}', expected '{expected}'.",
                    $"Server document > Internet Protocols > Domino Web Engine > Web SSO Configuration: select {expected}, save, replicate and restart HTTP (guide 3.2 Next Steps).");
        }

        private static CheckResult CheckBuddyListServlet(ChecklistContext context, DominoServerDescription server)
        {
            var def = For(BuddyListServlet, server);
            if (server.ServletsProperties == null)
            {
                return def.Skip("servlets.properties (ServletsProperties) is not given.", "Check <Domino data>/servlets.properties by hand, or run " + ModuleCommands.EnableDwaBuddyListServlet + ".");
            }

            var file = SiteArtefacts.Config(context, server.ServletsProperties, ConfigFileFormat.JavaProperties, "servlets.properties");
            if (file.Value == null)
            {
                return def.Fail(file.Problem!, "Create <Domino data>/servlets.properties with " + ModuleCommands.EnableDwaBuddyListServlet + " (guide 3.2 steps 7-8).");
            }

            var entries = file.Value.Find(null, SametimeSettings.BuddyListServletKey);
            if (entries.Count == 0)
            {
                return def.Fail($"{server.ServletsProperties} has no {SametimeSettings.BuddyListServletKey} line.",
                    $"Run {ModuleCommands.EnableDwaBuddyListServlet} (adds {SametimeSettings.BuddyListServletKey}={SametimeSettings.BuddyListServletClass}), then restart HTTP.");
            }

            var entry = entries[entries.Count - 1];
            return entry.Value == SametimeSettings.BuddyListServletClass
                ? def.Pass($"Line {entry.LineNumber}: {entry.Name}={entry.Value}.")
                : def.Fail($"Line {entry.LineNumber}: {entry.Name}={entry.Value}, expected {SametimeSettings.BuddyListServletClass}.", "Run " + ModuleCommands.EnableDwaBuddyListServlet + " to correct the class, then restart HTTP.");
        }

        private static IEnumerable<CheckResult> CheckTrustedIps(ChecklistContext context)
        {
            var env = context.Environment;
            var wanted = env.INotes.SelectMany(s => s.Addresses.Select(a => (Who: "iNotes " + s.DisplayName, Address: a, Link: ChecklistLink.INotesToCommunity)))
                .Concat(env.Proxy.Addresses.Select(a => (Who: "Sametime Proxy", Address: a, Link: ChecklistLink.ProxyToCommunity))).ToList();
            foreach (var community in env.Community)
            {
                if (wanted.Count == 0)
                {
                    yield return TrustedIps.For(community.Key, TrustedIps.Check).Skip("No iNotes or proxy addresses are given (INotes.Addresses, Proxy.Addresses).");
                    continue;
                }

                var list = SiteArtefacts.TrustedIps(context, community);
                foreach (var (who, address, link) in wanted)
                {
                    var def = TrustedIps.For(community.Key + "." + address, $"The Community Server {community.DisplayName} trusts {who} ({address})", ChecklistServer.Community, link);
                    if (list.Value == null)
                    {
                        yield return community.StConfigDocument == null
                            ? def.Skip(list.Problem!, "Check stconfig.nsf > Community Connectivity > Community Trusted IPs by hand.")
                            : def.Fail(list.Problem!, community.StConfigDocument.IsUrl
                                ? "Check -Credential and that Domino Access Services is enabled for stconfig.nsf, or export the Community Connectivity document as DXL."
                                : "Export the Community Connectivity document of stconfig.nsf as DXL.");
                        continue;
                    }

                    if (!TrustedAddress.TryParseAddress(address, out var parsed, out string? problem))
                    {
                        yield return def.Fail($"'{address}' in the environment description is not an IP address: {problem}", "Give IP addresses in Addresses.");
                        continue;
                    }

                    string item = list.Value.Count > 0 ? list.Value[0].ItemName + (list.Value[0].ItemNameStatus == Domino.ItemNameStatus.Confirmed ? string.Empty : " (item name assumed)") : "the trusted-IP item";
                    string all = string.Join("; ", list.Value.Select(e => e.IPAddress));
                    yield return list.Value.Any(e => TrustedAddress.TryParseAddress(e.IPAddress, out var a, out _) && a!.Equals(parsed))
                        ? def.Pass($"{parsed!.Text} is in {item}: {all}.")
                        : def.Fail($"{parsed!.Text} is not in {item}: {(all.Length == 0 ? "(empty)" : all)}.",
                            $"{ModuleCommands.AddTrustedIpIPAddress} {parsed.Text} on the Community Connectivity document, then restart the Sametime server (guide 3.3).");
                }
            }
        }

        private static CheckResult CheckSsoTrace(ChecklistContext context, DominoServerDescription server)
        {
            var def = SsoTraceOff.For(server.Key, $"The SSO debug trace is off on {server.Label}", server.Role);
            var ini = SiteArtefacts.Config(context, server.NotesIni, ConfigFileFormat.NotesIni, "notes.ini");
            if (ini.Value == null)
            {
                return def.Fail(ini.Problem!, "Copy the server's notes.ini again.");
            }

            var entries = ini.Value.Find(null, SametimeSettings.SsoTraceName);
            return entries.Count == 0 || entries.All(e => e.Value.Trim() == "0" || e.Value.Trim().Length == 0)
                ? def.Pass($"notes.ini has no active {SametimeSettings.SsoTraceName}.")
                : def.Warn($"notes.ini line {entries[0].LineNumber}: {entries[0].Name}={entries[0].Value}.",
                    "Turn the trace off when the data is collected (" + ModuleCommands.DisableSsoTrace + ", then restart HTTP): it fills the console log (guide 4.1, Server Component Trace).");
        }
    }
}
