using System;
using System.Collections.Generic;
using System.Linq;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>Turns a computer's service list into status rows for the catalogue.</summary>
    public static class ServiceControlCheck
    {
        /// <summary>Display-name prefixes of Sametime services that are reported even when not in the catalogue.</summary>
        private static readonly string[] SametimePrefixes = { "ST ", "Sametime" };

        public static IReadOnlyList<StServiceStatus> Evaluate(string computerName, StServiceCatalog catalog, IEnumerable<WindowsServiceInfo> services)
        {
            var installed = services.ToList();
            var rows = new List<StServiceStatus>();
            var matched = new HashSet<WindowsServiceInfo>();
            var byName = catalog.Services.ToDictionary(expected => expected, expected =>
                installed.FirstOrDefault(s => Same(s.ServiceName, expected.Name) || Same(s.DisplayName, expected.DisplayName))
                ?? installed.FirstOrDefault(s => Same(s.ServiceName, expected.DisplayName) || Same(s.DisplayName, expected.Name)));
            var namedServices = new HashSet<WindowsServiceInfo>(byName.Values.Where(s => s != null)!);
            foreach (var expected in catalog.Services)
            {
                // When the names differ (six of them are inferred), the executable of the command line (CIM reports it)
                // still finds the service, but only among services no catalogue name claims.
                var service = byName[expected]
                    ?? (expected.Executable == null ? null
                        : installed.FirstOrDefault(s => !matched.Contains(s) && !namedServices.Contains(s) && s.Executable != null && Same(s.Executable, expected.Executable)));
                if (service == null)
                {
                    string doubt = expected.Evidence == CatalogEvidence.Confirmed
                        ? string.Empty
                        : " The catalogue's name for it is inferred: check services.msc for a similar name and correct the catalogue (-CatalogPath).";
                    rows.Add(new StServiceStatus(computerName, expected.Name, expected.DisplayName, StServiceState.NotInstalled, null,
                        StServiceSource.ServiceControl, "No service with this name or display name." + doubt, false, true));
                    continue;
                }

                matched.Add(service);
                var state = ParseState(service.Status);
                rows.Add(new StServiceStatus(computerName, service.ServiceName, service.DisplayName, state, service.StartType,
                    StServiceSource.ServiceControl, Describe(state, service.StartType), state == StServiceState.Running, true));
            }

            foreach (var extra in installed.Where(s => !matched.Contains(s) && SametimePrefixes.Any(p => s.DisplayName.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(s => s.DisplayName, StringComparer.OrdinalIgnoreCase))
            {
                var state = ParseState(extra.Status);
                rows.Add(new StServiceStatus(computerName, extra.ServiceName, extra.DisplayName, state, extra.StartType,
                    StServiceSource.ServiceControl, "Not in the service catalogue (not counted in the summary).", state == StServiceState.Running, false));
            }

            return rows;
        }

        private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

        private static StServiceState ParseState(string status) =>
            Enum.TryParse(status, true, out StServiceState state) && state <= StServiceState.Paused ? state : StServiceState.Unknown;

        private static string Describe(StServiceState state, string? startType)
        {
            if (state == StServiceState.Running)
            {
                return "Running.";
            }

            string text = state + (startType == null ? "." : " (start type " + startType + ").");
            if (string.Equals(startType, "Disabled", StringComparison.OrdinalIgnoreCase))
            {
                text += " The service is disabled: set it back to Manual (Sametime starts its services itself).";
            }
            else
            {
                text += " Sametime starts its services itself: restart Sametime on that Domino server ('tell staddin quit' on the console stops it) and check its console.log.";
            }

            return text;
        }
    }
}
