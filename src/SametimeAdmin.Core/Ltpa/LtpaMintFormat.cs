namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// The token formats that can be minted (New-LtpaToken -Format), named by the cookie an admin sees. A read token's
    /// format is an <see cref="LtpaTokenFormat"/>, which also has Unknown and tells the two LtpaToken formats apart.
    /// </summary>
    public enum LtpaMintFormat
    {
        /// <summary>LtpaToken2 of WebSphere and Liberty (<see cref="LtpaTokenFormat.LtpaToken2"/>).</summary>
        LtpaToken2,

        /// <summary>The WebSphere LTPA version 1 LtpaToken (<see cref="LtpaTokenFormat.WebSphereLtpaToken"/>).</summary>
        LtpaToken,

        /// <summary>The Domino-style LtpaToken, signed with the Domino secret (<see cref="LtpaTokenFormat.DominoLtpaToken"/>).</summary>
        DominoLtpaToken,
    }
}
