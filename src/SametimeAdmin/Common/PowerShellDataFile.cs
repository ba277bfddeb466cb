using System;
using System.Collections;
using System.IO;
using System.Management.Automation.Language;
using SametimeAdmin.Common;

namespace SametimeAdmin.Commands
{
    /// <summary>Reads a .psd1 data file the way Import-PowerShellDataFile does: parsed, never run, constant values only.</summary>
    internal static class PowerShellDataFile
    {
        /// <summary>The one hashtable of <paramref name="path"/>; failures carry the error ids of <paramref name="kind"/>.</summary>
        public static IDictionary Read(string path, DataFileKind kind)
        {
            if (!File.Exists(path))
            {
                throw new SametimeAdminException(kind.UnreadableErrorId, FailureKind.ObjectNotFound, $"{kind.Description} '{path}' does not exist.");
            }

            Ast ast;
            ParseError[] errors;
            try
            {
                ast = Parser.ParseFile(path, out _, out errors);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SametimeAdminException(kind.UnreadableErrorId, FailureKind.ReadError, $"{kind.Description} '{path}' cannot be read: {ex.Message}", ex);
            }

            if (errors != null && errors.Length > 0)
            {
                var first = errors[0];
                throw new SametimeAdminException(kind.InvalidErrorId, FailureKind.InvalidData,
                    $"{kind.Description} '{path}' does not parse (line {first.Extent.StartLineNumber}): {first.Message}");
            }

            if (!(ast.Find(a => a is HashtableAst, false) is HashtableAst table))
            {
                throw new SametimeAdminException(kind.InvalidErrorId, FailureKind.InvalidData,
                    $"{kind.Description} '{path}' must contain one hashtable (@{{ ... }}).");
            }

            try
            {
                return (IDictionary)table.SafeGetValue();
            }
            catch (InvalidOperationException ex)
            {
                throw new SametimeAdminException(kind.InvalidErrorId, FailureKind.InvalidData,
                    $"{kind.Description} '{path}' may contain only constant values (text, numbers, lists, tables): {ex.Message}", ex);
            }
        }
    }
}
