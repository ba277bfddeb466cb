using System.Numerics;
using System.Security.Cryptography;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Ltpa;

/// <summary>
/// The managed RSA public operation against BigInteger.ModPow and against .NET's own RSA verification, with both
/// limb multipliers (the netstandard2.0 build uses the portable one).
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
        }
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

    private static LtpaRsaKey ToLtpaKey(RSAParameters p) =>
        new(FromBytes(p.Modulus!), FromBytes(p.Exponent!), FromBytes(p.D!), FromBytes(p.P!), FromBytes(p.Q!));

    [Fact]
    public void AgreesWithDotNetRsaOnRandomKeysAndMessages()
    {
        var random = new Random(1);
        for (int k = 0; k < 12; k++)
        {
            using RSA rsa = RSA.Create(k % 4 == 3 ? 2048 : 1024);
            using LtpaRsaKey key = ToLtpaKey(rsa.ExportParameters(true));
            for (int i = 0; i < 60; i++)
            {
                byte[] digest = new byte[20];
                random.NextBytes(digest);
                byte[] signature = rsa.SignHash(digest, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
                Assert.True(key.VerifySha1Digest(digest, signature));

                byte[] tampered = (byte[])signature.Clone();
                tampered[random.Next(tampered.Length)] ^= (byte)(1 << random.Next(8));
                Assert.Equal(rsa.VerifyHash(digest, tampered, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1), key.VerifySha1Digest(digest, tampered));

                byte[] otherDigest = (byte[])digest.Clone();
                otherDigest[random.Next(20)] ^= 0x01;
                Assert.False(key.VerifySha1Digest(otherDigest, signature));
            }
        }
    }

    /// <summary>Raw RSA with the private key over a hand-made encoding: only the exact PKCS#1 v1.5 SHA-1 form verifies.</summary>
    [Fact]
    public void RejectsWrongPaddingAsDotNetDoes()
    {
        using RSA rsa = RSA.Create(1024);
        RSAParameters parameters = rsa.ExportParameters(true);
        using LtpaRsaKey key = ToLtpaKey(parameters);
        BigInteger n = FromBytes(parameters.Modulus!), d = FromBytes(parameters.D!);
        byte[] digest = SHA1.HashData("user data"u8.ToArray());
        byte[] prefix = { 0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x05, 0x00, 0x04, 0x14 };

        byte[] Encode(Action<byte[]>? damage)
        {
            byte[] em = new byte[128];
            em[1] = 0x01;
            int separator = 128 - prefix.Length - 20 - 1;
            for (int i = 2; i < separator; i++)
            {
                em[i] = 0xFF;
            }

            prefix.CopyTo(em, separator + 1);
            digest.CopyTo(em, 128 - 20);
            damage?.Invoke(em);
            return ToBytes(BigInteger.ModPow(FromBytes(em), d, n), 128);
        }

        byte[] good = Encode(null);
        Assert.True(key.VerifySha1Digest(digest, good));
        Assert.True(rsa.VerifyHash(digest, good, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));

        var damages = new Dictionary<string, Action<byte[]>>
        {
            ["block type 2"] = em => em[1] = 0x02,
            ["leading byte"] = em => em[0] = 0x01,
            ["padding byte"] = em => em[40] = 0xFE,
            ["separator"] = em => em[128 - 36] = 0x01,
            ["algorithm oid"] = em => em[128 - 20 - 6] ^= 0x01,
            ["digest"] = em => em[127] ^= 0x80,
            ["SHA-256 digest info tag"] = em => em[128 - 20 - 1] = 0x20,
        };
        foreach (var (name, damage) in damages)
        {
            byte[] bad = Encode(damage);
            Assert.False(key.VerifySha1Digest(digest, bad), name);
            Assert.False(rsa.VerifyHash(digest, bad, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1), name);
        }

        // A signature equal to or above the modulus is no signature (s + n would otherwise verify as s).
        byte[] fitting = Enumerable.Range(0, 500)
            .Select(i => rsa.SignHash(SHA1.HashData(BitConverter.GetBytes(i)), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1))
            .First(sig => FromBytes(sig) + n < BigInteger.One << 1024);
        byte[] fittingDigest = Enumerable.Range(0, 500).Select(i => SHA1.HashData(BitConverter.GetBytes(i)))
            .First(h => rsa.VerifyHash(h, fitting, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));
        Assert.True(key.VerifySha1Digest(fittingDigest, fitting));
        Assert.False(key.VerifySha1Digest(fittingDigest, ToBytes(FromBytes(fitting) + n, 128)));
        Assert.False(key.VerifySha1Digest(digest, ToBytes(n, 128)));
        Assert.False(key.VerifySha1Digest(digest, Array.Empty<byte>()));
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
