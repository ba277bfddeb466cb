using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;
using SametimeAdmin.Sametime12;

namespace SametimeAdmin.Checklist
{
    /// <summary>
    /// A Sametime 12 server against the rest of the site: LTPA on and accepted, the same keys, lifetime, realm and DNS
    /// domain as the Web SSO documents, the iNotes/Verse integration switches and origins, and fully qualified host names.
    /// Runs only when the environment describes a Sametime 12 server; each check passes only on what was read.
    /// </summary>
    public sealed class Sametime12Checks : IChecklistArea
    {
        private const string Section = GuideSection.Sametime12;
        private const string Server = ChecklistServer.Sametime12;
        private const string Link = ChecklistLink.INotesToSametime12;

        internal static readonly CheckDefinition Configuration = new CheckDefinition("Sametime12.Configuration", ChecklistArea.Sametime12,
            "The Sametime 12 configuration can be read", Section, Server);

        internal static readonly CheckDefinition LtpaEnabled = new CheckDefinition("Sametime12.LtpaEnabled", ChecklistArea.Sametime12,
            "LTPA is enabled (ENABLE_LTPA / enableLtpa)", Section, Server);

        internal static readonly CheckDefinition AuthToken = new CheckDefinition("Sametime12.AuthToken", ChecklistArea.Sametime12,
            "ST_AUTH_TOKEN accepts Ltpa tokens", Section, Server, Link);

        internal static readonly CheckDefinition KeyPassword = new CheckDefinition("Sametime12.KeyPassword", ChecklistArea.Sametime12,
            "The key password in the configuration opens the LTPA keys", Section, Server);

        internal static readonly CheckDefinition Keys = new CheckDefinition("Sametime12.Keys", ChecklistArea.Sametime12,
            "Sametime 12 uses the LTPA keys of the Web SSO document", Section, Server);

        internal static readonly CheckDefinition Expiration = new CheckDefinition("Sametime12.Expiration", ChecklistArea.Sametime12,
            "The LTPA duration is the Web SSO expiration", Section, Server, Link);

        internal static readonly CheckDefinition Realm = new CheckDefinition("Sametime12.Realm", ChecklistArea.Sametime12,
            "The LTPA realm is the realm of the Web SSO documents and the site", Section, Server, Link);

        internal static readonly CheckDefinition Domain = new CheckDefinition("Sametime12.Domain", ChecklistArea.Sametime12,
            "The Web SSO documents and the site use one DNS domain", Section, Server, Link);

        internal static readonly CheckDefinition HostNames = new CheckDefinition("Sametime12.HostNames", ChecklistArea.Sametime12,
            "The Sametime 12 and iNotes host names are fully qualified inside the SSO domain", Section, Server, Link);

        internal static readonly CheckDefinition ExternalIntegration = new CheckDefinition("Sametime12.ExternalIntegration", ChecklistArea.Sametime12,
            "The external (iNotes/Verse) integration is on (SAMETIME_EXTERNAL_WARINTEGRATION)", Section, Server, Link);

        internal static readonly CheckDefinition FrameAncestors = new CheckDefinition("Sametime12.FrameAncestors", ChecklistArea.Sametime12,
            "CSP frame-ancestors allows the iNotes/Verse origin", Section, Server, Link);

        internal static readonly CheckDefinition Cors = new CheckDefinition("Sametime12.Cors", ChecklistArea.Sametime12,
            "CORS allows the iNotes/Verse origin", Section, Server, Link);

