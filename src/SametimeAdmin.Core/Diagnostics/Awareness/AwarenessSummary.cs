using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>The verdict of Test-SametimeAwareness for one proxy URL, with the counts and the steps it rests on.</summary>
    public sealed class AwarenessSummary
    {
        private AwarenessSummary(string url, IReadOnlyList<AwarenessStepResult> steps)
        {
            Url = url;
            Steps = steps;
        }

        public string Url { get; }

        public AwarenessVerdict Verdict { get; private set; }

        public int Passed { get; private set; }

        public int Warnings { get; private set; }

        public int Failed { get; private set; }

        public int Skipped { get; private set; }

        /// <summary>"Step: evidence" of every failed or warning step.</summary>
        public IReadOnlyList<string> Problems { get; private set; } = Array.Empty<string>();

        /// <summary>"Step: reason" of every step that applies but was not run, when nothing failed.</summary>
        public IReadOnlyList<string> NotChecked { get; private set; } = Array.Empty<string>();

        /// <summary>The fix of the first failed (else warning) step; null when there is none.</summary>
        public string? Fix { get; private set; }

        /// <summary>One sentence: the verdict and why.</summary>
        public string Message { get; private set; } = string.Empty;

        public TimeSpan Duration { get; private set; }

        public IReadOnlyList<AwarenessStepResult> Steps { get; }

        /// <summary>Sums up the steps of one URL (in step order).</summary>
        public static AwarenessSummary From(string url, IEnumerable<AwarenessStepResult> steps)
        {
            var ordered = steps.OrderBy(s => s.Order).ToList();
            var summary = new AwarenessSummary(url, ordered)
            {
                Passed = ordered.Count(s => s.Status == AwarenessStepStatus.Passed),
                Warnings = ordered.Count(s => s.Status == AwarenessStepStatus.Warning),
                Failed = ordered.Count(s => s.Status == AwarenessStepStatus.Failed),
                Skipped = ordered.Count(s => s.Status == AwarenessStepStatus.Skipped),
                Duration = TimeSpan.FromTicks(ordered.Sum(s => s.Duration.Ticks)),
            };
            var problems = ordered.Where(s => s.Status == AwarenessStepStatus.Failed).Concat(ordered.Where(s => s.Status == AwarenessStepStatus.Warning)).ToList();
            summary.Problems = problems.Select(s => s.Step + ": " + s.Evidence).ToList();
            summary.Fix = problems.Select(s => s.Fix).FirstOrDefault(f => f != null);
            var gaps = ordered.Where(s => s.Status == AwarenessStepStatus.Skipped && s.Applies).ToList();
            if (summary.Failed > 0)
            {
                summary.Verdict = AwarenessVerdict.Failed;
                summary.Message = "Failed at " + string.Join(", ", problems.Where(s => s.Status == AwarenessStepStatus.Failed).Select(s => s.Step)) + ": " + problems[0].Evidence;
            }
            else if (summary.Warnings > 0)
            {
                summary.Verdict = AwarenessVerdict.Warning;
                summary.Message = "Warning at " + string.Join(", ", problems.Select(s => s.Step)) + ": " + problems[0].Evidence;
            }
            else if (gaps.Count > 0 || ordered.Count == 0)
            {
                summary.Verdict = AwarenessVerdict.Incomplete;
                summary.NotChecked = gaps.Select(s => s.Step + ": " + s.Evidence).ToList();
                summary.Message = string.Format(CultureInfo.InvariantCulture, "Incomplete: {0} step(s) passed; not checked: {1}.", summary.Passed, string.Join(", ", gaps.Select(s => s.Step)));
            }
            else
            {
                summary.Verdict = AwarenessVerdict.Passed;
                summary.Message = string.Format(CultureInfo.InvariantCulture, "Passed: all {0} steps that apply passed.", summary.Passed);
            }

            return summary;
        }

        public override string ToString() => Url + ": " + Verdict;
    }
}
