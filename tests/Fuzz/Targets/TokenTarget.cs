using System.Text;
using System.Text.RegularExpressions;
using SametimeAdmin.Fuzz.Engine;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Fuzz.Targets;

/// <summary>
/// LTPA tokens of all three formats (LtpaToken2, WebSphere LtpaToken, Domino LtpaToken) read by LtpaTokenReader with
/// the vectors' key sets and Domino secret, as ConvertFrom-LtpaToken does: bare values, name=value pairs, Cookie: and
/// Set-Cookie: lines. Structure-aware: the Base64 segment is decoded and its bytes changed, or the token is decrypted
/// with its key, its plaintext fields ('%', '$', ':' separators) changed and encrypted again.
/// Contract: bad tokens give a verdict, never an exception. Oracle: a token read as Valid carries the signed content
/// (format, user, realm, user data; for Domino also the signed times) of a seed token whose signature verifies
/// (an expired seed counts: an unsigned expiration field may legitimately be changed by whoever holds the key).
/// </summary>
public sealed class TokenTarget : FuzzTarget
{
    private static readonly Regex Base64Run = new Regex(@"[A-Za-z0-9+/]{16,}={0,2}", RegexOptions.CultureInvariant);
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero);

    private readonly List<FuzzSeed> seeds = new List<FuzzSeed>();
    private readonly IReadOnlyList<LtpaKeySet> keySets;
    private readonly LtpaTokenReader reader;
    private readonly HashSet<string> signedContents = new HashSet<string>(StringComparer.Ordinal);

    public TokenTarget(FuzzFixtures fixtures)
    {
        keySets = fixtures.KeySets();
        reader = new LtpaTokenReader(keySets, fixtures.DominoSecret(), new LtpaValidationOptions { Now = Now });
        var tokens = fixtures.Tokens();
        foreach ((string id, string token) in tokens)
        {
            string cookie = id.StartsWith("ltpa2", StringComparison.Ordinal) || id.EndsWith("ltpa2", StringComparison.Ordinal) ? LtpaToken2.CookieName : DominoLtpaToken.CookieName;
            seeds.Add(new FuzzSeed(id, Encoding.UTF8.GetBytes(token)));
            seeds.Add(new FuzzSeed(id + " (pair)", Encoding.UTF8.GetBytes(cookie + "=" + token)));
        }

        string first2 = tokens.First(t => t.Id.StartsWith("ltpa2-dev-01", StringComparison.Ordinal)).Token;
        string firstDomino = tokens.First(t => t.Id.StartsWith("domino-dev-01", StringComparison.Ordinal)).Token;
        seeds.Add(new FuzzSeed("cookie header", Encoding.UTF8.GetBytes($"Cookie: JSESSIONID=0000abc:-1; LtpaToken={firstDomino}; LtpaToken2={Uri.EscapeDataString(first2)}")));
        seeds.Add(new FuzzSeed("set-cookie header", Encoding.UTF8.GetBytes($"Set-Cookie: LtpaToken2=\"{first2}\"; Path=/; Domain=.example.com; HttpOnly\nSet-Cookie: LtpaToken={firstDomino}; Path=/")));

        foreach (FuzzSeed seed in seeds)
        {
            foreach (LtpaTokenInfo info in reader.Read(Encoding.UTF8.GetString(seed.Data)))
            {
                if (info.Verdict is LtpaTokenVerdict.Valid or LtpaTokenVerdict.Expired or LtpaTokenVerdict.NotYetValid)
                {
                    signedContents.Add(SignedContent(info));
                }
            }
        }
    }

    public override string Name => "token";

    public override string Description => "LTPA tokens (all three formats) read by LtpaTokenReader with the vectors' key sets and Domino secret";

    public override IReadOnlyList<FuzzSeed> Seeds => seeds;

    /// <summary>The reader's contract: a verdict for every token, never an exception.</summary>
    public override bool IsDocumented(Exception exception) => false;

    public override FuzzInput Next(Mutator mutator)
    {
        FuzzSeed seed = mutator.Pick(seeds);
        if (mutator.Chance(2))
        {
            return mutator.Mutate(seed, seeds);
        }

        string text = Encoding.UTF8.GetString(seed.Data);
        MatchCollection runs = Base64Run.Matches(text);
        if (runs.Count == 0)
        {
            return mutator.Mutate(seed, seeds);
        }

        Match run = runs[mutator.Int(runs.Count)];
        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(run.Value);
        }
        catch (FormatException)
        {
            return mutator.Mutate(seed, seeds);
        }

        string how;
        byte[] changed;
        if (mutator.Chance(2) && TryReencrypt(mutator, raw, out changed, out how))
        {
            how = "reencrypt-" + how;
        }
        else
        {
            changed = mutator.MutateOnce(raw, seeds, out how);
            how = "raw-" + how;
        }

        string encoded = Convert.ToBase64String(changed);
        if (mutator.Chance(8))
        {
            encoded = Uri.EscapeDataString(encoded);
            how += "-urlencoded";
        }

        byte[] data = Encoding.UTF8.GetBytes(text[..run.Index] + encoded + text[(run.Index + run.Length)..]);
        return new FuzzInput(Mutator.Cap(data), seed, how);
    }

    public override void Run(FuzzInput input, FuzzScratch scratch)
    {
        string text = Encoding.UTF8.GetString(input.Data);
        foreach (LtpaTokenInfo info in reader.Read(text))
        {
            _ = info.ToString();
            _ = info.CanonicalUserData;
            if (info.IsValid && !signedContents.Contains(SignedContent(info)))
            {
                throw new WrongVerdictException("ForgedTokenValid",
                    $"a changed {info.Format} token was read as Valid with content no seed token signs: user '{info.User}', realm '{info.Realm}'");
            }
        }
    }

    private static string SignedContent(LtpaTokenInfo info)
    {
        string times = info.Format == LtpaTokenFormat.DominoLtpaToken ? $"{info.Creation:O}|{info.Expiration:O}" : string.Empty;
        return $"{info.Format}|{info.User}|{info.Realm}|{info.CanonicalUserData ?? info.UserData}|{times}";
    }

    /// <summary>Decrypts with whichever key set opens the token, changes the plaintext fields and encrypts again.</summary>
    private bool TryReencrypt(Mutator mutator, byte[] raw, out byte[] result, out string how)
    {
        foreach (LtpaKeySet keys in keySets)
        {
            bool aes = raw.Length % 16 == 0;
            byte[]? plain = aes ? keys.AesDecrypt(raw) : null;
            if (plain == null && raw.Length % 8 == 0)
            {
                aes = false;
                plain = keys.TripleDesDecrypt(raw);
            }

            if (plain == null)
            {
                continue;
            }

            byte[] changed = MutatePlaintext(mutator, plain, out how);
            result = aes ? keys.AesEncrypt(changed) : keys.TripleDesEncrypt(changed);
            how = (aes ? "aes-" : "3des-") + how;
            return true;
        }

        result = raw;
        how = string.Empty;
        return false;
    }

    /// <summary>The start of a value, printable, for the mutation note (the input itself is encrypted).</summary>
    private static string Abbreviate(string value) =>
        (value.Length > 24 ? value[..24] + "...(" + value.Length + " chars)" : value).Replace("\0", "\\0").Replace("\r", "\\r").Replace("\n", "\\n");

    /// <summary>Plaintext is "userdata%expiration%signature" (user data "name:value$name:value" with '\' escapes).</summary>
    private byte[] MutatePlaintext(Mutator mutator, byte[] plain, out string how)
    {
        string text = Mutator.Latin1(plain);
        var fields = new List<string>(text.Split('%'));
        int i = mutator.Int(fields.Count);
        switch (mutator.Int(6))
        {
            case 0:
                how = $"drop-field{i}";
                fields.RemoveAt(i);
                break;
            case 1:
                how = $"duplicate-field{i}";
                fields.Insert(i, fields[i]);
                break;
            case 2:
                fields[i] = mutator.InterestingText();
                how = $"field{i}-value({Abbreviate(fields[i])})";
                break;
            case 3:
                how = "userdata-attribute";
                string[] attributes = fields[0].Split('$');
                int a = mutator.Int(attributes.Length);
                attributes[a] = mutator.Chance(2) ? attributes[a] + mutator.InterestingText() : mutator.InterestingText() + ":" + mutator.InterestingText();
                fields[0] = string.Join("$", attributes);
                break;
            case 4:
                how = "separator";
                string sep = mutator.Pick(new[] { "%", "$", ":", "\\", "|" });
                int at = mutator.Int(fields[i].Length + 1);
                fields[i] = fields[i][..at] + sep + fields[i][at..];
                break;
            default:
                return mutator.MutateOnce(plain, seeds, out how);
        }

        return Mutator.FromLatin1(string.Join("%", fields));
    }
}
