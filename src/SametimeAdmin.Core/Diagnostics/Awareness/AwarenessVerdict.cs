namespace SametimeAdmin.Diagnostics
{
    /// <summary>The outcome of the whole probe of one proxy URL.</summary>
    public enum AwarenessVerdict
    {
        /// <summary>Every step that applies to the URL ran and passed.</summary>
        Passed,

        /// <summary>Nothing failed, but a step could not establish what it checks.</summary>
        Warning,

        /// <summary>At least one step failed.</summary>
        Failed,

        /// <summary>Nothing failed, but steps were not checked for lack of input (no login, no -SsoDomain, no user to watch).</summary>
        Incomplete,
    }
}
