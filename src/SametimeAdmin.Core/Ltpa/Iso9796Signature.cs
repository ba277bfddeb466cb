using System;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using BcInteger = Org.BouncyCastle.Math.BigInteger;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// ISO/IEC 9796-1 signatures with message recovery over a SHA-1 digest, as WebSphere signs LtpaToken (version 1).
    /// BouncyCastle's ISO9796d1Encoding does the redundancy; the signature is min(s, n - s) as the standard requires,
    /// and verification accepts either J or n - J. Only APIs present since BouncyCastle 2.0 are used. Verifying with
    /// the 1024-bit keys LTPA uses builds the expected representative itself and needs only the public operation.
    /// </summary>
    internal static class Iso9796Signature
    {
        /// <summary>The nibble permutation of ISO/IEC 9796-1 (the "shadow" of each half byte).</summary>
        private static readonly byte[] Shadow = { 0xE, 0x3, 0x5, 0x8, 0x9, 0x4, 0x2, 0xF, 0x0, 0xD, 0xB, 0x6, 0x7, 0xA, 0xC, 0x1 };

        public static byte[] Sign(LtpaRsaKey key, byte[] digest)
        {
            BcInteger n = ToBc(key.Modulus);
            var parameters = new RsaPrivateCrtKeyParameters(n, ToBc(key.Exponent), ToBc(key.D), ToBc(key.P), ToBc(key.Q), ToBc(key.DP), ToBc(key.DQ), ToBc(key.InverseQ));
            var encoding = new ISO9796d1Encoding(new RsaEngine());
            encoding.Init(true, parameters);
            byte[] raw = encoding.ProcessBlock(digest, 0, digest.Length);
            var s = new BcInteger(1, raw);
            BcInteger other = n.Subtract(s);
            if (other.CompareTo(s) < 0)
            {
                s = other;
            }

            return LtpaCrypto.ToFixed(FromBc(s), key.ModulusBytes);
        }

        public static bool Verify(LtpaRsaKey key, byte[] digest, byte[] signature)
        {
            if (key.ModulusBytes == 128 && digest.Length == 20 && key.KeySize == 1024)
            {
                return VerifyRepresentative(key, digest, signature);
            }

            BcInteger n = ToBc(key.Modulus);
            var value = new BcInteger(1, signature);
            if (signature.Length == 0 || signature.Length > key.ModulusBytes || value.SignValue <= 0 || value.CompareTo(n) >= 0)
            {
                return false;
            }

            var encoding = new ISO9796d1Encoding(new RsaEngine());
            encoding.Init(false, new RsaKeyParameters(false, n, ToBc(key.Exponent)));
            try
            {
                byte[] recovered = encoding.ProcessBlock(signature, 0, signature.Length);
                return encoding.GetPadBits() == 0 && LtpaCrypto.FixedTimeEquals(recovered, digest);
            }
            catch (InvalidCipherTextException)
            {
                return false;
            }
            catch (DataLengthException)
            {
                return false;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (IndexOutOfRangeException)
            {
                return false;
            }
        }

        /// <summary>
        /// The 1023-bit representative I of a 20-byte digest for a 1024-bit modulus: the digest repeated in the odd
        /// bytes, the shadow of each byte before it, the length marker at byte 88, the top bits 01 and the last nibble 6.
        /// </summary>
        internal static byte[] Representative(byte[] digest)
        {
            byte[] value = new byte[128];
            for (int i = 0; i < 64; i++)
            {
                int j = 127 - (2 * i);
                byte b = digest[19 - (i % 20)];
                value[j] = b;
                value[j - 1] = (byte)((Shadow[b >> 4] << 4) | Shadow[b & 0x0F]);
            }

            value[88] ^= 0x01;
            value[0] = (byte)((value[0] & 0x7F) | 0x40);
            value[127] = (byte)(((value[127] << 4) & 0xFF) | 0x06);
            return value;
        }

        /// <summary>Valid iff J = s^e mod n equals I or n - J does (the signer sent min(s, n - s)); s must be in 1..n-1.</summary>
        private static bool VerifyRepresentative(LtpaRsaKey key, byte[] digest, byte[] signature)
        {
            if (signature.Length == 0 || Array.TrueForAll(signature, b => b == 0))
            {
                return false;
            }

            byte[]? recovered = key.PublicOperation.Apply(signature);
            if (recovered == null)
            {
                return false;
            }

            byte[] expected = Representative(digest);
            if (LtpaCrypto.FixedTimeEquals(recovered, expected))
            {
                return true;
            }

            byte[] complement = LtpaCrypto.ToFixed(key.Modulus - LtpaCrypto.ToUnsigned(recovered), key.ModulusBytes);
            return LtpaCrypto.FixedTimeEquals(complement, expected);
        }

        private static BcInteger ToBc(System.Numerics.BigInteger value) => new BcInteger(1, LtpaCrypto.ToFixed(value, Math.Max(1, (LtpaCrypto.BitLength(value) + 7) / 8)));

        private static System.Numerics.BigInteger FromBc(BcInteger value) => LtpaCrypto.ToUnsigned(value.ToByteArrayUnsigned());
    }
}
