using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace SametimeAdmin.Fuzz.Engine;

public enum FindingKind
{
    UnhandledException,
    WrongVerdict,
    Hang,
}

/// <summary>One distinct problem of a target (inputs that fail the same way are counted together).</summary>
public sealed class FuzzFinding
{
    public FuzzFinding(FindingKind kind, string signature, string type, string message, string stackTop)
    {
        Kind = kind;
        Signature = signature;
        Type = type;
        Message = message;
        StackTop = stackTop;
    }

    public FindingKind Kind { get; }

    /// <summary>Kind, exception type (or oracle) and first frame in the module: what groups inputs together.</summary>
    public string Signature { get; }

    public string Type { get; }

    public string Message { get; }

    public string StackTop { get; }

    public int Count { get; set; }

    public FuzzInput? FirstInput { get; set; }

    /// <summary>The first input cut down while it still fails the same way (null for hangs).</summary>
    public byte[]? Minimized { get; set; }

    public List<string> SavedFiles { get; } = new List<string>();

    public string Id => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Signature)))[..10].ToLowerInvariant();
}

public sealed class FuzzTargetResult
{
    public FuzzTargetResult(string target)
    {
        Target = target;
    }

    public string Target { get; }

    public int Inputs { get; set; }

    public TimeSpan Elapsed { get; set; }

    public double MaxInputMilliseconds { get; set; }

    /// <summary>Inputs the parser refused with its documented error (the rest were accepted, or are findings).</summary>
    public int Refused { get; set; }

    public List<FuzzFinding> Findings { get; } = new List<FuzzFinding>();

    /// <summary>Why the target stopped early (too many hangs), or null.</summary>
    public string? Stopped { get; set; }

    public double InputsPerSecond => Elapsed.TotalSeconds > 0 ? Inputs / Elapsed.TotalSeconds : 0;
}

public sealed class FuzzOptions
{
    public int Count { get; set; } = 100_000;

    public int Seed { get; set; } = 1;

    /// <summary>
    /// Per-input time limit: an input that used this much CPU time (Linux; wall-clock time elsewhere), or ten times
    /// as much wall-clock time and at least <see cref="BlockedTimeout"/>, is a hang.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Where CPU time is measured: the wall-clock time after which an input that uses none (it blocks) is a hang.</summary>
    public TimeSpan BlockedTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Where failing inputs and summaries go (out/fuzz); null keeps them in memory only.</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>Scratch folder for inputs that parsers read from a file.</summary>
    public string WorkDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "sametimeadmin-fuzz");

    /// <summary>Inputs saved per distinct finding.</summary>
    public int SavedPerFinding { get; set; } = 3;

    /// <summary>A target that hangs this many times is stopped (each hang leaves a busy thread behind).</summary>
    public int MaxHangs { get; set; } = 3;

    public bool Minimize { get; set; } = true;

    public Action<string>? Progress { get; set; }
}

/// <summary>
/// Runs a target's inputs one after the other on a worker thread, watched by the calling thread: an input still
/// running after the time limit is a hang (its input is saved, the worker abandoned and a fresh one carries on).
/// Every other outcome is classified as the target's documented result, an unhandled exception, or a wrong verdict
/// (an oracle failed). The worker also minimises the first input of each finding. Inputs are generated under a
/// lock from one seeded generator, so a run is repeatable from its seed.
/// </summary>
public static class FuzzRunner
{
    private const int MinimizeBudget = 1500;

    public static FuzzTargetResult Run(FuzzTarget target, FuzzOptions options)
    {
        Directory.CreateDirectory(options.WorkDirectory);
        var session = new Session(target, options);
        session.Execute();
        if (options.OutputDirectory != null)
        {
            FuzzReport.WriteTarget(session.Result, target, options);
        }

        return session.Result;
    }

    /// <summary>Null for a normal or documented outcome; otherwise the finding this error stands for.</summary>
    public static FuzzFinding? Classify(FuzzTarget target, Exception? error)
    {
        if (error == null)
        {
            return null;
        }

        if (error is WrongVerdictException verdict)
        {
            return new FuzzFinding(FindingKind.WrongVerdict, "WrongVerdict:" + verdict.Oracle, verdict.Oracle, verdict.Message, string.Empty);
        }

        if (target.IsDocumented(error))
        {
            return null;
        }

        string frames = StackTop(error, 6);
        string first = frames.Split('\n').FirstOrDefault(f => f.Contains("SametimeAdmin.", StringComparison.Ordinal) && !f.Contains(".Fuzz.", StringComparison.Ordinal))
            ?? frames.Split('\n').FirstOrDefault() ?? string.Empty;
        string type = error.GetType().FullName ?? error.GetType().Name;
        return new FuzzFinding(FindingKind.UnhandledException, "Unhandled:" + type + "@" + first.Trim(), type, error.Message, frames);
    }

    /// <summary>The top frames of the exception, one per line, file paths left out.</summary>
    public static string StackTop(Exception error, int count)
    {
        var frames = new StackTrace(error, false).GetFrames()
            .Select(f => f.GetMethod())
            .Where(m => m != null)
            .Select(m => (m!.DeclaringType?.FullName ?? "?") + "." + m.Name)
            .Take(count);
        return string.Join("\n", frames);
    }

