using System;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>One Windows service as service control reports it.</summary>
    public sealed class WindowsServiceInfo
    {
        public WindowsServiceInfo(string serviceName, string displayName, string status, string? startType)
        {
            ServiceName = serviceName;
            DisplayName = displayName;
            Status = status;
            StartType = startType;
        }

        public string ServiceName { get; }

        public string DisplayName { get; }

        /// <summary>ServiceControllerStatus name: Running, Stopped, StartPending...</summary>
        public string Status { get; }

        /// <summary>ServiceStartMode name: Automatic, Manual, Disabled...; null when not readable.</summary>
        public string? StartType { get; }

        /// <summary>The service's command line (CIM reports it; service control does not), or null.</summary>
        public string? PathName { get; init; }

        /// <summary>The executable's file name without folder and extension ("stmux"), from <see cref="PathName"/>.</summary>
        public string? Executable
        {
            get
            {
                string path = (PathName ?? string.Empty).Trim();
                if (path.Length == 0)
                {
                    return null;
                }

                if (path[0] == '"')
                {
                    int close = path.IndexOf('"', 1);
                    path = close > 0 ? path.Substring(1, close - 1) : path.Substring(1);
                }
                else
                {
                    // Unquoted paths may hold spaces ("C:\Program Files\x.exe -a"): cut after ".exe" when there is one.
                    int exe = path.IndexOf(".exe", StringComparison.OrdinalIgnoreCase);
                    int space = path.IndexOf(' ');
                    path = exe > 0 ? path.Substring(0, exe + 4) : space > 0 ? path.Substring(0, space) : path;
                }

                int slash = Math.Max(path.LastIndexOf('\\'), path.LastIndexOf('/'));
                string file = path.Substring(slash + 1);
                int dot = file.LastIndexOf('.');
                file = dot > 0 ? file.Substring(0, dot) : file;
                return file.Length == 0 ? null : file;
            }
        }
    }
}
