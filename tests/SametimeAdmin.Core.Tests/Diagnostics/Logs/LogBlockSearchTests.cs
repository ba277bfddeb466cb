using System.Globalization;
using System.Text;
using SametimeAdmin.Diagnostics;
using Xunit;

namespace SametimeAdmin.Tests.Diagnostics;

/// <summary>
/// The block search (vectorised on .NET 8, portable on netstandard2.0, on one or two cores) must give exactly the
/// events of reading every line: same events, same line numbers, same text, same order.
/// </summary>
public class LogBlockSearchTests
{
    private const int Block = 1024 * 1024;

    private static readonly string[] ReaderMarkers =
    {
        "SSO API> -", "SSO API> ConfigName", "SSO API> Decoding", "CLFRX", "Sign-On", "LTPA", "validateToken", "InvalidToken", "TokenExpired", "LtpaTokenFactory",
    };

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(global::SametimeAdmin.Tests.Fixtures.PathOf("diagnostics"), "*.log").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void EveryWayOfReadingAFixtureGivesTheSameEvents(string name)
    {
        string path = global::SametimeAdmin.Tests.Fixtures.PathOf("diagnostics", name);
        AssertSameAllWays(path, Describe(path, LogScanMode.LineByLine, portable: false));
    }

    [Theory]
    [InlineData("\n", 0)]
    [InlineData("\n", 4)]
    [InlineData("\n", 9)]
    [InlineData("\r\n", 1)]
    [InlineData("\r\n", 8)]
    [InlineData("\r\n", 30)]
    public void MarkersAcrossBlockBoundariesAreFoundWithTheirLineNumbers(string newline, int cutAfter)
    {
        // The first block ends at the last whole line before 1 MiB: one marker line is cut by that boundary
        // <paramref name="cutAfter"/> bytes after the start of its "SSO API> -"; lines of varied length around it,
        // and a marker on every 37th line, so later blocks start and end anywhere.
        var random = new Random(20170313 + cutAfter);
        var text = new StringBuilder();
        var markerLines = new List<long>();
        long line = 0;
        string Marker(long n) => "[0DEC:000A-0F80] 13/03/2017 08:22:45 SSO API> -Raw Token Username = CN=u" + n.ToString(CultureInfo.InvariantCulture) + ",O=ibm";
        int markerAt = Marker(0).IndexOf("SSO API> -", StringComparison.Ordinal);
        const string Filler = "[0A10:0002-0B20] 13/03/2017 07:00:00 Router: ";
        bool placed = false;
        while (text.Length < 3 * Block + 12345)
        {
            line++;
            int room = Block - markerAt - cutAfter - text.Length;
            if (!placed && room < 400)
            {
                // One filler line of exactly the room left, then the marker line across the boundary.
                text.Append(Filler).Append('x', room - Filler.Length - newline.Length).Append(newline);
                line++;
                text.Append(Marker(line)).Append(newline);
                markerLines.Add(line);
                placed = true;
                continue;
            }

            if (line % 37 == 0)
            {
                text.Append(Marker(line)).Append(newline);
                markerLines.Add(line);
                continue;
            }

            text.Append(Filler).Append('x', random.Next(160)).Append(newline);
        }

        string path = TempLog.WriteBytes(Encoding.ASCII.GetBytes(text.ToString()));
        try
        {
            Assert.True(placed);
            var events = SsoTraceReader.Read(path, LogScanMode.Blocks, portableSearch: false).ToList();
            Assert.Equal(markerLines, events.Select(e => e.LineNumber));
            Assert.All(events, e => Assert.Equal("CN=u" + e.LineNumber.ToString(CultureInfo.InvariantCulture) + ",O=ibm", e.RawUser));
            AssertSameAllWays(path, Describe(path, LogScanMode.LineByLine, portable: false));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AGeneratedMixOfProductsGivesTheSameEventsEveryWay()
    {
        string path = TempLog.WriteBytes(Encoding.UTF8.GetBytes(MixedLog(lines: 120_000, seed: 7)));
        try
        {
            var expected = Describe(path, LogScanMode.LineByLine, portable: false);
            Assert.True(expected.Count > 1000, "the generated log holds many events");
            AssertSameAllWays(path, expected);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AUtf16LogGivesTheEventsOfTheSameLogInUtf8()
    {
        string text = MixedLog(lines: 6000, seed: 11);
        string utf8 = TempLog.WriteBytes(Encoding.UTF8.GetBytes(text));
        string utf16 = TempLog.WriteBytes(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray());
        try
        {
            var expected = Sorted(Describe(utf8, LogScanMode.Blocks, portable: false));
            Assert.True(expected.Count > 50);
            Assert.Equal(expected, Sorted(Describe(utf16, LogScanMode.Auto, portable: false)));
            Assert.Equal(expected, Sorted(Describe(utf16, LogScanMode.ParallelBlocks, portable: false)));
        }
        finally
        {
            File.Delete(utf8);
            File.Delete(utf16);
        }
    }

    [Fact]
    public void BlocksSearchedOnTwoCoresKeepFileOrder()
    {
        // Larger than the size from which Auto searches ahead on other threads: Auto and ParallelBlocks both do.
        string path = TempLog.WriteBytes(Encoding.UTF8.GetBytes(MixedLog(lines: 150_000, seed: 3, fillerLength: 60)));
        try
        {
            Assert.True(new FileInfo(path).Length > 8 * Block);
            var sequential = Describe(path, LogScanMode.Blocks, portable: false);
            Assert.Equal(sequential, Describe(path, LogScanMode.Auto, portable: false));
            Assert.Equal(sequential, Describe(path, LogScanMode.ParallelBlocks, portable: false));
            Assert.Equal(sequential, Describe(path, LogScanMode.ParallelBlocks, portable: true));

            // Events come in file order: single-line events by their line, never one from a later block first.
            var numbers = SsoTraceReader.Read(path, LogScanMode.ParallelBlocks, portableSearch: false)
                .Where(e => e.Source == SsoTraceSource.SametimeProxy).Select(e => e.LineNumber).ToList();
            Assert.True(numbers.Count > 100);
            Assert.Equal(numbers.OrderBy(n => n), numbers);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SharedMarkerTextIsSearchedOnce()
    {
        var search = new LogMarkerSearch(ReaderMarkers.Select(m => new LogMarker(m, m[m.Length - 1])));
        Assert.Equal(new[] { "CLFRX", "LTPA", "SSO API>", "Sign-On", "Token" }, search.KeyTexts.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void ThePortableSearchFindsWhatTheVectorisedSearchFinds()
    {
        var random = new Random(42);
        var alphabet = Encoding.ASCII.GetBytes("SSO API> -TokenLTPAlCLFRXSign-On \r\n\nabcxyz");
        foreach (int size in new[] { 0, 1, 7, 8, 9, 63, 4096, 100_003 })
        {
            var data = new byte[size];
            for (int i = 0; i < size; i++)
            {
                data[i] = random.Next(10) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }

            var fast = new LogMarkerSearch(ReaderMarkers.Select(m => new LogMarker(m, m[m.Length - 1])));
            var portable = new LogMarkerSearch(ReaderMarkers.Select(m => new LogMarker(m, m[m.Length - 1]))) { Portable = true };
            portable.Learn(data, size);
            var fastStarts = new List<int>();
            var portableStarts = new List<int>();
            fast.FindLineStarts(data, size, fastStarts);
            portable.FindLineStarts(data, size, portableStarts);
            Assert.Equal(fastStarts.Distinct().OrderBy(s => s), portableStarts.Distinct().OrderBy(s => s));
            Assert.Equal(ExpectedStarts(data), portableStarts.Distinct().OrderBy(s => s));

            int feeds = data.Count(b => b == (byte)'\n');
            AssertNumbered(fast, data, size);
            Assert.Equal(-1, portable.FindLineStarts(data, size, new List<int>(), new List<int>()));
            Assert.Equal(feeds, fast.CountLineFeeds(data, 0, size));
            Assert.Equal(feeds, portable.CountLineFeeds(data, 0, size));
            if (size > 10)
            {
                Assert.Equal(data.Skip(3).Take(size - 5).Count(b => b == (byte)'\n'), portable.CountLineFeeds(data, 3, size - 2));
            }
        }
    }

    [Theory]
    [InlineData("\n", false)]
    [InlineData("\r\n", false)]
    [InlineData("\n", true)]
    [InlineData("\r\n", true)]
    public void TheOnePassSearchFindsEachMarkerLineOnceAndInOrderWhereverTheMarkerSits(string newline, bool narrow)
    {
        // Every marker at every offset of a 64-byte vector and across the end of the bytes searched; before it near misses
        // of keys (the first two bytes of "SSO API>" in "SSO XPI>", "T..kn"), and lines holding two markers
        // ("LTPA" and "Sign-On" in one line), which the key-by-key search found once per key.
        var lines = new List<string>();
        foreach (string marker in ReaderMarkers)
        {
            for (int pad = 0; pad < 70; pad += 3)
            {
                lines.Add(new string('.', pad) + "SSO XPI> T..kn CLFRY " + marker + " tail");
                lines.Add(new string('x', pad % 17) + "Decoding LTPA2 Single Sign-On token" + new string('-', pad));
                lines.Add(new string(' ', pad) + "no marker here: Toke n, LTP A, Sign On, SSO API>");
            }
        }

        var text = string.Join(newline, lines);
        foreach (string tail in new[] { string.Empty, newline, "LTPA", "x Token", "SSO API> -" })
        {
            for (int cut = 0; cut < 40; cut += 7)
            {
                var data = Encoding.ASCII.GetBytes(text.Substring(cut) + newline + "end " + tail);
                var search = new LogMarkerSearch(ReaderMarkers.Select(m => new LogMarker(m, m[m.Length - 1]))) { NarrowVectors = narrow };
                var starts = new List<int>();
                search.FindLineStarts(data, data.Length, starts);
                Assert.Equal(ExpectedStarts(data), starts);
                AssertNumbered(search, data, data.Length);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MoreKeysThanTableBitsAndOneByteKeysAreFoundLikeLineByLine(bool narrow)
    {
        // The proxy request reader's markers and more: fourteen keys, so keys share the bits of the first-two-bytes
        // tables and let through each other's candidates ("SE" of "SECJ" with " E ", "St" of "Status"); keys whose
        // first two bytes are the same ("CLFRX", "CLF9"); bytes above 0x7F whose low half is a key byte's. A one-byte
        // marker ("#") cannot be looked up by two bytes: that search goes key by key and must find the same lines.
        string[] proxyMarkers = { "URL:/", "Servlet Path=", " E ", " W ", " F ", "Exception", "SECJ", "CWWIM", "CLFRX", "status", "Status", "sendError", "HTTP/1.", "CLF9" };
        var random = new Random(1789);
        var pieces = proxyMarkers.Concat(new[] { "SE", "St", "CL", "CLF", "HTTP/", " E", "E ", "#", "\u00E9", "\u00D3", "\n", "\r\n" }).ToArray();
        foreach (string[] markers in new[] { proxyMarkers, proxyMarkers.Append("#").ToArray() })
        {
            for (int round = 0; round < 20; round++)
            {
                var text = new StringBuilder();
                while (text.Length < 5000)
                {
                    text.Append(random.Next(3) == 0 ? pieces[random.Next(pieces.Length)] : new string((char)random.Next(32, 127), random.Next(1, 9)));
                }

                // Latin-1 so that U+00E9 is the single byte 0xE9 (low half 9, as in 'I' and 'Y').
                var data = Encoding.Latin1.GetBytes(text.ToString());
                var search = new LogMarkerSearch(markers.Select(m => new LogMarker(m, m.Trim()[0]))) { NarrowVectors = narrow };
                var starts = new List<int>();
                search.FindLineStarts(data, data.Length, starts);
                Assert.Equal(ExpectedStarts(data, markers), starts.Distinct().OrderBy(s => s));
            }
        }
    }

    [Fact]
    public void EveryEndOfABlockIsSearchedToItsLastByte()
    {
        // A marker ending exactly at the end of the bytes searched, for every length around the vector widths: the
        // vector loop stops where its loads would pass the end and the rest is looked at byte by byte.
        foreach (bool narrow in new[] { false, true })
        {
            for (int size = 4; size < 200; size++)
            {
                foreach (string marker in new[] { "LTPA", "SSO API> -", "LtpaTokenFactory" })
                {
                    if (marker.Length > size)
                    {
                        continue;
                    }

                    var data = Encoding.ASCII.GetBytes(new string('a', size - marker.Length) + marker);
                    var search = new LogMarkerSearch(ReaderMarkers.Select(m => new LogMarker(m, m[m.Length - 1]))) { NarrowVectors = narrow };
                    var starts = new List<int>();
                    search.FindLineStarts(data, data.Length, starts);
                    Assert.Equal(new[] { 0 }, starts);

                    // One byte short of the marker: nothing, even though the buffer holds more.
                    var longer = Encoding.ASCII.GetBytes(new string('a', size - marker.Length) + marker + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
                    starts.Clear();
                    search.FindLineStarts(longer, size - 1, starts);
                    Assert.Empty(starts);
                }
            }
        }
    }

    /// <summary>
    /// Where the one-pass search runs (x86 with AVX2), it numbers the lines it finds as it goes: each start's line index
    /// is the line feeds before it and the total is the line feeds of the bytes searched. Elsewhere it says it did not.
    /// </summary>
    private static void AssertNumbered(LogMarkerSearch search, byte[] data, int end)
    {
        var starts = new List<int>();
        var indexes = new List<int>();
        int feeds = search.FindLineStarts(data, end, starts, indexes);
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported)
        {
            Assert.Equal(-1, feeds);
            return;
        }

        Assert.Equal(data.Take(end).Count(b => b == (byte)'\n'), feeds);
        Assert.Equal(ExpectedStarts(data.Take(end).ToArray()), starts);
        Assert.Equal(starts.Select(s => data.Take(s).Count(b => b == (byte)'\n')), indexes);
    }

    /// <summary>The starts of the lines holding a marker, by splitting the bytes into lines: the plain definition.</summary>
    private static List<int> ExpectedStarts(byte[] data) => ExpectedStarts(data, ReaderMarkers);

    private static List<int> ExpectedStarts(byte[] data, string[] markers)
    {
        var starts = new List<int>();
        int start = 0;
        for (int i = 0; i <= data.Length; i++)
        {
            if (i == data.Length || data[i] == (byte)'\n')
            {
                string line = Encoding.Latin1.GetString(data, start, i - start);
                if (markers.Any(m => line.Contains(m, StringComparison.Ordinal)))
                {
                    starts.Add(start);
                }

                start = i + 1;
            }
        }

        return starts;
    }

    /// <summary>
    /// The block ways give the same events in the same order; reading line by line gives the same events, whose order
    /// may differ only where groups left open are given (the reader checks for them per block, or every 16384 lines).
    /// </summary>
    private static void AssertSameAllWays(string path, List<string> lineByLine)
    {
        var blocks = Describe(path, LogScanMode.Blocks, portable: false);
        Assert.Equal(Sorted(lineByLine), Sorted(blocks));
        Assert.Equal(blocks, Describe(path, LogScanMode.Blocks, portable: true));
        Assert.Equal(blocks, Describe(path, LogScanMode.ParallelBlocks, portable: false));
        Assert.Equal(blocks, Describe(path, LogScanMode.ParallelBlocks, portable: true));
        Assert.Equal(blocks, Describe(path, LogScanMode.Auto, portable: false));
    }

    private static List<string> Sorted(List<string> described) => described.OrderBy(d => d, StringComparer.Ordinal).ToList();

    /// <summary>Every property of every event, and the reader's warnings, as text.</summary>
    private static List<string> Describe(string path, LogScanMode mode, bool portable)
    {
        var warnings = new List<string>();
        var described = SsoTraceReader.Read(path, mode, portable, warnings).Select(e => string.Join(" | ",
            e.LineNumber, e.Source, e.Outcome, e.User, e.RawUser, e.Realm, e.ConfigName, e.TokenStyle, e.Code, string.Join(",", e.Codes), e.SessionId,
            e.Time?.ToString("o", CultureInfo.InvariantCulture), e.TimeText, e.TimeZoneSource, e.Expiration?.ToString("o", CultureInfo.InvariantCulture),
            e.Process, e.Thread, e.Message, e.LikelyCause, e.Line)).ToList();
        described.AddRange(warnings.Select(w => "warning: " + w.Replace(path, "<file>", StringComparison.Ordinal)));
        return described;
    }

    /// <summary>
    /// A log mixing Domino SSO trace groups (interleaved threads, wrapped "Decoding ... token" lines), Domino SSO errors,
    /// WebSphere LTPA lines with their "expire:" continuations, and multi-line CLFRX records, between filler lines.
    /// </summary>
    private static string MixedLog(int lines, int seed, int fillerLength = 0)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        var time = new DateTime(2017, 3, 13, 7, 0, 0);
        string[] users = { "alice", "bob", "carol", "dave" };
        int written = 0;
        void Add(string line)
        {
            text.Append(line).Append(random.Next(3) == 0 ? "\n" : "\r\n");
            written++;
        }

        while (written < lines)
        {
            time = time.AddMilliseconds(370);
            string domino = time.ToString("dd/MM/yyyy HH:mm:ss.ff", CultureInfo.InvariantCulture);
            string ws = time.ToString("dd/MM/yy HH:mm:ss:fff", CultureInfo.InvariantCulture) + " EST";
            string user = users[random.Next(users.Length)];
            // Threads in turn and often, so that no validation stays open longer than the reader's staleness window
            // (400 lines): when such a group is given depends on when the reader checks, per block or per 16384 lines.
            string thread = "[0DEC:000" + (written % 4).ToString(CultureInfo.InvariantCulture) + "-0F80] ";
            switch (random.Next(14))
            {
                case 0:
                    Add(thread + domino + " SSO API> *** Getting Single Sign-On Config Data (SECGetSSOConfigData) ***");
                    Add(thread + domino + " SSO API> ConfigName specified [LtpaToken2].");
                    Add(thread + domino + " SSO API> *** Validating Token List (SECTokenListValidateAndGetInfo) ***");
                    if (random.Next(2) == 0)
                    {
                        Add(thread + domino + " SSO API> Decoding Websphere style LTPA2 Single Sign-On token");
                        Add("(LtpaToken2).");
                    }
                    else
                    {
                        Add(thread + domino + " SSO API> Decoding Websphere style LTPA2 Single Sign-On token (LtpaToken2).");
                    }

                    Add(thread + domino + " SSO API> -Raw Token Username = uid=" + user + ",ou=people,dc=lab");
                    Add(thread + domino + " SSO API> -LDAP Realm = ldap.lab.example.com:389");
                    Add(thread + domino + " SSO API> -Username = CN=" + user + "/O=Lab");
                    Add(thread + domino + " SSO API> -Expiration Ticks = 1489411335000 [13/03/2017 14:22:15].");
                    break;
                case 1:
                    Add(thread + domino + " HTTP Server: Single Sign-On token is expired");
                    break;
                case 2:
                    Add("[" + ws + "] 000000e7 LTPAServerObj 3 validateTokenBytes u: user:defaultWIMFileBasedRealm/CN=" + user + ",O=ibm LTPAToken2");
                    Add("                                 expire: 1489411335000 now: 1489407735000");
                    Add("[" + ws + "] 000000e7 LTPAServerObj < validateTokenBytes success");
                    break;
                case 3:
                    Add("[" + ws + "] 000000e4 CommunityServ W CommunityService doService, SID: caa370e8-eb47-453e-87d4-59dbcb48801d CLFRX0027E: Unable to login by token for user " + user);
                    Add("CLFRX0035E: Token was not found for login by token by user " + user);
                    break;
                case 4:
                    Add("[" + ws + "] 00000032 LtpaTokenFactory E SECJ0371W: Validation of the LTPA token failed because the token expired with the following info: Token expiration Date: Tue Mar 13 07:00:00 EST 2017, current Date: Tue Mar 13 08:00:00 EST 2017.");
                    break;
                default:
                    Add(thread + domino + " Router: Transferred " + random.Next(10).ToString(CultureInfo.InvariantCulture) + " messages to INOTES2/Lab via NRPC " + new string('.', fillerLength + random.Next(40)));
                    break;
            }
        }

        return text.ToString();
    }
}
