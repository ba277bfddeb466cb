using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Sametime12
{
    /// <summary>The Content-Security-Policy value and its frame-ancestors directive, and origin lists (CORS).</summary>
    public static class St12Csp
    {
        private const string FrameAncestorsDirective = "frame-ancestors";

        private static readonly char[] Blanks = { ' ', '\t' };

        private static readonly char[] OriginSeparators = { ',', ' ', ';' };

        /// <summary>The sources of frame-ancestors (the first such directive, as browsers use), or empty.</summary>
        public static IReadOnlyList<string> FrameAncestors(string? policy)
        {
            string? directive = Directives(policy).FirstOrDefault(d => IsFrameAncestors(d));
            return directive == null
                ? Array.Empty<string>()
                : directive.Split(Blanks, StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        }

        /// <summary>
        /// The policy with <paramref name="origins"/> allowed in frame-ancestors: added to the directive if it is there
        /// (other directives untouched), else a directive "frame-ancestors 'self' …" is appended. Unchanged when all are allowed.
        /// </summary>
        public static string AllowFrameAncestors(string? policy, IEnumerable<string> origins)
        {
            List<string> wanted = origins.Select(NormalizeOrigin).ToList();
            List<string> parts = Directives(policy).ToList();
            int index = parts.FindIndex(IsFrameAncestors);
            if (index < 0)
            {
                parts.Add(FrameAncestorsDirective + " 'self' " + string.Join(" ", wanted.Distinct(StringComparer.OrdinalIgnoreCase)));
                return string.Join("; ", parts);
            }

            List<string> sources = parts[index].Split(Blanks, StringSplitOptions.RemoveEmptyEntries).ToList();
            List<string> missing = wanted.Where(o => !sources.Skip(1).Any(s => string.Equals(s.TrimEnd('/'), o, StringComparison.OrdinalIgnoreCase)))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (missing.Count == 0)
            {
                return policy!;
            }

            sources.RemoveAll(s => s == "'none'");
            parts[index] = string.Join(" ", sources.Concat(missing));
            string joined = string.Join("; ", parts);
            return policy!.TrimEnd().EndsWith(";", StringComparison.Ordinal) ? joined + ";" : joined;
        }

        /// <summary>Splits a comma- or space-separated origin list.</summary>
        public static IReadOnlyList<string> SplitOrigins(string? list) =>
            string.IsNullOrWhiteSpace(list)
                ? Array.Empty<string>()
                : list!.Split(OriginSeparators, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).ToList();

        /// <summary>The list with <paramref name="origins"/> added (comma-separated), unchanged when all are in it.</summary>
        public static string AddOrigins(string? list, IEnumerable<string> origins)
        {
            List<string> current = SplitOrigins(list).ToList();
            List<string> added = origins.Select(NormalizeOrigin)
                .Where(o => !current.Any(c => string.Equals(c.TrimEnd('/'), o, StringComparison.OrdinalIgnoreCase)))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return added.Count == 0 && list != null ? list : string.Join(",", current.Concat(added));
        }

        /// <summary>An origin as browsers send it: scheme://host[:port], no path, no trailing slash.</summary>
        public static string NormalizeOrigin(string origin)
        {
            if (!Uri.TryCreate(origin?.Trim(), UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) ||
                (uri.AbsolutePath != "/" && uri.AbsolutePath.Length > 0) || uri.Query.Length > 0)
            {
                throw new SametimeAdminException("InvalidOrigin", FailureKind.InvalidArgument,
                    $"'{origin}' is not a web origin: give scheme and host (and port if not the default), for example https://mail.example.com.");
            }

            return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
        }

        private static IEnumerable<string> Directives(string? policy) =>
            (policy ?? string.Empty).Split(';').Select(d => d.Trim()).Where(d => d.Length > 0);

        private static bool IsFrameAncestors(string directive) =>
            directive.StartsWith(FrameAncestorsDirective, StringComparison.OrdinalIgnoreCase) &&
            (directive.Length == FrameAncestorsDirective.Length || char.IsWhiteSpace(directive[FrameAncestorsDirective.Length]));
    }
}
