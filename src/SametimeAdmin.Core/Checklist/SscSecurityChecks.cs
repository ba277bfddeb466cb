using System;
using System.Collections.Generic;
using System.Globalization;
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
