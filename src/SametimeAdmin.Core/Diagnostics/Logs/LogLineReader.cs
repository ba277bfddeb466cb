using System;
using System.IO;
using System.Text;
using SametimeAdmin.Common;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// Reads a log file line by line in constant memory, whatever its size: fixed buffers, lines longer than
    /// <see cref="MaxLineLength"/> are cut, NUL padding (left by a crash) is dropped, and a last line without a
    /// line break is still returned. UTF-8 and single-byte code pages are told apart per line; UTF-16 files
    /// (with a byte order mark, as Windows PowerShell's Out-File writes them) are read as such.
    /// Binary and compressed files are refused with a clear error instead of being parsed as garbage.
    /// </summary>
    public sealed class LogLineReader : IDisposable
    {
        /// <summary>Characters kept of a line; the rest of a longer line is skipped.</summary>
        public const int MaxLineLength = 64 * 1024;

        private const int SniffLength = 8192;
        private static readonly Encoding Utf8 = new UTF8Encoding(false, false);
        private static readonly Encoding Latin1 = Encoding.GetEncoding(28591);

        private readonly Stream stream;
        private readonly LineSplitter<byte>? bytes;
        private readonly LineSplitter<char>? chars;
        private readonly StreamReader? textReader;

        internal LogLineReader(string path, Stream stream, Encoding? utf16)
        {
            Path = path;
            this.stream = stream;
            if (utf16 == null)
            {
                bytes = new LineSplitter<byte>((byte)'\n', (byte)'\r', stream.Read);
            }
            else
            {
                textReader = new StreamReader(stream, utf16, true, 64 * 1024);
                chars = new LineSplitter<char>('\n', '\r', textReader.Read);
            }
        }

        public string Path { get; }

        /// <summary>Number of the line last returned (1-based).</summary>
        public long LineNumber { get; private set; }

        /// <summary>Lines cut at <see cref="MaxLineLength"/>.</summary>
        public long OverlongLines => bytes?.OverlongLines ?? chars!.OverlongLines;

        /// <summary>Lines that held NUL bytes or other binary data and were cleaned or skipped.</summary>
        public long BinaryLines { get; private set; }

        /// <summary>True when the file did not end with a line break (written while the server was running, or cut).</summary>
        public bool EndedWithoutLineBreak => bytes?.EndedWithoutTerminator ?? chars!.EndedWithoutTerminator;

        /// <summary>Bytes read so far (for progress).</summary>
        public long Position => stream.Position;

        public long Length => stream.Length;

        /// <summary>Opens a log file for reading (shared with the server that may still write to it).</summary>
        public static LogLineReader Open(string path)
        {
            var stream = OpenStream(path, out var utf16);
            return new LogLineReader(path, stream, utf16);
        }

        /// <summary>Opens the file, refuses binary and compressed files, and says whether it is UTF-16 (null: bytes).</summary>
        internal static Stream OpenStream(string path, out Encoding? utf16)
        {
            Stream stream;
            try
            {
                if (Directory.Exists(path))
                {
                    throw new SametimeAdminException("LogPathIsFolder", FailureKind.InvalidArgument,
                        $"'{path}' is a folder. Give the log file itself, for example <Domino data>/IBM_TECHNICAL_SUPPORT/console.log.");
                }

                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                throw new SametimeAdminException("LogFileNotFound", FailureKind.ObjectNotFound, $"The log file '{path}' does not exist.", ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new SametimeAdminException("LogFileAccessDenied", FailureKind.PermissionDenied,
                    $"Access to the log file '{path}' was denied. Run as an account that may read the server's logs, or copy the file first.", ex);
            }
            catch (IOException ex)
            {
                throw new SametimeAdminException("LogFileUnreadable", FailureKind.ReadError, $"The log file '{path}' could not be opened: {ex.Message}", ex);
            }

            try
            {
                utf16 = Sniff(path, stream);
                return stream;
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        internal static SametimeAdminException ReadFailure(string path, long lineNumber, IOException ex) =>
            new SametimeAdminException("LogFileUnreadable", FailureKind.ReadError, $"Reading the log file '{path}' failed after line {lineNumber}: {ex.Message}", ex);

        /// <summary>The next line without its line break, or null at the end of the file.</summary>
        public string? ReadLine()
        {
            try
            {
                if (bytes != null)
                {
                    if (!bytes.Next(out byte[] buffer, out int offset, out int count))
                    {
                        return null;
                    }

                    LineNumber++;
                    return Decode(buffer, offset, count);
                }

                if (!chars!.Next(out char[] text, out int start, out int length))
                {
                    return null;
                }

                LineNumber++;
                string line = new string(text, start, length);
                return line.IndexOf('\0') >= 0 ? Clean(line) : line;
            }
            catch (IOException ex)
            {
                throw ReadFailure(Path, LineNumber, ex);
            }
        }

        public void Dispose()
        {
            textReader?.Dispose();
            stream.Dispose();
        }

        private string Decode(byte[] buffer, int offset, int count)
        {
            string text = DecodeLine(buffer, offset, count, out bool binary);
            if (binary)
            {
                BinaryLines++;
            }

            return text;
        }

        private string Clean(string line)
        {
            BinaryLines++;
            return CleanBinary(line);
        }

        /// <summary>Decodes one line: UTF-8 when it is valid UTF-8, else the single-byte code page (Domino on Windows writes ANSI).</summary>
        internal static string DecodeLine(byte[] buffer, int offset, int count, out bool binary)
        {
            binary = false;
            if (count == 0)
            {
                return string.Empty;
            }

            if (count > MaxLineLength)
            {
                count = MaxLineLength;
            }

            if (Array.IndexOf(buffer, (byte)0, offset, count) >= 0)
            {
                binary = true;
                return CleanBinary(Latin1.GetString(buffer, offset, count));
            }

            string text = Utf8.GetString(buffer, offset, count);
            return text.IndexOf('\uFFFD') >= 0 ? Latin1.GetString(buffer, offset, count) : text;
        }

        private static string CleanBinary(string line)
        {
            var kept = new StringBuilder(line.Length);
            int control = 0;
            foreach (char c in line)
            {
                if (c == '\0')
                {
                    continue;
                }

                if (c < ' ' && c != '\t')
                {
                    control++;
                    continue;
                }

                kept.Append(c);
            }

            // Mostly control characters: a binary block, not text worth parsing.
            return control > kept.Length ? string.Empty : kept.ToString();
        }

        private static Encoding? Sniff(string path, Stream stream)
        {
            var head = new byte[SniffLength];
            int length = 0;
            int read;
            while (length < head.Length && (read = stream.Read(head, length, head.Length - length)) > 0)
            {
                length += read;
            }

            stream.Position = 0;
            if (length >= 2 && head[0] == 0xFF && head[1] == 0xFE)
            {
                return Encoding.Unicode;
            }

            if (length >= 2 && head[0] == 0xFE && head[1] == 0xFF)
            {
                return Encoding.BigEndianUnicode;
            }

            string? kind = MagicKind(head, length);
            if (kind != null)
            {
                throw NotText(path, $"it is a {kind} file.", kind == "compressed" || kind == "ZIP"
                    ? "Extract the log from the archive first, then give the extracted file."
                    : "Give the server's text log (console.log, sametime.log, trace.log, SystemOut.log).");
            }

            int zeros = 0;
            int oddZeros = 0;
            int control = 0;
            for (int i = 0; i < length; i++)
            {
                byte b = head[i];
                if (b == 0)
                {
                    zeros++;
                    if ((i & 1) == 1)
                    {
                        oddZeros++;
                    }
                }
                else if (b < 9 || (b > 13 && b < 32 && b != 27))
                {
                    control++;
                }
            }

            if (length >= 64 && oddZeros > length * 4 / 10 && zeros - oddZeros < length / 50)
            {
                // ASCII text in UTF-16 little endian without a byte order mark.
                return Encoding.Unicode;
            }

            // A crash can leave NUL padding at the end of a log: only a file that starts binary is refused.
            bool paddingOnly = zeros > 0 && IsNulRun(head, length);
            if (!paddingOnly && length > 0 && (zeros + control) * 10 > length)
            {
                throw NotText(path, "it holds binary data, not text.",
                    "Give the server's text log (console.log, sametime.log, trace.log, SystemOut.log). If the file was damaged, copy the readable part to a new file.");
            }

            return null;
        }

        private static bool IsNulRun(byte[] head, int length)
        {
            // True when every NUL sits in one trailing run (the file ends in padding) rather than scattered.
            int first = Array.IndexOf(head, (byte)0, 0, length);
            for (int i = first; i < length; i++)
            {
                if (head[i] != 0)
                {
                    return false;
                }
            }

            return first > 0;
        }

        private static string? MagicKind(byte[] head, int length)
        {
            bool Starts(params byte[] magic)
            {
                if (length < magic.Length)
                {
                    return false;
                }

                for (int i = 0; i < magic.Length; i++)
                {
                    if (head[i] != magic[i])
                    {
                        return false;
                    }
                }

                return true;
            }

            if (Starts(0x1F, 0x8B) || Starts(0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C) || Starts(0x42, 0x5A, 0x68))
            {
                return "compressed";
            }

            if (Starts(0x50, 0x4B, 0x03, 0x04))
            {
                return "ZIP";
            }

            if (Starts(0x25, 0x50, 0x44, 0x46))
            {
                return "PDF";
            }

            if (Starts(0x4D, 0x5A))
            {
                return "program (executable)";
            }

            return null;
        }

        private static SametimeAdminException NotText(string path, string why, string action) =>
            new SametimeAdminException("LogFileNotText", FailureKind.InvalidData, $"'{path}' is not a text log: {why}")
            {
                RecommendedAction = action,
            };
    }
}
