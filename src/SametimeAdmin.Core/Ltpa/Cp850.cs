using System;
using System.Collections.Generic;
using System.Text;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// IBM code page 850 (what LMBCS uses for the characters it shares with CP850). Table based because
    /// netstandard2.0 has no code page 850 without an extra package.
    /// </summary>
    internal static class Cp850
    {
        private const string High =
            "\u00C7\u00FC\u00E9\u00E2\u00E4\u00E0\u00E5\u00E7\u00EA\u00EB\u00E8\u00EF\u00EE\u00EC\u00C4\u00C5" +
            "\u00C9\u00E6\u00C6\u00F4\u00F6\u00F2\u00FB\u00F9\u00FF\u00D6\u00DC\u00F8\u00A3\u00D8\u00D7\u0192" +
            "\u00E1\u00ED\u00F3\u00FA\u00F1\u00D1\u00AA\u00BA\u00BF\u00AE\u00AC\u00BD\u00BC\u00A1\u00AB\u00BB" +
            "\u2591\u2592\u2593\u2502\u2524\u00C1\u00C2\u00C0\u00A9\u2563\u2551\u2557\u255D\u00A2\u00A5\u2510" +
            "\u2514\u2534\u252C\u251C\u2500\u253C\u00E3\u00C3\u255A\u2554\u2569\u2566\u2560\u2550\u256C\u00A4" +
            "\u00F0\u00D0\u00CA\u00CB\u00C8\u0131\u00CD\u00CE\u00CF\u2518\u250C\u2588\u2584\u00A6\u00CC\u2580" +
            "\u00D3\u00DF\u00D4\u00D2\u00F5\u00D5\u00B5\u00FE\u00DE\u00DA\u00DB\u00D9\u00FD\u00DD\u00AF\u00B4" +
            "\u00AD\u00B1\u2017\u00BE\u00B6\u00A7\u00F7\u00B8\u00B0\u00A8\u00B7\u00B9\u00B3\u00B2\u25A0\u00A0";

        private static readonly Dictionary<char, byte> Reverse = BuildReverse();

        public static string Decode(byte[] bytes, int offset, int count)
        {
            var sb = new StringBuilder(count);
            for (int i = offset; i < offset + count; i++)
            {
                byte b = bytes[i];
                sb.Append(b < 0x80 ? (char)b : High[b - 0x80]);
            }

            return sb.ToString();
        }

        /// <summary>Encodes text; characters outside CP850 become '?' and are listed in <paramref name="unencodable"/>.</summary>
        public static byte[] Encode(string text, out string unencodable)
        {
            var result = new List<byte>(text.Length);
            var missing = new StringBuilder();
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    result.Add((byte)c);
                }
                else if (Reverse.TryGetValue(c, out byte b))
                {
                    result.Add(b);
                }
                else
                {
                    // A surrogate pair is one character: one '?' (as iconv-lite writes).
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        missing.Append(c).Append(text[i + 1]);
                        i++;
                    }
                    else
                    {
                        missing.Append(c);
                    }

                    result.Add((byte)'?');
                }
            }

            unencodable = missing.ToString();
            return result.ToArray();
        }

        private static Dictionary<char, byte> BuildReverse()
        {
            var map = new Dictionary<char, byte>();
            for (int i = 0; i < High.Length; i++)
            {
                map[High[i]] = (byte)(0x80 + i);
            }

            return map;
        }
    }
}
