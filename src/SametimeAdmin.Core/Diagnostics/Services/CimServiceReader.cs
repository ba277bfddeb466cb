using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// The services of a computer read through CIM (Win32_Service over WS-Management, with a credential), turned
    /// into the records service control gives, so <see cref="ServiceControlCheck"/> maps both the same way. The
    /// query itself is a delegate: the module runs Get-CimInstance inside PowerShell, where CIM is available.
    /// </summary>
    public sealed class CimServiceReader : IWindowsServiceReader
    {
        private readonly Func<string, IEnumerable<CimServiceRecord>> query;

        public CimServiceReader(Func<string, IEnumerable<CimServiceRecord>> query)
        {
            this.query = query ?? throw new ArgumentNullException(nameof(query));
        }

        /// <summary>The reader for this platform, or a clear error naming the alternatives.</summary>
        public static CimServiceReader Create(Func<string, IEnumerable<CimServiceRecord>> query)
        {
            if (!ServiceControllerReader.IsWindows)
            {
                throw new SametimeAdminException("CimNotAvailable", FailureKind.NotImplemented,
                    "Reading the services of a Windows server with -Credential needs CIM (" + ModuleCommands.GetCimInstance + "), which PowerShell has on Windows only.")
                {
                    RecommendedAction = "Run the check from a Windows computer, or on this platform check the server with port probes (" + ModuleCommands.Format(ModuleCommands.GetStServiceStatusComputerNameProbe, "<server>") + ") or from its log (" + ModuleCommands.GetStServiceStatusLogPath + " <console.log>).",
                };
            }

            return new CimServiceReader(query);
        }

        public IReadOnlyList<WindowsServiceInfo> GetServices(string computerName)
        {
            List<CimServiceRecord> records;
            try
            {
                records = query(computerName).ToList();
            }
            catch (Exception ex) when (!(ex is SametimeAdminException || ex is OperationCanceledException))
            {
                throw new SametimeAdminException("ServiceQueryFailed", FailureKind.ConnectionError,
                    $"The services of '{computerName}' could not be read through CIM: {ex.Message}", ex)
                {
                    RecommendedAction = "Check that WinRM answers on the server (" + ModuleCommands.TestWSMan + " <server>), that the account is an administrator there, that the name is in TrustedHosts when the server is not in your domain, and that the credential is right. Or check it with -Probe or from its console.log.",
                };
            }

            return records.Select(ToServiceInfo).ToList();
        }

        /// <summary>Win32_Service's words in ServiceController's: "Start Pending" is StartPending, "Auto" is Automatic.</summary>
        public static WindowsServiceInfo ToServiceInfo(CimServiceRecord record)
        {
            string state = string.IsNullOrWhiteSpace(record.State) ? "Unknown" : record.State!.Replace(" ", string.Empty);
            string? startType = record.StartMode?.Trim() switch
            {
                null or "" => null,
                var mode when string.Equals(mode, "Auto", StringComparison.OrdinalIgnoreCase) => "Automatic",
                var mode => mode,
            };
            string displayName = string.IsNullOrWhiteSpace(record.DisplayName) ? record.Name : record.DisplayName!;
            return new WindowsServiceInfo(record.Name, displayName, state, startType) { PathName = record.PathName };
        }
    }
}