        private static readonly Regex SecretKind = new Regex(@"^\s*kind:\s*[""']?Secret[""']?\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);

        public string Name => ChecklistArea.Sametime12;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            var env = context.Environment;
            if (env.Sametime12.IsEmpty)
            {
                yield break;
            }

            if (env.Sametime12.EffectiveKind == null)
            {
                yield return Configuration.Skip("The Sametime 12 server has no Folder or ValuesFiles in the environment description, so its configuration cannot be read.",
                    "Add Sametime12.Folder (Docker/Podman or Windows install folder) or Sametime12.ValuesFiles (Helm values and secrets files), or give -Sametime12Path.");
                yield break;
            }

            var loaded = context.Load("st12", () => Read(env.Sametime12)!);
            if (loaded.Value == null)
            {
                yield return Configuration.Fail(loaded.Problem!, "Copy the Sametime 12 files again (.env, custom.env, docker-compose.yml; or the Helm values and secrets files) and point Sametime12 at them.");
                yield break;
            }

            var config = loaded.Value;
            if (config.Kind == St12InstallKind.Windows)
            {
                yield return Configuration.Skip("Sametime 12 on Windows: " + St12ConfigReader.WindowsManualStep, "Check the LTPA settings of the Windows installation by hand.");
                yield break;
            }

            yield return Configuration.Pass($"{config.Kind}: {string.Join(", ", config.SourceFiles)} read.");
            yield return CheckLtpaEnabled(config);
            yield return CheckAuthToken(config);
            yield return CheckKeyPassword(config);
            var documents = Documents(context);
            foreach (var result in Compare(config, documents, env.Sso, FingerprintWithGivenPassword(context, config)))
            {
                yield return result;
            }

            yield return CheckHostNames(env, documents);
            yield return CheckExternalIntegration(config);
            var origins = INotesHosts(env);
            yield return CheckFrameAncestors(config, origins);
            yield return CheckCors(config, origins);
        }

        /// <summary>
        /// The checks of a Sametime 12 configuration against Web SSO documents: the same keys (one result per document),
        /// lifetime, realm and DNS domain. Test-SsoDoc runs them on the documents it reads; the checklist on the site's.
        /// <paramref name="fingerprint"/> is the key set's fingerprint when it was opened with another password than the configuration's.
        /// </summary>
        public static IReadOnlyList<CheckResult> Compare(St12SsoConfig config, IReadOnlyList<(string Label, WebSsoDocument? Document, string? Problem)> documents, SsoExpectations? site = null, string? fingerprint = null)
        {
            _ = config ?? throw new ArgumentNullException(nameof(config));
            _ = documents ?? throw new ArgumentNullException(nameof(documents));
            site ??= new SsoExpectations();
            var results = new List<CheckResult>();
            results.AddRange(CheckKeys(config, documents, fingerprint ?? config.KeyFingerprint));
            var read = documents.Where(d => d.Document != null).Select(d => (d.Label, Document: d.Document!)).ToList();
            results.Add(CheckExpiration(config, read, site));
            results.Add(CheckRealm(config, read, site));
            results.Add(CheckDomain(read, site));
            return results;
        }

        /// <summary>
        /// <see cref="Compare"/> as Test-SsoDoc findings: the rule is the check id without the document's number, the
        /// document and source are the Web SSO document's (or all documents' for the checks across them).
        /// </summary>
        public static IReadOnlyList<SsoDocFinding> AsFindings(St12SsoConfig config, IReadOnlyList<WebSsoDocument> documents, string? fingerprint = null)
        {
            _ = documents ?? throw new ArgumentNullException(nameof(documents));
            // Each document by the name of its file (numbered when two share it), for messages a reader can follow.
            var names = documents.Select(d => LastSegment(d.Source)).ToList();
            var numbered = documents.Select((d, i) => (Label: names.Count(n => n == names[i]) > 1 ? names[i] + " #" + (i + 1).ToString(CultureInfo.InvariantCulture) : names[i],
                Document: (WebSsoDocument?)d, Problem: (string?)null)).ToList();
            string allNames = string.Join(", ", documents.Select(d => d.Name ?? "(no name)").Distinct(StringComparer.Ordinal));
            string allSources = "(" + string.Join(", ", documents.Select(d => d.Source).Distinct(StringComparer.Ordinal)) + ")";
            var findings = new List<SsoDocFinding>();
            foreach (var result in Compare(config, numbered, null, fingerprint))
            {
                var one = numbered.FirstOrDefault(n => result.Id == Keys.Id + "." + n.Label);
                var severity = result.Status switch
                {
                    CheckStatus.Passed => FindingSeverity.Ok,
                    CheckStatus.Failed => FindingSeverity.Error,
                    CheckStatus.Warning => FindingSeverity.Warning,
                    _ => FindingSeverity.Skipped,
                };
                findings.Add(one.Document != null
                    ? new SsoDocFinding(Keys.Id, severity, one.Document.Name ?? "(no name)", one.Document.Source, result.Evidence, result.Fix)
                    : new SsoDocFinding(result.Id, severity, allNames, allSources, result.Evidence, result.Fix));
            }

            return findings;
        }

