using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// One block of whole lines of a log file and what the search found in it: the start of each line holding a marker
    /// and its line index in the block, and the number of line feeds. A block is searched on its own (on another core
    /// for large files) and only read by the scanner afterwards.
    /// </summary>
    internal sealed class LogBlock
    {
        private readonly List<int> found = new List<int>();
        private readonly List<int> foundIndexes = new List<int>();

        public LogBlock(byte[] data, int end, long skippedLinesBefore)
        {
            Data = data;
            End = end;
            SkippedLinesBefore = skippedLinesBefore;
        }

        public byte[] Data { get; }

        /// <summary>The end of the block's whole lines (its last line feed + 1, or the file's end).</summary>
        public int End { get; }

        /// <summary>Lines too long for a block that were skipped between the block before and this one.</summary>
        public long SkippedLinesBefore { get; }

        /// <summary>The starts of the lines that hold a marker, ascending, without repeats.</summary>
        public int[] Starts { get; private set; } = Array.Empty<int>();

        /// <summary>The 0-based index in the block of the line starting at the same index of <see cref="Starts"/>.</summary>
        public int[] LineIndexes { get; private set; } = Array.Empty<int>();

        public int LineFeeds { get; private set; }

        /// <summary>The search running on another thread, if the block was handed to one.</summary>
        public Task? Searching { get; set; }

        public void Search(LogMarkerSearch search)
        {
            found.Clear();
            foundIndexes.Clear();
            int feeds = search.FindLineStarts(Data, End, found, foundIndexes);
            if (feeds >= 0)
            {
                // The search numbered the lines as it went.
                Starts = found.ToArray();
                LineIndexes = foundIndexes.ToArray();
                LineFeeds = feeds;
                return;
            }

            found.Sort();
            var starts = new List<int>(found.Count);
            foreach (int start in found)
            {
                if (starts.Count == 0 || starts[starts.Count - 1] != start)
                {
                    starts.Add(start);
                }
            }

            var indexes = new int[starts.Count];
            int line = 0;
            int counted = 0;
            for (int i = 0; i < starts.Count; i++)
            {
                line += search.CountLineFeeds(Data, counted, starts[i]);
                counted = starts[i];
                indexes[i] = line;
            }

            LineFeeds = line + search.CountLineFeeds(Data, counted, End);
            Starts = starts.ToArray();
            LineIndexes = indexes;
        }
    }
}
