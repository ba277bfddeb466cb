using System;

namespace SametimeAdmin.Checklist
{
    /// <summary>Outcome of one check.</summary>
    public enum CheckStatus
    {
        /// <summary>The check ran and found what the guide asks for.</summary>
        Passed,

        /// <summary>The check ran and found a problem that breaks single sign-on or awareness.</summary>
        Failed,

        /// <summary>The check ran and found something worth a look that does not break SSO by itself.</summary>
        Warning,

        /// <summary>The check could not run (data not given, or not readable); the evidence says why.</summary>
        Skipped,
    }

    /// <summary>
    /// The servers of an iNotes/Sametime SSO site as the report draws them. Checks name the server they are
    /// about with one of these values.
    /// </summary>
    public static class ChecklistServer
    {
        public const string Browser = "Browser";
        public const string INotes = "iNotes";
        public const string Proxy = "SametimeProxy";
        public const string Community = "Community";
        public const string Ldap = "LDAP";
        public const string Ssc = "SSC";

        /// <summary>A Sametime 12 server (Docker/Podman, Kubernetes or Windows): proxy and Community Server in one.</summary>
        public const string Sametime12 = "Sametime12";

        /// <summary>A check that compares several servers (for example the same keys everywhere).</summary>
        public const string All = "All";
    }

    /// <summary>The connections between the servers; a check can be attached to one of them.</summary>
    public static class ChecklistLink
    {
        /// <summary>The browser opens iNotes web mail.</summary>
        public const string BrowserToINotes = "Browser-iNotes";

        /// <summary>The iNotes page loads the proxy's scripts and logs in to /stwebapi with the SSO cookie.</summary>
        public const string INotesToProxy = "iNotes-SametimeProxy";

        /// <summary>The proxy connects to the Community Server on the VP port 1516 (trusted IPs).</summary>
        public const string ProxyToCommunity = "SametimeProxy-Community";

        /// <summary>iNotes and the Community Server share the LTPA keys and the configuration name.</summary>
        public const string INotesToCommunity = "iNotes-Community";

        public const string INotesToLdap = "iNotes-LDAP";
        public const string CommunityToLdap = "Community-LDAP";
        public const string ProxyToLdap = "SametimeProxy-LDAP";

        /// <summary>The iNotes page frames and calls the Sametime 12 server with the shared LTPA cookie (CSP, CORS).</summary>
        public const string INotesToSametime12 = "iNotes-Sametime12";
    }

    /// <summary>One line of the verification checklist, as run against the artefacts of the site.</summary>
    public sealed class CheckResult
    {
        public CheckResult(string id, string area, string check, CheckStatus status, string evidence, string? fix, string guideSection, string server, string? link = null)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Area = area ?? throw new ArgumentNullException(nameof(area));
            Check = check ?? throw new ArgumentNullException(nameof(check));
            Status = status;
            Evidence = evidence ?? string.Empty;
            Fix = status == CheckStatus.Passed ? null : fix;
            GuideSection = guideSection ?? string.Empty;
            Server = server ?? ChecklistServer.All;
            Link = link;
        }

        /// <summary>Stable identifier of the check (for example "Tokens.INotesKeys"); scripts can match on it.</summary>
        public string Id { get; }

        /// <summary>The checklist heading of the guide (Tokens, Configuration Documents, ...).</summary>
        public string Area { get; }

        /// <summary>What is checked, in one sentence.</summary>
        public string Check { get; }

        public CheckStatus Status { get; }

        /// <summary>What was found, with file and item names, so the result can be verified by hand.</summary>
        public string Evidence { get; }

        /// <summary>What to do when the check did not pass; null when it passed.</summary>
        public string? Fix { get; }

        /// <summary>Where the guide describes the step.</summary>
        public string GuideSection { get; }

        /// <summary>The server the check is about (see <see cref="ChecklistServer"/>).</summary>
        public string Server { get; }

        /// <summary>The connection the check is about, when it is about one (see <see cref="ChecklistLink"/>).</summary>
        public string? Link { get; }

        public override string ToString() => $"[{Status}] {Area}: {Check}";
    }
}
