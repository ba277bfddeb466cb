using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json;
using SametimeAdmin.Checklist;
using SametimeAdmin.Common;

namespace SametimeAdmin.MustGather
{
    public static partial class MustGatherCollector
    {
        /// <summary>The service status each console log gives (as Get-StServiceStatus -LogPath shows it).</summary>
        private static void AddServiceStatus(MustGatherArchive archive, ChecklistContext context, JsonSerializerSettings settings)
        {
            var services = new List<object>();
            foreach (var server in context.Environment.DominoServers)
            {
                foreach (var log in server.ConsoleLogs)
                {
                    var report = SiteArtefacts.Startup(context, log, server.Name ?? server.HostName ?? server.Role);
                    services.Add(new
                    {
                        server = server.Label,
                        log,
                        problem = report.Problem,
                        lastSuccessfulStartup = report.Value?.LastSuccessfulStartup,
                        startupFound = report.Value?.StartupFound,
                        rows = report.Value?.Rows.Select(r => new { r.Service, r.DisplayName, r.Status, r.IsHealthy, r.Detail, r.Time, r.LineNumber }),
                        warnings = report.Value?.Warnings,
                    });
                }
            }

            if (services.Count > 0)
            {
                archive.AddText("service-status.json", JsonConvert.SerializeObject(services, settings), "service status from the console logs (as " + ModuleCommands.GetStServiceStatusLogPath + " shows it)");
            }
            else
            {
                archive.AddMissing("service status", null, "no console log is given in the environment description");
            }
        }
    }
}
