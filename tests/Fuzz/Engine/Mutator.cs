using System.Text;

namespace SametimeAdmin.Fuzz.Engine;

/// <summary>
/// Generic byte and line mutations, deterministic from the seed given: bit flips, byte insert/delete/duplicate,
/// chunk splices between seeds, truncation, interesting values (long runs, huge numbers, unicode, NULs, CR/LF swaps).
/// One to four mutations are stacked per input.
/// </summary>
public sealed class Mutator
{
    /// <summary>Inputs are cut to this size, so a run stays about parsers, not about memory.</summary>
    public const int MaxInputBytes = 256 * 1024;

    private static readonly string[] Numbers =
    {
        "0", "-1", "1", "2147483647", "2147483648", "-2147483649", "4294967296", "9223372036854775807", "9223372036854775808",
        "99999999999999999999999999999999999999", "1e400", "-1e400", "NaN", "Infinity", "0x7fffffff", "00000000000000000001", "1.5", "-0",
    };

    private static readonly string[] Texts =
    {
        "\0", "\0\0\0\0", "\r", "\n", "\r\n", "\n\r", "\t", " ", "\u00e9", "\u00ff", "\u0100", "\u202e", "\ufeff", "\uffff", "\u2028",
        "\ud83d\ude00", "%", "%%", "$", "\\", "\\u", "\\u00", "\\uZZZZ", ":", "=", ";", ",", "|", "/", "<", ">", "&", "&amp;", "&#0;",
        "&#xD800;", "]]>", "<!--", "-->", "\"", "'", "{", "}", "[", "]", "null", "true", "%00", "%zz", "+", "==", "../", "C:\\",
    };

    private static readonly byte[][] RawBytes =
    {
        new byte[] { 0xEF, 0xBB, 0xBF }, new byte[] { 0xFF, 0xFE }, new byte[] { 0xFE, 0xFF }, new byte[] { 0xED, 0xA0, 0x80 },
        new byte[] { 0xC0, 0x80 }, new byte[] { 0x80 }, new byte[] { 0xFF }, new byte[] { 0xF4, 0x90, 0x80, 0x80 }, new byte[] { 0xC3 },
    };

    private static readonly char[] RunChars = { ' ', 'A', '0', '9', '\\', '%', '$', ':', '<', '[', '=', '\t', '/', '.', '-', '\0', '\r', '\n', 'é' };

    private readonly Random random;

    public Mutator(int seed)
    {
        random = new Random(seed);
    }

    public int Int(int maxExclusive) => maxExclusive <= 0 ? 0 : random.Next(maxExclusive);

    public bool Chance(int oneIn) => random.Next(oneIn) == 0;

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>An interesting value as text: a number, a special character or a long run.</summary>
    public string InterestingText()
    {
        switch (random.Next(3))
        {
            case 0:
                return Numbers[random.Next(Numbers.Length)];
            case 1:
                return Texts[random.Next(Texts.Length)];
            default:
                return new string(RunChars[random.Next(RunChars.Length)], RunLength());
        }
    }

    /// <summary>Applies 1–4 stacked generic mutations to a seed.</summary>
    public FuzzInput Mutate(FuzzSeed seed, IReadOnlyList<FuzzSeed> others)
    {
        byte[] data = seed.Data;
        int rounds = 1 + random.Next(4);
        var names = new List<string>(rounds);
        for (int i = 0; i < rounds; i++)
        {
            data = MutateOnce(data, others, out string name);
            names.Add(name);
        }

        return new FuzzInput(Cap(data), seed, string.Join("+", names));
    }

    /// <summary>One generic mutation of some bytes.</summary>
    public byte[] MutateOnce(byte[] data, IReadOnlyList<FuzzSeed> others, out string name)
    {
        switch (random.Next(14))
        {
            case 0:
                name = "bitflip";
                return FlipBits(data);
            case 1:
                name = "byte";
                return SetByte(data);
            case 2:
                name = "insert";
                return Insert(data, RandomBytes(1 + random.Next(16)));
            case 3:
                name = "delete";
                return Delete(data);
            case 4:
                name = "duplicate";
                return DuplicateRange(data);
            case 5:
                name = "splice";
                return Splice(data, Pick(others).Data);
            case 6:
                name = "truncate";
                return data.Length == 0 ? data : data.Take(random.Next(data.Length)).ToArray();
            case 7:
                name = "interesting";
                return InsertOrReplace(data, Encoding.UTF8.GetBytes(InterestingText()));
            case 8:
                name = "rawbytes";
                return InsertOrReplace(data, RawBytes[random.Next(RawBytes.Length)]);
            case 9:
                name = "newlines";
                return SwapNewlines(data);
            case 10:
                name = "lines";
                return MutateLines(data);
            case 11:
                name = "number";
                return ReplaceNumber(data);
            case 12:
                name = "cut-at-token";
                return CutAfterWord(data);
            default:
                name = "repeat-byte";
                return RepeatByte(data);
        }
    }

