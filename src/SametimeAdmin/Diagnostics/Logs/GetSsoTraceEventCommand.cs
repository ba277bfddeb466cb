using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using SametimeAdmin.Common;
using SametimeAdmin.Diagnostics;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Streams SSO events out of Domino console.log (SSO API traces and SSO errors), WebSphere trace.log and
    /// SystemOut.log (LTPA validation, SECJ0371W) and Sametime Proxy logs (CLFRX messages), in constant memory.
    /// With -Request, the proxy's presence and buddy list requests in trace.log instead, with the errors that followed them.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SsoTraceEvent", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(SsoTraceEvent), typeof(ProxyRequestEvent))]
    public sealed class GetSsoTraceEventCommand : SametimeCmdlet, IDisposable
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const int ProgressId = 0x5353;
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();
        private readonly HashSet<string> seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        [Parameter]
        public SsoTraceSource[]? Source { get; set; }

        [Parameter]
        public SwitchParameter FailureOnly { get; set; }

        /// <summary>The proxy requests to report instead of SSO events.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public ProxyRequestKind[]? Request { get; set; }

        [Parameter]
        public LogDateOrder DateOrder { get; set; } = LogDateOrder.Auto;

        /// <summary>The offset of Domino times (console.log writes none); this machine's offset at each date when not given.</summary>
        [Parameter]
        public TimeSpan? UtcOffset { get; set; }

        protected override void BeginProcessing()
        {
            if (Request != null && Source != null)
            {
                ThrowFailure("RequestWithSource", FailureKind.InvalidArgument,
                    "-Request reports the proxy's requests of a WebSphere trace.log, not SSO events of a source: give -Request or -Source, not both.", null);
            }
        }

        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string pattern in literal ? LiteralPath : Path)
            {
                foreach (string file in ResolvePaths(pattern, literal))
                {
                    if (seen.Add(file))
                    {
                        TryRun(() => ReadFile(file), file);
                    }
                }
            }
        }

        protected override void StopProcessing() => stopping.Cancel();

        public void Dispose() => stopping.Dispose();

        private void ReadFile(string file)
        {
            if (Request != null)
            {
                ReadRequests(file);
                return;
            }

            WriteVerbose($"Reading SSO events from '{file}'.");
            var warnings = new List<string>();
            var sinceProgress = Stopwatch.StartNew();
            bool progressShown = false;
            void Progress(long position, long length)
            {
                if (sinceProgress.ElapsedMilliseconds < 500 || length <= 0)
                {
                    return;
                }

                sinceProgress.Restart();
                progressShown = true;
                WriteProgress(new ProgressRecord(ProgressId, "Reading SSO events", string.Format(CultureInfo.InvariantCulture, "{0}: {1:N0} of {2:N0} MB", file, position >> 20, length >> 20))
                {
                    PercentComplete = (int)Math.Min(100, position * 100 / length),
                });
            }

            int count = 0;
            foreach (var e in SsoTraceReader.Read(file, DateOrder, Progress, warnings, UtcOffset, stopping.Token))
            {
                if ((Source != null && !Source.Contains(e.Source)) || (FailureOnly && !e.IsFailure))
                {
                    continue;
                }

                count++;
                WriteObject(e);
            }

            if (progressShown)
            {
                WriteProgress(new ProgressRecord(ProgressId, "Reading SSO events", "Done") { RecordType = ProgressRecordType.Completed });
            }

            foreach (string warning in warnings)
            {
                WriteWarning(file + ": " + warning);
            }

            WriteVerbose($"'{file}': {count} event(s).");
        }

        private void ReadRequests(string file)
        {
            WriteVerbose($"Reading proxy requests ({string.Join(", ", Request!)}) from '{file}'.");
            var warnings = new List<string>();
            int count = 0;
            foreach (var r in ProxyRequestReader.Read(file, Request!, DateOrder, warnings, UtcOffset, stopping.Token))
            {
                if (FailureOnly && !r.HasErrors)
                {
                    continue;
                }

                count++;
                WriteObject(r);
            }

            foreach (string warning in warnings)
            {
                WriteWarning(file + ": " + warning);
            }

            WriteVerbose($"'{file}': {count} request(s).");
        }
    }
}
