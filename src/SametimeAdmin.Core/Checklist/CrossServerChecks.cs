using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Checklist
{
    /// <summary>Comparisons across servers that no single admin screen shows.</summary>
    public sealed partial class CrossServerChecks : IChecklistArea
    {
        internal static readonly CheckDefinition HostsInDomain = new CheckDefinition("CrossServer.HostsInSsoDomain", ChecklistArea.CrossServer,
            "Every server is addressed by a fully qualified name inside the SSO DNS domain", GuideSection.Architecture, ChecklistServer.All);

        internal static readonly CheckDefinition SameKeys = Define("SameKeys", "The iNotes and Sametime Web SSO documents hold the same LTPA keys", ChecklistLink.INotesToCommunity);
        internal static readonly CheckDefinition SameName = Define("SameConfigurationName", "Both Web SSO documents have the same configuration name", ChecklistLink.INotesToCommunity);
        internal static readonly CheckDefinition SameDomain = Define("SameDomain", "Both Web SSO documents have the same DNS domain", ChecklistLink.INotesToCommunity);
        internal static readonly CheckDefinition SameFormat = Define("SameTokenFormat", "Both Web SSO documents have the same token format", ChecklistLink.INotesToCommunity);
        internal static readonly CheckDefinition SameRealm = Define("SameRealm", "Both Web SSO documents carry the same realm", ChecklistLink.INotesToCommunity);
        internal static readonly CheckDefinition ExpectedDomain = Define("ExpectedDomain", "The Web SSO documents use the expected SSO domain", ChecklistLink.INotesToCommunity);
        internal static readonly CheckDefinition TokenType = Define("TokenTypeMatchesConfiguration", "sametime.ini [AuthToken] ST_TOKEN_TYPE names the Web SSO configuration", ChecklistLink.ProxyToCommunity, GuideSection.TokenType);
        internal static readonly CheckDefinition Expiration = Define("ExpirationEqual", "The token expiration is the same on the proxy and in both Web SSO documents", ChecklistLink.INotesToCommunity);
        internal static readonly CheckDefinition TraceConfigName = Define("TraceConfigName", "The servers' SSO traces load the expected configuration", ChecklistLink.INotesToCommunity, GuideSection.ServerTrace);

        private static CheckDefinition Define(string id, string check, string link, string section = GuideSection.Checklist + ": Configuration Documents, Replication Conflicts") =>
            new CheckDefinition("CrossServer." + id, ChecklistArea.CrossServer, check, section, ChecklistServer.All, link);

        public string Name => ChecklistArea.CrossServer;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            var env = context.Environment;
            yield return CheckHostsInDomain(env);

            var review = SsoDocumentReview.For(context);
            foreach (var (def, rule) in new[] { (SameKeys, "KeysMatchAcrossDocuments"), (SameName, "SameConfigurationName"), (SameDomain, "SameDomain"), (SameFormat, "SameTokenFormat"), (SameRealm, "SameRealm") })
            {
                foreach (var result in review.Results(def, rule, acrossDocuments: true))
                {
                    yield return result;
                }
            }

            yield return CheckExpectedDomain(env, review);
            foreach (var result in CheckTokenType(context, review))
            {
                yield return result;
            }

            yield return CheckExpiration(context, review);
            yield return CheckTraceConfigName(context);
        }

        private static CheckResult CheckExpectedDomain(SsoEnvironment env, SsoDocumentReview review)
        {
            if (env.Sso.Domain == null)
            {
                return ExpectedDomain.Skip("The expected SSO domain (Sso.Domain) is not given.");
            }

            if (review.Documents.Count == 0)
            {
                return ExpectedDomain.Skip("No Web SSO document could be read.");
            }

            var wrong = review.Documents.Where(d => !string.Equals(d.Document.DnsDomain, env.Sso.Domain, StringComparison.OrdinalIgnoreCase))
                .Select(d => $"{d.Server.Label}: '{d.Document.DnsDomain ?? "(none)"}'").ToList();
            return wrong.Count == 0
                ? ExpectedDomain.Pass($"{review.Documents.Count} document(s) use {env.Sso.Domain}.")
                : ExpectedDomain.Fail($"Expected {env.Sso.Domain}; " + string.Join("; ", wrong) + ".",
                    $"{ModuleCommands.ImportLtpaKeyToSsoDocDnsDomain} '{env.Sso.Domain}' on each document that differs (guide 3.2: a period at the start, the domain of both servers).");
        }

        private static IEnumerable<CheckResult> CheckTokenType(ChecklistContext context, SsoDocumentReview review)
        {
            var env = context.Environment;
            string? expected = env.Sso.ConfigurationName ?? review.Documents.Select(d => d.Document.Name).FirstOrDefault(n => n != null);
            foreach (var server in env.Community)
            {
                var def = TokenType.For(server.Key, $"{TokenType.Check} ({server.DisplayName})", ChecklistServer.Community);
                if (server.SametimeIni == null)
                {
                    yield return def.Skip("sametime.ini (SametimeIni) is not given.", "Check [AuthToken] ST_TOKEN_TYPE in the Community Server's sametime.ini by hand.");
                    continue;
                }

                var ini = SiteArtefacts.Config(context, server.SametimeIni, ConfigFileFormat.SametimeIni, "sametime.ini");
                if (ini.Value == null)
                {
                    yield return def.Fail(ini.Problem!, "Copy the Community Server's sametime.ini again.");
                    continue;
                }

                if (expected == null)
                {
                    yield return def.Skip("Neither the expected configuration name (Sso.ConfigurationName) nor a readable Web SSO document is given.");
                    continue;
                }

                var entries = ini.Value.Find(SametimeSettings.AuthTokenSection, SametimeSettings.TokenTypeName);
                string? value = entries.Count > 0 ? entries[entries.Count - 1].Value : null;
                // Without the setting the Community Server loads the default configuration LtpaToken (guide 4.1).
                string effective = value ?? "LtpaToken";
                string shown = value == null ? "not set in [AuthToken] (the server loads the default LtpaToken)" : $"'{value}' (line {entries[entries.Count - 1].LineNumber})";
                string misplaced = string.Join(" ", SametimeSettings.MisplacedTokenTypes(ini.Value)
                    .Select(e => SametimeSettings.DescribeMisplacedTokenType(e.LineNumber, e.Section!, e.Value)));
                string fix = ModuleCommands.Format(ModuleCommands.SetStTokenTypePathName, server.SametimeIni, expected) + ", then restart the Sametime server (" + ModuleCommands.SendDominoConsoleCommandRestartServer + "; guide 4.1, Certificate Problems).";
                if (!SametimeSettings.SameTokenName(effective, expected))
                {
                    yield return def.Fail($"ST_TOKEN_TYPE is {shown}, but the Web SSO configuration is named {expected}: logins by token fail with CLFRX0035E 'Token was not found'." +
                        (misplaced.Length == 0 ? string.Empty : " " + misplaced), fix);
                }
                else if (misplaced.Length > 0)
                {
                    yield return def.Warn($"ST_TOKEN_TYPE is {shown}; the Web SSO configuration is {expected}. {misplaced}",
                        $"Remove the ST_TOKEN_TYPE lines outside [AuthToken] from '{server.SametimeIni}' so that nobody edits the wrong one.");
                }
                else
                {
                    yield return def.Pass($"ST_TOKEN_TYPE is {shown}; the Web SSO configuration is {expected}.");
                }
            }
        }

        private static CheckResult CheckExpiration(ChecklistContext context, SsoDocumentReview review)
        {
            var env = context.Environment;
            var values = new List<(string Where, int? Minutes)>();
            if (env.Sso.ExpirationMinutes.HasValue)
            {
                values.Add(("expected (Sso.ExpirationMinutes)", env.Sso.ExpirationMinutes));
            }

            var security = SiteArtefacts.Security(context)?.Value;
            if (security?.ExpirationMinutes != null)
            {
                values.Add(("proxy LTPA timeout (" + security.Kind + ")", security.ExpirationMinutes));
            }

            values.AddRange(review.Documents.Select(d => ($"{d.Server.Label} LTPA_TokenExpiration", d.Document.ExpirationMinutes)));
            if (values.Count < 2)
            {
                return Expiration.Skip("Fewer than two token lifetimes are known (Sso.ExpirationMinutes, Ssc.SecurityXml, the Web SSO documents).");
            }

            string evidence = string.Join("; ", values.Select(v => v.Where + ": " + (v.Minutes.HasValue ? v.Minutes.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " min" : "not set")));
            return values.Select(v => v.Minutes).Distinct().Count() == 1
                ? Expiration.Pass(evidence + ".")
                : Expiration.Fail(evidence + ".", "Use one lifetime everywhere: the proxy's LTPA timeout (SSC > Global security > LTPA), LTPA_TokenExpiration of both Web SSO documents (" + ModuleCommands.ImportLtpaKeyToSsoDocExpirationMinutes + ") and, on Sametime 12, LTPA_DURATION_MINUTES.");
        }

        /// <summary>
        /// The browser sends the SSO cookie only to hosts inside the cookie's domain, so the proxy URL, the
        /// iNotes host and the Community host must all be FQDNs that end with the SSO domain.
        /// </summary>
        internal static CheckResult CheckHostsInDomain(SsoEnvironment env)
        {
            string? domain = env.Sso.Domain;
            if (domain == null)
            {
                return HostsInDomain.Skip("The expected SSO domain (Sso.Domain) is not given.", "Add Sso.Domain (for example '.example.com') to the environment description.");
            }

            if (!domain.StartsWith(".", StringComparison.Ordinal))
            {
                return HostsInDomain.Fail($"The expected SSO domain '{domain}' does not start with a dot.",
                    $"Use '.{domain}' in the Web SSO documents, in the proxy's SSO settings and in the environment description.");
            }

            var hosts = new List<(string What, string Host)>();
            var loopback = new List<string>();
            foreach (var url in env.Proxy.Urls)
            {
                if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    // A loopback URL is a probe run on the proxy host itself, not the address users have.
                    if (uri.IsLoopback)
                    {
                        loopback.Add(url);
                    }
                    else
                    {
                        hosts.Add(("proxy URL " + url, uri.Host));
                    }
                }
            }

            if (env.Proxy.HostName != null)
            {
                hosts.Add(("proxy host", env.Proxy.HostName));
            }

            foreach (var server in env.DominoServers.Where(s => s.HostName != null))
            {
                hosts.Add(($"{server.Role} server {server.DisplayName}", server.HostName!));
            }

            if (hosts.Count == 0)
            {
                return HostsInDomain.Skip("No host names or proxy URLs are given.", "Add Proxy.Urls and the HostName of each server to the environment description.");
            }

            var bad = new List<string>();
            foreach (var (what, host) in hosts)
            {
                if (IPAddress.TryParse(host, out _))
                {
                    bad.Add($"{what} uses the IP address {host}");
                }
                else if (host.Count(c => c == '.') < 2)
                {
                    bad.Add($"{what} uses '{host}', not a fully qualified name with at least three parts");
                }
                else if (!host.EndsWith(domain, StringComparison.OrdinalIgnoreCase))
                {
                    bad.Add($"{what} '{host}' is outside {domain}");
                }
            }

            if (bad.Count > 0)
            {
                return HostsInDomain.Fail(string.Join("; ", bad) + ".",
                    $"Address every server by its fully qualified name in {domain} (browsers send the SSO cookie only there); correct the iNotes configuration document's proxy URL and the server host names.");
            }

            string note = loopback.Count > 0 ? $" Loopback URL(s) {string.Join(", ", loopback)} not counted: users reach the proxy by its host name." : string.Empty;
            var distinct = hosts.Select(h => h.Host).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return HostsInDomain.Pass($"{distinct.Count} host name(s) checked, all inside {domain}: {string.Join(", ", distinct)}.{note}");
        }
    }
}