        private static string LastSegment(string source)
        {
            string trimmed = source.TrimEnd('/', '\\');
            int cut = Math.Max(trimmed.LastIndexOf('/'), trimmed.LastIndexOf('\\'));
            return cut >= 0 && cut < trimmed.Length - 1 ? trimmed.Substring(cut + 1) : trimmed;
        }

        /// <summary>The Sametime 12 configuration a description names, or null when it names no files (only a host name).</summary>
        public static St12SsoConfig? Read(Sametime12Description description, St12ReadOptions? options = null)
        {
            _ = description ?? throw new ArgumentNullException(nameof(description));
            switch (description.EffectiveKind)
            {
                case St12InstallKind.Kubernetes:
                    var secrets = description.ValuesFiles.Where(IsSecretsFile).ToList();
                    if (secrets.Count > 1)
                    {
                        throw new SametimeAdminException("Sametime12SecretsAmbiguous", FailureKind.InvalidArgument,
                            $"More than one Kubernetes Secret file is given ({string.Join(", ", secrets)}); give the chart's secrets file once.");
                    }

                    return St12ConfigReader.ReadHelm(description.ValuesFiles.Except(secrets).ToList(), secrets.FirstOrDefault(), options);
                case St12InstallKind.Docker:
                    return St12ConfigReader.ReadDocker(Folder(description), options);
                case St12InstallKind.Windows:
                    return St12ConfigReader.ReadWindows(Folder(description), options);
                default:
                    return null;
            }
        }

        private static string Folder(Sametime12Description description) =>
            description.Folder ?? throw new SametimeAdminException("Sametime12FolderRequired", FailureKind.InvalidArgument,
                $"A {description.EffectiveKind} installation is read from its install folder: give Sametime12.Folder (or a folder in -Sametime12Path).");

        /// <summary>A Kubernetes Secret manifest (the chart's sametime-secrets.yaml) among the values files.</summary>
        private static bool IsSecretsFile(string path)
        {
            byte[]? bytes = AtomicFile.ReadIfExists(path);
            return bytes != null && SecretKind.IsMatch(System.Text.Encoding.UTF8.GetString(bytes));
        }

        /// <summary>Without a password in the configuration, the checklist's -KeyPassword can still show which keys Sametime has.</summary>
        private static string? FingerprintWithGivenPassword(ChecklistContext context, St12SsoConfig config)
        {
            if (config.KeyStatus != St12KeyStatus.NoPassword || context.Options.LtpaKeyPassword == null)
            {
                return null;
            }

            byte[] password = context.Options.LtpaKeyPassword;
            return context.Load("st12:given", () => Read(context.Environment.Sametime12, new St12ReadOptions { KeyPassword = password })!).Value?.KeyFingerprint;
        }

        private static List<(string Label, WebSsoDocument? Document, string? Problem)> Documents(ChecklistContext context)
        {
            var list = new List<(string, WebSsoDocument?, string?)>();
            foreach (var server in context.Environment.DominoServers)
            {
                var loaded = SiteArtefacts.SsoDocuments(context, server);
                var picked = loaded.Value == null ? null : SiteArtefacts.Pick(loaded.Value, context.Environment.Sso.ConfigurationName);
                list.Add((server.Key.Length > 0 ? server.Key : server.Role, picked, picked == null ? loaded.Problem ?? "no Web SSO document" : null));
            }

            return list;
        }

