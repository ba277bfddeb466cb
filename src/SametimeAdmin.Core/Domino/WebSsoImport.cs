using System;
using System.Collections.Generic;
using System.Linq;

namespace SametimeAdmin.Domino
{
    /// <summary>
    /// Import-LtpaKeyToSsoDoc as a request of the edit protocol: the <see cref="WebSsoUpdate"/> settings (and keys) for
    /// the Web SSO document of one configuration name and organization.
    /// </summary>
    public sealed class WebSsoImport : DocumentChange<WebSsoDocument>
    {
        private readonly DominoItemMap map;

        public WebSsoImport(WebSsoUpdate update, DominoItemMap map, string name, string? organization = null)
        {
            Update = update ?? throw new ArgumentNullException(nameof(update));
            this.map = map ?? throw new ArgumentNullException(nameof(map));
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Organization = organization;
        }

        public WebSsoUpdate Update { get; }

        public string Name { get; }

        public string? Organization { get; }

        public override WebSsoDocument Read(INotesDocumentStore store) => WebSsoDocuments.FindOne(store, map, Name, Organization);

        public override NotesDocument NotesDocumentOf(WebSsoDocument document) =>
            (document ?? throw new ArgumentNullException(nameof(document))).Document;

        /// <summary>"Web SSO configuration 'LtpaToken2' in …": the configuration, as every message of the import names it.</summary>
        public override string DescribeTarget(WebSsoDocument document) => (document ?? throw new ArgumentNullException(nameof(document))).Describe();

        public override IReadOnlyList<NotesItemChange> ChangesFor(WebSsoDocument document) => Update.Plan(document);

        /// <summary>"Replace the WebSphere LTPA keys with those of SHA256:… and set LTPA_TokenDomain = .example.com": key values are never shown.</summary>
        public override string Describe(WebSsoDocument document, IReadOnlyList<NotesItemChange> changes)
        {
            _ = changes ?? throw new ArgumentNullException(nameof(changes));
            bool replacesKeys = Update.Keys != null && changes.Any(IsKeyItem);
            string settings = string.Join(", ", changes.Where(c => !IsKeyItem(c)).Select(c => c.Describe()));
            return (replacesKeys ? "Replace the WebSphere LTPA keys with those of " + Update.Keys!.PublicKeyFingerprint : string.Empty) +
                (settings.Length == 0 ? string.Empty : (replacesKeys ? " and set " : "Set ") + settings);
        }

        /// <summary>True when the import puts new key material into <paramref name="document"/>.</summary>
        public bool ReplacesKeys(WebSsoDocument document) => Update.Keys != null && ChangesFor(document).Any(IsKeyItem);

        private bool IsKeyItem(NotesItemChange change) =>
            new[] { WebSsoKeys.WebSphereSharedKey, WebSsoKeys.WebSpherePrivateKey, WebSsoKeys.WebSpherePublicKey }
                .Any(key => string.Equals(map.NameOf(key), change.Name, StringComparison.OrdinalIgnoreCase));
    }
}
