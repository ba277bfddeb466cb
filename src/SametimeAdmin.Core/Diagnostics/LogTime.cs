using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>The order of day, month and year in a log's dates.</summary>
    public enum LogDateOrder
    {
        /// <summary>Learn it from the file (a day above 12 settles it); until then use the current culture's order.</summary>
        Auto,

        /// <summary>13/03/2017 (Domino on a European system).</summary>
        DayMonthYear,

        /// <summary>03/13/2017 (Domino on a US system, WebSphere logs with a US locale).</summary>
        MonthDayYear,

        /// <summary>2017-03-13.</summary>
        YearMonthDay,
    }

    /// <summary>The time stamp at the start of a log line.</summary>
    public readonly struct LogTimestamp
    {
        public LogTimestamp(DateTime? time, string text, string? zone, string? process, string? thread, int messageStart)
        {
            Time = time;
            Text = text;
            Zone = zone;
            Process = process;
            Thread = thread;
            MessageStart = messageStart;
        }

        /// <summary>The time as written (server local time); null when the text has no year.</summary>
        public DateTime? Time { get; }

        public string Text { get; }

        /// <summary>Time zone as written ("EDT", "+01:00"), if any.</summary>
        public string? Zone { get; }

        /// <summary>Domino process id ([0DEC:000A-0F80] gives 0DEC) or WebSphere thread id.</summary>
        public string? Process { get; }

        public string? Thread { get; }

        /// <summary>Index of the message after the time stamp (and after a WebSphere thread id).</summary>
        public int MessageStart { get; }
    }

    /// <summary>
    /// Parses the time stamps of Domino console.log ("[0DEC:0002-0E84] 13/03/2017 07:11:53", "09/03/2017 07:27:19",
    /// "13.03.2017 07:11:53,58", "03/13/2017 11:52:36 AM"), WebSphere and Liberty logs ("[13/03/17 07:37:34:004 EDT] 000000e7",
    /// "[3/13/17, 7:37:34:004 EDT]"), ISO 8601 and sametime.log ("I Server 13/May, 07:01:30"). One instance per file:
    /// it learns whether the file writes the day or the month first.
    /// </summary>
    public sealed class LogTimeParser
    {
        private static readonly Regex Stamp = new Regex(
            @"^\s*(?:\[(?<pid>[0-9A-Fa-f]{1,8}):(?<tid>[0-9A-Fa-f]{1,8})(?:-(?<vt>[0-9A-Fa-f]{1,8}))?\]\s*)?" +
            @"(?<open>\[)?(?<a>\d{1,4})(?<sep>[/.\-])(?<b>\d{1,2})\k<sep>(?<c>\d{2,4}),?(?:\s+|T)" +
            @"(?<H>\d{1,2}):(?<M>\d{2})(?::(?<S>\d{2}))?(?:[.,:](?<F>\d{1,7}))?(?<iso>Z|[+-]\d{2}:?\d{2})?" +
            @"(?:\s?(?<ampm>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?" +
            @"(?(open)(?:\s+(?<tz>[A-Za-z]{1,6}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}))?\]\s*(?<wthread>[0-9a-fA-F]{8}\b)?)",
            RegexOptions.CultureInvariant | RegexOptions.Compiled | RegexOptions.ExplicitCapture);

        private static readonly Regex SametimeLogStamp = new Regex(
            @"^\s*(?<lvl>[A-Z])\s+(?<comp>\S+)\s+(?<d>\d{1,2})/(?<mon>[A-Za-z]{3}),\s*(?<H>\d{1,2}):(?<M>\d{2}):(?<S>\d{2})\s*",
            RegexOptions.CultureInvariant | RegexOptions.Compiled | RegexOptions.ExplicitCapture);

        private static readonly string[] StampEndGroups = { "M", "S", "F", "iso", "ampm", "tz" };

        private readonly LogDateOrder requested;
        private LogDateOrder learned;

        public LogTimeParser(LogDateOrder order = LogDateOrder.Auto)
        {
            requested = order;
            learned = LogDateOrder.Auto;
        }

        /// <summary>
        /// A parser for one file. With <see cref="LogDateOrder.Auto"/> the first lines of the file are read first
        /// (at most <paramref name="learnLines"/>) to learn whether it writes the day or the month first.
        /// </summary>
        public static LogTimeParser ForFile(string path, LogDateOrder order, int learnLines = 20000)
        {
            var parser = new LogTimeParser(order);
            if (order != LogDateOrder.Auto)
            {
                return parser;
            }

            using var reader = LogLineReader.Open(path);
            string? line;
            while (!parser.OrderIsKnown && reader.LineNumber < learnLines && (line = reader.ReadLine()) != null)
            {
                parser.Learn(line);
            }

            return parser;
        }

        /// <summary>The order in use for ambiguous dates.</summary>
        public LogDateOrder EffectiveOrder =>
            requested != LogDateOrder.Auto ? requested : learned != LogDateOrder.Auto ? learned : CultureOrder();

        /// <summary>True when the day/month order came from the file itself or from the caller, not from a guess.</summary>
        public bool OrderIsKnown => requested != LogDateOrder.Auto || learned != LogDateOrder.Auto;

        /// <summary>Cheap test: can this line start with a time stamp? (Lines that cannot are continuations.)</summary>
        public static bool MayStartWithTimestamp(string line) =>
            line.Length > 8 && (line[0] == '[' || (line[0] >= '0' && line[0] <= '9') || (line[1] == ' ' && line[0] >= 'A' && line[0] <= 'Z'));

        /// <summary>Learns the day/month order from a line without parsing it further.</summary>
        public void Learn(string line)
        {
            if (learned != LogDateOrder.Auto || !MayStartWithTimestamp(line))
            {
                return;
            }

            var m = Stamp.Match(line);
            if (m.Success)
            {
                LearnFrom(Number(m, "a"), Number(m, "b"), m.Groups["a"].Length);
            }
        }

        public bool TryParse(string line, out LogTimestamp stamp)
        {
            stamp = default;
            if (!MayStartWithTimestamp(line))
            {
                return false;
            }

            var m = Stamp.Match(line);
            if (m.Success)
            {
                int a = Number(m, "a");
                int b = Number(m, "b");
                int c = Number(m, "c");
                LearnFrom(a, b, m.Groups["a"].Length);
                DateTime? time = Build(a, b, c, m.Groups["a"].Length == 4, m);
                string? zone = m.Groups["tz"].Success ? m.Groups["tz"].Value : m.Groups["iso"].Success ? m.Groups["iso"].Value : null;
                string? process = m.Groups["pid"].Success ? m.Groups["pid"].Value : m.Groups["wthread"].Success ? m.Groups["wthread"].Value : null;
                string? thread = m.Groups["tid"].Success ? m.Groups["tid"].Value : null;
                int textStart = m.Groups["a"].Index;
                int textEnd = textStart;
                foreach (string name in StampEndGroups)
                {
                    var g = m.Groups[name];
                    if (g.Success)
                    {
                        textEnd = Math.Max(textEnd, g.Index + g.Length);
                    }
                }

                string text = line.Substring(textStart, textEnd - textStart);
                stamp = new LogTimestamp(time, text, zone, process, thread, m.Index + m.Length);
                return true;
            }

            var s = SametimeLogStamp.Match(line);
            if (s.Success && DateTime.TryParseExact(s.Groups["mon"].Value, "MMM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                string text = line.Substring(s.Groups["d"].Index, s.Groups["S"].Index + 2 - s.Groups["d"].Index);
                stamp = new LogTimestamp(null, text, null, s.Groups["comp"].Value, null, s.Index + s.Length);
                return true;
            }

            return false;
        }

        private void LearnFrom(int a, int b, int firstFieldLength)
        {
            if (learned != LogDateOrder.Auto)
            {
                return;
            }

            if (firstFieldLength == 4)
            {
                return;
            }

            if (a > 12 && a <= 31 && b <= 12)
            {
                learned = LogDateOrder.DayMonthYear;
            }
            else if (b > 12 && b <= 31 && a <= 12)
            {
                learned = LogDateOrder.MonthDayYear;
            }
        }

        private DateTime? Build(int a, int b, int c, bool yearFirst, Match m)
        {
            int year;
            int month;
            int day;
            if (yearFirst)
            {
                year = a;
                month = b;
                day = c;
            }
            else
            {
                year = c < 100 ? (c < 70 ? 2000 + c : 1900 + c) : c;
                bool dayFirst = EffectiveOrder != LogDateOrder.MonthDayYear;
                // A value above 12 can only be the day, whatever the learned order says.
                if (a > 12)
                {
                    dayFirst = true;
                }
                else if (b > 12)
                {
                    dayFirst = false;
                }

                day = dayFirst ? a : b;
                month = dayFirst ? b : a;
            }

            int hour = Number(m, "H");
            int minute = Number(m, "M");
            int second = m.Groups["S"].Success ? Number(m, "S") : 0;
            if (m.Groups["ampm"].Success)
            {
                bool pm = char.ToUpperInvariant(m.Groups["ampm"].Value[0]) == 'P';
                if (hour == 12)
                {
                    hour = pm ? 12 : 0;
                }
                else if (pm)
                {
                    hour += 12;
                }
            }

            if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            {
                return null;
            }

            var time = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
            if (m.Groups["F"].Success)
            {
                string fraction = m.Groups["F"].Value;
                // "07:11:53.58" is hundredths (Domino), "07:37:34:004" milliseconds (WebSphere).
                double seconds = double.Parse("0." + fraction, CultureInfo.InvariantCulture);
                time = time.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
            }

            return time;
        }

        private static int Number(Match m, string group) => int.Parse(m.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);

        private static LogDateOrder CultureOrder()
        {
            string pattern = CultureInfo.CurrentCulture.DateTimeFormat.ShortDatePattern;
            int d = pattern.IndexOf('d');
            int mo = pattern.IndexOf('M');
            int y = pattern.IndexOf('y');
            if (y >= 0 && y < mo && y < d)
            {
                // Culture writes year first; two-field dates in logs are then most likely day first.
                return LogDateOrder.DayMonthYear;
            }

            return mo >= 0 && d >= 0 && mo < d ? LogDateOrder.MonthDayYear : LogDateOrder.DayMonthYear;
        }
    }
}
