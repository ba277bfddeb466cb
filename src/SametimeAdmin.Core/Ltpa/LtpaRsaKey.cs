using System;
using System.Numerics;
using System.Security.Cryptography;
using System.Threading;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// The RSA key pair of a key set in the three shapes we need: unsigned integers (blob encoding, checks,
    /// ISO 9796-1), .NET RSAParameters with the exact sizes every platform wants, and one cached .NET RSA object;
    /// on Linux with the .NET 8 build and OpenSSL 3 also native OpenSSL copies for LtpaToken2's PKCS#1 v1.5
    /// signatures (<see cref="OpenSslRsaKey"/>), freed by <see cref="Dispose"/>.
    /// </summary>
    internal sealed class LtpaRsaKey : IDisposable
    {
        private readonly object gate = new object();
        private RSA? rsa;
        private RsaPublicOperation? publicOperation;
#if NET8_0_OR_GREATER
        private OpenSslRsaKey? native;
        private bool nativeTried;
        private long nativeSigns;
        private long nativeVerifies;
#endif

        /// <summary>Also the lowest and highest modulus sizes accepted when reading keys (LTPA uses 1024, FIPS mode 2048).</summary>
        internal const int MinimumKeySize = 512;
        internal const int MaximumKeySize = 4096;

        public LtpaRsaKey(BigInteger modulus, BigInteger exponent, BigInteger d, BigInteger p, BigInteger q)
        {
            // Liberty (LTPACrypto.setRSAKey) orders the primes so that p > q; InverseQ = q^-1 mod p.
            if (p < q)
            {
                (p, q) = (q, p);
            }

            if (q <= 1 || !TryModInverse(q, p, out BigInteger inverseQ))
            {
                throw new ArgumentException("The primes must be greater than 1 and coprime; check with TryCreate first.");
            }

            Modulus = modulus;
            Exponent = exponent;
            D = d;
            P = p;
            Q = q;
            DP = d % (p - 1);
            DQ = d % (q - 1);
            InverseQ = inverseQ;
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

        /// <summary>
        /// The managed public-key operation (ISO 9796-1 verification of LtpaToken); built on first use. Immutable, so
        /// two threads racing to build it are harmless.
        /// </summary>
        public RsaPublicOperation PublicOperation => publicOperation ??= new RsaPublicOperation(Modulus, Exponent);

        public int KeySize => LtpaCrypto.BitLength(Modulus);

        /// <summary>
        /// Builds a key from numbers read from a file or a document, after checking that they form a usable RSA key:
        /// p, q &gt; 1 and distinct, n = p*q within the sizes LTPA uses, 1 &lt; e, d &lt; n, e*d = 1 mod lcm(p-1, q-1),
        /// the CRT values agree with d, and the platform accepts the key. Damaged or crafted numbers give the reason
        /// instead of an arithmetic exception later. <paramref name="modulusMismatch"/> tells a key pair whose halves
        /// do not belong together (n != p*q) from one whose numbers are broken.
        /// </summary>
        public static LtpaRsaKey? TryCreate(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q, out string? problem, out bool modulusMismatch)
        {
            modulusMismatch = false;
            problem = Check(n, e, d, p, q, out modulusMismatch);
            if (problem != null)
            {
                return null;
            }

            var key = new LtpaRsaKey(n, e, d, p, q);
            problem = key.CheckCrt();
            if (problem == null)
            {
                try
                {
                    _ = key.Rsa;
                }
                catch (CryptographicException)
                {
                    problem = "this platform refuses the RSA key";
                }
            }

            if (problem != null)
            {
                key.Dispose();
                return null;
            }

            return key;
        }

        private static string? Check(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q, out bool modulusMismatch)
        {
            modulusMismatch = false;
            if (p <= 1 || q <= 1)
            {
                return "a prime factor of the RSA key is 0 or 1";
            }

            if (p == q)
            {
                return "the two prime factors of the RSA key are equal";
            }

            if (!BigInteger.GreatestCommonDivisor(p, q).IsOne)
            {
                return "the two prime factors of the RSA key share a factor";
            }

            int bits = LtpaCrypto.BitLength(n);
            if (bits < MinimumKeySize || bits > MaximumKeySize)
            {
                return "the RSA modulus has " + bits.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bits; LTPA keys have 1024 (2048 in FIPS mode)";
            }

            if (n != p * q)
            {
                modulusMismatch = true;
                return "the private key does not belong to the public key";
            }

            // .NET wants P and Q of half the modulus length: a lopsided factorisation cannot be imported.
            int half = ((bits + 7) / 8 + 1) / 2;
            if ((LtpaCrypto.BitLength(p) + 7) / 8 > half || (LtpaCrypto.BitLength(q) + 7) / 8 > half)
            {
                return "the prime factors of the RSA key are not of half the modulus size";
            }

            if (e <= 1 || e >= n || e.IsEven)
            {
                return "the public exponent is not usable";
            }

            if (d <= 1 || d >= n)
            {
                return "the private exponent is out of range";
            }

            BigInteger pm1 = p - 1, qm1 = q - 1;
            BigInteger lambda = pm1 / BigInteger.GreatestCommonDivisor(pm1, qm1) * qm1;
            if ((e * d) % lambda != 1)
            {
                return PrivateExponentProblem;
            }

            return null;
        }

        /// <summary>The reason given when e*d is not 1 modulo lambda(n).</summary>
        internal const string PrivateExponentProblem = "the private exponent does not fit the primes";

        /// <summary>
        /// Signs a fixed value with the CRT values (as every signature is made) and verifies it with e: composite
        /// "primes" that pass the exponent check, or CRT values that do not fit the key, show here rather than as wrong
        /// signatures. The CRT values come from d, so this also stands for the signature with d itself, at a fraction of
        /// its cost (two half-size exponentiations instead of a full one: reading a key file takes milliseconds less).
        /// </summary>
        private string? CheckCrt()
        {
            var m = new BigInteger(0x4C545041); // "LTPA"
            BigInteger sp = BigInteger.ModPow(m, DP, P);
            BigInteger sq = BigInteger.ModPow(m, DQ, Q);
            BigInteger h = (InverseQ * (sp - sq)) % P;
            if (h.Sign < 0)
            {
                h += P;
            }

            BigInteger s = sq + (h * Q);
            return BigInteger.ModPow(s, Exponent, Modulus) == m ? null : "a signature made with the private key does not verify with the public key";
        }

        /// <summary>value^-1 mod modulus by the extended Euclidean algorithm; false when there is none.</summary>
        internal static bool TryModInverse(BigInteger value, BigInteger modulus, out BigInteger inverse)
        {
            inverse = BigInteger.Zero;
            if (modulus <= 1)
            {
                return false;
            }

            BigInteger t = 0, newT = 1, r = modulus, newR = value % modulus;
            while (!newR.IsZero)
            {
                BigInteger quotient = r / newR;
                (t, newT) = (newT, t - (quotient * newT));
                (r, newR) = (newR, r - (quotient * newR));
            }

            if (r != 1)
            {
                return false;
            }

            inverse = t < 0 ? t + modulus : t;
            return true;
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

#if NET8_0_OR_GREATER
        /// <summary>How many signatures and verifications went through OpenSSL directly (the tests prove the path with them).</summary>
        internal long NativeSignCount => Interlocked.Read(ref nativeSigns);

        internal long NativeVerifyCount => Interlocked.Read(ref nativeVerifies);

        /// <summary>
        /// The key's native OpenSSL copies, set up on first use when <see cref="OpenSslRsa.IsUsable"/> (Linux, .NET on
        /// OpenSSL 3); null otherwise, after Dispose, or when OpenSSL refused the key, and then the other paths run.
        /// </summary>
        private OpenSslRsaKey? Native
        {
            get
            {
                if (!OpenSslRsa.IsUsable)
                {
                    return null;
                }

                OpenSslRsaKey? current = Volatile.Read(ref native);
                if (current != null || Volatile.Read(ref nativeTried))
                {
                    return current;
                }

                lock (gate)
                {
                    // Dispose marks the native copies as tried under this lock, so none is set up after it.
                    if (!nativeTried)
                    {
                        Volatile.Write(ref native, OpenSslRsaKey.TryCreate(Rsa, ModulusBytes));
                        Volatile.Write(ref nativeTried, true);
                    }

                    return native;
                }
            }
        }
#endif

        /// <summary>
        /// RSASSA-PKCS1-v1_5 with SHA-1 over an already computed 20-byte digest. On Linux with the .NET 8 build and
        /// OpenSSL 3, by OpenSSL directly with a reused context (<see cref="OpenSslRsaKey"/>); otherwise, or when that
        /// call cannot be made, by the platform's RSA (CNG on Windows). PKCS#1 v1.5 is deterministic: both give the
        /// same bytes.
        /// </summary>
        public byte[] SignSha1Digest(byte[] digest)
        {
#if NET8_0_OR_GREATER
            if (digest.Length == 20 && Native is OpenSslRsaKey key && key.SignSha1(digest) is byte[] signature)
            {
                Interlocked.Increment(ref nativeSigns);
                return signature;
            }
#endif
            return Rsa.SignHash(digest, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        }

        /// <summary>
        /// RSASSA-PKCS1-v1_5 verification with SHA-1 over a 20-byte digest. On Linux with the .NET 8 build and OpenSSL
        /// 3 by OpenSSL directly (measured faster than the managed vector code); otherwise with AVX2 (.NET 8 or later)
        /// by the managed vector form of <see cref="RsaPublicOperation"/>, measured faster than the platform's RSA and
        /// its per-call set-up; otherwise by the platform (its native code beats managed 64-bit limb arithmetic). All
        /// give the same answers: a left-trimmed signature is the same number, a longer one or one not below the
        /// modulus is false.
        /// </summary>
        public bool VerifySha1Digest(byte[] digest, byte[] signature)
        {
            if (signature.Length == 0 || signature.Length > ModulusBytes)
            {
                return false;
            }

#if NET8_0_OR_GREATER
            if (digest.Length == 20 && Native is OpenSslRsaKey key && key.VerifySha1(digest, signature) is bool verified)
            {
                Interlocked.Increment(ref nativeVerifies);
                return verified;
            }

            if (RsaPublicOperation.IsVectorized)
            {
                return PublicOperation.VerifyPkcs1Sha1(digest, signature);
            }
#endif

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
#if NET8_0_OR_GREATER
                // A call on another thread that already holds the native key finishes first (SafeHandle references).
                Volatile.Write(ref nativeTried, true);
                Interlocked.Exchange(ref native, null)?.Dispose();
#endif
            }

            D = P = Q = DP = DQ = InverseQ = BigInteger.Zero;
        }

        public static void ClearParameters(RSAParameters parameters) =>
            LtpaCrypto.Clear(parameters.D, parameters.P, parameters.Q, parameters.DP, parameters.DQ, parameters.InverseQ);
    }
}
