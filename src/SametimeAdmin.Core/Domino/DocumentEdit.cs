using System;
using System.Collections.Generic;

namespace SametimeAdmin.Domino
{
    /// <summary>What an edit of a Notes document did (<see cref="NotesDocumentTarget{TDocument}"/>).</summary>
    public sealed class DocumentEdit<TDocument>
        where TDocument : class
    {
        internal DocumentEdit(TDocument read, NotesDocument stored, IReadOnlyList<string> changedItems, string? backupPath)
        {
            Read = read;
            Stored = stored;
            ChangedItems = changedItems;
            BackupPath = backupPath;
        }

        /// <summary>The document as read for the change that was applied (or found to be needed no more).</summary>
        public TDocument Read { get; }

        /// <summary>The document as stored afterwards (as read when nothing was written).</summary>
        public NotesDocument Stored { get; }

        public IReadOnlyList<string> ChangedItems { get; }

        /// <summary>The copy of the previous state (a .bak beside a DXL file, a JSON file for a server document).</summary>
        public string? BackupPath { get; }

        public bool Changed => ChangedItems.Count > 0;

        internal static DocumentEdit<TDocument> Unchanged(TDocument read, NotesDocument document) =>
            new DocumentEdit<TDocument>(read, document, Array.Empty<string>(), null);
    }
}
