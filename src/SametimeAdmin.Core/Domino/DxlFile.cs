using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using SametimeAdmin.Common;

namespace SametimeAdmin.Domino
{
    /// <summary>
    /// A DXL export held as its original bytes plus a model of its documents. Reading uses XmlReader (so malformed
    /// XML is refused) and records where each item starts and ends. Writing splices new item content into the
    /// original bytes at those positions, so every byte outside the touched items stays exactly as it was:
    /// declaration, DOCTYPE, comments, whitespace, attribute order and quotes, unknown elements.
    /// </summary>
    internal sealed class DxlFile
    {
        public const string DxlNamespace = "http://www.lotus.com/dxl";

        private readonly byte[] bytes;
        private readonly Encoding encoding;
        private readonly int preambleLength;
        private readonly string text;

        private DxlFile(byte[] bytes, Encoding encoding, int preambleLength, string text, string source)
        {
            this.bytes = bytes;
            this.encoding = encoding;
            this.preambleLength = preambleLength;
            this.text = text;
            Source = source;
            Revision = ComputeRevision(bytes);
            Documents = new List<Entry>();
        }

        public string Source { get; }

        /// <summary>SHA-256 of the file's bytes: two reads with the same revision saw the same file.</summary>
        public string Revision { get; }

        public IReadOnlyList<Entry> Documents { get; private set; }

        public static string ComputeRevision(byte[] content)
        {
            using (var sha = SHA256.Create())
            {
                return BitConverter.ToString(sha.ComputeHash(content)).Replace("-", string.Empty);
            }
        }

        /// <summary>Parses a DXL export. Throws SametimeAdminException for anything that is not a DXL document export.</summary>
        public static DxlFile Parse(byte[] content, string source)
        {
            Encoding encoding = DxlText.DetectEncoding(content, source, out int preamble);
            string decoded;
            try
            {
                decoded = encoding.GetString(content, preamble, content.Length - preamble);
            }
            catch (DecoderFallbackException ex)
            {
                throw new SametimeAdminException("DxlMalformed", FailureKind.InvalidData,
                    $"'{source}' is not valid {encoding.WebName} text (invalid byte sequence); nothing was changed.", ex)
                {
                    RecommendedAction = "Export the document again with the DXL exporter; do not edit the file with a tool that changes its encoding.",
                };
            }

            var file = new DxlFile(content, encoding, preamble, decoded, source);
            try
            {
                file.Documents = new Reader(file).ReadDocuments();
            }
            catch (XmlException ex)
            {
                throw new SametimeAdminException("DxlMalformed", FailureKind.InvalidData,
                    $"'{source}' is not well-formed XML (line {ex.LineNumber}, position {ex.LinePosition}): {ex.Message}. Nothing was changed.", ex)
                {
                    RecommendedAction = "Export the document again with the DXL exporter, or repair the XML at the position given.",
                };
            }

            return file;
        }

        /// <summary>Returns the file's bytes with the changes applied to one document; everything else is copied unchanged.</summary>
        public byte[] Apply(Entry entry, IReadOnlyList<NotesItemChange> changes)
        {
            var edits = new List<TextEdit>();
            var inserts = new StringBuilder();
            bool unicode = DxlText.IsUnicode(encoding);
            foreach (NotesItemChange change in changes)
            {
                int count = entry.Document.CountItems(change.Name);
                if (count > 1)
                {
                    throw new SametimeAdminException("DxlDuplicateItem", FailureKind.InvalidData,
                        $"The document in '{Source}' holds the item '{change.Name}' {count} times; SametimeAdmin does not choose one to edit. Nothing was changed.")
                    {
                        RecommendedAction = "Remove the extra copies in Notes (or re-export a clean document) and run the command again.",
                    };
                }

                int index = IndexOfItem(entry, change.Name);
                if (index >= 0)
                {
                    edits.Add(ReplaceContent(entry.Spans[index], change, unicode));
                }
                else
                {
                    inserts.Append(entry.ItemIndent).Append(NewItem(change, entry.Quote, unicode, entry.Prefix));
                }
            }

            if (inserts.Length > 0)
            {
                edits.Add(new TextEdit(entry.InsertAt, entry.InsertAt, inserts.ToString()));
            }

            return Splice(edits);
        }

