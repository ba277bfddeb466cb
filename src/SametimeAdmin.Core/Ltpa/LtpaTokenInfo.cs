using System;
using System.Collections.Generic;

namespace SametimeAdmin.Ltpa
{
    /// <summary>The three LTPA cookie formats.</summary>
    public enum LtpaTokenFormat
    {
        /// <summary>Not recognised as any LTPA format.</summary>
        Unknown,

        /// <summary>LTPA version 2 (cookie LtpaToken2): AES-128-CBC, RSA/SHA-1 signature. WebSphere and Liberty.</summary>
        LtpaToken2,

        /// <summary>WebSphere LTPA version 1 (cookie LtpaToken): 3DES-ECB, ISO 9796-1 signature.</summary>
        WebSphereLtpaToken,

        /// <summary>Domino-style LtpaToken (cookie LtpaToken): plain fields with a SHA-1 digest keyed by the Domino secret.</summary>
        DominoLtpaToken,
    }

    /// <summary>What validating a token found.</summary>
    public enum LtpaTokenVerdict
    {
        /// <summary>Signature verified and not expired.</summary>
        Valid,

        /// <summary>Signature verified, but the expiration has passed.</summary>
        Expired,

        /// <summary>Signature verified, but the creation time is still in the future (Domino tokens).</summary>
        NotYetValid,

        /// <summary>The token decrypted and parsed, but its signature does not verify: altered, or signed by other keys.</summary>
        BadSignature,

        /// <summary>The token does not decrypt with any of the given keys (other keys, or a damaged token).</summary>
        NotDecryptable,

        /// <summary>Not a well-formed token of its format (truncated, not Base64, missing fields).</summary>
        Malformed,

        /// <summary>Readable, but no key or secret was given that could verify it (Domino tokens without -DominoSecret).</summary>
        Unverified,
    }

    /// <summary>Evaluation settings for token validation.</summary>
    public sealed class LtpaValidationOptions
    {
        /// <summary>The instant to evaluate expiration at; null means the current time.</summary>
        public DateTimeOffset? Now { get; set; }

        /// <summary>Tolerance for clock differences between servers when checking creation and expiration. Default none (as Liberty).</summary>
        public TimeSpan ClockSkew { get; set; } = TimeSpan.Zero;

        /// <summary>
        /// Judge as current Liberty does (OpenLiberty LTPAToken2 and LTPATokenizer as read at commit 43d16bc6 of 2025;
        /// two-field tokens since 22.0.0.9, the expiration-difference check later): reject user data that differs from
        /// Liberty's re-serialization (its signature is verified over that) and a three-field token whose second field
        /// differs from the signed expire attribute by more than <see cref="MaxExpirationDifference"/>; accept two-field
        /// tokens (user data % signature) that carry a signed expire attribute. Without it the signature is checked over
        /// the received bytes and the differences are notes.
        /// </summary>
        public bool LibertyStrict { get; set; }

        /// <summary>
        /// Largest accepted difference between the signed "expire" attribute and field 2 of a three-field token (Liberty's
        /// expirationDifferenceAllowed, default 3 s). Null disables the check, as a negative value does in Liberty.
        /// </summary>
        public TimeSpan? MaxExpirationDifference { get; set; } = DefaultMaxExpirationDifference;

        /// <summary>Liberty's default expirationDifferenceAllowed (3000 ms).</summary>
        public static readonly TimeSpan DefaultMaxExpirationDifference = TimeSpan.FromSeconds(3);

        internal DateTimeOffset EffectiveNow => Now ?? DateTimeOffset.UtcNow;
    }

    /// <summary>One decoded token: format, verdict and why, identity, times and attributes. Never the token itself.</summary>
    public sealed class LtpaTokenInfo
    {
        private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoAttributes = new Dictionary<string, IReadOnlyList<string>>();

        public LtpaTokenFormat Format { get; internal set; }

        public LtpaTokenVerdict Verdict { get; internal set; }

        public bool IsValid => Verdict == LtpaTokenVerdict.Valid;

        private string? reason;
        private LazyText? reasonSource;

