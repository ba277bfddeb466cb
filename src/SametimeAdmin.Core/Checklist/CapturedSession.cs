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
    public sealed class CapturedRequest
    {
        public CapturedRequest(string method, Uri url, int status, IReadOnlyList<string> cookieNames, string? loginType, string responseText)
        {
            Method = method;
            Url = url;
            Status = status;
            CookieNames = cookieNames;
            LoginType = loginType;
            ResponseText = responseText;
        }

        public string Method { get; }

        public Uri Url { get; }

        public int Status { get; }

        /// <summary>Names of the cookies the browser sent (never their values).</summary>
        public IReadOnlyList<string> CookieNames { get; }

        /// <summary>The loginType form field of a /stwebapi/user/connect request.</summary>
        public string? LoginType { get; }

        /// <summary>The start of the response body (for CLFRX error codes).</summary>
        public string ResponseText { get; }
    }

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

            if (!(root.SelectToken("log.entries") is JArray entries))
            {
                throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidData, $"'{path}' has no log.entries: it is not a HAR capture.");
            }

            var list = new List<CapturedRequest>();
            foreach (var entry in entries.OfType<JObject>())
            {
                string? url = (string?)entry.SelectToken("request.url");
                if (url == null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    continue;
                }

                if (uri.AbsolutePath.IndexOf("/stwebapi/", StringComparison.OrdinalIgnoreCase) < 0 &&
                    uri.AbsolutePath.IndexOf("/stbaseapi/", StringComparison.OrdinalIgnoreCase) < 0)
                {
                    continue;
                }

                var cookies = (entry.SelectToken("request.cookies") as JArray)?.Select(c => (string?)c["name"]).Where(n => n != null).Select(n => n!).ToList() ?? new List<string>();
                string? loginType = (entry.SelectToken("request.postData.params") as JArray)?
                    .Where(p => string.Equals((string?)p["name"], "loginType", StringComparison.Ordinal)).Select(p => (string?)p["value"]).FirstOrDefault()
                    ?? LoginTypeFromText((string?)entry.SelectToken("request.postData.text")) ?? LoginTypeFromText(uri.Query.TrimStart('?'));
                int status = (int?)entry.SelectToken("response.status") ?? 0;
                string text = (string?)entry.SelectToken("response.content.text") ?? string.Empty;
                list.Add(new CapturedRequest((string?)entry.SelectToken("request.method") ?? "GET", uri, status, cookies, loginType, text.Length > 2000 ? text.Substring(0, 2000) : text));
            }

            return list;
        }

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
