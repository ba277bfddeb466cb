using System;
using System.Globalization;
using System.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// The LTPA token a probe logs in with: minted with a key set for a user, or given by the admin (the cookie's value,
    /// "LtpaToken2=..." or a Cookie: line copied from a browser) and, with a key set, decoded first so that a failed
    /// login can say what the token is. The value is a secret: it goes only into the probe's options.
    /// </summary>
    public sealed class AwarenessToken
    {
        private AwarenessToken(string value, string description, bool minted)
        {
            Value = value;
            Description = description;
            Minted = minted;
        }

        /// <summary>Where the token comes from, for evidence ("minted for ... with key set ..., valid 30 min").</summary>
        public string Description { get; }

        /// <summary>True when the token was minted here (with <see cref="KeyFingerprint"/>'s keys).</summary>
        public bool Minted { get; }

        /// <summary>The public key fingerprint of the key set the token was minted or checked with; null when neither.</summary>
        public string? KeyFingerprint { get; private set; }

        /// <summary>What decoding a given token with a key set found (<see cref="CheckWith"/>); null when not checked.</summary>
        public LtpaTokenInfo? Check { get; private set; }

        /// <summary>The user's access id of a minted token ("user:realm/uid=..."); null for a given token.</summary>
        public string? AccessId { get; private set; }

        /// <summary>When a minted token expires; null for a given token.</summary>
        public DateTimeOffset? Expiration { get; private set; }

        internal string Value { get; }

        /// <summary>Mints an LtpaToken2 for <paramref name="userName"/> (the unique id after the realm, usually the LDAP DN).</summary>
        public static AwarenessToken Mint(LtpaKeySet keys, string userName, string? realm, TimeSpan validFor, DateTimeOffset now)
        {
            if (keys == null)
            {
                throw new ArgumentNullException(nameof(keys));
            }

            string accessId = LtpaAccessId.Build(LtpaAccessId.UserType, realm ?? keys.Realm, userName);
            var expiration = now + validFor;
            string value = LtpaToken2.Mint(keys, accessId, expiration);
            string minutes = validFor.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture);
            return new AwarenessToken(value, $"minted for {accessId} with key set {keys.PublicKeyFingerprint}, valid {minutes} min", true)
            {
                KeyFingerprint = keys.PublicKeyFingerprint,
                AccessId = accessId,
                Expiration = expiration,
            };
        }

        /// <summary>
        /// The token in what the admin gave: the value of the cookie named <paramref name="cookieName"/> (or of the first
        /// LTPA cookie) in a "name=value" pair or a Cookie:/Set-Cookie: line, else the text itself.
        /// </summary>
        /// <exception cref="SametimeAdminException">TokenEmpty: there is no token in it.</exception>
        public static AwarenessToken Given(string text, string cookieName)
        {
            var found = LtpaTokenReader.Extract(text ?? string.Empty);
            var token = found.FirstOrDefault(t => string.Equals(t.CookieName, cookieName, StringComparison.OrdinalIgnoreCase)) ?? (found.Count > 0 ? found[0] : null);
            string value = token?.Value.Trim() ?? string.Empty;

            // A pair with a cookie name the reader does not know as LTPA's (a renamed LTPA V2 cookie) is the probe's own.
            if (token?.CookieName == null && value.StartsWith(cookieName + "=", StringComparison.OrdinalIgnoreCase))
            {
                value = value.Substring(cookieName.Length + 1).Trim();
            }

            if (value.Length == 0)
            {
                throw new SametimeAdminException("TokenEmpty", FailureKind.InvalidArgument, "The -Token is empty. Give the value of the LtpaToken2 cookie (without the cookie name).");
            }

            return new AwarenessToken(value, "token given with -Token", false);
        }

        /// <summary>Decodes the given token with <paramref name="keys"/>, as the cookie <paramref name="cookieName"/> would be read.</summary>
        public void CheckWith(LtpaKeySet keys, string cookieName)
        {
            if (keys == null)
            {
                throw new ArgumentNullException(nameof(keys));
            }

            KeyFingerprint = keys.PublicKeyFingerprint;
            Check = new LtpaTokenReader(new[] { keys }, null).Decode(new LtpaTokenText(cookieName, Value));
        }

        /// <summary>Makes the probe log in by token with this one.</summary>
        public void ApplyTo(AwarenessProbeOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            options.LoginMode = AwarenessLoginMode.Token;
            options.Token = Value;
            options.TokenDescription = Description;
            options.TokenMinted = Minted;
            options.KeyFingerprint = KeyFingerprint;
            options.TokenCheck = Check;
        }
    }
}
