namespace SametimeAdmin.Diagnostics
{
    /// <summary>Which product wrote an SSO trace event.</summary>
    public enum SsoTraceSource
    {
        /// <summary>Domino console.log: "SSO API&gt;" trace lines (DEBUG_SSO_TRACE_LEVEL) and Domino's SSO error texts.</summary>
        Domino,

        /// <summary>WebSphere/Liberty trace.log or SystemOut.log: LTPA token validation.</summary>
        WebSphere,

        /// <summary>Sametime Proxy Server: CLFRX messages.</summary>
        SametimeProxy,
    }
}
