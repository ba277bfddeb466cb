using System.Text;
using SametimeAdmin.Diagnostics;
using SametimeAdmin.Fuzz.Engine;

namespace SametimeAdmin.Fuzz.Targets;

/// <summary>
/// Browser captures (HAR) read by CapturedSession.Read (the checklist's end-user access checks). Structure-aware: JSON
/// values are replaced by values of other types (objects, arrays, huge numbers, strings) and nesting is deepened.
/// </summary>
public sealed class HarTarget : FuzzTarget
{
    private static readonly string[] Values =
    {
        "{}", "[]", "null", "true", "1e400", "-1", "99999999999999999999", "2147483648", "1.5", "\"\"", "\"x\"", "\"http://[::1\"",
        "\"/stwebapi/\"", "\"https://host/stwebapi/user/connect?loginType=%E0%A4%A\"", "{\"a\":1}", "[1,2]", "\"\\u0000\"", "\"\\ud800\"",
    };

    private readonly List<FuzzSeed> seeds;

    public HarTarget(FuzzFixtures fixtures)
    {
        seeds = fixtures.Files("checklist", "*.har").Concat(fixtures.Files("mustgather", "*.har")).ToList();
    }

    public override string Name => "har";

    public override string Description => "HAR captures through CapturedSession.Read";

    public override IReadOnlyList<FuzzSeed> Seeds => seeds;

    public override string FileExtension => ".har";

    public override FuzzInput Next(Mutator mutator)
    {
        FuzzSeed seed = mutator.Pick(seeds);
        if (!mutator.Chance(3))
        {
            return mutator.Mutate(seed, seeds);
        }

        string text = Encoding.UTF8.GetString(seed.Data);
        var colons = new List<int>();
        for (int i = 0; i < text.Length - 1; i++)
        {
            if (text[i] == ':' && i > 0 && text[i - 1] == '"')
            {
                colons.Add(i + 1);
            }
        }

        if (colons.Count == 0)
        {
            return mutator.Mutate(seed, seeds);
        }

        int start = colons[mutator.Int(colons.Count)];
        int end = ValueEnd(text, start);
        string value = mutator.Chance(10)
            ? new string('[', 200 + mutator.Int(5000)) + new string(']', 200)
            : mutator.Pick(Values);
        return new FuzzInput(Mutator.Cap(Encoding.UTF8.GetBytes(text[..start] + " " + value + text[end..])), seed, "json-value");
    }

    public override void Run(FuzzInput input, FuzzScratch scratch)
    {
        string path = scratch.Write(input.Data, FileExtension);
        foreach (CapturedRequest request in CapturedSession.Read(path))
        {
            _ = request.Url.AbsolutePath;
        }
    }

    /// <summary>The end of the JSON value starting at <paramref name="start"/> (a string, or up to the next ',' or closing bracket at its depth).</summary>
    private static int ValueEnd(string text, int start)
    {
        int depth = 0;
        bool inString = false;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                    if (depth == 0)
                    {
                        return i + 1;
                    }
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{':
                case '[':
                    depth++;
                    break;
                case '}':
                case ']':
                    if (depth == 0)
                    {
                        return i;
                    }

                    depth--;
                    if (depth == 0)
                    {
                        return i + 1;
                    }

                    break;
                case ',':
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return text.Length;
    }
}
