using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using SametimeAdmin.Domino;

namespace SametimeAdmin.MustGather
{
    /// <summary>How an artefact is read for redaction.</summary>
    public enum ArtefactKind
    {
        /// <summary>Log or any other text: only the line rules (cookies, tokens, passwords, authorization headers).</summary>
        Text,

        /// <summary>Sectioned ini or env file (sametime.ini, notes.ini): secret keys plus the line rules.</summary>
        Ini,

        /// <summary>Java properties (ltpa.keys, servlets.properties): secret keys by Java's rules plus the line rules.</summary>
        Properties,

        /// <summary>DXL or other XML: parsed; secret items, elements, attributes and name/value pairs plus the line rules.</summary>
        Xml,

        /// <summary>JSON such as an HTTP Archive: parsed; cookies, secret headers, parameters and properties plus the line rules on every string.</summary>
        Har,

        /// <summary>YAML (Helm values, Kubernetes secrets, compose files): parsed; secret keys, Secret data, env name/value pairs plus the line rules.</summary>
        Yaml,
    }

    /// <summary>What was redacted in one artefact: per kind, how often, the fingerprints of the values, and how it was read.</summary>
    public sealed class RedactionLog
    {
        private readonly Dictionary<string, RedactionCount> counts = new Dictionary<string, RedactionCount>(StringComparer.Ordinal);

        public IReadOnlyCollection<RedactionCount> Counts => counts.Values;

        public int Total => counts.Values.Sum(c => c.Count);

        /// <summary>How the artefact was read for redaction (parsed structure, or the line rules and why).</summary>
        public string Method { get; internal set; } = "line rules";

        /// <summary>Adds what another log counted.</summary>
        internal void Merge(RedactionLog other)
        {
            foreach (var theirs in other.Counts)
            {
                Add(theirs.Kind, null);
                var mine = counts[theirs.Kind];
                mine.Count += theirs.Count - 1;
                foreach (var fingerprint in theirs.Fingerprints.Where(f => !mine.Fingerprints.Contains(f)))
                {
                    mine.Fingerprints.Add(fingerprint);
                }
            }
        }

        internal void Add(string kind, string? fingerprint)
        {
            if (!counts.TryGetValue(kind, out var count))
            {
                count = new RedactionCount(kind);
                counts[kind] = count;
            }

            count.Count++;
            if (fingerprint != null && !count.Fingerprints.Contains(fingerprint))
            {
                count.Fingerprints.Add(fingerprint);
            }
        }
    }

    /// <summary>One kind of redacted value in one artefact.</summary>
    public sealed class RedactionCount
    {
        public RedactionCount(string kind)
        {
            Kind = kind;
        }

        public string Kind { get; }

        public int Count { get; internal set; }

        /// <summary>Fingerprints of the distinct values (none for passwords, which are never fingerprinted).</summary>
        public IList<string> Fingerprints { get; } = new List<string>();
    }

    /// <summary>
    /// Replaces secrets in collected artefacts and reports with a marker. Tokens and keys get a short fingerprint
    /// (<c>[REDACTED:LtpaToken2:hmac=1a2b3c4d]</c>: 8 hex digits of HMAC-SHA256 over the URL-decoded value, keyed
    /// with a random key made for this redactor and never written anywhere), so the same token is recognisable
    /// across the files of one archive, while nobody can confirm a guessed value against it. Passwords and
    /// authorization headers get no fingerprint at all. Where a parser exists (XML, JSON, properties, ini) the
    /// secrets are found on the parsed structure; the line rules run on everything.
    /// </summary>
    public sealed partial class Redactor
    {
        public const string MarkerPrefix = "[REDACTED:";

        /// <summary>How the fingerprints are made, for manifests and reports.</summary>
        public const string FingerprintDescription =
            "tokens and keys: the first 8 hex digits of HMAC-SHA256 over the URL-decoded value, keyed with a random 256-bit key made for this archive and never stored, " +
            "so equal values match within this archive only and a guessed value cannot be confirmed; passwords and authorization headers: no fingerprint";

