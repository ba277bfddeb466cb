using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.Diagnostics;

namespace SametimeAdmin.Checklist
{
    /// <summary>
    /// Checklist heading "Synchronization between Servers, and startup": what the servers' logs say about their last
    /// start-up (Get-StServiceStatus -LogPath), their connections (LDAP), and the SSO token traces (Get-SsoTraceEvent).
    /// </summary>
    public sealed partial class StartupChecks : IChecklistArea
    {
        private const string Area = ChecklistArea.Startup;

        internal static readonly CheckDefinition SametimeStartup = new CheckDefinition("Startup.SametimeServices", Area,
            "The last Sametime start-up completed and every service started", GuideSection.LoginFailures + " (Problems accessing the Sametime Server)", ChecklistServer.Community);

        internal static readonly CheckDefinition HttpStarted = new CheckDefinition("Startup.HttpTask", Area,
            "The HTTP task started", GuideSection.LoginFailures + " (Problems accessing the iNotes Server)", ChecklistServer.INotes, ChecklistLink.BrowserToINotes);

        internal static readonly CheckDefinition Connections = new CheckDefinition("Startup.ServerConnections", Area,
            "No connection errors to other servers (LDAP) in the log", GuideSection.LoginFailures + " (Problems accessing the LDAP Server)", ChecklistServer.Community, ChecklistLink.CommunityToLdap);

        internal static readonly CheckDefinition LdapStarted = new CheckDefinition("Startup.LdapServer", Area,
            "The LDAP server's console shows 'LDAP Server: Started'", GuideSection.LoginFailures + " (Problems accessing the LDAP Server)", ChecklistServer.Ldap);

        internal static readonly CheckDefinition TokenTrace = new CheckDefinition("Startup.SsoTokens", Area,
            "The latest SSO token events in the log succeeded", GuideSection.ServerTrace, ChecklistServer.INotes);

        /// <summary>How many of the latest token events count as "recent" for the every-validation-failed rule.</summary>
        private const int RecentEvents = 10;

        public string Name => Area;

        /// <summary>The text as one sentence: a full stop is added only when it does not already end with one.</summary>
        internal static string Sentence(string? text)
        {
            string trimmed = (text ?? string.Empty).TrimEnd();
            return trimmed.Length == 0 || trimmed.EndsWith(".", StringComparison.Ordinal) || trimmed.EndsWith("!", StringComparison.Ordinal) || trimmed.EndsWith("?", StringComparison.Ordinal)
                ? trimmed : trimmed + ".";
        }

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            var env = context.Environment;
            foreach (var server in env.DominoServers)
            {
                string computer = server.Name ?? server.HostName ?? server.Role;
                if (server.ConsoleLogs.Count == 0)
                {
                    var def = server.Role == ChecklistServer.Community ? SametimeStartup : HttpStarted;
                    yield return def.For(server.Key, def.Check + " (" + server.Label + ")", server.Role)
                        .Skip($"No console log of {server.Label} is given (ConsoleLog).", "Copy <Domino data>/IBM_TECHNICAL_SUPPORT/console.log of the server and add it as ConsoleLog.");
                    continue;
                }

                foreach (var log in server.ConsoleLogs)
                {
                    foreach (var result in CheckStartup(context, server, computer, log))
                    {
                        yield return result;
                    }

                    yield return CheckTrace(context, log, server.Role, Link(server.Role));
                }
            }

            foreach (var log in env.Proxy.TraceLogs)
            {
                yield return CheckTrace(context, log, ChecklistServer.Proxy, ChecklistLink.INotesToProxy);
            }

            foreach (var log in env.Ldap.ConsoleLogs)
            {
                yield return CheckLdap(context, log, env.Ldap.HostName ?? ChecklistServer.Ldap);
            }

            yield return ProbeSsc(context);
            yield return ProbeDb2(context);
        }

