using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using SametimeAdmin.Common;
using SametimeAdmin.Diagnostics;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// The Sametime services of one or many servers, from Windows service control, from a Domino console.log or
    /// sametime.log, or from TCP probes of the well-known Sametime ports. The same row shape from every source,
    /// or with -Summary one line per server ("22 of 24 services running") for scheduled tasks.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "StServiceStatus", DefaultParameterSetName = ServiceSet)]
    [OutputType(typeof(StServiceStatus), typeof(StServiceSummary))]
    public sealed class GetStServiceStatusCommand : SametimeCmdlet, IDisposable
    {
        private const string ServiceSet = "ServiceControl";
        private const string ProbeSet = "Probe";
        private const string LogSet = "Log";
        private const string LiteralLogSet = "LiteralLog";
        private const int ProgressId = 0x5354;

        private ConcurrentWork<object>? work;
        private StServiceCatalog catalog = StServiceCatalog.Default;
        private IWindowsServiceReader? serviceReader;
        private CimServiceQuery? cimQuery;
        private readonly HashSet<string> seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        [Parameter(Position = 0, ParameterSetName = ServiceSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(Position = 0, ParameterSetName = ProbeSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = LogSet)]
        [Parameter(ParameterSetName = LiteralLogSet)]
        [Alias("CN", "Server", "DNSHostName")]
        [ValidateNotNullOrEmpty]
        public string[]? ComputerName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ProbeSet)]
        public SwitchParameter Probe { get; set; }

        [Parameter(ParameterSetName = ProbeSet)]
        [ValidateRange(1, 65535)]
        public int[]? Port { get; set; }

        [Parameter(ParameterSetName = ProbeSet)]
        public StServerRole Role { get; set; } = StServerRole.All;

        [Parameter(ParameterSetName = ProbeSet)]
        [ValidateRange(0.1, 600)]
        public double TimeoutSeconds { get; set; } = 3;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = LogSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] LogPath { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = LiteralLogSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = LogSet)]
        [Parameter(ParameterSetName = LiteralLogSet)]
        public LogDateOrder DateOrder { get; set; } = LogDateOrder.Auto;

        [Parameter(ParameterSetName = ServiceSet)]
        [Parameter(ParameterSetName = LogSet)]
        [Parameter(ParameterSetName = LiteralLogSet)]
        [ValidateNotNullOrEmpty]
        public string? CatalogPath { get; set; }

        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <summary>How many computers or logs are checked at once; the results still come in input order.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int ThrottleLimit { get; set; } = ConcurrentWork<object>.DefaultThrottleLimit;

        /// <summary>Reads the services through CIM (Win32_Service over WinRM) as this account instead of service control.</summary>
        [Parameter(ParameterSetName = ServiceSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        private bool IsLog => ParameterSetName == LogSet || ParameterSetName == LiteralLogSet;

        protected override void BeginProcessing()
        {
            if (CatalogPath != null)
            {
                string path = ResolveLiteralPath(CatalogPath);
                catalog = RunOrThrow(() => StServiceCatalog.Load(path), CatalogPath);
                WriteVerbose($"Using the service catalogue '{path}' ({catalog.Services.Count} services).");
            }

            // With -Credential the services are read through CIM; service control is opened on first use (a piped log
            // file switches the parameter set only when its record arrives).
            if (ParameterSetName == ServiceSet && Credential != null)
            {
                serviceReader = RunOrThrow(() => CimServiceReader.Create(computer => cimQuery!.Query(computer)), null);
                cimQuery = new CimServiceQuery(Credential, ThrottleLimit);
                WriteVerbose($"Reading services through CIM as {Credential.UserName}.");
            }

            work = new ConcurrentWork<object>(ThrottleLimit, WriteObject, ReportFailure, ReportProgress);
        }

        protected override void ProcessRecord()
        {
            // What depends on the parameter set is checked here, not in BeginProcessing: files piped in
            // (Get-ChildItem *.log | Get-StServiceStatus) settle on the log set only when the first one is bound.
            if (IsLog)
            {
                if (ComputerName != null && ComputerName.Length > 1)
                {
                    ThrowFailure("ComputerNameAmbiguous", FailureKind.InvalidArgument,
                        "With a log, -ComputerName only labels the rows: give one name (the server the log comes from).", ComputerName);
                }

                var patterns = ParameterSetName == LogSet ? LogPath : LiteralPath;
                foreach (string pattern in patterns)
                {
                    foreach (string path in ResolvePaths(pattern, ParameterSetName == LiteralLogSet))
                    {
                        StartLog(path);
                    }
                }
            }
            else
            {
                foreach (string computer in ComputerName ?? new[] { ParameterSetName == ProbeSet ? "localhost" : "." })
                {
                    string name = computer.Trim();
                    if (name.Length == 0 || !seen.Add(name))
                    {
                        continue;
                    }

                    if (ParameterSetName == ProbeSet)
                    {
                        StartProbe(name);
                    }
                    else
                    {
                        StartServiceQuery(name);
                    }
                }
            }

            work!.Drain(untilDone: false);
        }

        protected override void EndProcessing()
        {
            work?.Drain(untilDone: true);
            if (work != null && work.Started > 1)
            {
                WriteProgress(new ProgressRecord(ProgressId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        protected override void StopProcessing()
        {
            work?.Cancel();
            cimQuery?.StopAll();
        }

        public void Dispose()
        {
            work?.Dispose();
            cimQuery?.Dispose();
        }

        private string Activity => ParameterSetName == ProbeSet ? "Probing Sametime ports" : IsLog ? "Reading Sametime start-up logs" : "Reading Sametime services";

        private void StartServiceQuery(string computer)
        {
            var reader = serviceReader ??= RunOrThrow(ServiceControllerReader.Create, null);
            var current = catalog;
            work!.Start(computer, (post, token) => Task.Run(() =>
            {
                var rows = ServiceControlCheck.Evaluate(computer == "." ? Environment.MachineName : computer, current, reader.GetServices(computer));
                Emit(post, computer, StServiceSource.ServiceControl, rows, null);
            }, token));
        }

        private void StartProbe(string computer)
        {
            var ports = Port != null && Port.Length > 0
                ? Port.Distinct().Select(StPortDefinition.Describe).ToList()
                : StPortDefinition.ForRole(Role).ToList();
            var timeout = TimeSpan.FromSeconds(TimeoutSeconds);
            work!.Start(computer, async (post, token) =>
            {
                var rows = await PortProbeCheck.ProbeAsync(computer, ports, timeout, token).ConfigureAwait(false);
                Emit(post, computer, StServiceSource.Probe, rows, null);
            });
        }

        private void StartLog(string path)
        {
            if (!seen.Add(path))
            {
                return;
            }

            string label = ComputerName != null && ComputerName.Length == 1 ? ComputerName[0] : path;
            var current = catalog;
            var order = DateOrder;
            work!.Start(path, (post, token) => Task.Run(() =>
            {
                var report = StartupLog.Read(path, label, current, order, token);
                foreach (string warning in report.Warnings)
                {
                    post(new LogWarning(path + ": " + warning));
                }

                if (!report.StartupFound)
                {
                    post(new LogWarning(path + ": no Sametime start-up ('Initiating Sametime Startup', 'Starting service [...]') in this log. Is it the Community Server's console.log, and from before the last restart?"));
                }

                Emit(post, path, StServiceSource.Log, report.Rows, report);
            }, token));
        }

        /// <summary>Posts a computer's rows, or its summary with -Summary (runs on a worker thread; the pipeline thread writes).</summary>
        private void Emit(Action<object> post, string target, StServiceSource source, IReadOnlyList<StServiceStatus> rows, StartupLogReport? report)
        {
            if (Summary)
            {
                string label = rows.Count > 0 ? rows[0].ComputerName : target;
                post(report != null ? report.Summarize(label) : StServiceSummary.FromRows(label, source, rows));
                return;
            }

            foreach (var row in rows)
            {
                post(row);
            }
        }

        private new void WriteObject(object item)
        {
            if (item is LogWarning warning)
            {
                WriteWarning(warning.Text);
                return;
            }

            base.WriteObject(item);
        }

        private void ReportFailure(string target, Exception failure)
        {
            if (failure is OperationCanceledException)
            {
                return;
            }

            WriteError(ToErrorRecord(failure, target));
            if (Summary)
            {
                var source = ParameterSetName == ProbeSet ? StServiceSource.Probe : IsLog ? StServiceSource.Log : StServiceSource.ServiceControl;
                base.WriteObject(StServiceSummary.Failed(target, source, failure.Message));
            }
        }

        private void ReportProgress(int finished, int started)
        {
            if (started < 2)
            {
                return;
            }

            string noun = IsLog ? "logs" : "computers";
            var record = new ProgressRecord(ProgressId, Activity,
                string.Format(CultureInfo.InvariantCulture, "{0} of {1} {2} checked", finished, started, noun))
            {
                PercentComplete = Math.Min(100, finished * 100 / started),
            };
            WriteProgress(record);
        }

        /// <summary>A warning found by a worker, written on the pipeline thread in order with the rows.</summary>
        private sealed class LogWarning
        {
            public LogWarning(string text)
            {
                Text = text;
            }

            public string Text { get; }
        }
    }
}
