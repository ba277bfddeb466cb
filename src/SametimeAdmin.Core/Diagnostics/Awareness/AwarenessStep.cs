namespace SametimeAdmin.Diagnostics
{
    /// <summary>The steps of the awareness path iNotes takes through the Sametime Proxy Server (or a Sametime 12 server), in order; the origin checks last.</summary>
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

        /// <summary>The CORS preflight (OPTIONS) of the web API calls, from the iNotes/Verse origin (-Origin).</summary>
        CorsPreflight,

        /// <summary>Access-Control-Allow-Origin / -Allow-Credentials on the web API's answers to a request with Origin.</summary>
        CorsOrigin,

        /// <summary>Whether the Sametime page may be framed by the origin (CSP frame-ancestors, X-Frame-Options).</summary>
        FrameAncestors,

        /// <summary>The iNotes mail file URL opened directly (-MailFileUrl): a login form, or a redirect loop, a redirect elsewhere, an error.</summary>
        MailFile,
    }
}
