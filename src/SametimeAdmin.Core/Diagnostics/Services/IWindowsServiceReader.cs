using System.Collections.Generic;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>Reads the services of a computer. The Windows implementation is thin; tests use their own.</summary>
    public interface IWindowsServiceReader
    {
        /// <summary>All services of <paramref name="computerName"/> ("." or the local name for this computer).</summary>
        IReadOnlyList<WindowsServiceInfo> GetServices(string computerName);
    }
}
