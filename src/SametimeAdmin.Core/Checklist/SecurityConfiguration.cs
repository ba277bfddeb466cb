using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Checklist
{
    /// <summary>
    /// The SSO and LTPA settings of the proxy's cell as the Sametime System Console shows them (Global security >
    /// Single sign-on, LTPA, custom properties, user registry), read from a WebSphere security.xml or a Liberty
    /// server.xml. Values that are not in the file stay null.
    /// </summary>
    public sealed class SecurityConfiguration
    {
        public const string ErrorUnreadable = "SecurityConfigurationInvalid";

        // WebSphere custom property names for the SSO cookie names and interoperability mode. The
        // interoperability property is shown in the guide; the cookie-name properties are as IBM documents them
        // for WebSphere 8.5 (not confirmed against a Sametime cell).
        private const string InteropProperty = "com.ibm.ws.security.ssoInteropModeEnabled";
        private const string Ltpa2CookieProperty = "com.ibm.websphere.security.customSSOCookieName";

        // WebSphere 8.x custom property behind "Set security cookies to HTTPOnly" on the Single sign-on page.
        private const string HttpOnlyProperty = "com.ibm.ws.security.addHttpOnlyAttributeToCookies";

        // Liberty's documented default keysPassword ({xor} encoding of WebAS).
        private const string LibertyDefaultKeysPassword = "{xor}CDo9Hgw=";

        private readonly List<string> defaults = new List<string>();

        /// <summary>"WebSphere security.xml" or "Liberty server.xml".</summary>
        public string Kind { get; private set; } = string.Empty;

        public string Source { get; private set; } = string.Empty;

        public bool? SsoEnabled { get; private set; }

        /// <summary>The SSO domain as written in the file (WebSphere: ".example.com"; Liberty: "example.com|...").</summary>
        public string? Domain { get; private set; }

        /// <summary>The LTPA V2 cookie name (default LtpaToken2 when the file does not change it).</summary>
        public string? CookieName { get; private set; }

        public int? ExpirationMinutes { get; private set; }

        public bool? InteroperabilityMode { get; private set; }

        public string? Realm { get; private set; }

        public string? LdapHost { get; private set; }

        /// <summary>"Requires SSL" (WebSphere singleSignon requiresSSL, Liberty webAppSecurity ssoRequiresSSL): the LTPA cookie is Secure.</summary>
        public bool? RequiresSsl { get; private set; }

        /// <summary>Whether the LTPA cookies carry HttpOnly (WebSphere custom property, Liberty webAppSecurity httpOnlyCookies).</summary>
        public bool? HttpOnlyCookies { get; private set; }

        /// <summary>WebSphere: "Automatically generate keys" of the LTPA key set group; null when the file has no key set group for LTPA.</summary>
        public bool? KeyAutoGenerate { get; private set; }

        /// <summary>The LTPA key set group (CellLTPAKeySetGroup, NodeLTPAKeySetGroup).</summary>
        public string? KeySetGroupName { get; private set; }

        /// <summary>Days between automatic key generations (the key set group's schedule frequency), when the file says.</summary>
        public int? KeyRegenerationDays { get; private set; }

        /// <summary>Liberty: the LTPA keys file as written in ltpa keysFileName (or Liberty's default).</summary>
        public string? KeysFileName { get; private set; }

        /// <summary>Liberty: the keys file as a full path, with ${server.config.dir} and ${server.output.dir} taken as the folder of server.xml.</summary>
        public string? KeysFile { get; private set; }

        /// <summary>Liberty: a keysPassword is written in server.xml (the value is never kept).</summary>
        public bool? KeysPasswordSet { get; private set; }

        /// <summary>Liberty: keysPassword is Liberty's documented default ({xor}CDo9Hgw=, that is WebAS).</summary>
        public bool KeysPasswordIsDefault { get; private set; }

        /// <summary>Liberty: the attributes the file leaves out and the default Liberty uses for each ("expiration=120m").</summary>
        public IReadOnlyList<string> LibertyDefaults => defaults;

        /// <summary>Reads security.xml (WebSphere) or server.xml (Liberty).</summary>
        public static SecurityConfiguration Read(string path)
        {
            XDocument doc;
            try
            {
                // No DTD: WebSphere and Liberty never write one, and its entities could blow a small file up into megabytes of evidence.
                doc = SafeXml.LoadWithoutDtd(path, "a WebSphere security.xml or Liberty server.xml");
            }
            catch (XmlException ex)
            {
                throw new SametimeAdminException(ErrorUnreadable, FailureKind.InvalidData, $"'{path}' is not well-formed XML: {ex.Message}", ex);
            }

            var root = doc.Root ?? throw new SametimeAdminException(ErrorUnreadable, FailureKind.InvalidData, $"'{path}' is empty.");
            var config = new SecurityConfiguration { Source = path };
            if (root.Name.LocalName.Equals("server", StringComparison.Ordinal))
            {
                config.ReadLiberty(root);
            }
            else if (root.Name.LocalName.Equals("Security", StringComparison.Ordinal))
            {
                config.ReadWebSphere(root);
            }
            else
            {
                throw new SametimeAdminException(ErrorUnreadable, FailureKind.InvalidData,
                    $"'{path}' is neither a WebSphere security.xml (root element Security) nor a Liberty server.xml (root element server); its root element is '{root.Name.LocalName}'.");
            }

            return config;
        }

        /// <summary>
        /// When the site gives a Liberty server.xml but no Proxy.LtpaKeys, the keys file server.xml names becomes the
        /// proxy's keys file, so the key checks compare the file the proxy really uses. An unreadable server.xml is left
        /// to the SSC security checks to report. Returns the site unchanged when there is nothing to adopt.
        /// </summary>
        public static SsoEnvironment AdoptKeysFile(SsoEnvironment environment)
        {
            if (environment == null)
            {
                throw new ArgumentNullException(nameof(environment));
            }

            string? path = environment.Ssc.SecurityXml;
            if (environment.Proxy.LtpaKeys != null || path == null || ChecklistContext.FileProblem(path, "server.xml") != null)
            {
                return environment;
            }

            try
            {
                string? keys = Read(path).KeysFile;
                if (keys != null && File.Exists(keys))
                {
                    return environment with { Proxy = environment.Proxy with { LtpaKeys = keys } };
                }
            }
            catch (Exception ex) when (ex is SametimeAdminException || ex is IOException || ex is UnauthorizedAccessException)
            {
                // Reported by SscSecurity.Configuration.
            }

            return environment;
        }

        private void ReadLiberty(XElement root)
        {
            Kind = "Liberty server.xml";
            var ltpa = root.Elements().FirstOrDefault(e => e.Name.LocalName == "ltpa");
            var web = root.Elements().FirstOrDefault(e => e.Name.LocalName == "webAppSecurity");

            // Liberty's documented defaults (Open Liberty config reference, ltpa and webAppSecurity) apply to what the file leaves out.
            string? Attribute(XElement? element, string name, string fallback)
            {
                string? value = (string?)element?.Attribute(name);
                if (value == null)
                {
                    defaults.Add(name + "=" + fallback);
                }

                return value;
            }

            string? expiration = Attribute(ltpa, "expiration", "120m");
            ExpirationMinutes = expiration != null ? ParseLibertyDuration(expiration) : 120;
            KeysFileName = Attribute(ltpa, "keysFileName", "${server.output.dir}/resources/security/ltpa.keys") ?? "${server.output.dir}/resources/security/ltpa.keys";
            KeysFile = ResolveLibertyPath(KeysFileName);
            string? password = (string?)ltpa?.Attribute("keysPassword");
            KeysPasswordSet = password != null;
            KeysPasswordIsDefault = password != null && (password == LibertyDefaultKeysPassword || password == "WebAS");

            CookieName = Attribute(web, "ssoCookieName", "LtpaToken2") ?? "LtpaToken2";
            Domain = (string?)web?.Attribute("ssoDomainNames");
            SsoEnabled = !string.Equals(Attribute(web, "singleSignonEnabled", "true"), "false", StringComparison.OrdinalIgnoreCase);
            RequiresSsl = string.Equals(Attribute(web, "ssoRequiresSSL", "false"), "true", StringComparison.OrdinalIgnoreCase);
            HttpOnlyCookies = !string.Equals(Attribute(web, "httpOnlyCookies", "true"), "false", StringComparison.OrdinalIgnoreCase);
            var ldap = root.Elements().FirstOrDefault(e => e.Name.LocalName == "ldapRegistry");
            Realm = (string?)ldap?.Attribute("realm");
            LdapHost = (string?)ldap?.Attribute("host");
        }

        /// <summary>A Liberty path: the server variables for the server's own folders become the folder of server.xml; relative paths are taken from there. Null when it cannot be resolved here.</summary>
        private string? ResolveLibertyPath(string value)
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(Source)) ?? ".";
            string path = value.Replace("${server.config.dir}", folder).Replace("${server.output.dir}", folder);
            if (path.IndexOf("${", StringComparison.Ordinal) >= 0)
            {
                // Another variable (wlp.user.dir, an env var): only the server knows it.
                return null;
            }

            try
            {
                return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(folder, path));
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                // Characters this system does not allow in a path (Windows): the server's own system may.
                return null;
            }
        }

        private void ReadWebSphere(XElement root)
        {
            Kind = "WebSphere security.xml";
            var ltpa = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "authMechanisms" &&
                ((string?)e.Attributes().FirstOrDefault(a => a.Name.LocalName == "type") ?? string.Empty).EndsWith("LTPA", StringComparison.Ordinal));
            if (ltpa != null && int.TryParse((string?)ltpa.Attribute("timeout"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int timeout))
            {
                ExpirationMinutes = timeout;
            }

            var sso = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "singleSignon");
            if (sso != null)
            {
                Domain = (string?)sso.Attribute("domainName");
                if (Domain?.Length == 0)
                {
                    Domain = null;
                }

                SsoEnabled = string.Equals((string?)sso.Attribute("enabled"), "true", StringComparison.OrdinalIgnoreCase);
                RequiresSsl = Flag((string?)sso.Attribute("requiresSSL"));
            }

            ReadKeySetGroup(root, ltpa);

            string? Property(string name) => root.Descendants()
                .Where(e => e.Name.LocalName == "properties" && (string?)e.Attribute("name") == name)
                .Select(e => (string?)e.Attribute("value")).FirstOrDefault();

            string? interop = Property(InteropProperty);
            InteroperabilityMode = interop == null ? (bool?)null : interop.Equals("true", StringComparison.OrdinalIgnoreCase);
            CookieName = Property(Ltpa2CookieProperty) ?? "LtpaToken2";
            HttpOnlyCookies = Flag(Property(HttpOnlyProperty));

            var registry = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "userRegistries" && e.Attribute("realm") != null &&
                ((string?)e.Attributes().FirstOrDefault(a => a.Name.LocalName == "type") ?? string.Empty).IndexOf("WIM", StringComparison.OrdinalIgnoreCase) >= 0)
                ?? root.Descendants().FirstOrDefault(e => e.Name.LocalName == "userRegistries" && e.Attribute("realm") != null);
            Realm = (string?)registry?.Attribute("realm");
            LdapHost = (string?)root.Descendants().FirstOrDefault(e => e.Name.LocalName == "hosts")?.Attribute("host");
        }

        private static bool? Flag(string? value) => value == null ? (bool?)null : value.Equals("true", StringComparison.OrdinalIgnoreCase);

        private static string? XmiId(XElement e) => (string?)e.Attributes().FirstOrDefault(a => a.Name.LocalName == "id" && a.Name.NamespaceName.Length > 0);

        /// <summary>
        /// The key set group the LTPA mechanism points at (its keySetGroup attribute holds the group's xmi:id), else the
        /// one named *LTPAKeySetGroup; autoGenerate is "Automatically generate keys" and its schedule (a wsSchedules
        /// element the group refers to, or a nested one) has the frequency in days.
        /// </summary>
        private void ReadKeySetGroup(XElement root, XElement? ltpa)
        {
            var groups = root.Descendants().Where(e => e.Name.LocalName == "keySetGroups").ToList();
            string? reference = (string?)ltpa?.Attribute("keySetGroup");
            var group = groups.FirstOrDefault(g => reference != null && XmiId(g) == reference)
                ?? groups.FirstOrDefault(g => ((string?)g.Attribute("name") ?? string.Empty).EndsWith("LTPAKeySetGroup", StringComparison.Ordinal));
            if (group == null)
            {
                return;
            }

            KeySetGroupName = (string?)group.Attribute("name");
            KeyAutoGenerate = Flag((string?)group.Attribute("autoGenerate"));
            string? scheduleId = (string?)group.Attribute("wsSchedule");
            var schedule = group.Elements().FirstOrDefault(e => e.Name.LocalName == "wsSchedule" || e.Name.LocalName == "wsSchedules")
                ?? root.Descendants().FirstOrDefault(e => e.Name.LocalName == "wsSchedules" && scheduleId != null && XmiId(e) == scheduleId);
            if (schedule != null && int.TryParse((string?)schedule.Attribute("frequency"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int days))
            {
                KeyRegenerationDays = days;
            }
        }

        /// <summary>Liberty durations ("120m", "2h", "1h30m", "7200s", or a bare number of minutes) in whole minutes.</summary>
        internal static int? ParseLibertyDuration(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            double seconds = 0;
            string number = string.Empty;
            foreach (char c in text!.Trim())
            {
                if (char.IsDigit(c))
                {
                    number += c;
                    continue;
                }

                if (number.Length == 0)
                {
                    return null;
                }

                double value = double.Parse(number, CultureInfo.InvariantCulture);
                switch (char.ToLowerInvariant(c))
                {
                    case 'd': seconds += value * 86400; break;
                    case 'h': seconds += value * 3600; break;
                    case 'm': seconds += value * 60; break;
                    case 's': seconds += value; break;
                    default: return null;
                }

                number = string.Empty;
            }

            if (number.Length > 0)
            {
                // A bare number is in the attribute's unit, minutes for the ltpa expiration.
                seconds += double.Parse(number, CultureInfo.InvariantCulture) * 60;
            }

            return (int)Math.Round(seconds / 60);
        }
    }
}
