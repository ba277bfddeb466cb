using System;

namespace SametimeAdmin.Inventory
{
    /// <summary>What an inventory line records.</summary>
    public static class InventoryKind
    {
        /// <summary>A product version (buildinfo file or a console.log banner).</summary>
        public const string Version = "Version";

        /// <summary>A port of the WebSphere profile (AboutThisProfile.txt).</summary>
        public const string Port = "Port";

        /// <summary>The default realm of a wimconfig.xml.</summary>
        public const string Realm = "Realm";

        /// <summary>An LDAP host:port of a wimconfig.xml repository, a security.xml or server.xml user registry, or a Directory Assistance document.</summary>
        public const string LdapHost = "LdapHost";

        /// <summary>A server that opened a session with the LDAP server ("Opened session for", guide 4.1).</summary>
        public const string LdapSession = "LdapSession";
    }

    /// <summary>
    /// One fact of the site inventory (guide 2.2-2.4): which server, what kind of fact, its name and value, and the
    /// file it was read from.
    /// </summary>
    public sealed record InventoryItem
    {
        public InventoryItem(string server, string kind, string name, string value, string source)
        {
            Server = server ?? throw new ArgumentNullException(nameof(server));
            Kind = kind ?? throw new ArgumentNullException(nameof(kind));
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Value = value ?? throw new ArgumentNullException(nameof(value));
            Source = source ?? throw new ArgumentNullException(nameof(source));
        }

        /// <summary>The server the fact is about (for example "SametimeProxy", "Community STCHAT4/ibm").</summary>
        public string Server { get; }

        /// <summary>One of <see cref="InventoryKind"/>.</summary>
        public string Kind { get; }

        /// <summary>The product, port, realm or repository the value belongs to.</summary>
        public string Name { get; }

        public string Value { get; }

        /// <summary>The file (and line, for log lines) the fact was read from.</summary>
        public string Source { get; }

        /// <summary>When the log line was written, for facts read from a console.log.</summary>
        public string? Time { get; init; }
    }
}
