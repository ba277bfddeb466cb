using System.Globalization;
using System.Text;

namespace SametimeAdmin.Fuzz.Engine;

/// <summary>Writes failing inputs to out/fuzz/&lt;target&gt;/ and the summaries; formats the console lines.</summary>
public static class FuzzReport
{
    public static string SaveInput(string outputDirectory, FuzzTarget target, FuzzFinding finding, byte[] data, string suffix)
    {
        string folder = Path.Combine(outputDirectory, target.Name);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"{finding.Kind}-{finding.Id}-{suffix}{target.FileExtension}");
        File.WriteAllBytes(path, data);
        return path;
    }

    public static string Line(FuzzTargetResult result)
    {
        int exceptions = result.Findings.Where(f => f.Kind == FindingKind.UnhandledException).Sum(f => f.Count);
        int verdicts = result.Findings.Where(f => f.Kind == FindingKind.WrongVerdict).Sum(f => f.Count);
        int hangs = result.Findings.Where(f => f.Kind == FindingKind.Hang).Sum(f => f.Count);
        string stopped = result.Stopped != null ? " (" + result.Stopped + ")" : string.Empty;
        return string.Format(CultureInfo.InvariantCulture,
            "{0,-12} {1,8} inputs {2,8:0.0} s {3,8:0}/s  max {4,6:0} ms  {5,3}% refused  {6} distinct findings: {7} unhandled, {8} wrong verdicts, {9} hangs{10}",
            result.Target, result.Inputs, result.Elapsed.TotalSeconds, result.InputsPerSecond, result.MaxInputMilliseconds,
            result.Inputs > 0 ? 100 * result.Refused / result.Inputs : 0, result.Findings.Count, exceptions, verdicts, hangs, stopped);
    }

    /// <summary>A readable description of every finding (also what the summary files hold).</summary>
    public static string Describe(FuzzTargetResult result)
    {
        var text = new StringBuilder();
        foreach (FuzzFinding finding in result.Findings)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{finding.Kind}] {finding.Type} x{finding.Count} (id {finding.Id})\n");
            text.Append(CultureInfo.InvariantCulture, $"  message: {OneLine(finding.Message, 300)}\n");
            if (finding.StackTop.Length > 0)
            {
                text.Append("  stack:\n");
                foreach (string frame in finding.StackTop.Split('\n'))
                {
                    text.Append("    at ").Append(frame).Append('\n');
                }
            }

            if (finding.FirstInput != null)
            {
                text.Append(CultureInfo.InvariantCulture, $"  seed: {finding.FirstInput.Seed.Name}; mutation: {finding.FirstInput.Mutation}; {finding.FirstInput.Data.Length} bytes\n");
            }

            if (finding.Minimized != null)
            {
                text.Append(CultureInfo.InvariantCulture, $"  minimal reproducer ({finding.Minimized.Length} bytes): {Show(finding.Minimized, 600)}\n");
            }
            else if (finding.FirstInput != null)
            {
                text.Append(CultureInfo.InvariantCulture, $"  input: {Show(finding.FirstInput.Data, 600)}\n");
            }

            foreach (string file in finding.SavedFiles)
            {
                text.Append("  input: ").Append(file).Append('\n');
            }
        }

        return text.ToString();
    }

    public static void WriteTarget(FuzzTargetResult result, FuzzTarget target, FuzzOptions options)
    {
        string folder = Path.Combine(options.OutputDirectory!, target.Name);
        Directory.CreateDirectory(folder);
        foreach (FuzzFinding finding in result.Findings.Where(f => f.Minimized != null))
        {
            File.WriteAllBytes(Path.Combine(folder, $"{finding.Kind}-{finding.Id}-min{target.FileExtension}"), finding.Minimized!);
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"target: {target.Name} - {target.Description}\nseed: {options.Seed}; per-input time limit: {options.Timeout.TotalMilliseconds:0} ms\n");
        text.Append(Line(result)).Append("\n\n").Append(Describe(result));
        File.WriteAllText(Path.Combine(folder, "summary.txt"), text.ToString());
    }

    public static void WriteSummary(string outputDirectory, IReadOnlyList<FuzzTargetResult> results, FuzzOptions options)
    {
        Directory.CreateDirectory(outputDirectory);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"seed {options.Seed}, {options.Count} inputs per target, per-input time limit {options.Timeout.TotalMilliseconds:0} ms\n");
        foreach (FuzzTargetResult result in results)
        {
            text.Append(Line(result)).Append('\n');
        }

        File.WriteAllText(Path.Combine(outputDirectory, "summary.txt"), text.ToString());
    }

    /// <summary>Text when the bytes are printable ASCII (escapes for CR, LF, tab), otherwise hex.</summary>
    public static string Show(byte[] data, int max)
    {
        bool printable = data.All(b => (b >= 0x20 && b < 0x7F) || b == '\n' || b == '\r' || b == '\t');
        if (printable)
        {
            string text = Encoding.ASCII.GetString(data).Replace("\\", "\\\\").Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t");
            return "text \"" + (text.Length > max ? text[..max] + "..." : text) + "\"";
        }

        string hex = Convert.ToHexString(data.Length > max / 2 ? data[..(max / 2)] : data);
        return "hex " + hex + (data.Length > max / 2 ? "..." : string.Empty);
    }

    private static string OneLine(string text, int max)
    {
        string line = text.Replace("\r", " ").Replace("\n", " ");
        return line.Length > max ? line[..max] + "..." : line;
    }
}
