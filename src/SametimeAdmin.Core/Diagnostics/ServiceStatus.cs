using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>Where a service status row comes from.</summary>
    public enum StServiceSource
    {
        /// <summary>Windows service control (services.msc), local or remote.</summary>
        ServiceControl,

        /// <summary>A Domino console.log or sametime.log.</summary>
        Log,

        /// <summary>A TCP connect to a well-known Sametime port.</summary>
        Probe,
    }

    /// <summary>The state of one service, log component or port. Each source uses its own subset.</summary>
    public enum StServiceState
    {
        Unknown,

        // Windows service control
        Running,
        Stopped,
        StartPending,
        StopPending,
        ContinuePending,
        PausePending,
        Paused,
        NotInstalled,

        // Logs
        Started,
        NotReported,
        Incomplete,
        Failed,

        // Port probes
        Listening,
        Refused,
        NoAnswer,
        Unreachable,
        Unresolved,
    }

    /// <summary>One row of Get-StServiceStatus: the same shape whatever the source.</summary>
    public sealed class StServiceStatus
    {
        public StServiceStatus(string computerName, string service, string displayName, StServiceState status, string? startType,
            StServiceSource source, string? detail, bool isHealthy, bool counted)
        {
            ComputerName = computerName;
            Service = service;
            DisplayName = displayName;
            Status = status;
            StartType = startType;
            Source = source;
            Detail = detail;
            IsHealthy = isHealthy;
            Counted = counted;
        }

        /// <summary>The computer checked; for a log without -ComputerName, the log file's path.</summary>
        public string ComputerName { get; }

        /// <summary>Service name, log component or "port/tcp".</summary>
        public string Service { get; }

        public string DisplayName { get; }

        public StServiceState Status { get; }

        /// <summary>Automatic, Manual, Disabled... (service control only).</summary>
        public string? StartType { get; }

        public StServiceSource Source { get; }

        /// <summary>What was seen: the log line and its number, the probe's answer, the catalogue's doubt.</summary>
        public string? Detail { get; }

        /// <summary>True when this row is what a healthy server shows.</summary>
        public bool IsHealthy { get; }

        /// <summary>
        /// True for the services (or ports) the summary counts. False for extra rows: services the catalogue does not
        /// list, and log components such as the start-up itself, HTTP and LDAP (an unhealthy one is still a problem).
        /// </summary>
        public bool Counted { get; }

        /// <summary>When the state was observed (log time, server local time), if known.</summary>
        public DateTime? Time { get; init; }

        /// <summary>The log line the row is based on, if any.</summary>
        public long? LineNumber { get; init; }

        /// <summary>The port probed, if any.</summary>
        public int? Port { get; init; }

        public override string ToString() => DisplayName + ": " + Status;
    }

    /// <summary>
    /// One line a scheduled task can test: "22 of 24 running". <see cref="AllHealthy"/> is false as soon as one
    /// expected service, port or start-up step is not healthy.
    /// </summary>
    public sealed class StServiceSummary
    {
        public StServiceSummary(string computerName, StServiceSource source, int expected, int healthy,
            IReadOnlyList<string> problems, string message)
        {
            ComputerName = computerName;
            Source = source;
            Expected = expected;
            Healthy = healthy;
            Problems = problems;
            Message = message;
        }

        public string ComputerName { get; }

        public StServiceSource Source { get; }

        /// <summary>How many services (or ports) were expected.</summary>
        public int Expected { get; }

        /// <summary>How many of them are running (started, listening).</summary>
        public int Healthy { get; }

        /// <summary>Names of the expected items that are not healthy.</summary>
        public IReadOnlyList<string> Problems { get; }

        /// <summary>For logs: when the last start-up that completed happened (server local time).</summary>
        public DateTime? LastSuccessfulStartup { get; init; }

        /// <summary>True when the check itself failed (computer unreachable, log unreadable): nothing could be counted.</summary>
        public bool CheckFailed { get; init; }

        public bool AllHealthy => !CheckFailed && Expected > 0 && Healthy == Expected && Problems.Count == 0;

        /// <summary>0 when everything is healthy, 1 otherwise: <c>exit $summary.ExitCode</c> in a scheduled task.</summary>
        public int ExitCode => AllHealthy ? 0 : 1;

        public string Message { get; }

        public override string ToString() => Message;

        /// <summary>Builds the summary of the rows of one computer and source.</summary>
        public static StServiceSummary FromRows(string computerName, StServiceSource source, IEnumerable<StServiceStatus> rows,
            DateTime? lastSuccessfulStartup = null, IEnumerable<string>? extraProblems = null)
        {
            var counted = rows.Where(r => r.Counted).ToList();
            int healthy = counted.Count(r => r.IsHealthy);
            var problems = counted.Where(r => !r.IsHealthy).Select(r => r.DisplayName + " (" + r.Status + ")").ToList();
            if (extraProblems != null)
            {
                problems.AddRange(extraProblems);
            }

            string noun = source == StServiceSource.Probe ? "ports" : "services";
            string verb = source switch
            {
                StServiceSource.Probe => "answering",
                StServiceSource.Log => "reported started",
                _ => "running",
            };
            string message = string.Format(CultureInfo.InvariantCulture, "{0} of {1} {2} {3}", healthy, counted.Count, noun, verb);
            if (source == StServiceSource.Log)
            {
                message += lastSuccessfulStartup.HasValue
                    ? "; last successful startup " + lastSuccessfulStartup.Value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
                    : "; no successful startup in the log";
            }

            if (problems.Count > 0)
            {
                message += "; not healthy: " + string.Join(", ", problems);
            }

            return new StServiceSummary(computerName, source, counted.Count, healthy, problems, message)
            {
                LastSuccessfulStartup = lastSuccessfulStartup,
            };
        }

        /// <summary>The summary of a computer or log that could not be checked at all.</summary>
        public static StServiceSummary Failed(string computerName, StServiceSource source, string reason) =>
            new StServiceSummary(computerName, source, 0, 0, new[] { reason }, "check failed: " + reason) { CheckFailed = true };
    }
}
