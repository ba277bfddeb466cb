using System;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>One row of Get-StServiceStatus: the same shape whatever the source.</summary>
    public sealed class StServiceStatus
    {
        public StServiceStatus(string computerName, string service, string displayName, StServiceState status, string? startType,
            StServiceSource source, string? detail, bool isHealthy, bool counted)
        {
            ComputerName = computerName;
            Service = service;
            DisplayName = displayName;
            Status = status;
            StartType = startType;
            Source = source;
            Detail = detail;
            IsHealthy = isHealthy;
            Counted = counted;
        }

        /// <summary>The computer checked; for a log without -ComputerName, the log file's path.</summary>
        public string ComputerName { get; }

        /// <summary>Service name, log component or "port/tcp".</summary>
        public string Service { get; }

        public string DisplayName { get; }

        public StServiceState Status { get; }

        /// <summary>Automatic, Manual, Disabled... (service control only).</summary>
        public string? StartType { get; }

        public StServiceSource Source { get; }

        /// <summary>What was seen: the log line and its number, the probe's answer, the catalogue's doubt.</summary>
        public string? Detail { get; }

        /// <summary>True when this row is what a healthy server shows.</summary>
        public bool IsHealthy { get; }

        /// <summary>
        /// True for the services (or ports) the summary counts. False for extra rows: services the catalogue does not
        /// list, and log components such as the start-up itself, HTTP and LDAP (an unhealthy one is still a problem).
        /// </summary>
        public bool Counted { get; }

        /// <summary>When the state was observed (log time, server local time), if known.</summary>
        public DateTime? Time { get; init; }

        /// <summary>The log line the row is based on, if any.</summary>
        public long? LineNumber { get; init; }

        /// <summary>The port probed, if any.</summary>
        public int? Port { get; init; }

        public override string ToString() => DisplayName + ": " + Status;
    }
}
