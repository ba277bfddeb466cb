using SametimeAdmin.Common;
using System;
using System.Collections.Generic;
using System.Linq;

namespace SametimeAdmin.Domino
{
    /// <summary>What the Server and Configuration documents are checked against; every value is optional.</summary>
    public sealed class ServerDocumentExpectations
    {
        /// <summary>The Web SSO configuration the Server document must name (for example LtpaToken2).</summary>
        public string? SsoConfigurationName { get; set; }

        /// <summary>The Sametime Proxy Server URL the Configuration document must name.</summary>
        public string? SametimeProxyUrl { get; set; }
    }

    /// <summary>
    /// The integration guide's rules for the Server document (3.2 step 6 and "Next Steps": Java Servlet Support = Domino
    /// Servlet Manager, Session authentication = Multiple Servers (SSO), the Web SSO configuration named) and for the
    /// Configuration document's iNotes tab (3.2 steps 1-4: the Sametime Proxy Server URL). One finding per rule and document.
    /// </summary>
    public static class ServerDocumentRules
    {
        public const string JavaServletSupport = "JavaServletSupport";
        public const string SessionAuthentication = "SessionAuthentication";
        public const string SsoConfigurationNamed = "SsoConfigurationNamed";
        public const string SametimeProxyUrl = "SametimeProxyUrl";
        public const string DocumentFound = "DocumentFound";

        /// <summary>How the fix texts tell the admin to restart HTTP.</summary>
        internal static readonly string RestartHttp = "then restart HTTP (" + DominoConsoleCommand.CmdletName + " -Server <server> -RestartHttp, or '" + DominoConsoleCommand.RestartHttpCommand + "' on the console)";

        internal static readonly string RestartServer = "then restart the Domino server (" + DominoConsoleCommand.CmdletName + " -Server <server> -RestartServer, or '" + DominoConsoleCommand.RestartServerCommand + "' on the console)";

        public static IReadOnlyList<SsoDocFinding> Evaluate(IReadOnlyList<DominoServerDocument> servers, IReadOnlyList<INotesConfigurationDocument> configurations, ServerDocumentExpectations? expectations)
        {
            _ = servers ?? throw new ArgumentNullException(nameof(servers));
            _ = configurations ?? throw new ArgumentNullException(nameof(configurations));
            expectations ??= new ServerDocumentExpectations();
            var findings = new List<SsoDocFinding>();
            foreach (DominoServerDocument server in servers)
            {
                findings.Add(CheckServlets(server));
                findings.Add(CheckSessionAuthentication(server));
                findings.Add(CheckSsoConfiguration(server, expectations.SsoConfigurationName));
            }

            foreach (INotesConfigurationDocument configuration in configurations)
            {
                findings.Add(CheckProxyUrl(configuration, expectations.SametimeProxyUrl));
            }

            return findings;
        }

        public static SsoDocFinding CheckServlets(DominoServerDocument server)
        {
            _ = server ?? throw new ArgumentNullException(nameof(server));
            string item = server.Map.NameOf(DominoServerKeys.JavaServletSupport);
            string? value = server.JavaServletSupportValue;
            if (value == null)
            {
                return Missing(JavaServletSupport, server, DominoServerKeys.JavaServletSupport, "Java Servlet Support");
            }

            switch (server.JavaServletSupport)
            {
                case JavaServletSupportMode.DominoServletManager:
                    return Finding(JavaServletSupport, FindingSeverity.Ok, server, $"Java Servlet Support is Domino Servlet Manager ({item} = {value}).");
                case JavaServletSupportMode.Unknown:
                    return Finding(JavaServletSupport, FindingSeverity.Warning, server,
                        $"{item} = '{value}' is not a value SametimeAdmin knows (assumed: 1 = Domino Servlet Manager).",
                        "Check Internet Protocols > Domino Web Engine > Java Servlet Support by hand: it must be Domino Servlet Manager (guide 3.2 step 6).");
                default:
                    return Finding(JavaServletSupport, FindingSeverity.Error, server,
                        $"Java Servlet Support is {server.JavaServletSupport} ({item} = {value}); the iNotes contact list servlet needs Domino Servlet Manager.",
                        "Server document > Internet Protocols > Domino Web Engine > Java Servlet Support: select Domino Servlet Manager, save, replicate, " + RestartHttp + " (guide 3.2 step 6).");
            }
        }

        public static SsoDocFinding CheckSessionAuthentication(DominoServerDocument server)
        {
            _ = server ?? throw new ArgumentNullException(nameof(server));
            string item = server.Map.NameOf(DominoServerKeys.SessionAuthentication);
            string? value = server.SessionAuthenticationValue;
            if (value == null)
            {
                return Missing(SessionAuthentication, server, DominoServerKeys.SessionAuthentication, "Session authentication");
            }

            const string Fix = "Server document > Internet Protocols > Domino Web Engine > Session authentication: select Multiple Servers (SSO) and the Web SSO configuration, save, replicate, ";
            switch (server.SessionAuthentication)
            {
                case SessionAuthenticationMode.MultipleServers:
                    return Finding(SessionAuthentication, FindingSeverity.Ok, server, $"Session authentication is Multiple Servers (SSO) ({item} = {value}; value mapping inferred).");
                case SessionAuthenticationMode.Unknown:
                    return Finding(SessionAuthentication, FindingSeverity.Warning, server,
                        $"{item} = '{value}' is not a value SametimeAdmin knows (inferred: 2 = Multiple Servers (SSO)).",
                        "Check Internet Protocols > Domino Web Engine > Session authentication by hand: it must be Multiple Servers (SSO).");
                default:
                    return Finding(SessionAuthentication, FindingSeverity.Error, server,
                        $"Session authentication is {server.SessionAuthentication} ({item} = {value}; value mapping inferred): the server does not accept the shared LTPA token.",
                        Fix + RestartHttp + " (guide 3.2 Next Steps).");
            }
        }

