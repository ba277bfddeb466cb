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
