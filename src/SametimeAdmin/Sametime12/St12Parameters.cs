using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using SametimeAdmin.Common;
using SametimeAdmin.Sametime12;

namespace SametimeAdmin.Commands
{
    /// <summary>Parameter conversions shared by the Sametime 12 cmdlets.</summary>
    internal static class St12Parameters
    {
        /// <summary>-NameMap (@{ 'Env.CorsOrigins' = 'MY_CORS' }) applied over the built-in name table.</summary>
        public static St12NameMap Names(Hashtable? nameMap)
        {
            if (nameMap == null)
            {
                return St12NameMap.Default;
            }

            var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in nameMap)
            {
                object? value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
                if (!(value is string text))
                {
                    throw new SametimeAdminException("InvalidSametime12Name", FailureKind.InvalidArgument,
                        $"-NameMap values are names (strings); the value for '{entry.Key}' is not.");
                }

                pairs[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty] = text;
            }

            return St12NameMap.Default.WithOverrides(pairs);
        }
    }
}
