using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// Finds the lines of a log file that contain one of a few markers, in one pass and constant memory: the file is
    /// read in 1 MiB chunks, each marker's anchor byte is searched with Array.IndexOf (vectorised by the runtime),
    /// and only the lines that hold a marker are decoded. Line numbers are counted as the scanner goes. A caller that
    /// needs the line after a hit (a wrapped continuation) sets <see cref="AlsoNextLine"/>.
    /// UTF-16 files fall back to reading every line.
    /// </summary>
    public sealed class LogScanner : IDisposable
    {
        private const int ChunkSize = 1024 * 1024;
        private const int HeadSearchLimit = 64 * 1024;

        private readonly Stream stream;
        private readonly LogLineReader? textFallback;
        private readonly LogMarker[] markers;
        private readonly byte[][] anchors;
        private readonly byte[] buffer = new byte[ChunkSize];
        private readonly List<int> hits = new List<int>();
        private int dataEnd;
        private int chunkEnd;
        private int hitIndex;
        private int countedPos;
        private long linesBeforeCounted;
        private int consumedUpTo;
        private int lastLineEnd = -1;
        private bool nextFromChunkStart;
        private bool endOfStream;
        private bool skippingOverlong;
        private string? previousChunkHead;
        private int currentLineStart;
        private string? lastTextHead;
        private string? lastTextLine;
        private CancellationToken cancellation;

        private LogScanner(string path, Stream stream, LogLineReader? textFallback, IEnumerable<LogMarker> markers)
        {
            Path = path;
            this.stream = stream;
            this.textFallback = textFallback;
            this.markers = markers.ToArray();
            anchors = this.markers.Select(m => m.Anchor).Distinct().Select(a => new[] { a }).ToArray();
        }

        public string Path { get; }

        /// <summary>The number of the line last returned (1-based).</summary>
        public long LineNumber { get; private set; }

        /// <summary>When set, the next call also returns the line right after the last one, marker or not.</summary>
        public bool AlsoNextLine { get; set; }

        public long Position => textFallback?.Position ?? stream.Position;

        public long Length => stream.Length;

        public long OverlongLines { get; private set; }

        public long BinaryLines { get; private set; }

        public bool EndedWithoutLineBreak { get; private set; }

        public static LogScanner Open(string path, IEnumerable<LogMarker> markers, CancellationToken cancellationToken = default)
        {
            var stream = LogLineReader.OpenStream(path, out var utf16);
            return new LogScanner(path, stream, utf16 == null ? null : new LogLineReader(path, stream, utf16), markers) { cancellation = cancellationToken };
        }

        /// <summary>How many chunks were read so far (the caller reports progress when it changes).</summary>
        public int Chunks { get; private set; }

        /// <summary>The next line that holds a marker (or the line after the last one, see <see cref="AlsoNextLine"/>); null at the end.</summary>
        public string? Next()
        {
            try
            {
                return textFallback != null ? NextText() : NextBytes();
            }
            catch (IOException ex)
            {
                throw LogLineReader.ReadFailure(Path, LineNumber, ex);
            }
        }

        /// <summary>The closest line at or before the last one returned that starts like a time stamp (its record's head).</summary>
        public string? HeadOfLastLine()
        {
            if (textFallback != null)
            {
                return lastTextHead;
            }

            int end = currentLineStart - 1;
            while (end > 0 && currentLineStart - end < HeadSearchLimit)
            {
                int start = end > 0 ? Array.LastIndexOf(buffer, (byte)'\n', end - 1, end) + 1 : 0;
                if (LooksLikeHead(start, end))
                {
                    return Decode(start, end);
                }

                end = start - 1;
            }

            return end <= 0 ? previousChunkHead : null;
        }

        public void Dispose()
        {
            textFallback?.Dispose();
            stream.Dispose();
        }

        private string? NextText()
        {
            if (lastTextLine != null && LogTimeParser.MayStartWithTimestamp(lastTextLine))
            {
                lastTextHead = lastTextLine;
            }

            string? line;
            bool wanted = AlsoNextLine;
            AlsoNextLine = false;
            while ((line = textFallback!.ReadLine()) != null)
            {
                if ((textFallback.LineNumber & 0x3FFF) == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                    Chunks++;
                }

                LineNumber = textFallback.LineNumber;
                bool hit = wanted || markers.Any(m => line.IndexOf(m.Text, StringComparison.Ordinal) >= 0);
                if (hit)
                {
                    lastTextLine = line;
                    return line;
                }

                if (LogTimeParser.MayStartWithTimestamp(line))
                {
                    lastTextHead = line;
                }
            }

            OverlongLines = textFallback.OverlongLines;
            BinaryLines = textFallback.BinaryLines;
            EndedWithoutLineBreak = textFallback.EndedWithoutLineBreak;
            return null;
        }

        private string? NextBytes()
        {
            bool wanted = AlsoNextLine;
            AlsoNextLine = false;
            while (true)
            {
                if (wanted)
                {
                    wanted = false;
                    int next = lastLineEnd + 1;
                    if (next >= chunkEnd && chunkEnd > 0)
                    {
                        nextFromChunkStart = true;
                    }
                    else if (next >= consumedUpTo && next < chunkEnd)
                    {
                        return LineAt(next);
                    }
                }

                if (nextFromChunkStart && chunkEnd > 0 && hitIndex == 0 && consumedUpTo == 0)
                {
                    nextFromChunkStart = false;
                    return LineAt(0);
                }

                while (hitIndex < hits.Count)
                {
                    int start = hits[hitIndex++];
                    if (start >= consumedUpTo)
                    {
                        return LineAt(start);
                    }
                }

                if (!LoadChunk())
                {
                    return null;
                }
            }
        }

        private string LineAt(int start)
        {
            int found = Array.IndexOf(buffer, (byte)'\n', start, chunkEnd - start);
            int end = found >= 0 ? found : chunkEnd;
            CountLinesBefore(start);
            LineNumber = linesBeforeCounted + 1;
            consumedUpTo = end + 1;
            lastLineEnd = end;
            currentLineStart = start;
            return Decode(start, end);
        }

        /// <summary>Counts the line breaks between the last counted position and <paramref name="limit"/>.</summary>
        private void CountLinesBefore(int limit)
        {
            while (countedPos < limit)
            {
                int newline = Array.IndexOf(buffer, (byte)'\n', countedPos, limit - countedPos);
                if (newline < 0)
                {
                    break;
                }

                linesBeforeCounted++;
                countedPos = newline + 1;
            }
        }

        private string Decode(int start, int end)
        {
            int length = end - start;
            if (length > 0 && buffer[end - 1] == (byte)'\r')
            {
                length--;
            }

            string text = LogLineReader.DecodeLine(buffer, start, length, out bool binary);
            if (binary)
            {
                BinaryLines++;
            }

            return text;
        }

        private bool LooksLikeHead(int start, int end)
        {
            if (end - start < 9)
            {
                return false;
            }

            byte first = buffer[start];
            return first == (byte)'[' || (first >= (byte)'0' && first <= (byte)'9') || (buffer[start + 1] == (byte)' ' && first >= (byte)'A' && first <= (byte)'Z');
        }

        /// <summary>Moves to the next chunk of whole lines and finds its hits. False at the end of the file.</summary>
        private bool LoadChunk()
        {
            cancellation.ThrowIfCancellationRequested();
            Chunks++;
            if (chunkEnd > 0)
            {
                FinishChunk();
            }

            while (true)
            {
                if (endOfStream && dataEnd == 0)
                {
                    chunkEnd = 0;
                    return false;
                }

                if (!endOfStream && dataEnd < buffer.Length)
                {
                    int read = stream.Read(buffer, dataEnd, buffer.Length - dataEnd);
                    if (read <= 0)
                    {
                        endOfStream = true;
                    }
                    else
                    {
                        dataEnd += read;
                        continue;
                    }
                }

                int lastNewline = dataEnd > 0 ? Array.LastIndexOf(buffer, (byte)'\n', dataEnd - 1, dataEnd) : -1;
                if (skippingOverlong)
                {
                    int newline = Array.IndexOf(buffer, (byte)'\n', 0, dataEnd);
                    if (newline < 0)
                    {
                        dataEnd = 0;
                        continue;
                    }

                    skippingOverlong = false;
                    linesBeforeCounted++;
                    Shift(newline + 1);
                    continue;
                }

                if (lastNewline < 0 && dataEnd == buffer.Length)
                {
                    // A "line" longer than the buffer is binary junk or a broken file: count it and skip it.
                    OverlongLines++;
                    skippingOverlong = true;
                    dataEnd = 0;
                    continue;
                }

                if (lastNewline < 0 && !endOfStream)
                {
                    continue;
                }

                chunkEnd = lastNewline >= 0 ? lastNewline + 1 : dataEnd;
                if (lastNewline < 0 || (endOfStream && chunkEnd < dataEnd))
                {
                    // The file ends without a line break: the rest is the last line.
                    chunkEnd = dataEnd;
                    EndedWithoutLineBreak = true;
                }

                FindHits();
                return true;
            }
        }

        private void FinishChunk()
        {
            // Lines of the chunk not yet counted, and the head a continuation at the start of the next chunk belongs to.
            CountLinesBefore(chunkEnd);

            currentLineStart = chunkEnd;
            previousChunkHead = HeadOfLastLine() ?? previousChunkHead;
            Shift(chunkEnd);
            chunkEnd = 0;
        }

        private void Shift(int from)
        {
            Array.Copy(buffer, from, buffer, 0, dataEnd - from);
            dataEnd -= from;
            countedPos = 0;
            consumedUpTo = 0;
            lastLineEnd = -1;
            hitIndex = 0;
            hits.Clear();
        }

        private void FindHits()
        {
            hits.Clear();
            hitIndex = 0;
            foreach (byte[] anchor in anchors)
            {
                byte value = anchor[0];
                int position = 0;
                while (position < chunkEnd && (position = Array.IndexOf(buffer, value, position, chunkEnd - position)) >= 0)
                {
                    if (MarkerAt(position, value))
                    {
                        int lineStart = position > 0 ? Array.LastIndexOf(buffer, (byte)'\n', position - 1, position) + 1 : 0;
                        hits.Add(lineStart);
                        int lineEnd = Array.IndexOf(buffer, (byte)'\n', position, chunkEnd - position);
                        position = lineEnd < 0 ? chunkEnd : lineEnd + 1;
                    }
                    else
                    {
                        position++;
                    }
                }
            }

            if (anchors.Length > 1)
            {
                hits.Sort();
            }
        }

        private bool MarkerAt(int position, byte anchor)
        {
            foreach (var marker in markers)
            {
                if (marker.Anchor != anchor)
                {
                    continue;
                }

                int start = position - marker.AnchorIndex;
                byte[] bytes = marker.Bytes;
                if (start < 0 || start + bytes.Length > chunkEnd)
                {
                    continue;
                }

                int i = 0;
                while (i < bytes.Length && buffer[start + i] == bytes[i])
                {
                    i++;
                }

                if (i == bytes.Length)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
