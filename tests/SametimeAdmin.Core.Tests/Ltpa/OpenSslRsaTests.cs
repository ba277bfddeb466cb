using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Ltpa;

/// <summary>
/// LtpaToken2's RSA through OpenSSL directly (Linux, .NET on OpenSSL 3) against the managed public operation and
/// .NET's RSA: same signatures byte for byte, same verdicts on good and bad signatures, on the reference vectors, from
/// several threads, across Dispose, and with the native path switched off. Where the native path is expected, the
/// key's counters prove that it ran. Each test uses its own key set, so the counters see only its own calls.
/// </summary>
public class OpenSslRsaTests
{
    private static readonly string[] TokenFiles = { "ltpa2-dev.json", "ltpa2-dev-d129.json", "ltpa2-twas-mar400.json" };

    /// <summary>Linux with .NET on OpenSSL 3: the native path must be there (this is not derived from the code under test).</summary>
    private static bool NativeExpected => OperatingSystem.IsLinux() && SafeEvpPKeyHandle.OpenSslVersion >= 0x30000000L;

    private static LtpaKeySet ReadKeys(string vectorFile)
    {
        JsonElement root = Vectors.Load(vectorFile);
        return LtpaKeyFile.Read(Fixtures.PathOf("vectors", root.GetProperty("keyfile").GetString()!), Encoding.UTF8.GetBytes(root.GetProperty("password").GetString()!));
    }

    /// <summary>An independent .NET RSA object with the same key (.NET's own path: CNG on Windows, OpenSSL via .NET elsewhere).</summary>
    private static RSA Reference(LtpaRsaKey key)
    {
        var rsa = RSA.Create();
        RSAParameters parameters = key.ToParameters();
        rsa.ImportParameters(parameters);
        LtpaRsaKey.ClearParameters(parameters);
        return rsa;
    }