        private static int IndexOfItem(Entry entry, string name)
        {
            for (int i = 0; i < entry.Document.Items.Count; i++)
            {
                if (string.Equals(entry.Document.Items[i].Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return -1;
        }

        private TextEdit ReplaceContent(ItemSpan span, NotesItemChange change, bool unicode)
        {
            // The value elements take the prefix the item element itself uses for the DXL namespace.
            int colon = span.QualifiedName.IndexOf(':');
            string content = Content(change, unicode, colon < 0 ? string.Empty : span.QualifiedName.Substring(0, colon + 1));
            if (span.EndTagStart < 0)
            {
                // <item name='x'/> becomes <item name='x'>content</item>, keeping the start tag's attributes as written.
                string startTag = text.Substring(span.Start, span.StartTagEnd - span.Start);
                string open = startTag.Substring(0, startTag.LastIndexOf('/')).TrimEnd() + ">";
                return new TextEdit(span.Start, span.End, open + content + "</" + span.QualifiedName + ">");
            }

            string inner = text.Substring(span.StartTagEnd, span.EndTagStart - span.StartTagEnd);
            string leading = LeadingWhitespace(inner);
            string trailing = leading.Length == inner.Length ? string.Empty : TrailingWhitespace(inner);
            return new TextEdit(span.StartTagEnd, span.EndTagStart, leading + content + trailing);
        }

        private static string NewItem(NotesItemChange change, char quote, bool unicode, string prefix)
        {
            var sb = new StringBuilder("<" + prefix + "item name=");
            sb.Append(quote).Append(DxlText.Escape(change.Name, quote, unicode)).Append(quote);
            AppendFlag(sb, change.Attributes, NotesItemAttributes.Names, "names", quote);
            AppendFlag(sb, change.Attributes, NotesItemAttributes.Readers, "readers", quote);
            AppendFlag(sb, change.Attributes, NotesItemAttributes.Authors, "authors", quote);
            AppendFlag(sb, change.Attributes, NotesItemAttributes.Seal, "seal", quote);
            if (change.IsSecret)
            {
                // Key material must never be copied into view indexes.
                sb.Append(" summary=").Append(quote).Append("false").Append(quote);
            }

            sb.Append('>').Append(Content(change, unicode, prefix)).Append("</" + prefix + "item>");
            return sb.ToString();
        }

        private static void AppendFlag(StringBuilder sb, NotesItemAttributes flags, NotesItemAttributes flag, string attribute, char quote)
        {
            if ((flags & flag) != 0)
            {
                sb.Append(' ').Append(attribute).Append('=').Append(quote).Append("true").Append(quote);
            }
        }

        /// <summary>The item's value elements, with the prefix the document uses for the DXL namespace ("" or "dxl:").</summary>
        private static string Content(NotesItemChange change, bool unicode, string prefix)
        {
            string Element(string name, string inner) => "<" + prefix + name + ">" + inner + "</" + prefix + name + ">";
            switch (change.Type)
            {
                case NotesItemType.Text:
                    return TextElement(change.Values[0], unicode, prefix);
                case NotesItemType.TextList:
                    return Element("textlist", string.Concat(change.Values.Select(v => TextElement(v, unicode, prefix))));
                case NotesItemType.Number:
                    return Element("number", change.Values[0]);
                case NotesItemType.NumberList:
                    return Element("numberlist", string.Concat(change.Values.Select(v => Element("number", v))));
                case NotesItemType.DateTime:
                    return Element("datetime", DxlText.Escape(change.Values[0], null, unicode));
                default:
                    throw new ArgumentException("SametimeAdmin writes only text, number and date-time items.", nameof(change));
            }
        }

        private static string TextElement(string value, bool unicode, string prefix)
        {
            string[] lines = value.Replace("\r\n", "\n").Split('\n');
            return "<" + prefix + "text>" + string.Join("<" + prefix + "break/>", lines.Select(l => DxlText.Escape(l, null, unicode))) + "</" + prefix + "text>";
        }

        private byte[] Splice(List<TextEdit> edits)
        {
            edits.Sort((a, b) => a.Start.CompareTo(b.Start));
            using (var output = new MemoryStream(bytes.Length + 1024))
            {
                int copiedTo = 0;
                foreach (TextEdit edit in edits)
                {
                    int start = ByteOffset(edit.Start);
                    int end = ByteOffset(edit.End);
                    output.Write(bytes, copiedTo, start - copiedTo);
                    byte[] replacement = encoding.GetBytes(edit.Replacement);
                    output.Write(replacement, 0, replacement.Length);
                    copiedTo = end;
                }

                output.Write(bytes, copiedTo, bytes.Length - copiedTo);
                return output.ToArray();
            }
        }

        private int ByteOffset(int charOffset) =>
            preambleLength + (charOffset == 0 ? 0 : encoding.GetByteCount(text.ToCharArray(0, charOffset)));

        private static string LeadingWhitespace(string s)
        {
            int i = 0;
            while (i < s.Length && char.IsWhiteSpace(s[i]))
            {
                i++;
            }

            return s.Substring(0, i);
        }

        private static string TrailingWhitespace(string s)
        {
            int i = s.Length;
            while (i > 0 && char.IsWhiteSpace(s[i - 1]))
            {
                i--;
            }

            return s.Substring(i);
        }

        /// <summary>The quote character of the first attribute in a start tag ('\'' when it has none).</summary>
        private static char QuoteOf(string startTag)
        {
            int eq = startTag.IndexOf('=');
            for (int i = eq + 1; eq > 0 && i < startTag.Length; i++)
            {
                if (startTag[i] == '"' || startTag[i] == '\'')
                {
                    return startTag[i];
                }

                if (!char.IsWhiteSpace(startTag[i]))
                {
                    break;
                }
            }

            return '\'';
        }

        /// <summary>One document of the file with the positions needed to edit it.</summary>
        internal sealed class Entry
        {
            public Entry(NotesDocument document, IReadOnlyList<ItemSpan> spans, int insertAt, string itemIndent, char quote, string prefix)
            {
                Prefix = prefix;
                Document = document;
                Spans = spans;
                InsertAt = insertAt;
                ItemIndent = itemIndent;
                Quote = quote;
            }

            public NotesDocument Document { get; }

            /// <summary>Character positions of each item, parallel to Document.Items.</summary>
            public IReadOnlyList<ItemSpan> Spans { get; }

            /// <summary>Where new items go: right after the last item (or the last child element).</summary>
            public int InsertAt { get; }

            /// <summary>The whitespace that precedes items in this file, reused for new ones.</summary>
            public string ItemIndent { get; }

            /// <summary>The attribute quote the items (or the document element) use, reused for new items.</summary>
            public char Quote { get; }

            /// <summary>The prefix of the DXL namespace on the document element ("" or "dxl:"), reused for new elements.</summary>
            public string Prefix { get; }
        }

        /// <summary>Character positions of one item element.</summary>
        internal sealed class ItemSpan
        {
            public string QualifiedName { get; set; } = "item";

            /// <summary>Index of the '&lt;' of the start tag.</summary>
            public int Start { get; set; }

            /// <summary>Index just after the start tag's '&gt;'.</summary>
            public int StartTagEnd { get; set; }

            /// <summary>Index of the '&lt;' of the end tag; -1 for an empty element.</summary>
            public int EndTagStart { get; set; } = -1;

            /// <summary>Index just after the element.</summary>
            public int End { get; set; }
        }

        /// <summary>Walks the XML once, building the model and the positions.</summary>
        private sealed class Reader
        {
            private readonly DxlFile file;
            private readonly List<int> lineStarts = new List<int> { 0 };
            private XmlReader xml = null!;
            private IXmlLineInfo lineInfo = null!;

            public Reader(DxlFile file)
            {
                this.file = file;
                string t = file.text;
                for (int i = 0; i < t.Length; i++)
                {
                    if (t[i] == '\r')
                    {
                        if (i + 1 < t.Length && t[i + 1] == '\n')
                        {
                            i++;
                        }

                        lineStarts.Add(i + 1);
                    }
                    else if (t[i] == '\n')
                    {
                        lineStarts.Add(i + 1);
                    }
                }
            }

            public List<Entry> ReadDocuments()
            {
                var settings = new XmlReaderSettings
                {
                    DtdProcessing = DtdProcessing.Ignore,
                    XmlResolver = null,
                    IgnoreComments = true,
                    IgnoreProcessingInstructions = true,
                    CloseInput = true,
                };
                var documents = new List<Entry>();
                using (xml = XmlReader.Create(new StringReader(file.text), settings))
                {
                    lineInfo = (IXmlLineInfo)xml;
                    if (xml.MoveToContent() != XmlNodeType.Element)
                    {
                        throw NotDxl("the file has no root element");
                    }

                    if (xml.NamespaceURI != DxlNamespace)
                    {
                        throw NotDxl($"its root element <{xml.Name}> is not in the DXL namespace {DxlNamespace}");
                    }

                    string root = xml.LocalName;
                    if (root == "database")
                    {
                        ReadDatabase(documents);
                    }
                    else if (IsDocumentElement())
                    {
                        documents.Add(ReadDocument());
                    }

                    // Read to the end so that a malformed tail is reported too.
                    while (xml.Read())
                    {
                    }

                    if (documents.Count == 0)
                    {
                        throw new SametimeAdminException("DxlNoDocument", FailureKind.InvalidData,
                            $"'{file.Source}' is DXL but holds no Notes document (its root is <{root}>{(root == "note" ? " of another class" : string.Empty)}). It looks like a design element or database export; nothing was changed.")
                        {
                            RecommendedAction = "Export the document itself (for example the Web SSO Configuration document) as DXL.",
                        };
                    }
                }

                return documents;
            }

            private SametimeAdminException NotDxl(string why) =>
                new SametimeAdminException("DxlNotDominoXml", FailureKind.InvalidData,
                    $"'{file.Source}' is XML but not a Domino DXL export: {why}. Nothing was changed.")
                {
                    RecommendedAction = "Give a DXL export of the document (namespace http://www.lotus.com/dxl).",
                };

            private bool IsDocumentElement() =>
                xml.NamespaceURI == DxlNamespace &&
                (xml.LocalName == "document" || (xml.LocalName == "note" && xml.GetAttribute("class") == "document"));

            private void ReadDatabase(List<Entry> documents)
            {
                if (xml.IsEmptyElement)
                {
                    return;
                }

                int depth = xml.Depth;
                while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
                {
                    if (xml.NodeType == XmlNodeType.Element && xml.Depth == depth + 1)
                    {
                        if (IsDocumentElement())
                        {
                            documents.Add(ReadDocument());
                        }
                        else
                        {
                            SkipCurrent();
                        }
                    }
                }
            }

            private int Offset() => lineStarts[lineInfo.LineNumber - 1] + lineInfo.LinePosition - 1;

            private int TagEnd(int from)
            {
                string t = file.text;
                char inQuote = '\0';
                for (int i = from; i < t.Length; i++)
                {
                    char c = t[i];
                    if (inQuote != '\0')
                    {
                        if (c == inQuote)
                        {
                            inQuote = '\0';
                        }
                    }
                    else if (c == '"' || c == '\'')
                    {
                        inQuote = c;
                    }
                    else if (c == '>')
                    {
                        return i + 1;
                    }
                }

                throw new XmlException("Unterminated tag.");
            }

            private Entry ReadDocument()
            {
                string? form = xml.LocalName == "document" ? xml.GetAttribute("form") : null;
                string prefix = xml.Prefix.Length == 0 ? string.Empty : xml.Prefix + ":";
                string? unid = null, noteId = null;
                DateTimeOffset? modified = null;
                var items = new List<NotesItem>();
                var spans = new List<ItemSpan>();
                int depth = xml.Depth;
                int elementStart = Offset() - 1;
                int lastChildEnd = TagEnd(elementStart);
                int closingStart = lastChildEnd;
                if (!xml.IsEmptyElement)
                {
                    while (xml.Read())
                    {
                        if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth)
                        {
                            closingStart = Offset() - 2;
                            break;
                        }

                        if (xml.NodeType != XmlNodeType.Element || xml.Depth != depth + 1)
                        {
                            continue;
                        }

                        int childStart = Offset() - 1;
                        if (xml.NamespaceURI == DxlNamespace && xml.LocalName == "item")
                        {
                            var span = new ItemSpan { Start = childStart, QualifiedName = xml.Name };
                            items.Add(ReadItem(span));
                            spans.Add(span);
                            lastChildEnd = span.End;
                        }
                        else if (xml.NamespaceURI == DxlNamespace && xml.LocalName == "noteinfo")
                        {
                            unid = xml.GetAttribute("unid");
                            noteId = xml.GetAttribute("noteid");
                            modified = ReadNoteInfo(out lastChildEnd);
                        }
                        else
                        {
                            lastChildEnd = SkipElement(childStart);
                        }
                    }
                }

                int insertAt = spans.Count > 0 ? spans[spans.Count - 1].End : lastChildEnd;
                string indent = spans.Count > 0 ? WhitespaceBefore(spans[spans.Count - 1].Start) : WhitespaceBefore(closingStart);
                if (indent.Length == 0)
                {
                    indent = "\n";
                }

                string tag = spans.Count > 0
                    ? file.text.Substring(spans[0].Start, spans[0].StartTagEnd - spans[0].Start)
                    : file.text.Substring(elementStart, TagEnd(elementStart) - elementStart);
                var document = new NotesDocument(file.Source, unid, noteId, form, items, file.Revision, modified);
                return new Entry(document, spans, insertAt, indent, QuoteOf(tag), prefix);
            }

            private string WhitespaceBefore(int index)
            {
                int i = index;
                while (i > 0 && char.IsWhiteSpace(file.text[i - 1]))
                {
                    i--;
                }

                return file.text.Substring(i, index - i);
            }

            /// <summary>Skips the current element; returns the index just after it.</summary>
            private int SkipElement(int start)
            {
                if (xml.IsEmptyElement)
                {
                    return TagEnd(start);
                }

                int depth = xml.Depth;
                while (xml.Read())
                {
                    if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth)
                    {
                        return TagEnd(Offset() - 2);
                    }
                }

                throw new XmlException("Unexpected end of file.");
            }

            private DateTimeOffset? ReadNoteInfo(out int end)
            {
                int start = Offset() - 1;
                DateTimeOffset? modified = null;
                if (xml.IsEmptyElement)
                {
                    end = TagEnd(start);
                    return null;
                }

                int depth = xml.Depth;
                bool inModified = false;
                while (xml.Read())
                {
                    if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth)
                    {
                        end = TagEnd(Offset() - 2);
                        return modified;
                    }

                    if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "modified")
                    {
                        inModified = !xml.IsEmptyElement;
                    }
                    else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "modified")
                    {
                        inModified = false;
                    }
                    else if (inModified && xml.NodeType == XmlNodeType.Element && xml.LocalName == "datetime" && !xml.IsEmptyElement)
                    {
                        modified = DxlText.ParseDateTime(ReadText());
                    }
                }

