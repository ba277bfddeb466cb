using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Domino
{
    /// <summary>
    /// A Notes document in any store (DXL export, Domino Access Services, Notes COM) as an edit target. The store owns
    /// the lock (<see cref="INotesDocumentStore.LockForEdit"/>) and the write (backup first, refused with DocumentConflict
    /// when the document changed since it was read: then it is read and changed again); what the store reports as stored
    /// afterwards must hold every change.
    /// </summary>
    public sealed class NotesDocumentTarget<TDocument> : IEditTarget<DocumentChange<TDocument>, DocumentEdit<TDocument>>
        where TDocument : class
    {
        /// <summary>How long an edit waits for another writer of the same DXL file unless told otherwise.</summary>
        public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(15);

        private readonly DocumentUpdateOptions options;
        private readonly TimeSpan lockTimeout;

        public NotesDocumentTarget(INotesDocumentStore store, DocumentUpdateOptions? options = null, TimeSpan? lockTimeout = null)
        {
            Store = store ?? throw new ArgumentNullException(nameof(store));
            this.options = options ?? new DocumentUpdateOptions();
            this.lockTimeout = lockTimeout ?? DefaultLockTimeout;
        }

        public INotesDocumentStore Store { get; }

        public EditPlan<DocumentChange<TDocument>, DocumentEdit<TDocument>> Plan(DocumentChange<TDocument> request)
        {
            _ = request ?? throw new ArgumentNullException(nameof(request));
            TDocument read = request.Read(Store);
            NotesDocument document = request.NotesDocumentOf(read);
            NotesItemChange[] changes = document.ChangesNeeded(request.ChangesFor(read));
            string action = changes.Length == 0 ? string.Empty : request.Describe(read, changes);
            return new EditPlan<DocumentChange<TDocument>, DocumentEdit<TDocument>>(request, request.DescribeTarget(read), action,
                changes.Select(c => c.Describe()).ToArray(), DocumentEdit<TDocument>.Unchanged(read, document));
        }

        public DocumentEdit<TDocument> Apply(EditPlan<DocumentChange<TDocument>, DocumentEdit<TDocument>> plan)
        {
            DocumentChange<TDocument> request = (plan ?? throw new ArgumentNullException(nameof(plan))).Request;
            return EditProtocol.ApplyUnderLock(Store.LockForEdit(lockTimeout), DocumentConflict.ErrorId, () =>
            {
                TDocument read = request.Read(Store);
                NotesDocument document = request.NotesDocumentOf(read);
                NotesItemChange[] changes = document.ChangesNeeded(request.ChangesFor(read));
                if (changes.Length == 0)
                {
                    return DocumentEdit<TDocument>.Unchanged(read, document);
                }

                DocumentUpdateResult written = Store.Update(document, changes, options);
                Verify(written.Document, changes);
                return new DocumentEdit<TDocument>(read, written.Document, written.ChangedItems, written.BackupPath);
            });
        }

        /// <summary>The document as the store has it now must hold every value written.</summary>
        private void Verify(NotesDocument stored, IEnumerable<NotesItemChange> changes)
        {
            string[] missing = changes.Where(c => !(stored.GetItem(c.Name)?.HasSameValue(c) ?? false)).Select(c => c.Name).ToArray();
            if (missing.Length > 0)
            {
                throw new SametimeAdminException("DocumentVerificationFailed", FailureKind.InvalidOperation,
                    $"{stored.Describe()} in '{Store.Location}' was written, but reading it back does not show the new value of {string.Join(", ", missing)}.")
                {
                    RecommendedAction = "Open the document (Notes client, or " + ModuleCommands.GetSsoDoc + " / " + ModuleCommands.GetTrustedIp + ") and check it; the previous state is in the backup.",
                };
            }
        }
    }
}
