using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace SametimeAdmin.Checklist
{
    /// <summary>Comparisons across servers that no single admin screen shows.</summary>
    public sealed class CrossServerChecks : IChecklistArea
    {
        internal static readonly CheckDefinition HostsInDomain = new CheckDefinition("CrossServer.HostsInSsoDomain", ChecklistArea.CrossServer,
            "Every server is addressed by a fully qualified name inside the SSO DNS domain", GuideSection.Architecture, ChecklistServer.All);

        public string Name => ChecklistArea.CrossServer;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            yield return CheckHostsInDomain(context.Environment);
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
            foreach (var url in env.Proxy.Urls)
            {
                if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    hosts.Add(("proxy URL " + url, uri.Host));
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

            return HostsInDomain.Pass($"{hosts.Count} host name(s) checked, all inside {domain}: {string.Join(", ", hosts.Select(h => h.Host).Distinct(StringComparer.OrdinalIgnoreCase))}.");
        }
    }
}