                throw new XmlException("Unexpected end of file.");
            }

            private NotesItem ReadItem(ItemSpan span)
            {
                string name = xml.GetAttribute("name") ?? string.Empty;
                NotesItemAttributes flags = ReadFlags();
                span.StartTagEnd = TagEnd(span.Start);
                if (xml.IsEmptyElement)
                {
                    span.End = span.StartTagEnd;
                    return new NotesItem(name, NotesItemType.Text, Array.Empty<string>(), flags);
                }

                int depth = xml.Depth;
                NotesItemType type = NotesItemType.Text;
                string? opaqueKind = null;
                var values = new List<string>();
                bool first = true;
                while (xml.Read())
                {
                    if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth)
                    {
                        span.EndTagStart = Offset() - 2;
                        span.End = TagEnd(span.EndTagStart);
                        return new NotesItem(name, type, values, flags, opaqueKind);
                    }

                    if (xml.NodeType != XmlNodeType.Element || xml.Depth != depth + 1)
                    {
                        continue;
                    }

                    string kind = xml.LocalName;
                    if (!first)
                    {
                        // A second value element makes the item something this tool does not model.
                        type = NotesItemType.Opaque;
                        opaqueKind = opaqueKind ?? kind;
                        SkipCurrent();
                        continue;
                    }

                    first = false;
                    switch (kind)
                    {
                        case "text":
                            type = NotesItemType.Text;
                            values.Add(ReadText());
                            break;
                        case "number":
                            type = NotesItemType.Number;
                            values.Add(ReadText().Trim());
                            break;
                        case "datetime":
                            type = NotesItemType.DateTime;
                            values.Add(ReadText().Trim());
                            break;
                        case "textlist":
                            type = NotesItemType.TextList;
                            ReadList("text", values, trim: false);
                            break;
                        case "numberlist":
                            type = NotesItemType.NumberList;
                            ReadList("number", values, trim: true);
                            break;
                        case "datetimelist":
                            type = NotesItemType.DateTimeList;
                            if (!ReadList("datetime", values, trim: true))
                            {
                                type = NotesItemType.Opaque;
                                opaqueKind = "datetimelist";
                                values.Clear();
                            }

                            break;
                        default:
                            type = NotesItemType.Opaque;
                            opaqueKind = kind;
                            SkipCurrent();
                            break;
                    }
                }

