using System;
using System.Collections.Generic;
using System.Linq;

namespace SametimeAdmin.Checklist
{
    /// <summary>Counts of a checklist run and the verdict a scheduled task acts on.</summary>
    public sealed class ChecklistSummary
    {
        public ChecklistSummary(string environment, IReadOnlyCollection<CheckResult> results, DateTimeOffset started, TimeSpan duration)
        {
            if (results == null)
            {
                throw new ArgumentNullException(nameof(results));
            }

            Environment = environment ?? string.Empty;
            Total = results.Count;
            Passed = results.Count(r => r.Status == CheckStatus.Passed);
            Failed = results.Count(r => r.Status == CheckStatus.Failed);
            Warning = results.Count(r => r.Status == CheckStatus.Warning);
            Skipped = results.Count(r => r.Status == CheckStatus.Skipped);
            Started = started;
            Duration = duration;
            FailedChecks = results.Where(r => r.Status == CheckStatus.Failed).Select(r => r.Id).ToArray();
        }

        public string Environment { get; }

        public int Total { get; }

        public int Passed { get; }

        public int Failed { get; }

        public int Warning { get; }

        public int Skipped { get; }

        public DateTimeOffset Started { get; }

        public TimeSpan Duration { get; }

        /// <summary>Ids of the failed checks.</summary>
        public IReadOnlyList<string> FailedChecks { get; }

        /// <summary>True when no check failed and at least one check could run.</summary>
        public bool Success => Failed == 0 && Total > Skipped;

        /// <summary>The process exit code for a scheduled task (see <see cref="ChecklistExitCode"/>).</summary>
        public int ExitCode => ChecklistExitCode.For(this);

        /// <summary>The HTML report written for this run, if any.</summary>
        public string? HtmlReportPath { get; set; }

        public override string ToString() =>
            $"{Passed} passed, {Failed} failed, {Warning} warning(s), {Skipped} skipped";
    }

    /// <summary>
    /// Exit codes for scheduled tasks: 0 every check that could run passed (warnings allowed), 1 at least one
    /// check failed, 2 nothing could be checked (every check was skipped, or there were none).
    /// </summary>
    public static class ChecklistExitCode
    {
        public const int Success = 0;
        public const int ChecksFailed = 1;
        public const int NothingChecked = 2;

        public static int For(ChecklistSummary summary)
        {
            if (summary == null)
            {
                throw new ArgumentNullException(nameof(summary));
            }

            if (summary.Failed > 0)
            {
                return ChecksFailed;
            }

            return summary.Total > summary.Skipped ? Success : NothingChecked;
        }
    }
}