        private static string Link(string role) => role == ChecklistServer.Community ? ChecklistLink.ProxyToCommunity : ChecklistLink.INotesToProxy;

        private static IEnumerable<CheckResult> CheckStartup(ChecklistContext context, DominoServerDescription server, string computer, string log)
        {
            string file = Path.GetFileName(log);
            var report = SiteArtefacts.Startup(context, log, computer);
            var main = server.Role == ChecklistServer.Community ? SametimeStartup : HttpStarted;
            var def = main.For(server.Key + "." + file, $"{main.Check} ({server.Label}, {file})", server.Role);
            if (report.Value == null)
            {
                yield return def.Fail(report.Problem!, "Copy the console log of the server again.");
                yield break;
            }

            var rows = report.Value.Rows;
            if (server.Role == ChecklistServer.Community)
            {
                if (!report.Value.StartupFound)
                {
                    yield return def.Warn($"{log} holds no Sametime start-up.", "Use the console.log (or sametime.log) that covers the last restart of the Sametime server.");
                }
                else
                {
                    var summary = report.Value.Summarize(computer);
                    var bad = rows.Where(r => !r.IsHealthy && !r.Service.StartsWith("Connection to ", StringComparison.Ordinal)).ToList();
                    // Each fact once: the count, each unhealthy service's own detail, and the last successful start-up
                    // unless the start-up row already states it.
                    string count = $"{summary.Healthy} of {summary.Expected} services reported started.";
                    string last = bad.Any(r => r.Service == StartupLog.StartupRow) ? string.Empty
                        : report.Value.LastSuccessfulStartup.HasValue ? $" Last successful start-up: {report.Value.LastSuccessfulStartup.Value:yyyy-MM-dd HH:mm:ss}." : " No successful start-up in the log.";
                    yield return bad.Count == 0
                        ? def.Pass(count + last)
                        : def.Fail(count + " " + string.Join(" ", bad.Select(r => r.DisplayName + ": " + r.Detail)) + last,
                            "Check the services on the Community Server (" + ModuleCommands.GetStServiceStatusComputerName + "), look for the failing service's errors after its 'Starting service' line, and restart Sametime (" + ModuleCommands.SendDominoConsoleCommandRestartServer + " on a Domino-based Community Server; guide 4.1, Problems accessing the Sametime Server).");
                }
            }
            else
            {
                var http = rows.Where(r => r.Service == "HTTP Server").ToList();
                yield return http.Count > 0 && http.All(r => r.IsHealthy)
                    ? def.Pass(string.Join(" ", http.Select(r => r.Detail)))
                    : def.Warn($"{log} shows no 'HTTP Server: Started' line.", "Check that the Domino server and its HTTP task run (console: show tasks; load http) - guide 4.1, Problems accessing the iNotes Server.");
            }

            var errors = rows.Where(r => r.Service.StartsWith("Connection to ", StringComparison.Ordinal)).ToList();
            var conn = Connections.For(server.Key + "." + file, $"{Connections.Check} ({server.Label}, {file})", server.Role,
                server.Role == ChecklistServer.Community ? ChecklistLink.CommunityToLdap : ChecklistLink.INotesToLdap);
            yield return errors.Count == 0
                ? conn.Pass("No 'Error connecting to server' line since the last start-up.")
                : conn.Fail(string.Join(" ", errors.Select(r => r.Detail)),
                    "Check that the LDAP Domino server runs (its console shows 'LDAP Server: Started' and sessions opened by the iNotes and Sametime servers) and is reachable (" + ModuleCommands.GetStServiceStatusProbePort + " 389).");
        }

