using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using System.Text;
using SametimeAdmin.Checklist;
using SametimeAdmin.Common;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Runs the guide's verification checklist and the cross-server checks against the artefacts of a site.
    /// The output stream holds only the results, as they are found (so it exports as one row per check); the
    /// summary comes alone with -Summary, or into a variable with -SummaryVariable; -Quiet returns only true or false.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "SsoChecklist", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ObjectsSet)]
    [OutputType(typeof(CheckResult), ParameterSetName = new[] { ObjectsSet })]
    [OutputType(typeof(ChecklistSummary), ParameterSetName = new[] { SummarySet })]
    [OutputType(typeof(bool), ParameterSetName = new[] { QuietSet })]
    public sealed class InvokeSsoChecklistCommand : EnvironmentCmdlet
    {
        private const string ObjectsSet = "Objects";
        private const string SummarySet = "Summary";
        private const string QuietSet = "Quiet";

        /// <summary>The password of the ltpa.keys file named by -KeyPath or the environment's Proxy.LtpaKeys.</summary>
        [Parameter]
        [Alias("LtpaKeyPassword")]
        public SecureString? KeyPassword { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TestUser { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HtmlReport { get; set; }

        [Parameter]
        public SwitchParameter Offline { get; set; }

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter]
        [ValidateRange(1, 300)]
        public int TimeoutSeconds { get; set; } = 10;

        [Parameter(Mandatory = true, ParameterSetName = SummarySet)]
        public SwitchParameter Summary { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = QuietSet)]
        public SwitchParameter Quiet { get; set; }

        /// <summary>The name (without $) of a variable in the caller's scope that receives the summary, as -OutVariable does.</summary>
        [Parameter(ParameterSetName = ObjectsSet)]
        [Parameter(ParameterSetName = QuietSet)]
        [ValidateNotNullOrEmpty]
        public string? SummaryVariable { get; set; }

        protected override SsoEnvironment AddParameters(SsoEnvironment parameters) =>
            parameters with { Client = new ClientDescription { TestUser = TestUser } };

        protected override void ProcessRecord()
        {
            var env = LoadEnvironment();
            byte[]? password = KeyPassword == null ? null : ToUtf8Bytes(KeyPassword);
            try
            {
                Run(env, NewOptions(Offline, password, Credential, SkipCertificateCheck, TimeoutSeconds));
            }
            finally
            {
                if (password != null)
                {
                    Array.Clear(password, 0, password.Length);
                }
            }
        }

        private void Run(SsoEnvironment env, ChecklistOptions options)
        {
            string? reportPath = HtmlReport == null ? null : ResolveLiteralPath(HtmlReport);
            WriteVerbose($"Running the SSO checklist for '{env.Name}'{(options.Offline ? " (offline: no network checks)" : string.Empty)}.");

            var started = DateTimeOffset.Now;
            var results = new List<CheckResult>();
            var runner = new ChecklistRunner();
            int areaIndex = 0;
            string? lastArea = null;
            Inventory.SiteInventory inventory;
            using (var context = new ChecklistContext(env, options))
            {
                foreach (var result in runner.Run(context))
                {
                    if (result.Area != lastArea)
                    {
                        lastArea = result.Area;
                        areaIndex++;
                        WriteProgress(new ProgressRecord(1, "SSO checklist", result.Area) { PercentComplete = Math.Min(100, areaIndex * 100 / Math.Max(1, runner.Areas.Count)) });
                    }

                    results.Add(result);
                    if (ParameterSetName == ObjectsSet)
                    {
                        WriteObject(result);
                    }
                }

                inventory = InventoryChecks.Of(context);
            }

            WriteProgress(new ProgressRecord(1, "SSO checklist", "Done") { RecordType = ProgressRecordType.Completed });
            var summary = new ChecklistSummary(env.Name, results, started, DateTimeOffset.Now - started);

            if (reportPath != null && ShouldProcess(reportPath, "Write the HTML checklist report"))
            {
                string html = Checklist.HtmlReport.Render(env, results, summary, inventory: inventory);
                if (TryRun(() => AtomicFile.Write(reportPath, new UTF8Encoding(false).GetBytes(html), backup: false), HtmlReport))
                {
                    summary.HtmlReportPath = reportPath;
                    WriteVerbose($"HTML report written to {reportPath}.");
                }
            }

            foreach (var failed in results.FindAll(r => r.Status == CheckStatus.Failed))
            {
                WriteVerbose($"FAILED {failed.Id}: {failed.Evidence}");
            }

            WriteVerbose($"SSO checklist '{env.Name}': {summary} (exit code {summary.ExitCode}).");
            if (SummaryVariable != null)
            {
                SessionState.PSVariable.Set(SummaryVariable, summary);
            }

            if (ParameterSetName == QuietSet)
            {
                WriteObject(summary.Success);
            }
            else if (ParameterSetName == SummarySet)
            {
                WriteObject(summary);
            }
        }
    }
}
