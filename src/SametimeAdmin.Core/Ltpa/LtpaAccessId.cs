using System;
using SametimeAdmin.Common;

namespace SametimeAdmin.Ltpa
{
    /// <summary>WebSphere/Liberty access ids: "type:realm/uniqueId" (user:defaultRealm/alice).</summary>
    public static class LtpaAccessId
    {
        public const string UserType = "user";

        /// <summary>Builds an access id. The realm may contain ':' (ldap.example.org:389) but not '/' (except a URL realm "scheme://host").</summary>
        public static string Build(string type, string realm, string uniqueId)
        {
            if (string.IsNullOrEmpty(type) || type.IndexOf(':') >= 0 || type.IndexOf('/') >= 0)
            {
                throw new SametimeAdminException("AccessIdInvalid", FailureKind.InvalidArgument, $"'{type}' is not a valid access id type (user, group or server).");
            }

            if (string.IsNullOrEmpty(realm) || !IsValidRealm(realm))
            {
                throw new SametimeAdminException("AccessIdInvalid", FailureKind.InvalidArgument,
                    $"'{realm}' is not a valid realm: a realm cannot be empty or contain '/' (other than in 'scheme://host').");
            }

            if (string.IsNullOrEmpty(uniqueId))
            {
                throw new SametimeAdminException("AccessIdInvalid", FailureKind.InvalidArgument, "The user name (unique id) cannot be empty.");
            }

            return type + ":" + realm + "/" + uniqueId;
        }

        /// <summary>Splits an access id at the first ':' and the first '/' after it (after "://" for URL realms).</summary>
        public static bool TrySplit(string? accessId, out string type, out string realm, out string uniqueId)
        {
            type = realm = uniqueId = string.Empty;
            if (string.IsNullOrEmpty(accessId))
            {
                return false;
            }

            int colon = accessId!.IndexOf(':');
            if (colon <= 0)
            {
                return false;
            }

            int realmStart = colon + 1;
            int searchFrom = realmStart;
            int scheme = accessId.IndexOf("://", realmStart, StringComparison.Ordinal);
            int firstSlash = accessId.IndexOf('/', realmStart);
            if (scheme > realmStart && scheme < firstSlash + 1 && firstSlash == scheme + 1)
            {
                searchFrom = scheme + 3;
            }

            int slash = accessId.IndexOf('/', searchFrom);
            if (slash <= realmStart || slash == accessId.Length - 1)
            {
                return false;
            }

            type = accessId.Substring(0, colon);
            realm = accessId.Substring(realmStart, slash - realmStart);
            uniqueId = accessId.Substring(slash + 1);
            return true;
        }

        private static bool IsValidRealm(string realm)
        {
            int scheme = realm.IndexOf("://", StringComparison.Ordinal);
            string rest = scheme > 0 ? realm.Substring(scheme + 3) : realm;
            return rest.Length > 0 && rest.IndexOf('/') < 0;
        }
    }
}
