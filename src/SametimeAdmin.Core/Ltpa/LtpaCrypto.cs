#pragma warning disable CA5350 // The LTPA formats fix SHA-1 and 3DES: interoperability with WebSphere, Liberty and Domino requires them.
using System;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace SametimeAdmin.Ltpa
{
    /// <summary>Small crypto and encoding helpers shared by the key file and the three token formats.</summary>
    internal static class LtpaCrypto
    {
#if !NET8_0_OR_GREATER
        [ThreadStatic]
        private static SHA256? sha256;
#endif

        public static readonly Encoding Latin1 = Encoding.GetEncoding(28591);

        public static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

        // SHA-1 in managed code: the token formats hash a few dozen bytes at a time (see Sha1Digest).
        public static byte[] Sha1(byte[] data) => Sha1Digest.Hash(data);

        public static byte[] Sha1(byte[] data, int offset, int count) => Sha1Digest.Hash(data, offset, count);

        /// <summary>SHA-1(SHA-1(data)), the digest LtpaToken2 signs.</summary>
        public static byte[] Sha1Twice(byte[] data) => Sha1Digest.Hash(Sha1Digest.Hash(data));

#if NET8_0_OR_GREATER
        public static byte[] Sha256(byte[] data) => SHA256.HashData(data);
#else
        public static byte[] Sha256(byte[] data) => (sha256 ??= SHA256.Create()).ComputeHash(data);
#endif

        /// <summary>"SHA256:" + unpadded Base64 of SHA-256 over the bytes (the ssh-keygen fingerprint style).</summary>
        public static string Fingerprint(byte[] data, int length = 32)
        {
            byte[] digest = Sha256(data);
            return "SHA256:" + Convert.ToBase64String(digest, 0, length).TrimEnd('=');
        }

        /// <summary>The parts one after the other. Callers holding secrets clear the result.</summary>
        public static byte[] Concat(params byte[][] parts)
        {
            int length = 0;
            foreach (byte[] part in parts)
            {
                length += part.Length;
            }

            byte[] result = new byte[length];
            int offset = 0;
            foreach (byte[] part in parts)
            {
                Buffer.BlockCopy(part, 0, result, offset, part.Length);
                offset += part.Length;
            }

            return result;
        }

#if NET8_0_OR_GREATER
        private const string Base64Characters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
        private static readonly System.Buffers.SearchValues<char> Base64Alphabet = System.Buffers.SearchValues.Create(Base64Characters);
        private static readonly System.Buffers.SearchValues<byte> Base64AlphabetBytes = System.Buffers.SearchValues.Create(Encoding.ASCII.GetBytes(Base64Characters));

        /// <summary>Longest text the fast path narrows on the stack (tokens and key file values are far shorter).</summary>
        private const int StackLimit = 2048;
#endif

        /// <summary>Strict standard Base64 (RFC 4648 alphabet, padding optional): null when the text is not Base64.</summary>
        public static byte[]? TryDecodeBase64(string text)
        {
            if (text.Length == 0)
            {
                return null;
            }

#if NET8_0_OR_GREATER
            // Tokens: narrowed to ASCII and decoded by the vectorised UTF-8 decoder; the character-by-character
            // decoder of Convert costs several times more. Non-ASCII text is not Base64 anyway.
            if (text.Length <= StackLimit)
            {
                Span<byte> ascii = stackalloc byte[text.Length + 3];
                if (System.Text.Ascii.FromUtf16(text, ascii, out int narrowed) == System.Buffers.OperationStatus.Done &&
                    TryDecodeBase64Strict(ascii, narrowed, out byte[]? fast))
                {
                    return fast;
                }
            }
#endif

            return TryDecodeBase64Lenient(text);
        }

        /// <summary>The same for Base64 text held as bytes (a field of a decrypted token): null when it is not Base64.</summary>
        public static byte[]? TryDecodeBase64(byte[] data, int offset, int count)
        {
#if NET8_0_OR_GREATER
            if (count > 0 && count <= StackLimit)
            {
                Span<byte> ascii = stackalloc byte[count + 3];
                new ReadOnlySpan<byte>(data, offset, count).CopyTo(ascii);
                if (TryDecodeBase64Strict(ascii, count, out byte[]? fast))
                {
                    return fast;
                }
            }
#endif

            return TryDecodeBase64Lenient(Latin1.GetString(data, offset, count));
        }

#if NET8_0_OR_GREATER
        /// <summary>
        /// Decides the common case: the first <paramref name="length"/> bytes of <paramref name="buffer"/> (which has 3
        /// spare bytes for padding) are Base64 whose unused bits are zero. False leaves the decision to the lenient path:
        /// Convert also accepts non-zero unused bits, and gives its answer (a value, or null) for everything else.
        /// </summary>
        private static bool TryDecodeBase64Strict(Span<byte> buffer, int length, out byte[]? result)
        {
            result = null;
            ReadOnlySpan<byte> text = buffer.Slice(0, length);
            // The UTF-8 decoder skips white space, which the strict reading refuses: only the alphabet passes.
            if (text.IndexOfAnyExcept(Base64AlphabetBytes) >= 0)
            {
                return false;
            }

            int end = text.TrimEnd((byte)'=').Length;
            int padding = length - end;
            if (padding > 2 || text.Slice(0, end).Contains((byte)'=') || end % 4 == 1)
            {
                return false;
            }

            // Padding exactly to whole quanta: missing '=' added, extra ones after a whole quantum dropped.
            int padded = (end + 3) & ~3;
            buffer.Slice(end, padded - end).Fill((byte)'=');
            byte[] decoded = new byte[((end / 4) * 3) + ((end % 4) * 3 / 4)];
            if (System.Buffers.Text.Base64.DecodeFromUtf8(buffer.Slice(0, padded), decoded, out _, out int written) != System.Buffers.OperationStatus.Done ||
                written != decoded.Length)
            {
                return false;
            }

            result = decoded;
            return true;
        }
#endif

        /// <summary>The reading every input gets without the fast path (Convert, lenient about unused bits); internal for the tests.</summary>
        internal static byte[]? TryDecodeBase64Lenient(string text)
        {
            if (text.Length == 0)
            {
                return null;
            }

#if NET8_0_OR_GREATER
            // One vectorised scan instead of a test per character (a token is a few hundred characters).
            if (text.AsSpan().IndexOfAnyExcept(Base64Alphabet) >= 0)
            {
                return null;
            }

            int significant = text.Length - text.AsSpan().Count('=');
#else
            int significant = 0;
            foreach (char c in text)
            {
                bool valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
                if (valid)
                {
                    significant++;
                }
                else if (c != '=')
                {
                    return null;
                }
            }
#endif

            if (text.Length % 4 == 0 && (text.Length < 3 || text.IndexOf('=', 0, text.Length - 2) < 0))
            {
                try
                {
                    return Convert.FromBase64String(text);
                }
                catch (FormatException)
                {
                    return null;
                }
            }

            string trimmed = text.TrimEnd('=');
            if (trimmed.IndexOf('=') >= 0 || text.Length - trimmed.Length > 2 || significant % 4 == 1)
            {
                return null;
            }

            string padded = trimmed.PadRight(trimmed.Length + ((4 - (trimmed.Length % 4)) % 4), '=');
            try
            {
                return Convert.FromBase64String(padded);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        /// <summary>DESede/ECB/PKCS5Padding. Returns null when the padding is wrong (wrong key or damaged data).</summary>
        public static byte[]? TripleDesEcbDecrypt(byte[] key, byte[] data)
        {
            if (data.Length == 0 || data.Length % 8 != 0)
            {
                return null;
            }

            using (var des = CreateTripleDes(key, PaddingMode.None))
            using (var decryptor = des.CreateDecryptor())
            {
                byte[] raw = decryptor.TransformFinalBlock(data, 0, data.Length);
                try
                {
                    return StripPkcs7(raw, 8);
                }
                finally
                {
                    Array.Clear(raw, 0, raw.Length);
                }
            }
        }

        public static byte[] TripleDesEcbEncrypt(byte[] key, byte[] data)
        {
            using (var des = CreateTripleDes(key, PaddingMode.PKCS7))
            using (var encryptor = des.CreateEncryptor())
            {
                return encryptor.TransformFinalBlock(data, 0, data.Length);
            }
        }

        /// <summary>3DES-EDE in ECB mode. Decryption uses no padding and checks PKCS#5 itself, so a wrong key never throws.</summary>
        public static TripleDES CreateTripleDes(byte[] key, PaddingMode padding)
        {
            var des = TripleDES.Create();
            des.Mode = CipherMode.ECB;
            des.Padding = padding;
            try
            {
                des.Key = key;
            }
            catch (CryptographicException)
            {
                des.Dispose();
                throw new WeakKeyException();
            }

            return des;
        }

        /// <summary>Removes PKCS#5/#7 padding; null when it is not valid.</summary>
        public static byte[]? StripPkcs7(byte[] raw, int blockSize)
        {
            if (raw.Length == 0 || raw.Length % blockSize != 0)
            {
                return null;
            }

            int pad = raw[raw.Length - 1];
            if (pad < 1 || pad > blockSize)
            {
                return null;
            }

            for (int i = raw.Length - pad; i < raw.Length; i++)
            {
                if (raw[i] != pad)
                {
                    return null;
                }
            }

            byte[] result = new byte[raw.Length - pad];
            Buffer.BlockCopy(raw, 0, result, 0, result.Length);
            return result;
        }

        /// <summary>The password-derived 3DES key of a key file: SHA-1(password) followed by four zero bytes.</summary>
        public static byte[] PasswordKey(byte[] password)
        {
            byte[] digest = Sha1(password);
            byte[] key = new byte[24];
            Buffer.BlockCopy(digest, 0, key, 0, 20);
            Array.Clear(digest, 0, digest.Length);
            return key;
        }

        /// <summary>Unsigned big-endian bytes to a non-negative integer.</summary>
        public static BigInteger ToUnsigned(byte[] bigEndian, int offset, int count)
        {
            byte[] little = new byte[count + 1];
            for (int i = 0; i < count; i++)
            {
                little[i] = bigEndian[offset + count - 1 - i];
            }

            var value = new BigInteger(little);
            Array.Clear(little, 0, little.Length);
            return value;
        }

        public static BigInteger ToUnsigned(byte[] bigEndian) => ToUnsigned(bigEndian, 0, bigEndian.Length);

        /// <summary>A non-negative integer as unsigned big-endian bytes of exactly <paramref name="size"/> bytes (left-padded).</summary>
        public static byte[] ToFixed(BigInteger value, int size)
        {
            byte[] little = value.ToByteArray();
            int length = little.Length;
            while (length > 1 && little[length - 1] == 0)
            {
                length--;
            }

            if (length > size)
            {
                Array.Clear(little, 0, little.Length);
                throw new ArgumentOutOfRangeException(nameof(value), "The value does not fit.");
            }

            byte[] result = new byte[size];
            for (int i = 0; i < length; i++)
            {
                result[size - 1 - i] = little[i];
            }

            Array.Clear(little, 0, little.Length);
            return result;
        }

        /// <summary>Java BigInteger.toByteArray: minimal two's complement, big-endian (a leading 00 when the top bit is set).</summary>
        public static byte[] ToJavaBytes(BigInteger value)
        {
            byte[] little = value.ToByteArray();
            Array.Reverse(little);
            return little;
        }

        public static int BitLength(BigInteger value)
        {
            byte[] bytes = value.ToByteArray();
            int top = bytes.Length - 1;
            while (top > 0 && bytes[top] == 0)
            {
                top--;
            }

            int bits = top * 8;
            for (int b = bytes[top]; b != 0; b >>= 1)
            {
                bits++;
            }

            return bits;
        }

        public static bool FixedTimeEquals(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            int diff = 0;
            for (int i = 0; i < a.Length; i++)
            {
                diff |= a[i] ^ b[i];
            }

            return diff == 0;
        }

        public static void Clear(params byte[]?[] buffers)
        {
            foreach (byte[]? buffer in buffers)
            {
                if (buffer != null)
                {
                    Array.Clear(buffer, 0, buffer.Length);
                }
            }
        }
    }

    /// <summary>.NET refuses 3DES keys whose thirds repeat; LTPA keys never should, but a damaged file might.</summary>
    internal sealed class WeakKeyException : Exception
    {
        public WeakKeyException()
            : base("The 3DES key is weak (two of its three parts are equal).")
        {
        }

        public WeakKeyException(string message)
            : base(message)
        {
        }

        public WeakKeyException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
