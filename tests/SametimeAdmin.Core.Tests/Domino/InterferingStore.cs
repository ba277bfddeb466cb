using SametimeAdmin.Domino;

namespace SametimeAdmin.Tests.Domino;

/// <summary>A store that lets another writer save the document once, between the editor's read and its write.</summary>
internal sealed class InterferingStore(INotesDocumentStore inner, Action otherWriter) : INotesDocumentStore
{
    private bool interfered;

    public int Updates { get; private set; }

    public string Location => inner.Location;

    public bool KeepsEncryption => inner.KeepsEncryption;

    public IReadOnlyList<NotesDocument> FindDocuments(DocumentLookup lookup) => inner.FindDocuments(lookup);

    public IDisposable? LockForEdit(TimeSpan timeout) => inner.LockForEdit(timeout);

    public DocumentUpdateResult Update(NotesDocument document, IReadOnlyList<NotesItemChange> changes, DocumentUpdateOptions options)
    {
        Updates++;
        if (!interfered)
        {
            interfered = true;
            otherWriter();
        }

        return inner.Update(document, changes, options);
    }

    public void Dispose()
    {
    }
}
