using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SametimeAdmin.Common;

namespace SametimeAdmin.Inventory
{
    /// <summary>
    /// The ports of a WebSphere profile, from its logs/AboutThisProfile.txt ("HTTP transport port: 9080",
    /// "Administrative console secure port: 9043" ...; guide 2.3 checks the proxy's HTTP transport port there).
    /// </summary>
    public static class ProfilePorts
    {
        /// <summary>ErrorId of an AboutThisProfile.txt without a single port line.</summary>
        public const string ErrorNoPorts = "InventoryProfilePortsNotFound";

        /// <summary>The name of the port AboutThisProfile.txt gives for the proxy's HTTP transport.</summary>
        public const string HttpTransport = "HTTP transport port";

        /// <summary>The name of the port for the proxy's HTTPS transport.</summary>
        public const string HttpsTransport = "HTTPS transport port";

        private static readonly Regex PortLine = new Regex(@"^\s*(?<name>[A-Za-z][^:]*\bport)\s*:\s*(?<port>\d{1,5})\s*$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

        /// <summary>Every "... port: N" line of the file, in file order.</summary>
        public static IReadOnlyList<InventoryItem> Read(string path, string server)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            var ports = File.ReadLines(path)
                .Select(line => PortLine.Match(line))
                .Where(m => m.Success)
                .Select(m => new InventoryItem(server, InventoryKind.Port, m.Groups["name"].Value.Trim(), m.Groups["port"].Value, path))
                .ToList();
            if (ports.Count == 0)
            {
                throw new SametimeAdminException(ErrorNoPorts, FailureKind.InvalidData, $"'{path}' has no 'port: <number>' line; it does not look like a profile's AboutThisProfile.txt.")
                {
                    RecommendedAction = "Copy <profile>/logs/AboutThisProfile.txt of the Sametime Proxy's WebSphere profile again.",
                };
            }

            return ports;
        }
    }
}
