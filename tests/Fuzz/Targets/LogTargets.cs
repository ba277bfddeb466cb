using SametimeAdmin.Diagnostics;
using SametimeAdmin.Fuzz.Engine;

namespace SametimeAdmin.Fuzz.Targets;

/// <summary>The log readers: SSO trace events (Get-SsoTraceEvent) and Sametime start-up logs (Get-StServiceStatus).</summary>
public sealed class LogTarget : FuzzTarget
{
    private static readonly string[] Lines =
    {
        "SSO API> Decoding ", "SSO API> Decoding LtpaToken2 token", "SSO API> - Successfully decoded", "SSO API> ConfigName: LtpaToken",
        "CLFRX0004E: Login failed for user " + new string(' ', 4096) + "x", "SECJ0371W: Validation of the LTPA token failed because the token expired with the following info: Token expiration Date: ",
        "LTPA", "validateToken", "InvalidTokenException", "TokenExpiredException", "LtpaTokenFactory: class not initialized",
        "Sametime: Service [ST Community] started successfully.", "Sametime: Server startup successful.", "Sametime: All services started successfully.",
        "Servlet", "[01/02/2026 10:11:12] ", "2026-01-02 10:11:12,345 ", "[1/2/26 10:11:12:345 UTC] 0000002a ",
    };

    private readonly List<FuzzSeed> seeds;
    private readonly bool startup;

    public LogTarget(FuzzFixtures fixtures, bool startup)
    {
        this.startup = startup;
        seeds = fixtures.Files("diagnostics", "*.log").Concat(fixtures.Files("mustgather", "*.log")).ToList();
    }

    public override string Name => startup ? "startuplog" : "ssotrace";

    public override string Description => startup
        ? "Sametime start-up logs through StartupLog.Read (LogScanner, LogTimeParser) and LogLineReader"
        : "Domino, WebSphere and proxy logs through SsoTraceReader.Read (LogScanner, LogTimeParser)";

    public override IReadOnlyList<FuzzSeed> Seeds => seeds;

    public override string FileExtension => ".log";

    public override FuzzInput Next(Mutator mutator)
    {
        FuzzSeed seed = mutator.Pick(seeds);
        if (!mutator.Chance(4))
        {
            return mutator.Mutate(seed, seeds);
        }

        // A marker line the readers look for, cut or padded, put at a line start.
        string line = mutator.Pick(Lines) + (mutator.Chance(2) ? mutator.InterestingText() : string.Empty);
        var lines = Mutator.SplitLines(seed.Data);
        int at = mutator.Int(lines.Count + 1);
        lines.Insert(at, System.Text.Encoding.UTF8.GetBytes(line + (mutator.Chance(4) ? string.Empty : "\n")));
        return new FuzzInput(Mutator.Cap(lines.SelectMany(l => l).ToArray()), seed, "marker-line");
    }

    public override void Run(FuzzInput input, FuzzScratch scratch)
    {
        string path = scratch.Write(input.Data, FileExtension);
        if (startup)
        {
            StartupLogReport report = StartupLog.Read(path, "FUZZHOST", StServiceCatalog.Default);
            _ = report.Summarize("FUZZHOST");
            using LogLineReader reader = LogLineReader.Open(path);
            while (reader.ReadLine() != null)
            {
            }
        }
        else
        {
            var warnings = new List<string>();
            foreach (SsoTraceEvent e in SsoTraceReader.Read(path, LogDateOrder.Auto, null, warnings))
            {
                _ = e.ToString();
            }
        }
    }
}
