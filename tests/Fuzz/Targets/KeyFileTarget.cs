using System.Text;
using SametimeAdmin.Fuzz.Engine;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Fuzz.Targets;

/// <summary>
/// ltpa.keys read with its password (LtpaKeyFile.Read, as Get-LtpaKey and every -KeyPath parameter do).
/// Structure-aware: the Base64 key values are damaged as ciphertext, as text, or decrypted, changed (p = q = 1 with
/// or without a public modulus of 1, swapped primes, bad exponents, cut blobs) and encrypted again with the password.
/// Oracle: a changed file must not load other keys silently. Genuine 3DES keys carry no DES parity (see the vectors),
/// so a damaged 3DES key cannot be detected; it must at least show: a key set that loads with other key material
/// than a genuine one must not show the same fingerprints (every *Fingerprint property of LtpaKeySet). A damaged
/// (not re-encrypted) file never loads an RSA key pair other than a genuine one.
/// </summary>
public sealed class KeyFileTarget : FuzzTarget
{
    private const string Reencrypted = "reencrypt";
    private static readonly string[] Properties = { LtpaKeyFile.SharedKeyProperty, LtpaKeyFile.PrivateKeyProperty, LtpaKeyFile.PublicKeyProperty };

    private readonly List<FuzzSeed> seeds = new List<FuzzSeed>();

    public KeyFileTarget(FuzzFixtures fixtures)
    {
        foreach ((string file, string password) in fixtures.KeyFiles())
        {
            byte[] data = File.ReadAllBytes(fixtures.PathOf("vectors", file));
            byte[] passwordBytes = Encoding.UTF8.GetBytes(password);
            using LtpaKeySet keys = LtpaKeySet.FromKeyFile(Mutator.Latin1(data), passwordBytes);
            var material = new Material(passwordBytes, keys.ExportSharedKey(), keys.ExportPrivateKeyBlob(), keys.PublicKeyBlob, Fingerprints(keys), Signature(keys));
            seeds.Add(new FuzzSeed("vectors/" + file, data, material));
        }

        // The must-gather fixture's key file has no known password: it exercises the wrong-password path.
        byte[] mustGather = File.ReadAllBytes(fixtures.PathOf("mustgather", "ltpa.keys"));
        seeds.Add(new FuzzSeed("mustgather/ltpa.keys", mustGather, new Material(Encoding.UTF8.GetBytes("dev-LTPA-Passw0rd!"), null, null, null, string.Empty, null)));
    }

    public override string Name => "keyfile";

    public override string Description => "ltpa.keys files read with their password through LtpaKeyFile.Read";

    public override IReadOnlyList<FuzzSeed> Seeds => seeds;

    public override string FileExtension => ".keys";

    public override FuzzInput Next(Mutator mutator)
    {
        FuzzSeed seed = mutator.Pick(seeds);
        if (!mutator.Chance(3) || seed.Context is not Material { SharedKey: not null } material)
        {
            return mutator.Mutate(seed, seeds);
        }

        string text = Mutator.Latin1(seed.Data);
        string property = mutator.Pick(Properties);
        int start = text.IndexOf(property + "=", StringComparison.Ordinal);
        if (start < 0)
        {
            return mutator.Mutate(seed, seeds);
        }

        start += property.Length + 1;
        int end = text.IndexOfAny(new[] { '\r', '\n' }, start);
        end = end < 0 ? text.Length : end;
        string value = text[start..end];
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(value.Replace("\\=", "=").Replace("\\:", ":"));
        }
        catch (FormatException)
        {
            return mutator.Mutate(seed, seeds);
        }

        string how;
        string newValue;
        switch (mutator.Int(property == LtpaKeyFile.PublicKeyProperty ? 2 : 3))
        {
            case 0:
                how = "base64-char";
                char[] chars = value.ToCharArray();
                int at = mutator.Int(chars.Length);
                const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                chars[at] = alphabet[mutator.Int(alphabet.Length)];
                newValue = new string(chars);
                break;
            case 1:
                how = "ciphertext";
                newValue = Encode(MutateBytes(mutator, cipher));
                break;
            default:
                how = Reencrypted;
                byte[] passwordKey = LtpaCrypto.PasswordKey(material.Password);
                byte[]? plain = LtpaCrypto.TripleDesEcbDecrypt(passwordKey, cipher);
                if (plain == null)
                {
                    return mutator.Mutate(seed, seeds);
                }

                how = "shared-bytes";
                byte[] changed = property == LtpaKeyFile.SharedKeyProperty ? MutateBytes(mutator, plain) : MutatePrivateBlob(mutator, plain, out how);
                newValue = Encode(LtpaCrypto.TripleDesEcbEncrypt(passwordKey, changed));
                how = Reencrypted + "-" + how;
                break;
        }

