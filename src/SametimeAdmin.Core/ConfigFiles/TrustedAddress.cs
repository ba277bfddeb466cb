using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SametimeAdmin.Common;

namespace SametimeAdmin.ConfigFiles
{
    /// <summary>What an entry of a trusted-IP list is.</summary>
    public enum TrustedAddressKind
    {
        IPv4,
        IPv6,

        /// <summary>An entry already in a document that is not a plain address (a name, a pattern); kept as it is.</summary>
        Other,
    }

    /// <summary>
    /// One entry of the Community Trusted IPs list: an IPv4 or IPv6 address in canonical text (dotted decimal; RFC 5952
    /// lower-case compressed IPv6), or, for entries found in a document, whatever text was there.
    /// </summary>
    public sealed class TrustedAddress : IEquatable<TrustedAddress>
    {
        private static readonly char[] PatternCharacters = { '*', '/', '?' };

        private TrustedAddress(string text, TrustedAddressKind kind, string? resolvedFrom)
        {
            Text = text;
            Kind = kind;
            ResolvedFrom = resolvedFrom;
        }

        /// <summary>The entry as written to the document (canonical for addresses).</summary>
        public string Text { get; }

        public TrustedAddressKind Kind { get; }

        /// <summary>The host name this address was looked up from (-Resolve), else null.</summary>
        public string? ResolvedFrom { get; }

        /// <summary>Parses one entry read from a document; anything that is not a plain address becomes Kind Other, unchanged.</summary>
        public static TrustedAddress FromDocument(string text)
        {
            string trimmed = text.Trim();
            return TryParseAddress(trimmed, out TrustedAddress? address, out _) ? address! : new TrustedAddress(trimmed, TrustedAddressKind.Other, null);
        }

        /// <summary>
        /// Parses what an admin typed: an IPv4 or IPv6 address, or (only with <paramref name="resolve"/>) a host name,
        /// which yields every address DNS returns. Anything else fails naming the value.
        /// </summary>
        public static IReadOnlyList<TrustedAddress> ParseInput(string value, bool resolve, Func<string, IPAddress[]>? resolver = null)
        {
            string text = value.Trim();
            if (TryParseAddress(text, out TrustedAddress? address, out string? problem))
            {
                return new[] { address! };
            }

            if (problem == null && IsHostName(text))
            {
                if (!resolve)
                {
                    throw new SametimeAdminException("TrustedIpIsHostName", FailureKind.InvalidArgument,
                        $"'{text}' is a host name; the Community Trusted IPs list holds IP addresses. Nothing was changed.")
                    {
                        RecommendedAction = "Give the server's IP address, or add -Resolve to look the name up in DNS now (the list keeps the addresses, not the name).",
                    };
                }

                return Resolve(text, resolver ?? Dns.GetHostAddresses);
            }

            throw new SametimeAdminException("InvalidTrustedIp", FailureKind.InvalidArgument,
                $"'{value}' is not an IPv4 or IPv6 address{(problem == null ? string.Empty : ": " + problem)}. Nothing was changed.")
            {
                RecommendedAction = "Give single addresses such as 192.0.2.10 or 2001:db8::10 (host names only with -Resolve). Wildcards and ranges are not known to be supported by the Community Trusted IPs field.",
            };
        }

        /// <summary>Strict address parsing: dotted decimal IPv4 without leading zeros, or IPv6 (optionally in brackets, no zone).</summary>
        public static bool TryParseAddress(string text, out TrustedAddress? address, out string? problem)
        {
            address = null;
            problem = null;
            if (text.IndexOf(':') >= 0 || (text.StartsWith("[", StringComparison.Ordinal) && text.EndsWith("]", StringComparison.Ordinal)))
            {
                return TryParseIPv6(text, out address, out problem);
            }

            if (text.Length > 0 && text.All(c => char.IsDigit(c) || c == '.'))
            {
                return TryParseIPv4(text, out address, out problem);
            }

            if (text.IndexOfAny(PatternCharacters) >= 0 || (text.IndexOf('-') >= 0 && text.All(c => char.IsDigit(c) || c == '.' || c == '-')))
            {
                problem = "wildcards, masks and ranges are not accepted";
            }

            return false;
        }

        public bool Equals(TrustedAddress? other) =>
            other != null && Kind == other.Kind &&
            string.Equals(Text, other.Text, Kind == TrustedAddressKind.Other ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as TrustedAddress);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Text);

        public override string ToString() => Text;

        internal static TrustedAddress FromIPAddress(IPAddress ip, string? resolvedFrom) =>
            ip.AddressFamily == AddressFamily.InterNetwork
                ? new TrustedAddress(ip.ToString(), TrustedAddressKind.IPv4, resolvedFrom)
                : new TrustedAddress(FormatIPv6(ip.GetAddressBytes()), TrustedAddressKind.IPv6, resolvedFrom);

        private static bool TryParseIPv4(string text, out TrustedAddress? address, out string? problem)
        {
            address = null;
            string[] parts = text.Split('.');
            if (parts.Length != 4)
            {
                problem = "an IPv4 address has four numbers separated by dots";
                return false;
            }

            foreach (string part in parts)
            {
                if (part.Length == 0 || part.Length > 3)
                {
                    problem = $"'{part}' is not a number from 0 to 255";
                    return false;
                }

                if (part.Length > 1 && part[0] == '0')
                {
                    problem = $"'{part}' has a leading zero, which some software reads as octal; write {int.Parse(part, CultureInfo.InvariantCulture)}";
                    return false;
                }

                if (int.Parse(part, CultureInfo.InvariantCulture) > 255)
                {
                    problem = $"{part} is above 255";
                    return false;
                }
            }

            problem = null;
            address = new TrustedAddress(text, TrustedAddressKind.IPv4, null);
            return true;
        }

