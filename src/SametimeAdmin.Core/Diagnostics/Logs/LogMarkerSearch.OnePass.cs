#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// The .NET 8 search on x86: all keys in one pass over the block, a vector of positions at a time (64 with AVX-512,
    /// else 32). A position is a candidate when its byte and the next are the first two bytes of some key; both are
    /// looked up at once for all keys by their low and high halves in 16-entry tables (a shuffle each), one bit per
    /// group of keys, which costs a few instructions per vector however many keys there are. Candidates are compared in
    /// full and confirmed, and after a hit the rest of its line is skipped.
    /// </summary>
    internal sealed partial class LogMarkerSearch
    {
        /// <summary>Keys share the eight bits of a table entry in turn; a shared bit only lets more candidates through.</summary>
        private const int Groups = 8;

        private int shortestKey;
        private Vector128<byte> lowFirst;
        private Vector128<byte> highFirst;
        private Vector128<byte> lowSecond;
        private Vector128<byte> highSecond;

        private interface ILanes<TVector>
            where TVector : struct
        {
            static abstract int Count { get; }

            static abstract TVector Create(byte value);

            static abstract TVector Load(ref byte at);

            /// <summary>One bit per lane equal to <paramref name="value"/>'s.</summary>
            static abstract ulong Matches(TVector lanes, TVector value);

            /// <summary>The groups of keys whose first byte is each lane's byte (the tables repeated in every 16 bytes).</summary>
            static abstract TVector Lookup(TVector bytes, TVector lowTable, TVector highTable);

            static abstract TVector Widen(Vector128<byte> table);

            static abstract TVector And(TVector x, TVector y);

            /// <summary>One bit per lane that is not zero.</summary>
            static abstract ulong NonZero(TVector lanes);
        }

        /// <summary>Uses 32-byte vectors even where 64-byte ones are fast (the tests compare both).</summary>
        internal bool NarrowVectors { get; set; }

        private bool OnePassApplies => !Portable && keys.Length > 0 && shortestKey >= 2 && Avx2.IsSupported;

        /// <summary>The tables of the first and second bytes of the keys (key k sets bit k mod 8).</summary>
        private void BuildTables()
        {
            shortestKey = keys.Length == 0 ? 0 : keys.Min(k => k.Bytes.Length);
            byte[] lowFirstBytes = new byte[16], highFirstBytes = new byte[16], lowSecondBytes = new byte[16], highSecondBytes = new byte[16];
            for (int k = 0; k < keys.Length && shortestKey >= 2; k++)
            {
                byte bit = (byte)(1 << (k % Groups));
                byte first = keys[k].Bytes[0];
                byte second = keys[k].Bytes[1];
                lowFirstBytes[first & 0x0F] |= bit;
                highFirstBytes[first >> 4] |= bit;
                lowSecondBytes[second & 0x0F] |= bit;
                highSecondBytes[second >> 4] |= bit;
            }

            lowFirst = Vector128.Create(lowFirstBytes);
            highFirst = Vector128.Create(highFirstBytes);
            lowSecond = Vector128.Create(lowSecondBytes);
            highSecond = Vector128.Create(highSecondBytes);
        }

        /// <summary>
        /// Adds the starts of the lines of data[0, end) holding a marker, ascending and each once, and their line indexes;
        /// returns the line feeds of data[0, end). The line feeds are counted from the vectors the search loads anyway, so
        /// numbering the lines costs no second pass over the block.
        /// </summary>
        private int FindInOnePass(byte[] data, int end, List<int> starts, List<int>? lineIndexes)
        {
            if (Vector512.IsHardwareAccelerated && Avx512BW.IsSupported && !NarrowVectors)
            {
                return FindInOnePass<Lanes512, Vector512<byte>>(data, end, starts, lineIndexes);
            }

            return FindInOnePass<Lanes256, Vector256<byte>>(data, end, starts, lineIndexes);
        }

        // Optimised from the first call: a log is read once, often in a process that runs little else this long (a
        // PowerShell session), and the unoptimised first version of this loop calls every vector operation.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private int FindInOnePass<TLanes, TVector>(byte[] data, int end, List<int> starts, List<int>? lineIndexes)
            where TLanes : ILanes<TVector>
            where TVector : struct
        {
            TVector lf = TLanes.Widen(lowFirst), hf = TLanes.Widen(highFirst), ls = TLanes.Widen(lowSecond), hs = TLanes.Widen(highSecond);
            TVector lineFeed = TLanes.Create((byte)'\n');
            ref byte origin = ref MemoryMarshal.GetArrayDataReference(data);
            int position = 0;
            int feeds = 0; // in data[0, position)

            // Every load of the vector loop stays below end: the second one starts a byte further.
            int vectorEnd = end - TLanes.Count - 1;
            while (position <= vectorEnd)
            {
                ref byte at = ref Unsafe.Add(ref origin, position);
                TVector here = TLanes.Load(ref at);
                ulong feedBits = TLanes.Matches(here, lineFeed);
                ulong bits = TLanes.NonZero(TLanes.And(
                    TLanes.Lookup(here, lf, hf),
                    TLanes.Lookup(TLanes.Load(ref Unsafe.Add(ref at, 1)), ls, hs)));
                int next = position + TLanes.Count;
                int feedsBefore = feeds;
                feeds += BitOperations.PopCount(feedBits);
                while (bits != 0)
                {
                    int candidate = position + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    if (MarkerAt(data, candidate, end))
                    {
                        // No line feed lies between the line's start and the marker: its index is the feeds before the marker.
                        feeds = feedsBefore + BitOperations.PopCount(feedBits & ((1UL << (candidate - position)) - 1));
                        lineIndexes?.Add(feeds);
                        next = AddLine(data, candidate, end, starts);
                        if (data[next - 1] == (byte)'\n')
                        {
                            feeds++;
                        }

                        break;
                    }
                }

                position = next;
            }

            // The last bytes, too few for a vector and the byte after it, one by one.
            while (position < end)
            {
                if (MarkerAt(data, position, end))
                {
                    lineIndexes?.Add(feeds);
                    position = AddLine(data, position, end, starts);
                    if (data[position - 1] == (byte)'\n')
                    {
                        feeds++;
                    }
                }
                else
                {
                    if (data[position] == (byte)'\n')
                    {
                        feeds++;
                    }

                    position++;
                }
            }

            return feeds;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private bool MarkerAt(byte[] data, int at, int end)
        {
            foreach (var key in keys)
            {
                if (key.StartsAt(data, at, end) && key.ConfirmAt(data, at, end))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Adds the start of the line holding data[at]; returns where the next line starts.</summary>
        private static int AddLine(byte[] data, int at, int end, List<int> starts)
        {
            starts.Add(new ReadOnlySpan<byte>(data, 0, at).LastIndexOf((byte)'\n') + 1);
            int lineEnd = new ReadOnlySpan<byte>(data, at, end - at).IndexOf((byte)'\n');
            return lineEnd < 0 ? end : at + lineEnd + 1;
        }

        private readonly struct Lanes256 : ILanes<Vector256<byte>>
        {
            public static int Count => Vector256<byte>.Count;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<byte> Load(ref byte at) => Vector256.LoadUnsafe(ref at);

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<byte> Create(byte value) => Vector256.Create(value);

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static ulong Matches(Vector256<byte> lanes, Vector256<byte> value) => Vector256.Equals(lanes, value).ExtractMostSignificantBits();

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<byte> Lookup(Vector256<byte> bytes, Vector256<byte> lowTable, Vector256<byte> highTable)
            {
                var nibble = Vector256.Create((byte)0x0F);
                var high = Vector256.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte() & nibble;
                return Avx2.Shuffle(lowTable, bytes & nibble) & Avx2.Shuffle(highTable, high);
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<byte> Widen(Vector128<byte> table) => Vector256.Create(table, table);

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<byte> And(Vector256<byte> x, Vector256<byte> y) => x & y;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static ulong NonZero(Vector256<byte> lanes) => ~Vector256.Equals(lanes, Vector256<byte>.Zero).ExtractMostSignificantBits() & 0xFFFF_FFFFUL;
        }

        private readonly struct Lanes512 : ILanes<Vector512<byte>>
        {
            public static int Count => Vector512<byte>.Count;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<byte> Load(ref byte at) => Vector512.LoadUnsafe(ref at);

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<byte> Create(byte value) => Vector512.Create(value);

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static ulong Matches(Vector512<byte> lanes, Vector512<byte> value) => Vector512.Equals(lanes, value).ExtractMostSignificantBits();

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<byte> Lookup(Vector512<byte> bytes, Vector512<byte> lowTable, Vector512<byte> highTable)
            {
                var nibble = Vector512.Create((byte)0x0F);
                var high = Vector512.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte() & nibble;
                return Avx512BW.Shuffle(lowTable, bytes & nibble) & Avx512BW.Shuffle(highTable, high);
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<byte> Widen(Vector128<byte> table) => Vector512.Create(Vector256.Create(table, table), Vector256.Create(table, table));

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<byte> And(Vector512<byte> x, Vector512<byte> y) => x & y;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static ulong NonZero(Vector512<byte> lanes) => ~Vector512.Equals(lanes, Vector512<byte>.Zero).ExtractMostSignificantBits();
        }
    }
}
#endif
