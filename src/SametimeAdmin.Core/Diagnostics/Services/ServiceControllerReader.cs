using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.InteropServices;
using SametimeAdmin.Common;

namespace SametimeAdmin.Diagnostics
{
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
                    RecommendedAction = "On this platform check a server from its log (" + ModuleCommands.GetStServiceStatusLogPath + " <console.log>) or with port probes (" + ModuleCommands.Format(ModuleCommands.GetStServiceStatusComputerNameProbe, "<server>") + ").",
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
}
