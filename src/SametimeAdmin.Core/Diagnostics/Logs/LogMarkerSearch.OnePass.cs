#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// The .NET 8 search: all keys in one pass over the block, a vector of positions at a time (64 with AVX-512, else 32).
    /// A position is a candidate when some key's first byte is there and its last byte at the key's length (the pair
    /// the runtime's own substring search looks for); candidates are compared in full and confirmed, and after a hit
    /// the rest of its line is skipped.
    /// </summary>
    internal sealed partial class LogMarkerSearch
    {
        /// <summary>Keys the one-pass search holds in registers (the SSO reader has five); more are searched key by key.</summary>
        private const int KeysInOnePass = 5;

        private interface ILanes<TVector>
            where TVector : struct
        {
            static abstract int Count { get; }

            static abstract TVector Create(byte value);

            static abstract TVector Load(ref byte at);

            /// <summary>The lanes where <paramref name="first"/> is at the position and <paramref name="last"/> <paramref name="lastAt"/> bytes on.</summary>
            static abstract TVector Pair(TVector here, TVector first, ref byte at, nuint lastAt, TVector last);

            static abstract TVector Or(TVector x, TVector y);

            static abstract ulong Bits(TVector lanes);
        }

        /// <summary>Uses 32-byte vectors even where 64-byte ones are fast (the tests compare both).</summary>
        internal bool NarrowVectors { get; set; }

        private bool OnePassApplies => !Portable && keys.Length > 0 && keys.Length <= KeysInOnePass && Vector256.IsHardwareAccelerated;

        /// <summary>Adds the starts of the lines of data[0, end) holding a marker, ascending and each once.</summary>
        private void FindInOnePass(byte[] data, int end, List<int> starts)
        {
            if (Vector512.IsHardwareAccelerated && !NarrowVectors)
            {
                FindInOnePass<Lanes512, Vector512<byte>>(data, end, starts);
            }
            else
            {
                FindInOnePass<Lanes256, Vector256<byte>>(data, end, starts);
            }
        }

        private void FindInOnePass<TLanes, TVector>(byte[] data, int end, List<int> starts)
            where TLanes : ILanes<TVector>
            where TVector : struct
        {
            // Fewer than five keys are padded with the last one: a repeated key finds nothing new.
            Key Slot(int k) => keys[Math.Min(k, keys.Length - 1)];
            Key k0 = Slot(0), k1 = Slot(1), k2 = Slot(2), k3 = Slot(3), k4 = Slot(4);
            TVector f0 = TLanes.Create(k0.First), l0 = TLanes.Create(k0.Last);
            TVector f1 = TLanes.Create(k1.First), l1 = TLanes.Create(k1.Last);
            TVector f2 = TLanes.Create(k2.First), l2 = TLanes.Create(k2.Last);
            TVector f3 = TLanes.Create(k3.First), l3 = TLanes.Create(k3.Last);
            TVector f4 = TLanes.Create(k4.First), l4 = TLanes.Create(k4.Last);
            nuint o0 = k0.LastAt, o1 = k1.LastAt, o2 = k2.LastAt, o3 = k3.LastAt, o4 = k4.LastAt;

            ref byte origin = ref MemoryMarshal.GetArrayDataReference(data);
            int position = 0;

            // Every load of the vector loop stays below end: the last one starts at most longestKey - 1 bytes further.
            int vectorEnd = end - TLanes.Count - longestKey + 1;
            while (position <= vectorEnd)
            {
                ref byte at = ref Unsafe.Add(ref origin, position);
                TVector here = TLanes.Load(ref at);
                ulong bits = TLanes.Bits(TLanes.Or(
                    TLanes.Or(TLanes.Or(TLanes.Pair(here, f0, ref at, o0, l0), TLanes.Pair(here, f1, ref at, o1, l1)), TLanes.Or(TLanes.Pair(here, f2, ref at, o2, l2), TLanes.Pair(here, f3, ref at, o3, l3))),
                    TLanes.Pair(here, f4, ref at, o4, l4)));
                int next = position + TLanes.Count;
                while (bits != 0)
                {
                    int candidate = position + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    if (MarkerAt(data, candidate, end))
                    {
                        next = AddLine(data, candidate, end, starts);
                        break;
                    }
                }

                position = next;
            }

            // The last bytes, too few for a vector with the longest key's reach, one by one.
            for (; position < end; position++)
            {
                if (MarkerAt(data, position, end))
                {
                    position = AddLine(data, position, end, starts) - 1;
                }
            }
        }

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
            public static Vector256<byte> Create(byte value) => Vector256.Create(value);

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<byte> Load(ref byte at) => Vector256.LoadUnsafe(ref at);

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<byte> Pair(Vector256<byte> here, Vector256<byte> first, ref byte at, nuint lastAt, Vector256<byte> last) =>
                Vector256.Equals(here, first) & Vector256.Equals(Vector256.LoadUnsafe(ref at, lastAt), last);

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<byte> Or(Vector256<byte> x, Vector256<byte> y) => x | y;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static ulong Bits(Vector256<byte> lanes) => lanes.ExtractMostSignificantBits();
        }

        private readonly struct Lanes512 : ILanes<Vector512<byte>>
        {
            public static int Count => Vector512<byte>.Count;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<byte> Create(byte value) => Vector512.Create(value);

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<byte> Load(ref byte at) => Vector512.LoadUnsafe(ref at);

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<byte> Pair(Vector512<byte> here, Vector512<byte> first, ref byte at, nuint lastAt, Vector512<byte> last) =>
                Vector512.Equals(here, first) & Vector512.Equals(Vector512.LoadUnsafe(ref at, lastAt), last);

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<byte> Or(Vector512<byte> x, Vector512<byte> y) => x | y;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static ulong Bits(Vector512<byte> lanes) => lanes.ExtractMostSignificantBits();
        }
    }
}
#endif
