using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Diagnostics
{
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

        /// <summary>What decoding a given token with the given keys found (see <see cref="AwarenessToken.CheckWith"/>); null otherwise.</summary>
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

        /// <summary>The iNotes/Verse origin (https://mail.example.com) sent as Origin; null skips the origin checks.</summary>
        public Uri? Origin { get; set; }

        /// <summary>The iNotes mail file URL (http://inotes1.example.com/mail/i2.nsf) opened directly; null skips that step.</summary>
        public Uri? MailFileUrl { get; set; }

        /// <summary>Accept any server certificate (lab use only).</summary>
        public bool SkipCertificateCheck { get; set; }

        internal string Seconds => Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
    }
}