        private readonly byte[] fingerprintKey;
        private readonly Dictionary<string, string> secretItems = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>A redactor with a fresh random fingerprint key; DXL key items are named by <paramref name="itemMap"/> (built-in names when null).</summary>
        public Redactor(DominoItemMap? itemMap = null)
        {
            fingerprintKey = new byte[32];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(fingerprintKey);
            }

            AddSecretItems(DominoItemMap.Default);
            if (itemMap != null)
            {
                AddSecretItems(itemMap);
            }
        }

        /// <summary>The keyed short fingerprint of a secret value (8 hex digits).</summary>
        public string Fingerprint(string value)
        {
            string normalized = Normalize(value ?? string.Empty);
            using (var hmac = new HMACSHA256(fingerprintKey))
            {
                byte[] hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(normalized));
                var sb = new StringBuilder(8);
                for (int i = 0; i < 4; i++)
                {
                    sb.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
                }

                return sb.ToString();
            }
        }

        /// <summary>Redacts a whole artefact held in memory.</summary>
        public string Redact(string text, ArtefactKind kind, RedactionLog log)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            if (log == null)
            {
                throw new ArgumentNullException(nameof(log));
            }

            switch (kind)
            {
                case ArtefactKind.Har:
                    return RedactJsonText(text, log);
                case ArtefactKind.Xml:
                    text = RedactXml(text, log);
                    break;
                case ArtefactKind.Ini:
                    text = RedactIni(text, log);
                    log.Method = "ini/env keys (value up to the end of the line) + line rules";
                    break;
                case ArtefactKind.Yaml:
                    text = RedactYaml(text, log);
                    break;
                case ArtefactKind.Properties:
                    text = RedactProperties(text, log);
                    log.Method = "Java properties keys (with continuation lines) + line rules";
                    break;
            }

            return RedactLine(text, log);
        }

        /// <summary>A marker for a token or key, with its keyed fingerprint; counted in <paramref name="log"/>.</summary>
        internal string Token(string kind, string value, RedactionLog log)
        {
            string fingerprint = Fingerprint(value);
            log.Add(kind, fingerprint);
            return MarkerPrefix + kind + ":hmac=" + fingerprint + "]";
        }

        /// <summary>A marker for a password (no fingerprint); counted in <paramref name="log"/>.</summary>
        internal static string Password(string kind, RedactionLog log)
        {
            log.Add(kind, null);
            return MarkerPrefix + kind + "]";
        }

        /// <summary>The marker for a value of the given class found under <paramref name="name"/>.</summary>
        internal string Secret(SecretClass secretClass, string name, string value, RedactionLog log)
        {
            switch (secretClass)
            {
                case SecretClass.Token:
                    return Token(SecretNames.TokenKind(name), value, log);
                case SecretClass.Key:
                    return Token(secretItems.TryGetValue(name.Trim(), out string? kind) ? kind : SecretNames.KeyKind(name), value, log);
                default:
                    return Password("Password", log);
            }
        }

        internal static bool IsMarker(string value) => value.TrimStart('"', '\'', ' ', '\t').StartsWith(MarkerPrefix, StringComparison.Ordinal);

        internal static List<string> SplitKeepingEndings(string text)
        {
            var lines = new List<string>();
            int start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    lines.Add(text.Substring(start, i - start + 1));
                    start = i + 1;
                }
            }

            if (start < text.Length)
            {
                lines.Add(text.Substring(start));
            }

            return lines;
        }

        private void AddSecretItems(DominoItemMap map)
        {
            secretItems[map.NameOf(WebSsoKeys.DominoSecret)] = "DominoSecret";
            secretItems[map.NameOf(WebSsoKeys.WebSphereSharedKey)] = "LtpaSharedKey";
            secretItems[map.NameOf(WebSsoKeys.WebSpherePrivateKey)] = "LtpaPrivateKey";
        }

        /// <summary>The class of a DXL item: the key items of the item map (also when renamed), then by name.</summary>
        private SecretClass ItemClass(string name) => secretItems.ContainsKey(name.Trim()) ? SecretClass.Key : SecretNames.Classify(name);

        private static string Normalize(string value)
        {
            string trimmed = value.Trim().Trim('"', '\'');
            try
            {
                return Uri.UnescapeDataString(trimmed);
            }
            catch (UriFormatException)
            {
                return trimmed;
            }
        }
    }
}