        string result = text[..start] + newValue + text[end..];
        if (how.EndsWith("p=q=1", StringComparison.Ordinal) && mutator.Chance(2))
        {
            // A degenerate pair that passes n = p * q: the public modulus becomes 1 as well.
            byte[] degenerate = { 0, 0, 0, 1, material.PublicKey![^3], material.PublicKey[^2], material.PublicKey[^1] };
            result = ReplaceValue(result, LtpaKeyFile.PublicKeyProperty, Encode(degenerate));
            how += "+n=1";
        }

        return new FuzzInput(Mutator.FromLatin1(result), seed, property + ":" + how);
    }

    public override void Run(FuzzInput input, FuzzScratch scratch)
    {
        var material = (Material)input.Seed.Context!;
        string path = scratch.Write(input.Data, FileExtension);
        using LtpaKeySet keys = LtpaKeyFile.Read(path, material.Password);
        _ = keys.ToString();
        _ = keys.Created;
        byte[] shared = keys.ExportSharedKey();
        byte[] signature = Signature(keys);
        byte[] publicBlob = keys.PublicKeyBlob;
        string fingerprints = Fingerprints(keys);
        var samePassword = seeds.Select(s => (Material)s.Context!).Where(m => m.SharedKey != null && m.Password.AsSpan().SequenceEqual(material.Password)).ToList();
        foreach (Material genuine in samePassword.Where(m => m.Fingerprints == fingerprints))
        {
            // The private key is compared by what it does: p and q swapped (other CRT values) is the same key.
            string? differs = !genuine.SharedKey.AsSpan().SequenceEqual(shared) ? "3DES key"
                : !genuine.Signature.AsSpan().SequenceEqual(signature) ? "private key"
                : !genuine.PublicKey.AsSpan().SequenceEqual(publicBlob) ? "public key" : null;
            Check(differs == null, "KeyFileOtherKeysSameFingerprint",
                $"a changed key file loaded another {differs} but shows the fingerprint(s) of the genuine key set ({fingerprints})");
        }

        if (!input.Mutation.Contains(Reencrypted, StringComparison.Ordinal))
        {
            // Leading zero bytes before the modulus do not change the key (the blob is 00 || n || e).
            Check(samePassword.Any(m => m.Signature.AsSpan().SequenceEqual(signature) && WithoutLeadingZeros(m.PublicKey!).SequenceEqual(WithoutLeadingZeros(publicBlob))), "KeyFileOtherRsaKey",
                "a damaged key file loaded an RSA key pair that no genuine key file with this password holds");
        }
    }

    /// <summary>Every fingerprint the key set shows (whichever properties it has), as one comparable string.</summary>
    private static string Fingerprints(LtpaKeySet keys) => string.Join(" ", typeof(LtpaKeySet).GetProperties()
        .Where(p => p.PropertyType == typeof(string) && p.Name.Contains("Fingerprint", StringComparison.Ordinal))
        .OrderBy(p => p.Name, StringComparer.Ordinal)
        .Select(p => p.Name + "=" + (string?)p.GetValue(keys)));

    private static IEnumerable<byte> WithoutLeadingZeros(byte[] blob) => blob.SkipWhile(b => b == 0);

    private static string ReplaceValue(string text, string property, string value)
    {
        int start = text.IndexOf(property + "=", StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        start += property.Length + 1;
        int end = text.IndexOfAny(new[] { '\r', '\n' }, start);
        end = end < 0 ? text.Length : end;
        return text[..start] + value + text[end..];
    }

    private static void Check(bool condition, string oracle, string message)
    {
        if (!condition)
        {
            throw new WrongVerdictException(oracle, message);
        }
    }

    private static string Encode(byte[] data) => Convert.ToBase64String(data).Replace("=", "\\=");

    private static byte[] MutateBytes(Mutator mutator, byte[] data)
    {
        byte[] copy = (byte[])data.Clone();
        switch (mutator.Int(5))
        {
            case 0:
                if (copy.Length > 0)
                {
                    copy[mutator.Int(copy.Length)] ^= (byte)(1 << mutator.Int(8));
                }

                return copy;
            case 1:
                return copy.Take(mutator.Int(copy.Length + 1)).ToArray();
            case 2:
                return copy.Concat(new byte[8 * (1 + mutator.Int(2))]).ToArray();
            case 3:
                if (copy.Length >= 8)
                {
                    // One whole block replaced: under ECB only that block decrypts differently.
                    int block = mutator.Int(copy.Length / 8);
                    for (int i = 0; i < 8; i++)
                    {
                        copy[(block * 8) + i] = (byte)mutator.Int(256);
                    }
                }

                return copy;
            default:
                if (copy.Length > 0)
                {
                    copy[mutator.Int(copy.Length)] = (byte)mutator.Int(256);
                }

                return copy;
        }
    }

    /// <summary>Changes the decrypted private key blob (4-byte length | d | e(3) | p | q) where the RSA values live.</summary>
    private static byte[] MutatePrivateBlob(Mutator mutator, byte[] blob, out string how)
    {
        byte[] copy = (byte[])blob.Clone();
        if (copy.Length < 140)
        {
            how = "private-bytes";
            return MutateBytes(mutator, copy);
        }

        int dLength = (copy[0] << 24) | (copy[1] << 16) | (copy[2] << 8) | copy[3];
        int offset = 4 + dLength;
        int primeLength = (copy.Length - offset - 3) / 2;
        if (dLength <= 0 || offset + 3 + (2 * primeLength) != copy.Length)
        {
            how = "private-bytes";
            return MutateBytes(mutator, copy);
        }

        int p = offset + 3;
        int q = p + primeLength;
        switch (mutator.Int(7))
        {
            case 0:
                how = "p=q=1";
                Array.Clear(copy, p, 2 * primeLength);
                copy[p + primeLength - 1] = 1;
                copy[q + primeLength - 1] = 1;
                return copy;
            case 1:
                how = "swap-p-q";
                byte[] first = copy.AsSpan(p, primeLength).ToArray();
                copy.AsSpan(q, primeLength).CopyTo(copy.AsSpan(p));
                first.CopyTo(copy.AsSpan(q));
                return copy;
            case 2:
                how = "e=" + mutator.Pick(new[] { 0, 1, 2, 3 });
                copy[offset] = 0;
                copy[offset + 1] = 0;
                copy[offset + 2] = (byte)int.Parse(how[2..], System.Globalization.CultureInfo.InvariantCulture);
                return copy;
            case 3:
                how = "d-length";
                int length = mutator.Pick(new[] { 0, 1, dLength - 1, dLength + 1, int.MaxValue, copy.Length });
                copy[0] = (byte)(length >> 24);
                copy[1] = (byte)(length >> 16);
                copy[2] = (byte)(length >> 8);
                copy[3] = (byte)length;
                return copy;
            case 4:
                how = "d-bit";
                copy[4 + mutator.Int(dLength)] ^= (byte)(1 << mutator.Int(8));
                return copy;
            case 5:
                how = "prime-bit";
                copy[p + 1 + mutator.Int((2 * primeLength) - 1)] ^= (byte)(1 << mutator.Int(8));
                return copy;
            default:
                how = "q=1";
                Array.Clear(copy, q, primeLength);
                copy[q + primeLength - 1] = 1;
                return copy;
        }
    }

    /// <summary>A PKCS#1 v1.5 signature of a fixed digest: deterministic, so equal exactly for the same private key.</summary>
    private static byte[] Signature(LtpaKeySet keys) => keys.RsaKey.SignSha1Digest(new byte[20]);

    private sealed record Material(byte[] Password, byte[]? SharedKey, byte[]? PrivateKey, byte[]? PublicKey, string Fingerprints, byte[]? Signature);
}
