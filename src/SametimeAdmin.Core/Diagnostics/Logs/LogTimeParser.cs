using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// Parses the time stamps of Domino console.log ("[0DEC:0002-0E84] 13/03/2017 07:11:53", "09/03/2017 07:27:19",
    /// "13.03.2017 07:11:53,58", "03/13/2017 11:52:36 AM"), WebSphere and Liberty logs ("[13/03/17 07:37:34:004 EDT] 000000e7",
    /// "[3/13/17, 7:37:34:004 EDT]"), ISO 8601 and sametime.log ("I Server 13/May, 07:01:30"). One instance per file:
    /// it learns whether the file writes the day or the month first.
    /// </summary>
    public sealed class LogTimeParser
    {
        /// <summary>
        /// Anchored at the start and built of runs that cannot overlap (\s+ then \S+), so it is linear; the match timeout
        /// bounds it all the same, as for every pattern run on log text that others can write into.
        /// </summary>
        internal static readonly Regex SametimeLogStamp = new Regex(
            @"^\s*(?<lvl>[A-Z])\s+(?<comp>\S+)\s+(?<d>\d{1,2})/(?<mon>[A-Za-z]{3}),\s*(?<H>\d{1,2}):(?<M>\d{2}):(?<S>\d{2})\s*",
            RegexOptions.CultureInvariant | RegexOptions.Compiled | RegexOptions.ExplicitCapture, LogPatterns.MatchTimeout);

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

            var fields = default(StampFields);
            if (Scan(line, ref fields))
            {
                LearnFrom(fields.A, fields.B, fields.ALength);
            }
        }

        /// <summary>The time of the line's stamp as <see cref="TryParse"/> gives it, without the stamp's texts (no allocation).</summary>
        public bool TryParseTime(string line, out DateTime? time)
        {
            time = null;
            if (!MayStartWithTimestamp(line))
            {
                return false;
            }

            var f = default(StampFields);
            if (Scan(line, ref f))
            {
                LearnFrom(f.A, f.B, f.ALength);
                time = Build(ref f);
                return true;
            }

            // The sametime.log form has no year: a stamp without a time.
            return TryParse(line, out _);
        }

        public bool TryParse(string line, out LogTimestamp stamp)
        {
            stamp = default;
            if (!MayStartWithTimestamp(line))
            {
                return false;
            }

            var f = default(StampFields);
            if (Scan(line, ref f))
            {
                LearnFrom(f.A, f.B, f.ALength);
                DateTime? time = Build(ref f);
                string? zone = f.ZoneLength > 0 ? line.Substring(f.ZoneStart, f.ZoneLength) : null;
                string? process = f.PidLength > 0 ? line.Substring(f.PidStart, f.PidLength) : f.ThreadIdLength > 0 ? line.Substring(f.ThreadIdStart, f.ThreadIdLength) : null;
                string? thread = f.TidLength > 0 ? line.Substring(f.TidStart, f.TidLength) : null;
                stamp = new LogTimestamp(time, line.Substring(f.TextStart, f.TextEnd - f.TextStart), zone, process, thread, f.MessageStart);
                return true;
            }

            Match s;
            try
            {
                s = SametimeLogStamp.Match(line);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }

            if (s.Success && DateTime.TryParseExact(s.Groups["mon"].Value, "MMM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                string text = line.Substring(s.Groups["d"].Index, s.Groups["S"].Index + 2 - s.Groups["d"].Index);
                stamp = new LogTimestamp(null, text, null, s.Groups["comp"].Value, null, s.Index + s.Length);
                return true;
            }

            return false;
        }

        /// <summary>
        /// Reads "[pid:tid-vt] " (Domino), then a date (a sep b sep c, sep one of / . -), ',' or ' ' or 'T', a time
        /// H:MM[:SS][(.|,|:)fraction][Z|+hh:mm][ AM|PM]; inside '[' ... ']' also a time zone and, after ']', a WebSphere
        /// thread id. No allocation: only positions and numbers.
        /// </summary>
        private static bool Scan(string line, ref StampFields f)
        {
            int i = 0;
            int n = line.Length;
            while (i < n && line[i] == ' ')
            {
                i++;
            }

            // Domino process and thread ids: [0DEC:000A-0F80]
            if (i < n && line[i] == '[')
            {
                int j = i + 1;
                int pid = Hex(line, j);
                if (pid > 0 && pid <= 8 && j + pid < n && line[j + pid] == ':')
                {
                    int k = j + pid + 1;
                    int tid = Hex(line, k);
                    int after = k + tid;
                    if (tid > 0 && tid <= 8 && after < n && line[after] == '-')
                    {
                        after += 1 + Hex(line, after + 1);
                    }

                    if (tid > 0 && after < n && line[after] == ']')
                    {
                        f.PidStart = j;
                        f.PidLength = pid;
                        f.TidStart = k;
                        f.TidLength = tid;
                        i = after + 1;
                        while (i < n && line[i] == ' ')
                        {
                            i++;
                        }
                    }
                }
            }

            bool open = i < n && line[i] == '[';
            if (open)
            {
                i++;
            }

            f.TextStart = i;
            if (!Digits(line, ref i, 1, 4, out f.A, out f.ALength) || i >= n)
            {
                return false;
            }

            char sep = line[i];
            if (sep != '/' && sep != '.' && sep != '-')
            {
                return false;
            }

            i++;
            if (!Digits(line, ref i, 1, 2, out f.B, out _) || i >= n || line[i] != sep)
            {
                return false;
            }

            i++;
            if (!Digits(line, ref i, 2, 4, out f.C, out _))
            {
                return false;
            }

            if (i < n && line[i] == ',')
            {
                i++;
            }

            if (i < n && line[i] == 'T')
            {
                i++;
            }
            else
            {
                int spaces = i;
                while (i < n && line[i] == ' ')
                {
                    i++;
                }

                if (i == spaces)
                {
                    return false;
                }
            }

            if (!Digits(line, ref i, 1, 2, out f.Hour, out _) || i >= n || line[i] != ':')
            {
                return false;
            }

            i++;
            if (!Digits(line, ref i, 2, 2, out f.Minute, out _))
            {
                return false;
            }

            if (i + 1 < n && line[i] == ':' && IsDigit(line[i + 1]))
            {
                i++;
                Digits(line, ref i, 2, 2, out f.Second, out _);
            }

            if (i + 1 < n && (line[i] == '.' || line[i] == ',' || line[i] == ':') && IsDigit(line[i + 1]))
            {
                i++;
                int fractionStart = i;
                Digits(line, ref i, 1, 7, out f.Fraction, out f.FractionDigits);
                if (fractionStart == i)
                {
                    return false;
                }
            }

            f.TextEnd = i;
            if (i < n && (line[i] == 'Z' || ((line[i] == '+' || line[i] == '-') && i + 5 < n + 1 && IsDigit(Char(line, i + 1)) && IsDigit(Char(line, i + 2)))))
            {
                int zoneStart = i;
                i += line[i] == 'Z' ? 1 : 3;
                if (i < n && line[i] == ':')
                {
                    i++;
                }

                while (i < n && IsDigit(line[i]) && i - zoneStart < 6)
                {
                    i++;
                }

                f.ZoneStart = zoneStart;
                f.ZoneLength = i - zoneStart;
                f.TextEnd = i;
            }

            // AM/PM: "11:52:36AM", "01:10:11 PM", not the start of a word such as "AMgr:".
            int ampm = i < n && line[i] == ' ' ? i + 1 : i;
            if (ampm + 1 < n && (line[ampm] == 'A' || line[ampm] == 'P' || line[ampm] == 'a' || line[ampm] == 'p') && (line[ampm + 1] == 'M' || line[ampm + 1] == 'm')
                && (ampm + 2 >= n || !char.IsLetter(line[ampm + 2])))
            {
                f.Pm = line[ampm] == 'P' || line[ampm] == 'p';
                f.HasAmPm = true;
                i = ampm + 2;
                f.TextEnd = i;
            }

            if (open)
            {
                // "[13/03/17 07:37:34:004 EDT] 000000e7 ..."
                int zoneStart = i;
                while (i < n && line[i] == ' ')
                {
                    i++;
                }

                int letters = i;
                while (i < n && (char.IsLetter(line[i]) || line[i] == '+' || line[i] == '-' || line[i] == ':' || IsDigit(line[i])) && i - letters < 12)
                {
                    i++;
                }

                if (i < n && line[i] == ']')
                {
                    if (i > letters)
                    {
                        f.ZoneStart = letters;
                        f.ZoneLength = i - letters;
                        f.TextEnd = i;
                    }

                    i++;
                }
                else
                {
                    i = zoneStart;
                    if (i >= n || line[i] != ']')
                    {
                        return false;
                    }

                    i++;
                }

                while (i < n && line[i] == ' ')
                {
                    i++;
                }

                int thread = Hex(line, i);
                if (thread == 8 && (i + 8 == n || line[i + 8] == ' '))
                {
                    f.ThreadIdStart = i;
                    f.ThreadIdLength = 8;
                    i += 8;
                }
            }

            while (i < n && line[i] == ' ')
            {
                i++;
            }

            f.MessageStart = i;
            return true;
        }

        private static char Char(string s, int i) => i < s.Length ? s[i] : '\0';

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static int Hex(string s, int i)
        {
            int start = i;
            while (i < s.Length && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'F') || (s[i] >= 'a' && s[i] <= 'f')))
            {
                i++;
            }

            return i - start;
        }

        private static bool Digits(string s, ref int i, int min, int max, out int value, out int count)
        {
            value = 0;
            count = 0;
            while (i < s.Length && count < max && IsDigit(s[i]))
            {
                value = (value * 10) + (s[i] - '0');
                i++;
                count++;
            }

            // More digits than allowed: not a time stamp field.
            return count >= min && !(i < s.Length && IsDigit(s[i]));
        }

        /// <summary>The numbers and positions of one time stamp.</summary>
        private struct StampFields
        {
            public int A;
            public int ALength;
            public int B;
            public int C;
            public int Hour;
            public int Minute;
            public int Second;
            public int Fraction;
            public int FractionDigits;
            public bool HasAmPm;
            public bool Pm;
            public int TextStart;
            public int TextEnd;
            public int ZoneStart;
            public int ZoneLength;
            public int PidStart;
            public int PidLength;
            public int TidStart;
            public int TidLength;
            public int ThreadIdStart;
            public int ThreadIdLength;
            public int MessageStart;
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

        private DateTime? Build(ref StampFields f)
        {
            int year;
            int month;
            int day;
            if (f.ALength == 4)
            {
                year = f.A;
                month = f.B;
                day = f.C;
            }
            else
            {
                year = f.C < 100 ? (f.C < 70 ? 2000 + f.C : 1900 + f.C) : f.C;
                bool dayFirst = EffectiveOrder != LogDateOrder.MonthDayYear;
                // A value above 12 can only be the day, whatever the learned order says.
                if (f.A > 12)
                {
                    dayFirst = true;
                }
                else if (f.B > 12)
                {
                    dayFirst = false;
                }

                day = dayFirst ? f.A : f.B;
                month = dayFirst ? f.B : f.A;
            }

            int hour = f.Hour;
            if (f.HasAmPm)
            {
                if (hour == 12)
                {
                    hour = f.Pm ? 12 : 0;
                }
                else if (f.Pm)
                {
                    hour += 12;
                }
            }

            if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || f.Minute > 59 || f.Second > 59)
            {
                return null;
            }

            var time = new DateTime(year, month, day, hour, f.Minute, f.Second, DateTimeKind.Unspecified);
            if (f.FractionDigits > 0)
            {
                // "07:11:53.58" is hundredths (Domino), "07:37:34:004" milliseconds (WebSphere).
                long ticks = f.Fraction;
                for (int d = f.FractionDigits; d < 7; d++)
                {
                    ticks *= 10;
                }

                time = time.AddTicks(ticks);
            }

            return time;
        }

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
