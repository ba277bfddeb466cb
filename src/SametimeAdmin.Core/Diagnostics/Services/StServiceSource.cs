namespace SametimeAdmin.Diagnostics
{
    /// <summary>Where a service status row comes from.</summary>
    public enum StServiceSource
    {
        /// <summary>Windows service control (services.msc), local or remote.</summary>
        ServiceControl,

        /// <summary>A Domino console.log or sametime.log.</summary>
        Log,

        /// <summary>A TCP connect to a well-known Sametime port.</summary>
        Probe,
    }
}
