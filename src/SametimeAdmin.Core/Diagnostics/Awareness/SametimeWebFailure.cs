namespace SametimeAdmin.Diagnostics
{
    /// <summary>Why an exchange with the Sametime web API brought no answer.</summary>
    internal enum SametimeWebFailure
    {
        /// <summary>An answer came (of any HTTP status).</summary>
        None,

        /// <summary>No complete answer before the deadline: nothing, or the headers without the whole body.</summary>
        Timeout,

        /// <summary>The TLS handshake failed.</summary>
        Tls,

        /// <summary>The connection failed or broke.</summary>
        Connection,
    }
}
