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
    /// and verification accepts either J or n - J. Only APIs present since BouncyCastle 2.0 are used.
    /// </summary>
    internal static class Iso9796Signature
    {
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

        private static BcInteger ToBc(System.Numerics.BigInteger value) => new BcInteger(1, LtpaCrypto.ToFixed(value, Math.Max(1, (LtpaCrypto.BitLength(value) + 7) / 8)));

        private static System.Numerics.BigInteger FromBc(BcInteger value) => LtpaCrypto.ToUnsigned(value.ToByteArrayUnsigned());
    }
}
