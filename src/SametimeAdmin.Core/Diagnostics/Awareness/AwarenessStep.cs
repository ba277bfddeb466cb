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
}
