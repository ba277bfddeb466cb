using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using SametimeAdmin.Common;

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

    /// <summary>Reads the services of a computer. The Windows implementation is thin; tests use their own.</summary>
    public interface IWindowsServiceReader
    {
        /// <summary>All services of <paramref name="computerName"/> ("." or the local name for this computer).</summary>
        IReadOnlyList<WindowsServiceInfo> GetServices(string computerName);
    }

    /// <summary>
    /// Windows service control through System.ServiceProcess.ServiceController, bound at run time: the class ships
    /// with .NET Framework and with PowerShell 7 on Windows, so the module needs no extra package. Remote
    /// computers are read over the Service Control Manager's RPC interface (as Get-Service -ComputerName does).
    /// </summary>
    public sealed class ServiceControllerReader : IWindowsServiceReader
    {
        private static readonly string[] CandidateTypeNames =
        {
            "System.ServiceProcess.ServiceController, System.ServiceProcess.ServiceController",
            "System.ServiceProcess.ServiceController, System.ServiceProcess, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a",
        };

        private readonly MethodInfo getServices;
        private readonly PropertyInfo serviceName;
        private readonly PropertyInfo displayName;
        private readonly PropertyInfo status;
        private readonly PropertyInfo? startType;

        private ServiceControllerReader(Type controller)
        {
            getServices = controller.GetMethod("GetServices", new[] { typeof(string) })
                ?? throw NotAvailable("ServiceController.GetServices(string) is missing.");
            serviceName = controller.GetProperty("ServiceName") ?? throw NotAvailable("ServiceController.ServiceName is missing.");
            displayName = controller.GetProperty("DisplayName") ?? throw NotAvailable("ServiceController.DisplayName is missing.");
            status = controller.GetProperty("Status") ?? throw NotAvailable("ServiceController.Status is missing.");
            startType = controller.GetProperty("StartType");
        }

        public static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>The reader for this platform, or a clear error naming the alternatives.</summary>
        public static ServiceControllerReader Create()
        {
            if (!IsWindows)
            {
                throw new SametimeAdminException("ServiceControlNotSupported", FailureKind.NotImplemented,
                    "Reading Windows services is not available on this platform (" + RuntimeInformation.OSDescription.Trim() + "): service control needs Windows.")
                {
                    RecommendedAction = "On this platform check a server from its log (Get-StServiceStatus -LogPath <console.log>) or with port probes (Get-StServiceStatus -ComputerName <server> -Probe).",
                };
            }

            foreach (string name in CandidateTypeNames)
            {
                Type? type = Type.GetType(name, false);
                if (type != null)
                {
                    return new ServiceControllerReader(type);
                }
            }

            throw NotAvailable("System.ServiceProcess.ServiceController could not be loaded.");
        }

        public IReadOnlyList<WindowsServiceInfo> GetServices(string computerName)
        {
            object? result;
            try
            {
                result = getServices.Invoke(null, new object[] { computerName });
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                throw new SametimeAdminException("ServiceQueryFailed", FailureKind.ConnectionError,
                    $"The services of '{computerName}' could not be read: {ex.InnerException.Message}", ex.InnerException)
                {
                    RecommendedAction = "Check that the computer is on, that the account running the check is an administrator there, and that the firewall allows remote service management (RPC). Or check it with -Probe or from its console.log.",
                };
            }

            var list = new List<WindowsServiceInfo>();
            foreach (object? controller in (IEnumerable?)result ?? Array.Empty<object>())
            {
                if (controller == null)
                {
                    continue;
                }

                try
                {
                    list.Add(new WindowsServiceInfo(
                        (string)serviceName.GetValue(controller)!,
                        (string)displayName.GetValue(controller)!,
                        status.GetValue(controller)?.ToString() ?? "Unknown",
                        ReadStartType(controller)));
                }
                finally
                {
                    (controller as IDisposable)?.Dispose();
                }
            }

            return list;
        }

        private string? ReadStartType(object controller)
        {
            try
            {
                return startType?.GetValue(controller)?.ToString();
            }
            catch (TargetInvocationException)
            {
                // Reading the start mode needs more rights than the status; the row stays useful without it.
                return null;
            }
        }

        private static SametimeAdminException NotAvailable(string why) =>
            new SametimeAdminException("ServiceControlNotSupported", FailureKind.NotImplemented,
                "Windows service control is not available in this PowerShell: " + why)
            {
                RecommendedAction = "Check the server from its log (-LogPath) or with port probes (-Probe).",
            };
    }

    /// <summary>Turns a computer's service list into status rows for the catalogue.</summary>
    public static class ServiceControlCheck
    {
        /// <summary>Display-name prefixes of Sametime services that are reported even when not in the catalogue.</summary>
        private static readonly string[] SametimePrefixes = { "ST ", "Sametime" };

        public static IReadOnlyList<StServiceStatus> Evaluate(string computerName, StServiceCatalog catalog, IEnumerable<WindowsServiceInfo> services)
        {
            var installed = services.ToList();
            var rows = new List<StServiceStatus>();
            var matched = new HashSet<WindowsServiceInfo>();
            var byName = catalog.Services.ToDictionary(expected => expected, expected =>
                installed.FirstOrDefault(s => Same(s.ServiceName, expected.Name) || Same(s.DisplayName, expected.DisplayName))
                ?? installed.FirstOrDefault(s => Same(s.ServiceName, expected.DisplayName) || Same(s.DisplayName, expected.Name)));
            var namedServices = new HashSet<WindowsServiceInfo>(byName.Values.Where(s => s != null)!);
            foreach (var expected in catalog.Services)
            {
                // When the names differ (six of them are inferred), the executable of the command line (CIM reports it)
                // still finds the service, but only among services no catalogue name claims.
                var service = byName[expected]
                    ?? (expected.Executable == null ? null
                        : installed.FirstOrDefault(s => !matched.Contains(s) && !namedServices.Contains(s) && s.Executable != null && Same(s.Executable, expected.Executable)));
                if (service == null)
                {
                    string doubt = expected.Evidence == CatalogEvidence.Confirmed
                        ? string.Empty
                        : " The catalogue's name for it is inferred: check services.msc for a similar name and correct the catalogue (-CatalogPath).";
                    rows.Add(new StServiceStatus(computerName, expected.Name, expected.DisplayName, StServiceState.NotInstalled, null,
                        StServiceSource.ServiceControl, "No service with this name or display name." + doubt, false, true));
                    continue;
                }

                matched.Add(service);
                var state = ParseState(service.Status);
                rows.Add(new StServiceStatus(computerName, service.ServiceName, service.DisplayName, state, service.StartType,
                    StServiceSource.ServiceControl, Describe(state, service.StartType), state == StServiceState.Running, true));
            }

            foreach (var extra in installed.Where(s => !matched.Contains(s) && SametimePrefixes.Any(p => s.DisplayName.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(s => s.DisplayName, StringComparer.OrdinalIgnoreCase))
            {
                var state = ParseState(extra.Status);
                rows.Add(new StServiceStatus(computerName, extra.ServiceName, extra.DisplayName, state, extra.StartType,
                    StServiceSource.ServiceControl, "Not in the service catalogue (not counted in the summary).", state == StServiceState.Running, false));
            }

            return rows;
        }

        private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

        private static StServiceState ParseState(string status) =>
            Enum.TryParse(status, true, out StServiceState state) && state <= StServiceState.Paused ? state : StServiceState.Unknown;

        private static string Describe(StServiceState state, string? startType)
        {
            if (state == StServiceState.Running)
            {
                return "Running.";
            }

            string text = state + (startType == null ? "." : " (start type " + startType + ").");
            if (string.Equals(startType, "Disabled", StringComparison.OrdinalIgnoreCase))
            {
                text += " The service is disabled: set it back to Manual (Sametime starts its services itself).";
            }
            else
            {
                text += " Sametime starts its services itself: restart Sametime on that Domino server ('tell staddin quit' on the console stops it) and check its console.log.";
            }

            return text;
        }
    }
}