    private static byte[] ReferenceSign(RSA rsa, byte[] digest) => rsa.SignHash(digest, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

    private static bool ReferenceVerify(RSA rsa, LtpaRsaKey key, byte[] digest, byte[] signature)
    {
        if (signature.Length == 0 || signature.Length > key.ModulusBytes)
        {
            return false;
        }

        byte[] padded = new byte[key.ModulusBytes];
        signature.CopyTo(padded, key.ModulusBytes - signature.Length);
        try
        {
            return rsa.VerifyHash(digest, padded, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static byte[][] RandomDigests(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            byte[] digest = new byte[20];
            random.NextBytes(digest);
            return digest;
        }).ToArray();
    }

    private static T WithoutNative<T>(Func<T> action)
    {
        OpenSslRsa.Disabled = true;
        try
        {
            return action();
        }
        finally
        {
            OpenSslRsa.Disabled = false;
        }
    }

    [Fact]
    public void TheNativePathIsAvailableExactlyWhereDotNetRunsOnOpenSsl3()
    {
        Assert.Equal(NativeExpected, OpenSslRsa.IsAvailable);
        Assert.Equal(NativeExpected, OpenSslRsa.IsUsable);
        Assert.False(WithoutNative(() => OpenSslRsa.IsUsable));
    }

    [Fact]
    public void NativeSignaturesEqualDotNetsAndAllPathsAcceptThemOnRandomDigests()
    {
        using LtpaKeySet keys = ReadKeys("ltpa2-dev.json");
        LtpaRsaKey key = keys.RsaKey;
        using RSA reference = Reference(key);
        byte[][] digests = RandomDigests(1, 300);
        foreach (byte[] digest in digests)
        {
            byte[] signature = key.SignSha1Digest(digest);
            Assert.Equal(ReferenceSign(reference, digest), signature);
            Assert.True(key.VerifySha1Digest(digest, signature));
            Assert.True(key.PublicOperation.VerifyPkcs1Sha1(digest, signature));
            Assert.True(ReferenceVerify(reference, key, digest, signature));
        }

        Assert.Equal(NativeExpected ? digests.Length : 0, key.NativeSignCount);
        Assert.Equal(NativeExpected ? digests.Length : 0, key.NativeVerifyCount);
    }

    [Fact]
    public void BadSignaturesAreFalseOnEveryPathAndNeverThrow()
    {
        using LtpaKeySet keys = ReadKeys("ltpa2-dev.json");
        LtpaRsaKey key = keys.RsaKey;
        using RSA reference = Reference(key);
        byte[] digest = RandomDigests(2, 1)[0];
        byte[] good = key.SignSha1Digest(digest);
        byte[] modulus = LtpaCrypto.ToFixed(key.Modulus, key.ModulusBytes);
        byte[] flippedLow = (byte[])good.Clone();
        flippedLow[^1] ^= 0x01;
        byte[] flippedHigh = (byte[])good.Clone();
        flippedHigh[1] ^= 0x80;
        byte[] otherDigest = (byte[])digest.Clone();
        otherDigest[7] ^= 0x10;
        byte[] modulusPlusOne = (byte[])modulus.Clone();
        modulusPlusOne[^1] += 1; // n is odd, so no carry

        var cases = new (string Name, byte[] Digest, byte[] Signature)[]
        {
            ("flipped low bit", digest, flippedLow),
            ("flipped high bit", digest, flippedHigh),
            ("other digest", otherDigest, good),
            ("truncated", digest, good[..^1]),
            ("too long", digest, good.Concat(new byte[] { 0 }).ToArray()),
            ("too long, leading zero", digest, new byte[] { 0 }.Concat(good).ToArray()),
            ("zero, full length", digest, new byte[key.ModulusBytes]),
            ("zero, one byte", digest, new byte[1]),
            ("one", digest, new byte[] { 1 }),
            ("empty", digest, Array.Empty<byte>()),
            ("the modulus", digest, modulus),
            ("the modulus plus one", digest, modulusPlusOne),
            ("all ones", digest, Enumerable.Repeat((byte)0xFF, key.ModulusBytes).ToArray()),
        };

        long before = key.NativeVerifyCount;
        foreach (var (name, caseDigest, signature) in cases)
        {
            Assert.False(key.VerifySha1Digest(caseDigest, signature), name);
            Assert.False(key.PublicOperation.VerifyPkcs1Sha1(caseDigest, signature), name);
            Assert.False(ReferenceVerify(reference, key, caseDigest, signature), name);
            Assert.False(WithoutNative(() => key.VerifySha1Digest(caseDigest, signature)), name);
        }

        // Empty and too-long signatures are refused before any RSA path; the rest reached OpenSSL.
        Assert.Equal(NativeExpected ? cases.Length - 3 : 0, key.NativeVerifyCount - before);
        Assert.True(key.VerifySha1Digest(digest, good));
    }

    [Fact]
    public void ALeftTrimmedSignatureVerifiesAsToday()
    {
        using LtpaKeySet keys = ReadKeys("ltpa2-dev.json");
        LtpaRsaKey key = keys.RsaKey;
        using RSA reference = Reference(key);
        byte[]? digest = null, signature = null;
        foreach (byte[] candidate in RandomDigests(3, 5000))
        {
            byte[] s = ReferenceSign(reference, candidate);
            if (s[0] == 0)
            {
                digest = candidate;
                signature = s;
                break;
            }
        }

        Assert.NotNull(signature);
        byte[] trimmed = signature![1..];
        long before = key.NativeVerifyCount;
        Assert.True(key.VerifySha1Digest(digest!, trimmed));
        Assert.True(WithoutNative(() => key.VerifySha1Digest(digest!, trimmed)));
        Assert.True(key.PublicOperation.VerifyPkcs1Sha1(digest!, trimmed));
        Assert.Equal(NativeExpected ? 1 : 0, key.NativeVerifyCount - before);
        byte[] flipped = (byte[])trimmed.Clone();
        flipped[^1] ^= 1;
        Assert.False(key.VerifySha1Digest(digest!, flipped));
        Assert.False(WithoutNative(() => key.VerifySha1Digest(digest!, flipped)));
    }

    [Fact]
    public void TheSwitchedOffPathGivesIdenticalResultsWithoutTouchingOpenSsl()
    {
        using LtpaKeySet keys = ReadKeys("ltpa2-dev.json");
        LtpaRsaKey key = keys.RsaKey;
        byte[][] digests = RandomDigests(4, 40);
        byte[][] native = digests.Select(key.SignSha1Digest).ToArray();
        long signs = key.NativeSignCount, verifies = key.NativeVerifyCount;
        byte[][] fallback = WithoutNative(() => digests.Select(key.SignSha1Digest).ToArray());
        bool[] verdicts = WithoutNative(() => digests.Select((d, i) => key.VerifySha1Digest(d, native[i])).ToArray());
        bool[] crossed = WithoutNative(() => digests.Select((d, i) => key.VerifySha1Digest(d, native[(i + 1) % native.Length])).ToArray());
        Assert.Equal(signs, key.NativeSignCount);
        Assert.Equal(verifies, key.NativeVerifyCount);
        Assert.Equal(native, fallback);
        Assert.All(verdicts, v => Assert.True(v));
        Assert.All(crossed, v => Assert.False(v));
        Assert.Equal(NativeExpected ? digests.Length : 0, signs);

        // Switched back on, the same key uses OpenSSL again.
        Assert.True(key.VerifySha1Digest(digests[0], fallback[0]));
        Assert.Equal(verifies + (NativeExpected ? 1 : 0), key.NativeVerifyCount);
    }

    [Fact]
    public void ReferenceTokensValidateAndMintIdenticallyOnBothPaths()
    {
        int checkedTokens = 0, minted = 0;
        foreach (string file in TokenFiles)
        {
            using LtpaKeySet keys = ReadKeys(file);
            foreach (JsonElement vector in Vectors.Items(file))
            {
                string token = vector.GetProperty("token").GetString()!;
                JsonElement reference = vector.GetProperty("reference_verdict");
                var options = new LtpaValidationOptions { Now = Vectors.Millis(reference.GetProperty("clock_now_ms").GetInt64()), MaxExpirationDifference = TimeSpan.FromSeconds(3) };
                LtpaTokenInfo native = LtpaToken2.Decode(token, keys, options);
                LtpaTokenInfo managed = WithoutNative(() => LtpaToken2.Decode(token, keys, options));
                Assert.True(native.Verdict == managed.Verdict, $"{file} {vector.GetProperty("id").GetString()}: {native.Verdict} vs {managed.Verdict}");
                if (reference.GetProperty("result").GetString() == "isValid_true")
                {
                    Assert.Equal(LtpaTokenVerdict.Valid, native.Verdict);
                }

                checkedTokens++;
                JsonElement input = vector.GetProperty("input");
                if (input.TryGetProperty("access_id", out JsonElement accessId))
                {
                    var extras = input.GetProperty("extra_attributes_added_via_Token.addAttribute").EnumerateArray()
                        .Select(a => new KeyValuePair<string, string>(a[0].GetString()!, a[1].GetString()!)).ToList();
                    DateTimeOffset expiration = Vectors.Millis(input.GetProperty("clock_ms").GetInt64()).AddMinutes(input.GetProperty("expiration_minutes").GetInt32());
                    Assert.Equal(token, LtpaToken2.Mint(keys, accessId.GetString()!, expiration, extras, allowNonPortableUserId: true));
                    Assert.Equal(token, WithoutNative(() => LtpaToken2.Mint(keys, accessId.GetString()!, expiration, extras, allowNonPortableUserId: true)));
                    minted++;
                }
            }

            if (NativeExpected)
            {
                Assert.True(keys.RsaKey.NativeVerifyCount > 0, file);
                Assert.True(keys.RsaKey.NativeSignCount > 0, file);
            }
        }

        Assert.True(checkedTokens >= 20 && minted >= 10, $"{checkedTokens} tokens, {minted} minted");
    }

    [Fact]
    public void TheGenuineWebSphereTokenValidatesAndRemintsOnBothPaths()
    {
        JsonElement vector = Vectors.Item("twas-amlen-2013.json", "twas-2013-ltpa2");
        JsonElement expected = vector.GetProperty("expected");
        using LtpaKeySet keys = ReadKeys("twas-amlen-2013.json");
        string token = vector.GetProperty("token").GetString()!;
        long expiration = expected.GetProperty("expiration_ms").GetInt64();
        var options = new LtpaValidationOptions { Now = Vectors.Millis(expiration - 60_000), LibertyStrict = true, MaxExpirationDifference = TimeSpan.FromSeconds(3) };
        Assert.Equal(LtpaTokenVerdict.Valid, LtpaToken2.Decode(token, keys, options).Verdict);
        Assert.Equal(LtpaTokenVerdict.Valid, WithoutNative(() => LtpaToken2.Decode(token, keys, options).Verdict));
        Assert.Equal(token, LtpaToken2.Mint(keys, expected.GetProperty("access_id").GetString()!, Vectors.Millis(expiration)));
        Assert.Equal(token, WithoutNative(() => LtpaToken2.Mint(keys, expected.GetProperty("access_id").GetString()!, Vectors.Millis(expiration))));
        Assert.Equal(NativeExpected ? 1 : 0, keys.RsaKey.NativeVerifyCount);
        Assert.Equal(NativeExpected ? 1 : 0, keys.RsaKey.NativeSignCount);
    }

    [Fact]
    public void ConcurrentSigningAndVerifyingFromSeveralThreadsAgreeWithDotNet()
    {
        using LtpaKeySet keys = ReadKeys("ltpa2-dev.json");
        LtpaRsaKey key = keys.RsaKey;
        const int threads = 6, perThread = 60;
        byte[][] digests = RandomDigests(5, threads * perThread);
        byte[][] expected;
        using (RSA reference = Reference(key))
        {
            expected = digests.Select(d => ReferenceSign(reference, d)).ToArray();
        }

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var start = new Barrier(threads);
        Thread[] workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = t * perThread; i < (t + 1) * perThread; i++)
            {
                if (!key.SignSha1Digest(digests[i]).AsSpan().SequenceEqual(expected[i]))
                {
                    failures.Enqueue("signature " + i);
                }

                if (!key.VerifySha1Digest(digests[i], expected[i]))
                {
                    failures.Enqueue("good signature refused " + i);
                }

                if (key.VerifySha1Digest(digests[i], expected[(i + 1) % expected.Length]))
                {
                    failures.Enqueue("wrong signature accepted " + i);
                }
            }
        })).ToArray();
        foreach (Thread worker in workers)
        {
            worker.Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        Assert.Empty(failures);
        Assert.Equal(NativeExpected ? digests.Length : 0, key.NativeSignCount);
        Assert.Equal(NativeExpected ? 2 * digests.Length : 0, key.NativeVerifyCount);
    }

    [Fact]
    public void DisposingTheNativeKeyWhileOtherThreadsUseItIsSafe()
    {
        using LtpaKeySet keys = ReadKeys("ltpa2-dev.json");
        using RSA reference = Reference(keys.RsaKey);
        byte[][] digests = RandomDigests(6, 64);
        byte[][] expected = digests.Select(d => ReferenceSign(reference, d)).ToArray();
        for (int round = 0; round < 5; round++)
        {
            OpenSslRsaKey? native = OpenSslRsaKey.TryCreate(reference, keys.RsaKey.ModulusBytes);
            if (!NativeExpected)
            {
                Assert.Null(native);
                return;
            }

            Assert.NotNull(native);
            var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
            int calls = 0, unavailable = 0;
            using var stop = new ManualResetEventSlim();
            Thread[] workers = Enumerable.Range(0, 4).Select(t => new Thread(() =>
            {
                for (int i = t; !stop.IsSet; i++)
                {
                    int k = i % digests.Length;
                    byte[]? signature = native!.SignSha1(digests[k]);
                    bool? good = native.VerifySha1(digests[k], expected[k]);
                    bool? bad = native.VerifySha1(digests[k], expected[(k + 1) % digests.Length]);
                    Interlocked.Increment(ref calls);
                    if (signature == null || good == null || bad == null)
                    {
                        Interlocked.Increment(ref unavailable);
                    }

                    if ((signature != null && !signature.AsSpan().SequenceEqual(expected[k])) || good == false || bad == true)
                    {
                        failures.Enqueue($"round {round}, digest {k}");
                    }
                }
            })).ToArray();
            foreach (Thread worker in workers)
            {
                worker.Start();
            }

            while (Volatile.Read(ref calls) < 20)
            {
                Thread.Sleep(1);
            }

            native!.Dispose();

            // Let every thread make calls that start after Dispose (at most four were under way when it ran).
            int atDispose = Volatile.Read(ref calls);
            while (Volatile.Read(ref calls) < atDispose + 12)
            {
                Thread.Sleep(1);
            }

            stop.Set();
            foreach (Thread worker in workers)
            {
                worker.Join();
            }

            Assert.Empty(failures);
            Assert.True(unavailable > 0, "no call saw the disposed key");
            Assert.Null(native.SignSha1(digests[0]));
            Assert.Null(native.VerifySha1(digests[0], expected[0]));
        }
    }

    [Fact]
    public void DisposingTheKeySetWhileOtherThreadsVerifyNeverGivesAWrongAnswer()
    {
        LtpaKeySet keys = ReadKeys("ltpa2-dev.json");
        LtpaRsaKey key = keys.RsaKey;
        byte[][] digests = RandomDigests(7, 32);
        byte[][] signatures = digests.Select(key.SignSha1Digest).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        int calls = 0;
        using var stop = new ManualResetEventSlim();
        Thread[] workers = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (int i = t; !stop.IsSet; i++)
            {
                int k = i % digests.Length;
                if (!key.VerifySha1Digest(digests[k], signatures[k]) || key.VerifySha1Digest(digests[k], signatures[(k + 1) % digests.Length]))
                {
                    failures.Enqueue("digest " + k);
                }

                Interlocked.Increment(ref calls);
            }
        })).ToArray();
        foreach (Thread worker in workers)
        {
            worker.Start();
        }

        while (Volatile.Read(ref calls) < 40)
        {
            Thread.Sleep(1);
        }

        keys.Dispose();
        long afterDispose = key.NativeVerifyCount;
        Thread.Sleep(50);
        stop.Set();
        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        Assert.Empty(failures);
        Assert.Equal(NativeExpected, afterDispose > 0);

        // After Dispose the public half still verifies, by the managed path (the native copies are gone) ...
        long count = key.NativeVerifyCount;
        Assert.True(key.VerifySha1Digest(digests[0], signatures[0]));
        Assert.True(count - afterDispose <= 4, "at most the calls already under way finished natively");
        Assert.Equal(count, key.NativeVerifyCount);

        // ... and the key set refuses to be used.
        Assert.Throws<ObjectDisposedException>(() => keys.RsaKey);
    }

    private delegate nuint ErrPeekError();

    [Fact]
    public void AFailedNativeVerifyLeavesNoErrorForDotNetsOwnCryptography()
    {
        using LtpaKeySet keys = ReadKeys("ltpa2-dev.json");
        LtpaRsaKey key = keys.RsaKey;
        byte[] digest = RandomDigests(8, 1)[0];
        byte[] good = key.SignSha1Digest(digest);
        byte[] bad = (byte[])good.Clone();
        bad[^1] ^= 1;

        ErrPeekError? peek = null;
        if (NativeExpected)
        {
            Assert.True(NativeLibrary.TryLoad("libcrypto.so.3", out IntPtr library));
            peek = Marshal.GetDelegateForFunctionPointer<ErrPeekError>(NativeLibrary.GetExport(library, "ERR_peek_error"));
            Assert.Equal(0u, peek());
        }

        long before = key.NativeVerifyCount;
        Assert.False(key.VerifySha1Digest(digest, bad));
        Assert.False(key.VerifySha1Digest(digest, LtpaCrypto.ToFixed(key.Modulus, key.ModulusBytes)));
        Assert.Equal(NativeExpected ? 2 : 0, key.NativeVerifyCount - before);
        if (peek != null)
        {
            Assert.Equal(0u, peek());
        }

        // .NET's own RSA and AES on the same thread still work.
        using (var rsa = RSA.Create(1024))
        {
            byte[] signature = rsa.SignHash(digest, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
            Assert.True(rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));
            signature[^1] ^= 1;
            Assert.False(rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));
        }

        using (var aes = Aes.Create())
        {
            byte[] plain = Encoding.UTF8.GetBytes("after a failed native verify");
            byte[] cipher = aes.EncryptCbc(plain, aes.IV);
            Assert.Equal(plain, aes.DecryptCbc(cipher, aes.IV));
        }

        Assert.True(key.VerifySha1Digest(digest, good));
    }
}
