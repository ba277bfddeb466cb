using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>Port probes of one computer as status rows.</summary>
    public static class PortProbeCheck
    {
        public static async Task<IReadOnlyList<StServiceStatus>> ProbeAsync(string computerName, IEnumerable<StPortDefinition> ports, TimeSpan timeout,
            CancellationToken cancellationToken)
        {
            var list = ports.ToList();
            var results = await Task.WhenAll(list.Select(p => TcpProbe.ProbeAsync(computerName, p.Port, timeout, cancellationToken))).ConfigureAwait(false);
            var rows = new List<StServiceStatus>(list.Count);
            for (int i = 0; i < list.Count; i++)
            {
                var port = list[i];
                var result = results[i];
                rows.Add(new StServiceStatus(computerName, port.Port.ToString(CultureInfo.InvariantCulture) + "/tcp", port.Meaning, result.State, null,
                    StServiceSource.Probe, result.Message, result.State == StServiceState.Listening, true)
                {
                    Port = port.Port,
                    Time = DateTime.Now,
                });
            }

            return rows;
        }
    }
}
