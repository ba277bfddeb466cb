using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using SametimeAdmin.Domino;

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

        internal static readonly CheckDefinition ServletManager = new CheckDefinition("ConfigurationDocuments.JavaServletSupport", Area,
            "The Server document's Java Servlet Support is Domino Servlet Manager", GuideSection.INotesDirectory, ChecklistServer.INotes, ChecklistLink.BrowserToINotes);

        internal static readonly CheckDefinition SessionAuthentication = new CheckDefinition("ConfigurationDocuments.SessionAuthentication", Area,
            "The Server document's session authentication is Multiple Servers (SSO)", GuideSection.INotesWebSso, ChecklistServer.INotes);

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
                foreach (var result in CheckServerDocument(context, server))
                {
                    yield return result;
                }

                yield return CheckBuddyListServlet(context, server);
            }

            // The checklist wants the right LtpaToken in the Server documents of the Sametime servers too (3.3 enables SSO
            // there); servlets and the proxy URL are iNotes matters.
            foreach (var server in env.Community)
            {
                foreach (var result in CheckServerDocument(context, server, servlets: false))
                {
                    yield return result;
                }
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

            var map = context.Environment.ItemMap;
            var docs = SiteArtefacts.Documents(context, server.ConfigurationDocument, map.NameOf(INotesConfigurationKeys.LookupView));
            if (docs.Value == null)
            {
                return def.Fail(docs.Problem!, "Export the Configuration document of the iNotes server as DXL.");
            }

            // The mapped item (an assumed name) first, checked by the Test-DominoServerDoc rule; else every text item is searched.
            var configured = docs.Value.Select(d => new INotesConfigurationDocument(d, map)).FirstOrDefault(c => c.SametimeProxyUrl != null);
            if (configured != null)
            {
                var finding = ServerDocumentRules.CheckProxyUrl(configured, null);
                if (finding.Severity != FindingSeverity.Ok)
                {
                    return FromFinding(def, finding);
                }

                string url = configured.SametimeProxyUrl!;
                return hosts.Any(h => url.IndexOf(h, StringComparison.OrdinalIgnoreCase) >= 0)
                    ? def.Pass(finding.Message)
                    : def.Fail($"{configured.ProxyItemName} = {url} does not name the proxy ({string.Join(", ", hosts)}).",
                        ModuleCommands.SetDominoServerDocSametimeProxyUrl + " <proxy URL> (Configuration document > iNotes > Instant Messaging), then " + DominoConsoleCommand.CmdletName + " -RestartServer (guide 3.2 steps 1-5).");
            }

            var hit = docs.Value.SelectMany(d => d.Items).SelectMany(i => i.Values.Select(v => (i.Name, Value: v)))
                .FirstOrDefault(iv => hosts.Any(h => iv.Value.IndexOf(h, StringComparison.OrdinalIgnoreCase) >= 0));
            return hit.Name != null
                ? def.Pass($"Item {hit.Name} = {hit.Value} (found by its value: the document has no item {map.NameOf(INotesConfigurationKeys.SametimeProxyUrl)}; give {hit.Name} as '{INotesConfigurationKeys.SametimeProxyUrl}' in the ItemMap).")
                : def.Fail($"No item of {server.ConfigurationDocument.Value} names the proxy ({string.Join(", ", hosts)}).",
                    "In the Configuration document, iNotes tab, Instant Messaging: enter the Sametime Proxy Server URL by its fully qualified name (" + ModuleCommands.SetDominoServerDocSametimeProxyUrl + "), then restart the Domino server (" + DominoConsoleCommand.CmdletName + " -RestartServer; guide 3.2 steps 1-5).");
        }

        /// <summary>
        /// The Server document's Domino Web Engine fields, by the Test-DominoServerDoc rules: SSO configuration, session
        /// authentication and, with <paramref name="servlets"/>, Java Servlet Support (the iNotes contact list needs it).
        /// </summary>
        private static IEnumerable<CheckResult> CheckServerDocument(ChecklistContext context, DominoServerDescription server, bool servlets = true)
        {
            var checks = new[]
            {
                (Def: For(ServerDocument, server), Rule: ServerDocumentRules.SsoConfigurationNamed),
                (Def: For(SessionAuthentication, server), Rule: ServerDocumentRules.SessionAuthentication),
                (Def: For(ServletManager, server), Rule: ServerDocumentRules.JavaServletSupport),
            }.Where(c => servlets || c.Rule != ServerDocumentRules.JavaServletSupport).ToList();
            if (server.ServerDocument == null)
            {
                foreach (var (def, _) in checks)
                {
                    yield return def.Skip("The Server document (ServerDocument) is not given.",
                        "Check by hand: Server document > Internet Protocols > Domino Web Engine: session authentication Multiple Servers (SSO), Web SSO Configuration = the configuration name"
                        + (servlets ? "; Java Servlet Support = Domino Servlet Manager" : string.Empty) + " (guide 3.2, Figures 9 and 13), or run " + ModuleCommands.TestDominoServerDoc + ".");
                }

                yield break;
            }

            var map = context.Environment.ItemMap;
            var docs = SiteArtefacts.Documents(context, server.ServerDocument, map.NameOf(DominoServerKeys.LookupView));
            var found = docs.Value?.Where(d => string.Equals(d.Form, map.NameOf(DominoServerKeys.Form), StringComparison.OrdinalIgnoreCase))
                .Select(d => new DominoServerDocument(d, map)).ToList();
            var document = found == null ? null : found.FirstOrDefault(d => server.Name != null && d.ServerName != null && Domino.NotesName.SameName(d.ServerName, server.Name)) ?? (found.Count == 1 ? found[0] : null);
            foreach (var (def, rule) in checks)
            {
                if (found == null)
                {
                    yield return def.Fail(docs.Problem!, "Export the Server document as DXL.");
                }
                else if (document == null)
                {
                    yield return def.Fail($"{server.ServerDocument.Value} holds {found.Count} Server documents ({string.Join(", ", found.Select(d => d.ServerName ?? "(no name)"))}) and none is the one of {server.Name ?? server.Label}.",
                        "Export the Server document of this server (and give its Domino name as Name in the environment description).");
                }
                else
                {
                    yield return FromFinding(def, rule == ServerDocumentRules.SsoConfigurationNamed ? ServerDocumentRules.CheckSsoConfiguration(document, context.Environment.Sso.ConfigurationName)
                        : rule == ServerDocumentRules.SessionAuthentication ? ServerDocumentRules.CheckSessionAuthentication(document) : ServerDocumentRules.CheckServlets(document));
                }
            }
        }

        /// <summary>A Test-DominoServerDoc finding as a checklist result: it passes only on Ok.</summary>
        private static CheckResult FromFinding(CheckDefinition def, SsoDocFinding finding)
        {
            switch (finding.Severity)
            {
                case FindingSeverity.Ok:
                    return def.Pass(finding.Message);
                case FindingSeverity.Error:
                    return def.Fail(finding.Message, finding.Fix ?? string.Empty);
                case FindingSeverity.Skipped:
                    return def.Skip(finding.Message, finding.Fix);
                default:
                    return def.Warn(finding.Message, finding.Fix ?? string.Empty);
            }
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
                    $"Run {ModuleCommands.EnableDwaBuddyListServlet} (adds {SametimeSettings.BuddyListServletKey}={SametimeSettings.BuddyListServletClass}), then restart HTTP ({ModuleCommands.SendDominoConsoleCommandRestartHttp}).");
            }

            var entry = entries[entries.Count - 1];
            return entry.Value == SametimeSettings.BuddyListServletClass
                ? def.Pass($"Line {entry.LineNumber}: {entry.Name}={entry.Value}.")
                : def.Fail($"Line {entry.LineNumber}: {entry.Name}={entry.Value}, expected {SametimeSettings.BuddyListServletClass}.", "Run " + ModuleCommands.EnableDwaBuddyListServlet + " to correct the class, then restart HTTP (" + ModuleCommands.SendDominoConsoleCommandRestartHttp + ").");
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
                            $"{ModuleCommands.AddTrustedIpIPAddress} {parsed.Text} on the Community Connectivity document, then restart the Sametime server (guide 3.3; {ModuleCommands.SendDominoConsoleCommandRestartServer} on the Community Server).");
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
                    "Turn the trace off when the data is collected (" + ModuleCommands.DisableSsoTrace + ", then restart HTTP: " + ModuleCommands.SendDominoConsoleCommandRestartHttp + "): it fills the console log (guide 4.1, Server Component Trace).");
        }
    }
}
