using System;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>One step of Test-SametimeAwareness: what was checked, what was seen, and what to do about it.</summary>
    public sealed class AwarenessStepResult
    {
        public AwarenessStepResult(string url, AwarenessStep step, AwarenessStepStatus status, string evidence, string? fix, string guideSection, TimeSpan duration)
        {
            Url = url;
            Step = step;
            Status = status;
            Evidence = evidence;
            Fix = fix;
            GuideSection = guideSection;
            Duration = duration;
        }

        /// <summary>The proxy URL probed.</summary>
        public string Url { get; }

        /// <summary>Position of the step (1-based).</summary>
        public int Order => (int)Step + 1;

        public AwarenessStep Step { get; }

        public AwarenessStepStatus Status { get; }

        /// <summary>What was seen: addresses, status codes, certificate, error texts such as CLFRX0035E.</summary>
        public string Evidence { get; }

        /// <summary>What to change when the step failed (from the integration guide); null otherwise.</summary>
        public string? Fix { get; }

        /// <summary>The section of the Sametime &amp; iNotes Integration Guide that covers the step.</summary>
        public string GuideSection { get; }

        public TimeSpan Duration { get; }

        /// <summary>The HTTP status code of the step's request, if any.</summary>
        public int? HttpStatus { get; init; }

        /// <summary>False for a step that does not apply to the URL (TLS on a plain http URL): its Skipped is not a gap.</summary>
        internal bool Applies { get; init; } = true;

        public override string ToString() => Step + ": " + Status;
    }
}
