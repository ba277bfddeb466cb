using System;
using System.Collections.Generic;
using System.Linq;

namespace SametimeAdmin.Domino
{
    /// <summary>
    /// A snapshot of one Notes document as a store read it: identity, form and items in their original order.
    /// Changes go through <see cref="INotesDocumentStore.Update"/>, which returns a fresh snapshot.
    /// </summary>
    public sealed class NotesDocument
    {
        public NotesDocument(string storeLocation, string? universalId, string? noteId, string? form, IEnumerable<NotesItem> items, string? revision, DateTimeOffset? lastModified = null)
        {
            StoreLocation = storeLocation ?? throw new ArgumentNullException(nameof(storeLocation));
            UniversalId = universalId;
            NoteId = noteId;
            Items = (items ?? throw new ArgumentNullException(nameof(items))).ToArray();
            Form = form ?? GetItem("Form")?.FirstValue;
            Revision = revision;
            LastModified = lastModified;
        }

        /// <summary>Where the document lives, for messages: a file path, a database URL or a Notes database.</summary>
        public string StoreLocation { get; }

        public string? UniversalId { get; }

        /// <summary>True for a Notes universal ID: exactly 32 hexadecimal digits.</summary>
        public static bool IsUniversalId(string? value) =>
            value != null && value.Length == 32 && value.All(c => (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'));

        public string? NoteId { get; }

        public string? Form { get; }

        public IReadOnlyList<NotesItem> Items { get; }

        /// <summary>The store's marker of the version read (a content hash, a Last-Modified value); used to refuse lost updates.</summary>
        public string? Revision { get; }

        public DateTimeOffset? LastModified { get; }

        /// <summary>The first item with this name (Notes item names are case-insensitive), or null.</summary>
        public NotesItem? GetItem(string name) =>
            Items.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

        public bool HasItem(string name) => GetItem(name) != null;

        /// <summary>How many items carry this name (Notes allows several; editing such an item is refused).</summary>
        public int CountItems(string name) =>
            Items.Count(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The changes that would alter this document: those whose item is missing or holds another value.
        /// Stores write only these, so repeating a write changes nothing.
        /// </summary>
        public NotesItemChange[] ChangesNeeded(IEnumerable<NotesItemChange> changes) =>
            (changes ?? throw new ArgumentNullException(nameof(changes))).Where(c => !(GetItem(c.Name)?.HasSameValue(c) ?? false)).ToArray();

        /// <summary>
        /// What the store itself says about the document's encryption (Notes COM: NotesDocument.IsEncrypted); null when
        /// the store has no such notion (DXL, Domino Access Services).
        /// </summary>
        public bool? StoreReportsEncrypted { get; init; }

        /// <summary>
        /// The document really is encrypted: it carries the $Seal (or $SealData) item Notes adds to an encrypted note,
        /// an item whose data is still encrypted (DXL sealed='true'), or the store says so. Items merely flagged for
        /// encryption (DXL seal='true', NotesItem.IsEncrypted) do not count: that flag is only applied once the
        /// document is encrypted.
        /// </summary>
        public bool IsEncrypted => StoreReportsEncrypted == true || Items.Any(i => i.IsSealed ||
            string.Equals(i.Name, "$Seal", StringComparison.OrdinalIgnoreCase) || string.Equals(i.Name, "$SealData", StringComparison.OrdinalIgnoreCase));

        /// <summary>Names of items whose data is still encrypted in this copy.</summary>
        public IReadOnlyList<string> SealedItemNames => Items.Where(i => i.IsSealed).Select(i => i.Name).ToArray();

        /// <summary>A short description for messages: "document 8FA… in /path/names.dxl".</summary>
        public string Describe() =>
            (UniversalId != null ? "document " + UniversalId : "the document") + (Form != null ? " (form " + Form + ")" : string.Empty) + " in " + StoreLocation;

        public override string ToString() => Describe();
    }
}
