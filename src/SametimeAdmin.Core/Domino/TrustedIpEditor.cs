using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
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
    /// Adds and removes Community Trusted IPs. The change is planned on a first read (nothing is asked or written when
    /// it changes nothing), confirmed, then applied to a fresh read of the document: under an exclusive lock for DXL
    /// files, and retried when the store reports that someone else changed the document meanwhile, so concurrent
    /// writers never lose each other's addresses.
    /// </summary>
    public static class TrustedIpEditor
    {
        private const int Attempts = 5;

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
            _ = store ?? throw new ArgumentNullException(nameof(store));
            _ = map ?? throw new ArgumentNullException(nameof(map));
            _ = add ?? throw new ArgumentNullException(nameof(add));
            _ = remove ?? throw new ArgumentNullException(nameof(remove));
            _ = shouldProcess ?? throw new ArgumentNullException(nameof(shouldProcess));
            _ = options ?? throw new ArgumentNullException(nameof(options));

            CommunityConnectivityDocument planned = CommunityConnectivityDocument.FindOne(store, map);
            planned.CheckItem(allowCreateItem || add.Count == 0);
            Plan(planned, add, remove, out TrustedIpList plannedList, out List<TrustedIpOutcome> plannedOutcomes);
            if (!IsChange(plannedOutcomes))
            {
                return new TrustedIpEditResult(planned, plannedOutcomes, false, null);
            }

            if (!shouldProcess(planned.Document.Describe(), Describe(plannedOutcomes, planned)))
            {
                return null;
            }

            using (store is DxlDocumentStore dxl ? AtomicFile.AcquireLock(dxl.Path, lockTimeout) : null)
            {
                for (int attempt = 1; ; attempt++)
                {
                    CommunityConnectivityDocument current = CommunityConnectivityDocument.FindOne(store, map);
                    current.CheckItem(allowCreateItem || add.Count == 0);
                    Plan(current, add, remove, out TrustedIpList list, out List<TrustedIpOutcome> outcomes);
                    if (!IsChange(outcomes))
                    {
                        return new TrustedIpEditResult(current, outcomes, false, null);
                    }

                    try
                    {
                        DocumentUpdateResult written = store.Update(current.Document, new[] { current.ChangeFor(list) }, options);
                        return new TrustedIpEditResult(new CommunityConnectivityDocument(written.Document, map), outcomes, written.Changed, written.BackupPath);
                    }
                    catch (SametimeAdminException ex) when (ex.ErrorId == DocumentConflict.ErrorId && attempt < Attempts)
                    {
                        // Someone saved the document between our read and our write: read it again and re-apply.
                        Thread.Sleep(50 * attempt);
                    }
                }
            }
        }

        private static void Plan(CommunityConnectivityDocument document, IReadOnlyList<TrustedAddress> add, IReadOnlyList<TrustedAddress> remove,
            out TrustedIpList list, out List<TrustedIpOutcome> outcomes)
        {
            list = document.TrustedIps;
            outcomes = new List<TrustedIpOutcome>();
            foreach (TrustedAddress address in remove)
            {
                outcomes.Add(new TrustedIpOutcome(address, list.Remove(address) ? TrustedIpAction.Removed : TrustedIpAction.NotPresent));
            }

            foreach (TrustedAddress address in add)
            {
                outcomes.Add(new TrustedIpOutcome(address, list.Add(address) ? TrustedIpAction.Added : TrustedIpAction.AlreadyPresent));
            }
        }

        private static bool IsChange(IEnumerable<TrustedIpOutcome> outcomes) =>
            outcomes.Any(o => o.Action == TrustedIpAction.Added || o.Action == TrustedIpAction.Removed);

        private static string Describe(IReadOnlyList<TrustedIpOutcome> outcomes, CommunityConnectivityDocument document)
        {
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
    }
}