        private static string SetCommand(St12SsoConfig config, string arguments) =>
            config.Kind == St12InstallKind.Kubernetes
                ? ModuleCommands.SetSt12SsoConfig + " -HelmValuesPath ./sametime-sso.yaml -ValuesPath '" + config.Path + "' " + arguments + " (then helm upgrade ... -f ./sametime-sso.yaml)"
                : ModuleCommands.SetSt12SsoConfig + " -Path '" + config.Path + "' " + arguments + " (then docker compose down; docker compose up -d)";

        private static CheckResult CheckLtpaEnabled(St12SsoConfig config)
        {
            string where = Where(config, "Env.EnableLtpa", "Helm.EnableLtpa");
            return config.LtpaEnabled == true
                ? LtpaEnabled.Pass($"{where} is true.")
                : LtpaEnabled.Fail(config.LtpaEnabled == false ? $"{where} is false: Sametime ignores LTPA tokens." : $"{where} is not set: Sametime 12 accepts LTPA tokens only when it is true.",
                    "Turn LTPA on: " + SetCommand(config, "-KeyFile <ltpa.keys> -KeyPassword (Read-Host -AsSecureString)") + ".");
        }

        private static CheckResult CheckAuthToken(St12SsoConfig config)
        {
            string name = St12NameMap.Default["Env.AuthToken"];
            if (config.AuthTokenSetting == null && config.Kind == St12InstallKind.Kubernetes)
            {
                return AuthToken.Skip("The Helm chart sets ST_AUTH_TOKEN itself; the values files do not show it.",
                    "Check ST_AUTH_TOKEN in the community pod's environment (kubectl exec ... -- env) if LTPA logins fail.");
            }

            string fix = "Add Ltpa to the list (HCL: " + name + "=" + St12AuthToken.WithLtpa + " in custom.env): " + SetCommand(config, "-KeyFile <ltpa.keys> -KeyPassword (Read-Host -AsSecureString)") +
                ", or " + ModuleCommands.SetStTokenType + " on custom.env.";
            return config.LtpaTokenAccepted == true
                ? AuthToken.Pass($"{Where(config, "Env.AuthToken", "Env.AuthToken")} is {config.AuthTokenSetting}.")
                : AuthToken.Fail(config.AuthTokenSetting == null
                    ? $"{name} is not set: Sametime 12 accepts only its own JWT logins."
                    : $"{Where(config, "Env.AuthToken", "Env.AuthToken")} is {config.AuthTokenSetting}: Ltpa is not among the accepted tokens, so the iNotes LTPA cookie does not log users in.", fix);
        }

        private static CheckResult CheckKeyPassword(St12SsoConfig config)
        {
            string fix = "Set the key file and its password together (never by hand in a shared file): " + SetCommand(config, "-KeyFile <ltpa.keys> -KeyPassword (Read-Host -AsSecureString)") + ".";
            switch (config.KeyStatus)
            {
                case St12KeyStatus.Opened:
                    return KeyPassword.Pass($"The password in the configuration ({config.PasswordSource}) opens the keys at {config.KeyLocation}: {config.KeyFingerprint}.");
                case St12KeyStatus.NotOpened:
                    return KeyPassword.Fail($"The keys at {config.KeyLocation}: {config.KeyMessage}", fix);
                case St12KeyStatus.NoPassword:
                    return KeyPassword.Fail($"The configuration holds keys ({config.KeyLocation}) but no key password: Sametime cannot open them.", fix);
                default:
                    bool configured = config.KeyFileHostPath != null || config.KeysInValues != null;
                    return configured
                        ? KeyPassword.Skip($"The keys at {config.KeyLocation} were not read here: {config.KeyMessage}", "Run the checklist where the key file is (or copy it next to the install folder's copy).")
                        : KeyPassword.Fail($"No LTPA keys are configured ({config.KeyMessage})", fix);
            }
        }

