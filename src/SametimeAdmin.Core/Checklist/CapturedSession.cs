using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Checklist
{
    /// <summary>One request of a browser capture (HAR) to the Sametime Proxy.</summary>
    /// <param name="CookieNames">Names of the cookies the browser sent (never their values).</param>
    /// <param name="LoginType">The loginType form field of a /stwebapi/user/connect request.</param>
    /// <param name="ResponseText">The start of the response body (for CLFRX error codes).</param>
    public sealed record CapturedRequest(string Method, Uri Url, int Status, IReadOnlyList<string> CookieNames, string? LoginType, string ResponseText);

    /// <summary>The Sametime requests of a HAR capture (Fiddler, browser developer tools), as the guide reads them in 4.1 and 4.2.</summary>
    public static class CapturedSession
    {
        public const string ErrorInvalid = "CaptureInvalid";

        public static IReadOnlyList<CapturedRequest> Read(string path)
        {
            JObject root;
            try
            {
                using (var reader = new JsonTextReader(File.OpenText(path)))
                {
                    root = JObject.Load(reader);
                }
            }
            catch (JsonException ex)
            {
                throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidData, $"'{path}' is not a HAR capture (JSON): {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SametimeAdminException("CaptureUnreadable", FailureKind.ReadError, $"'{path}' could not be read: {ex.Message}", ex);
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

                if (uri.AbsolutePath.IndexOf("/stwebapi/", StringComparison.OrdinalIgnoreCase) < 0 &&
                    uri.AbsolutePath.IndexOf("/stbaseapi/", StringComparison.OrdinalIgnoreCase) < 0)
                {
                    continue;
                }

                var cookies = Objects(entry.SelectToken("request.cookies")).Select(c => Text(c["name"])).Where(n => n != null).Select(n => n!).ToList();
                string? loginType = Objects(entry.SelectToken("request.postData.params"))
                    .Where(p => string.Equals(Text(p["name"]), "loginType", StringComparison.Ordinal)).Select(p => Text(p["value"])).FirstOrDefault()
                    ?? LoginTypeFromText(Text(entry.SelectToken("request.postData.text"))) ?? LoginTypeFromText(uri.Query.TrimStart('?'));
                JToken? statusToken = entry.SelectToken("response.status");
                int status = statusToken != null && statusToken.Type == JTokenType.Integer && long.TryParse(statusToken.ToString(), out long code) && code >= 0 && code <= 999 ? (int)code : 0;
                string text = Text(entry.SelectToken("response.content.text")) ?? string.Empty;
                list.Add(new CapturedRequest(Text(entry.SelectToken("request.method")) ?? "GET", uri, status, cookies, loginType, text.Length > 2000 ? text.Substring(0, 2000) : text));
            }

            return list;
        }

        /// <summary>The text of a JSON string (or number, boolean) value; null for objects, arrays, null and absent values.</summary>
        private static string? Text(JToken? token) =>
            token is JValue value && value.Type != JTokenType.Null && value.Type != JTokenType.Undefined ? Convert.ToString(value.Value, System.Globalization.CultureInfo.InvariantCulture) : null;

        /// <summary>The objects of a JSON array; anything else (absent, not an array, non-object members) is skipped.</summary>
        private static IEnumerable<JObject> Objects(JToken? token) => (token as JArray)?.OfType<JObject>() ?? Enumerable.Empty<JObject>();

        private static string? LoginTypeFromText(string? form)
        {
            if (string.IsNullOrEmpty(form))
            {
                return null;
            }

            foreach (var pair in form!.Split('&'))
            {
                int eq = pair.IndexOf('=');
                if (eq > 0 && pair.Substring(0, eq) == "loginType")
                {
                    return Uri.UnescapeDataString(pair.Substring(eq + 1));
                }
            }

            return null;
        }
    }
}
