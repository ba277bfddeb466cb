namespace SametimeAdmin.Diagnostics
{
    /// <summary>The Sametime Proxy web API requests iNotes sends for awareness and the contact list.</summary>
    public enum ProxyRequestKind
    {
        /// <summary>/stwebapi/presence: the awareness of the names on the page.</summary>
        Presence,

        /// <summary>/stwebapi/buddylist: the Sametime contact list.</summary>
        BuddyList,
    }
}
