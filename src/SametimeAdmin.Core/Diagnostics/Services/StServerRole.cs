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
    }
}