    public static int StableHash(string text)
    {
        unchecked
        {
            int hash = (int)2166136261;
            foreach (char c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }

    /// <summary>One run of one target: the shared state of its workers and the watchdog, guarded by one lock.</summary>
    private sealed class Session
    {
        private readonly object gate = new object();
        private readonly FuzzTarget target;
        private readonly FuzzOptions options;
        private readonly Mutator mutator;
        private readonly Dictionary<string, FuzzFinding> bySignature = new Dictionary<string, FuzzFinding>(StringComparer.Ordinal);
        private readonly HashSet<FuzzFinding> minimized = new HashSet<FuzzFinding>();
        private readonly Stopwatch clock = new Stopwatch();
        private int generated;
        private int workers;
        private int hangs;
        private bool fuzzingDone;

        public Session(FuzzTarget target, FuzzOptions options)
        {
            this.target = target;
            this.options = options;
            mutator = new Mutator(options.Seed ^ StableHash(target.Name));
            Result = new FuzzTargetResult(target.Name);
        }

        public FuzzTargetResult Result { get; }

        /// <summary>The watchdog: runs workers until one finishes the job, replacing each that misses a deadline.</summary>
        public void Execute()
        {
            clock.Start();
            Worker worker = StartWorker();
            while (true)
            {
                if (worker.Thread.Join(20))
                {
                    break;
                }

                lock (gate)
                {
                    if (worker.StartedTicks == 0 || !OverTime(worker))
                    {
                        continue;
                    }

                    worker.Abandoned = true;
                    hangs++;
                    Record(new FuzzFinding(FindingKind.Hang, "Hang", "Hang", $"no result within {options.Timeout.TotalMilliseconds:0} ms", "(still running when abandoned)"), worker.Current!);
                    if (!fuzzingDone)
                    {
                        Result.Inputs++;
                    }

                    if (worker.Minimizing != null)
                    {
                        minimized.Add(worker.Minimizing);
                    }

                    if (hangs >= options.MaxHangs && !fuzzingDone)
                    {
                        Result.Stopped = $"stopped after {hangs} hangs at input {generated}";
                        EndFuzzing();
                    }

                    if (hangs >= options.MaxHangs + 2)
                    {
                        break;
                    }
                }

                worker = StartWorker();
            }

            lock (gate)
            {
                if (!fuzzingDone)
                {
                    EndFuzzing();
                }
            }
        }

        /// <summary>
        /// Past the time limit: CPU time of the worker thread where the system shows it (Linux), so a loaded machine
        /// does not turn slow inputs into hangs; wall-clock time elsewhere, and for inputs that block without running.
        /// </summary>
        private bool OverTime(Worker worker)
        {
            double wall = (clock.ElapsedTicks - worker.StartedTicks) / (double)Stopwatch.Frequency;
            double limit = options.Timeout.TotalSeconds;
            if (worker.CpuClock == null)
            {
                return wall > limit;
            }

            double? cpu = worker.CpuClock.Seconds();
            return wall > Math.Max(limit * 10, options.BlockedTimeout.TotalSeconds) || (cpu.HasValue && cpu.Value - worker.StartedCpu > limit);
        }

        private Worker StartWorker()
        {
            var worker = new Worker(new FuzzScratch(options.WorkDirectory, $"{target.Name}-{Environment.ProcessId}-{workers++}"));
            worker.Thread = new Thread(() => Work(worker), 16 * 1024 * 1024) { IsBackground = true, Name = "fuzz " + target.Name };
            worker.Thread.Start();
            return worker;
        }

        private void EndFuzzing()
        {
            fuzzingDone = true;
            Result.Elapsed = clock.Elapsed;
        }

        private void Work(Worker worker)
        {
            worker.CpuClock = ThreadCpuClock.ForCurrentThread();
            while (true)
            {
                FuzzInput input;
                lock (gate)
                {
                    if (worker.Abandoned)
                    {
                        return;
                    }

                    if (fuzzingDone || generated >= options.Count)
                    {
                        if (!fuzzingDone)
                        {
                            EndFuzzing();
                        }

                        break;
                    }

                    input = target.Next(mutator);
                    generated++;
                    worker.Begin(input, clock.ElapsedTicks);
                }

                Exception? error = RunOne(input, worker);
                lock (gate)
                {
                    if (worker.Abandoned)
                    {
                        return;
                    }

                    double ms = (clock.ElapsedTicks - worker.StartedTicks) * 1000.0 / Stopwatch.Frequency;
                    worker.End();
                    Result.Inputs++;
                    Result.MaxInputMilliseconds = Math.Max(Result.MaxInputMilliseconds, ms);
                    FuzzFinding? finding = Classify(target, error);
                    if (finding != null)
                    {
                        Record(finding, input);
                    }
                    else if (error != null)
                    {
                        Result.Refused++;
                    }

                    if (options.Progress != null && Result.Inputs % 10_000 == 0)
                    {
                        options.Progress($"  {target.Name}: {Result.Inputs} inputs, {Result.Findings.Count} distinct findings, {clock.Elapsed.TotalSeconds:0} s");
                    }
                }
            }

            if (options.Minimize)
            {
                Minimize(worker);
            }
        }

        private Exception? RunOne(FuzzInput input, Worker worker)
        {
            try
            {
                target.Run(input, worker.Scratch);
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }

        /// <summary>Removes chunks (halves, quarters, ... single bytes) from each finding's first input while it still fails the same way.</summary>
        private void Minimize(Worker worker)
        {
            while (true)
            {
                FuzzFinding? finding;
                lock (gate)
                {
                    finding = Result.Findings.FirstOrDefault(f => f.Kind != FindingKind.Hang && f.FirstInput != null && !minimized.Contains(f));
                    if (finding == null || worker.Abandoned)
                    {
                        return;
                    }

                    minimized.Add(finding);
                    worker.Minimizing = finding;
                }

                FuzzInput current = finding.FirstInput!;
                int budget = MinimizeBudget;
                int chunk = Math.Max(1, current.Data.Length / 2);
                while (chunk >= 1 && budget > 0)
                {
                    bool progress = false;
                    for (int at = 0; at < current.Data.Length && budget > 0;)
                    {
                        int length = Math.Min(chunk, current.Data.Length - at);
                        FuzzInput attempt = current.WithData(Mutator.Concat(current.Data.AsSpan(0, at), ReadOnlySpan<byte>.Empty, current.Data.AsSpan(at + length)));
                        budget--;
                        lock (gate)
                        {
                            if (worker.Abandoned)
                            {
                                return;
                            }

                            worker.Begin(attempt, clock.ElapsedTicks);
                        }

                        Exception? error = RunOne(attempt, worker);
                        lock (gate)
                        {
                            if (worker.Abandoned)
                            {
                                return;
                            }

                            worker.End();
                        }

                        if (Classify(target, error)?.Signature == finding.Signature)
                        {
                            current = attempt;
                            finding.Minimized = current.Data;
                            progress = true;
                        }
                        else
                        {
                            at += length;
                        }
                    }

                    if (!progress)
                    {
                        chunk /= 2;
                    }
                }

                finding.Minimized = current.Data;
            }
        }

        private void Record(FuzzFinding finding, FuzzInput input)
        {
            if (!bySignature.TryGetValue(finding.Signature, out FuzzFinding? known))
            {
                known = finding;
                known.FirstInput = input;
                bySignature.Add(finding.Signature, known);
                Result.Findings.Add(known);
            }

            known.Count++;
            if (options.OutputDirectory != null && known.SavedFiles.Count < options.SavedPerFinding)
            {
                known.SavedFiles.Add(FuzzReport.SaveInput(options.OutputDirectory, target, known, input.Data, known.SavedFiles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
    }

    /// <summary>A worker thread's state, read and written under the session's lock.</summary>
    private sealed class Worker
    {
        public Worker(FuzzScratch scratch)
        {
            Scratch = scratch;
        }

        public FuzzScratch Scratch { get; }

        public Thread Thread { get; set; } = null!;

        /// <summary>When the running input started (Stopwatch ticks), 0 while idle.</summary>
        public long StartedTicks { get; private set; }

        public FuzzInput? Current { get; private set; }

        public FuzzFinding? Minimizing { get; set; }

        /// <summary>Set by the watchdog: the thread missed a deadline and must stop as soon as it comes back.</summary>
        public bool Abandoned { get; set; }

        /// <summary>The thread's CPU clock (null where the system does not show it); set by the thread itself.</summary>
        public ThreadCpuClock? CpuClock { get; set; }

        /// <summary>The thread's CPU time when the running input started.</summary>
        public double StartedCpu { get; private set; }

        public void Begin(FuzzInput input, long ticks)
        {
            Current = input;
            StartedTicks = Math.Max(1, ticks);
            StartedCpu = CpuClock?.Seconds() ?? 0;
        }

        public void End() => StartedTicks = 0;
    }
}

/// <summary>CPU time of one thread, read from /proc (Linux); other systems have none and the runner uses wall-clock time.</summary>
public sealed class ThreadCpuClock
{
    private const double TicksPerSecond = 100;
    private readonly string statPath;

    private ThreadCpuClock(string statPath)
    {
        this.statPath = statPath;
    }

    /// <summary>The clock of the calling thread, or null.</summary>
    public static ThreadCpuClock? ForCurrentThread()
    {
        try
        {
            string? target = new DirectoryInfo("/proc/thread-self").LinkTarget;
            if (target == null)
            {
                return null;
            }

            string stat = Path.Combine(target.StartsWith('/') ? target : Path.Combine("/proc", target), "stat");
            var clock = new ThreadCpuClock(stat);
            return clock.Seconds() == null ? null : clock;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>User plus system time in seconds (utime and stime, fields 14 and 15 of the stat line), or null.</summary>
    public double? Seconds()
    {
        try
        {
            string stat = File.ReadAllText(statPath);
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is FormatException || ex is IndexOutOfRangeException || ex is ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
