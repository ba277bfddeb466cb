using System.Text;
using SametimeAdmin.Diagnostics;
using Xunit;

namespace SametimeAdmin.Tests.Diagnostics;

/// <summary>The marker scanner reads 1 MiB chunks: these files put lines across chunk boundaries on purpose.</summary>
public class LogScannerTests
{
    private const int LineLength = 100; // 99 characters and '\n': line k starts at byte 100 * (k - 1)
    private const int LinesPerChunk = 10485; // the first chunk ends after the last whole line in 1 MiB

    private static string Filler(int number) => Pad("[0A10:0002-0B20] 13/03/2017 07:00:00 Router: Transferred 2 messages to INOTES2/Lab via NRPC #" + number);

    private static string Pad(string line) => line.Length >= LineLength - 1 ? line.Substring(0, LineLength - 1) : line.PadRight(LineLength - 1);

    /// <summary>Blocks searched on the reading thread, or ahead on other threads.</summary>
    private static LogScanMode Mode(bool parallel) => parallel ? LogScanMode.ParallelBlocks : LogScanMode.Blocks;

    private static string WriteLines(IDictionary<int, string> special, int count)
    {
        var text = new StringBuilder(count * LineLength);
        for (int i = 1; i <= count; i++)
        {
            text.Append(special.TryGetValue(i, out var line) ? Pad(line) : Filler(i)).Append('\n');
        }

        return TempLog.WriteBytes(Encoding.ASCII.GetBytes(text.ToString()));
    }

    [Fact]
    public void HitsInEveryChunkHaveTheirLineNumbers()
    {
        var special = new Dictionary<int, string>();
        foreach (int n in new[] { 1, 999, LinesPerChunk, LinesPerChunk + 1, 20000, 31000, 35000 })
        {
            special[n] = $"[0DEC:000A-0F80] 13/03/2017 08:22:45.58 SSO API> -Raw Token Username = CN=u{n},O=ibm";
        }

        var events = SsoTraceReader.Read(WriteLines(special, 35000)).ToList();
        Assert.Equal(special.Keys.OrderBy(k => k), events.Select(e => (int)e.LineNumber));
        Assert.All(events, e => Assert.Equal($"CN=u{e.LineNumber},O=ibm", e.RawUser));
    }

    [Fact]
    public void AContinuationAtTheStartOfAChunkTakesTheTimeOfTheHeadInThePreviousChunk()
    {
        var special = new Dictionary<int, string>
        {
            [LinesPerChunk] = "[27/02/17 10:50:54:554 EST] 000000e4 CommunityServ W CommunityService doService",
            [LinesPerChunk + 1] = "CLFRX0035E: Token was not found for login by token by user carol",
        };
        var e = Assert.Single(SsoTraceReader.Read(WriteLines(special, 12000)));
        Assert.Equal(LinesPerChunk + 1, e.LineNumber);
        Assert.Equal(new DateTimeOffset(2017, 2, 27, 10, 50, 54, 554, TimeSpan.FromHours(-5)), e.Time);
        Assert.Equal("000000e4", e.Process);
    }

    [Fact]
    public void AWrappedLineAcrossAChunkBoundaryIsJoined()
    {
        // Exactly 99 characters, so the line ends with "token" and still fills its 100 bytes.
        const string decoding = "[0DEC:000A-0F80] 13/03/2017 08:22:50.2 SSO API> Decoding Websphere style LTPA2 Single Sign-On token";
        Assert.Equal(LineLength - 1, decoding.Length);
        var special = new Dictionary<int, string>
        {
            [LinesPerChunk - 1] = "[0DEC:000A-0F80] 13/03/2017 08:22:50.2 SSO API> ConfigName specified [LtpaToken2].",
            [LinesPerChunk] = decoding,
            [LinesPerChunk + 1] = "(LtpaToken2).",
            [LinesPerChunk + 2] = "[0DEC:000A-0F80] 13/03/2017 08:22:50.3 SSO API> -Raw Token Username = CN=a,O=ibm",
        };
        var e = Assert.Single(SsoTraceReader.Read(WriteLines(special, 12000)));
        Assert.Equal("Websphere style LTPA2 token (LtpaToken2)", e.TokenStyle);
        Assert.Equal("CN=a,O=ibm", e.RawUser);
        Assert.Equal("(LtpaToken2).", e.Line.Split('\n')[2].TrimEnd());
    }

    [Fact]
    public void ALineLongerThanAChunkIsSkippedAndCounted()
    {
        var text = new StringBuilder();
        text.Append("[0DEC:000A-0F80] 13/03/2017 08:22:45 SSO API> -Raw Token Username = CN=before,O=ibm\n");
        text.Append('x', 3 * 1024 * 1024).Append('\n');
        text.Append("[0DEC:000B-0F80] 13/03/2017 08:22:46 SSO API> -Raw Token Username = CN=after,O=ibm\n");
        var warnings = new List<string>();
        var events = SsoTraceReader.Read(TempLog.WriteBytes(Encoding.ASCII.GetBytes(text.ToString())), warnings: warnings).ToList();
        Assert.Equal(new long[] { 1, 3 }, events.Select(e => e.LineNumber));
        Assert.Equal("CN=after,O=ibm", events[1].RawUser);
        Assert.Contains(warnings, w => w.Contains("longer than", StringComparison.Ordinal));
    }

