using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SametimeAdmin.Domino
{
    /// <summary>Token format(s) a Web SSO configuration issues and accepts ("Token Format" in the WebSphere section).</summary>
    public enum SsoTokenFormat
    {
        /// <summary>LTPA version 1 (Domino-style or WebSphere interoperability) only.</summary>
        LtpaToken = 1,

        /// <summary>LTPA version 2 only.</summary>
        LtpaToken2 = 2,

        /// <summary>LtpaToken and LtpaToken2 (for WebSphere interoperability mode).</summary>
        Both = 3,
    }

    /// <summary>
    /// A Domino Web SSO Configuration document as the admin sees it: names, domain, format, lifetimes, servers and
    /// whether keys are present. Key material is never exposed by this object.
    /// </summary>
    public sealed partial class WebSsoDocument
    {
        internal WebSsoDocument(NotesDocument document, DominoItemMap map)
        {
            Document = document ?? throw new ArgumentNullException(nameof(document));
            Map = map ?? throw new ArgumentNullException(nameof(map));
            Name = Text(WebSsoKeys.TokenName);
            Organization = Text(WebSsoKeys.Organization);
            DnsDomain = Text(WebSsoKeys.TokenDomain);
            ExpirationMinutes = Number(WebSsoKeys.TokenExpiration);
            IdleTimeoutEnabled = string.Equals(Text(WebSsoKeys.IdleTimeoutEnabled), "1", StringComparison.Ordinal);
            IdleTimeoutMinutes = IdleTimeoutEnabled ? Number(WebSsoKeys.IdleTimeoutMinutes) : null;
            Realm = Text(WebSsoKeys.Realm);
            ParticipatingServers = Item(WebSsoKeys.ParticipatingServers)?.Values.Where(v => v.Trim().Length > 0).ToArray() ?? Array.Empty<string>();
            TokenFormatValues = Item(WebSsoKeys.TokenFormat)?.Values.Where(v => v.Trim().Length > 0).ToArray() ?? Array.Empty<string>();
            TokenFormat = ParseTokenFormat(TokenFormatValues);
            HasDominoKey = Text(WebSsoKeys.DominoSecret) != null;
            HasWebSphereKeys = Text(WebSsoKeys.WebSphereSharedKey) != null && Text(WebSsoKeys.WebSpherePrivateKey) != null && Text(WebSsoKeys.WebSpherePublicKey) != null;
            PublicKeyFingerprint = HasWebSphereKeys ? TryFingerprint() : null;
        }

        /// <summary>Configuration name (LTPA_TokenName), also the name servers and Sametime's ST_TOKEN_TYPE refer to.</summary>
        public string? Name { get; }

        public string? Organization { get; }

        /// <summary>The key of the ($WebSSOConfigs) view: "Organization:Name" when an Organization is set, otherwise Name.</summary>
        public string? LookupKey => Organization != null ? Organization + ":" + Name : Name;

        public string? DnsDomain { get; }

        /// <summary>The parsed token format, or null when the item is missing or holds values the tool does not know.</summary>
        public SsoTokenFormat? TokenFormat { get; }

        /// <summary>The raw values of the token-format item.</summary>
        public IReadOnlyList<string> TokenFormatValues { get; }

        public int? ExpirationMinutes { get; }

        public bool IdleTimeoutEnabled { get; }

        public int? IdleTimeoutMinutes { get; }

        public string? Realm { get; }

        public IReadOnlyList<string> ParticipatingServers { get; }

        /// <summary>A Domino SSO key (LTPA_DominoSecret) is present. Its value is never shown.</summary>
        public bool HasDominoKey { get; }

        /// <summary>Imported WebSphere keys (3DES, private and public key) are present. Their values are never shown.</summary>
        public bool HasWebSphereKeys { get; }

        /// <summary>"SHA256:..." of the imported WebSphere public key, comparable with Get-LtpaKey's fingerprint.</summary>
        public string? PublicKeyFingerprint { get; }

        /// <summary>
        /// The document is encrypted (for its participating servers, as Domino encrypts Web SSO documents): it carries
        /// $Seal or sealed items, or Notes COM says so. See <see cref="NotesDocument.IsEncrypted"/>.
        /// </summary>
        public bool IsEncrypted => Document.IsEncrypted;

        public string? UniversalId => Document.UniversalId;

        public string? Form => Document.Form;

        /// <summary>The file, URL or Notes database the document was read from.</summary>
        public string Source => Document.StoreLocation;

        public DateTimeOffset? LastModified => Document.LastModified;

        /// <summary>Item map entries this view read that are assumptions, so the output can say so.</summary>
        public IReadOnlyList<string> AssumedItems =>
            Map.EntriesOf(WebSsoKeys.Document).Where(e => e.Status == ItemNameStatus.Assumed && e.Kind == ItemMapEntryKind.Item).Select(e => e.Name).ToArray();

        internal NotesDocument Document { get; }

        internal DominoItemMap Map { get; }

        /// <summary>A short label for messages: "'LtpaToken2' in /path/file.dxl".</summary>
        public string Describe() => "Web SSO configuration '" + (Name ?? "(no name)") + "' in " + Source;

        public override string ToString() => Describe();

        /// <summary>True when the document is a Web SSO Configuration: its form is the mapped one, or it carries LTPA_TokenName.</summary>
        internal static bool IsWebSsoDocument(NotesDocument document, DominoItemMap map) =>
            string.Equals(document.Form, map.NameOf(WebSsoKeys.Form), StringComparison.OrdinalIgnoreCase) ||
            document.HasItem(map.NameOf(WebSsoKeys.TokenName));

        internal static SsoTokenFormat? ParseTokenFormat(IReadOnlyList<string> values)
        {
            if (values.Count == 0)
            {
                return null;
            }

            int format = 0;
            foreach (string value in values)
            {
                switch (value.Trim().ToUpperInvariant())
                {
                    case "LTPATOKEN":
                        format |= (int)SsoTokenFormat.LtpaToken;
                        break;
                    case "LTPATOKEN2":
                        format |= (int)SsoTokenFormat.LtpaToken2;
                        break;
                    default:
                        return null;
                }
            }

            return (SsoTokenFormat)format;
        }

        /// <summary>The item values a token format is written as.</summary>
        internal static string[] TokenFormatItemValues(SsoTokenFormat format) =>
            format == SsoTokenFormat.Both ? new[] { "LtpaToken", "LtpaToken2" } : new[] { format.ToString() };

        internal NotesItem? Item(string key) => Document.GetItem(Map.NameOf(key));

        private string? Text(string key)
        {
            string? value = Item(key)?.FirstValue?.Trim();
            return string.IsNullOrEmpty(value) ? null : value;
        }

        private int? Number(string key)
        {
            NotesItem? item = Item(key);
            if (item == null)
            {
                return null;
            }

            double? number = item.FirstNumber;
            if (number == null && item.FirstValue != null &&
                double.TryParse(item.FirstValue.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
            {
                number = parsed;
            }

            return number.HasValue && number.Value >= int.MinValue && number.Value <= int.MaxValue ? (int)number.Value : (int?)null;
        }
    }
}
