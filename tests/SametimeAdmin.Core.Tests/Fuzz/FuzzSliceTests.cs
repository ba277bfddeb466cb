using SametimeAdmin.Fuzz.Engine;
using SametimeAdmin.Fuzz.Targets;
using Xunit;

namespace SametimeAdmin.Tests.Fuzz;

/// <summary>
/// The CI slice of build.ps1 Fuzz: every target with a fixed seed and a small count. Any unhandled exception, hang or
/// wrong verdict fails the test, with the finding and its first input in the message
/// (build.ps1 Fuzz minimises the inputs).
/// </summary>
public class FuzzSliceTests
{
    private const int Seed = 20_260_101;
    private const int Count = 300;

    public static IEnumerable<object[]> Targets() => FuzzTargets.Names.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_HasNoFindingsInTheSeededSlice(string name)
    {
        FuzzTarget target = FuzzTargets.Create(name, FuzzFixtures.Locate(AppContext.BaseDirectory));
        var options = new FuzzOptions
        {
            Count = Count,
            Seed = Seed,
            Timeout = TimeSpan.FromSeconds(5),
            OutputDirectory = null,
            Minimize = false,
            WorkDirectory = Path.Combine(Path.GetTempPath(), "sametimeadmin-fuzz-slice"),
        };

        FuzzTargetResult result = FuzzRunner.Run(target, options);

        Assert.Equal(Count, result.Inputs);
        Assert.True(result.Findings.Count == 0, FuzzReport.Line(result) + "\n" + FuzzReport.Describe(result));
    }
}