    public static byte[] Cap(byte[] data) => data.Length <= MaxInputBytes ? data : data.Take(MaxInputBytes).ToArray();

    /// <summary>Replaces (or inserts at) a random position with the given bytes.</summary>
    public byte[] InsertOrReplace(byte[] data, byte[] value)
    {
        if (data.Length == 0 || random.Next(2) == 0)
        {
            return Insert(data, value);
        }

        int at = random.Next(data.Length);
        int length = Math.Min(data.Length - at, random.Next(1 + Math.Min(value.Length, 32)));
        return Concat(data.AsSpan(0, at), value, data.AsSpan(at + length));
    }

    public byte[] Insert(byte[] data, byte[] value)
    {
        int at = random.Next(data.Length + 1);
        return Concat(data.AsSpan(0, at), value, data.AsSpan(at));
    }

    public static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        var result = new byte[a.Length + b.Length + c.Length];
        a.CopyTo(result);
        b.CopyTo(result.AsSpan(a.Length));
        c.CopyTo(result.AsSpan(a.Length + b.Length));
        return result;
    }

    private int RunLength()
    {
        int[] lengths = { 2, 17, 64, 255, 256, 1024, 4097, 65536 };
        return lengths[random.Next(lengths.Length)];
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private byte[] FlipBits(byte[] data)
    {
        if (data.Length == 0)
        {
            return data;
        }

        byte[] copy = (byte[])data.Clone();
        int flips = 1 + random.Next(4);
        for (int i = 0; i < flips; i++)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private byte[] SetByte(byte[] data)
    {
        if (data.Length == 0)
        {
            return RandomBytes(1);
        }

        byte[] copy = (byte[])data.Clone();
        byte[] special = { 0, 0xFF, 0x7F, 0x80, (byte)'\n', (byte)'\r', (byte)'"', (byte)'<', (byte)'%', (byte)'\\', (byte)'=' };
        copy[random.Next(copy.Length)] = random.Next(2) == 0 ? special[random.Next(special.Length)] : (byte)random.Next(256);
        return copy;
    }

    private byte[] Delete(byte[] data)
    {
        if (data.Length == 0)
        {
            return data;
        }

        int at = random.Next(data.Length);
        int length = 1 + random.Next(Math.Min(data.Length - at, random.Next(2) == 0 ? 8 : 512));
        return Concat(data.AsSpan(0, at), ReadOnlySpan<byte>.Empty, data.AsSpan(at + length));
    }

    private byte[] DuplicateRange(byte[] data)
    {
        if (data.Length == 0)
        {
            return data;
        }

        int at = random.Next(data.Length);
        int length = 1 + random.Next(Math.Min(data.Length - at, 256));
        byte[] chunk = data.AsSpan(at, length).ToArray();
        int times = random.Next(4) == 0 ? 1 + random.Next(64) : 1;
        byte[] repeated = Enumerable.Repeat(chunk, times).SelectMany(c => c).ToArray();
        return Insert(data, repeated);
    }

    private byte[] Splice(byte[] data, byte[] other)
    {
        if (other.Length == 0)
        {
            return data;
        }

        int from = random.Next(other.Length);
        int length = 1 + random.Next(Math.Min(other.Length - from, 2048));
        byte[] chunk = other.AsSpan(from, length).ToArray();
        if (data.Length == 0 || random.Next(2) == 0)
        {
            return Insert(data, chunk);
        }

        // Cross-over: the head of this input, then the chunk, then the rest from a random point.
        int cut = random.Next(data.Length);
        int resume = cut + random.Next(data.Length - cut + 1);
        return Concat(data.AsSpan(0, cut), chunk, data.AsSpan(resume));
    }

    private byte[] SwapNewlines(byte[] data)
    {
        string text = Latin1(data);
        switch (random.Next(5))
        {
            case 0:
                text = text.Replace("\r\n", "\n");
                break;
            case 1:
                text = text.Replace("\r\n", "\n").Replace("\n", "\r\n");
                break;
            case 2:
                text = text.Replace("\r\n", "\n").Replace('\n', '\r');
                break;
            case 3:
                text = text.Replace("\n", "\n\r");
                break;
            default:
                return text.Length == 0 ? data : ReplaceOne(data, (byte)'\n', new[] { (byte)'\r' });
        }

        return FromLatin1(text);
    }

    private byte[] ReplaceOne(byte[] data, byte from, byte[] to)
    {
        var positions = new List<int>();
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] == from)
            {
                positions.Add(i);
            }
        }

        if (positions.Count == 0)
        {
            return data;
        }

        int at = positions[random.Next(positions.Count)];
        return Concat(data.AsSpan(0, at), to, data.AsSpan(at + 1));
    }

    private byte[] MutateLines(byte[] data)
    {
        var lines = SplitLines(data);
        if (lines.Count == 0)
        {
            return data;
        }

        int i = random.Next(lines.Count);
        switch (random.Next(5))
        {
            case 0:
                lines.Insert(random.Next(lines.Count + 1), lines[i]);
                break;
            case 1:
                lines.RemoveAt(i);
                break;
            case 2:
                int j = random.Next(lines.Count);
                (lines[i], lines[j]) = (lines[j], lines[i]);
                break;
            case 3:
                // A line that ends in a backslash (a properties continuation), or a line cut in two.
                byte[] line = lines[i];
                int end = line.Length;
                while (end > 0 && (line[end - 1] == '\n' || line[end - 1] == '\r'))
                {
                    end--;
                }

                lines[i] = Concat(line.AsSpan(0, end), "\\"u8, line.AsSpan(end));
                break;
            default:
                byte[] whole = lines[i];
                int cut = random.Next(whole.Length + 1);
                lines[i] = Concat(whole.AsSpan(0, cut), "\n"u8, whole.AsSpan(cut));
                break;
        }

        return lines.SelectMany(l => l).ToArray();
    }

    /// <summary>Lines with their endings, so joining them gives the input back.</summary>
    public static List<byte[]> SplitLines(byte[] data)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] == '\n')
            {
                lines.Add(data.AsSpan(start, i + 1 - start).ToArray());
                start = i + 1;
            }
        }

        if (start < data.Length)
        {
            lines.Add(data.AsSpan(start).ToArray());
        }

        return lines;
    }

    private byte[] ReplaceNumber(byte[] data)
    {
        var starts = new List<int>();
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] >= '0' && data[i] <= '9' && (i == 0 || data[i - 1] < '0' || data[i - 1] > '9'))
            {
                starts.Add(i);
            }
        }

        if (starts.Count == 0)
        {
            return InsertOrReplace(data, Encoding.ASCII.GetBytes(Numbers[random.Next(Numbers.Length)]));
        }

        int at = starts[random.Next(starts.Count)];
        int end = at;
        while (end < data.Length && data[end] >= '0' && data[end] <= '9')
        {
            end++;
        }

        return Concat(data.AsSpan(0, at), Encoding.ASCII.GetBytes(Numbers[random.Next(Numbers.Length)]), data.AsSpan(end));
    }

    /// <summary>Cuts a line right after a word and a space (where readers expect more on the line).</summary>
    private byte[] CutAfterWord(byte[] data)
    {
        var spaces = new List<int>();
        for (int i = 1; i < data.Length; i++)
        {
            if ((data[i] == ' ' || data[i] == '=' || data[i] == ':' || data[i] == '>') && data[i - 1] != ' ')
            {
                spaces.Add(i);
            }
        }

        if (spaces.Count == 0)
        {
            return data;
        }

        int at = spaces[random.Next(spaces.Count)] + 1;
        int lineEnd = Array.IndexOf(data, (byte)'\n', at);
        return lineEnd < 0 ? data.Take(at).ToArray() : Concat(data.AsSpan(0, at), ReadOnlySpan<byte>.Empty, data.AsSpan(lineEnd));
    }

    private byte[] RepeatByte(byte[] data)
    {
        if (data.Length == 0)
        {
            return data;
        }

        int at = random.Next(data.Length);
        byte[] run = Enumerable.Repeat(data[at], RunLength()).ToArray();
        return Concat(data.AsSpan(0, at), run, data.AsSpan(at));
    }

    public static string Latin1(byte[] data) => Encoding.Latin1.GetString(data);

    public static byte[] FromLatin1(string text) => Encoding.Latin1.GetBytes(text);
}
