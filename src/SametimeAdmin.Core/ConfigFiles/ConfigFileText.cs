using System;
using System.Collections.Generic;
using System.IO;

namespace SametimeAdmin.ConfigFiles
{
    /// <summary>
    /// The lines of a text file, kept so that writing it back reproduces every byte that was not edited: each line
    /// keeps its original bytes and its own line ending (CRLF, LF, CR or none at the end of the file), the byte order
    /// mark stays, and only lines that were replaced or inserted are encoded again, in the file's own encoding.
    /// </summary>
    public sealed class ConfigFileText
    {
        private readonly List<Line> lines;
        private readonly byte[] preamble;

        private ConfigFileText(ConfigFileEncoding encoding, byte[] preamble, List<Line> lines, string newLine)
        {
            Encoding = encoding;
            this.preamble = preamble;
            this.lines = lines;
            NewLine = newLine;
        }

        /// <summary>The file's encoding (detected when read).</summary>
        public ConfigFileEncoding Encoding { get; }

        /// <summary>The line ending given to inserted lines: the one most lines of the file use.</summary>
        public string NewLine { get; }

        /// <summary>Number of lines (a final line ending does not start another line).</summary>
        public int Count => lines.Count;

        /// <summary>True once any line was replaced, inserted or removed.</summary>
        public bool IsModified { get; private set; }

        /// <summary>The text of line <paramref name="index"/> (0-based), without its line ending.</summary>
        public string this[int index] => lines[index].Text;

        /// <summary>Splits <paramref name="bytes"/> into lines. <paramref name="defaultNewLine"/> is used when the file has no line ending.</summary>
        public static ConfigFileText Parse(byte[] bytes, string displayPath, string defaultNewLine)
        {
            ConfigFileEncoding encoding = ConfigFileCodec.Detect(bytes, displayPath, out int bomLength);
            var lines = new List<Line>();
            int crlf = 0, lf = 0, cr = 0;
            string? firstEnding = null;
            int start = bomLength;
            int i = bomLength;
            while (i < bytes.Length)
            {
                byte b = bytes[i];
                if (b != (byte)'\n' && b != (byte)'\r')
                {
                    i++;
                    continue;
                }

                string ending;
                if (b == (byte)'\r' && i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n')
                {
                    ending = "\r\n";
                    crlf++;
                }
                else if (b == (byte)'\n')
                {
                    ending = "\n";
                    lf++;
                }
                else
                {
                    ending = "\r";
                    cr++;
                }

                firstEnding ??= ending;
                lines.Add(Line.FromBytes(bytes, start, i - start, ending, encoding));
                i += ending.Length;
                start = i;
            }

            if (start < bytes.Length)
            {
                lines.Add(Line.FromBytes(bytes, start, bytes.Length - start, string.Empty, encoding));
            }

            string newLine = DominantEnding(crlf, lf, cr, firstEnding) ?? defaultNewLine;
            byte[] preamble = new byte[bomLength];
            Array.Copy(bytes, preamble, bomLength);
            return new ConfigFileText(encoding, preamble, lines, newLine);
        }

        /// <summary>An empty UTF-8 file (no byte order mark) whose lines will end with <paramref name="newLine"/>.</summary>
        public static ConfigFileText CreateEmpty(string newLine) =>
            new ConfigFileText(ConfigFileEncoding.Utf8, Array.Empty<byte>(), new List<Line>(), newLine);

        /// <summary>Replaces the text of one line; its line ending stays.</summary>
        public void Replace(int index, string text)
        {
            Line line = lines[index];
            if (line.Text == text && line.Raw != null)
            {
                return;
            }

            ConfigFileCodec.Encode(text, Encoding); // fail now, naming the text, if the file's encoding cannot hold it
            lines[index] = new Line(null, text, line.Ending);
            IsModified = true;
        }

        /// <summary>
        /// Inserts a line before <paramref name="index"/> (Count appends). A file without a final line ending keeps
        /// that shape: the previous last line gets a line ending and the appended line has none.
        /// </summary>
        public void Insert(int index, string text)
        {
            if (index < 0 || index > lines.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            ConfigFileCodec.Encode(text, Encoding);
            string ending = NewLine;
            if (index == lines.Count && lines.Count > 0 && lines[lines.Count - 1].Ending.Length == 0)
            {
                Line last = lines[lines.Count - 1];
                lines[lines.Count - 1] = last.WithEnding(NewLine);
                ending = string.Empty;
            }

            lines.Insert(index, new Line(null, text, ending));
            IsModified = true;
        }

        /// <summary>Removes one line. Removing the last line of a file without a final line ending keeps that shape.</summary>
        public void RemoveAt(int index)
        {
            bool wasUnterminatedLast = index == lines.Count - 1 && lines[index].Ending.Length == 0;
            lines.RemoveAt(index);
            if (wasUnterminatedLast && lines.Count > 0)
            {
                Line last = lines[lines.Count - 1];
                lines[lines.Count - 1] = last.WithEnding(string.Empty);
            }

            IsModified = true;
        }

        /// <summary>The bytes of the file: untouched lines exactly as read, changed lines in the file's encoding.</summary>
        public byte[] ToBytes()
        {
            using (var output = new MemoryStream())
            {
                output.Write(preamble, 0, preamble.Length);
                foreach (Line line in lines)
                {
                    byte[] content = line.Raw ?? ConfigFileCodec.Encode(line.Text, Encoding);
                    output.Write(content, 0, content.Length);
                    byte[] ending = System.Text.Encoding.ASCII.GetBytes(line.Ending);
                    output.Write(ending, 0, ending.Length);
                }

                return output.ToArray();
            }
        }

        private static string? DominantEnding(int crlf, int lf, int cr, string? first)
        {
            if (first == null)
            {
                return null;
            }

            int best = Math.Max(crlf, Math.Max(lf, cr));
            int firstCount = first == "\r\n" ? crlf : first == "\n" ? lf : cr;
            if (firstCount == best)
            {
                return first;
            }

            return crlf == best ? "\r\n" : lf == best ? "\n" : "\r";
        }

        private sealed class Line
        {
            public Line(byte[]? raw, string text, string ending)
            {
                Raw = raw;
                Text = text;
                Ending = ending;
            }

            /// <summary>The original content bytes (without the line ending); null once the line was changed.</summary>
            public byte[]? Raw { get; }

            public string Text { get; }

            public string Ending { get; }

            public static Line FromBytes(byte[] bytes, int start, int count, string ending, ConfigFileEncoding encoding)
            {
                var raw = new byte[count];
                Array.Copy(bytes, start, raw, 0, count);
                return new Line(raw, ConfigFileCodec.Decode(bytes, start, count, encoding), ending);
            }

            public Line WithEnding(string ending) => new Line(Raw, Text, ending);
        }
    }
}
