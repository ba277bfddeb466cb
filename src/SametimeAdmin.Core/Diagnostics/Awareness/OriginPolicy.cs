using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// What a browser on the iNotes/Verse origin is allowed to do with the Sametime server's answers: the CORS headers
    /// of an answer (Fetch standard, credentialed requests) and the CSP frame-ancestors / X-Frame-Options of a page.
    /// </summary>
    public static class OriginPolicy
    {
        private static readonly char[] Blanks = { ' ', '\t' };

        /// <summary>The origin ("https://mail.example.com") of an iNotes/Verse URL; a path or query is dropped.</summary>
        public static Uri ParseOrigin(string text)
        {
            string candidate = (text ?? string.Empty).Trim();
            if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
            {
                throw new SametimeAdminException("OriginInvalid", FailureKind.InvalidArgument,
                    $"'{text}' is not an iNotes/Verse origin. Give the address users open mail at, with its scheme, for example https://mail.example.com (a path is ignored).");
            }

            return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
        }

        /// <summary>"https://mail.example.com": the Origin header value of <paramref name="origin"/> (default port left out).</summary>
        public static string Serialize(Uri origin) => origin.GetLeftPart(UriPartial.Authority);

        /// <summary>
        /// Why a credentialed cross-origin answer is not readable from <paramref name="origin"/>; empty when it is. For a
        /// preflight, <paramref name="method"/> and <paramref name="requestHeaders"/> must be allowed too.
        /// </summary>
        internal static IList<string> CorsProblems(SametimeWebAnswer answer, string origin, string? method = null, IEnumerable<string>? requestHeaders = null)
        {
            var problems = new List<string>();
            string? allowOrigin = answer.Header("Access-Control-Allow-Origin")?.Trim();
            if (allowOrigin == null)
            {
                problems.Add("no Access-Control-Allow-Origin");
            }
            else if (allowOrigin == "*")
            {
                problems.Add("Access-Control-Allow-Origin: * (browsers refuse '*' for requests with cookies)");
            }
            else if (!string.Equals(allowOrigin, origin, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"Access-Control-Allow-Origin: {allowOrigin}, not {origin}");
            }

            string? credentials = answer.Header("Access-Control-Allow-Credentials")?.Trim();
            if (!string.Equals(credentials, "true", StringComparison.Ordinal))
            {
                problems.Add(credentials == null ? "no Access-Control-Allow-Credentials (the LTPA cookie would not be sent)" : $"Access-Control-Allow-Credentials: {credentials}, not true");
            }

            // GET, HEAD and POST are CORS-safelisted: only other methods must be listed.
            if (method != null && method != "GET" && method != "HEAD" && method != "POST" && !List(answer.Header("Access-Control-Allow-Methods")).Contains(method, StringComparer.Ordinal))
            {
                problems.Add($"{method} not in Access-Control-Allow-Methods ({answer.Header("Access-Control-Allow-Methods") ?? "none"})");
            }

            var allowed = List(answer.Header("Access-Control-Allow-Headers"));
            var missing = (requestHeaders ?? Enumerable.Empty<string>()).Where(h => !allowed.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"{string.Join(", ", missing)} not in Access-Control-Allow-Headers ({answer.Header("Access-Control-Allow-Headers") ?? "none"})");
            }

            return problems;
        }

        /// <summary>
        /// Whether a page of <paramref name="page"/> may be framed by <paramref name="origin"/>: every CSP policy with a
        /// frame-ancestors directive must allow it (CSP Level 3 source matching); without one, X-Frame-Options decides.
        /// Returns null when framing is allowed, else the reason. <paramref name="seen"/> says what the headers were.
        /// </summary>
        public static string? FramingProblem(string? contentSecurityPolicy, string? xFrameOptions, Uri page, Uri origin, out string seen)
        {
            var directives = new List<string>();
            foreach (string policy in (contentSecurityPolicy ?? string.Empty).Split(','))
            {
                foreach (string directive in policy.Split(';'))
                {
                    var parts = directive.Trim().Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length > 0 && string.Equals(parts[0], "frame-ancestors", StringComparison.OrdinalIgnoreCase))
                    {
                        directives.Add(string.Join(" ", parts.Skip(1)));
                        break;
                    }
                }
            }

            if (directives.Count > 0)
            {
                seen = string.Join("; ", directives.Select(d => "Content-Security-Policy frame-ancestors " + (d.Length == 0 ? "(empty: 'none')" : d)));
                var refusing = directives.FirstOrDefault(d => !d.Split(' ').Any(s => Matches(s, page, origin)));
                return refusing == null ? null : $"frame-ancestors {(refusing.Length == 0 ? "(empty)" : refusing)} does not allow {Serialize(origin)}";
            }

            string frameOptions = (xFrameOptions ?? string.Empty).Trim();
            if (frameOptions.Length == 0)
            {
                seen = contentSecurityPolicy == null ? "no Content-Security-Policy and no X-Frame-Options" : "a Content-Security-Policy without frame-ancestors and no X-Frame-Options";
                return null;
            }

            seen = "no CSP frame-ancestors; X-Frame-Options " + frameOptions;
            if (string.Equals(frameOptions, "SAMEORIGIN", StringComparison.OrdinalIgnoreCase) && SameOrigin(page, origin))
            {
                return null;
            }

            return $"X-Frame-Options {frameOptions} forbids framing by {Serialize(origin)}";
        }

        /// <summary>One CSP source expression against the framing origin (CSP Level 3 "Does url match expression").</summary>
        internal static bool Matches(string source, Uri page, Uri origin)
        {
            string s = source.Trim();
            if (s.Length == 0 || string.Equals(s, "'none'", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (s == "*")
            {
                return true;
            }

            if (string.Equals(s, "'self'", StringComparison.OrdinalIgnoreCase))
            {
                return SameOrigin(page, origin) || (page.Scheme == Uri.UriSchemeHttp && origin.Scheme == Uri.UriSchemeHttps && string.Equals(page.Host, origin.Host, StringComparison.OrdinalIgnoreCase));
            }

            if (s.EndsWith(":", StringComparison.Ordinal) && s.IndexOf('/') < 0)
            {
                return SchemeMatches(s.TrimEnd(':'), origin.Scheme);
            }

            string rest = s;
            string? scheme = null;
            int sep = rest.IndexOf("://", StringComparison.Ordinal);
            if (sep >= 0)
            {
                scheme = rest.Substring(0, sep);
                rest = rest.Substring(sep + 3);
            }

            int slash = rest.IndexOf('/');
            if (slash >= 0)
            {
                rest = rest.Substring(0, slash);
            }

            string host = rest;
            string? port = null;
            int colon = rest.LastIndexOf(':');
            if (colon >= 0 && rest.IndexOf(']') < colon)
            {
                host = rest.Substring(0, colon);
                port = rest.Substring(colon + 1);
            }

            if (!SchemeMatches(scheme ?? page.Scheme, origin.Scheme))
            {
                return false;
            }

            bool hostMatches = host.StartsWith("*.", StringComparison.Ordinal)
                ? origin.Host.EndsWith(host.Substring(1), StringComparison.OrdinalIgnoreCase)
                : string.Equals(host, origin.Host, StringComparison.OrdinalIgnoreCase);
            if (!hostMatches)
            {
                return false;
            }

            if (port == "*")
            {
                return true;
            }

            if (port == null)
            {
                // No port: the default port of the source's scheme (an http source also matches https on 443).
                return origin.IsDefaultPort;
            }

            return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n == origin.Port;
        }

        private static bool SchemeMatches(string sourceScheme, string originScheme) =>
            string.Equals(sourceScheme, originScheme, StringComparison.OrdinalIgnoreCase)
            || (string.Equals(sourceScheme, "http", StringComparison.OrdinalIgnoreCase) && originScheme == Uri.UriSchemeHttps);

        private static bool SameOrigin(Uri a, Uri b) =>
            a.Scheme == b.Scheme && a.Port == b.Port && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase);

        private static List<string> List(string? header) =>
            (header ?? string.Empty).Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
    }
}
