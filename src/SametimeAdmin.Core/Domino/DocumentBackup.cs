using System;
using System.Globalization;
using System.IO;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Domino
{
    /// <summary>
    /// Saves the state of a server-side document (DAS, Notes COM) before it is changed, as JSON readable by people
    /// and scripts. The file holds key material, so it is written owner-only.
    /// </summary>
    public static class DocumentBackup
    {
        /// <summary>The per-user default folder: LocalApplicationData/SametimeAdmin/Backups.</summary>
        public static string DefaultDirectory =>
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "SametimeAdmin", "Backups");

        /// <summary>
        /// Writes the backup and returns its path. Of this document's backups in the folder (UNID.yyyyMMdd-HHmmss[-n].json),
        /// the newest <paramref name="keep"/> stay; files of any other naming are never touched.
        /// </summary>
        public static string Write(NotesDocument document, string? directory, int keep = AtomicFile.DefaultBackupCount)
        {
            if (document == null)
            {
                throw new ArgumentNullException(nameof(document));
            }

            AtomicFile.CheckBackupCount(keep);

            string folder = string.IsNullOrEmpty(directory) ? DefaultDirectory : Path.GetFullPath(directory);
            string stem = FileStem(document);
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SametimeAdminException("BackupFailed", FailureKind.WriteError,
                    $"The backup folder '{folder}' cannot be created: {ex.Message}. Nothing was changed.", ex)
                {
                    RecommendedAction = "Give a folder you can write to with -BackupDirectory.",
                };
            }

            var items = new JArray();
            foreach (NotesItem item in document.Items)
            {
                items.Add(new JObject
                {
                    ["name"] = item.Name,
                    ["type"] = item.Type.ToString(),
                    ["attributes"] = item.Attributes.ToString(),
                    ["values"] = new JArray(item.Values),
                });
            }

            var json = new JObject
            {
                ["source"] = document.StoreLocation,
                ["unid"] = document.UniversalId,
                ["noteid"] = document.NoteId,
                ["form"] = document.Form,
                ["revision"] = document.Revision,
                ["savedAt"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture),
                ["items"] = items,
            };

            string path = AtomicFile.NewBackupPath(folder, stem, ".json");
            if (!string.Equals(Path.GetDirectoryName(Path.GetFullPath(path)), Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), StringComparison.Ordinal))
            {
                throw NameRefused(document);
            }

            AtomicFile.Write(path, Encoding.UTF8.GetBytes(json.ToString(Formatting.Indented)), backup: false, ownerOnly: true);
            AtomicFile.PruneBackups(folder, stem, ".json", keep, restrict: true);
            return path;
        }

        /// <summary>
        /// Deletes the backup of a write the server refused (a conflict: the document was not changed), so that only
        /// states that were really replaced are kept. Never for a failure whose outcome is unknown (a timeout).
        /// </summary>
        internal static void DiscardRefused(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Best effort: retention removes it later.
            }
        }

        /// <summary>The file name stem: the universal ID as given by the server must never become a path.</summary>
        private static string FileStem(NotesDocument document) =>
            document.UniversalId == null ? "document"
                : NotesDocument.IsUniversalId(document.UniversalId) ? document.UniversalId
                : throw NameRefused(document);

        private static SametimeAdminException NameRefused(NotesDocument document) =>
            new SametimeAdminException("BackupNameInvalid", FailureKind.InvalidData,
                "The document's universal ID is not 32 hexadecimal digits, so it cannot name a backup file in the backup folder; nothing was written or changed.")
            {
                RecommendedAction = "Check that " + document.StoreLocation + " is the Domino database itself.",
            };
    }
}
