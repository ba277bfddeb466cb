namespace SametimeAdmin.Diagnostics
{
    public enum AwarenessStepStatus
    {
        Passed,
        Failed,

        /// <summary>Not run: an earlier step made it meaningless, or nothing was given to test it with.</summary>
        Skipped,

        /// <summary>Ran and got an answer, but could not establish what the step checks (a presence answer with no readable status).</summary>
        Warning,
    }
}
