using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Ltpa;

/// <summary>Randomly corrupted key files and tokens give typed errors or verdicts, never any other exception.</summary>
public class MutationTests
{
    private const int Iterations = 5000;

    private static string Mutate(Random random, string text)
    {
        char[] chars = text.ToCharArray();
        switch (random.Next(7))
        {
            case 0: // bit flip
                int i = random.Next(chars.Length);
                chars[i] = (char)(chars[i] ^ (1 << random.Next(7)));
                return new string(chars);
            case 1: // truncation
                return text.Substring(0, random.Next(text.Length));
            case 2: // a deleted line
                var lines = text.Split('\n').ToList();
                lines.RemoveAt(random.Next(lines.Count));
                return string.Join("\n", lines);
            case 3: // garbage inserted
                byte[] garbage = new byte[random.Next(1, 40)];
                random.NextBytes(garbage);
                return text.Insert(random.Next(text.Length), Encoding.Latin1.GetString(garbage));
            case 4: // characters swapped
                int a = random.Next(chars.Length), b = random.Next(chars.Length);
                (chars[a], chars[b]) = (chars[b], chars[a]);
                return new string(chars);
            case 5: // several flips
                for (int k = 0; k < 5; k++)
                {
                    int j = random.Next(chars.Length);
                    chars[j] = (char)random.Next(32, 256);
                }

                return new string(chars);
            default: // pure garbage
                byte[] noise = new byte[random.Next(0, 1200)];
                random.NextBytes(noise);
                return Encoding.Latin1.GetString(noise);
        }
    }

    [Fact]
    public void CorruptedKeyFilesGiveOnlyTypedErrors()
    {
        var random = new Random(20260101);
        string[] originals = { Fixtures.ReadText("vectors", "ltpa-dev.keys"), Fixtures.ReadText("vectors", "twas-amlen-2013.keys") };
        string[] passwords = { "dev-LTPA-Passw0rd!", "password" };
        var errorIds = new HashSet<string>();
        int accepted = 0;
        for (int n = 0; n < Iterations; n++)
        {
            int which = n % 2;
            string text = Mutate(random, originals[which]);
            try
            {
                using LtpaKeySet keys = LtpaKeySet.FromKeyFile(text, Encoding.UTF8.GetBytes(passwords[which]));
                accepted++; // harmless edits (comments, whitespace, the unread properties) keep the keys usable
                Assert.Equal(1024, keys.KeySize);
            }
            catch (SametimeAdminException ex)
            {
                Assert.StartsWith("KeyFile", ex.ErrorId, StringComparison.Ordinal);
                errorIds.Add(ex.ErrorId);
            }
        }

        Assert.True(accepted > 0 && accepted < Iterations);
        Assert.Contains("KeyFileWrongPassword", errorIds);
        Assert.Contains("KeyFileNotBase64", errorIds);
        Assert.Contains("KeyFileMissingProperty", errorIds);
    }

    [Fact]
    public void CorruptedTokensGiveOnlyVerdicts()
    {
        var random = new Random(20260102);
        LtpaKeySet keys = Vectors.KeysFor("ltpa2-dev.json");
        byte[] secret = new byte[20];
        string[] tokens =
        {
            Vectors.Item("ltpa2-dev.json", "ltpa2-dev-05-extra-attributes").GetProperty("token").GetString()!,
            Vectors.Item("ltpa1-dev.json", "ltpa1-dev-01-plain").GetProperty("token").GetString()!,
            Vectors.Item("domino-dev.json", "domino-dev-01-canonical").GetProperty("token").GetString()!,
        };
        var reader = new LtpaTokenReader(new[] { keys }, secret, new LtpaValidationOptions { Now = Vectors.Millis(4102444000000), LibertyStrict = true });
        var verdicts = new HashSet<LtpaTokenVerdict>();
        for (int n = 0; n < Iterations; n++)
        {
            string token = tokens[n % 3];
            string mutated = random.Next(4) == 0
                ? Convert.ToBase64String(MutateBytes(random, Convert.FromBase64String(token)))
                : Mutate(random, token);
            string input = (n % 5) switch
            {
                0 => "Cookie: LtpaToken2=" + mutated,
                1 => "LtpaToken=" + mutated,
                _ => mutated,
            };
            foreach (LtpaTokenInfo info in reader.Read(input))
            {
                verdicts.Add(info.Verdict);
                Assert.NotNull(info.Reason);
            }

            verdicts.Add(LtpaToken2.Decode(mutated, keys).Verdict);
            verdicts.Add(WebSphereLtpaToken.Decode(mutated, keys).Verdict);
            verdicts.Add(DominoLtpaToken.Decode(mutated, secret).Verdict);
        }

        Assert.Contains(LtpaTokenVerdict.Malformed, verdicts);
        Assert.Contains(LtpaTokenVerdict.NotDecryptable, verdicts);
        Assert.Contains(LtpaTokenVerdict.BadSignature, verdicts);
    }

    private static byte[] MutateBytes(Random random, byte[] bytes)
    {
        byte[] copy = (byte[])bytes.Clone();
        int flips = random.Next(1, 4);
        for (int i = 0; i < flips; i++)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }
}
