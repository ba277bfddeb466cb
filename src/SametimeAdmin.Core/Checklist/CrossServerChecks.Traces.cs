using System;
using System.Collections.Generic;
using System.Linq;

namespace SametimeAdmin.Checklist
{
    public sealed partial class CrossServerChecks
    {
        private static CheckResult CheckTraceConfigName(ChecklistContext context)
        {
            var env = context.Environment;
            if (env.Sso.ConfigurationName == null)
            {
                return TraceConfigName.Skip("The expected configuration name (Sso.ConfigurationName) is not given.");
            }

            var seen = new List<string>();
            foreach (var server in env.DominoServers)
            {
                foreach (var log in server.ConsoleLogs)
                {
                    var events = SiteArtefacts.TraceEvents(context, log).Value;
                    var last = events?.LastOrDefault(e => e.ConfigName != null);
                    if (last != null)
                    {
                        seen.Add($"{server.Label}: [{last.ConfigName}] (line {last.LineNumber})");
                        if (!string.Equals(last.ConfigName, env.Sso.ConfigurationName, StringComparison.Ordinal))
                        {
                            return TraceConfigName.Fail($"The latest SSO trace of {server.Label} loads [{last.ConfigName}] (line {last.LineNumber}, {log}); expected [{env.Sso.ConfigurationName}].",
                                "Point the Server document (Internet Protocols > Domino Web Engine > Web SSO Configuration) and, on the Community Server, ST_TOKEN_TYPE at the right configuration; restart HTTP (" + Domino.DominoConsoleCommand.CmdletName + " -RestartHttp).");
                        }
                    }
                }
            }

            return seen.Count == 0
                ? TraceConfigName.Skip("No 'SSO API> ConfigName specified' line in the console logs (the SSO trace is off).")
                : TraceConfigName.Pass(string.Join("; ", seen) + ".");
        }
    }
}
