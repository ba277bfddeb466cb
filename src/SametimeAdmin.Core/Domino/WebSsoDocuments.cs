using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Domino
{
    /// <summary>Finds Web SSO Configuration documents in a store, the same way for every backend.</summary>
    public static class WebSsoDocuments
    {
        /// <summary>The default configuration name Domino and Sametime use.</summary>
        public const string DefaultName = "LtpaToken";

        /// <summary>
        /// All Web SSO documents of the store, optionally only those with a configuration name (and Organization).
        /// A store that holds documents, none of them Web SSO documents, is an error (the file is of another form).
        /// </summary>
        public static IReadOnlyList<WebSsoDocument> Find(INotesDocumentStore store, DominoItemMap map, string? name = null, string? organization = null)
        {
            if (store == null)
            {
                throw new ArgumentNullException(nameof(store));
            }

            if (map == null)
            {
                throw new ArgumentNullException(nameof(map));
            }

            // The whole view is read and filtered here, so DXL, DAS and COM select documents identically.
            IReadOnlyList<NotesDocument> candidates = store.FindDocuments(new DocumentLookup(map.NameOf(WebSsoKeys.LookupView)));
            WebSsoDocument[] all = candidates.Where(d => WebSsoDocument.IsWebSsoDocument(d, map)).Select(d => new WebSsoDocument(d, map)).ToArray();
            if (all.Length == 0 && candidates.Count > 0)
            {
                string forms = string.Join(", ", candidates.Select(d => d.Form ?? "(no form)").Distinct(StringComparer.OrdinalIgnoreCase).Select(f => "'" + f + "'"));
                throw new SametimeAdminException("SsoDocWrongForm", FailureKind.InvalidData,
                    $"{store.Location} holds no Web SSO Configuration document: found form {forms}, expected '{map.NameOf(WebSsoKeys.Form)}' or an item '{map.NameOf(WebSsoKeys.TokenName)}'.")
                {
                    RecommendedAction = "Export the Web SSO Configuration document (names.nsf, Configuration > Web > Web Configurations). If your form or items have other names, override them with -ItemMap.",
                };
            }

            return all.Where(d => Matches(d, name, organization)).ToArray();
        }

        /// <summary>Exactly one Web SSO document with this configuration name: none or several is an error.</summary>
        public static WebSsoDocument FindOne(INotesDocumentStore store, DominoItemMap map, string name, string? organization = null)
        {
            IReadOnlyList<WebSsoDocument> all = Find(store, map);
            WebSsoDocument[] matches = all.Where(d => Matches(d, name, organization)).ToArray();
            string wanted = organization != null ? organization + ":" + name : name;
            if (matches.Length == 0)
            {
                throw NotFound(store, all, name, organization);
            }

            if (matches.Length > 1)
            {
                string ids = string.Join(", ", matches.Select(d => d.UniversalId ?? "(no UNID)"));
                throw new SametimeAdminException("SsoDocDuplicate", FailureKind.InvalidData,
                    $"{store.Location} has {matches.Length} Web SSO Configuration documents named '{wanted}' (UNIDs {ids}); Domino uses only one of them, so SametimeAdmin does not guess. Nothing was changed.")
                {
                    RecommendedAction = "Delete or rename the extra document in names.nsf (and check for replication conflicts), then run the command again.",
                };
            }

            return matches[0];
        }

        /// <summary>The error for a configuration name that is not in the store, listing the names that are.</summary>
        public static SametimeAdminException NotFound(INotesDocumentStore store, IReadOnlyList<WebSsoDocument> present, string name, string? organization)
        {
            if (store == null)
            {
                throw new ArgumentNullException(nameof(store));
            }

            string wanted = organization != null ? organization + ":" + name : name;
            string names = present == null || present.Count == 0 ? "none" : string.Join(", ", present.Select(d => "'" + (d.LookupKey ?? "(no name)") + "'"));
            return new SametimeAdminException("SsoDocNotFound", FailureKind.ObjectNotFound,
                $"{store.Location} has no Web SSO Configuration document named '{wanted}' (present: {names}).")
            {
                RecommendedAction = "Give the configuration name with -Name (the guide uses LtpaToken2), and -Organization when the document belongs to an Internet Site organization.",
            };
        }

        private static bool Matches(WebSsoDocument document, string? name, string? organization) =>
            (name == null || string.Equals(document.Name, name, StringComparison.OrdinalIgnoreCase)) &&
            (organization == null || string.Equals(document.Organization, organization, StringComparison.OrdinalIgnoreCase));
    }
}
