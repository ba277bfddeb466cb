using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>A cookie a browser sent (Cookie header) or was given (Set-Cookie). Its value never leaves the assembly.</summary>
    public sealed class CapturedCookie
    {
        public CapturedCookie(string name, string value, string? domain = null, string? path = null, bool secure = false, bool httpOnly = false)
        {
            Name = name;
            Value = value;
            Domain = domain;
            Path = path;
            Secure = secure;
            HttpOnly = httpOnly;
        }

        public string Name { get; }

        /// <summary>The cookie value: for token decoding and fingerprints only, never shown.</summary>
        internal string Value { get; }

        /// <summary>The Domain attribute of a Set-Cookie; null for a host-only cookie (and for sent cookies).</summary>
        public string? Domain { get; }

        public string? Path { get; }

        public bool Secure { get; }

        public bool HttpOnly { get; }

        public bool IsLtpa => Name.StartsWith("LtpaToken", StringComparison.OrdinalIgnoreCase);

        /// <summary>The module's token fingerprint (a short SHA-256), to follow one token across hosts without showing it.</summary>
        public string Fingerprint => LtpaTokenReader.TokenFingerprint(LtpaTokenReader.NormalizeValue(Value));

        /// <summary>A value that Save-StMustGather or another redactor already replaced: there is nothing left to decode.</summary>
        public bool IsRedacted => Value.StartsWith("[REDACTED", StringComparison.Ordinal);

        /// <summary>Parses "name=value; name2=value2" (a Cookie header).</summary>
        internal static IEnumerable<CapturedCookie> FromCookieHeader(string header)
        {
            foreach (string pair in header.Split(';'))
            {
                int eq = pair.IndexOf('=');
                if (eq > 0)
                {
                    yield return new CapturedCookie(pair.Substring(0, eq).Trim(), pair.Substring(eq + 1).Trim());
                }
            }
        }

        /// <summary>Parses one Set-Cookie header value with its Domain, Path, Secure and HttpOnly attributes.</summary>
        internal static CapturedCookie? FromSetCookie(string header)
        {
            string[] parts = header.Split(';');
            int eq = parts[0].IndexOf('=');
            if (eq <= 0)
            {
                return null;
            }

            string? domain = null, path = null;
            bool secure = false, httpOnly = false;
            foreach (string attribute in parts.Skip(1))
            {
                string trimmed = attribute.Trim();
                int aeq = trimmed.IndexOf('=');
                string name = aeq < 0 ? trimmed : trimmed.Substring(0, aeq).Trim();
                string value = aeq < 0 ? string.Empty : trimmed.Substring(aeq + 1).Trim();
                if (name.Equals("Domain", StringComparison.OrdinalIgnoreCase))
                {
                    domain = value;
                }
                else if (name.Equals("Path", StringComparison.OrdinalIgnoreCase))
                {
                    path = value;
                }
                else if (name.Equals("Secure", StringComparison.OrdinalIgnoreCase))
                {
                    secure = true;
                }
                else if (name.Equals("HttpOnly", StringComparison.OrdinalIgnoreCase))
                {
                    httpOnly = true;
                }
            }

            return new CapturedCookie(parts[0].Substring(0, eq).Trim(), parts[0].Substring(eq + 1).Trim(), domain, path, secure, httpOnly);
        }
    }

    /// <summary>
    /// One request of a browser capture (HAR or Fiddler SAZ) with its response: what the guide reads in 4.1-4.3.
    /// Cookie values and form fields stay internal: a capture holds tokens and passwords.
    /// </summary>
    public sealed class CapturedRequest
    {
        private readonly IReadOnlyList<KeyValuePair<string, string>> form;
        private readonly IReadOnlyList<KeyValuePair<string, string>> requestHeaders;
        private readonly IReadOnlyList<KeyValuePair<string, string>> responseHeaders;

        internal CapturedRequest(int index, string method, Uri url, int status, IReadOnlyList<CapturedCookie> cookies, IReadOnlyList<CapturedCookie> setCookies,
            IReadOnlyList<KeyValuePair<string, string>> form, IReadOnlyList<KeyValuePair<string, string>> requestHeaders,
            IReadOnlyList<KeyValuePair<string, string>> responseHeaders, string responseText)
        {
            Index = index;
            Method = method;
            Url = url;
            Status = status;
            Cookies = cookies;
            SetCookies = setCookies;
            this.form = form;
            this.requestHeaders = requestHeaders;
            this.responseHeaders = responseHeaders;
            ResponseText = responseText;
        }

        /// <summary>The position in the capture (0-based; the SAZ session order).</summary>
        public int Index { get; }

        public string Method { get; }

        public Uri Url { get; }

        /// <summary>The HTTP status; 0 when the capture holds no response (aborted, or not a number).</summary>
        public int Status { get; }

        public IReadOnlyList<CapturedCookie> Cookies { get; }

        public IReadOnlyList<CapturedCookie> SetCookies { get; }

        /// <summary>Names of the cookies the browser sent (never their values).</summary>
        public IReadOnlyList<string> CookieNames => Cookies.Select(c => c.Name).ToList();

        /// <summary>The loginType form field of a /stwebapi/user/connect request (guide 4.1 step 6).</summary>
        public string? LoginType => FormValue("loginType");

        /// <summary>The user name field of the login form (username, or userId).</summary>
        public string? UserName => FormValue("username") ?? FormValue("userId");

        public string? LoginMethod => FormValue("loginMethod");

        /// <summary>The start of the response body (for CLFRX error codes); internal, it may hold session data.</summary>
        internal string ResponseText { get; }

        internal string? FormValue(string name) => form.Where(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Select(p => p.Value).FirstOrDefault();

        internal string? RequestHeader(string name) => Header(requestHeaders, name);

        internal string? ResponseHeader(string name) => Header(responseHeaders, name);

        internal bool PathContains(string text) => Url.AbsolutePath.IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0;

        private static string? Header(IReadOnlyList<KeyValuePair<string, string>> headers, string name) =>
            headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

        /// <summary>The fields of an application/x-www-form-urlencoded text (a POST body or a query string).</summary>
        internal static IEnumerable<KeyValuePair<string, string>> ParseForm(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                yield break;
            }

            foreach (string pair in text!.Split('&'))
            {
                int eq = pair.IndexOf('=');
                if (eq > 0)
                {
                    yield return new KeyValuePair<string, string>(Unescape(pair.Substring(0, eq)), Unescape(pair.Substring(eq + 1)));
                }
            }
        }

        private static string Unescape(string text)
        {
            try
            {
                return Uri.UnescapeDataString(text.Replace('+', ' '));
            }
            catch (UriFormatException)
            {
                return text;
            }
        }
    }
}
