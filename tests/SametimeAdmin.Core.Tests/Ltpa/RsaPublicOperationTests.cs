using System.Numerics;
using System.Security.Cryptography;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Ltpa;

/// <summary>
/// The managed RSA public operation against BigInteger.ModPow and against signatures made by .NET's RSA, with both
/// limb multipliers (the netstandard2.0 build uses the portable one), and the ISO 9796-1 verification built on it.
/// </summary>
public class RsaPublicOperationTests
{
    private static BigInteger FromBytes(byte[] bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    private static byte[] ToBytes(BigInteger value, int length)
    {
        byte[] raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        byte[] result = new byte[length];
        raw.CopyTo(result, length - raw.Length);
        return result;
    }

    /// <summary>A random odd modulus of exactly <paramref name="bits"/> bits, sometimes with all-ones or sparse top limbs.</summary>
    private static BigInteger RandomModulus(Random random, int bits, int pattern)
    {
        byte[] bytes = new byte[(bits + 7) / 8];
        random.NextBytes(bytes);
        if (pattern == 1)
        {
            Array.Fill(bytes, (byte)0xFF, 0, Math.Min(8, bytes.Length));
        }
        else if (pattern == 2)
        {
            Array.Clear(bytes, 0, Math.Min(8, bytes.Length));
        }

        BigInteger n = FromBytes(bytes) & ((BigInteger.One << bits) - 1);
        n |= BigInteger.One << (bits - 1);
        return n | BigInteger.One;
    }

    private static BigInteger RandomBelow(Random random, BigInteger n)
    {
        byte[] bytes = new byte[n.GetByteCount(isUnsigned: true)];
        random.NextBytes(bytes);
        return FromBytes(bytes) % n;
    }

    public static IEnumerable<object[]> Sizes() => new[] { 65, 127, 512, 520, 1023, 1024, 1032, 2048 }.Select(b => new object[] { b });

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MatchesModPowForRandomModuliValuesAndBothMultipliers(int bits)
    {
        var random = new Random(bits);
        int cases = bits > 1100 ? 150 : 400;
        for (int i = 0; i < cases; i++)
        {
            BigInteger n = RandomModulus(random, bits, i % 3);
            BigInteger e = (i % 5) switch
            {
                0 => 3,
                1 => RandomBelow(random, BigInteger.One << Math.Min(bits, 80)) | 1 | (BigInteger.One << 2),
                _ => 65537,
            };
            var operation = new RsaPublicOperation(n, e);
            BigInteger value = (i % 7) switch
            {
                0 => 1,
                1 => n - 1,
                2 => 0,
                _ => RandomBelow(random, n),
            };
            byte[] input = ToBytes(value, operation.ModulusBytes);
            byte[] expected = ToBytes(BigInteger.ModPow(value, e, n), operation.ModulusBytes);
            Assert.Equal(expected, operation.Apply<PortableLimbMultiplier>(input));
            Assert.Equal(expected, operation.Apply<NativeLimbMultiplier>(input));
            Assert.Equal(expected, operation.Apply(input));
            if (RsaPublicOperation.IsVectorized)
            {
                Assert.Equal(expected, operation.ApplyVector(input));
            }
        }
    }

    /// <summary>
    /// The AVX2 form against BigInteger.ModPow on values that stress its limb handling: moduli whose size is just
    /// over or under a whole number of 26-bit limbs and vectors, all-ones and sparse top limbs, inputs with zero top
    /// limbs, 0, 1, n-1, and exponents with many set bits (every Montgomery multiplication shape).
    /// </summary>
    [Fact]
    public void VectorFormMatchesModPowOnEdgeSizesAndValues()
    {
        if (!RsaPublicOperation.IsVectorized)
        {
            Assert.Throws<PlatformNotSupportedException>(() => new RsaPublicOperation(new BigInteger(65537) * 65539, 3).ApplyVector(new byte[] { 2 }));
            return;
        }

        var random = new Random(26);
        int[] sizes = { 65, 77, 78, 79, 103, 104, 105, 206, 207, 208, 209, 511, 512, 513, 1022, 1023, 1024, 1025, 1039, 1040, 1041, 2048, 3072, 4096 };
        foreach (int bits in sizes)
        {
            int cases = bits > 2100 ? 12 : 120;
            for (int i = 0; i < cases; i++)
            {
                BigInteger n = RandomModulus(random, bits, i % 3);
                BigInteger e = (i % 4) switch
                {
                    0 => 3,
                    1 => (BigInteger.One << 31) - 1,
                    2 => RandomBelow(random, BigInteger.One << 40) | 1 | (BigInteger.One << 2),
                    _ => 65537,
                };
                var operation = new RsaPublicOperation(n, e);
                BigInteger value = (i % 6) switch
                {
                    0 => 0,
                    1 => 1,
                    2 => n - 1,
                    3 => RandomBelow(random, BigInteger.One << Math.Max(1, bits / 3)), // top limbs zero
                    _ => RandomBelow(random, n),
                };
                byte[] input = ToBytes(value, operation.ModulusBytes);
                byte[] expected = ToBytes(BigInteger.ModPow(value, e, n), operation.ModulusBytes);
                Assert.Equal(expected, operation.ApplyVector(input));
                byte[] trimmed = value.IsZero ? new byte[] { 0 } : value.ToByteArray(isUnsigned: true, isBigEndian: true);
                Assert.Equal(expected, operation.ApplyVector(trimmed));
            }

            var limits = new RsaPublicOperation(RandomModulus(random, bits, 0), 65537);
            Assert.Null(limits.ApplyVector(new byte[limits.ModulusBytes + 1]));
            Assert.Null(limits.ApplyVector(Enumerable.Repeat((byte)0xFF, limits.ModulusBytes).ToArray()));
        }
    }

    /// <summary>
    /// PKCS#1 v1.5 verification by the managed operation gives the platform's answer on genuine signatures and on
    /// every kind of damage: flipped bits in the signature or the digest, trimmed leading zeros, values not below the
    /// modulus, and crafted encodings that are almost right (another block type, a short or broken padding string,
    /// a DigestInfo without its NULL, another hash's DigestInfo).
    /// </summary>
    [Fact]
    public void Pkcs1VerificationAgreesWithThePlatform()
    {
        var random = new Random(8017);
        for (int k = 0; k < 6; k++)
        {
            using RSA rsa = RSA.Create(k % 3 == 2 ? 2048 : 1024);
            RSAParameters p = rsa.ExportParameters(true);
            BigInteger n = FromBytes(p.Modulus!), d = FromBytes(p.D!);
            var operation = new RsaPublicOperation(n, FromBytes(p.Exponent!));
            int size = p.Modulus!.Length;
            void Check(byte[] digest, byte[] signature)
            {
                bool platform;
                try
                {
                    platform = signature.Length == size && rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
                }
                catch (CryptographicException)
                {
                    platform = false;
                }

                Assert.Equal(platform, operation.VerifyPkcs1Sha1(digest, signature));
            }

            byte[] Sign(byte[] encoded) => ToBytes(BigInteger.ModPow(FromBytes(encoded), d, n), size);

            for (int i = 0; i < 40; i++)
            {
                byte[] digest = new byte[20];
                random.NextBytes(digest);
                byte[] signature = rsa.SignHash(digest, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
                Assert.True(operation.VerifyPkcs1Sha1(digest, signature));
                Check(digest, signature);

                byte[] flipped = (byte[])signature.Clone();
                flipped[random.Next(size)] ^= (byte)(1 << random.Next(8));
                Check(digest, flipped);
                byte[] otherDigest = (byte[])digest.Clone();
                otherDigest[random.Next(20)] ^= (byte)(1 << random.Next(8));
                Check(otherDigest, signature);
            }

            byte[] sha1 = new byte[20];
            random.NextBytes(sha1);
            byte[] good = Encode(size, 1, size - 38, Sha1DigestInfo, sha1);
            Assert.True(operation.VerifyPkcs1Sha1(sha1, Sign(good)));
            Check(sha1, Sign(good));
            Check(sha1, Sign(Encode(size, 2, size - 38, Sha1DigestInfo, sha1)));
            byte[] brokenPadding = (byte[])good.Clone();
            brokenPadding[2 + random.Next(size - 40)] = 0xFE;
            Check(sha1, Sign(brokenPadding));
            byte[] noNull = { 0x30, 0x1F, 0x30, 0x07, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x04, 0x14 };
            Check(sha1, Sign(Encode(size, 1, size - 36, noNull, sha1)));
            byte[] sha256Info = { 0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20 };
            byte[] sha256 = new byte[32];
            random.NextBytes(sha256);
            Check(sha1, Sign(Encode(size, 1, size - 54, sha256Info, sha256)));

            // Leading zero bytes trimmed are the same number; n and above, empty and over-long values are invalid.
            byte[] small = Sign(good);
            int zeros = 0;
            while (small[zeros] == 0)
            {
                zeros++;
            }

            Assert.True(operation.VerifyPkcs1Sha1(sha1, small.Skip(zeros).ToArray()));
            Assert.False(operation.VerifyPkcs1Sha1(sha1, ToBytes(n, size)));
            Assert.False(operation.VerifyPkcs1Sha1(sha1, ToBytes(n + FromBytes(small), size + 1)));
            Assert.False(operation.VerifyPkcs1Sha1(sha1, Array.Empty<byte>()));
            Assert.False(operation.VerifyPkcs1Sha1(sha1, new byte[size]));
            Assert.False(operation.VerifyPkcs1Sha1(new byte[19], small));
        }
    }

    /// <summary>00 blockType FF*padding 00 info digest, left-padded with zeros to the modulus size.</summary>
    private static byte[] Encode(int size, byte blockType, int padding, byte[] info, byte[] digest)
    {
        byte[] encoded = new byte[size];
        encoded[1] = blockType;
        Array.Fill(encoded, (byte)0xFF, 2, padding);
        info.CopyTo(encoded, 3 + padding);
        digest.CopyTo(encoded, 3 + padding + info.Length);
        return encoded;
    }

    [Fact]
    public void RejectsValuesNotBelowTheModulus()
    {
        var random = new Random(7);
        BigInteger n = RandomModulus(random, 1024, 0);
        var operation = new RsaPublicOperation(n, 65537);
        Assert.Null(operation.Apply(ToBytes(n, 128)));
        Assert.Null(operation.Apply(ToBytes(n + 1, 128)));
        Assert.Null(operation.Apply(Enumerable.Repeat((byte)0xFF, 128).ToArray()));
        Assert.Null(operation.Apply(new byte[129])); // longer than the modulus, even if the number is small
        Assert.NotNull(operation.Apply(ToBytes(n - 1, 128)));
        Assert.NotNull(operation.Apply(new byte[] { 5 })); // shorter is the same number left-trimmed
    }

    [Fact]
    public void PortableMultiplierGivesTheFull128BitProduct()
    {
        var random = new Random(42);
        ulong[] edges = { 0, 1, 2, 0xFFFFFFFF, 0x100000000, 0xFFFFFFFFFFFFFFFF, 0x8000000000000000, 0x7FFFFFFFFFFFFFFF };
        var values = edges.Concat(Enumerable.Range(0, 2000).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63))).ToArray();
        foreach (ulong a in values)
        {
            ulong b = values[random.Next(values.Length)];
            UInt128 product = (UInt128)a * b;
            ulong high = default(PortableLimbMultiplier).MultiplyHigh(a, b, out ulong low);
            Assert.Equal((ulong)(product >> 64), high);
            Assert.Equal((ulong)product, low);
        }
    }

