using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>The steps of the awareness path iNotes takes through the Sametime Proxy Server, in order.</summary>
    public enum AwarenessStep
    {
        NameResolution,
        TcpConnect,
        Tls,
        ClientScripts,
        SsoDomain,
        Login,
        Presence,
        BuddyList,
        Logout,
    }

    public enum AwarenessStepStatus
    {
        Passed,
        Failed,

        /// <summary>Not run: an earlier step made it meaningless, or nothing was given to test it with.</summary>
        Skipped,

        /// <summary>Ran and got an answer, but could not establish what the step checks (a presence answer with no readable status).</summary>
        Warning,
    }

    /// <summary>The outcome of the whole probe of one proxy URL.</summary>
    public enum AwarenessVerdict
    {
        /// <summary>Every step that applies to the URL ran and passed.</summary>
        Passed,

        /// <summary>Nothing failed, but a step could not establish what it checks.</summary>
        Warning,

        /// <summary>At least one step failed.</summary>
        Failed,

        /// <summary>Nothing failed, but steps were not checked for lack of input (no login, no -SsoDomain, no user to watch).</summary>
        Incomplete,
    }

    /// <summary>How the probe logs in to the proxy.</summary>
    public enum AwarenessLoginMode
    {
        /// <summary>No login: only reachability, TLS, client scripts and the SSO domain are checked.</summary>
        None,

        /// <summary>loginType=byToken with an LTPA token cookie, as iNotes does.</summary>
        Token,

        /// <summary>loginType=byPassword with a user name and password.</summary>
        Password,
    }

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

    /// <summary>What Test-SametimeAwareness is asked to do for one proxy URL.</summary>
    public sealed class AwarenessProbeOptions
    {
        public AwarenessProbeOptions(Uri url)
        {
            Url = url;
        }

        /// <summary>The proxy's base URL (http://proxy.example.com:9080/).</summary>
        public Uri Url { get; }

        /// <summary>Limit for each network step as a whole (all its requests together).</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>The Web SSO DNS domain (".example.com"): the proxy host must be inside it for the browser to send the cookie.</summary>
        public string? SsoDomain { get; set; }

        public AwarenessLoginMode LoginMode { get; set; }

        /// <summary>The LTPA token value sent as a cookie (Token mode). A secret: never shown.</summary>
        public string? Token { get; set; }

        /// <summary>Says where the token comes from, for the evidence ("minted for CN=... from keys ab12..").</summary>
        public string? TokenDescription { get; set; }

        /// <summary>True when the probe minted the token itself with <see cref="KeyFingerprint"/>'s keys.</summary>
        public bool TokenMinted { get; set; }

        /// <summary>The public key fingerprint of the key set the token was minted or checked with.</summary>
        public string? KeyFingerprint { get; set; }

        /// <summary>What decoding a given token with the given keys found (see <see cref="AwarenessProbe.CheckToken"/>); null otherwise.</summary>
        public LtpaTokenInfo? TokenCheck { get; set; }

        /// <summary>The cookie name the token travels in (WebSphere's "LTPA V2 cookie name").</summary>
        public string CookieName { get; set; } = "LtpaToken2";

        /// <summary>The user name sent with the login and watched in the presence step when no other is given.</summary>
        public string? UserName { get; set; }

        /// <summary>The credential for Password mode (user name and password).</summary>
        public NetworkCredential? Credential { get; set; }

        /// <summary>Users whose presence the probe asks for.</summary>
        public IList<string> WatchUsers { get; } = new List<string>();

        /// <summary>Extra form fields for the login request (the exact fields iNotes sends are not documented).</summary>
        public IDictionary<string, string> LoginFields { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Accept any server certificate (lab use only).</summary>
        public bool SkipCertificateCheck { get; set; }

        internal string Seconds => Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
    }
}
