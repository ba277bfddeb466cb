using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;

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

        public override string ToString() => Step + ": " + Status;
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

        /// <summary>Limit for each network step; the probe never waits longer on one request.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>The Web SSO DNS domain (".example.com"): the proxy host must be inside it for the browser to send the cookie.</summary>
        public string? SsoDomain { get; set; }

        public AwarenessLoginMode LoginMode { get; set; }

        /// <summary>The LTPA token value sent as a cookie (Token mode). A secret: never shown.</summary>
        public string? Token { get; set; }

        /// <summary>Says where the token comes from, for the evidence ("minted for CN=... from keys ab12..").</summary>
        public string? TokenDescription { get; set; }

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
