using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// Finds the lines of a log file that contain one of a few markers, in one pass and constant memory: the file is
    /// read in 1 MiB blocks of whole lines, the markers are searched in each block with the runtime's vectorised search
    /// (<see cref="LogMarkerSearch"/>), and only the lines that hold a marker are decoded. For large files the blocks
    /// are searched ahead on other threads (a few blocks at most) while the caller reads the lines of the current one,
    /// in file order. A caller that needs the line after a hit (a wrapped continuation) sets <see cref="AlsoNextLine"/>.
    /// UTF-16 files fall back to reading every line.
    /// </summary>
    public sealed class LogScanner : IDisposable
    {
        internal const int ChunkSize = 1024 * 1024;
        private const int HeadSearchLimit = 64 * 1024;

        /// <summary>Blocks searched ahead of the one being read when the search runs on other threads.</summary>
        private const int SearchAhead = 4;

        /// <summary>Smaller files are searched on the reading thread: starting threads would cost more than it saves.</summary>
        private const long ParallelFrom = 8L * ChunkSize;

        private readonly Stream stream;
        private readonly LogLineReader? textFallback;
        private readonly LogMarker[] markers;
        private readonly LogMarkerSearch search;
        private readonly bool parallel;
        private readonly Queue<LogBlock> ahead = new Queue<LogBlock>();
        private readonly Stack<byte[]> spare = new Stack<byte[]>();

        // Reading: the bytes after the last whole line of a block wait in the next block's buffer.
        private byte[]? carried;
        private int carriedLength;
        private bool endOfStream;
        private bool readingDone;
        private bool skippingOverlong;

        // The block whose lines are being returned.
        private LogBlock? block;
        private int chunkEnd;
        private int hitIndex;
        private long linesBeforeBlock;
        private int lastLineIndex;
        private int consumedUpTo;
        private int lastLineEnd = -1;
        private bool nextFromChunkStart;
        private string? previousChunkHead;
        private int currentLineStart;
        private string? lastTextHead;
        private string? lastTextLine;
        private CancellationToken cancellation;

        private LogScanner(string path, Stream stream, LogLineReader? textFallback, IEnumerable<LogMarker> markers, LogScanMode mode)
        {
            Path = path;
            this.stream = stream;
            this.textFallback = textFallback;
            this.markers = markers.ToArray();
            search = new LogMarkerSearch(this.markers);
            parallel = mode == LogScanMode.ParallelBlocks
                || (mode == LogScanMode.Auto && Environment.ProcessorCount > 1 && stream.Length >= ParallelFrom);
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

        /// <summary>How many chunks were read so far (the caller reports progress when it changes).</summary>
        public int Chunks { get; private set; }

        /// <summary>Searches with the portable (netstandard2.0) search even on .NET 8 (the tests compare both).</summary>
        internal bool PortableSearch
        {
            get => search.Portable;
            set => search.Portable = value;
        }

        public static LogScanner Open(string path, IEnumerable<LogMarker> markers, CancellationToken cancellationToken = default) =>
            Open(path, markers, LogScanMode.Auto, cancellationToken);

        internal static LogScanner Open(string path, IEnumerable<LogMarker> markers, LogScanMode mode, CancellationToken cancellationToken = default)
        {
            var stream = LogLineReader.OpenStream(path, out var utf16);
            var lines = utf16 != null || mode == LogScanMode.LineByLine ? new LogLineReader(path, stream, utf16) : null;
            return new LogScanner(path, stream, lines, markers, mode) { cancellation = cancellationToken };
        }

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
                byte[] buffer = block!.Data;
                int start = end > 0 ? Array.LastIndexOf(buffer, (byte)'\n', end - 1, end) + 1 : 0;
                if (LooksLikeHead(buffer, start, end))
                {
                    return Decode(buffer, start, end);
                }

                end = start - 1;
            }

            return end <= 0 ? previousChunkHead : null;
        }

        public void Dispose()
        {
            // Blocks searched ahead only touch their own buffers; let them finish before the file goes away.
            foreach (var waiting in ahead)
            {
                try
                {
                    waiting.Searching?.Wait();
                }
                catch (AggregateException)
                {
                    // The scanner is being closed: a failed search of a block nobody reads changes nothing.
                }
            }

            ahead.Clear();
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
                        return LineAt(next, lastLineIndex + 1);
                    }
                }

                if (nextFromChunkStart && chunkEnd > 0 && hitIndex == 0 && consumedUpTo == 0)
                {
                    nextFromChunkStart = false;
                    return LineAt(0, 0);
                }

                if (block != null)
                {
                    int[] starts = block.Starts;
                    while (hitIndex < starts.Length)
                    {
                        int start = starts[hitIndex];
                        int index = block.LineIndexes[hitIndex++];
                        if (start >= consumedUpTo)
                        {
                            return LineAt(start, index);
                        }
                    }
                }

                if (!LoadChunk())
                {
                    return null;
                }
            }
        }

        private string LineAt(int start, int lineIndex)
        {
            byte[] buffer = block!.Data;
            int found = Array.IndexOf(buffer, (byte)'\n', start, chunkEnd - start);
            int end = found >= 0 ? found : chunkEnd;
            LineNumber = linesBeforeBlock + lineIndex + 1;
            lastLineIndex = lineIndex;
            consumedUpTo = end + 1;
            lastLineEnd = end;
            currentLineStart = start;
            return Decode(buffer, start, end);
        }

        private string Decode(byte[] buffer, int start, int end)
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

        private static bool LooksLikeHead(byte[] buffer, int start, int end)
        {
            if (end - start < 9)
            {
                return false;
            }

            byte first = buffer[start];
            return first == (byte)'[' || (first >= (byte)'0' && first <= (byte)'9') || (buffer[start + 1] == (byte)' ' && first >= (byte)'A' && first <= (byte)'Z');
        }

        /// <summary>Moves to the next block of whole lines, searched. False at the end of the file.</summary>
        private bool LoadChunk()
        {
            cancellation.ThrowIfCancellationRequested();
            Chunks++;
            if (block != null)
            {
                FinishChunk();
            }

            while (!readingDone && ahead.Count < (parallel ? SearchAhead : 1))
            {
                var read = ReadBlock();
                if (read == null)
                {
                    readingDone = true;
                    break;
                }

                search.Learn(read.Data, read.End);
                if (parallel)
                {
                    read.Searching = Task.Run(() => read.Search(search));
                }

                ahead.Enqueue(read);
            }

            if (ahead.Count == 0)
            {
                chunkEnd = 0;
                return false;
            }

            var next = ahead.Dequeue();
            if (next.Searching != null)
            {
                next.Searching.GetAwaiter().GetResult();
            }
            else
            {
                next.Search(search);
            }

            block = next;
            linesBeforeBlock += next.SkippedLinesBefore;
            chunkEnd = next.End;
            hitIndex = 0;
            consumedUpTo = 0;
            lastLineEnd = -1;
            return true;
        }

        private void FinishChunk()
        {
            // The head a continuation at the start of the next block belongs to.
            currentLineStart = chunkEnd;
            previousChunkHead = HeadOfLastLine() ?? previousChunkHead;
            linesBeforeBlock += block!.LineFeeds;
            spare.Push(block.Data);
            block = null;
            chunkEnd = 0;
            currentLineStart = 0;
        }

        private byte[] Rent() => spare.Count > 0 ? spare.Pop() : new byte[ChunkSize];

        /// <summary>Reads the next block of whole lines; null at the end of the file. Lines longer than a block are counted and skipped.</summary>
        private LogBlock? ReadBlock()
        {
            byte[] buffer = carried ?? Rent();
            int dataEnd = carriedLength;
            carried = null;
            carriedLength = 0;
            long skipped = 0;
            while (true)
            {
                if (endOfStream && dataEnd == 0)
                {
                    spare.Push(buffer);
                    return null;
                }

                if (!endOfStream && dataEnd < buffer.Length)
                {
                    int read = stream.Read(buffer, dataEnd, buffer.Length - dataEnd);
                    if (read <= 0)
                    {
                        // An empty file, or nothing after the last block: no last line without a line break.
                        endOfStream = true;
                        continue;
                    }
                    else
                    {
                        dataEnd += read;
                        continue;
                    }
                }

                if (skippingOverlong)
                {
                    int newline = Array.IndexOf(buffer, (byte)'\n', 0, dataEnd);
                    if (newline < 0)
                    {
                        dataEnd = 0;
                        continue;
                    }

                    skippingOverlong = false;
                    skipped++;
                    Buffer.BlockCopy(buffer, newline + 1, buffer, 0, dataEnd - newline - 1);
                    dataEnd -= newline + 1;
                    continue;
                }

                int lastNewline = dataEnd > 0 ? Array.LastIndexOf(buffer, (byte)'\n', dataEnd - 1, dataEnd) : -1;
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

                int end = lastNewline >= 0 ? lastNewline + 1 : dataEnd;
                if (lastNewline < 0 || (endOfStream && end < dataEnd))
                {
                    // The file ends without a line break: the rest is the last line.
                    end = dataEnd;
                    EndedWithoutLineBreak = true;
                }

                if (end < dataEnd)
                {
                    carried = Rent();
                    carriedLength = dataEnd - end;
                    Buffer.BlockCopy(buffer, end, carried, 0, carriedLength);
                }

                return new LogBlock(buffer, end, skipped);
            }
        }
    }
}
