#if NET8_0_OR_GREATER
using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AesNi = System.Runtime.Intrinsics.X86.Aes;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// AES-128-CBC with the processor's AES instructions (AES-NI) for LtpaToken2: a token is a dozen blocks, and the
    /// platform's cipher object costs more per call (native transform, reset, copies) than the blocks themselves.
    /// The instructions run in constant time. The round keys are secret: <see cref="Dispose"/> clears them.
    /// </summary>
    internal sealed class AesCbc128 : IDisposable
    {
        private readonly Vector128<byte>[] encryptKeys = new Vector128<byte>[11];
        private readonly Vector128<byte>[] decryptKeys = new Vector128<byte>[11];
        private Vector128<byte> iv;

        /// <summary>True where the processor has AES-NI and SSE2 (x86-64).</summary>
        public static bool IsSupported => AesNi.IsSupported && Sse2.IsSupported;

        public AesCbc128(byte[] key, int keyOffset, byte[] iv, int ivOffset)
        {
            if (!IsSupported)
            {
                throw new PlatformNotSupportedException("AES-NI is not available.");
            }

            Vector128<byte> k = Vector128.Create(key.AsSpan(keyOffset, 16));
            this.iv = Vector128.Create(iv.AsSpan(ivOffset, 16));

            // FIPS 197 key expansion; KeygenAssist needs its round constant as an immediate.
            encryptKeys[0] = k;
            encryptKeys[1] = k = Expand(k, AesNi.KeygenAssist(k, 0x01));
            encryptKeys[2] = k = Expand(k, AesNi.KeygenAssist(k, 0x02));
            encryptKeys[3] = k = Expand(k, AesNi.KeygenAssist(k, 0x04));
            encryptKeys[4] = k = Expand(k, AesNi.KeygenAssist(k, 0x08));
            encryptKeys[5] = k = Expand(k, AesNi.KeygenAssist(k, 0x10));
            encryptKeys[6] = k = Expand(k, AesNi.KeygenAssist(k, 0x20));
            encryptKeys[7] = k = Expand(k, AesNi.KeygenAssist(k, 0x40));
            encryptKeys[8] = k = Expand(k, AesNi.KeygenAssist(k, 0x80));
            encryptKeys[9] = k = Expand(k, AesNi.KeygenAssist(k, 0x1B));
            encryptKeys[10] = Expand(k, AesNi.KeygenAssist(k, 0x36));

            // The equivalent inverse cipher: the round keys in reverse, the inner ones through InvMixColumns.
            decryptKeys[0] = encryptKeys[10];
            for (int i = 1; i < 10; i++)
            {
                decryptKeys[i] = AesNi.InverseMixColumns(encryptKeys[10 - i]);
            }

            decryptKeys[10] = encryptKeys[0];
        }

        /// <summary>CBC encryption with PKCS#7 padding (always at least one byte of it).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public byte[] EncryptPkcs7(byte[] plaintext)
        {
            int blocks = (plaintext.Length / 16) + 1;
            byte pad = (byte)((blocks * 16) - plaintext.Length);
            byte[] result = new byte[blocks * 16];
            Buffer.BlockCopy(plaintext, 0, result, 0, plaintext.Length);
            result.AsSpan(plaintext.Length).Fill(pad);
            Vector128<byte>[] rk = encryptKeys;
            Vector128<byte> chain = iv;
            for (int offset = 0; offset < result.Length; offset += 16)
            {
                Span<byte> block = result.AsSpan(offset, 16);
                Vector128<byte> x = Vector128.Create((ReadOnlySpan<byte>)block) ^ chain ^ rk[0];
                for (int round = 1; round < 10; round++)
                {
                    x = AesNi.Encrypt(x, rk[round]);
                }

                chain = AesNi.EncryptLast(x, rk[10]);
                chain.CopyTo(block);
            }

            return result;
        }

        /// <summary>CBC decryption of whole blocks, without removing padding.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public byte[] DecryptRaw(byte[] ciphertext)
        {
            if (ciphertext.Length % 16 != 0)
            {
                throw new ArgumentException("The ciphertext is not a whole number of blocks.", nameof(ciphertext));
            }

            byte[] result = new byte[ciphertext.Length];
            Vector128<byte>[] dk = decryptKeys;
            Vector128<byte> chain = iv;
            for (int offset = 0; offset < ciphertext.Length; offset += 16)
            {
                Vector128<byte> c = Vector128.Create(new ReadOnlySpan<byte>(ciphertext, offset, 16));
                Vector128<byte> x = c ^ dk[0];
                for (int round = 1; round < 10; round++)
                {
                    x = AesNi.Decrypt(x, dk[round]);
                }

                (AesNi.DecryptLast(x, dk[10]) ^ chain).CopyTo(result.AsSpan(offset, 16));
                chain = c;
            }

            return result;
        }

        public void Dispose()
        {
            Array.Clear(encryptKeys);
            Array.Clear(decryptKeys);
            iv = default;
        }

        private static Vector128<byte> Expand(Vector128<byte> key, Vector128<byte> assist)
        {
            assist = Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte();
            key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
            key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
            key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
            return key ^ assist;
        }
    }
}
#endif
