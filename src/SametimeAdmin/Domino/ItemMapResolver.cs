using System;
using System.Management.Automation;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Commands
{
    /// <summary>Turns the -ItemMap parameter (a hashtable, or a .json/.psd1 path) into an item map.</summary>
    internal static class ItemMapResolver
    {
        /// <summary>The map <paramref name="value"/> describes, applied over <paramref name="baseMap"/> (default: the built-in map).</summary>
        public static DominoItemMap Resolve(object? value, Func<string, string> resolvePath, DominoItemMap? baseMap = null) =>
            ItemMapOverrides.Apply(baseMap ?? DominoItemMap.Default, value is PSObject wrapped ? wrapped.BaseObject : value, "-ItemMap", resolvePath, PowerShellDataFile.Read);
    }
}
