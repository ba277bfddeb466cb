using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>What came back for one request to the Sametime web API, with what its JSON says.</summary>
    internal sealed class SametimeWebAnswer
    {
        private static readonly Regex Clfrx = new Regex(@"CLFRX\d{4}[A-Z][^""<\r\n]*", RegexOptions.CultureInvariant | RegexOptions.Compiled);
        private static readonly Regex HtmlTitle = new Regex(@"<title[^>]*>(?<t>[^<]*)</title>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled | RegexOptions.ExplicitCapture);

        private SametimeWebAnswer()
        {
        }

        public int? Status { get; private set; }

        public string Body { get; private set; } = string.Empty;

        public string? ContentType { get; private set; }

        /// <summary>The body as JSON; null when it is not JSON or does not parse.</summary>
        public JToken? Json { get; private set; }

        public bool IsHtml { get; private set; }

        /// <summary>" (HTML page titled '...')" or " (the answer looks like JSON but does not parse: cut off?)", for evidence.</summary>
        public string Hint { get; private set; } = string.Empty;

        public string LocationHint { get; private set; } = string.Empty;

        /// <summary>The first CLFRX message in the body (the proxy's error codes), if any.</summary>
        public string? ClfrxText { get; private set; }

        public SametimeWebFailure FailureKind { get; private set; }

        /// <summary>The response headers the origin checks read (CORS, CSP, X-Frame-Options), repeated ones joined by ", ".</summary>
        public IReadOnlyDictionary<string, string> Headers { get; private set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The value of a response header; null when it was not sent.</summary>
        public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

        /// <summary>Why there is no answer ("no complete answer within 2 s"); null when one came.</summary>
        public string? Failure { get; private set; }

        /// <summary>The "returnCode" (or "code") of a JSON answer.</summary>
        public int? ReturnCode
        {
            get
            {
                var token = (Json as JObject)?["returnCode"] ?? (Json as JObject)?["code"];
                return token != null && token.Type == JTokenType.Integer ? token.Value<int>()
                    : token != null && int.TryParse(token.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : (int?)null;
            }
        }

        /// <summary>The error text of a JSON answer ("error", "errorMessage", or "message" with an error code); null for none.</summary>
        public string? ErrorText
        {
            get
            {
                var obj = Json as JObject;
                var token = obj?["error"] ?? obj?["errorMessage"] ?? obj?["message"];
                if (token == null || token.Type == JTokenType.Null)
                {
                    return null;
                }

                if (obj?["error"] == null && obj?["errorMessage"] == null && (ReturnCode ?? 0) < 400)
                {
                    // A plain "message" on a success answer is not an error.
                    return null;
                }

                string text = token.Type == JTokenType.String ? token.Value<string>()! : token.ToString(Formatting.None);
                return text.Length == 0 ? null : text;
            }
        }

        /// <summary>Why an answer that should be a JSON success is not one; null when it is.</summary>
        public string? JsonFailure
        {
            get
            {
                string? error = ErrorText;
                if (Failure == null && Status >= 200 && Status < 300 && Json != null && error == null)
                {
                    return null;
                }

                return Failure ?? $"HTTP {Status}" + (error == null ? string.Empty : ", \"" + Shorten(error, 200) + "\"") + Hint +
                    (Json == null ? (IsHtml ? ", an HTML page where JSON was expected" : ", not JSON") : string.Empty);
            }
        }

        public static SametimeWebAnswer Failed(SametimeWebFailure kind, string failure, int? status) =>
            new SametimeWebAnswer { FailureKind = kind, Failure = failure, Status = status };

        public static SametimeWebAnswer From(HttpResponseMessage response, string body)
        {
            var answer = new SametimeWebAnswer
            {
                Status = (int)response.StatusCode,
                Body = body,
                ContentType = response.Content.Headers.ContentType?.MediaType,
            };
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                headers[header.Key] = headers.TryGetValue(header.Key, out string? before) ? before + ", " + string.Join(", ", header.Value) : string.Join(", ", header.Value);
            }

            answer.Headers = headers;
            string trimmed = body.TrimStart();
            answer.IsHtml = (answer.ContentType?.IndexOf("html", StringComparison.OrdinalIgnoreCase) ?? -1) >= 0 || trimmed.StartsWith("<", StringComparison.Ordinal);
            if (trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("[", StringComparison.Ordinal))
            {
                try
                {
                    answer.Json = JToken.Parse(trimmed);
                }
                catch (JsonException)
                {
                    answer.Hint = " (the answer looks like JSON but does not parse: cut off?)";
                }
            }

            if (answer.IsHtml)
            {
                var title = HtmlTitle.Match(body);
                answer.Hint = title.Success && title.Groups["t"].Value.Trim().Length > 0 ? $" (HTML page titled '{Shorten(title.Groups["t"].Value, 80)}')" : " (an HTML page)";
            }

            var clfrx = Clfrx.Match(body);
            if (clfrx.Success)
            {
                answer.ClfrxText = clfrx.Value.Trim();
            }

            var location = response.Headers.Location;
            if (location != null)
            {
                answer.LocationHint = ", redirected to " + location;
            }

            return answer;
        }

        /// <summary>The first of the named properties of a JSON object that holds a plain value.</summary>
        public string? FirstString(params string[] names)
        {
            if (Json is JObject obj)
            {
                foreach (string name in names)
                {
                    var token = obj[name];
                    if (token != null && token.Type != JTokenType.Null && token.Type != JTokenType.Object && token.Type != JTokenType.Array)
                    {
                        return token.ToString();
                    }
                }
            }

            return null;
        }

        /// <summary>The text on one line, cut after <paramref name="max"/> characters.</summary>
        internal static string Shorten(string text, int max)
        {
            string single = Regex.Replace(text, @"\s+", " ").Trim();
            return single.Length <= max ? single : single.Substring(0, max) + "...";
        }
    }
}
