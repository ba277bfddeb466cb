using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using SametimeAdmin.Common;

namespace SametimeAdmin.MustGather
{
    public sealed partial class Redactor
    {
        private const string XmlMethod = "XML parsed: DXL items, elements, attributes and name/value pairs with secret names, encoded passwords + line rules";

        // DXL items and secret elements in text that is not (or not only) XML: across lines when a file does
        // not parse, within a line for logs and report texts.
        private const string ItemPattern =
            @"(?<open><(?<p>[\w.\-]+:)?item\b[^>]*?\bname\s*=\s*(?<q>['""])(?<name>[^'""]+)\k<q>[^>]*>)(?<body>{0}*?)(?<close></\k<p>?item\s*>)";

        private static readonly Regex FallbackItem = new Regex(string.Format(CultureInfo.InvariantCulture, ItemPattern, "."), Options | RegexOptions.Singleline);

        private static readonly Regex LineItem = new Regex(string.Format(CultureInfo.InvariantCulture, ItemPattern, @"[^\r\n]"), Options);

        private static readonly Regex FallbackElement = new Regex(
            @"(?<open><(?<tag>[\w.\-]+:)?(?<local>[\w.\-]*(?:password|passwd|secret|privatekey|3deskey|token)[\w.\-]*)(?:\s[^>]*)?>)(?<value>[^<]+)(?=</\k<tag>?\k<local>\s*>)", Options);

        /// <summary>An open element whose content is a secret.</summary>
        private sealed class OpenSecret
        {
            public OpenSecret(int depth, int contentStart, SecretClass secretClass, string name, string? wrapper)
            {
                Depth = depth;
                ContentStart = contentStart;
                Class = secretClass;
                Name = name;
                Wrapper = wrapper;
            }

            public int Depth { get; }

            public int ContentStart { get; }

            public SecretClass Class { get; }

            public string Name { get; }

            /// <summary>The element the marker is wrapped in (DXL items keep a text child), or null.</summary>
            public string? Wrapper { get; }

            public StringBuilder Value { get; } = new StringBuilder();
        }

        /// <summary>
        /// Finds secrets with the XML parser and replaces their values at their exact place in the original text,
        /// so everything else stays byte for byte. A file that does not parse gets the fallback rules, and the log says so.
        /// </summary>
        private string RedactXml(string text, RedactionLog log)
        {
            var probe = new RedactionLog();
            List<TextEdit> spans;
            try
            {
                spans = XmlSecrets(text, probe);
            }
            catch (XmlException ex)
            {
                log.Method = "line rules only: not well-formed XML (" + ex.Message + ")";
                return RedactXmlFragments(text, FallbackItem, log);
            }

            // Count only now that the whole file parsed.
            log.Merge(probe);
            log.Method = XmlMethod;
            return Apply(text, spans);
        }

        private List<TextEdit> XmlSecrets(string text, RedactionLog log)
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Ignore,
                XmlResolver = null,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
                CheckCharacters = false,
            };
            var spans = new List<TextEdit>();
            var lines = new LineIndex(text);
            var open = new Stack<OpenSecret>();
            using (var reader = XmlReader.Create(new StringReader(text), settings))
            {
                var info = (IXmlLineInfo)reader;
                while (reader.Read())
                {
                    switch (reader.NodeType)
                    {
                        case XmlNodeType.Element:
                            int nameAt = lines.Offset(info.LineNumber, info.LinePosition);
                            string local = reader.LocalName;
                            string prefix = reader.Prefix;
                            bool empty = reader.IsEmptyElement;
                            int depth = reader.Depth;
                            string? itemName = null;
                            var attributes = new List<(string Name, string Value, int At)>();
                            while (reader.MoveToNextAttribute())
                            {
                                attributes.Add((reader.LocalName, reader.Value, lines.Offset(info.LineNumber, info.LinePosition)));
                                if (reader.LocalName == "name")
                                {
                                    itemName = reader.Value;
                                }
                            }

                            reader.MoveToElement();
                            AttributeSecrets(text, attributes, itemName, local, spans, log);
                            SecretClass content = ContentClass(local, itemName, attributes.Any(a => a.Name == "value"));
                            if (content != SecretClass.None && !empty)
                            {
                                string wrapper = local == "item" ? (prefix.Length > 0 ? prefix + ":text" : "text") : string.Empty;
                                open.Push(new OpenSecret(depth, EndOfTag(text, nameAt), content, itemName ?? local, wrapper.Length > 0 ? wrapper : null));
                            }

                            break;
                        case XmlNodeType.Text:
                        case XmlNodeType.CDATA:
                            if (open.Count > 0)
                            {
                                var top = open.Peek();
                                top.Value.Append(top.Value.Length > 0 ? "\n" : string.Empty).Append(reader.Value);
                            }

                            break;
                        case XmlNodeType.EndElement:
                            if (open.Count > 0 && open.Peek().Depth == reader.Depth)
                            {
                                var secret = open.Pop();
                                int endTag = lines.Offset(info.LineNumber, info.LinePosition) - 2;
                                string value = secret.Value.ToString().Trim();
                                if (value.Length > 0 && !IsMarker(value))
                                {
                                    string marker = Secret(secret.Class, secret.Name, value, log);
                                    spans.Add(new TextEdit(secret.ContentStart, endTag, secret.Wrapper != null ? "<" + secret.Wrapper + ">" + marker + "</" + secret.Wrapper + ">" : marker));
                                }
                            }

                            break;
                    }
                }
            }

