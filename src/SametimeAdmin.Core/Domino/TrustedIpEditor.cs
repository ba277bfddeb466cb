using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Domino
{
    /// <summary>What happened to one address.</summary>
    public enum TrustedIpAction
    {
        Added,
        AlreadyPresent,
        Removed,
        NotPresent,
    }

    /// <summary>The outcome for one requested address.</summary>
    public sealed class TrustedIpOutcome
    {
        internal TrustedIpOutcome(TrustedAddress address, TrustedIpAction action)
        {
            Address = address;
            Action = action;
        }

        public TrustedAddress Address { get; }

        public TrustedIpAction Action { get; }
    }

    /// <summary>One entry of a Community Trusted IPs list, as Get-TrustedIp and -PassThru show it.</summary>
    public sealed class TrustedIpEntry
    {
        internal TrustedIpEntry(TrustedAddress address, CommunityConnectivityDocument document)
        {
            IPAddress = address.Text;
            Kind = address.Kind;
            ItemName = document.ItemName;
            ItemNameStatus = document.ItemNameStatus;
            UniversalId = document.Document.UniversalId;
            Location = document.Document.StoreLocation;
        }

        /// <summary>
        /// The address (canonical text), or the entry as stored when it is not a plain address. (Not named "Address":
        /// PowerShell arrays have an Address method, which would hide member enumeration of such a property.)
        /// </summary>
        public string IPAddress { get; }

        public TrustedAddressKind Kind { get; }

        /// <summary>The Notes item the list is stored in.</summary>
        public string ItemName { get; }

        /// <summary>Whether that item name is confirmed, assumed or overridden by the admin.</summary>
        public ItemNameStatus ItemNameStatus { get; }

        public string? UniversalId { get; }

        /// <summary>The DXL file or database the document was read from.</summary>
        public string Location { get; }

        /// <summary>The entries of a document's list.</summary>
        public static IReadOnlyList<TrustedIpEntry> ListOf(CommunityConnectivityDocument document) =>
            (document ?? throw new ArgumentNullException(nameof(document))).TrustedIps.Entries.Select(a => new TrustedIpEntry(a, document)).ToArray();
    }

    /// <summary>The result of <see cref="TrustedIpEditor.Apply"/>.</summary>
    public sealed class TrustedIpEditResult
    {
        internal TrustedIpEditResult(CommunityConnectivityDocument document, IReadOnlyList<TrustedIpOutcome> outcomes, bool changed, string? backupPath)
        {
            Document = document;
            Outcomes = outcomes;
            Changed = changed;
            BackupPath = backupPath;
        }

        /// <summary>The document as stored afterwards.</summary>
        public CommunityConnectivityDocument Document { get; }

        public IReadOnlyList<TrustedIpOutcome> Outcomes { get; }

        public bool Changed { get; }

        public string? BackupPath { get; }
    }

    /// <summary>
    /// Adds and removes Community Trusted IPs through the edit protocol (<see cref="NotesDocumentTarget{TDocument}"/>):
    /// planned on a first read (nothing is asked or written when it changes nothing), confirmed, then applied to a
    /// fresh read of the document under the store's lock and again when the store reports that someone else changed
    /// the document meanwhile, so concurrent writers never lose each other's addresses.
    /// </summary>
    public static class TrustedIpEditor
    {
        /// <summary>
        /// Applies the additions and removals to the store's Community Connectivity document. Returns null when
        /// <paramref name="shouldProcess"/> (target, action) declined.
        /// </summary>
        public static TrustedIpEditResult? Apply(
            INotesDocumentStore store,
            DominoItemMap map,
            IReadOnlyList<TrustedAddress> add,
            IReadOnlyList<TrustedAddress> remove,
            bool allowCreateItem,
            Func<string, string, bool> shouldProcess,
            DocumentUpdateOptions options,
            TimeSpan lockTimeout)
        {
            _ = options ?? throw new ArgumentNullException(nameof(options));
            var change = new TrustedIpChange(map, add, remove, allowCreateItem);
            DocumentEdit<CommunityConnectivityDocument>? edit = EditProtocol.Run(new NotesDocumentTarget<CommunityConnectivityDocument>(store, options, lockTimeout), change, shouldProcess);
            return edit == null ? null : change.ResultOf(edit);
        }
    }

    /// <summary>Additions to and removals from the Community Trusted IPs, as a request of the edit protocol.</summary>
    public sealed class TrustedIpChange : DocumentChange<CommunityConnectivityDocument>
    {
        private readonly DominoItemMap map;
        private readonly IReadOnlyList<TrustedAddress> add;
        private readonly IReadOnlyList<TrustedAddress> remove;
        private readonly bool allowCreateItem;

        public TrustedIpChange(DominoItemMap map, IReadOnlyList<TrustedAddress> add, IReadOnlyList<TrustedAddress> remove, bool allowCreateItem)
        {
            this.map = map ?? throw new ArgumentNullException(nameof(map));
            this.add = add ?? throw new ArgumentNullException(nameof(add));
            this.remove = remove ?? throw new ArgumentNullException(nameof(remove));
            this.allowCreateItem = allowCreateItem;
        }

        public override CommunityConnectivityDocument Read(INotesDocumentStore store)
        {
            CommunityConnectivityDocument document = CommunityConnectivityDocument.FindOne(store, map);
            document.CheckItem(allowCreateItem || add.Count == 0);
            return document;
        }

        public override NotesDocument NotesDocumentOf(CommunityConnectivityDocument document) =>
            (document ?? throw new ArgumentNullException(nameof(document))).Document;

        public override IReadOnlyList<NotesItemChange> ChangesFor(CommunityConnectivityDocument document)
        {
            List<TrustedIpOutcome> outcomes = Outcomes(document, out TrustedIpList list);
            return IsChange(outcomes) ? new[] { document.ChangeFor(list) } : Array.Empty<NotesItemChange>();
        }

        public override string Describe(CommunityConnectivityDocument document, IReadOnlyList<NotesItemChange> changes)
        {
            List<TrustedIpOutcome> outcomes = Outcomes(document, out _);
            var parts = new List<string>();
            string[] added = outcomes.Where(o => o.Action == TrustedIpAction.Added).Select(o => o.Address.Text).ToArray();
            string[] removed = outcomes.Where(o => o.Action == TrustedIpAction.Removed).Select(o => o.Address.Text).ToArray();
            if (added.Length > 0)
            {
                parts.Add("add " + string.Join(", ", added));
            }

            if (removed.Length > 0)
            {
                parts.Add("remove " + string.Join(", ", removed));
            }

            string status = document.ItemNameStatus == ItemNameStatus.Assumed ? ", an assumed item name" : string.Empty;
            string text = string.Join(" and ", parts);
            return char.ToUpperInvariant(text[0]) + text.Substring(1) + " in the Community Trusted IPs (item " + document.ItemName + status + ")";
        }

        /// <summary>The result for each requested address, judged on the document the edit last read.</summary>
        public TrustedIpEditResult ResultOf(DocumentEdit<CommunityConnectivityDocument> edit)
        {
            _ = edit ?? throw new ArgumentNullException(nameof(edit));
            CommunityConnectivityDocument stored = edit.Changed ? new CommunityConnectivityDocument(edit.Stored, map) : edit.Read;
            return new TrustedIpEditResult(stored, Outcomes(edit.Read, out _), edit.Changed, edit.BackupPath);
        }

        private List<TrustedIpOutcome> Outcomes(CommunityConnectivityDocument document, out TrustedIpList list)
        {
            list = document.TrustedIps;
            var outcomes = new List<TrustedIpOutcome>();
            foreach (TrustedAddress address in remove)
            {
                outcomes.Add(new TrustedIpOutcome(address, list.Remove(address) ? TrustedIpAction.Removed : TrustedIpAction.NotPresent));
            }

            foreach (TrustedAddress address in add)
            {
                outcomes.Add(new TrustedIpOutcome(address, list.Add(address) ? TrustedIpAction.Added : TrustedIpAction.AlreadyPresent));
            }

            return outcomes;
        }

        private static bool IsChange(IEnumerable<TrustedIpOutcome> outcomes) =>
            outcomes.Any(o => o.Action == TrustedIpAction.Added || o.Action == TrustedIpAction.Removed);
    }
}
