using System;
using System.Collections.Generic;

namespace SametimeAdmin.Domino
{
    /// <summary>
    /// Where Notes documents are read from and written to: a DXL export, Domino Access Services or Notes COM.
    /// Every backend reports failures as SametimeAdminException with stable ErrorIds.
    /// </summary>
    public interface INotesDocumentStore : IDisposable
    {
        /// <summary>A human description of the store for messages and output (path, URL, server!!database).</summary>
        string Location { get; }

        /// <summary>
        /// Whether the backend keeps items encrypted that the document marks for encryption. When false, the cmdlets
        /// warn before writing an encrypted document through it.
        /// </summary>
        bool KeepsEncryption { get; }

        /// <summary>
        /// Candidate documents for a lookup. Database backends look the key up in the view; a DXL file is not a view,
        /// so it returns every document it holds. Callers filter the result themselves, the same way for every backend.
        /// </summary>
        IReadOnlyList<NotesDocument> FindDocuments(DocumentLookup lookup);

        /// <summary>
        /// The lock an edit holds from its fresh read to its write (see <see cref="NotesDocumentTarget{TDocument}"/>):
        /// a DXL file's own lock; null for a server (Domino Access Services, Notes COM), which refuses a write over a
        /// newer revision itself.
        /// </summary>
        IDisposable? LockForEdit(TimeSpan timeout);

        /// <summary>
        /// Writes the changes into the document, touching nothing else, and refuses when the document changed since
        /// it was read. A backup of the previous state is made first. Returns the document as stored afterwards.
        /// </summary>
        DocumentUpdateResult Update(NotesDocument document, IReadOnlyList<NotesItemChange> changes, DocumentUpdateOptions options);
    }

    /// <summary>A view lookup: the view's name and, optionally, the key of its first sorted column.</summary>
    public sealed class DocumentLookup
    {
        public DocumentLookup(string viewName, string? key = null)
        {
            ViewName = viewName ?? throw new ArgumentNullException(nameof(viewName));
            Key = key;
        }

        public string ViewName { get; }

        public string? Key { get; }
    }

    /// <summary>Options of a write.</summary>
    public sealed class DocumentUpdateOptions
    {
        /// <summary>
        /// Folder for the backup of the previous document state when the store is a server (DAS, Notes COM).
        /// A DXL file is backed up beside itself. Null: the per-user SametimeAdmin backup folder.
        /// </summary>
        public string? BackupDirectory { get; set; }

        /// <summary>
        /// The write puts key material into the document: a DXL file, its temp file and its backups are written
        /// readable by the owner only (backups of server documents always are).
        /// </summary>
        public bool HoldsSecrets { get; set; }

        /// <summary>Backups kept per file or document; the oldest beyond this are deleted.</summary>
        public int BackupCount { get; set; } = Common.AtomicFile.DefaultBackupCount;

        /// <summary>Runs just before a DXL file is replaced (tests simulate a writer that does not take the lock).</summary>
        internal Action? BeforeReplace { get; set; }
    }

    /// <summary>What a write did.</summary>
    public sealed class DocumentUpdateResult
    {
        public DocumentUpdateResult(NotesDocument document, IReadOnlyList<string> changedItems, string? backupPath)
        {
            Document = document;
            ChangedItems = changedItems;
            BackupPath = backupPath;
        }

        public NotesDocument Document { get; }

        public IReadOnlyList<string> ChangedItems { get; }

        public string? BackupPath { get; }

        public bool Changed => ChangedItems.Count > 0;
    }
}