            return spans;
        }

        /// <summary>
        /// Whether an element's content is secret: a DXL item by its name (the item map's key items included), any
        /// other element by its own name, or by its name attribute when it has no value attribute.
        /// </summary>
        private SecretClass ContentClass(string local, string? nameAttribute, bool hasValueAttribute)
        {
            if (local == "item" && nameAttribute != null)
            {
                return ItemClass(nameAttribute);
            }

            SecretClass own = SecretNames.Classify(local);
            return own != SecretClass.None || nameAttribute == null || hasValueAttribute ? own : SecretNames.Classify(nameAttribute);
        }

        /// <summary>Secret attributes: by their own name, as the value of a secret name/value pair, or an encoded password.</summary>
        private void AttributeSecrets(string text, List<(string Name, string Value, int At)> attributes, string? itemName, string element, List<TextEdit> spans, RedactionLog log)
        {
            SecretClass pairClass = itemName != null && element != "item" ? SecretNames.Classify(itemName) : SecretClass.None;
            foreach (var (name, value, at) in attributes)
            {
                if (value.Trim().Length == 0 || IsMarker(value) || name == "name")
                {
                    continue;
                }

                SecretClass secretClass = SecretNames.Classify(name);
                string owner = name;
                if (secretClass == SecretClass.None && name == "value" && pairClass != SecretClass.None)
                {
                    // <variable name="keystore_password" value="..."/>, <property name="..." value="..."/>
                    secretClass = pairClass;
                    owner = itemName!;
                }

                if (secretClass == SecretClass.None && EncodedPassword.IsMatch(value))
                {
                    secretClass = SecretClass.Password;
                }

                if (secretClass != SecretClass.None)
                {
                    var (start, end) = AttributeValueRange(text, at);
                    spans.Add(new TextEdit(start, end, Secret(secretClass, owner, value, log)));
                }
            }
        }

        /// <summary>The raw value of the attribute whose name starts at <paramref name="at"/>, without its quotes.</summary>
        private static (int Start, int End) AttributeValueRange(string text, int at)
        {
            int i = text.IndexOf('=', at);
            while (i + 1 < text.Length && text[i + 1] != '"' && text[i + 1] != '\'')
            {
                i++;
            }

            char quote = text[i + 1];
            int start = i + 2;
            return (start, text.IndexOf(quote, start));
        }

        /// <summary>The offset just after the '>' of the start tag whose name starts at <paramref name="nameAt"/>.</summary>
        private static int EndOfTag(string text, int nameAt)
        {
            char quote = '\0';
            for (int i = nameAt; i < text.Length; i++)
            {
                char c = text[i];
                if (quote != '\0')
                {
                    quote = c == quote ? '\0' : quote;
                }
                else if (c == '"' || c == '\'')
                {
                    quote = c;
                }
                else if (c == '>')
                {
                    return i + 1;
                }
            }

            return text.Length;
        }

        private static string Apply(string text, List<TextEdit> spans)
        {
            var sb = new StringBuilder(text.Length);
            int at = 0;
            foreach (var span in spans.OrderBy(s => s.Start).ThenByDescending(s => s.End))
            {
                if (span.Start < at)
                {
                    continue; // inside a secret already replaced
                }

                sb.Append(text, at, span.Start - at).Append(span.Replacement);
                at = span.End;
            }

            return sb.Append(text, at, text.Length - at).ToString();
        }

        private string RedactXmlFragments(string text, Regex itemRule, RedactionLog log)
        {
            text = itemRule.Replace(text, m =>
            {
                var secretClass = ItemClass(m.Groups["name"].Value);
                string values = Regex.Replace(m.Groups["body"].Value, "<[^>]+>", string.Empty).Trim();
                if (secretClass == SecretClass.None || values.Length == 0 || IsMarker(values))
                {
                    return m.Value;
                }

                string wrapper = m.Groups["p"].Value + "text";
                return m.Groups["open"].Value + "<" + wrapper + ">" + Secret(secretClass, m.Groups["name"].Value, values, log) + "</" + wrapper + ">" + m.Groups["close"].Value;
            });
            text = FallbackElement.Replace(text, m => IsMarker(m.Groups["value"].Value) || SecretNames.Classify(m.Groups["local"].Value) == SecretClass.None
                ? m.Value
                : m.Groups["open"].Value + Secret(SecretNames.Classify(m.Groups["local"].Value), m.Groups["local"].Value, m.Groups["value"].Value, log));
            return text;
        }

        /// <summary>Turns the parser's line and column into an offset of the text (XML counts \r\n, \r and \n as one line break).</summary>
        private sealed class LineIndex
        {
            private readonly List<int> starts = new List<int> { 0 };

            public LineIndex(string text)
            {
                for (int i = 0; i < text.Length; i++)
                {
                    if (text[i] == '\r')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\n')
                        {
                            i++;
                        }

                        starts.Add(i + 1);
                    }
                    else if (text[i] == '\n')
                    {
                        starts.Add(i + 1);
                    }
                }
            }

            public int Offset(int line, int position) => starts[line - 1] + position - 1;
        }
    }
}