        /// <summary>Why the verdict is what it is, in words.</summary>
        public string Reason
        {
            get => reason ??= reasonSource?.Value ?? string.Empty;
            internal set
            {
                reason = value;
                reasonSource = null;
            }
        }

        /// <summary>Sets a reason that is formatted only when read (the valid verdict's, on the hot path).</summary>
        internal LazyText ReasonSource
        {
            set
            {
                reason = null;
                reasonSource = value;
            }
        }

        /// <summary>Observations that do not change the verdict (unsigned expiration, portability warnings...).</summary>
        public IReadOnlyList<string> Notes { get; internal set; } = Array.Empty<string>();

        /// <summary>The unique user id (LTPA: the part of the access id after the realm; Domino: the Notes name).</summary>
        public string? User { get; internal set; }

        public string? Realm { get; internal set; }

        /// <summary>The access id type: user, group or server.</summary>
        public string? UserType { get; internal set; }

        /// <summary>The whole access id (type:realm/uniqueId) of an LTPA token.</summary>
        public string? AccessId { get; internal set; }

        /// <summary>The expiration the verdict used (LtpaToken2: the signed expire attribute when present).</summary>
        public DateTimeOffset? Expiration { get; internal set; }

        /// <summary>The unsigned expiration field of LtpaToken2 / LtpaToken.</summary>
        public DateTimeOffset? ExpirationField { get; internal set; }

        /// <summary>True when <see cref="Expiration"/> is covered by the signature.</summary>
        public bool? ExpirationSigned { get; internal set; }

        /// <summary>Creation time (Domino tokens).</summary>
        public DateTimeOffset? Creation { get; internal set; }

        public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; internal set; } = NoAttributes;

        /// <summary>The user data as received (the signed part of LtpaToken2 / LtpaToken).</summary>
        public string? UserData { get; internal set; }

        private string? canonicalUserData;

        /// <summary>The user data as current Liberty re-serializes it (sorted keys, Liberty escaping); computed when first asked for.</summary>
        public string? CanonicalUserData
        {
            get
            {
                if (canonicalUserData == null && UserData != null)
                {
                    canonicalUserData = LtpaUserData.Canonicalize(UserData);
                }

                return canonicalUserData;
            }
        }

        /// <summary>True or false once the signature was checked; null when it could not be.</summary>
        public bool? SignatureValid { get; internal set; }

        private string? keyFingerprint;
        private LazyText? keyFingerprintSource;

        /// <summary>Public key fingerprint of the key set that decrypted the token ("DominoSecret:..." for Domino tokens).</summary>
        public string? KeyFingerprint
        {
            get => keyFingerprint ??= keyFingerprintSource?.Value;
            internal set
            {
                keyFingerprint = value;
                keyFingerprintSource = null;
            }
        }

        /// <summary>Sets a key fingerprint that is computed only when read.</summary>
        internal LazyText KeyFingerprintSource
        {
            set
            {
                keyFingerprint = null;
                keyFingerprintSource = value;
            }
        }

        /// <summary>The file of the key set that decrypted the token, when known.</summary>
        public string? KeySource { get; internal set; }

        private string? tokenFingerprint;
        private LazyText? tokenFingerprintSource;

        /// <summary>A short SHA-256 of the token, to match tokens across traces without exposing them. Computed when first read.</summary>
        public string TokenFingerprint
        {
            get => tokenFingerprint ??= tokenFingerprintSource?.Value ?? string.Empty;
            internal set
            {
                tokenFingerprint = value;
                tokenFingerprintSource = null;
            }
        }

        /// <summary>The shared, lazily computed fingerprint of the token being decoded.</summary>
        internal LazyText TokenFingerprintSource
        {
            set
            {
                tokenFingerprint = null;
                tokenFingerprintSource = value;
            }
        }

        /// <summary>The cookie name the token came with, when it came from a Cookie/Set-Cookie header.</summary>
        public string? CookieName { get; internal set; }

        public override string ToString() => $"{Format} {Verdict}: {User ?? "(no user)"} - {Reason}";
    }
}
