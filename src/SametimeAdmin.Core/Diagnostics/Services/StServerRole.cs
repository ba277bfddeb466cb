using System.Threading.Tasks;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>Which server a well-known port belongs to.</summary>
    public enum StServerRole
    {
        All,
        Community,
        Proxy,
        Ldap,

        /// <summary>The DB2 server with the STSC (System Console) and STPR (Proxy) databases.</summary>
        Db2,

        /// <summary>The Sametime System Console (the WebSphere deployment manager of the Sametime cell).</summary>
        Ssc,
    }
}
