using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using SametimeAdmin.Common;
using SametimeAdmin.Diagnostics;

namespace SametimeAdmin.Checklist
{
    public sealed partial class StartupChecks
    {
        private const string RunningSection = GuideSection.Checklist + " (Synchronization between Servers, and startup: WAS SSC and IBM DB2 Server running)";

        internal static readonly CheckDefinition SscRunning = new CheckDefinition("Startup.Ssc", Area,
            "The Sametime System Console listens on its console and SOAP ports", RunningSection, ChecklistServer.Ssc);

        internal static readonly CheckDefinition Db2Running = new CheckDefinition("Startup.Db2", Area,
            "The DB2 server with the STSC and STPR databases listens on its port", RunningSection, ChecklistServer.Ssc);

        private static CheckResult ProbeSsc(ChecklistContext context) =>
            ProbePorts(context, SscRunning, context.Environment.Ssc.HostName, "Ssc.HostName", StPortDefinition.ForRole(StServerRole.Ssc),
                "Start the System Console's deployment manager (startManager in the SSC's DMgr profile bin folder) and check its SystemOut.log; if it runs, the ports may not be IBM's defaults: they are in the SSC profile's logs/AboutThisProfile.txt.");

        private static CheckResult ProbeDb2(ChecklistContext context)
        {
            var ssc = context.Environment.Ssc;
            var port = StPortDefinition.ForRole(StServerRole.Db2).Single();
            var ports = ssc.Db2Port == null || ssc.Db2Port == port.Port
                ? new[] { port }
                : new[] { new StPortDefinition(ssc.Db2Port.Value, StServerRole.Db2, "DB2 server with the STSC and STPR databases (Ssc.Db2Port)") };
            return ProbePorts(context, Db2Running, ssc.Db2HostName, "Ssc.Db2HostName", ports,
                "Start the DB2 instance (db2start as the instance owner, or its Windows service) and check db2diag.log; if it runs, compare the port with the instance's SVCENAME (db2 get dbm cfg) and set Ssc.Db2Port. The System Console and the Proxy cannot start or deploy without the STSC and STPR databases.");
        }

        /// <summary>Probes the ports of a server the site names; Skipped with the reason when it names none or the run is offline.</summary>
        internal static CheckResult ProbePorts(ChecklistContext context, CheckDefinition def, string? host, string setting, IReadOnlyList<StPortDefinition> ports, string fix)
        {
            string list = string.Join(", ", ports.Select(p => p.Port.ToString(CultureInfo.InvariantCulture)));
            if (string.IsNullOrWhiteSpace(host))
            {
                return def.Skip($"No host is given ({setting}): ports {list} were not probed.", $"Add the host name as {setting} to probe it.");
            }

            if (context.Options.Offline)
            {
                return def.Skip($"Offline run (-Offline): {host} was not probed on {list}.", "Run without -Offline from a machine that reaches " + host + ".");
            }

            var rows = PortProbeCheck.ProbeAsync(host!, ports, context.Options.Timeout, CancellationToken.None).GetAwaiter().GetResult();
            string evidence = string.Join("; ", rows.Select(r => $"{host}:{r.Port} {r.Status} ({r.Detail?.TrimEnd('.')}) - {r.DisplayName}")) + ".";
            int open = rows.Count(r => r.IsHealthy);
            string probe = " (" + string.Format(CultureInfo.InvariantCulture, ModuleCommands.GetStServiceStatusComputerNameProbe, host) + " -Port " + list + ")";
            return open == rows.Count ? def.Pass(evidence)
                : open == 0 ? def.Fail(evidence, fix + probe)
                : def.Warn(evidence, "Some ports answer: the server runs, but not every port listed is open or it is not IBM's default. " + fix + probe);
        }
    }
}
