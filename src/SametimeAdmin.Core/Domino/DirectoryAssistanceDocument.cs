using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SametimeAdmin.Domino
{
    /// <summary>Keys of the Directory Assistance rows of the item map (da.nsf, template DA.NTF).</summary>
    public static class DirectoryAssistanceKeys
    {
        public const string Document = "DirectoryAssistance";
        public const string Form = "DirectoryAssistance.Form";
        public const string LookupView = "DirectoryAssistance.LookupView";
        public const string DomainType = "DirectoryAssistance.DomainType";
        public const string DomainName = "DirectoryAssistance.DomainName";
        public const string LdapHost = "DirectoryAssistance.LdapHost";
        public const string LdapPort = "DirectoryAssistance.LdapPort";

        internal static IEnumerable<ItemMapEntry> BuiltInRows()
        {
            const string Docs = "HCL Domino administration help, 'Creating a Directory Assistance document for a remote LDAP directory'";
            const string NotPublic = "not found in any public source; verify on a real Directory Assistance document (DXL export or Document Properties)";
            yield return new ItemMapEntry(Form, ItemMapEntryKind.Form, "DirectoryAssistance", ItemNameStatus.Assumed,
                "form name", Docs + " names the 'Directory Assistance document'; its form name was " + NotPublic, "Form of Directory Assistance documents");
            yield return new ItemMapEntry(LookupView, ItemMapEntryKind.View, "($DirectoryAssistance)", ItemNameStatus.Assumed,
                "view of da.nsf listing its Directory Assistance documents", NotPublic, "View the documents are found in");
            yield return new ItemMapEntry(DomainType, ItemMapEntryKind.Item, "DomainType", ItemNameStatus.Assumed,
                "text: LDAP or Notes", "the field 'Domain type' (Notes or LDAP) is in " + Docs + "; the item name was " + NotPublic, "Basics > Domain type");
            yield return new ItemMapEntry(DomainName, ItemMapEntryKind.Item, "DomainName", ItemNameStatus.Assumed,
                "text, a name unique in da.nsf", "the field 'Domain name' is in " + Docs + "; the item name was " + NotPublic, "Basics > Domain name");
            yield return new ItemMapEntry(LdapHost, ItemMapEntryKind.Item, "LDAPHostName", ItemNameStatus.Assumed,
                "text, host name or address of the LDAP server; several values for failover", "the field 'Hostname' of the LDAP tab is in " + Docs + "; the item name was " + NotPublic,
                "LDAP > Hostname");
            yield return new ItemMapEntry(LdapPort, ItemMapEntryKind.Item, "LDAPPort", ItemNameStatus.Assumed,
                "number or text, the LDAP port (389 when empty)", "the field 'Port' of the LDAP tab is in " + Docs + "; the item name was " + NotPublic,
                "LDAP > Connection > Port");
        }
    }

    /// <summary>
    /// The LDAP servers a Domino server reaches through Directory Assistance: every Directory Assistance document of
    /// domain type LDAP in a da.nsf export, with its host names and port (item names from the item map).
    /// </summary>
    public static class DirectoryAssistanceDocument
    {
        /// <summary>One LDAP server of a Directory Assistance document.</summary>
        public sealed record LdapServer(string Domain, string Host, int? Port);

        /// <summary>The LDAP servers of every LDAP Directory Assistance document the store holds, in document order.</summary>
        public static IReadOnlyList<LdapServer> LdapServers(INotesDocumentStore store, DominoItemMap map)
        {
            if (store == null)
            {
                throw new ArgumentNullException(nameof(store));
            }

            if (map == null)
            {
                throw new ArgumentNullException(nameof(map));
            }

            var servers = new List<LdapServer>();
            foreach (var document in store.FindDocuments(new DocumentLookup(map.NameOf(DirectoryAssistanceKeys.LookupView))))
            {
                bool isDa = string.Equals(document.Form, map.NameOf(DirectoryAssistanceKeys.Form), StringComparison.OrdinalIgnoreCase) ||
                    document.HasItem(map.NameOf(DirectoryAssistanceKeys.LdapHost));
                string? type = document.GetItem(map.NameOf(DirectoryAssistanceKeys.DomainType))?.FirstValue?.Trim();
                if (!isDa || (type != null && !string.Equals(type, "LDAP", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                string domain = document.GetItem(map.NameOf(DirectoryAssistanceKeys.DomainName))?.FirstValue?.Trim() is string d && d.Length > 0 ? d : "LDAP";
                string? portText = document.GetItem(map.NameOf(DirectoryAssistanceKeys.LdapPort))?.FirstValue?.Trim();
                int? port = double.TryParse(portText, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) && p > 0 && p < 65536 ? (int)p : (int?)null;
                var hosts = document.GetItem(map.NameOf(DirectoryAssistanceKeys.LdapHost))?.Values ?? Array.Empty<string>();
                servers.AddRange(hosts.SelectMany(h => h.Split(',', ';')).Select(h => h.Trim()).Where(h => h.Length > 0).Select(h => new LdapServer(domain, h, port)));
            }

            return servers;
        }
    }
}
