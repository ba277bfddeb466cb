using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Commands
{
    /// <summary>Turns the -ItemMap parameter (a hashtable, or a .json/.psd1 path) into an item map.</summary>
    internal static class ItemMapResolver
    {
        /// <summary>The map <paramref name="value"/> describes, applied over <paramref name="baseMap"/> (default: the built-in map).</summary>
        public static DominoItemMap Resolve(object? value, Func<string, string> resolvePath, DominoItemMap? baseMap = null)
        {
            DominoItemMap start = baseMap ?? DominoItemMap.Default;
            object? raw = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (raw)
            {
                case null:
                    return start;
                case IDictionary table:
                    return start.WithOverrides(table, "-ItemMap");
                case string path:
                    string file = resolvePath(path);
                    if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    {
                        return start.WithOverridesFromJson(file);
                    }

                    if (file.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase))
                    {
                        return start.WithOverrides(ReadDataFile(file), "'" + file + "'");
                    }

                    throw new SametimeAdminException("ItemMapFileInvalid", FailureKind.InvalidArgument,
                        $"The item map file '{file}' must be a .json or .psd1 file.");
                default:
                    throw new SametimeAdminException("ItemMapInvalid", FailureKind.InvalidArgument,
                        "-ItemMap takes a hashtable (@{ 'WebSso.Realm' = 'ItemName' }) or the path of a .json or .psd1 file.");
            }
        }

        /// <summary>Reads a .psd1 the way Import-PowerShellDataFile does: parsed, never run.</summary>
        public static IDictionary ReadDataFile(string file)
        {
            if (!File.Exists(file))
            {
                throw new SametimeAdminException("ItemMapFileUnreadable", FailureKind.ObjectNotFound, $"The item map file '{file}' does not exist.");
            }

            Ast ast = Parser.ParseFile(file, out _, out ParseError[] errors);
            if (errors.Length > 0 || !(ast.Find(a => a is HashtableAst, false) is HashtableAst hashtable))
            {
                throw new SametimeAdminException("ItemMapFileInvalid", FailureKind.InvalidData,
                    $"The item map file '{file}' is not a PowerShell data file holding one hashtable" + (errors.Length > 0 ? ": " + errors[0].Message : "."));
            }

            try
            {
                return (IDictionary)hashtable.SafeGetValue();
            }
            catch (InvalidOperationException ex)
            {
                throw new SametimeAdminException("ItemMapFileInvalid", FailureKind.InvalidData,
                    $"The item map file '{file}' may only hold constant values: {ex.Message}", ex);
            }
        }
    }
}
