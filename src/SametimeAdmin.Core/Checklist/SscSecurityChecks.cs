using SametimeAdmin.Common;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SametimeAdmin.Checklist
{
    /// <summary>Checklist heading "SSC Security Settings": the proxy cell's SSO and LTPA settings, when its security file is given.</summary>
    public sealed class SscSecurityChecks : IChecklistArea
    {
        private const string Section = GuideSection.ProxyKeys + "; Verification Checklist: SSC Security Settings";

        internal static readonly CheckDefinition Readable = new CheckDefinition("SscSecurity.Configuration", ChecklistArea.SscSecurity,
            "The SSC / proxy security configuration can be read", Section, ChecklistServer.Proxy);

        internal static readonly CheckDefinition SsoEnabled = new CheckDefinition("SscSecurity.SsoEnabled", ChecklistArea.SscSecurity,
            "Single sign-on is enabled in Global security", Section, ChecklistServer.Proxy);

        internal static readonly CheckDefinition Domain = new CheckDefinition("SscSecurity.Domain", ChecklistArea.SscSecurity,
            "The SSO domain name matches the Sametime server domain", Section, ChecklistServer.Proxy, ChecklistLink.INotesToProxy);

        internal static readonly CheckDefinition CookieName = new CheckDefinition("SscSecurity.CookieName", ChecklistArea.SscSecurity,
            "The LTPA V2 cookie name is the Web SSO configuration name (LtpaToken2 in the guide)", Section, ChecklistServer.Proxy, ChecklistLink.INotesToProxy);

        internal static readonly CheckDefinition Realm = new CheckDefinition("SscSecurity.Realm", ChecklistArea.SscSecurity,
            "The user registry realm is the realm the tokens are expected to carry", Section, ChecklistServer.Proxy, ChecklistLink.ProxyToLdap);

        internal static readonly CheckDefinition Interop = new CheckDefinition("SscSecurity.InteroperabilityMode", ChecklistArea.SscSecurity,
            "Interoperability mode matches the token format of the Web SSO documents", Section, ChecklistServer.Proxy);

        internal static readonly CheckDefinition KeyRegeneration = new CheckDefinition("SscSecurity.KeyRegeneration", ChecklistArea.SscSecurity,
            "Automatic LTPA key regeneration is off while the keys are shared with Domino", Section, ChecklistServer.Proxy, ChecklistLink.INotesToProxy);

        internal static readonly CheckDefinition Expiration = new CheckDefinition("SscSecurity.Expiration", ChecklistArea.SscSecurity,
            "The LTPA timeout matches the Web SSO expiration", Section, ChecklistServer.Proxy, ChecklistLink.INotesToProxy);

        internal static readonly CheckDefinition RequiresSsl = new CheckDefinition("SscSecurity.RequiresSsl", ChecklistArea.SscSecurity,
            "\"Requires SSL\" is off, or every iNotes and proxy URL is https", Section, ChecklistServer.Proxy, ChecklistLink.BrowserToINotes);

        internal static readonly CheckDefinition HttpOnly = new CheckDefinition("SscSecurity.HttpOnly", ChecklistArea.SscSecurity,
            "The HttpOnly setting of the LTPA cookies is known", Section, ChecklistServer.Proxy);

        internal static readonly CheckDefinition KeysFile = new CheckDefinition("SscSecurity.KeysFile", ChecklistArea.SscSecurity,
            "The LTPA keys file of the proxy is the one the checklist compares", Section, ChecklistServer.Proxy);

        private readonly IReadOnlyList<string> extraUrls;

        /// <summary>The checks; <paramref name="webUrls"/> are iNotes or proxy URLs known besides those of the environment (Test-ProxySecurity -Url).</summary>
        public SscSecurityChecks(IEnumerable<string>? webUrls = null)
        {
            extraUrls = (webUrls ?? Enumerable.Empty<string>()).ToList();
        }

        public string Name => ChecklistArea.SscSecurity;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            var env = context.Environment;
            string? path = env.Ssc.SecurityXml;
            if (path == null)
            {
                yield return Readable.Skip("Not given: add Ssc.SecurityXml (the cell's security.xml, or the proxy's Liberty server.xml) to check the SSC security settings.",
                    "Check Security > Global Security > Single sign-on (SSO) and LTPA in the Sametime System Console by hand.");
                yield break;
            }

            string? problem = ChecklistContext.FileProblem(path, "The security configuration");
            var loaded = problem == null ? context.Load("ssc:" + path, () => SecurityConfiguration.Read(path)) : null;
            if (problem != null || loaded?.Value == null)
            {
                yield return Readable.Fail(problem ?? loaded!.Problem!, "Copy the current security.xml (WebSphere: config/cells/<cell>/security.xml) or server.xml (Liberty) and point Ssc.SecurityXml at it.");
                yield break;
            }

            var config = loaded.Value;
            yield return Readable.Pass($"{config.Kind} {config.Source} read.");
            yield return config.SsoEnabled == false
                ? SsoEnabled.Fail($"Single sign-on is disabled in {config.Kind}.", "Enable it: Security > Global Security > Web and SIP security > Single sign-on (SSO) > Enabled.")
                : SsoEnabled.Pass(config.SsoEnabled == true ? "Single sign-on is enabled." : "Single sign-on is not switched off (the file does not set it).");

            yield return CheckDomain(env, config);
            string expectedCookie = env.Sso.ConfigurationName ?? "LtpaToken2";
            yield return string.Equals(config.CookieName, expectedCookie, StringComparison.Ordinal)
                ? CookieName.Pass($"LTPA V2 cookie name is {config.CookieName}.")
                : CookieName.Fail($"The proxy's LTPA V2 cookie name is '{config.CookieName}', the expected configuration name is '{expectedCookie}'.",
                    $"Set the LTPA V2 cookie name to {expectedCookie} (SSC: Global security > Single sign-on (SSO)), or name the Web SSO documents and ST_TOKEN_TYPE after the cookie.");

            if (env.Sso.Realm == null)
            {
                yield return Realm.Skip($"The expected realm (Sso.Realm) is not given; the registry realm is '{config.Realm ?? "(not set)"}'.");
            }
            else
            {
                yield return string.Equals(config.Realm, env.Sso.Realm, StringComparison.Ordinal)
                    ? Realm.Pass($"Realm {config.Realm}.")
                    : Realm.Fail($"The registry realm is '{config.Realm ?? "(not set)"}', expected '{env.Sso.Realm}'.",
                        "Tokens carry the realm; Domino rejects an unknown WebSphere LDAP realm. Use the same LDAP and realm on the proxy as the Community Server (guide section 2.2).");
            }

            yield return CheckInterop(env, config);
            yield return CheckKeyRegeneration(config);
            yield return CheckExpiration(env, config);
            yield return CheckRequiresSsl(env, config, extraUrls);
            yield return CheckHttpOnly(config);
            yield return CheckKeysFile(env, config);
        }

        /// <summary>The checks of one security file against the expectations of <paramref name="environment"/> (Test-ProxySecurity).</summary>
        public static IEnumerable<CheckResult> RunOn(SsoEnvironment environment, IEnumerable<string>? webUrls = null)
        {
            using (var context = new ChecklistContext(environment))
            {
                return new SscSecurityChecks(webUrls).Run(context).ToList();
            }
        }

        private static string Defaulted(SecurityConfiguration config, string attribute) =>
            config.LibertyDefaults.Any(d => d.StartsWith(attribute + "=", StringComparison.Ordinal)) ? " (not in the file: Liberty's default)" : string.Empty;

        private static CheckResult CheckKeyRegeneration(SecurityConfiguration config)
        {
            if (config.Kind.StartsWith("Liberty", StringComparison.Ordinal))
            {
                return KeyRegeneration.Skip("Liberty server.xml has no key set group schedule: Liberty creates the keys file only when it is missing. " +
                    "Check that the proxy's keys file is not deleted or replaced by a deployment.");
            }

            if (config.KeyAutoGenerate == null)
            {
                return KeyRegeneration.Skip("The file has no LTPA key set group with autoGenerate (Security > SSL certificate and key management > Key set groups); " +
                    "WebSphere regenerates the LTPA keys every 90 days unless it is turned off.",
                    "Check the LTPA key set group in the console, or give the cell's security.xml (config/cells/<cell>/security.xml).");
            }

            string group = config.KeySetGroupName ?? "LTPA key set group";
            string every = config.KeyRegenerationDays != null ? string.Format(CultureInfo.InvariantCulture, " every {0} days", config.KeyRegenerationDays) : string.Empty;
            return config.KeyAutoGenerate.Value
                ? KeyRegeneration.Fail($"{group} generates new LTPA keys automatically{every}: the keys imported into the Web SSO documents stop matching and Domino SSO breaks silently.",
                    $"Turn automatic key generation off before sharing the keys (IBM: disable it when keys are imported or exported to another cell): Security > SSL certificate and key management > Key set groups > {group} > clear \"Automatically generate keys\", Save; " +
                    "or run the wsadmin script of " + ModuleCommands.NewWsadminLtpaScriptDisableKeyRegeneration + ". Then export the keys again and import them into every Web SSO document.")
                : KeyRegeneration.Pass($"{group}: automatic key generation is off.");
        }

        private static CheckResult CheckExpiration(SsoEnvironment env, SecurityConfiguration config)
        {
            if (config.ExpirationMinutes == null)
            {
                return Expiration.Skip($"{config.Kind} does not give the LTPA timeout in a form that can be read.");
            }

            string proxy = string.Format(CultureInfo.InvariantCulture, "{0} minutes{1}", config.ExpirationMinutes, Defaulted(config, "expiration"));
            if (env.Sso.ExpirationMinutes == null)
            {
                return Expiration.Skip($"The proxy's LTPA timeout is {proxy}; the Web SSO expiration (Sso.ExpirationMinutes) is not given to compare.");
            }

            return env.Sso.ExpirationMinutes == config.ExpirationMinutes
                ? Expiration.Pass($"LTPA timeout {proxy}, the Web SSO expiration.")
                : Expiration.Fail(string.Format(CultureInfo.InvariantCulture, "The proxy's LTPA timeout is {0}, the Web SSO documents expire tokens after {1} minutes: a user is signed out of one before the other.", proxy, env.Sso.ExpirationMinutes),
                    "Use one lifetime everywhere: the LTPA timeout (Global security > LTPA, or Liberty <ltpa expiration>) and the Expiration (minutes) of every Web SSO Configuration document.");
        }

        private static CheckResult CheckRequiresSsl(SsoEnvironment env, SecurityConfiguration config, IReadOnlyList<string> extraUrls)
        {
            if (config.RequiresSsl == null)
            {
                return RequiresSsl.Skip($"{config.Kind} does not say whether single sign-on requires SSL.");
            }

            if (!config.RequiresSsl.Value)
            {
                return RequiresSsl.Pass("Requires SSL is off" + Defaulted(config, "ssoRequiresSSL") + ": the LTPA cookie is sent over http and https.");
            }

            var urls = env.Proxy.Urls
                .Concat(env.INotes.Select(s => s.SsoDocument).Concat(env.INotes.Select(s => s.ConfigurationDocument)).Where(l => l != null && l.IsUrl).Select(l => l!.Value))
                .Concat(extraUrls).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (urls.Count == 0)
            {
                return RequiresSsl.Skip("Requires SSL is on (the LTPA cookie is Secure); no iNotes or proxy URL is given to check that every one is https.",
                    "Make sure users open iNotes and the proxy over https only.");
            }

            var plain = urls.Where(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)).ToList();
            return plain.Count == 0
                ? RequiresSsl.Pass($"Requires SSL is on and every URL given is https: {string.Join(", ", urls)}.")
                : RequiresSsl.Fail($"Requires SSL is on, so the browser sends the LTPA cookie over https only, but these URLs are http: {string.Join(", ", plain)}.",
                    "Serve iNotes and the Sametime proxy over https (and point the iNotes Configuration document at the https proxy URL), or turn Requires SSL off.");
        }

        private static CheckResult CheckHttpOnly(SecurityConfiguration config)
        {
            if (config.HttpOnlyCookies == null)
            {
                return HttpOnly.Skip($"{config.Kind} does not set HttpOnly for the security cookies (custom property com.ibm.ws.security.addHttpOnlyAttributeToCookies); the console shows the effective value.");
            }

            return config.HttpOnlyCookies.Value
                ? HttpOnly.Warn("The LTPA cookies are HttpOnly" + Defaulted(config, "httpOnlyCookies") + ": scripts in the page cannot read them. The guide's proxy has the box cleared.",
                    "If the Sametime awareness in iNotes fails while the token itself is valid, clear \"Set security cookies to HTTPOnly\" (Liberty: httpOnlyCookies=\"false\") as in the guide's Figure 6.")
                : HttpOnly.Pass("The LTPA cookies are not HttpOnly, as on the guide's proxy (Figure 6).");
        }

        private static CheckResult CheckKeysFile(SsoEnvironment env, SecurityConfiguration config)
        {
            if (config.KeysFileName == null)
            {
                return KeysFile.Skip("A WebSphere cell keeps its LTPA keys in the key store, not in a file named in security.xml: export them (Global security > LTPA > Export keys, or " + ModuleCommands.NewWsadminLtpaScript + ") and give Proxy.LtpaKeys.");
            }

            string password = config.KeysPasswordSet == true ? (config.KeysPasswordIsDefault ? "the default keysPassword (WebAS)" : "a keysPassword") :
                "no keysPassword (Liberty takes ltpa_keys_password or keystore_password from server.env; older releases use the default WebAS)";
            if (config.KeysFile == null)
            {
                return KeysFile.Skip($"The keys file is '{config.KeysFileName}', which cannot be resolved here (a variable only the server knows, or a path this system does not allow); {password}.");
            }

            if (!File.Exists(config.KeysFile))
            {
                return KeysFile.Skip($"The keys file {config.KeysFile} (keysFileName {config.KeysFileName}{Defaulted(config, "keysFileName")}) is not beside this copy of server.xml; {password}.",
                    "Copy the keys file with server.xml (same relative place), or give Proxy.LtpaKeys, so the key checks compare the proxy's keys.");
            }

            // A copy elsewhere with the same bytes is the same keys file.
            if (env.Proxy.LtpaKeys != null && !string.Equals(Path.GetFullPath(env.Proxy.LtpaKeys), config.KeysFile, StringComparison.Ordinal) &&
                !(File.Exists(env.Proxy.LtpaKeys) && File.ReadAllBytes(env.Proxy.LtpaKeys).SequenceEqual(File.ReadAllBytes(config.KeysFile))))
            {
                return KeysFile.Warn($"The checklist compares '{env.Proxy.LtpaKeys}' (Proxy.LtpaKeys), but the proxy uses '{config.KeysFile}' (keysFileName {config.KeysFileName}{Defaulted(config, "keysFileName")}).",
                    "Point Proxy.LtpaKeys at the keys file the proxy uses, or leave it out so the checklist takes the one in server.xml.");
            }

            if (config.KeysPasswordIsDefault)
            {
                return KeysFile.Warn($"Keys file {config.KeysFile} is protected by Liberty's default password (WebAS).",
                    "Set a keysPassword of your own (securityUtility encode) before sharing the keys with Domino; import them into the Web SSO documents with that password.");
            }

            return KeysFile.Pass($"Keys file {config.KeysFile} (keysFileName {config.KeysFileName}{Defaulted(config, "keysFileName")}), {password}.");
        }

        private static CheckResult CheckDomain(SsoEnvironment env, SecurityConfiguration config)
        {
            if (config.Domain == null)
            {
                return Domain.Fail($"{config.Kind} sets no SSO domain: the cookie goes only to the proxy host.", "Set the domain name in Single sign-on (SSO) to the SSO domain (for example .example.com).");
            }

            if (env.Sso.Domain == null)
            {
                return Domain.Skip($"The expected SSO domain (Sso.Domain) is not given; the proxy uses '{config.Domain}'.");
            }

            string expected = env.Sso.Domain.TrimStart('.');
            var domains = config.Domain.Split('|', ';', ' ').Select(d => d.Trim().TrimStart('.')).Where(d => d.Length > 0).ToList();
            return domains.Any(d => string.Equals(d, expected, StringComparison.OrdinalIgnoreCase))
                ? Domain.Pass($"SSO domain '{config.Domain}' covers {env.Sso.Domain}.")
                : Domain.Fail($"The proxy's SSO domain is '{config.Domain}', the expected domain is '{env.Sso.Domain}'.",
                    $"Set the SSO domain name to {env.Sso.Domain} on the proxy (guide 3.1 step 3) so the LTPA cookie is shared with iNotes and Sametime.");
        }

        private static CheckResult CheckInterop(SsoEnvironment env, SecurityConfiguration config)
        {
            if (config.InteroperabilityMode == null || env.Sso.TokenFormat == null)
            {
                return Interop.Skip($"Needs both the interoperability mode (custom property com.ibm.ws.security.ssoInteropModeEnabled: {(config.InteroperabilityMode?.ToString(CultureInfo.InvariantCulture) ?? "not set")}) and the expected token format (Sso.TokenFormat: {env.Sso.TokenFormat ?? "not given"}).");
            }

            bool both = env.Sso.TokenFormat.IndexOf("LtpaToken,", StringComparison.OrdinalIgnoreCase) >= 0 ||
                        env.Sso.TokenFormat.Replace(" ", string.Empty).Split(',', '+', ';').Count(p => p.Length > 0) > 1;
            if (config.InteroperabilityMode.Value == both)
            {
                return Interop.Pass($"Interoperability mode {(both ? "on" : "off")}, token format {env.Sso.TokenFormat}.");
            }

            return Interop.Fail($"Interoperability mode is {(config.InteroperabilityMode.Value ? "on" : "off")} but the expected token format is {env.Sso.TokenFormat}.",
                "Guide 3.2 step 8: with interoperability mode select LtpaToken and LtpaToken2 in the Web SSO documents, otherwise LtpaToken2 only.");
        }
    }
}
