using System.Text;
using SametimeAdmin.Fuzz.Engine;

namespace SametimeAdmin.Fuzz.Targets;

/// <summary>
/// XML structure mutations: a DTD with nested entities (billion laughs), an external entity that points at a canary
/// file, parameter entities, attribute defaults; entity references in text and attribute values.
/// </summary>
internal static class XmlMutations
{
    /// <summary>Text an external entity would pull in; seeing it in any output means the parser read the canary file.</summary>
    public const string CanaryText = "FUZZ-CANARY-7d1f";

    public static string CanaryPath { get; } = CreateCanary();

    /// <summary>
    /// The mix the XML targets share: of every <paramref name="parts"/> inputs, one gets a structural change (a DTD,
    /// entities), <paramref name="valueParts"/> get a changed value in well-formed XML, the rest a byte-level mutation.
    /// </summary>
    public static FuzzInput NextMixed(Mutator mutator, IReadOnlyList<FuzzSeed> seeds, int parts, int valueParts)
    {
        FuzzSeed seed = mutator.Pick(seeds);
        int pick = mutator.Int(parts);
        if (pick == 0)
        {
            return Next(mutator, seed);
        }

        return pick <= valueParts ? MutateValue(mutator, seed) : mutator.Mutate(seed, seeds);
    }

    public static FuzzInput Next(Mutator mutator, FuzzSeed seed)
    {
        string text = Encoding.UTF8.GetString(seed.Data);
        int root = RootStart(text);
        if (root < 0)
        {
            return new FuzzInput(seed.Data, seed, "xml-no-root");
        }

        string rootName = new string(text.Skip(root + 1).TakeWhile(c => char.IsLetterOrDigit(c) || c == ':' || c == '_' || c == '-').ToArray());
        string canaryUri = new Uri(CanaryPath).AbsoluteUri;
        string how;
        string dtd;
        string reference = "&e;";
        switch (mutator.Int(5))
        {
            case 0:
                how = "billion-laughs";
                var laughs = new StringBuilder("<!ENTITY a \"lollollollol\">");
                char previous = 'a';
                // 10^depth expansions: small depths pass the parser's limits and must not reach the output unbounded.
                char last = (char)('a' + 1 + mutator.Int(9));
                for (char c = 'b'; c <= last; c++)
                {
                    laughs.Append("<!ENTITY ").Append(c).Append(" \"").Append(string.Concat(Enumerable.Repeat("&" + previous + ";", 10))).Append("\">");
                    previous = c;
                }

                laughs.Append("<!ENTITY e \"&").Append(last).Append(";\">");
                dtd = laughs.ToString();
                break;
            case 1:
                how = "external-entity";
                dtd = $"<!ENTITY e SYSTEM \"{canaryUri}\">";
                break;
            case 2:
                how = "parameter-entity";
                dtd = $"<!ENTITY % p SYSTEM \"{canaryUri}\"> %p; <!ENTITY e \"x\">";
                break;
            case 3:
                how = "attribute-default";
                dtd = "<!ATTLIST item name CDATA \"FuzzDefault\"><!ATTLIST ltpa keysPassword CDATA \"{xor}Lz4sLCgwLTs=\"><!ENTITY e \"ent\">";
                break;
            default:
                how = "internal-entity";
                dtd = "<!ENTITY e \"" + mutator.InterestingText().Replace("\"", "&#34;").Replace("&", "&#38;").Replace("<", "&#60;").Replace("%", "&#37;") + "\">";
                break;
        }

        string doctype = "<!DOCTYPE " + rootName + " [" + dtd + "]>";
        string withDtd = RemoveDoctype(text[..root]) + doctype + text[root..];
        int after = root + (withDtd.Length - text.Length);
        string result = InsertReference(mutator, withDtd, after, reference);
        return new FuzzInput(Mutator.Cap(Encoding.UTF8.GetBytes(result)), seed, how);
    }