        private static bool TryParseIPv6(string text, out TrustedAddress? address, out string? problem)
        {
            address = null;
            string inner = text.StartsWith("[", StringComparison.Ordinal) && text.EndsWith("]", StringComparison.Ordinal) ? text.Substring(1, text.Length - 2) : text;
            if (inner.IndexOf('%') >= 0)
            {
                problem = "a zone index (%...) only means something on the machine that wrote it";
                return false;
            }

            if (inner.IndexOf('/') >= 0)
            {
                problem = "wildcards, masks and ranges are not accepted";
                return false;
            }

            if (inner.Any(c => !(Uri.IsHexDigit(c) || c == ':' || c == '.')) ||
                !IPAddress.TryParse(inner, out IPAddress? ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            {
                problem = "it is not a valid IPv6 address";
                return false;
            }

            problem = null;
            address = FromIPAddress(ip, null);
            return true;
        }

        /// <summary>RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as "::", IPv4-mapped as ::ffff:a.b.c.d.</summary>
        private static string FormatIPv6(byte[] bytes)
        {
            var groups = new int[8];
            for (int i = 0; i < 8; i++)
            {
                groups[i] = (bytes[2 * i] << 8) | bytes[(2 * i) + 1];
            }

            if (groups.Take(5).All(g => g == 0) && groups[5] == 0xFFFF)
            {
                return string.Format(CultureInfo.InvariantCulture, "::ffff:{0}.{1}.{2}.{3}", bytes[12], bytes[13], bytes[14], bytes[15]);
            }

            int bestStart = -1, bestLength = 1;
            for (int i = 0; i < 8;)
            {
                if (groups[i] != 0)
                {
                    i++;
                    continue;
                }

                int start = i;
                while (i < 8 && groups[i] == 0)
                {
                    i++;
                }

                if (i - start > bestLength)
                {
                    bestStart = start;
                    bestLength = i - start;
                }
            }

            var text = new StringBuilder();
            for (int i = 0; i < 8; i++)
            {
                if (i == bestStart)
                {
                    text.Append("::");
                    i += bestLength - 1;
                    continue;
                }

                if (text.Length > 0 && text[text.Length - 1] != ':')
                {
                    text.Append(':');
                }

                text.Append(groups[i].ToString("x", CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }

        private static bool IsHostName(string text)
        {
            if (text.Length == 0 || text.Length > 253 || !text.Any(char.IsLetter))
            {
                return false;
            }

            foreach (string label in text.TrimEnd('.').Split('.'))
            {
                if (label.Length == 0 || label.Length > 63 || label[0] == '-' || label[label.Length - 1] == '-' ||
                    label.Any(c => !(c < 128 && (char.IsLetterOrDigit(c) || c == '-'))))
                {
                    return false;
                }
            }

            return true;
        }

        private static List<TrustedAddress> Resolve(string name, Func<string, IPAddress[]> resolver)
        {
            IPAddress[] found;
            try
            {
                found = resolver(name);
            }
            catch (SocketException ex)
            {
                throw new SametimeAdminException("TrustedIpResolveFailed", FailureKind.ObjectNotFound,
                    $"'{name}' could not be resolved in DNS ({ex.Message}). Nothing was changed.", ex)
                {
                    RecommendedAction = "Check the name (nslookup), or give the server's IP address instead.",
                };
            }

            List<TrustedAddress> result = found
                .Where(ip => ip.AddressFamily == AddressFamily.InterNetwork || ip.AddressFamily == AddressFamily.InterNetworkV6)
                .Select(ip => FromIPAddress(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip, name))
                .Distinct()
                .ToList();
            if (result.Count == 0)
            {
                throw new SametimeAdminException("TrustedIpResolveFailed", FailureKind.ObjectNotFound,
                    $"DNS returned no IPv4 or IPv6 address for '{name}'. Nothing was changed.");
            }

            return result;
        }
    }

    /// <summary>
    /// A Community Trusted IPs list as stored in a document: entries separated by ';' (also ',' and any whitespace
    /// when reading, as hand-edited documents contain them), written back separated by ';'.
    /// </summary>
    public sealed class TrustedIpList
    {
        private static readonly char[] Separators = { ';', ',', ' ', '\t', '\r', '\n', '\f', '\v' };
        private readonly List<TrustedAddress> entries;

        public TrustedIpList(IEnumerable<string> storedValues)
        {
            entries = storedValues.SelectMany(SplitEntries).Select(TrustedAddress.FromDocument).ToList();
        }

        public IReadOnlyList<TrustedAddress> Entries => entries;

        /// <summary>The stored text: entries joined with ';'.</summary>
        public string Value => string.Join(";", entries.Select(e => e.Text));

        /// <summary>Splits one stored or typed value on ';', ',' and whitespace, dropping empty parts.</summary>
        public static IEnumerable<string> SplitEntries(string value) =>
            (value ?? string.Empty).Split(Separators, StringSplitOptions.RemoveEmptyEntries);

        public bool Contains(TrustedAddress address) => entries.Contains(address);

        /// <summary>Appends the address; false (and no change) when it is already in the list.</summary>
        public bool Add(TrustedAddress address)
        {
            if (entries.Contains(address))
            {
                return false;
            }

            entries.Add(address);
            return true;
        }

        /// <summary>Removes every entry equal to the address; false when there was none.</summary>
        public bool Remove(TrustedAddress address) => entries.RemoveAll(e => e.Equals(address)) > 0;
    }
}