        private static CheckResult CheckLdap(ChecklistContext context, string log, string computer)
        {
            var def = LdapStarted.For(Path.GetFileName(log), $"{LdapStarted.Check} ({Path.GetFileName(log)})");
            var report = SiteArtefacts.Startup(context, log, computer);
            if (report.Value == null)
            {
                return def.Fail(report.Problem!, "Copy the LDAP server's console.log again.");
            }

            var ldap = report.Value.Rows.Where(r => r.Service == "LDAP Server").ToList();
            return ldap.Count > 0 && ldap.All(r => r.IsHealthy)
                ? def.Pass(string.Join(" ", ldap.Select(r => r.Detail)))
                : def.Fail($"{log} shows no 'LDAP Server: Started' line.", "Check that the LDAP task runs on the directory server (console: show tasks; load ldap) - guide 4.1, Problems accessing the LDAP Server.");
        }

        private static CheckResult CheckTrace(ChecklistContext context, string log, string role, string? link)
        {
            string file = Path.GetFileName(log);
            var def = TokenTrace.For(role + "." + file, $"{TokenTrace.Check} ({role}, {file})", role, link);
            var events = SiteArtefacts.TraceEvents(context, log);
            if (events.Value == null)
            {
                return def.Fail(events.Problem!, "Copy the log again.");
            }

            if (events.Value.Count == 0)
            {
                return def.Skip($"{log} holds no SSO token events.",
                    "To see token decoding, set DEBUG_SSO_TRACE_LEVEL=1 (" + ModuleCommands.EnableSsoTrace + ") on the Domino servers or the WebSphere security trace on the proxy, reproduce, then collect the logs.");
            }

            // An expired token after an idle session is normal (the user logs in again): information, not a failure.
            var all = events.Value;
            var expired = all.Where(e => e.Outcome == SsoTraceOutcome.Expired).ToList();
            var failures = all.Where(e => e.IsFailure && e.Outcome != SsoTraceOutcome.Expired).ToList();
            var recent = all.Skip(Math.Max(0, all.Count - RecentEvents)).ToList();
            var last = all[all.Count - 1];
            string counts = $"{all.Count} SSO event(s): {failures.Count} failed, {expired.Count} expired";
            string lastText = $"last: {last.Outcome}{(last.User != null ? " for " + last.User : string.Empty)} (line {last.LineNumber})";
            string idle = expired.Count == 0 ? string.Empty
                : $" Expired tokens (latest line {expired[expired.Count - 1].LineNumber}) are normal after an idle session longer than the token expiration: the user logs in again.";
            string traceFix = "Run " + ModuleCommands.Format(ModuleCommands.GetSsoTraceEventPathFailureOnly, log) + " for every failure with its cause, fix the cause (keys, realm, ST_TOKEN_TYPE, clocks), then reproduce and collect the log again.";
            if (recent.All(e => e.IsFailure))
            {
                return def.Fail($"{counts}; every one of the last {recent.Count} validation(s) failed, {lastText}: {Sentence(last.Message ?? last.Code)} Likely cause: {Sentence(last.LikelyCause ?? "unknown")}",
                    recent.All(e => e.Outcome == SsoTraceOutcome.Expired)
                        ? "No token was accepted, only expired ones: check the clocks of the servers (time and time zone) and that the token expiration is equal on every side, then log in again and collect a fresh log."
                        : traceFix);
            }

            if (last.IsFailure && last.Outcome != SsoTraceOutcome.Expired)
            {
                return def.Fail($"{counts}; {lastText}: {Sentence(last.Message ?? last.Code)} Likely cause: {Sentence(last.LikelyCause ?? "unknown")}{idle}", traceFix);
            }

            if (failures.Count > 0)
            {
                var latest = failures[failures.Count - 1];
                return def.Warn($"{counts}; {lastText}, but earlier failures remain, the latest {latest.Outcome} (line {latest.LineNumber}): {Sentence(latest.LikelyCause ?? latest.Message)}{idle}",
                    ModuleCommands.Format(ModuleCommands.GetSsoTraceEventPathFailureOnly, log) + " lists them; if they predate the last fix, collect a fresh log.");
            }

            return def.Pass($"{counts}; {lastText}.{idle}");
        }
    }
}
