#if NET8_0_OR_GREATER
using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// The same operation with AVX2: 26-bit limbs in 64-bit lanes, so four 26x26-bit products are one vpmuludq and
    /// sums of up to 2^11 products need no carry handling (the 64-bit limb code spends most of its time on carries).
    /// Montgomery multiplication word by word with R = 2^(26*limbs) &gt; 4n, so results stay below 2n without a
    /// subtraction between steps. Rows are taken four at a time: the four Montgomery factors come from a scalar
    /// computation of the four lowest lanes, then one pass over the accumulator adds all eight row products (each
    /// operand kept in four copies shifted by 0-3 lanes, so every load and store is at a whole-vector offset and the
    /// accumulator never moves).
    /// </summary>
    internal sealed partial class RsaPublicOperation
    {
        private const int LimbBits = 26;
        private const ulong LimbMask = (1UL << LimbBits) - 1;

        private VectorForm? vector;

        /// <summary>True where the AVX2 form runs (x86-64 processors from 2013 on).</summary>
        internal static bool IsVectorized => Avx2.IsSupported;

        /// <summary>The modulus and constants in 26-bit limbs; null without AVX2.</summary>
        private sealed class VectorForm
        {
            public VectorForm(BigInteger n, ulong inverse, int modulusBits)
            {
                // 26*limbs >= bits + 2 gives R > 4n; a multiple of 4 limbs fills whole vectors.
                int limbs = (modulusBits + 2 + LimbBits - 1) / LimbBits;
                limbs = (limbs + 3) & ~3;
                Limbs = limbs;
                Modulus = ToLimbs26(n, limbs);
                RSquared = ToLimbs26((BigInteger.One << (2 * LimbBits * limbs)) % n, limbs);
                ModulusShifted = Shifted(Modulus);
                Inverse = inverse & LimbMask;
                ModulusBigEndian = LtpaCrypto.ToFixed(n, (modulusBits + 7) / 8);
            }

            public byte[] ModulusBigEndian { get; }

            public int Limbs { get; }

            public ulong[] Modulus { get; }

            /// <summary>Four copies of the modulus, copy q starting q lanes into a row of limbs + 4 lanes.</summary>
            public ulong[] ModulusShifted { get; }

            public ulong[] RSquared { get; }

            /// <summary>-n^-1 mod 2^26.</summary>
            public ulong Inverse { get; }
        }

        /// <summary>value^e mod n by the AVX2 form; same contract as <see cref="Apply(byte[])"/>.</summary>
        /// <remarks>
        /// Compiled optimized on first use (here and in <see cref="MultiplyVector"/>): unoptimized vector code is
        /// many times slower than the platform's RSA, and a cmdlet often verifies a single token.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal byte[]? ApplyVector(byte[] value)
        {
            VectorForm form = vector ?? throw new PlatformNotSupportedException("AVX2 is not available.");
            if (value == null || value.Length > ModulusBytes || !IsBelowModulus(value))
            {
                return null;
            }

            int limbs = form.Limbs;
            Span<ulong> x = stackalloc ulong[limbs];
            Span<ulong> xMont = stackalloc ulong[limbs];
            Span<ulong> acc = stackalloc ulong[limbs];
            BytesToLimbs26(value, x);
            MultiplyVector(form, x, form.RSquared, xMont);
            xMont.CopyTo(acc);
            int bits = (exponent.Length * 8) - LeadingZeros(exponent[0]);
            for (int bit = bits - 2; bit >= 0; bit--)
            {
                MultiplyVector(form, acc, acc, acc);
                if (bit == 0)
                {
                    MultiplyVector(form, acc, x, acc);
                }
                else if ((exponent[exponent.Length - 1 - (bit >> 3)] & (1 << (bit & 7))) != 0)
                {
                    MultiplyVector(form, acc, xMont, acc);
                }
            }

            SubtractModulusOnce(form.Modulus, acc);
            byte[] result = new byte[ModulusBytes];
            Limbs26ToBytes(acc, result);
            return result;
        }

        /// <summary>True when the unsigned big-endian value (at most <see cref="ModulusBytes"/> long) is below n.</summary>
        private bool IsBelowModulus(byte[] value)
        {
            // The modulus has no leading zero byte, so a shorter value is smaller.
            return value.Length < ModulusBytes || new ReadOnlySpan<byte>(value).SequenceCompareTo(vector!.ModulusBigEndian) < 0;
        }

        private void BuildVectorForm(BigInteger n, int modulusBits)
        {
            if (Avx2.IsSupported)
            {
                vector = new VectorForm(n, inverse, modulusBits);
            }
        }

        /// <summary>
        /// result = a*b/R, below 2n for a and b below 2n, in normalized limbs. result may be a or b (both are read
        /// before it is written).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void MultiplyVector(VectorForm form, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result)
        {
            int limbs = form.Limbs;
            int width = limbs + 4;
            Span<ulong> aShifted = stackalloc ulong[4 * width];
            aShifted.Clear();
            for (int q = 0; q < 4; q++)
            {
                a.CopyTo(aShifted.Slice((q * width) + q));
            }

            // Lane k holds the coefficient of 2^(26k); row i makes lane i divisible by 2^26 and carries it on.
            Span<ulong> t = stackalloc ulong[2 * limbs];
            t.Clear();
            ref ulong a0 = ref MemoryMarshal.GetReference(aShifted);
            ref ulong a1 = ref Unsafe.Add(ref a0, width);
            ref ulong a2 = ref Unsafe.Add(ref a0, 2 * width);
            ref ulong a3 = ref Unsafe.Add(ref a0, 3 * width);
            ref ulong m0 = ref MemoryMarshal.GetArrayDataReference(form.ModulusShifted);
            ref ulong m1 = ref Unsafe.Add(ref m0, width);
            ref ulong m2 = ref Unsafe.Add(ref m0, 2 * width);
            ref ulong m3 = ref Unsafe.Add(ref m0, 3 * width);
            ulong[] n = form.Modulus;
            ulong n0 = n[0], n1 = n[1], n2 = n[2], n3 = n[3];
            ulong x0 = a[0], x1 = a[1], x2 = a[2], x3 = a[3];
            ulong inv = form.Inverse;
            ulong carry = 0;
            nuint end = (nuint)limbs;
            for (int i = 0; i < limbs; i += 4)
            {
                ref ulong row = ref Unsafe.Add(ref MemoryMarshal.GetReference(t), i);
                ulong b0 = b[i], b1 = b[i + 1], b2 = b[i + 2], b3 = b[i + 3];

                // The four low lanes in scalar code: each factor depends on the one before, so this is the critical path.
                ulong lane = row + (x0 * b0) + carry;
                ulong q0 = (lane * inv) & LimbMask;
                carry = (lane + (q0 * n0)) >> LimbBits;
                lane = Unsafe.Add(ref row, 1) + (x1 * b0) + (x0 * b1) + (q0 * n1) + carry;
                ulong q1 = (lane * inv) & LimbMask;
                carry = (lane + (q1 * n0)) >> LimbBits;
                lane = Unsafe.Add(ref row, 2) + (x2 * b0) + (x1 * b1) + (x0 * b2) + (q0 * n2) + (q1 * n1) + carry;
                ulong q2 = (lane * inv) & LimbMask;
                carry = (lane + (q2 * n0)) >> LimbBits;
                lane = Unsafe.Add(ref row, 3) + (x3 * b0) + (x2 * b1) + (x1 * b2) + (x0 * b3) + (q0 * n3) + (q1 * n2) + (q2 * n1) + carry;
                ulong q3 = (lane * inv) & LimbMask;
                carry = (lane + (q3 * n0)) >> LimbBits;

                Vector256<uint> vb0 = Vector256.Create(b0).AsUInt32(), vb1 = Vector256.Create(b1).AsUInt32();
                Vector256<uint> vb2 = Vector256.Create(b2).AsUInt32(), vb3 = Vector256.Create(b3).AsUInt32();
                Vector256<uint> vq0 = Vector256.Create(q0).AsUInt32(), vq1 = Vector256.Create(q1).AsUInt32();
                Vector256<uint> vq2 = Vector256.Create(q2).AsUInt32(), vq3 = Vector256.Create(q3).AsUInt32();
                for (nuint j = 4; j <= end; j += 4)
                {
                    Vector256<ulong> sum0 = Vector256.LoadUnsafe(ref row, j)
                        + Avx2.Multiply(Vector256.LoadUnsafe(ref a0, j).AsUInt32(), vb0)
                        + Avx2.Multiply(Vector256.LoadUnsafe(ref m0, j).AsUInt32(), vq0);
                    Vector256<ulong> sum1 = Avx2.Multiply(Vector256.LoadUnsafe(ref a1, j).AsUInt32(), vb1)
                        + Avx2.Multiply(Vector256.LoadUnsafe(ref m1, j).AsUInt32(), vq1);
                    Vector256<ulong> sum2 = Avx2.Multiply(Vector256.LoadUnsafe(ref a2, j).AsUInt32(), vb2)
                        + Avx2.Multiply(Vector256.LoadUnsafe(ref m2, j).AsUInt32(), vq2)
                        + Avx2.Multiply(Vector256.LoadUnsafe(ref a3, j).AsUInt32(), vb3)
                        + Avx2.Multiply(Vector256.LoadUnsafe(ref m3, j).AsUInt32(), vq3);
                    (sum0 + sum1 + sum2).StoreUnsafe(ref row, j);
                }
            }

            // The upper half is the result; the carry out of the last row belongs to its lowest lane.
            for (int j = 0; j < limbs; j++)
            {
                ulong v = t[limbs + j] + carry;
                result[j] = v & LimbMask;
                carry = v >> LimbBits;
            }
        }

        /// <summary>value - n when value (normalized, below 2n) is at least n.</summary>
        private static void SubtractModulusOnce(ulong[] n, Span<ulong> value)
        {
            for (int j = n.Length - 1; j >= 0; j--)
            {
                if (value[j] != n[j])
                {
                    if (value[j] < n[j])
                    {
                        return;
                    }

                    break;
                }
            }

            long borrow = 0;
            for (int j = 0; j < n.Length; j++)
            {
                long d = (long)value[j] - (long)n[j] + borrow;
                value[j] = (ulong)d & LimbMask;
                borrow = d >> LimbBits;
            }
        }

        private static ulong[] Shifted(ulong[] limbs)
        {
            int width = limbs.Length + 4;
            ulong[] result = new ulong[4 * width];
            for (int q = 0; q < 4; q++)
            {
                Array.Copy(limbs, 0, result, (q * width) + q, limbs.Length);
            }

            return result;
        }

        private static ulong[] ToLimbs26(BigInteger value, int limbs)
        {
            ulong[] result = new ulong[limbs];
            BytesToLimbs26(LtpaCrypto.ToFixed(value, ((limbs * LimbBits) + 7) / 8), result);
            return result;
        }

        /// <summary>Unsigned big-endian bytes to 26-bit little-endian limbs (the value must fit).</summary>
        private static void BytesToLimbs26(ReadOnlySpan<byte> bigEndian, Span<ulong> limbs)
        {
            limbs.Clear();
            ulong pending = 0;
            int pendingBits = 0, k = 0;
            for (int i = bigEndian.Length - 1; i >= 0; i--)
            {
                pending |= (ulong)bigEndian[i] << pendingBits;
                pendingBits += 8;
                if (pendingBits >= LimbBits)
                {
                    limbs[k++] = pending & LimbMask;
                    pending >>= LimbBits;
                    pendingBits -= LimbBits;
                }
            }

            if (pendingBits > 0 && pending != 0)
            {
                limbs[k] = pending;
            }
        }

        private static void Limbs26ToBytes(ReadOnlySpan<ulong> limbs, Span<byte> bigEndian)
        {
            ulong pending = 0;
            int pendingBits = 0, k = 0;
            for (int i = bigEndian.Length - 1; i >= 0; i--)
            {
                if (pendingBits < 8)
                {
                    pending |= (k < limbs.Length ? limbs[k++] : 0) << pendingBits;
                    pendingBits += LimbBits;
                }

                bigEndian[i] = (byte)pending;
                pending >>= 8;
                pendingBits -= 8;
            }
        }
    }
}
#endif
