using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using SametimeAdmin.Common;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Domino
{
    /// <summary>What the other servers expect; every property is optional and enables the rules that need it.</summary>
    public sealed partial class WebSsoExpectations
    {
        /// <summary>Host names users reach iNotes, Sametime and the proxy by (they must lie in the DNS domain).</summary>
        public IReadOnlyList<string> HostNames { get; set; } = Array.Empty<string>();

        /// <summary>Sametime's [AuthToken] ST_TOKEN_TYPE (the Web SSO configuration name it uses).</summary>
        public string? SametimeTokenType { get; set; }

        /// <summary>The LTPA cookie name the Sametime Proxy (WebSphere/Liberty) uses, for example LtpaToken2.</summary>
        public string? ProxyCookieName { get; set; }

        /// <summary>Whether WebSphere interoperability mode is on (null: not known, the rule is skipped).</summary>
        public bool? InteroperabilityMode { get; set; }

        /// <summary>Sametime's LTPA_DURATION_MINUTES; Domino's token expiration must equal it.</summary>
        public int? LtpaDurationMinutes { get; set; }

        /// <summary>
        /// The Domino servers (iNotes and Sametime, canonical or abbreviated Notes names) that must be listed as participating
        /// servers; empty: only the list's own rules are checked.
        /// </summary>
        public IReadOnlyList<string> ParticipatingServers { get; set; } = Array.Empty<string>();
    }

    /// <summary>
    /// The checks of Test-SsoDoc: each document on its own against the guide's rules, then the documents against
    /// each other (most SSO failures are mismatches between the iNotes and Sametime servers).
    /// </summary>
    public static partial class WebSsoRules
    {
        private const string AcrossDocuments = "(across documents)";

        private static readonly Regex DomainPattern = new Regex(
            @"^\.?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant);

        /// <summary>Runs every rule that the given expectations enable.</summary>
        public static IReadOnlyList<SsoDocFinding> Evaluate(IReadOnlyList<WebSsoDocument> documents, WebSsoExpectations expectations)
        {
            if (documents == null)
            {
                throw new ArgumentNullException(nameof(documents));
            }

            if (expectations == null)
            {
                throw new ArgumentNullException(nameof(expectations));
            }

            var findings = new List<SsoDocFinding>();
            foreach (WebSsoDocument document in documents)
            {
                var check = new Check(document, findings);
                CheckName(check, expectations);
                CheckDomain(check);
                CheckHosts(check, expectations);
                CheckServers(check, expectations);
                CheckKeys(check);
                CheckTokenFormat(check, expectations);
                CheckExpiration(check, expectations);
                CheckKeyFile(check, expectations);
            }

            if (documents.Count > 1)
            {
                CheckAcross(documents, findings);
            }

            return findings;
        }

        /// <summary>The message for a domain without its leading dot, shared with the import's validation.</summary>
        public static string MissingDotFix(string domain) =>
            "Set the DNS domain to '." + domain.TrimStart('.') + "' (" + ModuleCommands.ImportLtpaKeyToSsoDocDnsDomain + " '." + domain.TrimStart('.') + "').";

        /// <summary>Validates a DNS domain for a Web SSO document; returns null when valid, else the problem.</summary>
        public static string? DomainProblem(string? domain)
        {
            if (string.IsNullOrWhiteSpace(domain))
            {
                return "no DNS domain is set";
            }

            if (!DomainPattern.IsMatch(domain))
            {
                return "'" + domain + "' is not a DNS domain";
            }

            if (!domain!.StartsWith(".", StringComparison.Ordinal))
            {
                return "the DNS domain '" + domain + "' does not start with a dot";
            }

            return null;
        }

        /// <summary>Cookie-name rules of the Domino documentation: no leading $, no underscore, comma, semicolon or whitespace.</summary>
        public static string? NameProblem(string? name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return "the configuration has no name";
            }

            if (name!.StartsWith("$", StringComparison.Ordinal))
            {
                return "the configuration name '" + name + "' starts with $";
            }

            if (name.Any(c => c == '_' || c == ',' || c == ';' || char.IsWhiteSpace(c)))
            {
                return "the configuration name '" + name + "' contains an underscore, comma, semicolon or whitespace";
            }

            return null;
        }

        private static void CheckName(Check check, WebSsoExpectations expectations)
        {
            string? name = check.Document.Name;
            string? problem = NameProblem(name);
            if (problem != null)
            {
                check.Add("ConfigurationName", FindingSeverity.Error, Capitalize(problem) + "; Domino cannot use it as a cookie name.",
                    "Rename the configuration in the Web SSO document (Configuration Name), for example to LtpaToken2, and use the same name everywhere.");
                return;
            }

            bool mismatch = false;
            if (expectations.SametimeTokenType != null && !string.Equals(expectations.SametimeTokenType, check.Document.LookupKey, StringComparison.OrdinalIgnoreCase))
            {
                mismatch = true;
                check.Add("ConfigurationName", FindingSeverity.Error,
                    $"Sametime's ST_TOKEN_TYPE is '{expectations.SametimeTokenType}' but this configuration is '{check.Document.LookupKey}': Sametime does not find the Web SSO configuration.",
                    $"Set ST_TOKEN_TYPE={check.Document.LookupKey} in the [AuthToken] section of sametime.ini, or rename the configuration to '{expectations.SametimeTokenType}'.");
            }

            if (expectations.ProxyCookieName != null && !string.Equals(expectations.ProxyCookieName, name, StringComparison.Ordinal))
            {
                mismatch = true;
                check.Add("ConfigurationName", FindingSeverity.Error,
                    $"The Sametime Proxy uses the cookie name '{expectations.ProxyCookieName}' but this configuration is named '{name}'.",
                    $"Name the configuration '{expectations.ProxyCookieName}' (the guide uses LtpaToken2 on both sides), or change the proxy's LTPA cookie name to '{name}'.");
            }

            if (!mismatch)
            {
                string against = expectations.SametimeTokenType != null || expectations.ProxyCookieName != null ? " and matches what Sametime and the proxy expect" : string.Empty;
                check.Add("ConfigurationName", FindingSeverity.Ok, $"The configuration name '{name}' is valid{against}.");
            }
        }

        private static void CheckDomain(Check check)
        {
            string? domain = check.Document.DnsDomain;
            string? problem = DomainProblem(domain);
            if (problem == null)
            {
                check.Add("DomainLeadingDot", FindingSeverity.Ok, $"The DNS domain '{domain}' starts with a dot.");
            }
            else if (domain != null && DomainProblem("." + domain) == null)
            {
                check.Add("DomainLeadingDot", FindingSeverity.Error,
                    Capitalize(problem) + ": the Domino documentation requires the leading dot for the DNS domain of a Web SSO configuration.",
                    MissingDotFix(domain));
            }
            else
            {
                check.Add("DomainLeadingDot", FindingSeverity.Error, Capitalize(problem) + ".",
                    "Set the DNS domain shared by the iNotes, Sametime and proxy host names, with a leading dot (" + ModuleCommands.ImportLtpaKeyToSsoDocDnsDomain + " '.example.com').");
            }
        }

        private static void CheckHosts(Check check, WebSsoExpectations expectations)
        {
            if (expectations.HostNames.Count == 0)
            {
                return;
            }

            string? domain = check.Document.DnsDomain;
            if (DomainProblem(domain) != null)
            {
                check.Add("DomainMatchesHosts", FindingSeverity.Skipped, "The host names cannot be checked because the DNS domain is missing or invalid (see DomainLeadingDot).");
                return;
            }

            bool allGood = true;
            foreach (string host in expectations.HostNames.Select(h => h.Trim().TrimEnd('.')).Where(h => h.Length > 0))
            {
                if (IPAddress.TryParse(host, out _))
                {
                    allGood = false;
                    check.Add("DomainMatchesHosts", FindingSeverity.Error,
                        $"'{host}' is an IP address: browsers never send a domain cookie to an IP address.",
                        "Let users reach every SSO server by its fully qualified host name inside " + domain + ".");
                    continue;
                }

                if (host.EndsWith(domain!, StringComparison.Ordinal))
                {
                    if (host.Split('.').Length < 3)
                    {
                        allGood = false;
                        check.Add("DomainMatchesHosts", FindingSeverity.Warning,
                            $"'{host}' has fewer than three name parts; HCL requires fully qualified names (host.domain.tld) for iNotes and Verse SSO.",
                            "Use a fully qualified host name such as inotes" + domain + ".");
                    }

                    continue;
                }

                allGood = false;
                if (host.EndsWith(domain!, StringComparison.OrdinalIgnoreCase))
                {
                    check.Add("DomainMatchesHosts", FindingSeverity.Warning,
                        $"'{host}' matches the DNS domain '{domain}' only when case is ignored; WebSphere compares the domain case-sensitively.",
                        "Write the DNS domain in the same case as the host names (usually lower case).");
                }
                else
                {
                    check.Add("DomainMatchesHosts", FindingSeverity.Error,
                        $"'{host}' is outside the DNS domain '{domain}': the browser does not send the SSO cookie to it.",
                        "Use host names inside " + domain + " for every SSO server, or set the DNS domain to their common suffix.");
                }
            }

            if (allGood)
            {
                check.Add("DomainMatchesHosts", FindingSeverity.Ok, $"Every host name given lies inside '{domain}'.");
            }
        }

        private static void CheckServers(Check check, WebSsoExpectations expectations)
        {
            IReadOnlyList<string> servers = check.Document.ParticipatingServers;
            string item = check.Document.Map.NameOf(WebSsoKeys.ParticipatingServers);
            if (servers.Count == 0)
            {
                check.Add("ParticipatingServers", FindingSeverity.Error,
                    $"No participating servers are listed (item {item}): a server that is not listed cannot decrypt the document and has no SSO.",
                    "List the iNotes and Sametime Domino servers by full name (" + ModuleCommands.ImportLtpaKeyToSsoDocParticipatingServer + " 'CN=inotes1/O=Example','CN=st1/O=Example').");
                return;
            }

            string[] wildcards = servers.Where(s => s.IndexOf('*') >= 0).ToArray();
            if (wildcards.Length > 0)
            {
                check.Add("ParticipatingServers", FindingSeverity.Error,
                    $"Participating servers may not use wildcards: {string.Join(", ", wildcards)}.",
                    "List each Domino server by its full hierarchical name; groups, wildcards and WebSphere servers are not allowed.");
                return;
            }

            string[] missing = expectations.ParticipatingServers.Where(wanted => !servers.Any(listed => Lists(listed, wanted))).ToArray();
            if (missing.Length > 0)
            {
                string all = string.Join(",", servers.Concat(missing).Select(s => "'" + s + "'"));
                check.Add("ParticipatingServers", FindingSeverity.Error,
                    $"{string.Join(", ", missing)} {(missing.Length == 1 ? "is" : "are")} not among the participating servers (item {item}: {string.Join(", ", servers)}): a server that is not listed cannot decrypt the document and has no SSO.",
                    ModuleCommands.Format(ModuleCommands.ImportLtpaKeyToSsoDocPathParticipatingServer, "<this document>", all) + " (the list is replaced, so give every server), then replicate names.nsf and restart HTTP.");
                return;
            }

            string compared = expectations.ParticipatingServers.Count == 0
                ? " (no expected servers were given, so the list was not compared with the site's iNotes and Sametime servers)"
                : $"; the site's servers {string.Join(", ", expectations.ParticipatingServers)} are among them";
            check.Add("ParticipatingServers", FindingSeverity.Ok, $"{servers.Count} participating server(s): {string.Join(", ", servers)}{compared}.");
        }

        /// <summary>A listed server matches a wanted one by full name; a flat wanted name can only match by common name.</summary>
        private static bool Lists(string listed, string wanted) =>
            NotesName.IsFlat(wanted)
                ? string.Equals(NotesName.CommonName(listed), NotesName.CommonName(wanted), StringComparison.OrdinalIgnoreCase)
                : NotesName.SameName(listed, wanted);

        private static void CheckKeys(Check check)
        {
            if (!check.Document.HasWebSphereKeys)
            {
                string domino = check.Document.HasDominoKey ? " Only a Domino SSO key is present, which gives LtpaToken only." : string.Empty;
                check.Add("WebSphereKeys", FindingSeverity.Error,
                    "No WebSphere LTPA keys are imported, so the document cannot validate the Sametime Proxy's tokens." + domino,
                    "Import the proxy's ltpa.keys: " + ModuleCommands.ImportLtpaKeyToSsoDocKeyFile + ".");
                return;
            }

            string? error = check.Document.KeyReadError;
            if (error != null)
            {
                check.Add("WebSphereKeys", FindingSeverity.Error, "The WebSphere keys in the document cannot be read: " + error,
                    "Import the keys again with " + ModuleCommands.ImportLtpaKeyToSsoDoc + ".");
                return;
            }

            check.Add("WebSphereKeys", FindingSeverity.Ok, "WebSphere keys are imported (" + LtpaKeySet.DescribeFingerprints(check.Document.SharedKeyFingerprint, check.Document.PublicKeyFingerprint) + ").");
        }

        private static void CheckTokenFormat(Check check, WebSsoExpectations expectations)
        {
            WebSsoDocument document = check.Document;
            const string Rule = "TokenFormat";
            string item = document.Map.NameOf(WebSsoKeys.TokenFormat);
            if (document.TokenFormat == null)
            {
                string what = document.TokenFormatValues.Count == 0 ? "is not set" : "holds values SametimeAdmin does not know (" + string.Join(", ", document.TokenFormatValues) + ")";
                check.Add(Rule, FindingSeverity.Warning,
                    $"The token format (item {item}, an assumed name) {what}.",
                    "Set it with " + ModuleCommands.ImportLtpaKeyToSsoDocTokenFormat + " LtpaToken2 (or Both for interoperability mode); if your document stores the format elsewhere, override WebSso.TokenFormat with -ItemMap.");
                return;
            }

            SsoTokenFormat format = document.TokenFormat.Value;
            if (!document.HasWebSphereKeys && format != SsoTokenFormat.LtpaToken)
            {
                check.Add(Rule, FindingSeverity.Error, $"The token format is {format} but no WebSphere keys are imported; LtpaToken2 needs them.",
                    "Import the WebSphere keys, or set the format to LtpaToken.");
                return;
            }

            if (expectations.InteroperabilityMode == true && format != SsoTokenFormat.Both)
            {
                check.Add(Rule, FindingSeverity.Error, $"WebSphere interoperability mode is on but the token format is {format}.",
                    ModuleCommands.ImportLtpaKeyToSsoDocTokenFormat + " Both (LtpaToken and LtpaToken2), as the guide prescribes for interoperability mode.");
            }
            else if (expectations.InteroperabilityMode == false && format == SsoTokenFormat.LtpaToken)
            {
                check.Add(Rule, FindingSeverity.Error, "WebSphere interoperability mode is off, so the proxy issues only LtpaToken2, but the document accepts only LtpaToken.",
                    ModuleCommands.ImportLtpaKeyToSsoDocTokenFormat + " LtpaToken2.");
            }
            else if (expectations.InteroperabilityMode == false && format == SsoTokenFormat.Both)
            {
                check.Add(Rule, FindingSeverity.Info, "The token format is LtpaToken and LtpaToken2 although interoperability mode is off; LtpaToken2 alone is what the guide prescribes.",
                    "Optional: " + ModuleCommands.ImportLtpaKeyToSsoDocTokenFormat + " LtpaToken2.");
            }
            else
            {
                check.Add(Rule, FindingSeverity.Ok, $"The token format is {format}.");
            }
        }

        private static void CheckExpiration(Check check, WebSsoExpectations expectations)
        {
            int? minutes = check.Document.ExpirationMinutes;
            if (minutes == null)
            {
                check.Add("Expiration", FindingSeverity.Warning, "The token expiration (LTPA_TokenExpiration) is not set.",
                    ModuleCommands.ImportLtpaKeyToSsoDocExpirationMinutes + " <minutes> (equal to Sametime's LTPA_DURATION_MINUTES).");
                return;
            }

            if (expectations.LtpaDurationMinutes.HasValue && expectations.LtpaDurationMinutes.Value != minutes.Value)
            {
                check.Add("Expiration", FindingSeverity.Error,
                    $"The token expiration is {minutes} minutes but Sametime's LTPA_DURATION_MINUTES is {expectations.LtpaDurationMinutes}; HCL requires them to be equal.",
                    $"{ModuleCommands.ImportLtpaKeyToSsoDocExpirationMinutes} {expectations.LtpaDurationMinutes.Value.ToString(CultureInfo.InvariantCulture)}, or set LTPA_DURATION_MINUTES={minutes}.");
                return;
            }

            check.Add("Expiration", FindingSeverity.Ok, $"The token expiration is {minutes} minutes" +
                (expectations.LtpaDurationMinutes.HasValue ? ", equal to Sametime's LTPA_DURATION_MINUTES." : "."));
        }

        private static void CheckAcross(IReadOnlyList<WebSsoDocument> documents, List<SsoDocFinding> findings)
        {
            string names = string.Join(" / ", documents.Select(d => d.Name ?? "(no name)"));
            void Same<T>(string rule, string what, Func<WebSsoDocument, T> value, string fix)
            {
                var distinct = documents.Select(d => new { d, v = value(d) })
                    .GroupBy(x => Convert.ToString(x.v, CultureInfo.InvariantCulture) is string text && text.Length > 0 ? text : "(not set)").ToArray();
                if (distinct.Length == 1 && distinct[0].Key == "(not set)")
                {
                    // Equal because absent is not agreement: the per-document rule reports the missing value.
                    findings.Add(new SsoDocFinding(rule, FindingSeverity.Skipped, names, AcrossDocuments, $"No document sets the {what}, so there is nothing to compare."));
                    return;
                }

                if (distinct.Length == 1)
                {
                    findings.Add(new SsoDocFinding(rule, FindingSeverity.Ok, names, AcrossDocuments, $"Every document has the same {what} ({distinct[0].Key})."));
                    return;
                }

                string detail = string.Join("; ", distinct.Select(g => g.Key + " in " + string.Join(", ", g.Select(x => x.d.Source))));
                findings.Add(new SsoDocFinding(rule, FindingSeverity.Error, names, AcrossDocuments, $"The documents differ in their {what}: {detail}.", fix));
            }

            Same("SameConfigurationName", "configuration name", d => d.LookupKey, "Use one configuration name on every server (the guide uses LtpaToken2) and point each Server document at it.");
            Same("SameDomain", "DNS domain", d => d.DnsDomain, "Set the same DNS domain (with its leading dot) in every Web SSO document.");
            Same("SameTokenFormat", "token format", d => d.TokenFormat, "Set the same token format everywhere (" + ModuleCommands.ImportLtpaKeyToSsoDocTokenFormat + ").");
            Same("SameExpiration", "token expiration", d => d.ExpirationMinutes, "Set the same expiration everywhere, equal to Sametime's LTPA_DURATION_MINUTES.");
            Same("SameRealm", "realm", d => d.Realm, "Import the same ltpa.keys (and realm) into every document.");
            CheckKeysAcross(documents, findings, names);
        }

        private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        private sealed class Check
        {
            private readonly List<SsoDocFinding> findings;

            public Check(WebSsoDocument document, List<SsoDocFinding> findings)
            {
                Document = document;
                this.findings = findings;
            }

            public WebSsoDocument Document { get; }

            public void Add(string rule, FindingSeverity severity, string message, string? fix = null) =>
                findings.Add(new SsoDocFinding(rule, severity, Document.Name ?? "(no name)", Document.Source, message, fix));
        }
    }
}