        private static IEnumerable<CheckResult> CheckKeys(St12SsoConfig config, IReadOnlyList<(string Label, WebSsoDocument? Document, string? Problem)> documents, string? fingerprint)
        {
            if (documents.Count == 0)
            {
                yield return Keys.Skip("No Web SSO document is given (INotes.SsoDocument, Community.SsoDocument), so the keys cannot be compared.");
                yield break;
            }

            foreach (var (label, document, problem) in documents)
            {
                var check = Keys.For(label, $"Sametime 12 uses the LTPA keys of the {label} Web SSO document", link: label.StartsWith(ChecklistServer.INotes, StringComparison.Ordinal) ? Link : null);
                if (document == null)
                {
                    yield return check.Skip($"The {label} Web SSO document was not read: {problem}");
                    continue;
                }

                if (fingerprint == null)
                {
                    yield return check.Skip($"The keys of Sametime 12 ({config.KeyLocation}) were not opened ({config.KeyMessage}), so they cannot be compared with {document.Describe()}.",
                        "See Sametime12.KeyPassword; with the keys opened, their fingerprint is compared with the documents'.");
                    continue;
                }

                if (!document.HasWebSphereKeys || document.KeyReadError != null)
                {
                    yield return check.Fail($"{document.Describe()} holds no readable WebSphere LTPA keys{(document.KeyReadError != null ? " (" + document.KeyReadError + ")" : string.Empty)}; Sametime 12 uses {fingerprint}.",
                        $"Import the keys Sametime 12 uses into the document: {ModuleCommands.ImportLtpaKeyToSsoDocKeyPath} <the ltpa.keys of {config.KeyLocation}>.");
                    continue;
                }

                string? theirs;
                using (var keys = document.ReadKeySet())
                {
                    theirs = keys.Fingerprint;
                }

                yield return string.Equals(theirs, fingerprint, StringComparison.Ordinal)
                    ? check.Pass($"{document.Describe()} holds {fingerprint}, the keys at {config.KeyLocation}.")
                    : check.Fail($"{document.Describe()} holds {theirs}, Sametime 12 uses {fingerprint} ({config.KeyLocation}): tokens of one are rejected by the other.",
                        $"Use one key set everywhere: {ModuleCommands.ImportLtpaKeyToSsoDocKeyPath} <Sametime's ltpa.keys> into the document, or give Sametime the document's keys: " +
                        SetCommand(config, "-KeyFile <ltpa.keys> -KeyPassword (Read-Host -AsSecureString)") + ".");
            }
        }

        private static CheckResult CheckExpiration(St12SsoConfig config, List<(string Label, WebSsoDocument Document)> documents, SsoExpectations site)
        {
            string where = Where(config, "Env.DurationMinutes", "Helm.DurationMinutes");
            var expected = documents.Where(d => d.Document.ExpirationMinutes != null).Select(d => (Who: $"the {d.Label} Web SSO document", Minutes: d.Document.ExpirationMinutes!.Value)).ToList();
            if (site.ExpirationMinutes != null)
            {
                expected.Add(("the site (Sso.ExpirationMinutes)", site.ExpirationMinutes.Value));
            }

            if (config.DurationMinutes == null)
            {
                return config.DurationText == null
                    ? Expiration.Skip($"{where} is not set, so Sametime uses its default lifetime, which is not read here.",
                        "Set it to the Web SSO expiration so both sides end sessions together: " + SetCommand(config, "-DurationMinutes <minutes>") + ".")
                    : Expiration.Fail($"{where} is '{config.DurationText}', not a number of minutes.", "Write the lifetime in minutes: " + SetCommand(config, "-DurationMinutes <minutes>") + ".");
            }

            if (expected.Count == 0)
            {
                return Expiration.Skip($"{where} is {config.DurationMinutes} minutes; no Web SSO expiration (document or Sso.ExpirationMinutes) is given to compare.");
            }

            string listed = string.Join("; ", expected.Select(e => $"{e.Who}: {e.Minutes.ToString(CultureInfo.InvariantCulture)}"));
            var wrong = expected.Where(e => e.Minutes != config.DurationMinutes).ToList();
            return wrong.Count == 0
                ? Expiration.Pass($"{where} is {config.DurationMinutes} minutes, as {listed}.")
                : Expiration.Fail($"{where} is {config.DurationMinutes} minutes, but {listed}: a user is signed out of one before the other.",
                    expected.Select(e => e.Minutes).Distinct().Count() == 1
                        ? "Give Sametime the Web SSO expiration: " + SetCommand(config, "-DurationMinutes " + expected[0].Minutes.ToString(CultureInfo.InvariantCulture)) + "."
                        : "Use one lifetime everywhere: the Expiration (minutes) of every Web SSO document (" + ModuleCommands.ImportLtpaKeyToSsoDoc + " -ExpirationMinutes) and " + SetCommand(config, "-DurationMinutes <minutes>") + ".");
        }

