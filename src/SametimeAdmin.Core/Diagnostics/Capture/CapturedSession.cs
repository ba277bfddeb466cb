using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// Reads a browser capture of an iNotes session: a HAR 1.2 file (browser developer tools, Fiddler's HAR export) or a
    /// Fiddler session archive (SAZ, a zip of raw requests and responses). The format is taken from the content, not the name.
    /// </summary>
    public static class CapturedSession
    {
        public const string ErrorInvalid = "CaptureInvalid";
        public const string ErrorUnreadable = "CaptureUnreadable";
        public const string ErrorTooLarge = "CaptureTooLarge";

        /// <summary>A HAR larger than this is refused: it is loaded whole (bodies included) to be parsed.</summary>
        internal const long MaxHarBytes = 256L * 1024 * 1024;

        /// <summary>How much of a response body is kept (for error codes such as CLFRX0035E).</summary>
        internal const int MaxKeptText = 64 * 1024;

        public static IReadOnlyList<CapturedRequest> Read(string path)
        {
            try
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
                {
                    int first = stream.ReadByte(), second = stream.ReadByte();
                    stream.Position = 0;
                    return first == 'P' && second == 'K' ? SazReader.Read(path, stream) : ReadHar(path, stream);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SametimeAdminException(ErrorUnreadable, FailureKind.ReadError, $"'{path}' could not be read: {ex.Message}", ex);
            }
        }

        private static List<CapturedRequest> ReadHar(string path, Stream stream)
        {
            if (stream.Length > MaxHarBytes)
            {
                throw TooLarge(path, $"it is {stream.Length / (1024 * 1024)} MiB, more than the {MaxHarBytes / (1024 * 1024)} MiB a HAR capture is read up to");
            }

            JObject root;
            try
            {
                using (var reader = new JsonTextReader(new StreamReader(stream, Encoding.UTF8, true, 81920, leaveOpen: true)) { MaxDepth = 64 })
                {
                    root = JObject.Load(reader);
                }
            }
            catch (JsonException ex)
            {
                throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidData, $"'{path}' is not a HAR capture (JSON): {ex.Message}", ex)
                {
                    RecommendedAction = "Save the capture as HAR (browser developer tools: Save all as HAR; Fiddler: File > Export Sessions > HTTPArchive) or as a Fiddler .saz archive.",
                };
            }

            if (!(root.SelectToken("log.entries") is JArray entries))
            {
                throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidData, $"'{path}' has no log.entries: it is not a HAR capture.");
            }

            var list = new List<CapturedRequest>();
            foreach (var entry in entries.OfType<JObject>())
            {
                // A capture is outside data: a value of an unexpected JSON type is ignored, never cast.
                string? url = Text(entry.SelectToken("request.url"));
                if (url == null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    continue;
                }

                var requestHeaders = Pairs(entry.SelectToken("request.headers"), "name", "value");
                var responseHeaders = Pairs(entry.SelectToken("response.headers"), "name", "value");
                var cookies = Objects(entry.SelectToken("request.cookies"))
                    .Select(c => Cookie(c)).Where(c => c != null).Select(c => c!).ToList();
                if (cookies.Count == 0)
                {
                    cookies = requestHeaders.Where(h => h.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase)).SelectMany(h => CapturedCookie.FromCookieHeader(h.Value)).ToList();
                }

                var setCookies = Objects(entry.SelectToken("response.cookies"))
                    .Select(c => Cookie(c)).Where(c => c != null).Select(c => c!).ToList();
                if (setCookies.Count == 0)
                {
                    setCookies = responseHeaders.Where(h => h.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
                        .SelectMany(h => h.Value.Split('\n')).Select(CapturedCookie.FromSetCookie).Where(c => c != null).Select(c => c!).ToList();
                }

                // HAR 1.2: postData has params (form fields) or text; the query string may carry the same fields.
                var form = Pairs(entry.SelectToken("request.postData.params"), "name", "value").ToList();
                form.AddRange(CapturedRequest.ParseForm(Text(entry.SelectToken("request.postData.text"))));
                form.AddRange(CapturedRequest.ParseForm(uri.Query.TrimStart('?')));

                JToken? statusToken = entry.SelectToken("response.status");
                int status = statusToken != null && statusToken.Type == JTokenType.Integer && long.TryParse(statusToken.ToString(), out long code) && code >= 0 && code <= 999 ? (int)code : 0;
                string text = Text(entry.SelectToken("response.content.text")) ?? string.Empty;
                if (string.Equals(Text(entry.SelectToken("response.content.encoding")), "base64", StringComparison.OrdinalIgnoreCase))
                {
                    text = FromBase64(text);
                }

                string? redirect = Text(entry.SelectToken("response.redirectURL"));
                if (!string.IsNullOrEmpty(redirect) && !responseHeaders.Any(h => h.Key.Equals("Location", StringComparison.OrdinalIgnoreCase)))
                {
                    responseHeaders.Add(new KeyValuePair<string, string>("Location", redirect!));
                }

                list.Add(new CapturedRequest(list.Count, Text(entry.SelectToken("request.method")) ?? "GET", uri, status, cookies, setCookies, form,
                    requestHeaders, responseHeaders, Cap(text)));
            }

            return list;
        }

        internal static string Cap(string text) => text.Length > MaxKeptText ? text.Substring(0, MaxKeptText) : text;

        internal static SametimeAdminException TooLarge(string path, string why) =>
            new SametimeAdminException(ErrorTooLarge, FailureKind.InvalidData, $"'{path}' was not read: {why}.")
            {
                RecommendedAction = "Capture only the iNotes login (clear the browser's network log first), or remove unrelated sessions before saving.",
            };

        private static string FromBase64(string text)
        {
            try
            {
                byte[] bytes = Convert.FromBase64String(text.Length > MaxKeptText * 2 ? text.Substring(0, MaxKeptText * 2 / 4 * 4) : text);
                return Encoding.UTF8.GetString(bytes);
            }
            catch (FormatException)
            {
                return string.Empty;
            }
        }

        private static CapturedCookie? Cookie(JObject c)
        {
            string? name = Text(c["name"]);
            if (string.IsNullOrEmpty(name))
            {
                return null;
            }

            return new CapturedCookie(name!, Text(c["value"]) ?? string.Empty, Text(c["domain"]), Text(c["path"]),
                string.Equals(Text(c["secure"]), "True", StringComparison.OrdinalIgnoreCase), string.Equals(Text(c["httpOnly"]), "True", StringComparison.OrdinalIgnoreCase));
        }

        private static List<KeyValuePair<string, string>> Pairs(JToken? token, string key, string value) =>
            Objects(token).Select(o => new KeyValuePair<string, string>(Text(o[key]) ?? string.Empty, Text(o[value]) ?? string.Empty))
                .Where(p => p.Key.Length > 0).ToList();

        /// <summary>The text of a JSON string (or number, boolean) value; null for objects, arrays, null and absent values.</summary>
        private static string? Text(JToken? token) =>
            token is JValue value && value.Type != JTokenType.Null && value.Type != JTokenType.Undefined ? Convert.ToString(value.Value, System.Globalization.CultureInfo.InvariantCulture) : null;

        /// <summary>The objects of a JSON array; anything else (absent, not an array, non-object members) is skipped.</summary>
        private static IEnumerable<JObject> Objects(JToken? token) => (token as JArray)?.OfType<JObject>() ?? Enumerable.Empty<JObject>();
    }
}
