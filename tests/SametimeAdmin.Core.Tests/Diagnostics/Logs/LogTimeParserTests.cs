using SametimeAdmin.Diagnostics;
using Xunit;

namespace SametimeAdmin.Tests.Diagnostics;

/// <summary>The time-only parse (used for every "-Expiration Ticks" line) gives what the full parse gives.</summary>
public class LogTimeParserTests
{
    [Theory]
    [InlineData("[0DEC:0002-0E84] 13/03/2017 07:11:53   SSO API> -Expiration Ticks = 1489407735666 [13/03/2017 08:22:15].", "2017-03-13T07:11:53.0000000")]
    [InlineData("09/03/2017 07:27:19   HTTP Server: Started", "2017-03-09T07:27:19.0000000")]
    [InlineData("13.03.2017 07:11:53,58 Router: done", "2017-03-13T07:11:53.5800000")]
    [InlineData("03/13/2017 11:52:36 PM Server started", "2017-03-13T23:52:36.0000000")]
    [InlineData("[13/03/17 07:37:34:004 EDT] 000000e7 LTPAServerObj 3 validateTokenBytes", "2017-03-13T07:37:34.0040000")]
    [InlineData("2017-03-13T07:11:53.123+01:00 server started", "2017-03-13T07:11:53.1230000")]
    [InlineData("I Server 13/May, 07:01:30 Sametime server started", null)]
    public void TheTimeAloneIsTheTimeOfTheWholeStamp(string line, string? expected)
    {
        // Day first as asked ("09/03/2017" is 9 March); "03/13/2017" can only be month first.
        var parser = new LogTimeParser(LogDateOrder.DayMonthYear);
        Assert.True(parser.TryParseTime(line, out var time));
        Assert.Equal(expected, time?.ToString("o", System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(new LogTimeParser(LogDateOrder.DayMonthYear).TryParse(line, out var stamp));
        Assert.Equal(stamp.Time, time);
    }

    [Theory]
    [InlineData("(LtpaToken2).")]
    [InlineData("                                 expire: 1489411335000 now: 1489407735000")]
    [InlineData("[0DEC:0002-0E84] SSO API> no time")]
    [InlineData("")]
    public void ALineWithoutAStampHasNoTime(string line)
    {
        Assert.False(new LogTimeParser(LogDateOrder.Auto).TryParseTime(line, out var time));
        Assert.Null(time);
    }

    [Fact]
    public void TheTimeAloneLearnsTheDayOrderLikeTheWholeStamp()
    {
        // "13/03/2017" can only be day first; the ambiguous "04/03/2017" after it is then read day first too.
        var parser = new LogTimeParser(LogDateOrder.Auto);
        Assert.True(parser.TryParseTime("13/03/2017 07:11:53 Router: done", out _));
        Assert.True(parser.TryParseTime("04/03/2017 07:11:53 Router: done", out var time));
        Assert.Equal(new DateTime(2017, 3, 4, 7, 11, 53), time);
        Assert.True(parser.OrderIsKnown);
    }
}
