using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Domino
{
    /// <summary>How sure the tool is about a name in the item map.</summary>
    public enum ItemNameStatus
    {
        /// <summary>Seen in product documentation or in working code that reads real documents.</summary>
        Confirmed,

        /// <summary>Not found in any public source: a best guess the admin should verify on a real document.</summary>
        Assumed,

        /// <summary>Set by the admin (parameter or map file) for this run.</summary>
        Overridden,
    }

    /// <summary>What an entry of the item map names.</summary>
    public enum ItemMapEntryKind
    {
        /// <summary>An item (field) of the document.</summary>
        Item,

        /// <summary>The form name the document is created with.</summary>
        Form,

        /// <summary>The view the servers look the document up in.</summary>
        View,
    }

    /// <summary>One row of the item map: a logical field of a document kind and the Notes name it is stored under.</summary>
    public sealed class ItemMapEntry
    {
        internal ItemMapEntry(string key, ItemMapEntryKind kind, string name, ItemNameStatus status, string valueFormat, string evidence, string description)
        {
            Key = key;
            Kind = kind;
            Name = name;
            Status = status;
            ValueFormat = valueFormat;
            Evidence = evidence;
            Description = description;
        }

        /// <summary>Stable key "Document.Field", for example "WebSso.TokenDomain". Overrides use it.</summary>
        public string Key { get; }

        /// <summary>The document kind, the part of the key before the dot ("WebSso").</summary>
        public string Document => Key.Substring(0, Key.IndexOf('.'));

        public ItemMapEntryKind Kind { get; }

        /// <summary>The Notes item, form or view name used.</summary>
        public string Name { get; }

        public ItemNameStatus Status { get; }

        /// <summary>How the value is stored (type and encoding); for assumed entries this is assumed too.</summary>
        public string ValueFormat { get; }

        /// <summary>Where the name comes from, or why it is a guess.</summary>
        public string Evidence { get; }

        public string Description { get; }

        /// <summary>The built-in name when the entry is overridden, otherwise null.</summary>
        public string? DefaultName { get; private set; }

        internal ItemMapEntry WithName(string name) =>
            new ItemMapEntry(Key, Kind, name, ItemNameStatus.Overridden, ValueFormat, Evidence, Description) { DefaultName = DefaultName ?? Name };

        public override string ToString() => Key + " = " + Name + " (" + Status + ")";
    }

    /// <summary>
    /// The one table of Notes names the tool reads and writes. Public sources confirm only some of them (see each
    /// entry's Status and Evidence); the others are assumptions, so an admin whose documents differ overrides them by
    /// parameter (hashtable) or by a JSON/psd1 file: <c>@{ 'WebSso.Realm' = 'MyRealmItem' }</c>.
    /// Each document kind adds its rows to <see cref="BuiltIn"/>; keys are "Document.Field".
    /// </summary>
    public sealed class DominoItemMap
    {
        private static readonly char[] LineBreaks = { '\r', '\n', '\t' };
        private readonly Dictionary<string, ItemMapEntry> entries;

        private DominoItemMap(IEnumerable<ItemMapEntry> rows)
        {
            entries = new Dictionary<string, ItemMapEntry>(StringComparer.OrdinalIgnoreCase);
            Entries = rows.ToArray();
            foreach (ItemMapEntry row in Entries)
            {
                entries.Add(row.Key, row);
            }
        }

        /// <summary>The built-in map.</summary>
        public static DominoItemMap Default { get; } = new DominoItemMap(BuiltIn());

        public IReadOnlyList<ItemMapEntry> Entries { get; }

        /// <summary>The entry for a key; an unknown key is a programming error.</summary>
        public ItemMapEntry this[string key] =>
            entries.TryGetValue(key, out ItemMapEntry? entry) ? entry : throw new KeyNotFoundException("No item map entry '" + key + "'.");

        /// <summary>The Notes name for a key.</summary>
        public string NameOf(string key) => this[key].Name;

        /// <summary>
        /// A copy of the map with the names of a table of "Document.Field" = "NotesName" pairs (a hashtable from a .psd1 file,
        /// an -ItemMap argument, an environment setting); keys and values of any type are taken as their text.
        /// </summary>
        public DominoItemMap WithOverrides(System.Collections.IDictionary table, string origin)
        {
            if (table == null)
            {
                throw new ArgumentNullException(nameof(table));
            }

            return WithOverrides(table.Pairs().Select(p => new KeyValuePair<string, string?>(
                p.Key, p.Value == null ? null : Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture))), origin);
        }

        /// <summary>
        /// A copy of the map with some names replaced. Keys are "Document.Field" (case-insensitive); values are the Notes names.
        /// Unknown keys and empty names are refused with the list of valid keys.
        /// </summary>
        public DominoItemMap WithOverrides(IEnumerable<KeyValuePair<string, string?>> overrides, string origin)
        {
            if (overrides == null)
            {
                throw new ArgumentNullException(nameof(overrides));
            }

            var rows = Entries.ToDictionary(e => e.Key, e => e, StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, string?> pair in overrides)
            {
                if (!rows.TryGetValue(pair.Key ?? string.Empty, out ItemMapEntry? row))
                {
                    throw new SametimeAdminException("ItemMapUnknownKey", FailureKind.InvalidArgument,
                        $"The item map override '{pair.Key}' from {origin} is not a known key.")
                    {
                        RecommendedAction = "Use one of: " + string.Join(", ", Entries.Select(e => e.Key)) + ". " + ModuleCommands.GetDominoItemMap + " lists them.",
                    };
                }

                string name = (pair.Value ?? string.Empty).Trim();
                if (name.Length == 0 || name.IndexOfAny(LineBreaks) >= 0)
                {
                    throw new SametimeAdminException("ItemMapInvalidName", FailureKind.InvalidArgument,
                        $"The item map override for '{row.Key}' from {origin} is empty or contains line breaks; give the Notes name to use.");
                }

                rows[row.Key] = row.WithName(name);
            }

            return new DominoItemMap(Entries.Select(e => rows[e.Key]));
        }

        /// <summary>Reads overrides from a JSON file: an object of "Document.Field": "NotesName" pairs.</summary>
        public DominoItemMap WithOverridesFromJson(string path)
        {
            string json;
            try
            {
                json = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SametimeAdminException("ItemMapFileUnreadable", FailureKind.ReadError, $"The item map file '{path}' could not be read: {ex.Message}", ex);
            }

            JObject root;
            try
            {
                root = JObject.Parse(json);
            }
            catch (JsonException ex)
            {
                throw new SametimeAdminException("ItemMapFileInvalid", FailureKind.InvalidData,
                    $"The item map file '{path}' is not a JSON object of \"Document.Field\": \"NotesName\" pairs: {ex.Message}", ex);
            }

            var pairs = new List<KeyValuePair<string, string?>>();
            foreach (JProperty property in root.Properties())
            {
                if (property.Value.Type != JTokenType.String)
                {
                    throw new SametimeAdminException("ItemMapFileInvalid", FailureKind.InvalidData,
                        $"In the item map file '{path}', the value of '{property.Name}' must be a string (the Notes name).");
                }

                pairs.Add(new KeyValuePair<string, string?>(property.Name, (string?)property.Value));
            }

            return WithOverrides(pairs, "'" + path + "'");
        }

        /// <summary>The entries of one document kind.</summary>
        public IEnumerable<ItemMapEntry> EntriesOf(string document) =>
            Entries.Where(e => string.Equals(e.Document, document, StringComparison.OrdinalIgnoreCase));

        /// <summary>The entries of one document kind.</summary>
        public IEnumerable<ItemMapEntry> EntriesOf(ItemMapDocument document) => EntriesOf(document.ToString());

        private static IEnumerable<ItemMapEntry> BuiltIn()
        {
            const string CApiGuide = "HCL Domino C API user guide, 'Single Sign-On with Domino and WebSphere'";
            const string ReaderCode = "read by working code (OpenNTF XPagesToolkit TokenFactory, com.nil.ltpa, Leusink SsoConfiguration)";
            const string NotPublic = "not found in any public source; verify on a real document (DXL export or NotesDocument.Items)";

            // Web SSO Configuration document (names.nsf).
            yield return new ItemMapEntry(WebSsoKeys.Form, ItemMapEntryKind.Form, "WebSSOConfiguration", ItemNameStatus.Assumed,
                "form name", "the UI calls it 'Web SSO Configuration'; the form's programmatic name was " + NotPublic, "Form of Web SSO Configuration documents");
            yield return new ItemMapEntry(WebSsoKeys.LookupView, ItemMapEntryKind.View, "($WebSSOConfigs)", ItemNameStatus.Confirmed,
                "hidden view, first column = configuration name or Organization:Name", ReaderCode, "View the servers look the configuration up in");
            yield return new ItemMapEntry(WebSsoKeys.TokenName, ItemMapEntryKind.Item, "LTPA_TokenName", ItemNameStatus.Confirmed,
                "text", ReaderCode, "Configuration name (also the cookie name); default LtpaToken");
            yield return new ItemMapEntry(WebSsoKeys.TokenDomain, ItemMapEntryKind.Item, "LTPA_TokenDomain", ItemNameStatus.Confirmed,
                "text, leading dot (.example.com)", ReaderCode + "; leading-dot rule from the Domino administrator documentation", "DNS domain of the SSO cookie");
            yield return new ItemMapEntry(WebSsoKeys.TokenExpiration, ItemMapEntryKind.Item, "LTPA_TokenExpiration", ItemNameStatus.Confirmed,
                "number, minutes", CApiGuide, "Token lifetime in minutes");
            yield return new ItemMapEntry(WebSsoKeys.DominoSecret, ItemMapEntryKind.Item, "LTPA_DominoSecret", ItemNameStatus.Confirmed,
                "text, base64", CApiGuide, "Domino SSO key (Keys > Create Domino SSO Key); never shown");
            yield return new ItemMapEntry(WebSsoKeys.IdleTimeoutEnabled, ItemMapEntryKind.Item, "LTPA_timeout", ItemNameStatus.Confirmed,
                "text, \"1\" = on", "read by Leusink SsoConfiguration (one secondary source)", "Idle session timeout enabled");
            yield return new ItemMapEntry(WebSsoKeys.IdleTimeoutMinutes, ItemMapEntryKind.Item, "LTPA_toMinutes", ItemNameStatus.Confirmed,
                "number, minutes", "read by Leusink SsoConfiguration (one secondary source)", "Idle session timeout in minutes");
            yield return new ItemMapEntry(WebSsoKeys.Organization, ItemMapEntryKind.Item, "LTPA_OrgName", ItemNameStatus.Assumed,
                "text", "the concept is documented (Internet Site ISiteOrg); the item name was " + NotPublic, "Organization (links the document to Internet Site documents)");
            yield return new ItemMapEntry(WebSsoKeys.ParticipatingServers, ItemMapEntryKind.Item, "LTPA_DominoServers", ItemNameStatus.Assumed,
                "text list, names item (canonical server names)", "the field's rules are documented; the item name was " + NotPublic, "Domino servers that participate in SSO");
            yield return new ItemMapEntry(WebSsoKeys.TokenFormat, ItemMapEntryKind.Item, "LTPA_Version", ItemNameStatus.Assumed,
                "text list of LtpaToken and/or LtpaToken2", "the 'Token Format' field is documented; item name and values were " + NotPublic, "Token format(s) issued and accepted");
            yield return new ItemMapEntry(WebSsoKeys.Realm, ItemMapEntryKind.Item, "LTPA_Realm", ItemNameStatus.Assumed,
                "text", "the WebSphere realm is imported with the keys; the item name was " + NotPublic, "WebSphere LDAP realm of the imported keys");
            yield return new ItemMapEntry(WebSsoKeys.WebSphereSharedKey, ItemMapEntryKind.Item, "LTPA_Secret", ItemNameStatus.Assumed,
                "text, base64 of the raw 24-byte 3DES key", "a code comment mentions LTPA_Secret; where and how imported keys are stored was " + NotPublic, "Imported WebSphere 3DES shared key; never shown");
            yield return new ItemMapEntry(WebSsoKeys.WebSpherePrivateKey, ItemMapEntryKind.Item, "LTPA_PrivateKey", ItemNameStatus.Assumed,
                "text, base64 of the decrypted WebSphere private-key blob", NotPublic, "Imported WebSphere RSA private key; never shown");
            yield return new ItemMapEntry(WebSsoKeys.WebSpherePublicKey, ItemMapEntryKind.Item, "LTPA_PublicKey", ItemNameStatus.Assumed,
                "text, base64 of the WebSphere public-key blob", NotPublic, "Imported WebSphere RSA public key");

            foreach (ItemMapEntry row in CommunityConnectivityKeys.BuiltInRows().Concat(DominoServerKeys.BuiltInRows()).Concat(INotesConfigurationKeys.BuiltInRows()).Concat(DirectoryAssistanceKeys.BuiltInRows()))
            {
                yield return row;
            }
        }
    }

    /// <summary>Keys of the Web SSO Configuration rows of the item map.</summary>
    public static class WebSsoKeys
    {
        public const string Document = "WebSso";
        public const string Form = "WebSso.Form";
        public const string LookupView = "WebSso.LookupView";
        public const string TokenName = "WebSso.TokenName";
        public const string TokenDomain = "WebSso.TokenDomain";
        public const string TokenExpiration = "WebSso.TokenExpiration";
        public const string DominoSecret = "WebSso.DominoSecret";
        public const string IdleTimeoutEnabled = "WebSso.IdleTimeoutEnabled";
        public const string IdleTimeoutMinutes = "WebSso.IdleTimeoutMinutes";
        public const string Organization = "WebSso.Organization";
        public const string ParticipatingServers = "WebSso.ParticipatingServers";
        public const string TokenFormat = "WebSso.TokenFormat";
        public const string Realm = "WebSso.Realm";
        public const string WebSphereSharedKey = "WebSso.WebSphereSharedKey";
        public const string WebSpherePrivateKey = "WebSso.WebSpherePrivateKey";
        public const string WebSpherePublicKey = "WebSso.WebSpherePublicKey";
    }
}