    [Fact]
    public void OnlyMarkedLinesAreReturned()
    {
        string path = TempLog.Write("no marker here", "the CLFRX0027E line", "nothing", "an LTPA line", "SSO API> but not a field");
        using var scanner = LogScanner.Open(path, new[] { new LogMarker("CLFRX", 'X'), new LogMarker("LTPA", 'T') });
        var lines = new List<(string, long)>();
        string? line;
        while ((line = scanner.Next()) != null)
        {
            lines.Add((line, scanner.LineNumber));
        }

        Assert.Equal(new[] { ("the CLFRX0027E line", 2L), ("an LTPA line", 4L) }, lines);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnEmptyFileHasNoLines(bool parallel)
    {
        string path = TempLog.WriteBytes(Array.Empty<byte>());
        using var scanner = LogScanner.Open(path, new[] { new LogMarker("LTPA", 'T') }, Mode(parallel));
        Assert.Null(scanner.Next());
        Assert.Null(scanner.Next());
        Assert.Equal(0, scanner.LineNumber);
        Assert.Equal(0, scanner.Position);
        Assert.False(scanner.EndedWithoutLineBreak);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AFileEndingWithALineBreakExactlyAtTheEndOfABlockEndsWithALineBreak(bool parallel)
    {
        // 16384 lines of 64 bytes fill the first block exactly; nothing is read after it.
        var text = new StringBuilder();
        for (int i = 1; i <= 16384; i++)
        {
            text.Append((i % 4096 == 0 ? "LTPA line " + i : "filler " + i).PadRight(63)).Append('\n');
        }

        Assert.Equal(1024 * 1024, text.Length);
        string path = TempLog.WriteBytes(Encoding.ASCII.GetBytes(text.ToString()));
        using var scanner = LogScanner.Open(path, new[] { new LogMarker("LTPA", 'T') }, Mode(parallel));
        var hits = new List<long>();
        while (scanner.Next() != null)
        {
            hits.Add(scanner.LineNumber);
        }

        Assert.Equal(new long[] { 4096, 8192, 12288, 16384 }, hits);
        Assert.False(scanner.EndedWithoutLineBreak);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AFileOfAFewBytesIsReadToItsEnd(bool parallel)
    {
        // Far less than a block; the last line has no line break.
        string path = TempLog.WriteBytes(Encoding.ASCII.GetBytes("one\r\nan LTPA line\r\nx\nLTPA at the end"));
        using var scanner = LogScanner.Open(path, new[] { new LogMarker("LTPA", 'T') }, Mode(parallel));
        Assert.Equal("an LTPA line", scanner.Next());
        Assert.Equal(2, scanner.LineNumber);
        Assert.Equal("LTPA at the end", scanner.Next());
        Assert.Equal(4, scanner.LineNumber);
        Assert.Null(scanner.Next());
        Assert.True(scanner.EndedWithoutLineBreak);
        Assert.Equal(new FileInfo(path).Length, scanner.Position);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LinesWrittenWhileTheFileIsReadAreRead(bool parallel)
    {
        // A server goes on writing its log: lines added before the scanner reaches the end of the file are read, with
        // their line numbers, as far as the file's new end. The scanner reads at most a few blocks ahead, so after the
        // first hit of a file of six blocks the end is still unread.
        var special = new Dictionary<int, string>();
        foreach (int n in new[] { 3, 2 * LinesPerChunk + 7, 6 * LinesPerChunk - 1 })
        {
            special[n] = $"[27/02/17 10:50:54:554 EST] 000000e4 LTPAServerObj 3 line {n}";
        }

        int count = 6 * LinesPerChunk + 50;
        string path = WriteLines(special, count);
        using var scanner = LogScanner.Open(path, new[] { new LogMarker("LTPA", 'T') }, Mode(parallel));
        var hits = new List<long>();
        Assert.NotNull(scanner.Next());
        hits.Add(scanner.LineNumber);
        var added = new StringBuilder();
        for (int i = 1; i <= 3 * LinesPerChunk; i++)
        {
            added.Append(i % 5000 == 0 ? Pad("added LTPA line " + i) : Filler(count + i)).Append('\n');
        }

        using (var writer = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            byte[] bytes = Encoding.ASCII.GetBytes(added.ToString());
            writer.Write(bytes, 0, bytes.Length);
        }

        string? line;
        while ((line = scanner.Next()) != null)
        {
            hits.Add(scanner.LineNumber);
            if (scanner.LineNumber > count)
            {
                Assert.Equal(Pad("added LTPA line " + (scanner.LineNumber - count)), line);
            }
        }

        var expected = special.Keys.Select(k => (long)k).Concat(Enumerable.Range(1, 3 * LinesPerChunk / 5000).Select(i => count + (long)i * 5000));
        Assert.Equal(expected.OrderBy(n => n), hits);
        Assert.Equal(new FileInfo(path).Length, scanner.Position);
    }

    [Fact]
    public void AMarkerNeedsItsAnchorCharacter()
    {
        Assert.Throws<ArgumentException>(() => new LogMarker("CLFRX", 'Q'));
    }
}
