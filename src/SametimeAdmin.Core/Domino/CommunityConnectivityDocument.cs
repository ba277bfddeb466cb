using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Domino
{
    /// <summary>Keys of the Community Connectivity rows of the item map (stconfig.nsf of Domino-based Sametime, up to 11.x).</summary>
    public static class CommunityConnectivityKeys
    {
        public const string Document = "CommunityConnectivity";
        public const string Form = "CommunityConnectivity.Form";
        public const string LookupView = "CommunityConnectivity.LookupView";
        public const string TrustedIps = "CommunityConnectivity.TrustedIps";

        internal static IEnumerable<ItemMapEntry> BuiltInRows()
        {
            const string Guide = "IBM 'Sametime 9.0.1 and iNotes integration guide', section 3.3";
            const string NotPublic = "not found in any public source; verify on a real document (Document Properties in the Notes client, or a DXL export)";
            yield return new ItemMapEntry(Form, ItemMapEntryKind.Form, "CommunityConnectivity", ItemNameStatus.Assumed,
                "form name", Guide + " names the document 'Community Connectivity' (figure: 'stconfig.nsf/CommunityConnectivity document'); the form's programmatic name was " + NotPublic,
                "Form of the Community Connectivity document in stconfig.nsf");
            yield return new ItemMapEntry(LookupView, ItemMapEntryKind.View, "By Form", ItemNameStatus.Confirmed,
                "view of stconfig.nsf listing its documents by form", Guide + ": 'From the By Form view, open the Community Connectivity document'",
                "View the document is found in");
            yield return new ItemMapEntry(TrustedIps, ItemMapEntryKind.Item, "CommunityTrustedIps", ItemNameStatus.Assumed,
                "text, IP addresses separated by ';' (a text list is kept as a list); ',' and whitespace are read too",
                "the field is labelled 'Community Trusted IPs' and takes ';'-separated addresses (" + Guide + "); the item name follows the label and was " + NotPublic,
                "Addresses of servers (iNotes, Proxy) the Community Server trusts");
        }
    }

    /// <summary>
    /// The Community Connectivity document of a Domino-based Sametime Community Server's stconfig.nsf, as far as the
    /// trusted-IP list goes. Sametime 12 has no stconfig.nsf: its community settings are in StCommunityConfig.xml.
    /// </summary>
    public sealed class CommunityConnectivityDocument
    {
        internal const string Sametime12Note =
            "Sametime 12 has no stconfig.nsf: its community settings are in StCommunityConfig.xml (/local/notesdata in the community container; " +
            "on Kubernetes overridden through the secret named by overrideCommunityConfigSecret), which these commands do not edit.";

        internal CommunityConnectivityDocument(NotesDocument document, DominoItemMap map)
        {
            Document = document ?? throw new ArgumentNullException(nameof(document));
            Map = map ?? throw new ArgumentNullException(nameof(map));
        }

        public NotesDocument Document { get; }

        public DominoItemMap Map { get; }

        /// <summary>The Notes item that holds the trusted IPs (from the item map).</summary>
        public string ItemName => Map.NameOf(CommunityConnectivityKeys.TrustedIps);

        /// <summary>Whether that name is confirmed, assumed or overridden.</summary>
        public ItemNameStatus ItemNameStatus => Map[CommunityConnectivityKeys.TrustedIps].Status;

        public NotesItem? Item => Document.GetItem(ItemName);

        /// <summary>The trusted IPs as stored (empty when the item is missing or empty).</summary>
        public TrustedIpList TrustedIps => new TrustedIpList(Item?.Values ?? Array.Empty<string>());

        /// <summary>True for a Community Connectivity document: its form is the mapped form, or it has the trusted-IP item.</summary>
        public static bool IsCommunityConnectivity(NotesDocument document, DominoItemMap map)
        {
            if (document == null)
            {
                throw new ArgumentNullException(nameof(document));
            }

            if (map == null)
            {
                throw new ArgumentNullException(nameof(map));
            }

            return string.Equals(document.Form, map.NameOf(CommunityConnectivityKeys.Form), StringComparison.OrdinalIgnoreCase) ||
                document.HasItem(map.NameOf(CommunityConnectivityKeys.TrustedIps));
        }

        /// <summary>The one Community Connectivity document of the store; none or several is an error that says why.</summary>
        public static CommunityConnectivityDocument FindOne(INotesDocumentStore store, DominoItemMap map)
        {
            if (store == null)
            {
                throw new ArgumentNullException(nameof(store));
            }

            if (map == null)
            {
                throw new ArgumentNullException(nameof(map));
            }

            IReadOnlyList<NotesDocument> candidates = store.FindDocuments(new DocumentLookup(map.NameOf(CommunityConnectivityKeys.LookupView)));
            NotesDocument[] matches = candidates.Where(d => IsCommunityConnectivity(d, map)).ToArray();
            if (matches.Length == 0)
            {
                string forms = candidates.Count == 0 ? "no documents" :
                    "form " + string.Join(", ", candidates.Select(d => "'" + (d.Form ?? "(no form)") + "'").Distinct(StringComparer.OrdinalIgnoreCase));
                throw new SametimeAdminException("CommunityConnectivityNotFound", FailureKind.ObjectNotFound,
                    $"{store.Location} holds no Community Connectivity document (found {forms}; expected form '{map.NameOf(CommunityConnectivityKeys.Form)}' or an item '{map.NameOf(CommunityConnectivityKeys.TrustedIps)}').")
                {
                    RecommendedAction = "Export the Community Connectivity document of the Community Server's stconfig.nsf ('By Form' view). " +
                        "If its form has another name, override 'CommunityConnectivity.Form' with -ItemMap. " + Sametime12Note,
                };
            }

            if (matches.Length > 1)
            {
                string ids = string.Join(", ", matches.Select(d => d.UniversalId ?? "(no UNID)"));
                throw new SametimeAdminException("CommunityConnectivityDuplicate", FailureKind.InvalidData,
                    $"{store.Location} holds {matches.Length} Community Connectivity documents (UNIDs {ids}); the server uses only one, so SametimeAdmin does not guess. Nothing was changed.")
                {
                    RecommendedAction = "Delete the extra document (often a replication conflict) in stconfig.nsf, then run the command again.",
                };
            }

            return new CommunityConnectivityDocument(matches[0], map);
        }

        /// <summary>
        /// Fails when the trusted-IP item cannot be used: several items of that name, a kind other than text, or (unless
        /// <paramref name="allowCreate"/>) no such item, which usually means the item map names the wrong item.
        /// </summary>
        public void CheckItem(bool allowCreate)
        {
            int count = Document.CountItems(ItemName);
            if (count > 1)
            {
                throw new SametimeAdminException("TrustedIpItemDuplicate", FailureKind.InvalidData,
                    $"{Document.Describe()} has {count} items named '{ItemName}'; SametimeAdmin does not guess which one the server reads. Nothing was changed.");
            }

            NotesItem? item = Item;
            if (item != null && (item.Type != NotesItemType.Text && item.Type != NotesItemType.TextList || item.IsSealed))
            {
                throw new SametimeAdminException("TrustedIpItemUnexpectedType", FailureKind.InvalidData,
                    $"The item '{ItemName}' of {Document.Describe()} holds {(item.IsSealed ? "encrypted data" : item.Type.ToString())}, not text, so it is not the trusted-IP list. Nothing was changed.")
                {
                    RecommendedAction = OverrideAdvice(),
                };
            }

            if (item == null && !allowCreate)
            {
                string status = ItemNameStatus == ItemNameStatus.Assumed ? " (an assumed name: no public source confirms it)" : string.Empty;
                throw new SametimeAdminException("TrustedIpItemNotFound", FailureKind.ObjectNotFound,
                    $"{Document.Describe()} has no item '{ItemName}'{status}. A Notes form saves its fields even when empty, so the trusted IPs are probably stored under another name. Nothing was changed.")
                {
                    RecommendedAction = OverrideAdvice() + " Use -Force only if you know the item is simply missing and should be created.",
                };
            }
        }

        /// <summary>
        /// The change that stores <paramref name="list"/> in the shape the item already has: a text list of one address
        /// per value stays so, a one-value text list keeps one ';'-joined value, and text (or a new item) is text joined with ';'.
        /// </summary>
        public NotesItemChange ChangeFor(TrustedIpList list)
        {
            if (list == null)
            {
                throw new ArgumentNullException(nameof(list));
            }

            NotesItem? item = Item;
            if (item?.Type != NotesItemType.TextList)
            {
                return NotesItemChange.Text(ItemName, list.Value, NotesItemAttributes.Summary);
            }

            return item.Values.Count > 1
                ? NotesItemChange.TextList(ItemName, list.Entries.Select(e => e.Text), NotesItemAttributes.Summary)
                : NotesItemChange.TextList(ItemName, new[] { list.Value }, NotesItemAttributes.Summary);
        }

        private string OverrideAdvice()
        {
            string[] candidates = Document.Items
                .Where(i => (i.Type == NotesItemType.Text || i.Type == NotesItemType.TextList) &&
                    (i.Name.IndexOf("trust", StringComparison.OrdinalIgnoreCase) >= 0 || i.Name.IndexOf("ip", StringComparison.OrdinalIgnoreCase) >= 0))
                .Select(i => i.Name).ToArray();
            string hint = candidates.Length > 0 ? " Text items of this document that might hold them: " + string.Join(", ", candidates) + "." : string.Empty;
            return "Find the field's item name (Notes client: Document Properties of the Community Connectivity document) and give it with -ItemMap @{ '" +
                CommunityConnectivityKeys.TrustedIps + "' = '<ItemName>' }." + hint;
        }
    }
}
