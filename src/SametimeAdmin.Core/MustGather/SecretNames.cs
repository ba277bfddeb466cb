using System;
using System.Collections.Generic;

namespace SametimeAdmin.MustGather
{
    /// <summary>What the name of a setting, item, attribute or cookie says about its value.</summary>
    internal enum SecretClass
    {
        /// <summary>Not a secret by its name.</summary>
        None,

        /// <summary>A password or other low-entropy secret: redacted without a fingerprint.</summary>
        Password,

        /// <summary>A session or SSO token: redacted with a keyed fingerprint.</summary>
        Token,

        /// <summary>Key material (LTPA shared or private key, Domino secret): redacted with a keyed fingerprint.</summary>
        Key,
    }

    /// <summary>Decides from a name whether its value is a secret, and which kind of marker it gets.</summary>
    internal static class SecretNames
    {
        /// <summary>Cookie names that carry SSO credentials; their values are tokens.</summary>
        internal const string TokenCookies = "LtpaToken2|LtpaToken|SametimeToken|PD-H-SESSION-ID|PD-S-SESSION-ID|sametimeJwt|sametimeRefresh|DomAuthSessId|SessionID|JSESSIONID";

        /// <summary>Name parts that mark key material (lower case).</summary>
        internal static readonly string[] KeyWords =
        {
            "3deskey", "deskey", "privatekey", "private_key", "sharedkey", "shared_key", "secretkey", "secret_key", "dominosecret", "ltpa_secret",
            "ltpasecret", "apikey", "api_key", "signingkey", "encryptionkey", "masterkey", "keymaterial",
        };

        private static readonly string[] PasswordWords = { "password", "passwd", "passphrase", "pwd", "secret" };

        private static readonly char[] Separators = { '.', '_', '-', ' ', ':', '/', '$' };

        private static readonly HashSet<string> Cookies = new HashSet<string>(TokenCookies.Split('|'), StringComparer.OrdinalIgnoreCase);

        /// <summary>Classifies a name: key material first, then passwords, then tokens.</summary>
        public static SecretClass Classify(string? name)
        {
            string n = (name ?? string.Empty).Trim().Trim('"', '\'').ToLowerInvariant();
            if (n.Length == 0)
            {
                return SecretClass.None;
            }

            foreach (string word in KeyWords)
            {
                if (n.IndexOf(word, StringComparison.Ordinal) >= 0)
                {
                    return SecretClass.Key;
                }
            }

            // Helm values carry keys and passwords base64-encoded (ltpaKeysBase64, ltpaKeysPasswordBase64).
            if (n.IndexOf("base64", StringComparison.Ordinal) >= 0 && n.IndexOf("key", StringComparison.Ordinal) >= 0 && n.IndexOf("pass", StringComparison.Ordinal) < 0)
            {
                return SecretClass.Key;
            }

            foreach (string word in PasswordWords)
            {
                if (n.IndexOf(word, StringComparison.Ordinal) >= 0)
                {
                    return SecretClass.Password;
                }
            }

            string last = LastSegment(n);
            if (last == "pass" || last == "pw" || n.EndsWith("authorization", StringComparison.Ordinal))
            {
                return SecretClass.Password;
            }

            // ST_TOKEN_TYPE or LTPA_TokenName name a token but hold none: only names that end in token are values.
            // ST_AUTH_TOKEN (STI__ST_BB_NAMES__ST_AUTH_TOKEN on Sametime 12) lists the token kinds accepted ("Fork:Jwt,Ltpa").
            if (n.EndsWith("st_auth_token", StringComparison.Ordinal))
            {
                return SecretClass.None;
            }

            if (Cookies.Contains(n) || n.EndsWith("token", StringComparison.Ordinal) || n.EndsWith("tokens", StringComparison.Ordinal) || n.EndsWith("jwt", StringComparison.Ordinal))
            {
                return SecretClass.Token;
            }

            return last == "key" || last == "keys" ? SecretClass.Key : SecretClass.None;
        }

        /// <summary>The marker kind of a token cookie or setting: the cookie's own name when it is a known SSO cookie.</summary>
        public static string TokenKind(string name)
        {
            foreach (var known in TokenCookies.Split('|'))
            {
                if (known.Equals(name.Trim().Trim('"', '\''), StringComparison.OrdinalIgnoreCase))
                {
                    return known;
                }
            }

            return "Token";
        }

        /// <summary>The marker kind of key material, from the name it is stored under.</summary>
        public static string KeyKind(string name)
        {
            string n = name.ToLowerInvariant();
            if (n.IndexOf("deskey", StringComparison.Ordinal) >= 0 || n.IndexOf("sharedkey", StringComparison.Ordinal) >= 0 || n.IndexOf("shared_key", StringComparison.Ordinal) >= 0
                || n.IndexOf("ltpa_secret", StringComparison.Ordinal) >= 0 || n.IndexOf("ltpasecret", StringComparison.Ordinal) >= 0)
            {
                return "LtpaSharedKey";
            }

            if (n.IndexOf("privatekey", StringComparison.Ordinal) >= 0 || n.IndexOf("private_key", StringComparison.Ordinal) >= 0)
            {
                return "LtpaPrivateKey";
            }

            return n.IndexOf("dominosecret", StringComparison.Ordinal) >= 0 ? "DominoSecret" : "Key";
        }

        private static string LastSegment(string name)
        {
            string trimmed = name.TrimEnd(Separators);
            int at = trimmed.LastIndexOfAny(Separators);
            return at < 0 ? trimmed : trimmed.Substring(at + 1);
        }
    }
}
