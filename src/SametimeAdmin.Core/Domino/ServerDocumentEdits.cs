using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Domino
{
    /// <summary>
    /// Writes the Web SSO Configuration field of a Server document and the Sametime Proxy Server URL of a Configuration
    /// document through the edit protocol (<see cref="NotesDocumentTarget{TDocument}"/>): planned on a first read,
    /// confirmed, applied to a fresh read under the store's lock, backed up, verified.
    /// </summary>
    public static class ServerDocumentEditor
    {
        /// <summary>Sets the Server document's Web SSO configuration; null when <paramref name="shouldProcess"/> declined.</summary>
        public static DocumentEdit<DominoServerDocument>? SetSsoConfiguration(INotesDocumentStore store, DominoItemMap map, string? serverName, string configurationName,
            Func<string, string, bool> shouldProcess, DocumentUpdateOptions options, TimeSpan lockTimeout) =>
            EditProtocol.Run(new NotesDocumentTarget<DominoServerDocument>(store, options, lockTimeout), new SsoConfigurationChange(map, serverName, configurationName), shouldProcess);

        /// <summary>Sets the Configuration document's Sametime Proxy Server URL; null when <paramref name="shouldProcess"/> declined.</summary>
        public static DocumentEdit<INotesConfigurationDocument>? SetSametimeProxyUrl(INotesDocumentStore store, DominoItemMap map, string? serverName, string url,
            Func<string, string, bool> shouldProcess, DocumentUpdateOptions options, TimeSpan lockTimeout) =>
            EditProtocol.Run(new NotesDocumentTarget<INotesConfigurationDocument>(store, options, lockTimeout), new SametimeProxyUrlChange(map, serverName, url), shouldProcess);

        /// <summary>
        /// The one document of <paramref name="candidates"/> for <paramref name="serverName"/> (all of them when no name is
        /// given); none or several is an error that says which documents there are.
        /// </summary>
        internal static T One<T>(IReadOnlyList<T> candidates, Func<T, string?> nameOf, string? serverName, string kind, string errorPrefix, string location)
        {
            T[] matches = serverName == null ? candidates.ToArray() :
                candidates.Where(c => nameOf(c) is string n && n.Split(';').Any(part => NotesName.SameName(part.Trim(), serverName))).ToArray();
            string names = string.Join(", ", candidates.Select(c => nameOf(c) ?? "(no server name)"));
            if (matches.Length == 1)
            {
                return matches[0];
            }

            if (matches.Length == 0)
            {
                throw new SametimeAdminException(errorPrefix + "NotFound", FailureKind.ObjectNotFound,
                    $"{location} holds no {kind}" + (serverName != null ? " for " + serverName : string.Empty) + (candidates.Count > 0 ? $" (found: {names})." : ".") + " Nothing was changed.")
                {
                    RecommendedAction = "Export the " + kind + " of the server from names.nsf, or give -ServerName as the document names the server. If the form has another name, override it with -ItemMap.",
                };
            }

            throw new SametimeAdminException(errorPrefix + "Ambiguous", FailureKind.InvalidArgument,
                $"{location} holds {matches.Length} {kind}s ({names}); SametimeAdmin does not guess which one to change. Nothing was changed.")
            {
                RecommendedAction = "Give -ServerName with the server whose document is to change.",
            };
        }

        internal static string CheckValue(string value, string what)
        {
            string text = (value ?? string.Empty).Trim();
            if (text.Length == 0 || text.Any(char.IsControl))
            {
                throw new SametimeAdminException("InvalidDocumentValue", FailureKind.InvalidArgument, $"The {what} '{value}' is empty or contains a line break. Nothing was changed.");
            }

            return text;
        }
    }

    /// <summary>Server document > Internet Protocols > Domino Web Engine > Web SSO Configuration = a configuration name.</summary>
    public sealed class SsoConfigurationChange : DocumentChange<DominoServerDocument>
    {
        private readonly DominoItemMap map;
        private readonly string? serverName;
        private readonly string configurationName;

        public SsoConfigurationChange(DominoItemMap map, string? serverName, string configurationName)
        {
            this.map = map ?? throw new ArgumentNullException(nameof(map));
            this.serverName = serverName;
            this.configurationName = ServerDocumentEditor.CheckValue(configurationName, "Web SSO configuration name");
        }

        public override DominoServerDocument Read(INotesDocumentStore store) =>
            ServerDocumentEditor.One(DominoServerDocument.FindAll(store, map), d => d.ServerName, serverName, "Server document", "ServerDocument", store.Location);

        public override NotesDocument NotesDocumentOf(DominoServerDocument document) => (document ?? throw new ArgumentNullException(nameof(document))).Document;

        public override IReadOnlyList<NotesItemChange> ChangesFor(DominoServerDocument document) =>
            new[] { NotesItemChange.Text(map.NameOf(DominoServerKeys.SsoConfiguration), configurationName, NotesItemAttributes.Summary) };

        public override string DescribeTarget(DominoServerDocument document) => (document ?? throw new ArgumentNullException(nameof(document))).Describe();

        public override string Describe(DominoServerDocument document, IReadOnlyList<NotesItemChange> changes) =>
            $"Set the Web SSO Configuration to '{configurationName}' (item {map.NameOf(DominoServerKeys.SsoConfiguration)}{Status(map, DominoServerKeys.SsoConfiguration)}; was '{document?.SsoConfiguration ?? "(no item)"}')";

        internal static string Status(DominoItemMap map, string key) =>
            map[key].Status == ItemNameStatus.Assumed ? ", an assumed item name" : string.Empty;
    }

    /// <summary>Configuration document > iNotes > Instant Messaging > Sametime Proxy Server URL.</summary>
    public sealed class SametimeProxyUrlChange : DocumentChange<INotesConfigurationDocument>
    {
        private readonly DominoItemMap map;
        private readonly string? serverName;
        private readonly string url;

        public SametimeProxyUrlChange(DominoItemMap map, string? serverName, string url)
        {
            this.map = map ?? throw new ArgumentNullException(nameof(map));
            this.serverName = serverName;
            string text = ServerDocumentEditor.CheckValue(url, "Sametime Proxy Server URL");
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps) ||
                parsed.HostNameType != UriHostNameType.Dns || parsed.Host.Split('.').Length < 3)
            {
                throw new SametimeAdminException("InvalidSametimeProxyUrl", FailureKind.InvalidArgument,
                    $"'{url}' is not an http or https URL with a fully qualified host name (the guide asks for the proxy's fully qualified name). Nothing was changed.")
                {
                    RecommendedAction = "Give the URL users reach the Sametime Proxy Server by, for example https://stproxy.example.com.",
                };
            }

            this.url = text;
        }

        public override INotesConfigurationDocument Read(INotesDocumentStore store) =>
            ServerDocumentEditor.One(INotesConfigurationDocument.FindAll(store, map), d => d.ServerName, serverName, "Configuration document", "ConfigurationDocument", store.Location);

        public override NotesDocument NotesDocumentOf(INotesConfigurationDocument document) => (document ?? throw new ArgumentNullException(nameof(document))).Document;

        public override IReadOnlyList<NotesItemChange> ChangesFor(INotesConfigurationDocument document) =>
            new[] { NotesItemChange.Text(map.NameOf(INotesConfigurationKeys.SametimeProxyUrl), url, NotesItemAttributes.Summary) };

        public override string DescribeTarget(INotesConfigurationDocument document) => (document ?? throw new ArgumentNullException(nameof(document))).Describe();

        public override string Describe(INotesConfigurationDocument document, IReadOnlyList<NotesItemChange> changes) =>
            $"Set the Sametime Proxy Server URL to {url} (item {map.NameOf(INotesConfigurationKeys.SametimeProxyUrl)}{SsoConfigurationChange.Status(map, INotesConfigurationKeys.SametimeProxyUrl)}; was '{document?.SametimeProxyUrl ?? "(no item)"}')";
    }
}