    private static readonly byte[] Sha1DigestInfo = { 0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x05, 0x00, 0x04, 0x14 };

    /// <summary>On real keys from .NET, s^e mod n of .NET's PKCS#1 signature is exactly the RFC 8017 encoding of the digest.</summary>
    [Fact]
    public void RecoversTheEncodingOfDotNetSignaturesOnRandomKeys()
    {
        var random = new Random(1);
        for (int k = 0; k < 12; k++)
        {
            using RSA rsa = RSA.Create(k % 4 == 3 ? 2048 : 1024);
            RSAParameters p = rsa.ExportParameters(false);
            var operation = new RsaPublicOperation(FromBytes(p.Modulus!), FromBytes(p.Exponent!));
            int size = p.Modulus!.Length;
            for (int i = 0; i < 60; i++)
            {
                byte[] digest = new byte[20];
                random.NextBytes(digest);
                byte[] signature = rsa.SignHash(digest, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
                byte[] expected = new byte[size];
                expected[1] = 0x01;
                int separator = size - Sha1DigestInfo.Length - 20 - 1;
                Array.Fill(expected, (byte)0xFF, 2, separator - 2);
                Sha1DigestInfo.CopyTo(expected, separator + 1);
                digest.CopyTo(expected, size - 20);
                Assert.Equal(expected, operation.Apply<PortableLimbMultiplier>(signature));
                Assert.Equal(expected, operation.Apply<NativeLimbMultiplier>(signature));
                if (RsaPublicOperation.IsVectorized)
                {
                    Assert.Equal(expected, operation.ApplyVector(signature));
                }

                Assert.True(operation.VerifyPkcs1Sha1(digest, signature));
            }
        }
    }

    [Fact]
    public void Iso9796RepresentativeVerificationAgreesWithTheSigner()
    {
        var random = new Random(9796);
        LtpaKeySet keys = Vectors.KeysFor("ltpa1-dev.json");
        for (int i = 0; i < 200; i++)
        {
            byte[] digest = new byte[20];
            random.NextBytes(digest);
            byte[] signature = Iso9796Signature.Sign(keys.RsaKey, digest);
            Assert.True(Iso9796Signature.Verify(keys.RsaKey, digest, signature));

            byte[] other = (byte[])digest.Clone();
            other[random.Next(20)] ^= (byte)(1 << random.Next(8));
            Assert.False(Iso9796Signature.Verify(keys.RsaKey, other, signature));

            // The signer sends min(s, n - s); the other one of the pair verifies as well.
            BigInteger s = FromBytes(signature);
            Assert.True(Iso9796Signature.Verify(keys.RsaKey, digest, ToBytes(keys.RsaKey.Modulus - s, 128)));
        }

        Assert.False(Iso9796Signature.Verify(keys.RsaKey, new byte[20], new byte[128]));
        Assert.False(Iso9796Signature.Verify(keys.RsaKey, new byte[20], ToBytes(keys.RsaKey.Modulus, 128)));
    }
}
