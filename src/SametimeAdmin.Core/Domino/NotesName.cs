using System;
using System.Linq;

namespace SametimeAdmin.Domino
{
    /// <summary>
    /// Hierarchical Notes names in their two spellings: canonical (CN=inotes1/OU=Mail/O=Lab) and abbreviated
    /// (inotes1/Mail/Lab). Domino compares names case-insensitively and treats both spellings as the same name.
    /// </summary>
    public static class NotesName
    {
        private static readonly string[] Labels = { "CN", "OU", "O", "C" };

        /// <summary>The abbreviated form: each component without its CN=/OU=/O=/C= label, trimmed.</summary>
        public static string Abbreviate(string name)
        {
            if (name == null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            return string.Join("/", name.Split('/').Select(StripLabel));
        }

        /// <summary>True when both spellings name the same server (case-insensitive, canonical or abbreviated).</summary>
        public static bool SameName(string a, string b) =>
            string.Equals(Abbreviate(a), Abbreviate(b), StringComparison.OrdinalIgnoreCase);

        /// <summary>The common name (the first component), without its label.</summary>
        public static string CommonName(string name) => StripLabel(Abbreviate(name).Split('/')[0]);

        /// <summary>True for a flat name (no organisation components), which can only be compared by common name.</summary>
        public static bool IsFlat(string name) => Abbreviate(name).IndexOf('/') < 0;

        private static string StripLabel(string component)
        {
            string trimmed = component.Trim();
            int equals = trimmed.IndexOf('=');
            if (equals > 0 && Labels.Contains(trimmed.Substring(0, equals).Trim(), StringComparer.OrdinalIgnoreCase))
            {
                return trimmed.Substring(equals + 1).Trim();
            }

            return trimmed;
        }
    }
}
