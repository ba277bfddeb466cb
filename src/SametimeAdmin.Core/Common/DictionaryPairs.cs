using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace SametimeAdmin.Common
{
    /// <summary>The entries of a non-generic table (a PowerShell hashtable, a parsed .psd1) with their keys as text.</summary>
    public static class DictionaryPairs
    {
        public static IEnumerable<KeyValuePair<string, object?>> Pairs(this IDictionary table)
        {
            if (table == null)
            {
                throw new ArgumentNullException(nameof(table));
            }

            return Iterate(table);
        }

        private static IEnumerable<KeyValuePair<string, object?>> Iterate(IDictionary table)
        {
            foreach (DictionaryEntry entry in table)
            {
                yield return new KeyValuePair<string, object?>(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, entry.Value);
            }
        }
    }
}
