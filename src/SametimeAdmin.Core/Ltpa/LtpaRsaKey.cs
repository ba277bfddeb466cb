using System;
using System.Numerics;
using System.Security.Cryptography;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// The RSA key pair of a key set in the three shapes we need: unsigned integers (blob encoding, checks,
    /// ISO 9796-1), .NET RSAParameters with the exact sizes every platform wants, and one cached .NET RSA object.
    /// </summary>
    internal sealed class LtpaRsaKey : IDisposable
    {
        private readonly object gate = new object();
        private RSA? rsa;

        public LtpaRsaKey(BigInteger modulus, BigInteger exponent, BigInteger d, BigInteger p, BigInteger q)
        {
            // Liberty (LTPACrypto.setRSAKey) orders the primes so that p > q; InverseQ = q^-1 mod p.
            if (p < q)
            {
                (p, q) = (q, p);
            }

            Modulus = modulus;
            Exponent = exponent;
            D = d;
            P = p;
            Q = q;
            DP = d % (p - 1);
            DQ = d % (q - 1);
            InverseQ = BigInteger.ModPow(q, p - 2, p);
            ModulusBytes = (LtpaCrypto.BitLength(modulus) + 7) / 8;
        }

        public BigInteger Modulus { get; }

        public BigInteger Exponent { get; }

        public BigInteger D { get; private set; }

        public BigInteger P { get; private set; }

        public BigInteger Q { get; private set; }

        public BigInteger DP { get; private set; }

        public BigInteger DQ { get; private set; }

        public BigInteger InverseQ { get; private set; }

        public int ModulusBytes { get; }

        public int KeySize => LtpaCrypto.BitLength(Modulus);

        /// <summary>True when the numbers form a usable RSA key: n = p*q, e*d = 1 mod p-1 and mod q-1.</summary>
        public bool IsConsistent()
        {
            if (P <= 1 || Q <= 1 || Modulus != P * Q)
            {
                return false;
            }

            return (Exponent * D) % (P - 1) == 1 && (Exponent * D) % (Q - 1) == 1;
        }

        public RSAParameters ToParameters()
        {
            int half = (ModulusBytes + 1) / 2;
            return new RSAParameters
            {
                Modulus = LtpaCrypto.ToFixed(Modulus, ModulusBytes),
                Exponent = LtpaCrypto.ToFixed(Exponent, (LtpaCrypto.BitLength(Exponent) + 7) / 8),
                D = LtpaCrypto.ToFixed(D, ModulusBytes),
                P = LtpaCrypto.ToFixed(P, half),
                Q = LtpaCrypto.ToFixed(Q, half),
                DP = LtpaCrypto.ToFixed(DP, half),
                DQ = LtpaCrypto.ToFixed(DQ, half),
                InverseQ = LtpaCrypto.ToFixed(InverseQ, half),
            };
        }

        /// <summary>The cached platform RSA object (created on first use).</summary>
        public RSA Rsa
        {
            get
            {
                RSA? current = rsa;
                if (current != null)
                {
                    return current;
                }

                lock (gate)
                {
                    if (rsa == null)
                    {
                        RSAParameters parameters = ToParameters();
                        var created = RSA.Create();
                        try
                        {
                            created.ImportParameters(parameters);
                        }
                        finally
                        {
                            ClearParameters(parameters);
                        }

                        rsa = created;
                    }

                    return rsa;
                }
            }
        }

        /// <summary>RSASSA-PKCS1-v1_5 with SHA-1 over an already computed 20-byte digest.</summary>
        public byte[] SignSha1Digest(byte[] digest) => Rsa.SignHash(digest, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

        public bool VerifySha1Digest(byte[] digest, byte[] signature)
        {
            if (signature.Length == 0 || signature.Length > ModulusBytes)
            {
                return false;
            }

            if (signature.Length < ModulusBytes)
            {
                // Java writes the signature at full length, but a left-trimmed value is the same number.
                byte[] padded = new byte[ModulusBytes];
                Buffer.BlockCopy(signature, 0, padded, ModulusBytes - signature.Length, signature.Length);
                signature = padded;
            }

            try
            {
                return Rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                rsa?.Dispose();
                rsa = null;
            }

            D = P = Q = DP = DQ = InverseQ = BigInteger.Zero;
        }

        public static void ClearParameters(RSAParameters parameters) =>
            LtpaCrypto.Clear(parameters.D, parameters.P, parameters.Q, parameters.DP, parameters.DQ, parameters.InverseQ);
    }
}
