using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// The RSA public operation s^e mod n in managed code: Montgomery multiplication on 64-bit limbs, a separate
    /// squaring, and e = 65537 taking 16 squarings and two multiplications; on .NET 8 or later with AVX2 the vector
    /// form in RsaPublicOperation.Vector.cs. Verifying a signature is this one operation plus a comparison with the
    /// expected encoding (ISO 9796-1 for LtpaToken, PKCS#1 v1.5 for LtpaToken2), without BouncyCastle and without
    /// the per-call set-up of the platform's RSA. Public data only, so it need not run in constant time.
    /// </summary>
    internal sealed partial class RsaPublicOperation
    {
        /// <summary>The DER DigestInfo prefix of a SHA-1 digest (RFC 8017, section 9.2, note 1).</summary>
        private static readonly byte[] Sha1DigestInfo = { 0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x05, 0x00, 0x04, 0x14 };

        private readonly ulong[] modulus;
        private readonly ulong[] rSquared;
        private readonly ulong inverse;
        private readonly byte[] exponent;
        private readonly int limbs;

        /// <param name="n">An odd modulus greater than 1.</param>
        /// <param name="e">An odd exponent of at least 3.</param>
        public RsaPublicOperation(BigInteger n, BigInteger e)
        {
            if (n <= 1 || n.IsEven)
            {
                throw new ArgumentOutOfRangeException(nameof(n), "The modulus must be odd and greater than 1.");
            }

            if (e < 3 || e.IsEven)
            {
                throw new ArgumentOutOfRangeException(nameof(e), "The exponent must be odd and at least 3.");
            }

            int bits = LtpaCrypto.BitLength(n);
            ModulusBytes = (bits + 7) / 8;
            limbs = (ModulusBytes + 7) / 8;
            modulus = ToLimbs(LtpaCrypto.ToFixed(n, ModulusBytes), limbs);
            rSquared = ToLimbs(LtpaCrypto.ToFixed((BigInteger.One << (128 * limbs)) % n, ModulusBytes), limbs);
            exponent = LtpaCrypto.ToFixed(e, (LtpaCrypto.BitLength(e) + 7) / 8);

            // -n^-1 mod 2^64 by Newton's iteration: each step doubles the correct low bits (n*n = 1 mod 8 to start).
            ulong x = modulus[0];
            for (int i = 0; i < 5; i++)
            {
                x *= 2 - (modulus[0] * x);
            }

            inverse = 0 - x;
#if NET8_0_OR_GREATER
            BuildVectorForm(n, bits);
#endif
        }

        public int ModulusBytes { get; }

        /// <summary>
        /// value^e mod n as <see cref="ModulusBytes"/> big-endian bytes; null when the value (unsigned big-endian) is
        /// longer than the modulus or not below it, which no valid signature is.
        /// </summary>
        public byte[]? Apply(byte[] value)
        {
#if NET8_0_OR_GREATER
            return vector != null ? ApplyVector(value) : Apply<NativeLimbMultiplier>(value);
#else
            return Apply<PortableLimbMultiplier>(value);
#endif
        }

        /// <summary>
        /// RSASSA-PKCS1-v1_5 verification of a SHA-1 digest (RFC 8017, 8.2.2): s^e mod n must be exactly
        /// 00 01 FF..FF 00 DigestInfo(SHA-1) digest. A signature shorter than the modulus is the same number
        /// left-trimmed; a longer one or one not below n is invalid.
        /// </summary>
        public bool VerifyPkcs1Sha1(byte[] digest, byte[] signature)
        {
            int k = ModulusBytes;
            int tail = Sha1DigestInfo.Length + 20;
            if (digest == null || digest.Length != 20 || signature == null || signature.Length == 0 || k < tail + 11)
            {
                return false;
            }

            byte[]? encoded = Apply(signature);
            if (encoded == null || encoded[0] != 0 || encoded[1] != 1 || encoded[k - tail - 1] != 0)
            {
                return false;
            }

            for (int i = 2; i < k - tail - 1; i++)
            {
                if (encoded[i] != 0xFF)
                {
                    return false;
                }
            }

            for (int i = 0; i < Sha1DigestInfo.Length; i++)
            {
                if (encoded[k - tail + i] != Sha1DigestInfo[i])
                {
                    return false;
                }
            }

            for (int i = 0; i < 20; i++)
            {
                if (encoded[k - 20 + i] != digest[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The operation with a given limb multiplier (the tests run both on every build).</summary>
        internal byte[]? Apply<TMultiplier>(byte[] value)
            where TMultiplier : struct, ILimbMultiplier
        {
            if (value == null || value.Length > ModulusBytes)
            {
                return null;
            }

            ulong[] x = ToLimbs(value, limbs);
            if (!IsBelow(x, modulus, limbs))
            {
                return null;
            }

            ulong[] scratch = new ulong[(2 * limbs) + 2];
            ulong[] xMont = new ulong[limbs];
            ulong[] acc = new ulong[limbs];
            Multiply<TMultiplier>(x, rSquared, xMont, scratch);
            Array.Copy(xMont, acc, limbs);

            // Left to right over the exponent bits below the top one; the last (e is odd) multiplies by plain x,
            // which leaves the Montgomery domain in the same step.
            int bits = (exponent.Length * 8) - LeadingZeros(exponent[0]);
            for (int bit = bits - 2; bit >= 0; bit--)
            {
                Square<TMultiplier>(acc, acc, scratch);
                if (bit == 0)
                {
                    Multiply<TMultiplier>(acc, x, acc, scratch);
                }
                else if ((exponent[exponent.Length - 1 - (bit >> 3)] & (1 << (bit & 7))) != 0)
                {
                    Multiply<TMultiplier>(acc, xMont, acc, scratch);
                }
            }

            return ToBytes(acc, ModulusBytes);
        }

        /// <summary>
        /// result = a*b/R mod n, adding a*b[i] and m*n in one pass per limb of b (the running sum stays below 2n, so
        /// s limbs and a top bit hold it). result may be a or b.
        /// </summary>
        private void Multiply<TMultiplier>(ulong[] a, ulong[] b, ulong[] result, ulong[] t)
            where TMultiplier : struct, ILimbMultiplier
        {
            TMultiplier mul = default;
            int s = limbs;
            ulong[] n = modulus;
            Array.Clear(t, 0, s + 1);
            for (int i = 0; i < s; i++)
            {
                ulong bi = b[i];
                ulong high = mul.MultiplyHigh(a[0], bi, out ulong low);
                ulong x = t[0] + low;
                ulong carryA = high + (x < low ? 1UL : 0UL);
                ulong m = x * inverse;
                high = mul.MultiplyHigh(m, n[0], out low);
                ulong y = x + low; // zero by the choice of m
                ulong carryN = high + (y < low ? 1UL : 0UL);
                for (int j = 1; j < s; j++)
                {
                    high = mul.MultiplyHigh(a[j], bi, out low);
                    low += carryA;
                    high += low < carryA ? 1UL : 0UL;
                    x = t[j] + low;
                    carryA = high + (x < low ? 1UL : 0UL);

                    high = mul.MultiplyHigh(m, n[j], out low);
                    low += carryN;
                    high += low < carryN ? 1UL : 0UL;
                    y = x + low;
                    carryN = high + (y < low ? 1UL : 0UL);
                    t[j - 1] = y;
                }

                x = t[s] + carryA;
                ulong top = x < carryA ? 1UL : 0UL;
                y = x + carryN;
                top += y < carryN ? 1UL : 0UL;
                t[s - 1] = y;
                t[s] = top;
            }

            Reduce(t, 0, t[s], result);
        }

        /// <summary>result = a*a/R mod n: the square (each cross product once, doubled) then Montgomery reduction.</summary>
        private void Square<TMultiplier>(ulong[] a, ulong[] result, ulong[] p)
            where TMultiplier : struct, ILimbMultiplier
        {
            TMultiplier mul = default;
            int s = limbs;
            ulong[] n = modulus;
            Array.Clear(p, 0, 2 * s);
            for (int i = 0; i < s - 1; i++)
            {
                ulong ai = a[i];
                ulong carry = 0;
                for (int j = i + 1; j < s; j++)
                {
                    ulong high = mul.MultiplyHigh(ai, a[j], out ulong low);
                    low += carry;
                    high += low < carry ? 1UL : 0UL;
                    ulong sum = p[i + j] + low;
                    high += sum < low ? 1UL : 0UL;
                    p[i + j] = sum;
                    carry = high;
                }

                p[i + s] = carry;
            }

            for (int k = (2 * s) - 1; k > 0; k--)
            {
                p[k] = (p[k] << 1) | (p[k - 1] >> 63);
            }

            p[0] <<= 1;
            ulong c = 0;
            for (int i = 0; i < s; i++)
            {
                ulong high = mul.MultiplyHigh(a[i], a[i], out ulong low);
                ulong x = p[2 * i] + low;
                ulong c1 = x < low ? 1UL : 0UL;
                ulong y = x + c;
                c1 += y < c ? 1UL : 0UL;
                p[2 * i] = y;
                ulong z = p[(2 * i) + 1] + high;
                ulong c2 = z < high ? 1UL : 0UL;
                ulong w = z + c1;
                c2 += w < c1 ? 1UL : 0UL;
                p[(2 * i) + 1] = w;
                c = c2;
            }

            // Montgomery reduction of the 2s-limb square; "extra" is the carry owed to the next top limb.
            ulong extra = 0;
            for (int i = 0; i < s; i++)
            {
                ulong m = p[i] * inverse;
                ulong carry = 0;
                for (int j = 0; j < s; j++)
                {
                    ulong high = mul.MultiplyHigh(m, n[j], out ulong low);
                    low += carry;
                    high += low < carry ? 1UL : 0UL;
                    ulong sum = p[i + j] + low;
                    high += sum < low ? 1UL : 0UL;
                    p[i + j] = sum;
                    carry = high;
                }

                ulong top = p[i + s] + carry;
                ulong overflow = top < carry ? 1UL : 0UL;
                ulong withExtra = top + extra;
                overflow += withExtra < extra ? 1UL : 0UL;
                p[i + s] = withExtra;
                extra = overflow;
            }

            Reduce(p, s, extra, result);
        }

        /// <summary>result = value - n when value (limbs at offset, plus a top bit) is at least n, else value; value &lt; 2n.</summary>
        private void Reduce(ulong[] value, int offset, ulong topBit, ulong[] result)
        {
            int s = limbs;
            bool subtract = topBit != 0 || !IsBelow(value, offset, modulus, s);
            if (!subtract)
            {
                Array.Copy(value, offset, result, 0, s);
                return;
            }

            ulong borrow = 0;
            for (int j = 0; j < s; j++)
            {
                ulong v = value[offset + j];
                ulong d = v - modulus[j];
                ulong b1 = v < modulus[j] ? 1UL : 0UL;
                ulong d2 = d - borrow;
                ulong b2 = d < borrow ? 1UL : 0UL;
                result[j] = d2;
                borrow = b1 | b2;
            }
        }

        private static bool IsBelow(ulong[] value, ulong[] limit, int count) => IsBelow(value, 0, limit, count);

        private static bool IsBelow(ulong[] value, int offset, ulong[] limit, int count)
        {
            for (int j = count - 1; j >= 0; j--)
            {
                ulong v = value[offset + j];
                if (v != limit[j])
                {
                    return v < limit[j];
                }
            }

            return false;
        }

        /// <summary>Unsigned big-endian bytes to little-endian 64-bit limbs.</summary>
        private static ulong[] ToLimbs(byte[] bigEndian, int count)
        {
            ulong[] result = new ulong[count];
            int length = bigEndian.Length;
            for (int i = 0; i < length; i++)
            {
                int fromEnd = length - 1 - i;
                result[fromEnd >> 3] |= (ulong)bigEndian[i] << ((fromEnd & 7) * 8);
            }

            return result;
        }

        private static byte[] ToBytes(ulong[] value, int length)
        {
            byte[] result = new byte[length];
            for (int fromEnd = 0; fromEnd < length; fromEnd++)
            {
                result[length - 1 - fromEnd] = (byte)(value[fromEnd >> 3] >> ((fromEnd & 7) * 8));
            }

            return result;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int LeadingZeros(byte value)
        {
            int zeros = 0;
            for (int mask = 0x80; mask != 0 && (value & mask) == 0; mask >>= 1)
            {
                zeros++;
            }

            return zeros;
        }
    }
}
