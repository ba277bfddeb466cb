using System;
using System.Collections;
using SametimeAdmin.Common;

namespace SametimeAdmin.Domino
{
    /// <summary>
    /// Item-name overrides as an admin gives them, in a parameter or in a site description: a table of
    /// "Document.Field" = "NotesName" pairs, or the path of a .json or .psd1 file of such pairs.
    /// </summary>
    public static class ItemMapOverrides
    {
        public const string ErrorInvalid = "ItemMapInvalid";
        public const string ErrorFileInvalid = "ItemMapFileInvalid";
        public const string ErrorFileUnreadable = "ItemMapFileUnreadable";

        /// <summary>How a .psd1 item map file is named in messages and errors.</summary>
        public static readonly DataFileKind DataFile = new DataFileKind("The item map file", ErrorFileInvalid, ErrorFileUnreadable);

        /// <summary>
        /// <paramref name="start"/> with the overrides <paramref name="value"/> describes applied over it (null: unchanged).
        /// </summary>
        /// <param name="origin">Where the value came from, for messages ("-ItemMap", "the environment's ItemMap").</param>
        /// <param name="resolvePath">Makes a file path absolute.</param>
        /// <param name="readDataFile">Reads a .psd1 file.</param>
        public static DominoItemMap Apply(DominoItemMap start, object? value, string origin, Func<string, string> resolvePath, DataFileReader readDataFile)
        {
            if (start == null || resolvePath == null || readDataFile == null)
            {
                throw new ArgumentNullException(start == null ? nameof(start) : resolvePath == null ? nameof(resolvePath) : nameof(readDataFile));
            }

            switch (value)
            {
                case null:
                case string blank when blank.Trim().Length == 0:
                    return start;
                case IDictionary table:
                    return start.WithOverrides(table, origin);
                case string path:
                    string file = resolvePath(path.Trim());
                    if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    {
                        return start.WithOverridesFromJson(file);
                    }

                    if (file.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase))
                    {
                        return start.WithOverrides(readDataFile(file, DataFile), "'" + file + "'");
                    }

                    throw new SametimeAdminException(ErrorFileInvalid, FailureKind.InvalidArgument,
                        $"The item map file '{file}' (from {origin}) must be a .json or .psd1 file.");
                default:
                    throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidArgument,
                        $"{origin} takes a table of \"Document.Field\" = \"NotesName\" pairs (@{{ 'WebSso.Realm' = 'ItemName' }}) or the path of a .json or .psd1 file.");
            }
        }
    }
}
