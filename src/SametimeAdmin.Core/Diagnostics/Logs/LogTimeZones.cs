using System;
using System.Collections.Generic;
using System.Globalization;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>UTC offsets of the zones logs write: abbreviations (WebSphere, Java's Date.toString) and numeric forms.</summary>
    public static class LogTimeZones
    {
        // Only abbreviations with one common meaning; IST (India, Ireland, Israel) and the like are left out on purpose.
        private static readonly Dictionary<string, int> Abbreviations = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["UTC"] = 0, ["GMT"] = 0, ["UT"] = 0, ["Z"] = 0, ["WET"] = 0, ["WEST"] = 60, ["BST"] = 60,
            ["CET"] = 60, ["CEST"] = 120, ["MET"] = 60, ["MEST"] = 120, ["EET"] = 120, ["EEST"] = 180, ["MSK"] = 180,
            ["EST"] = -300, ["EDT"] = -240, ["CST"] = -360, ["CDT"] = -300, ["MST"] = -420, ["MDT"] = -360,
            ["PST"] = -480, ["PDT"] = -420, ["AKST"] = -540, ["AKDT"] = -480, ["HST"] = -600, ["AST"] = -240, ["ADT"] = -180,
            ["NST"] = -210, ["NDT"] = -150, ["BRT"] = -180, ["ART"] = -180,
            ["JST"] = 540, ["KST"] = 540, ["HKT"] = 480, ["SGT"] = 480, ["AWST"] = 480, ["ACST"] = 570, ["ACDT"] = 630,
            ["AEST"] = 600, ["AEDT"] = 660, ["NZST"] = 720, ["NZDT"] = 780,
        };

        /// <summary>The offset of "EDT", "CEST", "Z", "+01:00", "+0100", "-05" or "GMT+01:00"; false for anything else.</summary>
        public static bool TryGetOffset(string? zone, out TimeSpan offset)
        {
            offset = TimeSpan.Zero;
            if (string.IsNullOrEmpty(zone))
            {
                return false;
            }

            string z = zone!.Trim();
            if (Abbreviations.TryGetValue(z, out int minutes))
            {
                offset = TimeSpan.FromMinutes(minutes);
                return true;
            }

            if ((z.StartsWith("GMT", StringComparison.OrdinalIgnoreCase) || z.StartsWith("UTC", StringComparison.OrdinalIgnoreCase)) && z.Length > 3)
            {
                z = z.Substring(3);
            }

            if (z.Length < 3 || (z[0] != '+' && z[0] != '-'))
            {
                return false;
            }

            string digits = z.Substring(1).Replace(":", string.Empty);
            if ((digits.Length != 2 && digits.Length != 4) || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            {
                return false;
            }

            int hours = digits.Length == 2 ? value : value / 100;
            int mins = digits.Length == 2 ? 0 : value % 100;
            if (hours > 14 || mins > 59)
            {
                return false;
            }

            offset = new TimeSpan(hours, mins, 0);
            if (z[0] == '-')
            {
                offset = offset.Negate();
            }

            return true;
        }
    }
}
