using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SametimeAdmin.Common;

namespace SametimeAdmin.Domino
{
    /// <summary>
    /// Character-level helpers for DXL files: encoding detection, byte/char offsets, escaping and DXL date-times.
    /// </summary>
    internal static class DxlText
    {
        private static readonly Regex EncodingDeclaration = new Regex(
            @"^<\?xml[^>]*?\sencoding\s*=\s*['""](?<name>[A-Za-z0-9._:-]+)['""]", RegexOptions.CultureInvariant);

        private static readonly Regex DateTimePattern = new Regex(
            @"^(?<date>\d{8})T(?<time>\d{6})(?:,(?<hundredths>\d{1,2}))?(?<zone>Z|[+-]\d{2}(?:\d{2})?)?$", RegexOptions.CultureInvariant);

        /// <summary>Finds the file's encoding from its byte order mark or XML declaration. Returns the BOM length.</summary>
        public static Encoding DetectEncoding(byte[] bytes, string source, out int preambleLength)
        {
            preambleLength = 0;
            if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            {
                preambleLength = 3;
                return new UTF8Encoding(false, true);
            }

            if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            {
                preambleLength = 2;
                return new UnicodeEncoding(false, false, true);
            }

            if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
            {
                preambleLength = 2;
                return new UnicodeEncoding(true, false, true);
            }

            if (bytes.Length >= 4 && bytes[0] == 0x3C && bytes[1] == 0 && bytes[2] == 0x3F && bytes[3] == 0)
            {
                return new UnicodeEncoding(false, false, true);
            }

            if (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0x3C && bytes[2] == 0 && bytes[3] == 0x3F)
            {
                return new UnicodeEncoding(true, false, true);
            }

            // The declaration is ASCII in every encoding this branch can meet.
            string head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 200));
            Match match = EncodingDeclaration.Match(head);
            if (!match.Success)
            {
                return new UTF8Encoding(false, true);
            }

            string name = match.Groups["name"].Value.ToUpperInvariant();
            switch (name)
            {
                case "UTF-8":
                case "UTF8":
                    return new UTF8Encoding(false, true);
                case "ISO-8859-1":
                case "LATIN1":
                case "ISO_8859-1":
                    return Encoding.GetEncoding(28591);
                case "US-ASCII":
                case "ASCII":
                    return Encoding.ASCII;
                default:
                    try
                    {
                        return Encoding.GetEncoding(match.Groups["name"].Value, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
                    }
                    catch (ArgumentException ex)
                    {
                        throw new SametimeAdminException("DxlEncodingNotSupported", FailureKind.InvalidData,
                            $"'{source}' declares the encoding '{match.Groups["name"].Value}', which is not available here; nothing was changed.", ex)
                        {
                            RecommendedAction = "Export the document again as UTF-8 (the DXL exporter's default).",
                        };
                    }
            }
        }

        /// <summary>True when every character can be written as itself (otherwise non-ASCII goes out as character references).</summary>
        public static bool IsUnicode(Encoding encoding) => encoding is UTF8Encoding || encoding is UnicodeEncoding;

        /// <summary>Escapes text for element content (<paramref name="quote"/> = null) or for an attribute value.</summary>
        public static string Escape(string value, char? quote, bool unicode)
        {
            var sb = new StringBuilder(value.Length + 8);
            foreach (char c in value)
            {
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '"' when quote == '"': sb.Append("&quot;"); break;
                    case '\'' when quote == '\'': sb.Append("&apos;"); break;
                    default:
                        if (c < 0x20 && c != '\t')
                        {
                            throw new SametimeAdminException("DxlValueNotRepresentable", FailureKind.InvalidArgument,
                                "A value contains a control character that XML cannot hold; nothing was changed.");
                        }

                        if (!unicode && c > 0x7E)
                        {
                            sb.Append("&#x").Append(((int)c).ToString("X", CultureInfo.InvariantCulture)).Append(';');
                        }
                        else
                        {
                            sb.Append(c);
                        }

                        break;
                }
            }

            return sb.ToString();
        }

        /// <summary>Parses a DXL date-time such as 20200729T154357,38+02. Returns null for empty or partial values.</summary>
        public static DateTimeOffset? ParseDateTime(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            Match m = DateTimePattern.Match(value!.Trim());
            if (!m.Success)
            {
                return null;
            }

            var offset = TimeSpan.Zero;
            string zone = m.Groups["zone"].Value;
            if (zone.Length > 1)
            {
                int sign = zone[0] == '-' ? -1 : 1;
                int hours = int.Parse(zone.Substring(1, 2), CultureInfo.InvariantCulture);
                int minutes = zone.Length == 5 ? int.Parse(zone.Substring(3, 2), CultureInfo.InvariantCulture) : 0;
                offset = new TimeSpan(sign * hours, sign * minutes, 0);
            }

            if (!DateTime.TryParseExact(m.Groups["date"].Value + m.Groups["time"].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
            {
                return null;
            }

            int hundredths = m.Groups["hundredths"].Success ? int.Parse(m.Groups["hundredths"].Value.PadRight(2, '0'), CultureInfo.InvariantCulture) : 0;
            try
            {
                return new DateTimeOffset(local.AddMilliseconds(hundredths * 10), offset);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
    }
}
