using System.Text;
using System.Text.RegularExpressions;

namespace SametimeAdmin.MustGather
{
    public sealed partial class Redactor
    {
        // KEY=value of an ini or env file, with an optional "export " (shell env files); the value runs to the end of the line.
        private static readonly Regex IniLine = new Regex(
            @"^(?<head>[ \t]*(?:export[ \t]+)?(?<key>[^=\s;#\[][^=\r\n]*?)[ \t]*=[ \t]*)(?<value>[^\r\n]*)$", RegexOptions.CultureInvariant);

        /// <summary>ini and env files: the whole value of every key with a secret name (quotes kept).</summary>
        private string RedactIni(string text, RedactionLog log)
        {
            var sb = new StringBuilder(text.Length);
            foreach (var line in SplitKeepingEndings(text))
            {
                string content = line.TrimEnd('\r', '\n');
                var m = IniLine.Match(content);
                SecretClass secretClass = m.Success ? SecretNames.Classify(m.Groups["key"].Value) : SecretClass.None;
                string value = m.Groups["value"].Value;
                if (secretClass == SecretClass.None || value.Trim().Length == 0 || IsMarker(value))
                {
                    sb.Append(line);
                    continue;
                }

                string trimmed = value.TrimEnd();
                char quote = trimmed.Length >= 2 && (trimmed[0] == '"' || trimmed[0] == '\'') && trimmed[trimmed.Length - 1] == trimmed[0] ? trimmed[0] : '\0';
                string inner = quote != '\0' ? trimmed.Substring(1, trimmed.Length - 2) : trimmed;
                string marker = Secret(secretClass, m.Groups["key"].Value, inner, log);
                sb.Append(m.Groups["head"].Value).Append(quote != '\0' ? quote + marker + quote : marker).Append(line.Substring(content.Length));
            }

            return sb.ToString();
        }

        /// <summary>
        /// Java properties by Java's rules: the key ends at the first unescaped '=', ':' or blank (so
        /// "3DESKey value" is a key and a value), a value continues over lines ending in an odd number of
        /// backslashes, comments start with '#' or '!'. Continuation lines of a secret keep their place with a marker.
        /// </summary>
        private string RedactProperties(string text, RedactionLog log)
        {
            var lines = SplitKeepingEndings(text);
            var sb = new StringBuilder(text.Length);
            for (int i = 0; i < lines.Count; i++)
            {
                string content = lines[i].TrimEnd('\r', '\n');
                string ending = lines[i].Substring(content.Length);
                int keyStart = SkipBlanks(content, 0);
                if (keyStart >= content.Length || content[keyStart] == '#' || content[keyStart] == '!')
                {
                    sb.Append(lines[i]);
                    continue;
                }

                int keyEnd = keyStart;
                while (keyEnd < content.Length && !IsKeyTerminator(content[keyEnd]))
                {
                    keyEnd += content[keyEnd] == '\\' ? 2 : 1;
                }

                keyEnd = keyEnd > content.Length ? content.Length : keyEnd;
                int valueStart = SkipBlanks(content, keyEnd);
                if (valueStart < content.Length && (content[valueStart] == '=' || content[valueStart] == ':'))
                {
                    valueStart = SkipBlanks(content, valueStart + 1);
                }

                // The natural lines of this logical line.
                int last = i;
                while (last + 1 < lines.Count && EndsWithOddBackslashes(lines[last].TrimEnd('\r', '\n')))
                {
                    last++;
                }

                string key = Unescape(content.Substring(keyStart, keyEnd - keyStart));
                var value = new StringBuilder(content.Substring(valueStart));
                for (int k = i + 1; k <= last; k++)
                {
                    if (value.Length > 0 && value[value.Length - 1] == '\\')
                    {
                        value.Length--; // the continuation backslash
                    }

                    string next = lines[k].TrimEnd('\r', '\n');
                    value.Append(next.Substring(SkipBlanks(next, 0)));
                }

                string plain = Unescape(value.ToString());
                SecretClass secretClass = SecretNames.Classify(key);
                if (secretClass == SecretClass.None || plain.Trim().Length == 0 || IsMarker(plain))
                {
                    for (int k = i; k <= last; k++)
                    {
                        sb.Append(lines[k]);
                    }

                    i = last;
                    continue;
                }

                string marker = Secret(secretClass, key, plain, log);
                sb.Append(content, 0, valueStart).Append(marker).Append(last > i ? "\\" : string.Empty).Append(ending);
                for (int k = i + 1; k <= last; k++)
                {
                    string next = lines[k].TrimEnd('\r', '\n');
                    sb.Append(next, 0, SkipBlanks(next, 0)).Append(MarkerPrefix).Append(marker.Substring(MarkerPrefix.Length).Split(':', ']')[0]).Append(":continued]")
                      .Append(k < last ? "\\" : string.Empty).Append(lines[k].Substring(next.Length));
                }

                i = last;
            }

            return sb.ToString();
        }

        private static bool IsKeyTerminator(char c) => c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f';

        private static int SkipBlanks(string s, int at)
        {
            while (at < s.Length && (s[at] == ' ' || s[at] == '\t' || s[at] == '\f'))
            {
                at++;
            }

            return at;
        }

        private static bool EndsWithOddBackslashes(string value)
        {
            int n = 0;
            for (int i = value.Length - 1; i >= 0 && value[i] == '\\'; i--)
            {
                n++;
            }

            return n % 2 == 1;
        }

        /// <summary>Java's escapes of a key or value (\=, \:, \n, \t, \\, \uXXXX).</summary>
        private static string Unescape(string s)
        {
            if (s.IndexOf('\\') < 0)
            {
                return s;
            }

            var sb = new StringBuilder(s.Length);
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c != '\\' || i + 1 >= s.Length)
                {
                    sb.Append(c);
                    continue;
                }

                char n = s[++i];
                if (n == 'u' && i + 4 < s.Length && int.TryParse(s.Substring(i + 1, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out int code))
                {
                    sb.Append((char)code);
                    i += 4;
                }
                else
                {
                    sb.Append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n == 'f' ? '\f' : n);
                }
            }

            return sb.ToString();
        }
    }
}
