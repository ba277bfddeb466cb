using System;
using System.Collections.Generic;
using System.Linq;

namespace SametimeAdmin.Domino
{
    /// <summary>Keys of the Server document rows of the item map (names.nsf, form Server).</summary>
    public static class DominoServerKeys
    {
        public const string Document = "DominoServer";
        public const string Form = "DominoServer.Form";
        public const string LookupView = "DominoServer.LookupView";
        public const string ServerName = "DominoServer.ServerName";
        public const string SessionAuthentication = "DominoServer.SessionAuthentication";
        public const string SsoConfiguration = "DominoServer.SsoConfiguration";
        public const string JavaServletSupport = "DominoServer.JavaServletSupport";

        internal static IEnumerable<ItemMapEntry> BuiltInRows()
        {
            const string OneTouch = "HCL domino-container One-Touch Setup (first_server.json finds the Server document by Type/Form Server and ServerName and sets HTTP_EnableSessionAuth)";
            const string NotPublic = "not found in any public source; verify on a real Server document (DXL export or Document Properties)";
            yield return new ItemMapEntry(Form, ItemMapEntryKind.Form, "Server", ItemNameStatus.Confirmed, "form name", OneTouch, "Form of Server documents");
            yield return new ItemMapEntry(LookupView, ItemMapEntryKind.View, "($Servers)", ItemNameStatus.Assumed,
                "hidden view of names.nsf, first column = server name", "the view is widely used by Domino tools; " + NotPublic, "View the Server documents are found in");
            yield return new ItemMapEntry(ServerName, ItemMapEntryKind.Item, "ServerName", ItemNameStatus.Confirmed,
                "names item, canonical server name", OneTouch, "The server the document describes");
            yield return new ItemMapEntry(SessionAuthentication, ItemMapEntryKind.Item, "HTTP_EnableSessionAuth", ItemNameStatus.Confirmed,
                "text: 0 = disabled, 1 = single server, 2 = multiple servers (SSO) (the value mapping is inferred)",
                OneTouch + "; the meaning of its values was " + NotPublic, "Internet Protocols > Domino Web Engine > Session authentication");
            yield return new ItemMapEntry(SsoConfiguration, ItemMapEntryKind.Item, "HTTP_SSOCfg", ItemNameStatus.Assumed,
                "text, the Web SSO configuration name", "HTTP_SSOCfg is the Internet Site item read by com.nil.ltpa code; on the Server form it is " + NotPublic,
                "Internet Protocols > Domino Web Engine > Web SSO Configuration");
            yield return new ItemMapEntry(JavaServletSupport, ItemMapEntryKind.Item, "HTTP_EnableServlets", ItemNameStatus.Assumed,
                "text: 0 = none, 1 = Domino Servlet Manager, 2 = third-party servlet support (assumed)",
                "the field 'Java Servlet Support' is in the guide (3.2 step 6); item name and values were " + NotPublic,
                "Internet Protocols > Domino Web Engine > Java Servlet Support");
        }
    }

    /// <summary>Keys of the Configuration document (iNotes tab) rows of the item map.</summary>
    public static class INotesConfigurationKeys
    {
        public const string Document = "INotesConfiguration";
        public const string Form = "INotesConfiguration.Form";
        public const string LookupView = "INotesConfiguration.LookupView";
        public const string ServerName = "INotesConfiguration.ServerName";
        public const string SametimeProxyUrl = "INotesConfiguration.SametimeProxyUrl";

        internal static IEnumerable<ItemMapEntry> BuiltInRows()
        {
            const string NotPublic = "not found in any public source; verify on a real Configuration document (DXL export or Document Properties)";
            yield return new ItemMapEntry(Form, ItemMapEntryKind.Form, "ServerConfig", ItemNameStatus.Assumed,
                "form name", "the guide (3.2 steps 1-4) names the 'configuration document'; the form name was " + NotPublic, "Form of Configuration Settings documents");
            yield return new ItemMapEntry(LookupView, ItemMapEntryKind.View, "($ServerConfig)", ItemNameStatus.Assumed,
                "hidden view of names.nsf, first column = server or group name", NotPublic, "View the Configuration documents are found in");
            yield return new ItemMapEntry(ServerName, ItemMapEntryKind.Item, "ServerName", ItemNameStatus.Assumed,
                "names item: the server, a group, or * for all servers", NotPublic, "Basics > Group or Server name");
            yield return new ItemMapEntry(SametimeProxyUrl, ItemMapEntryKind.Item, "iNotes_WA_SametimeProxyServer", ItemNameStatus.Assumed,
                "text, URL of the Sametime Proxy Server (fully qualified host name)",
                "HCL documents the notes.ini setting iNotes_WA_SametimeProxyServerSSL; that the iNotes tab stores the URL under the matching item name was " + NotPublic,
                "iNotes > Instant Messaging > Sametime Proxy Server URL (guide 3.2 step 4)");
        }
    }

    /// <summary>What the Server document's Session authentication field says (the stored value mapping is inferred).</summary>
    public enum SessionAuthenticationMode
    {
        Unknown,
        Disabled,
        SingleServer,
        MultipleServers,
    }

    /// <summary>What the Server document's Java Servlet Support field says (the stored value mapping is assumed).</summary>
    public enum JavaServletSupportMode
    {
        Unknown,
        None,
        DominoServletManager,
        ThirdParty,
    }

