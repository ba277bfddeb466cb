using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SametimeAdmin.Diagnostics
{
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
