using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace SametimeAdmin.Inventory
{
    /// <summary>
    /// The version lines of a Domino console.log: the start-up banner
    /// ("IBM Domino (r) Server (64 Bit), Release 9.0.1FP10, January 15, 2018"; Lotus and HCL builds say "Lotus" or
    /// "HCL") and, on the LDAP server, the "Opened session for INOTES1/ibm (Release 9.0.1FP7)" lines of guide 4.1 that
    /// name every server which reached it and its release. Other lines are passed over.
    /// </summary>
    public static class ConsoleVersions
    {
        // Optional "[pid:tid-tid] " prefix and "dd/mm/yyyy hh:mm:ss" time, as the guide's console excerpts show them.
        private const string Prefix = @"^\s*(?:\[[^\]]*\]\s*)?(?:(?<time>\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\s+\d{1,2}:\d{2}:\d{2}(?:\s*[AP]M)?)\s+)?";

        private static readonly Regex Banner = new Regex(Prefix + @"(?<product>(?:IBM|HCL|Lotus)\s+Domino\s+\(r\)\s+Server(?:\s+\([^)]*\))?),\s+Release\s+(?<release>[^,\s]+)",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

        private static readonly Regex Session = new Regex(Prefix + @"Opened session for (?<server>.+?) \(Release (?<release>[^)]+)\)\s*$",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        /// <summary>The banner versions and LDAP sessions of one console.log, in file order.</summary>
        public static IEnumerable<InventoryItem> Read(string path, string server)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            int number = 0;
            foreach (string line in File.ReadLines(path))
            {
                number++;
                var match = Banner.Match(line);
                string kind = InventoryKind.Version;
                string name;
                if (match.Success)
                {
                    name = Regex.Replace(match.Groups["product"].Value, @"\s+", " ");
                }
                else
                {
                    match = Session.Match(line);
                    if (!match.Success)
                    {
                        continue;
                    }

                    kind = InventoryKind.LdapSession;
                    name = match.Groups["server"].Value.Trim();
                }

                yield return new InventoryItem(server, kind, name, match.Groups["release"].Value.Trim(), path + ":" + number.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    Time = match.Groups["time"].Success ? match.Groups["time"].Value : null,
                };
            }
        }
    }
}
