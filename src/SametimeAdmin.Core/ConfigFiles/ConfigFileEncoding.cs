using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using SametimeAdmin.Common;

namespace SametimeAdmin.ConfigFiles
{
    /// <summary>The byte encodings a configuration file is read and written in.</summary>
    public enum ConfigFileEncoding
    {
        /// <summary>UTF-8 without a byte order mark (also every pure-ASCII file).</summary>
        Utf8,

        /// <summary>UTF-8 with the byte order mark EF BB BF.</summary>
        Utf8Bom,

        /// <summary>Windows-1252 ("ANSI" on Western Windows servers): any file that is not valid UTF-8.</summary>
        Windows1252,
    }

    /// <summary>
    /// Detects, decodes and encodes configuration-file text. Windows-1252 is implemented with its own table because
    /// netstandard2.0 has no code page 1252 without an extra package; the five bytes 1252 leaves undefined map to the
    /// C1 control characters of the same value, so every byte sequence decodes and re-encodes to itself.
    /// </summary>
    internal static class ConfigFileCodec
    {
        private static readonly byte[] Utf8Preamble = { 0xEF, 0xBB, 0xBF };
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        // Windows-1252 0x80..0x9F; the other bytes are the Unicode code points of the same value (ISO-8859-1).
        private static readonly char[] HighControls =
        {
            '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
            '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
            '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
            '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
        };

        private static readonly Dictionary<char, byte> HighControlBytes = BuildReverseTable();

        /// <summary>Works out the encoding of <paramref name="bytes"/>; <paramref name="bomLength"/> is the length of its byte order mark.</summary>
        public static ConfigFileEncoding Detect(byte[] bytes, string displayPath, out int bomLength)
        {
            bomLength = 0;
            if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
            {
                throw new SametimeAdminException("UnsupportedFileEncoding", FailureKind.InvalidData,
                    $"'{displayPath}' is saved as UTF-16 (\"Unicode\"); Domino and Sametime read their configuration files as ANSI or UTF-8. Nothing was changed.")
                {
                    RecommendedAction = "Open the file in an editor and save it as ANSI or UTF-8, then try again.",
                };
            }

            if (Array.IndexOf(bytes, (byte)0) >= 0)
            {
                throw new SametimeAdminException("UnsupportedFileEncoding", FailureKind.InvalidData,
                    $"'{displayPath}' contains NUL bytes, so it is not a text configuration file (or it is UTF-16 without a byte order mark). Nothing was changed.");
            }

            if (bytes.Length >= 3 && bytes[0] == Utf8Preamble[0] && bytes[1] == Utf8Preamble[1] && bytes[2] == Utf8Preamble[2])
            {
                bomLength = 3;
                return ConfigFileEncoding.Utf8Bom;
            }

            try
            {
                StrictUtf8.GetString(bytes);
                return ConfigFileEncoding.Utf8;
            }
            catch (DecoderFallbackException)
            {
                return ConfigFileEncoding.Windows1252;
            }
        }

        public static byte[] Preamble(ConfigFileEncoding encoding) =>
            encoding == ConfigFileEncoding.Utf8Bom ? (byte[])Utf8Preamble.Clone() : Array.Empty<byte>();

        public static string Decode(byte[] bytes, int index, int count, ConfigFileEncoding encoding)
        {
            if (encoding != ConfigFileEncoding.Windows1252)
            {
                // Lenient here: a UTF-8 file with a BOM may still hold a stray byte; it is shown as U+FFFD but never rewritten.
                return Encoding.UTF8.GetString(bytes, index, count);
            }

            var chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                byte b = bytes[index + i];
                chars[i] = b >= 0x80 && b <= 0x9F ? HighControls[b - 0x80] : (char)b;
            }

            return new string(chars);
        }

        /// <summary>Encodes one changed line; fails naming the character when the file's encoding cannot hold it.</summary>
        public static byte[] Encode(string text, ConfigFileEncoding encoding)
        {
            if (encoding != ConfigFileEncoding.Windows1252)
            {
                return Encoding.UTF8.GetBytes(text);
            }

            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80 || (c >= 0xA0 && c <= 0xFF))
                {
                    bytes[i] = (byte)c;
                }
                else if (HighControlBytes.TryGetValue(c, out byte b))
                {
                    bytes[i] = b;
                }
                else
                {
                    throw new SametimeAdminException("CharacterNotRepresentable", FailureKind.InvalidArgument,
                        string.Format(CultureInfo.InvariantCulture,
                            "The file is saved in Windows-1252 (ANSI), which cannot store '{0}' (U+{1:X4}) in \"{2}\". Nothing was changed.", c, (int)c, text))
                    {
                        RecommendedAction = "Use characters that Windows-1252 can store, or convert the file to UTF-8 first if the server reads UTF-8.",
                    };
                }
            }

            return bytes;
        }

        private static Dictionary<char, byte> BuildReverseTable()
        {
            var table = new Dictionary<char, byte>();
            for (int i = 0; i < HighControls.Length; i++)
            {
                table[HighControls[i]] = (byte)(0x80 + i);
            }

            return table;
        }
    }
}
