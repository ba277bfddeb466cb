using System.Security.Cryptography;
using System.Text;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Ltpa;

/// <summary>
/// The managed SHA-1 that the token formats use: the FIPS 180 example messages, and the platform's SHA-1 on every
/// length around the block and padding boundaries and on slices of a larger buffer (both builds of the core).
/// </summary>
public class Sha1DigestVectorTests
{
    [Theory]
    [InlineData("", "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData("abc", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "a49b2446a02c645bf419f995b67091253a04a259")]
    public void MatchesTheFips180Examples(string message, string hex) =>
        Assert.Equal(hex, Vectors.ToHex(Sha1Digest.Hash(Encoding.ASCII.GetBytes(message))));

    [Fact]
    public void MatchesTheFips180MillionA() =>
        Assert.Equal("34aa973cd4c4daa4f61eeb2bdbad27316534016f", Vectors.ToHex(Sha1Digest.Hash(Enumerable.Repeat((byte)'a', 1_000_000).ToArray())));

    [Fact]
    public void MatchesThePlatformOnEveryLengthUpTo300AndOnSlices()
    {
        var random = new Random(180);
        byte[] buffer = new byte[700];
        for (int length = 0; length <= 300; length++)
        {
            random.NextBytes(buffer);
            byte[] data = buffer.Take(length).ToArray();
            using SHA1 sha1 = SHA1.Create();
            Assert.Equal(sha1.ComputeHash(data), Sha1Digest.Hash(data));
            int offset = random.Next(0, 400);
            Assert.Equal(sha1.ComputeHash(buffer, offset, length), Sha1Digest.Hash(buffer, offset, length));
            Assert.Equal(sha1.ComputeHash(sha1.ComputeHash(data)), LtpaCrypto.Sha1Twice(data));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => Sha1Digest.Hash(buffer, 600, 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sha1Digest.Hash(buffer, -1, 1));
    }
}
