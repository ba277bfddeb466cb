using System.Runtime.CompilerServices;
using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.Fuzz.Engine;
using Xunit;

namespace SametimeAdmin.Tests.Fuzz;

/// <summary>The fuzz engine itself: repeatable from its seed, and it tells documented errors from findings and hangs.</summary>
public class FuzzEngineTests
{
    private static readonly string WorkDirectory = Path.Combine(Path.GetTempPath(), "sametimeadmin-fuzz-engine-tests");

    [Fact]
    public void Mutator_SameSeedGivesSameInputs_OtherSeedOthers()
    {
        var seeds = new[] { new FuzzSeed("a", Encoding.ASCII.GetBytes("name=value\r\n[Section]\nkey=1234\n")), new FuzzSeed("b", Encoding.ASCII.GetBytes("<x a=\"1\">text</x>")) };

        static List<string> Inputs(int seed, FuzzSeed[] seeds)
        {
            var mutator = new Mutator(seed);
            return Enumerable.Range(0, 200).Select(_ => Convert.ToHexString(mutator.Mutate(mutator.Pick(seeds), seeds).Data)).ToList();
        }

        Assert.Equal(Inputs(7, seeds), Inputs(7, seeds));
        Assert.NotEqual(Inputs(7, seeds), Inputs(8, seeds));
        Assert.True(Inputs(7, seeds).Distinct().Count() > 150);
    }

    [Fact]
    public void Runner_ReportsUnhandledExceptionsAndWrongVerdicts_ButNotTypedErrors()
    {
        var target = new ScriptedTarget(data =>
        {
            if (data.Length > 0 && data[0] == (byte)'T')
            {
                throw new SametimeAdminException("Typed", FailureKind.InvalidData, "documented");
            }

            if (data.Length > 0 && data[0] == (byte)'W')
            {
                throw new WrongVerdictException("Oracle", "wrong");
            }

            if (data.Length > 0 && data[0] == (byte)'X')
            {
                throw new InvalidOperationException("raw");
            }
        }, "T documented", "W verdict", "X crash");

        FuzzTargetResult result = FuzzRunner.Run(target, new FuzzOptions { Count = 300, Seed = 3, WorkDirectory = WorkDirectory, OutputDirectory = null });

        Assert.Equal(300, result.Inputs);
        Assert.Contains(result.Findings, f => f.Kind == FindingKind.WrongVerdict && f.Type == "Oracle");
        FuzzFinding crash = Assert.Single(result.Findings, f => f.Kind == FindingKind.UnhandledException);
        Assert.Equal(typeof(InvalidOperationException).FullName, crash.Type);
        Assert.DoesNotContain(result.Findings, f => f.Message == "documented");
        Assert.NotNull(crash.Minimized);
        Assert.Equal((byte)'X', crash.Minimized![0]);
        Assert.True(crash.Minimized.Length <= crash.FirstInput!.Data.Length);
    }

    [Fact]
    public void Runner_ReportsAnInputThatSpinsPastTheTimeLimitAsAHang()
    {
        var stop = new StrongBox<bool>(false);
        var target = new ScriptedTarget(data =>
        {
            while (data.Length > 0 && data[0] == (byte)'S' && !Volatile.Read(ref stop.Value))
            {
            }
        }, "S spin", "ok input");

        FuzzTargetResult result;
        try
        {
            result = FuzzRunner.Run(target, new FuzzOptions { Count = 40, Seed = 9, Timeout = TimeSpan.FromMilliseconds(300), MaxHangs = 1, WorkDirectory = WorkDirectory, OutputDirectory = null });
        }
        finally
        {
            Volatile.Write(ref stop.Value, true);
        }

        FuzzFinding hang = Assert.Single(result.Findings);
        Assert.Equal(FindingKind.Hang, hang.Kind);
        Assert.Equal((byte)'S', hang.FirstInput!.Data[0]);
    }

    [Fact]
    public void Runner_ReportsAnInputThatBlocksPastTheTimeLimitAsAHang_AndCarriesOn()
    {
        using var release = new ManualResetEventSlim(false);
        var target = new ScriptedTarget(data =>
        {
            if (data.Length > 0 && data[0] == (byte)'H')
            {
                release.Wait(TimeSpan.FromSeconds(30));
            }
        }, "H hang", "ok input", "another ok input");

        FuzzTargetResult result;
        try
        {
            result = FuzzRunner.Run(target, new FuzzOptions { Count = 60, Seed = 5, Timeout = TimeSpan.FromMilliseconds(100), BlockedTimeout = TimeSpan.FromMilliseconds(500), MaxHangs = 2, WorkDirectory = WorkDirectory, OutputDirectory = null });
        }
        finally
        {
            release.Set();
        }

        FuzzFinding hang = Assert.Single(result.Findings);
        Assert.Equal(FindingKind.Hang, hang.Kind);
        Assert.Equal(2, hang.Count);
        Assert.Equal((byte)'H', hang.FirstInput!.Data[0]);
        Assert.NotNull(result.Stopped);
    }

    /// <summary>A target whose inputs are its seeds, mutated only after the first byte, run through a script.</summary>
    private sealed class ScriptedTarget : FuzzTarget
    {
        private readonly Action<byte[]> script;
        private readonly List<FuzzSeed> seeds;

        public ScriptedTarget(Action<byte[]> script, params string[] seeds)
        {
            this.script = script;
            this.seeds = seeds.Select(s => new FuzzSeed(s, Encoding.ASCII.GetBytes(s))).ToList();
        }

        public override string Name => "scripted";

        public override string Description => "test target";

        public override IReadOnlyList<FuzzSeed> Seeds => seeds;

        public override FuzzInput Next(Mutator mutator)
        {
            FuzzSeed seed = mutator.Pick(seeds);
            byte[] tail = mutator.Mutate(new FuzzSeed(seed.Name, seed.Data[1..]), seeds).Data;
            return new FuzzInput(Mutator.Concat(seed.Data.AsSpan(0, 1), tail, ReadOnlySpan<byte>.Empty), seed, "tail");
        }

        public override void Run(FuzzInput input, FuzzScratch scratch) => script(input.Data);
    }
}