        public static SsoDocFinding CheckSsoConfiguration(DominoServerDocument server, string? expected)
        {
            _ = server ?? throw new ArgumentNullException(nameof(server));
            string item = server.Map.NameOf(DominoServerKeys.SsoConfiguration);
            string? value = server.SsoConfiguration;
            if (value == null)
            {
                return Missing(SsoConfigurationNamed, server, DominoServerKeys.SsoConfiguration, "Web SSO Configuration");
            }

            string fix = ModuleCommands.SetDominoServerDocSsoConfigurationName + " " + (expected ?? "<configuration name>") + " (or Server document > Internet Protocols > Domino Web Engine > Web SSO Configuration), replicate, " + RestartHttp + ".";
            if (value.Trim().Length == 0)
            {
                return Finding(SsoConfigurationNamed, FindingSeverity.Error, server, $"The Server document names no Web SSO configuration ({item} is empty).", fix);
            }

            if (expected != null && !string.Equals(value.Trim(), expected.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return Finding(SsoConfigurationNamed, FindingSeverity.Error, server, $"The Server document names the Web SSO configuration '{value}' ({item}), expected '{expected}'.", fix);
            }

            return Finding(SsoConfigurationNamed, FindingSeverity.Ok, server,
                $"The Server document names the Web SSO configuration '{value}' ({item})" + (expected == null ? "; no expected name was given to compare with." : "."));
        }

        public static SsoDocFinding CheckProxyUrl(INotesConfigurationDocument configuration, string? expected)
        {
            _ = configuration ?? throw new ArgumentNullException(nameof(configuration));
            string document = configuration.ServerName ?? "(Configuration document)";
            string source = configuration.Document.StoreLocation;
            string fix = ModuleCommands.SetDominoServerDocSametimeProxyUrl + " " + (expected ?? "https://<proxy FQDN>") +
                " (or Configuration document > iNotes > Instant Messaging), " + RestartServer + " (guide 3.2 steps 1-5).";
            string? value = configuration.SametimeProxyUrl;
            string item = configuration.ProxyItemName + (configuration.ProxyItemNameStatus == ItemNameStatus.Assumed ? " (assumed item name)" : string.Empty);
            if (value == null)
            {
                // The item name is assumed: an item elsewhere that holds the expected URL means the map names the wrong item.
                string? host = HostOf(expected);
                NotesItem? other = host == null ? null : configuration.Document.Items.FirstOrDefault(i => i.Values.Any(v => v.IndexOf(host, StringComparison.OrdinalIgnoreCase) >= 0));
                return other != null
                    ? new SsoDocFinding(SametimeProxyUrl, FindingSeverity.Warning, document, source,
                        $"The document has no item {item}, but its item {other.Name} = {other.FirstValue} names the proxy.",
                        $"If {other.Name} is the Sametime Proxy Server field, give it with -ItemMap @{{ '{INotesConfigurationKeys.SametimeProxyUrl}' = '{other.Name}' }}.")
                    : new SsoDocFinding(SametimeProxyUrl, FindingSeverity.Error, document, source,
                        $"The document has no item {item}: iNotes has no Sametime Proxy Server to connect to.", fix + " If the field is stored under another name, override it with -ItemMap.");
            }

            if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                return new SsoDocFinding(SametimeProxyUrl, FindingSeverity.Error, document, source, $"{item} = '{value}' is not an http or https URL.", fix);
            }

            if (url.HostNameType != UriHostNameType.Dns || url.Host.Split('.').Length < 3)
            {
                return new SsoDocFinding(SametimeProxyUrl, FindingSeverity.Error, document, source,
                    $"{item} = {value} does not name the proxy by a fully qualified host name: the LTPA cookie of the SSO domain is not sent to an IP address or short name.", fix);
            }

            if (expected != null && !SameUrl(url, expected))
            {
                return new SsoDocFinding(SametimeProxyUrl, FindingSeverity.Error, document, source, $"{item} = {value}, expected {expected}.", fix);
            }

            return new SsoDocFinding(SametimeProxyUrl, FindingSeverity.Ok, document, source,
                $"{item} = {value}" + (expected == null ? "; no expected URL was given to compare with." : "."));
        }

        private static bool SameUrl(Uri url, string expected) =>
            Uri.TryCreate(expected.Trim(), UriKind.Absolute, out Uri? want) &&
            string.Equals(url.Scheme, want.Scheme, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(url.Host, want.Host, StringComparison.OrdinalIgnoreCase) && url.Port == want.Port &&
            string.Equals(url.AbsolutePath.TrimEnd('/'), want.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal);

        private static string? HostOf(string? url) =>
            url != null && Uri.TryCreate(url.Trim(), UriKind.Absolute, out Uri? parsed) ? parsed.Host : null;

        private static SsoDocFinding Missing(string rule, DominoServerDocument server, string key, string field)
        {
            ItemMapEntry entry = server.Map[key];
            string status = entry.Status == ItemNameStatus.Confirmed ? string.Empty : " (" + entry.Status.ToString().ToLowerInvariant() + " item name)";
            return Finding(rule, FindingSeverity.Skipped, server, $"The document has no item {entry.Name}{status}, so {field} cannot be checked.",
                $"Check {field} by hand; if the field is stored under another name, give it with -ItemMap @{{ '{key}' = '<ItemName>' }}.");
        }

        private static SsoDocFinding Finding(string rule, FindingSeverity severity, DominoServerDocument server, string message, string? fix = null) =>
            new SsoDocFinding(rule, severity, server.ServerName ?? "(Server document)", server.Document.StoreLocation, message, fix);
    }
}
