using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// Finds the lines of a block of log bytes that hold one of a set of markers. Markers that share text are searched
    /// as one key ("SSO API> -" and "SSO API> Decoding" by "SSO API>"; the four "...Token..." markers by "Token"), and
    /// every key hit is confirmed against the whole markers it stands for. On .NET 8 on x86 all keys are looked for in one
    /// vectorised pass over the block (LogMarkerSearch.OnePass.cs), elsewhere key by key with the runtime's vectorised
    /// substring search; the portable search (netstandard2.0) passes over
    /// the block once per key, looking for the key's rarest byte with Array.IndexOf and comparing the rest. Both give the same lines.
    /// </summary>
    internal sealed partial class LogMarkerSearch
    {
        /// <summary>Shorter common text is not worth a key of its own: it would match far more lines than the markers.</summary>
        private const int MinKeyLength = 4;

        private readonly Key[] keys;
        private bool learned;

        public LogMarkerSearch(IEnumerable<LogMarker> markers)
        {
            var texts = markers.Select(m => m.Text).Distinct(StringComparer.Ordinal).ToList();
            var keyTexts = MergeKeys(texts);
            keys = keyTexts.Select(k => new Key(k, texts.Where(t => t.IndexOf(k, StringComparison.Ordinal) >= 0).ToArray())).ToArray();
#if NET8_0_OR_GREATER
            BuildTables();
#endif
        }

        /// <summary>Uses the portable search even where the vectorised one exists (the tests compare both).</summary>
        public bool Portable { get; set; }

        internal IEnumerable<string> KeyTexts => keys.Select(k => k.Text);

        /// <summary>Picks each key's rarest byte (for the portable search) from the byte counts of the file's first block.</summary>
        public void Learn(byte[] data, int length)
        {
            if (learned)
            {
                return;
            }

            learned = true;
            var counts = new int[256];
            for (int i = 0; i < length; i++)
            {
                counts[data[i]]++;
            }

            foreach (var key in keys)
            {
                key.ChooseAnchor(counts);
            }
        }

        /// <summary>Adds the start of every line of data[0, end) that holds a marker to <paramref name="starts"/>, in no order; a line may be added more than once.</summary>
        public void FindLineStarts(byte[] data, int end, List<int> starts) => FindLineStarts(data, end, starts, null);

        /// <summary>
        /// As <see cref="FindLineStarts(byte[], int, List{int})"/>; where the search counts the line feeds as it goes (the
        /// one-pass search: then the starts are ascending and each there once), it adds each start's line index (the line
        /// feeds before it) to <paramref name="lineIndexes"/> and returns the line feeds of data[0, end), else -1.
        /// </summary>
        public int FindLineStarts(byte[] data, int end, List<int> starts, List<int>? lineIndexes)
        {
#if NET8_0_OR_GREATER
            if (OnePassApplies)
            {
                return FindInOnePass(data, end, starts, lineIndexes);
            }
#endif

            foreach (var key in keys)
            {
                int position = 0;
                while (position < end)
                {
                    int found = Find(key, data, position, end);
                    if (found < 0)
                    {
                        break;
                    }

                    if (key.ConfirmAt(data, found, end))
                    {
                        starts.Add(found > 0 ? Array.LastIndexOf(data, (byte)'\n', found - 1, found) + 1 : 0);
                        int lineEnd = Array.IndexOf(data, (byte)'\n', found, end - found);
                        position = lineEnd < 0 ? end : lineEnd + 1;
                    }
                    else
                    {
                        position = found + 1;
                    }
                }
            }

            return -1;
        }

        /// <summary>The number of line feeds in data[from, to).</summary>
        public int CountLineFeeds(byte[] data, int from, int to)
        {
            if (Portable)
            {
                return PortableCountLineFeeds(data, from, to);
            }

#if NET8_0_OR_GREATER
            return new ReadOnlySpan<byte>(data, from, to - from).Count((byte)'\n');
#else
            return PortableCountLineFeeds(data, from, to);
#endif
        }

        /// <summary>Eight bytes at a time: a byte of x ^ 0x0A.. is zero exactly where the byte was a line feed.</summary>
        private static int PortableCountLineFeeds(byte[] data, int from, int to)
        {
            const ulong Feeds = 0x0A0A0A0A0A0A0A0AUL;
            const ulong Low7 = 0x7F7F7F7F7F7F7F7FUL;
            int count = 0;
            int i = from;
            for (; i + 8 <= to; i += 8)
            {
                ulong y = BitConverter.ToUInt64(data, i) ^ Feeds;
                ulong zeros = ~(((y & Low7) + Low7) | y | Low7);
                if (zeros != 0)
                {
                    count += (int)(((zeros >> 7) * 0x0101010101010101UL) >> 56);
                }
            }

            for (; i < to; i++)
            {
                if (data[i] == (byte)'\n')
                {
                    count++;
                }
            }

            return count;
        }

        private int Find(Key key, byte[] data, int from, int end)
        {
            if (Portable)
            {
                return key.FindPortable(data, from, end);
            }

#if NET8_0_OR_GREATER
            int at = new ReadOnlySpan<byte>(data, from, end - from).IndexOf(key.Bytes);
            return at < 0 ? -1 : from + at;
#else
            return key.FindPortable(data, from, end);
#endif
        }

        /// <summary>
        /// The search keys: a text of at least <see cref="MinKeyLength"/> characters shared by markers stands for all the
        /// markers that hold it (the text shared by most markers first, then the longest), and a key that holds another
        /// key is dropped for it.
        /// </summary>
        private static List<string> MergeKeys(List<string> texts)
        {
            var result = new List<string>(texts);
            while (true)
            {
                result = result.Distinct(StringComparer.Ordinal).ToList();
                result.RemoveAll(k => result.Any(o => o.Length < k.Length && k.IndexOf(o, StringComparison.Ordinal) >= 0));
                string? best = null;
                int bestShared = 0;
                for (int i = 0; i < result.Count; i++)
                {
                    for (int j = i + 1; j < result.Count; j++)
                    {
                        // Spaces around shared text are left out: the vectorised search looks keys up by their first two bytes, and a space is in every line.
                        string common = LongestCommon(result[i], result[j]).Trim();
                        int shared = result.Count(k => k.IndexOf(common, StringComparison.Ordinal) >= 0);
                        if (common.Length >= MinKeyLength && (best == null || shared > bestShared || (shared == bestShared && common.Length > best.Length)))
                        {
                            best = common;
                            bestShared = shared;
                        }
                    }
                }

                if (best == null)
                {
                    return result;
                }

                string key = best;
                result.RemoveAll(k => k.IndexOf(key, StringComparison.Ordinal) >= 0);
                result.Add(key);
            }
        }

        private static string LongestCommon(string x, string y)
        {
            int bestLength = 0;
            int bestAt = 0;
            for (int i = 0; i < x.Length; i++)
            {
                for (int j = 0; j < y.Length; j++)
                {
                    int n = 0;
                    while (i + n < x.Length && j + n < y.Length && x[i + n] == y[j + n])
                    {
                        n++;
                    }

                    if (n > bestLength)
                    {
                        bestLength = n;
                        bestAt = i;
                    }
                }
            }

            return x.Substring(bestAt, bestLength);
        }

        private sealed class Key
        {
            private readonly byte[][] markers;
            private readonly int[] offsets;
            private int anchorIndex;

            public Key(string text, string[] markerTexts)
            {
                Text = text;
                Bytes = Encoding.ASCII.GetBytes(text);
                markers = markerTexts.Select(t => Encoding.ASCII.GetBytes(t)).ToArray();
                offsets = markerTexts.Select(t => t.IndexOf(text, StringComparison.Ordinal)).ToArray();
            }

            public string Text { get; }

            public byte[] Bytes { get; }

            public byte First => Bytes[0];

            public byte Last => Bytes[Bytes.Length - 1];

            public nuint LastAt => (nuint)(Bytes.Length - 1);

            public void ChooseAnchor(int[] counts)
            {
                for (int i = 1; i < Bytes.Length; i++)
                {
                    if (counts[Bytes[i]] < counts[Bytes[anchorIndex]])
                    {
                        anchorIndex = i;
                    }
                }
            }

            /// <summary>The first place at or after <paramref name="from"/> where the key starts, found by its anchor byte.</summary>
            public int FindPortable(byte[] data, int from, int end)
            {
                byte anchor = Bytes[anchorIndex];
                int position = from + anchorIndex;
                while (position < end && (position = Array.IndexOf(data, anchor, position, end - position)) >= 0)
                {
                    int start = position - anchorIndex;
                    if (StartsAt(data, start, end))
                    {
                        return start;
                    }

                    position++;
                }

                return -1;
            }

            public bool StartsAt(byte[] data, int at, int end) => at + Bytes.Length <= end && Same(data, at, Bytes);

            /// <summary>True when one of the key's markers lies around the key found at <paramref name="at"/>.</summary>
            public bool ConfirmAt(byte[] data, int at, int end)
            {
                for (int m = 0; m < markers.Length; m++)
                {
                    int start = at - offsets[m];
                    if (start >= 0 && start + markers[m].Length <= end && Same(data, start, markers[m]))
                    {
                        return true;
                    }
                }

                return false;
            }

            private static bool Same(byte[] data, int start, byte[] text)
            {
                for (int i = 0; i < text.Length; i++)
                {
                    if (data[start + i] != text[i])
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }
}
