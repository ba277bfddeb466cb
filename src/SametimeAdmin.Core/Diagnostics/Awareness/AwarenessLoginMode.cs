namespace SametimeAdmin.Diagnostics
{
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
}
