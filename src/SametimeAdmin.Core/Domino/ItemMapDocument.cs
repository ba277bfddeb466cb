namespace SametimeAdmin.Domino
{
    /// <summary>
    /// The document kinds of the item map: the part of each key before the dot ("WebSso.TokenName"). Every kind with
    /// rows in <see cref="DominoItemMap"/> has a member here (a test checks it), so Get-DominoItemMap -Document offers them all.
    /// </summary>
    public enum ItemMapDocument
    {
        /// <summary>The Web SSO Configuration document (names.nsf), keys of <see cref="WebSsoKeys"/>.</summary>
        WebSso,

        /// <summary>The Community Connectivity document (stconfig.nsf) with the trusted IPs, keys of <see cref="CommunityConnectivityKeys"/>.</summary>
        CommunityConnectivity,

        /// <summary>The Domino Server document (names.nsf): servlet support, session authentication, the Web SSO configuration.</summary>
        DominoServer,

        /// <summary>The iNotes (Server) Configuration document (names.nsf) with the Sametime proxy URL.</summary>
        INotesConfiguration,

        /// <summary>The Directory Assistance document (da.nsf) of a remote LDAP directory: its host names and port.</summary>
        DirectoryAssistance,
    }
}
