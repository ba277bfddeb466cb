namespace SametimeAdmin.Diagnostics
{
    /// <summary>What the trace says happened to the token or login.</summary>
    public enum SsoTraceOutcome
    {
        /// <summary>The token was decoded; no error was logged for it and its expiration is not known.</summary>
        Decoded,

        /// <summary>The token was validated successfully.</summary>
        Valid,

        Expired,

        /// <summary>The token could not be validated (other keys, damaged token).</summary>
        Invalid,

        /// <summary>The token's realm is not the one the server expects.</summary>
        RealmUnknown,

        /// <summary>The token's type (LtpaToken, LtpaToken2) does not match the configuration.</summary>
        TokenTypeMismatch,

        /// <summary>The servers' clocks differ.</summary>
        ClockSkew,

        NotConfigured,

        ConfigurationInvalid,

        /// <summary>The token is about to expire and should be renewed (information).</summary>
        ShouldRenew,

        /// <summary>No token reached the server that needed it.</summary>
        TokenNotFound,

        LoginFailed,

        Error,

        Warning,
    }
}
