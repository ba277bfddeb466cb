using System.Security.Cryptography;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Ltpa;

/// <summary>
/// The AES-NI AES-128-CBC of LtpaToken2 against FIPS 197 (appendix C.1) and against the platform's AES on random keys,
/// IVs and every length up to 200 bytes, encrypting with PKCS#7 padding and decrypting raw blocks.
/// </summary>
public class AesCbc128Tests
{
    [Fact]
    public void MatchesFips197AndThePlatform()
    {
        if (!AesCbc128.IsSupported)
        {
            Assert.Throws<PlatformNotSupportedException>(() => new AesCbc128(new byte[16], 0, new byte[16], 0));
            return;
        }

        // One block with a zero IV is the bare cipher: FIPS 197 C.1.
        byte[] fipsKey = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        byte[] fipsPlain = Convert.FromHexString("00112233445566778899aabbccddeeff");
        using (var fips = new AesCbc128(fipsKey, 0, new byte[16], 0))
        {
            Assert.Equal("69c4e0d86a7b0430d8cdb78070b4c55a", Vectors.ToHex(fips.EncryptPkcs7(fipsPlain)[..16]));
            Assert.Equal(fipsPlain, fips.DecryptRaw(Convert.FromHexString("69c4e0d86a7b0430d8cdb78070b4c55a")));
        }

        var random = new Random(197);
        for (int length = 0; length <= 200; length++)
        {
            byte[] material = new byte[40];
            random.NextBytes(material);
            byte[] key = material[3..19], iv = material[21..37];
            byte[] plaintext = new byte[length];
            random.NextBytes(plaintext);
            using var platform = Aes.Create();
            platform.Key = key;
            byte[] expected = platform.EncryptCbc(plaintext, iv, PaddingMode.PKCS7);
            using var managed = new AesCbc128(material, 3, material, 21);
            Assert.Equal(expected, managed.EncryptPkcs7(plaintext));
            Assert.Equal(platform.DecryptCbc(expected, iv, PaddingMode.None), managed.DecryptRaw(expected));
        }
    }
}