    /// <summary>The Domino Web Engine settings of a Server document that iNotes-Sametime SSO depends on.</summary>
    public sealed class DominoServerDocument
    {
        internal DominoServerDocument(NotesDocument document, DominoItemMap map)
        {
            Document = document ?? throw new ArgumentNullException(nameof(document));
            Map = map ?? throw new ArgumentNullException(nameof(map));
        }

        public NotesDocument Document { get; }

        public DominoItemMap Map { get; }

        public string? ServerName => Value(DominoServerKeys.ServerName);

        /// <summary>The stored Session authentication value, as stored.</summary>
        public string? SessionAuthenticationValue => Value(DominoServerKeys.SessionAuthentication);

        public SessionAuthenticationMode SessionAuthentication => ParseSessionAuthentication(SessionAuthenticationValue);

        /// <summary>The Web SSO configuration the server uses (empty or null: none).</summary>
        public string? SsoConfiguration => Value(DominoServerKeys.SsoConfiguration);

        public string? JavaServletSupportValue => Value(DominoServerKeys.JavaServletSupport);

        public JavaServletSupportMode JavaServletSupport => ParseServletSupport(JavaServletSupportValue);

        public string Describe() => "the Server document" + (ServerName != null ? " of " + ServerName : string.Empty) + " (" + Document.Describe() + ")";

        /// <summary>Reads the stored value: the digits of the inferred mapping, or the label as the UI shows it.</summary>
        public static SessionAuthenticationMode ParseSessionAuthentication(string? value)
        {
            switch (Normalise(value))
            {
                case "0": case "disabled": return SessionAuthenticationMode.Disabled;
                case "1": case "singleserver": return SessionAuthenticationMode.SingleServer;
                case "2": case "multipleservers(sso)": case "multipleservers": return SessionAuthenticationMode.MultipleServers;
                default: return SessionAuthenticationMode.Unknown;
            }
        }

        public static JavaServletSupportMode ParseServletSupport(string? value)
        {
            switch (Normalise(value))
            {
                case "0": case "none": return JavaServletSupportMode.None;
                case "1": case "dominoservletmanager": return JavaServletSupportMode.DominoServletManager;
                case "2": case "thirdpartyservletsupport": return JavaServletSupportMode.ThirdParty;
                default: return JavaServletSupportMode.Unknown;
            }
        }

        /// <summary>The Server documents of a store: form Server, or any document with the mapped server-name and session items.</summary>
        public static IReadOnlyList<DominoServerDocument> FindAll(INotesDocumentStore store, DominoItemMap map)
        {
            _ = store ?? throw new ArgumentNullException(nameof(store));
            _ = map ?? throw new ArgumentNullException(nameof(map));
            return store.FindDocuments(new DocumentLookup(map.NameOf(DominoServerKeys.LookupView)))
                .Where(d => string.Equals(d.Form, map.NameOf(DominoServerKeys.Form), StringComparison.OrdinalIgnoreCase))
                .Select(d => new DominoServerDocument(d, map)).ToArray();
        }

        internal static string Normalise(string? value) => new string((value ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();

        private string? Value(string key)
        {
            NotesItem? item = Document.GetItem(Map.NameOf(key));
            return item == null ? null : string.Join(";", item.Values);
        }
    }

    /// <summary>The iNotes tab of a Configuration Settings document: where iNotes finds the Sametime Proxy Server.</summary>
    public sealed class INotesConfigurationDocument
    {
        internal INotesConfigurationDocument(NotesDocument document, DominoItemMap map)
        {
            Document = document ?? throw new ArgumentNullException(nameof(document));
            Map = map ?? throw new ArgumentNullException(nameof(map));
        }

        public NotesDocument Document { get; }

        public DominoItemMap Map { get; }

        public string? ServerName => Document.GetItem(Map.NameOf(INotesConfigurationKeys.ServerName)) is NotesItem item ? string.Join(";", item.Values) : null;

        public string ProxyItemName => Map.NameOf(INotesConfigurationKeys.SametimeProxyUrl);

        public ItemNameStatus ProxyItemNameStatus => Map[INotesConfigurationKeys.SametimeProxyUrl].Status;

        /// <summary>The Sametime Proxy Server URL in the mapped item; null when the document has no such item.</summary>
        public string? SametimeProxyUrl => Document.GetItem(ProxyItemName)?.FirstValue;

        public string Describe() => "the Configuration document" + (ServerName != null ? " of " + ServerName : string.Empty) + " (" + Document.Describe() + ")";

        public static IReadOnlyList<INotesConfigurationDocument> FindAll(INotesDocumentStore store, DominoItemMap map)
        {
            _ = store ?? throw new ArgumentNullException(nameof(store));
            _ = map ?? throw new ArgumentNullException(nameof(map));
            return store.FindDocuments(new DocumentLookup(map.NameOf(INotesConfigurationKeys.LookupView)))
                .Where(d => string.Equals(d.Form, map.NameOf(INotesConfigurationKeys.Form), StringComparison.OrdinalIgnoreCase) || d.HasItem(map.NameOf(INotesConfigurationKeys.SametimeProxyUrl)))
                .Select(d => new INotesConfigurationDocument(d, map)).ToArray();
        }
    }
}
