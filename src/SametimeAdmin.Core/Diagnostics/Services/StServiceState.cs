namespace SametimeAdmin.Diagnostics
{
    /// <summary>The state of one service, log component or port. Each source uses its own subset.</summary>
    public enum StServiceState
    {
        Unknown,

        // Windows service control
        Running,
        Stopped,
        StartPending,
        StopPending,
        ContinuePending,
        PausePending,
        Paused,
        NotInstalled,

        // Logs
        Started,
        NotReported,
        Incomplete,
        Failed,

        // Port probes
        Listening,
        Refused,
        NoAnswer,
        Unreachable,
        Unresolved,
    }
}