                throw new XmlException("Unexpected end of file.");
            }

            private NotesItemAttributes ReadFlags()
            {
                NotesItemAttributes flags = NotesItemAttributes.None;
                string? summary = xml.GetAttribute("summary");
                if (summary == null || summary == "true")
                {
                    flags |= NotesItemAttributes.Summary;
                }

                flags |= Flag("names", NotesItemAttributes.Names) | Flag("readers", NotesItemAttributes.Readers) | Flag("authors", NotesItemAttributes.Authors)
                    | Flag("sign", NotesItemAttributes.Sign) | Flag("seal", NotesItemAttributes.Seal) | Flag("sealed", NotesItemAttributes.Sealed)
                    | Flag("protected", NotesItemAttributes.Protected) | Flag("placeholder", NotesItemAttributes.Placeholder);
                return flags;
            }

            private NotesItemAttributes Flag(string attribute, NotesItemAttributes flag) =>
                xml.GetAttribute(attribute) == "true" ? flag : NotesItemAttributes.None;

            private void SkipCurrent()
            {
                if (xml.IsEmptyElement)
                {
                    return;
                }

                int depth = xml.Depth;
                while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
                {
                }
            }

            /// <summary>Reads the text of the current element; &lt;break/&gt; becomes a line feed. Leaves the reader on its end.</summary>
            private string ReadText()
            {
                if (xml.IsEmptyElement)
                {
                    return string.Empty;
                }

                var sb = new StringBuilder();
                int depth = xml.Depth;
                while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
                {
                    switch (xml.NodeType)
                    {
                        case XmlNodeType.Text:
                        case XmlNodeType.CDATA:
                        case XmlNodeType.Whitespace:
                        case XmlNodeType.SignificantWhitespace:
                            sb.Append(xml.Value);
                            break;
                        case XmlNodeType.Element when xml.LocalName == "break":
                            sb.Append('\n');
                            break;
                    }
                }

                return sb.ToString();
            }

            /// <summary>Reads list entries; returns false when the list holds something else (for example datetimepair).</summary>
            private bool ReadList(string entry, List<string> values, bool trim)
            {
                if (xml.IsEmptyElement)
                {
                    return true;
                }

                bool simple = true;
                int depth = xml.Depth;
                while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
                {
                    if (xml.NodeType != XmlNodeType.Element)
                    {
                        continue;
                    }

                    if (xml.LocalName == entry && xml.Depth == depth + 1)
                    {
                        string value = ReadText();
                        values.Add(trim ? value.Trim() : value);
                    }
                    else
                    {
                        simple = false;
                        SkipCurrent();
                    }
                }

                return simple;
            }
        }
    }
}