    /// <summary>
    /// Keeps the document well-formed and changes one value: the text of an element or an attribute value becomes
    /// an interesting value (escaped), a mutated copy of itself, or a value taken from elsewhere in the document.
    /// </summary>
    public static FuzzInput MutateValue(Mutator mutator, FuzzSeed seed)
    {
        string text = Encoding.UTF8.GetString(seed.Data);
        var values = new List<(int Start, int End)>();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '>' && i + 1 < text.Length && text[i + 1] != '<')
            {
                int end = text.IndexOf('<', i + 1);
                if (end > i + 1 && text.AsSpan(i + 1, end - i - 1).Trim().Length > 0)
                {
                    values.Add((i + 1, end));
                }
            }
            else if ((text[i] == '"' || text[i] == '\'') && i > 0 && text[i - 1] == '=')
            {
                int end = text.IndexOf(text[i], i + 1);
                if (end > i)
                {
                    values.Add((i + 1, end));
                }
            }
        }

        if (values.Count == 0)
        {
            return new FuzzInput(seed.Data, seed, "xml-no-values");
        }

        (int start, int stop) = values[mutator.Int(values.Count)];
        string original = text[start..stop];
        string how;
        string replacement;
        switch (mutator.Int(3))
        {
            case 0:
                how = "xml-value-interesting";
                replacement = mutator.InterestingText();
                break;
            case 1:
                how = "xml-value-mutated";
                replacement = Encoding.UTF8.GetString(mutator.MutateOnce(Encoding.UTF8.GetBytes(original), new[] { seed }, out string inner));
                how += "-" + inner;
                break;
            default:
                how = "xml-value-swapped";
                (int otherStart, int otherEnd) = values[mutator.Int(values.Count)];
                replacement = System.Net.WebUtility.HtmlDecode(text[otherStart..otherEnd]);
                break;
        }

        string escaped = Escape(replacement);
        return new FuzzInput(Mutator.Cap(Encoding.UTF8.GetBytes(text[..start] + escaped + text[stop..])), seed, how);
    }

    /// <summary>Escapes markup and drops characters XML 1.0 cannot hold, so the document stays well-formed.</summary>
    private static string Escape(string value)
    {
        var result = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (c == '<')
            {
                result.Append("&lt;");
            }
            else if (c == '&')
            {
                result.Append("&amp;");
            }
            else if (c == '"')
            {
                result.Append("&quot;");
            }
            else if (c == '\'')
            {
                result.Append("&apos;");
            }
            else if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF && !char.IsSurrogate(c)))
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    /// <summary>Where the root element starts (the first '&lt;' followed by a name character), or -1.</summary>
    private static int RootStart(string text)
    {
        for (int i = text.IndexOf('<'); i >= 0 && i + 1 < text.Length; i = text.IndexOf('<', i + 1))
        {
            if (char.IsLetter(text[i + 1]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string RemoveDoctype(string prolog)
    {
        int start = prolog.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (start < 0)
        {
            return prolog;
        }

        int end = prolog.IndexOf('>', start);
        return end < 0 ? prolog[..start] : prolog[..start] + prolog[(end + 1)..];
    }

    /// <summary>Puts the reference into an attribute value or element text after the root start.</summary>
    private static string InsertReference(Mutator mutator, string text, int from, string reference)
    {
        var places = new List<int>();
        for (int i = from; i < text.Length - 1; i++)
        {
            if ((text[i] == '"' && i > 0 && text[i - 1] == '=') || (text[i] == '>' && text[i + 1] != '<'))
            {
                places.Add(i + 1);
            }
        }

        if (places.Count == 0)
        {
            return text;
        }

        int count = 1 + mutator.Int(3);
        string result = text;
        foreach (int at in places.OrderBy(_ => mutator.Int(1000)).Take(count).OrderByDescending(p => p))
        {
            result = result[..at] + reference + result[at..];
        }

        return result;
    }

    private static string CreateCanary()
    {
        string path = Path.Combine(Path.GetTempPath(), "sametimeadmin-fuzz-canary.txt");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, CanaryText);
        }

        return path;
    }
}