        private static CheckResult CheckRealm(St12SsoConfig config, List<(string Label, WebSsoDocument Document)> documents, SsoExpectations site)
        {
            string where = Where(config, "Env.Realm", "Helm.Realm");
            var expected = documents.Where(d => !string.IsNullOrEmpty(d.Document.Realm)).Select(d => (Who: $"the {d.Label} Web SSO document", Realm: d.Document.Realm!)).ToList();
            if (site.Realm != null)
            {
                expected.Add(("the site (Sso.Realm)", site.Realm));
            }

            if (config.Realm == null)
            {
                return Realm.Skip($"{where} is not set{(config.KeyRealm != null ? "; the key file's realm is " + config.KeyRealm : string.Empty)}.",
                    "Set the realm the tokens carry (the LDAP realm of the Web SSO documents): " + SetCommand(config, "-Realm <realm>") + ".");
            }

            if (expected.Count == 0)
            {
                return Realm.Skip($"{where} is {config.Realm}; no Web SSO document realm or Sso.Realm is given to compare.");
            }

            string listed = string.Join("; ", expected.Select(e => $"{e.Who}: {e.Realm}"));
            var wrong = expected.Where(e => !string.Equals(e.Realm, config.Realm, StringComparison.Ordinal)).ToList();
            return wrong.Count == 0
                ? Realm.Pass($"{where} is {config.Realm}, as {listed}.")
                : Realm.Fail($"{where} is {config.Realm}, but {listed}: tokens carry the realm, and Domino rejects an unknown one.",
                    "Use the realm of the shared LDAP everywhere: " + SetCommand(config, "-Realm '" + (site.Realm ?? expected[0].Realm) + "'") + ", and the same realm in the Web SSO documents.");
        }

        private static CheckResult CheckDomain(List<(string Label, WebSsoDocument Document)> documents, SsoExpectations site)
        {
            var seen = documents.Where(d => d.Document.DnsDomain != null).Select(d => (Who: $"the {d.Label} Web SSO document", Domain: d.Document.DnsDomain!)).ToList();
            if (site.Domain != null)
            {
                seen.Add(("the site (Sso.Domain)", site.Domain));
            }

            string listed = string.Join("; ", seen.Select(s => $"{s.Who}: {s.Domain}"));
            if (seen.Count < 2)
            {
                return Domain.Skip(seen.Count == 0
                    ? "No DNS domain is given (Web SSO documents or Sso.Domain)."
                    : $"Only one DNS domain was seen ({listed}); a Web SSO document or Sso.Domain is needed to compare it.");
            }

            return seen.Select(s => s.Domain).Distinct(StringComparer.OrdinalIgnoreCase).Count() == 1
                ? Domain.Pass($"One DNS domain: {listed}.")
                : Domain.Fail($"The DNS domains differ: {listed}. The browser sends the LTPA cookie only to hosts inside the cookie's domain.",
                    $"Set the same DNS domain, with its leading dot, in every Web SSO document: {ModuleCommands.ImportLtpaKeyToSsoDocDnsDomain} '{site.Domain ?? seen[0].Domain}'.");
        }

