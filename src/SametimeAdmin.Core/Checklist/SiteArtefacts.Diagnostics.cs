using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Diagnostics;

namespace SametimeAdmin.Checklist
{
    internal static partial class SiteArtefacts
    {
        /// <summary>What a console.log says about the last start-up (Get-StServiceStatus -LogPath).</summary>
        public static Loaded<StartupLogReport> Startup(ChecklistContext context, string path, string computerName)
        {
            string? problem = ChecklistContext.FileProblem(path, "The console log");
            if (problem != null)
            {
                return new Loaded<StartupLogReport>(null, problem);
            }

            return context.Load("startup:" + path, () => StartupLog.Read(path, computerName, StServiceCatalog.Default));
        }

        /// <summary>The SSO trace events of a log (Get-SsoTraceEvent).</summary>
        public static Loaded<List<SsoTraceEvent>> TraceEvents(ChecklistContext context, string path)
        {
            string? problem = ChecklistContext.FileProblem(path, "The log");
            if (problem != null)
            {
                return new Loaded<List<SsoTraceEvent>>(null, problem);
            }

            // The reader emits an event when its thread's validation ends; the checks read "latest" in file order.
            return context.Load("trace:" + path, () => SsoTraceReader.Read(path).OrderBy(e => e.LineNumber).ToList());
        }
    }
}
