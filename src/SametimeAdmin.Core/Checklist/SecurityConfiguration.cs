using System;
using System.Globalization;
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

        private void ReadLiberty(XElement root)
        {
            Kind = "Liberty server.xml";
            var ltpa = root.Elements().FirstOrDefault(e => e.Name.LocalName == "ltpa");
            ExpirationMinutes = ltpa != null ? ParseLibertyDuration((string?)ltpa.Attribute("expiration")) ?? 120 : 120;
            var web = root.Elements().FirstOrDefault(e => e.Name.LocalName == "webAppSecurity");
            CookieName = (string?)web?.Attribute("ssoCookieName") ?? "LtpaToken2";
            Domain = (string?)web?.Attribute("ssoDomainNames");
            SsoEnabled = !string.Equals((string?)web?.Attribute("singleSignonEnabled"), "false", StringComparison.OrdinalIgnoreCase);
            var ldap = root.Elements().FirstOrDefault(e => e.Name.LocalName == "ldapRegistry");
            Realm = (string?)ldap?.Attribute("realm");
            LdapHost = (string?)ldap?.Attribute("host");
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
                SsoEnabled = string.Equals((string?)sso.Attribute("enabled"), "true", StringComparison.OrdinalIgnoreCase);
            }

            string? Property(string name) => root.Descendants()
                .Where(e => e.Name.LocalName == "properties" && (string?)e.Attribute("name") == name)
                .Select(e => (string?)e.Attribute("value")).FirstOrDefault();

            string? interop = Property(InteropProperty);
            InteroperabilityMode = interop == null ? (bool?)null : interop.Equals("true", StringComparison.OrdinalIgnoreCase);
            CookieName = Property(Ltpa2CookieProperty) ?? "LtpaToken2";

            var registry = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "userRegistries" && e.Attribute("realm") != null &&
                ((string?)e.Attributes().FirstOrDefault(a => a.Name.LocalName == "type") ?? string.Empty).IndexOf("WIM", StringComparison.OrdinalIgnoreCase) >= 0)
                ?? root.Descendants().FirstOrDefault(e => e.Name.LocalName == "userRegistries" && e.Attribute("realm") != null);
            Realm = (string?)registry?.Attribute("realm");
            LdapHost = (string?)root.Descendants().FirstOrDefault(e => e.Name.LocalName == "hosts")?.Attribute("host");
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
