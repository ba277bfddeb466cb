using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using SametimeAdmin.Common;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// A Fiddler session archive: a zip whose raw/ folder holds, per session, NN_c.txt (the raw client request),
    /// NN_s.txt (the raw server response) and NN_m.xml (metadata, not needed here). The archive is outside data, so
    /// every read is capped: entries, bytes per entry, bytes in all, and the size of a decompressed body.
    /// </summary>
    internal static class SazReader
    {
        internal const int MaxEntries = 50000;
        internal const int MaxEntryBytes = 4 * 1024 * 1024;
        internal const long MaxTotalBytes = 256L * 1024 * 1024;
        internal const int MaxBodyBytes = 1024 * 1024;

        private static readonly Encoding Latin1 = Encoding.GetEncoding("iso-8859-1");

        public static List<CapturedRequest> Read(string path, Stream stream)
        {
            try
            {
                using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
                {
                    if (zip.Entries.Count > MaxEntries)
                    {
                        throw CapturedSession.TooLarge(path, $"the archive has {zip.Entries.Count} entries, more than {MaxEntries}");
                    }

                    var sessions = new SortedDictionary<long, (ZipArchiveEntry? Client, ZipArchiveEntry? Server)>();
                    foreach (var entry in zip.Entries)
                    {
                        string name = entry.FullName.Replace('\\', '/');
                        if (!name.StartsWith("raw/", StringComparison.OrdinalIgnoreCase))
                        {
                            continue;
                        }

                        string file = name.Substring(4);
                        bool client = file.EndsWith("_c.txt", StringComparison.OrdinalIgnoreCase);
                        bool server = file.EndsWith("_s.txt", StringComparison.OrdinalIgnoreCase);
                        if ((!client && !server) || !long.TryParse(file.Substring(0, file.Length - 6), NumberStyles.None, CultureInfo.InvariantCulture, out long id))
                        {
                            continue;
                        }

                        sessions.TryGetValue(id, out var pair);
                        sessions[id] = client ? (entry, pair.Server) : (pair.Client, entry);
                    }

                    if (sessions.Count == 0)
                    {
                        throw new SametimeAdminException(CapturedSession.ErrorInvalid, FailureKind.InvalidData,
                            $"'{path}' is a zip but holds no raw/NN_c.txt session: it is not a Fiddler session archive (SAZ).");
                    }

                    long total = 0;
                    var list = new List<CapturedRequest>();
                    foreach (var session in sessions.Values)
                    {
                        if (session.Client == null)
                        {
                            continue;
                        }

                        byte[] request = ReadCapped(session.Client, ref total, path);
                        byte[] response = session.Server == null ? Array.Empty<byte>() : ReadCapped(session.Server, ref total, path);
                        var parsed = Parse(list.Count, request, response);
                        if (parsed != null)
                        {
                            list.Add(parsed);
                        }
                    }

                    return list;
                }
            }
            catch (InvalidDataException ex)
            {
                throw new SametimeAdminException(CapturedSession.ErrorInvalid, FailureKind.InvalidData,
                    $"'{path}' is not a readable Fiddler session archive (a damaged zip, or a password-protected SAZ): {ex.Message}", ex)
                {
                    RecommendedAction = "Save the sessions again in Fiddler without a password (File > Save > All Sessions), or export them as HAR.",
                };
            }
        }

        /// <summary>Reads an entry up to the per-entry cap (the rest is not decompressed); the archive's total is capped too.</summary>
        private static byte[] ReadCapped(ZipArchiveEntry entry, ref long total, string path)
        {
            using (var input = entry.Open())
            using (var buffer = new MemoryStream())
            {
                byte[] chunk = new byte[81920];
                int read;
                while (buffer.Length < MaxEntryBytes && (read = input.Read(chunk, 0, (int)Math.Min(chunk.Length, MaxEntryBytes - buffer.Length))) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    total += read;
                    if (total > MaxTotalBytes)
                    {
                        throw CapturedSession.TooLarge(path, $"its sessions decompress to more than {MaxTotalBytes / (1024 * 1024)} MiB");
                    }
                }

                return buffer.ToArray();
            }
        }

        private static CapturedRequest? Parse(int index, byte[] request, byte[] response)
        {
            var (requestLine, requestHeaders, requestBody) = Split(request);
            string[] parts = requestLine.Split(' ');
            if (parts.Length < 2 || parts[0].Equals("CONNECT", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            // Fiddler writes an absolute URL for proxied requests and a path (with a Host header) for others.
            string target = parts[1];
            string? host = Header(requestHeaders, "Host");
            if (!Uri.TryCreate(target, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                if (host == null || !target.StartsWith("/", StringComparison.Ordinal) || !Uri.TryCreate("http://" + host + target, UriKind.Absolute, out url))
                {
                    return null;
                }
            }

            var (statusLine, responseHeaders, responseBody) = Split(response);
            string[] statusParts = statusLine.Split(' ');
            int status = statusParts.Length > 1 && int.TryParse(statusParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int code) && code <= 999 ? code : 0;

            var cookies = requestHeaders.Where(h => h.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase)).SelectMany(h => CapturedCookie.FromCookieHeader(h.Value)).ToList();
            var setCookies = responseHeaders.Where(h => h.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
                .Select(h => CapturedCookie.FromSetCookie(h.Value)).Where(c => c != null).Select(c => c!).ToList();
            var form = new List<KeyValuePair<string, string>>();
            if ((Header(requestHeaders, "Content-Type") ?? string.Empty).IndexOf("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                form.AddRange(CapturedRequest.ParseForm(Body(requestHeaders, requestBody)));
            }

            form.AddRange(CapturedRequest.ParseForm(url.Query.TrimStart('?')));
            return new CapturedRequest(index, parts[0], url, status, cookies, setCookies, form, requestHeaders, responseHeaders,
                CapturedSession.Cap(Body(responseHeaders, responseBody)));
        }

        /// <summary>Splits raw HTTP into its first line, headers and body (bytes after the blank line).</summary>
        private static (string First, List<KeyValuePair<string, string>> Headers, byte[] Body) Split(byte[] raw)
        {
            int end = IndexOf(raw, new byte[] { 13, 10, 13, 10 }), skip = 4;
            if (end < 0)
            {
                end = IndexOf(raw, new byte[] { 10, 10 });
                skip = 2;
            }

            string head = Latin1.GetString(raw, 0, end < 0 ? raw.Length : end);
            byte[] body = Array.Empty<byte>();
            if (end >= 0)
            {
                body = new byte[raw.Length - end - skip];
                Array.Copy(raw, end + skip, body, 0, body.Length);
            }

            string[] lines = head.Split('\n');
            var headers = new List<KeyValuePair<string, string>>();
            foreach (string line in lines.Skip(1))
            {
                int colon = line.IndexOf(':');
                if (colon > 0)
                {
                    headers.Add(new KeyValuePair<string, string>(line.Substring(0, colon).Trim(), line.Substring(colon + 1).Trim()));
                }
            }

            return (lines[0].Trim(), headers, body);
        }

        /// <summary>The body as text: de-chunked and decompressed (gzip, deflate) as the headers say, at most <see cref="MaxBodyBytes"/>.</summary>
        private static string Body(List<KeyValuePair<string, string>> headers, byte[] body)
        {
            if ((Header(headers, "Transfer-Encoding") ?? string.Empty).IndexOf("chunked", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                body = Dechunk(body);
            }

            string encoding = Header(headers, "Content-Encoding") ?? string.Empty;
            try
            {
                if (encoding.IndexOf("gzip", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    body = Inflate(new GZipStream(new MemoryStream(body), CompressionMode.Decompress));
                }
                else if (encoding.IndexOf("deflate", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    body = Inflate(new DeflateStream(new MemoryStream(body), CompressionMode.Decompress));
                }
            }
            catch (InvalidDataException)
            {
                return string.Empty;
            }

            return Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxBodyBytes));
        }

        private static byte[] Inflate(Stream stream)
        {
            using (stream)
            using (var output = new MemoryStream())
            {
                byte[] chunk = new byte[81920];
                int read;
                while (output.Length < MaxBodyBytes && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, MaxBodyBytes - output.Length))) > 0)
                {
                    output.Write(chunk, 0, read);
                }

                return output.ToArray();
            }
        }

        private static byte[] Dechunk(byte[] body)
        {
            using (var output = new MemoryStream())
            {
                int position = 0;
                while (position < body.Length)
                {
                    // Chunk sizes end with CRLF; a fixture or an edited file may hold bare LF.
                    int lineEnd = IndexOf(body, new byte[] { 10 }, position);
                    if (lineEnd < 0)
                    {
                        break;
                    }

                    string sizeText = Latin1.GetString(body, position, lineEnd - position).Split(';')[0].Trim();
                    if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int size) || size <= 0)
                    {
                        break;
                    }

                    int start = lineEnd + 1;
                    int length = Math.Min(size, Math.Max(0, body.Length - start));
                    output.Write(body, start, length);
                    position = start + length;
                    position += position < body.Length && body[position] == 13 ? 2 : 1;
                }

                return output.ToArray();
            }
        }

        private static int IndexOf(byte[] data, byte[] pattern, int from = 0)
        {
            for (int i = from; i <= data.Length - pattern.Length; i++)
            {
                int j = 0;
                while (j < pattern.Length && data[i + j] == pattern[j])
                {
                    j++;
                }

                if (j == pattern.Length)
                {
                    return i;
                }
            }

            return -1;
        }

        private static string? Header(List<KeyValuePair<string, string>> headers, string name) =>
            headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
    }
}
