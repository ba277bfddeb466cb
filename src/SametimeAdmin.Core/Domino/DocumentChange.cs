using System.Collections.Generic;

namespace SametimeAdmin.Domino
{
    /// <summary>
    /// A request to change one Notes document, worked out anew from each read of it (the plan's read and every fresh
    /// read under the store's lock), so that what someone else saved meanwhile is kept.
    /// </summary>
    /// <typeparam name="TDocument">The typed view of the document (a Web SSO or Community Connectivity document).</typeparam>
    public abstract class DocumentChange<TDocument>
        where TDocument : class
    {
        /// <summary>Finds the document in the store and checks that it can take the change (errors say why not).</summary>
        public abstract TDocument Read(INotesDocumentStore store);

        /// <summary>The Notes document behind the typed view.</summary>
        public abstract NotesDocument NotesDocumentOf(TDocument document);

        /// <summary>The item changes that bring the document to the requested state; empty when it already is.</summary>
        public abstract IReadOnlyList<NotesItemChange> ChangesFor(TDocument document);

        /// <summary>The document as ShouldProcess names it.</summary>
        public virtual string DescribeTarget(TDocument document) => NotesDocumentOf(document).Describe();

        /// <summary>What the changes do, for ShouldProcess ("Add 192.0.2.21 in the Community Trusted IPs (item …)").</summary>
        public abstract string Describe(TDocument document, IReadOnlyList<NotesItemChange> changes);
    }
}
