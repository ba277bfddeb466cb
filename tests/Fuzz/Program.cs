using System.Globalization;
using SametimeAdmin.Fuzz.Engine;
using SametimeAdmin.Fuzz.Targets;

namespace SametimeAdmin.Fuzz;

/// <summary>
/// dotnet SametimeAdmin.Fuzz.dll [--count N] [--seed S] [--targets a,b] [--timeout-ms T] [--out DIR] [--fixtures DIR] [--no-minimize]
/// Prints one line per target and a final summary; exit code 1 on any finding, 2 on a usage error.
/// With --replay FILE it runs one saved input through the first target given (with the context of the seed named by
/// --replay-seed, such as a key file's password; the first seed otherwise) and prints the outcome.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var options = new FuzzOptions { OutputDirectory = Path.Combine("out", "fuzz") };
        string[] targets = FuzzTargets.Names;
        string? fixturesPath = null;
        string? replay = null;
        string? replaySeed = null;
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--count":
                        options.Count = int.Parse(Value(), CultureInfo.InvariantCulture);
                        break;
                    case "--seed":
                        options.Seed = int.Parse(Value(), CultureInfo.InvariantCulture);
                        break;
                    case "--targets":
                        targets = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                        break;
                    case "--timeout-ms":
                        options.Timeout = TimeSpan.FromMilliseconds(int.Parse(Value(), CultureInfo.InvariantCulture));
                        break;
                    case "--out":
                        options.OutputDirectory = Value();
                        break;
                    case "--fixtures":
                        fixturesPath = Value();
                        break;
                    case "--replay":
                        replay = Value();
                        break;
                    case "--replay-seed":
                        replaySeed = Value();
                        break;
                    case "--no-minimize":
                        options.Minimize = false;
                        break;
                    default:
                        throw new ArgumentException($"Unknown argument '{args[i]}'.");
                }
            }

            foreach (string name in targets.Where(t => !FuzzTargets.Names.Contains(t)))
            {
                throw new ArgumentException($"Unknown target '{name}'; the targets are {string.Join(", ", FuzzTargets.Names)}.");
            }
        }
        catch (Exception ex) when (ex is ArgumentException || ex is FormatException || ex is OverflowException)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine("usage: SametimeAdmin.Fuzz [--count N] [--seed S] [--targets " + string.Join(",", FuzzTargets.Names) + "] [--timeout-ms T] [--out DIR] [--fixtures DIR] [--no-minimize]");
            Console.Error.WriteLine("       SametimeAdmin.Fuzz --targets TARGET --replay FILE [--replay-seed SEED-NAME]   (runs one saved input)");
            return 2;
        }

        FuzzFixtures fixtures = fixturesPath != null ? new FuzzFixtures(fixturesPath) : FuzzFixtures.Locate(Directory.GetCurrentDirectory());
        if (replay != null)
        {
            return Replay(FuzzTargets.Create(targets[0], fixtures), replay, replaySeed, options);
        }

        string output = Path.GetFullPath(options.OutputDirectory!);
        options.OutputDirectory = output;
        options.WorkDirectory = Path.Combine(output, ".work");
        foreach (string name in targets)
        {
            string folder = Path.Combine(output, name);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        options.Progress = Console.WriteLine;
        Console.WriteLine($"Fuzzing {string.Join(", ", targets)}: {options.Count} inputs each, seed {options.Seed}, time limit {options.Timeout.TotalMilliseconds:0} ms per input; findings go to {output}");
        var results = new List<FuzzTargetResult>();
        foreach (string name in targets)
        {
            FuzzTargetResult result = FuzzRunner.Run(FuzzTargets.Create(name, fixtures), options);
            results.Add(result);
            Console.WriteLine(FuzzReport.Line(result));
        }

        FuzzReport.WriteSummary(output, results, options);
        if (Directory.Exists(options.WorkDirectory))
        {
            try
            {
                Directory.Delete(options.WorkDirectory, recursive: true);
            }
            catch (IOException)
            {
                // An abandoned (hung) worker may still hold its scratch file open.
            }
        }

        int findings = results.Sum(r => r.Findings.Count);
        Console.WriteLine();
        foreach (FuzzTargetResult result in results.Where(r => r.Findings.Count > 0))
        {
            Console.WriteLine($"{result.Target}:");
            Console.Write(FuzzReport.Describe(result));
        }

        Console.WriteLine($"{results.Sum(r => r.Inputs)} inputs, {findings} distinct findings in {results.Count(r => r.Findings.Count > 0)} of {results.Count} targets ({output})");
        return findings > 0 ? 1 : 0;
    }

    private static int Replay(FuzzTarget target, string file, string? seedName, FuzzOptions options)
    {
        FuzzSeed seed = seedName == null ? target.Seeds[0] : target.Seeds.First(s => s.Name == seedName);
        var input = new FuzzInput(File.ReadAllBytes(file), seed, "replay");
        Directory.CreateDirectory(options.WorkDirectory);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Exception? error = null;
        try
        {
            target.Run(input, new FuzzScratch(options.WorkDirectory, "replay"));
        }
        catch (Exception ex)
        {
            error = ex;
        }

        FuzzFinding? finding = FuzzRunner.Classify(target, error);
        Console.WriteLine($"{target.Name}: {input.Data.Length} bytes with seed {seed.Name}: {clock.Elapsed.TotalMilliseconds:0} ms, "
            + (finding == null ? (error == null ? "no error" : "documented error: " + error.Message) : finding.Kind + " " + finding.Type + ": " + finding.Message));
        if (finding?.StackTop.Length > 0)
        {
            Console.WriteLine(finding.StackTop);
        }

        return finding == null ? 0 : 1;
    }
}
