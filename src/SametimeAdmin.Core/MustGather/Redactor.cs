using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace SametimeAdmin.MustGather
{
    /// <summary>How an artefact is read for redaction.</summary>
    public enum ArtefactKind
    {
        /// <summary>Log or any other text: only the line rules (cookies, tokens, passwords, authorization headers).</summary>
        Text,

        /// <summary>Sectioned ini file (sametime.ini, notes.ini): secret keys plus the line rules.</summary>
        Ini,

        /// <summary>Java properties (ltpa.keys, servlets.properties): secret keys with continuation lines plus the line rules.</summary>
        Properties,

        /// <summary>DXL or other XML: secret items, elements and attributes plus the line rules.</summary>
        Xml,

        /// <summary>HTTP Archive (JSON): cookies, secret headers and parameters plus the line rules on every string.</summary>
        Har,
    }

    /// <summary>What was redacted in one artefact: per kind, how often, and the fingerprints of the values.</summary>
    public sealed class RedactionLog
    {
        private readonly Dictionary<string, RedactionCount> counts = new Dictionary<string, RedactionCount>(StringComparer.Ordinal);

        public IReadOnlyCollection<RedactionCount> Counts => counts.Values;

        public int Total => counts.Values.Sum(c => c.Count);

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
    /// Replaces secrets in collected artefacts with a marker. Tokens and keys get a short fingerprint
    /// (<c>[REDACTED:LtpaToken2:sha256=1a2b3c4d]</c>, the first 8 hex digits of SHA-256 over the URL-decoded
    /// value), so the same token is recognisable across files without being readable. Passwords and
    /// authorization headers get no fingerprint: a short unsalted hash of a low-entropy password could be guessed.
    /// </summary>
    public static class Redactor
    {
        public const string MarkerPrefix = "[REDACTED:";

        private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;

        // Cookie names that carry SSO credentials; their values are tokens.
        private const string TokenNames = @"LtpaToken2|LtpaToken|SametimeToken|PD-H-SESSION-ID|PD-S-SESSION-ID|sametimeJwt|sametimeRefresh|DomAuthSessId|SessionID|JSESSIONID";

        private static readonly Regex CookieHeader = new Regex(
            @"(?<head>(?<!\[REDACTED:)\b(?<set>set-)?cookie2?\s*[:=]\s*)(?<value>[^\r\n]*)", Options | RegexOptions.IgnoreCase);

        private static readonly Regex NamedToken = new Regex(
            @"(?<name>(?<!\[REDACTED:)\b(?:" + TokenNames + @"))(?<sep>[""']?\s*[=:]\s*[""']?)(?<value>[A-Za-z0-9+/=%_\-.~!*]{16,})", Options | RegexOptions.IgnoreCase);

        private static readonly Regex Authorization = new Regex(
            @"(?<head>(?<!\[REDACTED:)\b(?:proxy-)?authorization[""']?\s*[:=]\s*[""']?(?:(?:Basic|Bearer|Negotiate|NTLM|Digest)\s+)?)(?<value>[^\s\r\n""',;]+)", Options | RegexOptions.IgnoreCase);

        private static readonly Regex EncodedPassword = new Regex(
            @"\{(?:xor|aes|hash|custom)\}[A-Za-z0-9+/=_\-.:]*", Options | RegexOptions.IgnoreCase);

        private static readonly Regex PasswordAssignment = new Regex(
            @"(?<key>(?<!\[REDACTED:)\b[\w.\-]*(?:password|passwd|passphrase|pwd|secret)[\w.\-]*)(?<sep>[""']?\s*[=:]\s*[""']?)(?<value>[^""'\s;&,<>\r\n]+)", Options | RegexOptions.IgnoreCase);

        private static readonly Regex SecretKeyName = new Regex(
            @"(?:3DESKey|DESKey|PrivateKey|SharedKey|DominoSecret|LTPA_Secret|password|passwd|passphrase|pwd|secret)", Options | RegexOptions.IgnoreCase);

        private static readonly Regex KeyLine = new Regex(
            @"^(?<head>[ \t]*(?<key>[^=:\s#;!\[][^=:\r\n]*?)[ \t]*[=:][ \t]*)(?<value>[^\r\n]*)", Options);

        private static readonly Regex DxlItem = new Regex(
            @"(?<open><item\b[^>]*?\bname\s*=\s*(?<q>['""])(?<name>[^'""]+)\k<q>[^>]*>)(?<body>.*?)(?<close></item>)", Options | RegexOptions.Singleline | RegexOptions.IgnoreCase);

        private static readonly Regex SecretElement = new Regex(
            @"(?<open><(?<tag>[\w:.\-]*(?:password|passwd|secret|privatekey|3deskey)[\w:.\-]*)(?:\s[^>]*)?>)(?<value>[^<]+)(?<close></\k<tag>>)", Options | RegexOptions.IgnoreCase);

        private static readonly HashSet<string> CookieAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "path", "domain", "expires", "max-age", "secure", "httponly", "samesite", "version", "comment", "priority", "partitioned",
        };

        /// <summary>The short fingerprint of a secret value: 8 hex digits of SHA-256 over the URL-decoded, unquoted value.</summary>
        public static string Fingerprint(string value)
        {
            string normalized = Normalize(value);
            using (var sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(normalized));
                var sb = new StringBuilder(8);
                for (int i = 0; i < 4; i++)
                {
                    sb.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
                }

                return sb.ToString();
            }
        }

        /// <summary>The marker that replaces a token or key.</summary>
        public static string Marker(string kind, string value) => MarkerPrefix + kind + ":sha256=" + Fingerprint(value) + "]";

        /// <summary>The marker that replaces a password (no fingerprint).</summary>
        public static string PasswordMarker(string kind) => MarkerPrefix + kind + "]";

        /// <summary>Redacts a whole artefact held in memory.</summary>
        public static string Redact(string text, ArtefactKind kind, RedactionLog log)
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
                    return RedactHar(text, log);
                case ArtefactKind.Xml:
                    text = RedactXml(text, log);
                    break;
                case ArtefactKind.Ini:
                case ArtefactKind.Properties:
                    text = RedactKeyValues(text, kind == ArtefactKind.Properties, log);
                    break;
            }

            return RedactLine(text, log);
        }

        /// <summary>The rules that work on any text, line by line (cookies, tokens, authorization, passwords).</summary>
        public static string RedactLine(string text, RedactionLog log)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            if (log == null)
            {
                throw new ArgumentNullException(nameof(log));
            }

            if (text.Length == 0)
            {
                return text;
            }

            text = CookieHeader.Replace(text, m => m.Groups["head"].Value + RedactCookieList(m.Groups["value"].Value, m.Groups["set"].Success, log));
            text = NamedToken.Replace(text, m => IsMarker(m.Groups["value"].Value)
                ? m.Value
                : m.Groups["name"].Value + m.Groups["sep"].Value + Token(TokenKind(m.Groups["name"].Value), m.Groups["value"].Value, log));
            text = Authorization.Replace(text, m => IsMarker(m.Groups["value"].Value) ? m.Value : m.Groups["head"].Value + Password("Authorization", log));
            text = EncodedPassword.Replace(text, _ => Password("Password", log));
            text = PasswordAssignment.Replace(text, m => IsMarker(m.Groups["value"].Value)
                ? m.Value
                : m.Groups["key"].Value + m.Groups["sep"].Value + Password("Password", log));
            return text;
        }

        private static string RedactCookieList(string value, bool isSetCookie, RedactionLog log)
        {
            var parts = value.Split(';');
            for (int i = 0; i < parts.Length; i++)
            {
                string part = parts[i];
                int eq = part.IndexOf('=');
                if (eq < 0)
                {
                    continue;
                }

                string name = part.Substring(0, eq).Trim();
                string cookieValue = part.Substring(eq + 1).Trim();
                bool attribute = isSetCookie ? i > 0 && CookieAttributes.Contains(name) : false;
                if (attribute || cookieValue.Length == 0 || IsMarker(cookieValue))
                {
                    continue;
                }

                int valueStart = eq + 1 + (part.Length - eq - 1 - part.Substring(eq + 1).TrimStart().Length);
                parts[i] = part.Substring(0, valueStart) + Token(TokenKind(name), cookieValue, log) + TrailingSpace(part);
            }

            return string.Join(";", parts);
        }

        private static string TrailingSpace(string part)
        {
            int end = part.Length;
            while (end > 0 && char.IsWhiteSpace(part[end - 1]))
            {
                end--;
            }

            return part.Substring(end);
        }

        private static string RedactKeyValues(string text, bool properties, RedactionLog log)
        {
            var lines = SplitKeepingEndings(text);
            var sb = new StringBuilder(text.Length);
            bool continuing = false;
            string continuingKind = "Secret";
            foreach (var line in lines)
            {
                string content = line.TrimEnd('\r', '\n');
                string ending = line.Substring(content.Length);
                if (continuing)
                {
                    // A continuation line of a secret property value: drop its content entirely.
                    continuing = properties && EndsWithOddBackslashes(content);
                    sb.Append(content.Length > 0 ? "  " + MarkerPrefix + continuingKind + ":continued]" : content).Append(ending);
                    continue;
                }

                var m = KeyLine.Match(content);
                if (m.Success && SecretKeyName.IsMatch(m.Groups["key"].Value) && m.Groups["value"].Value.Trim().Length > 0 && !IsMarker(m.Groups["value"].Value))
                {
                    string key = m.Groups["key"].Value;
                    string value = m.Groups["value"].Value;
                    bool isPassword = Regex.IsMatch(key, "password|passwd|passphrase|pwd", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                    continuingKind = isPassword ? "Password" : KeyKind(key);
                    string replacement = isPassword ? Password("Password", log) : Token(continuingKind, value.TrimEnd('\\'), log);
                    continuing = properties && EndsWithOddBackslashes(value);
                    sb.Append(m.Groups["head"].Value).Append(replacement).Append(continuing ? "\\" : string.Empty).Append(ending);
                    continue;
                }

                sb.Append(line);
            }

            return sb.ToString();
        }

        private static string RedactXml(string text, RedactionLog log)
        {
            text = DxlItem.Replace(text, m =>
            {
                string name = m.Groups["name"].Value;
                if (!SecretKeyName.IsMatch(name) || m.Groups["body"].Value.IndexOf(MarkerPrefix, StringComparison.Ordinal) >= 0)
                {
                    return m.Value;
                }

                string body = m.Groups["body"].Value;
                string values = Regex.Replace(body, "<[^>]+>", string.Empty).Trim();
                if (values.Length == 0)
                {
                    return m.Value;
                }

                string kind = name.IndexOf("Secret", StringComparison.OrdinalIgnoreCase) >= 0 ? "DominoSecret" : KeyKind(name);
                return m.Groups["open"].Value + "<text>" + Token(kind, values, log) + "</text>" + m.Groups["close"].Value;
            });
            text = SecretElement.Replace(text, m => IsMarker(m.Groups["value"].Value)
                ? m.Value
                : m.Groups["open"].Value + Password("Secret", log) + m.Groups["close"].Value);
            return text;
        }

        private static string RedactHar(string text, RedactionLog log)
        {
            JToken root;
            try
            {
                root = JToken.Parse(text);
            }
            catch (JsonException)
            {
                // Not valid JSON (a truncated capture): the line rules still catch cookies and tokens.
                return RedactLine(text, log);
            }

            RedactJson(root, log);
            return root.ToString(Formatting.Indented);
        }

        private static void RedactJson(JToken token, RedactionLog log)
        {
            if (token is JObject obj)
            {
                // HAR name/value pairs: cookies, headers, query strings, form parameters.
                if (obj["name"] is JValue nameValue && nameValue.Type == JTokenType.String && obj["value"] is JValue valueValue && valueValue.Type == JTokenType.String)
                {
                    string name = (string)nameValue!;
                    string value = (string)valueValue!;
                    if (value.Length > 0 && !IsMarker(value))
                    {
                        string? replaced = RedactNamedValue(obj, name, value, log);
                        if (replaced != null)
                        {
                            obj["value"] = replaced;
                        }
                    }
                }

                foreach (var property in obj.Properties().ToList())
                {
                    if (property.Value is JValue v && v.Type == JTokenType.String)
                    {
                        string s = (string)v!;
                        string redacted = SecretKeyName.IsMatch(property.Name) && s.Length > 0 && !IsMarker(s)
                            ? Password("Password", log)
                            : RedactLine(s, log);
                        if (!ReferenceEquals(redacted, s) && redacted != s)
                        {
                            property.Value = redacted;
                        }
                    }
                    else
                    {
                        RedactJson(property.Value, log);
                    }
                }
            }
            else if (token is JArray array)
            {
                foreach (var item in array.ToList())
                {
                    if (item is JValue v && v.Type == JTokenType.String)
                    {
                        string s = (string)v!;
                        string redacted = RedactLine(s, log);
                        if (redacted != s)
                        {
                            v.Value = redacted;
                        }
                    }
                    else
                    {
                        RedactJson(item, log);
                    }
                }
            }
        }

        private static string? RedactNamedValue(JObject pair, string name, string value, RedactionLog log)
        {
            bool isCookie = pair.Parent?.Parent is JProperty owner && owner.Name.Equals("cookies", StringComparison.OrdinalIgnoreCase);
            if (isCookie)
            {
                return Token(TokenKind(name), value, log);
            }

            if (name.Equals("cookie", StringComparison.OrdinalIgnoreCase) || name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase))
            {
                return RedactCookieList(value, name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase), log);
            }

            if (name.EndsWith("authorization", StringComparison.OrdinalIgnoreCase))
            {
                return Password("Authorization", log);
            }

            if (Regex.IsMatch(name, "^(?:" + TokenNames + ")$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            {
                return Token(TokenKind(name), value, log);
            }

            if (SecretKeyName.IsMatch(name))
            {
                return Password("Password", log);
            }

            return null;
        }

        private static string Token(string kind, string value, RedactionLog log)
        {
            string fingerprint = Fingerprint(value);
            log.Add(kind, fingerprint);
            return MarkerPrefix + kind + ":sha256=" + fingerprint + "]";
        }

        private static string Password(string kind, RedactionLog log)
        {
            log.Add(kind, null);
            return PasswordMarker(kind);
        }

        private static string TokenKind(string cookieName)
        {
            foreach (var known in TokenNames.Split('|'))
            {
                if (known.Equals(cookieName.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    return known;
                }
            }

            return "Cookie";
        }

        private static string KeyKind(string key)
        {
            if (key.IndexOf("3DESKey", StringComparison.OrdinalIgnoreCase) >= 0 || key.IndexOf("DESKey", StringComparison.OrdinalIgnoreCase) >= 0 || key.IndexOf("SharedKey", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return "LtpaSharedKey";
            }

            if (key.IndexOf("PrivateKey", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return "LtpaPrivateKey";
            }

            return "Secret";
        }

        private static bool IsMarker(string value) => value.TrimStart('"', '\'', ' ').StartsWith(MarkerPrefix, StringComparison.Ordinal);

        private static bool EndsWithOddBackslashes(string value)
        {
            int n = 0;
            for (int i = value.Length - 1; i >= 0 && value[i] == '\\'; i--)
            {
                n++;
            }

            return n % 2 == 1;
        }

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
    }
}