        private static CheckResult CheckHostNames(SsoEnvironment env, IReadOnlyList<(string Label, WebSsoDocument? Document, string? Problem)> documents)
        {
            string? domain = env.Sso.Domain ?? documents.Select(d => d.Document?.DnsDomain).FirstOrDefault(d => d != null);
            if (env.Sametime12.HostName == null)
            {
                return HostNames.Skip("The Sametime 12 host name (Sametime12.HostName) is not given.", "Add Sametime12.HostName, the name users reach Sametime 12 by.");
            }

            if (domain == null)
            {
                return HostNames.Skip("No SSO domain is given (Sso.Domain or a Web SSO document), so the host names cannot be checked against it.");
            }

            var hosts = new List<(string Who, string Host)> { ("Sametime 12", env.Sametime12.HostName) };
            hosts.AddRange(env.INotes.Where(s => s.HostName != null).Select(s => (s.Label, s.HostName!)));
            string suffix = "." + domain.TrimStart('.');
            var problems = new List<string>();
            foreach (var (who, host) in hosts)
            {
                string name = host.Trim().TrimEnd('.');
                if (IPAddress.TryParse(name, out _))
                {
                    problems.Add($"{who} is reached by the address {name}: browsers never send a domain cookie to an address");
                }
                else if (name.Split('.').Length < 3)
                {
                    problems.Add($"{who} '{name}' is not fully qualified (host.domain.tld)");
                }
                else if (!name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{who} '{name}' is outside the SSO domain {suffix}");
                }
            }

            string listed = string.Join(", ", hosts.Select(h => $"{h.Who}: {h.Host}"));
            return problems.Count == 0
                ? HostNames.Pass($"Inside {suffix} and fully qualified: {listed}.")
                : HostNames.Fail(string.Join("; ", problems) + ".", $"Let users reach Sametime 12 and iNotes by fully qualified names inside {suffix} (DNS and the iNotes Configuration document's Sametime URL), or set the SSO domain to their common suffix.");
        }

        private static CheckResult CheckExternalIntegration(St12SsoConfig config)
        {
            string name = St12NameMap.Default["Env.ExternalWarIntegration"];
            if (config.Kind == St12InstallKind.Kubernetes)
            {
                return ExternalIntegration.Skip($"The Helm chart sets {name} itself; the values files do not show it.",
                    $"Check {name} in the proxy pod's environment if iNotes cannot load Sametime.");
            }

            return config.ExternalWarIntegration == true
                ? ExternalIntegration.Pass($"The {St12NameMap.Default["Compose.ProxyService"]} service sets {name}=true.")
                : ExternalIntegration.Fail(config.ExternalWarIntegration == false && config.Variables.Any(v => v.Name == name)
                        ? $"The {St12NameMap.Default["Compose.ProxyService"]} service sets {name} to false: iNotes and Verse cannot load the Sametime web client."
                        : $"The {St12NameMap.Default["Compose.ProxyService"]} service of the compose files does not set {name}: the iNotes/Verse integration is off.",
                    "Turn it on: " + ModuleCommands.SetSt12SsoConfigExternalIntegration + " -Path '" + config.Path + "' (writes docker-compose.override.yml), then docker compose up -d.");
        }

