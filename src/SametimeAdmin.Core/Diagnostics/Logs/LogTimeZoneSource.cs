namespace SametimeAdmin.Diagnostics
{
    /// <summary>Where the offset of an event's time came from.</summary>
    public enum LogTimeZoneSource
    {
        /// <summary>The log line gives the zone (WebSphere "EDT", "CET", ISO "+01:00").</summary>
        Log,

        /// <summary>The line has no zone; the offset given with -UtcOffset was used.</summary>
        Parameter,

        /// <summary>The line has no zone; this machine's offset at that date was used.</summary>
        Machine,
    }
}
