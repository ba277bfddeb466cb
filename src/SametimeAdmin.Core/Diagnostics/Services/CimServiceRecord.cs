namespace SametimeAdmin.Diagnostics
{
    /// <summary>One Win32_Service instance as CIM reports it (the strings of the class, unconverted).</summary>
    public sealed class CimServiceRecord
    {
        public CimServiceRecord(string name, string? displayName, string? state, string? startMode, string? pathName)
        {
            Name = name;
            DisplayName = displayName;
            State = state;
            StartMode = startMode;
            PathName = pathName;
        }

        public string Name { get; }

        public string? DisplayName { get; }

        /// <summary>"Running", "Stopped", "Start Pending", "Paused", "Unknown"...</summary>
        public string? State { get; }

        /// <summary>"Auto", "Manual", "Disabled", "Boot", "System".</summary>
        public string? StartMode { get; }

        public string? PathName { get; }
    }
}
