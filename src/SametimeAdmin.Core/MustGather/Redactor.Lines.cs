using System;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace SametimeAdmin.MustGather
{
    public sealed partial class Redactor
    {
        /// <summary>Lines longer than this are redacted in pieces, so a huge line does not need unbounded memory.</summary>
        internal const int ChunkChars = 1 << 20;

        /// <summary>The tail of a long line held back for the next piece, so no secret is cut at a piece boundary.</summary>
        internal const int ChunkOverlap = 64 * 1024;

        private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled | RegexOptions.IgnoreCase;

        // A value after "name=", "name: " or "name": "...": a quoted string (JSON escapes allowed, so it may hold
        // spaces, ';', ',' or '&'), or else the rest of the line up to a quote, '&' (the next URL parameter) or
        // markup: an unquoted password may hold blanks, so the end of the line is the only safe end.
        // The quoted alternatives are unambiguous, so a failed match backtracks linearly.
        // JSON printed inside a JSON string (\"password\":\"...\") is common in Java logs and HAR text.
        private const string AssignedValue =
            @"(?<sep>(?:\\?[""'])?[ \t]*[=:][ \t]*)(?:\\""(?<value>(?:[^\\""\r\n]|\\[^""\r\n])*)\\""|""(?<value>(?:[^""\\\r\n]|\\[^\r\n])*)""|'(?<value>(?:[^'\\\r\n]|\\[^\r\n])*)'|[""']?(?<value>[^""'\s&<>](?:[^""'\r\n&<>]*[^""'\s&<>])?))";

        private static readonly Regex CookieHeader = new Regex(
            @"(?<head>(?<!\[REDACTED:)\b(?<set>set-)?cookie2?\s*[:=]\s*)(?<value>[^\r\n]*)", Options);

        private static readonly Regex NamedToken = new Regex(
            @"(?<name>(?<!\[REDACTED:)\b(?:" + SecretNames.TokenCookies + @"))(?<sep>[""']?\s*[=:]\s*[""']?)(?<value>[A-Za-z0-9+/=%_\-.~!*]{16,})", Options);

        private static readonly Regex Authorization = new Regex(
            @"(?<head>(?<!\[REDACTED:)\b(?:proxy-)?authorization[""']?\s*[:=]\s*[""']?(?:(?:Basic|Bearer|Negotiate|NTLM|Digest)\s+)?)(?<value>[^\s\r\n""',;]+)", Options);

        // scheme://user:password@host - the password may itself hold '@' (the last '@' before the path ends it).
        private static readonly Regex UrlCredentials = new Regex(
            @"(?<head>\b[a-z][a-z0-9+.\-]*://[^\s:/?#@""'<>]*:)(?<value>[^\s/?#""'<>]+)(?=@)", Options);

        // Key material also with a blank as separator (Java properties allow "3DESKey value"), with its continuation lines.
        private static readonly Regex KeyMaterial = new Regex(
            @"(?<key>(?<!\[REDACTED:)\b[\w.\-]*(?:3DESKey|DESKey|PrivateKey|SharedKey|SecretKey|DominoSecret|LTPA_Secret)[\w.\-]*)(?<sep>[""']?(?:[ \t]*[=:][ \t]*|[ \t]+)[""']?)(?<value>[A-Za-z0-9+/=\\]{16,}(?:(?<=\\)\r?\n[ \t]*[A-Za-z0-9+/=\\]+)*)", Options);

        private static readonly Regex PasswordAssignment = new Regex(
            @"(?<key>(?<!\[REDACTED:)\b[\w.\-]*(?:password|passwd|passphrase|pwd|secret)[\w.\-]*)" + AssignedValue, Options);

        private static readonly Regex TokenAssignment = new Regex(
            @"(?<key>(?<!\[REDACTED:)\b[\w.\-]*token)(?<sep>[""']?\s*[=:]\s*[""']?)(?<value>[A-Za-z0-9+/=%_\-.~!*]{16,})", Options);

        // <variable name="keystore_password" value="..."/> and {"name": "password", "value": "..."}, also printed
        // inside a JSON string (\"): the name decides.
        private static readonly Regex NameValuePair = new Regex(
            @"(?<head>\\?""?\bname\\?""?\s*[=:]\s*(?<q>\\?['""])(?<name>[^'""\\<>\r\n]*)\k<q>\s*,?\s*\\?""?value\\?""?\s*[=:]\s*(?<q2>\\?['""]))(?<value>(?:(?!\k<q2>)[^<\r\n])*)(?=\k<q2>)", Options);

        private static readonly Regex EncodedPassword = new Regex(
            @"(?<!\[REDACTED:)\{(?:xor|aes|hash|custom)\}[A-Za-z0-9+/=_\-.:]*", Options);

        private static Regex[] LineRules => new[] { LineItem, FallbackElement, CookieHeader, NamedToken, Authorization, UrlCredentials, KeyMaterial, PasswordAssignment, TokenAssignment, NameValuePair, EncodedPassword };

        private static readonly string[] CookieAttributes =
        {
            "path", "domain", "expires", "max-age", "secure", "httponly", "samesite", "version", "comment", "priority", "partitioned",
        };

        /// <summary>
        /// Redacts any text with the line rules: DXL items and XML elements with secret names, cookies, SSO tokens, authorization headers, passwords in URLs,
        /// key material, password, secret and token assignments (quoted values whole), encoded WebSphere passwords.
        /// </summary>
        public string RedactLine(string text, RedactionLog? log = null)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            if (text.Length == 0)
            {
                return text;
            }

            log ??= new RedactionLog();

            // Rules that need a literal the text does not hold are skipped: most log lines hold none.
            if (text.IndexOf('<') >= 0)
            {
                text = RedactXmlFragments(text, LineItem, log);
            }

            if (Has(text, "cookie"))
            {
                text = CookieHeader.Replace(text, m => m.Groups["head"].Value + RedactCookieList(m.Groups["value"].Value, m.Groups["set"].Success, log));
            }

            text = NamedToken.Replace(text, m => IsMarker(m.Groups["value"].Value)
                ? m.Value
                : m.Groups["name"].Value + m.Groups["sep"].Value + Token(SecretNames.TokenKind(m.Groups["name"].Value), m.Groups["value"].Value, log));
            text = Authorization.Replace(text, m => IsMarker(m.Groups["value"].Value) ? m.Value : m.Groups["head"].Value + Password("Authorization", log));
            if (text.IndexOf("://", StringComparison.Ordinal) >= 0)
            {
                text = UrlCredentials.Replace(text, m => IsMarker(m.Groups["value"].Value) ? m.Value : m.Groups["head"].Value + Password("Password", log));
            }

            text = KeyMaterial.Replace(text, m => IsMarker(m.Groups["value"].Value)
                ? m.Value
                : m.Groups["key"].Value + m.Groups["sep"].Value + Token(SecretNames.KeyKind(m.Groups["key"].Value), Regex.Replace(m.Groups["value"].Value, @"\\\r?\n[ \t]*|\\", string.Empty), log));
            text = PasswordAssignment.Replace(text, m => ReplaceValue(m, () => Password("Password", log)));
            text = TokenAssignment.Replace(text, m => IsMarker(m.Groups["value"].Value)
                ? m.Value
                : m.Groups["key"].Value + m.Groups["sep"].Value + Token(SecretNames.TokenKind(m.Groups["key"].Value), m.Groups["value"].Value, log));
            text = !Has(text, "value") ? text : NameValuePair.Replace(text, m =>
            {
                string name = m.Groups["name"].Value.Trim();
                if (name.Equals("cookie", StringComparison.OrdinalIgnoreCase) || name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase))
                {
                    return ReplaceValue(m, () => RedactCookieList(m.Groups["value"].Value, name.Length > 6, log));
                }

                SecretClass secretClass = SecretNames.Classify(name);
                return secretClass == SecretClass.None || m.Groups["value"].Length == 0
                    ? m.Value
                    : ReplaceValue(m, () => Secret(secretClass, m.Groups["name"].Value, m.Groups["value"].Value, log));
            });
            return text.IndexOf('}') < 0 ? text : EncodedPassword.Replace(text, _ => Password("Password", log));
        }

        private static bool Has(string text, string literal) => text.IndexOf(literal, StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>
        /// Redacts a text stream line by line with the line rules. A line longer than <see cref="ChunkChars"/> is
        /// redacted in pieces, each cut before any secret that would straddle the cut.
        /// </summary>
        public void RedactStreaming(TextReader reader, TextWriter writer, RedactionLog log)
        {
            if (reader == null)
            {
                throw new ArgumentNullException(nameof(reader));
            }

            if (writer == null)
            {
                throw new ArgumentNullException(nameof(writer));
            }

            if (log == null)
            {
                throw new ArgumentNullException(nameof(log));
            }

            var line = new StringBuilder(256);
            var buffer = new char[64 * 1024];
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                int start = 0;
                while (start < read)
                {
                    int newline = Array.IndexOf(buffer, '\n', start, read - start);
                    int end = newline < 0 ? read : newline + 1;
                    int take = Math.Min(end - start, ChunkChars - line.Length);
                    line.Append(buffer, start, take);
                    start += take;
                    if (line.Length > 0 && line[line.Length - 1] == '\n')
                    {
                        writer.Write(RedactLine(line.ToString(), log));
                        line.Clear();
                    }
                    else if (line.Length >= ChunkChars)
                    {
                        FlushLongLine(line, writer, log);
                    }
                }
            }

            if (line.Length > 0)
            {
                writer.Write(RedactLine(line.ToString(), log));
            }
        }

        /// <summary>Writes the redacted head of a long line and keeps its tail (at least the overlap) for the next piece.</summary>
        private void FlushLongLine(StringBuilder line, TextWriter writer, RedactionLog log)
        {
            string text = line.ToString();
            int cut = text.Length - ChunkOverlap;
            bool moved = true;
            while (moved && cut > 0)
            {
                moved = false;
                foreach (var rule in LineRules)
                {
                    for (var m = rule.Match(text); m.Success; m = m.NextMatch())
                    {
                        if (m.Index < cut && m.Index + m.Length > cut)
                        {
                            cut = m.Index;
                            moved = true;
                        }
                    }
                }
            }

            // A single match as long as the whole piece (a megabyte of cookie header) is redacted as it stands.
            if (cut <= 0)
            {
                cut = text.Length;
            }

            writer.Write(RedactLine(text.Substring(0, cut), log));
            line.Clear();
            line.Append(text, cut, text.Length - cut);
        }

        private static string ReplaceValue(Match m, Func<string> marker)
        {
            var value = m.Groups["value"];
            if (IsMarker(value.Value))
            {
                return m.Value;
            }

            int from = value.Index - m.Index;
            return m.Value.Substring(0, from) + marker() + m.Value.Substring(from + value.Length);
        }

        private string RedactCookieList(string value, bool isSetCookie, RedactionLog log)
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
                bool attribute = isSetCookie && i > 0 && Array.IndexOf(CookieAttributes, name.ToLowerInvariant()) >= 0;
                if (attribute || cookieValue.Length == 0 || IsMarker(cookieValue))
                {
                    continue;
                }

                int valueStart = eq + 1 + (part.Length - eq - 1 - part.Substring(eq + 1).TrimStart().Length);
                string kind = SecretNames.TokenKind(name);
                parts[i] = part.Substring(0, valueStart) + Token(kind == "Token" ? "Cookie" : kind, cookieValue, log) + TrailingSpace(part);
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
    }
}
