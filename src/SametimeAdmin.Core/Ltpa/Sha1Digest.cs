using System;
using System.Runtime.CompilerServices;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// SHA-1 (FIPS 180-4) in managed code for the short inputs of the token formats (user data of some dozen bytes,
    /// a 20-byte digest): one to three blocks cost less here than the platform's per-call hash context (native
    /// context set-up and a call out per hash, more than the compression itself). The input is public token data.
    /// </summary>
    internal static class Sha1Digest
    {
        public const int Size = 20;

        public static byte[] Hash(byte[] data) => Hash(data, 0, data.Length);

        public static byte[] Hash(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            uint[] state = { 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0 };
            uint[] w = new uint[16];
            int blocks = count / 64;
            for (int b = 0; b < blocks; b++)
            {
                Compress(state, w, data, offset + (64 * b));
            }

            // The rest, 0x80, zeros and the length in bits (big-endian) fill one or two final blocks.
            int rest = count - (64 * blocks);
            byte[] tail = new byte[rest < 56 ? 64 : 128];
            Buffer.BlockCopy(data, offset + (64 * blocks), tail, 0, rest);
            tail[rest] = 0x80;
            ulong bits = (ulong)count * 8;
            for (int i = 0; i < 8; i++)
            {
                tail[tail.Length - 1 - i] = (byte)(bits >> (8 * i));
            }

            for (int start = 0; start < tail.Length; start += 64)
            {
                Compress(state, w, tail, start);
            }

            // The password-derived key of a key file is hashed here too: no copy of the input stays behind.
            Array.Clear(tail, 0, tail.Length);
            Array.Clear(w, 0, w.Length);
            byte[] digest = new byte[Size];
            for (int i = 0; i < 5; i++)
            {
                digest[4 * i] = (byte)(state[i] >> 24);
                digest[(4 * i) + 1] = (byte)(state[i] >> 16);
                digest[(4 * i) + 2] = (byte)(state[i] >> 8);
                digest[(4 * i) + 3] = (byte)state[i];
            }

            return digest;
        }

#if NET8_0_OR_GREATER
        // Optimized from the first call: a cmdlet often hashes only a few blocks in its whole run.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
        private static void Compress(uint[] state, uint[] w, byte[] block, int start)
        {
            for (int i = 0; i < 16; i++)
            {
                int at = start + (4 * i);
                w[i] = ((uint)block[at] << 24) | ((uint)block[at + 1] << 16) | ((uint)block[at + 2] << 8) | block[at + 3];
            }

            uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
            for (int t = 0; t < 80; t++)
            {
                uint word;
                if (t < 16)
                {
                    word = w[t];
                }
                else
                {
                    // The message schedule in a 16-word ring: w[t] = rotl1(w[t-3] ^ w[t-8] ^ w[t-14] ^ w[t-16]).
                    uint x = w[(t - 3) & 15] ^ w[(t - 8) & 15] ^ w[(t - 14) & 15] ^ w[t & 15];
                    word = (x << 1) | (x >> 31);
                    w[t & 15] = word;
                }

                uint f, k;
                if (t < 20)
                {
                    f = (b & c) | (~b & d);
                    k = 0x5A827999;
                }
                else if (t < 40)
                {
                    f = b ^ c ^ d;
                    k = 0x6ED9EBA1;
                }
                else if (t < 60)
                {
                    f = (b & c) | (b & d) | (c & d);
                    k = 0x8F1BBCDC;
                }
                else
                {
                    f = b ^ c ^ d;
                    k = 0xCA62C1D6;
                }

                uint temp = ((a << 5) | (a >> 27)) + f + e + k + word;
                e = d;
                d = c;
                c = (b << 30) | (b >> 2);
                b = a;
                a = temp;
            }

            state[0] += a;
            state[1] += b;
            state[2] += c;
            state[3] += d;
            state[4] += e;
        }
    }
}