        /// <summary>The host names users reach iNotes by: the origins the Sametime 12 server must let frame and call it.</summary>
        private static List<string> INotesHosts(SsoEnvironment env) =>
            env.INotes.Where(s => s.HostName != null).Select(s => s.HostName!.Trim().TrimEnd('.')).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        private static CheckResult CheckFrameAncestors(St12SsoConfig config, List<string> hosts)
        {
            string where = Where(config, "Env.ContentSecurityPolicy", "Helm.ContentSecurityPolicy");
            if (hosts.Count == 0)
            {
                return FrameAncestors.Skip("No iNotes host name (INotes.HostName) is given, so its origin cannot be looked for.");
            }

            if (config.ContentSecurityPolicy == null)
            {
                return FrameAncestors.Skip($"{where} is not set: Sametime sends its built-in policy, which is not read here.",
                    $"Probe it: {ModuleCommands.TestSametimeAwareness} -Origin https://{hosts[0]}; or set the policy: " + SetCommand(config, "-FrameAncestor https://" + hosts[0]) + ".");
            }

            if (config.FrameAncestors.Count == 0)
            {
                return FrameAncestors.Pass($"{where} has no frame-ancestors directive, so it lets any page frame Sametime: {config.ContentSecurityPolicy}");
            }

            var missing = hosts.Where(h => !Allows(config.FrameAncestors, h, false)).ToList();
            return missing.Count == 0
                ? FrameAncestors.Pass($"frame-ancestors {string.Join(" ", config.FrameAncestors)} ({where}) allows {string.Join(", ", hosts)}.")
                : FrameAncestors.Fail($"frame-ancestors {string.Join(" ", config.FrameAncestors)} ({where}) does not allow {string.Join(", ", missing)}: the browser refuses to show Sametime inside iNotes/Verse.",
                    "Allow the iNotes/Verse origin: " + SetCommand(config, string.Join(" ", missing.Select(h => "-FrameAncestor https://" + h))) + ".");
        }

        private static CheckResult CheckCors(St12SsoConfig config, List<string> hosts)
        {
            string where = Where(config, "Env.CorsOrigins", "Helm.CorsOrigins");
            if (hosts.Count == 0)
            {
                return Cors.Skip("No iNotes host name (INotes.HostName) is given, so its origin cannot be looked for.");
            }

            string fix = "Allow the iNotes/Verse origin: " + SetCommand(config, string.Join(" ", hosts.Select(h => "-CorsOrigin https://" + h))) +
                $". The setting's name is not confirmed by HCL's documentation (-NameMap of {ModuleCommands.SetSt12SsoConfig} overrides it); probe the result with {ModuleCommands.TestSametimeAwareness} -Origin.";
            if (config.CorsOrigins.Count == 0)
            {
                return Cors.Warn($"{where} lists no origin, so the browser may refuse the Sametime calls of the iNotes/Verse page.", fix);
            }

            var missing = hosts.Where(h => !Allows(config.CorsOrigins, h, true)).ToList();
            return missing.Count == 0
                ? Cors.Pass($"{where} ({string.Join(", ", config.CorsOrigins)}) allows {string.Join(", ", hosts)}.")
                : Cors.Fail($"{where} ({string.Join(", ", config.CorsOrigins)}) does not allow {string.Join(", ", missing)}: the browser blocks the Sametime calls of the iNotes/Verse page.", fix);
        }

        /// <summary>
        /// Whether a source list lets a page on <paramref name="host"/> in: "*", the origin (any scheme and port), a bare host,
        /// or a "*.domain" wildcard. CORS with credentials cannot use "*" (the browser refuses it), so it does not count there.
        /// </summary>
        private static bool Allows(IEnumerable<string> sources, string host, bool credentials)
        {
            foreach (string raw in sources)
            {
                string source = raw.Trim().Trim('\'', '"').TrimEnd('/');
                if (source == "*")
                {
                    if (!credentials)
                    {
                        return true;
                    }

                    continue;
                }

                int scheme = source.IndexOf("://", StringComparison.Ordinal);
                string name = scheme >= 0 ? source.Substring(scheme + 3) : source;
                int colon = name.IndexOf(':');
                name = colon >= 0 ? name.Substring(0, colon) : name;
                if (string.Equals(name, host, StringComparison.OrdinalIgnoreCase) ||
                    (name.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(name.Substring(1), StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Where a setting comes from, for evidence: the variable and its file, or the values path.</summary>
        private static string Where(St12SsoConfig config, string envKey, string helmKey)
        {
            string name = St12NameMap.Default[config.Kind == St12InstallKind.Kubernetes ? helmKey : envKey];
            var variable = config.Variables.LastOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal));
            return variable != null ? $"{name} ({variable.Source})" : name;
        }
    }
}
