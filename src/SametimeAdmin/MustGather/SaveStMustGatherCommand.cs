using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using SametimeAdmin.Checklist;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;
using SametimeAdmin.MustGather;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Collects the guide's must-gather set of a site into one zip with a manifest; secrets are redacted unless
    /// -NoRedaction is given.
    /// </summary>
    [Cmdlet(VerbsData.Save, "StMustGather", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MustGatherResult))]
    public sealed class SaveStMustGatherCommand : EnvironmentCmdlet
    {
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string DestinationPath { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter NoRedaction { get; set; }

        [Parameter]
        public SwitchParameter SkipChecklist { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>When the problem was reproduced (guide 4.4), recorded in the environment overview.</summary>
        [Parameter]
        public DateTime? ReproductionTime { get; set; }

        /// <summary>The user name used to reproduce the problem (guide 4.4), recorded in the environment overview.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ReproductionUser { get; set; }

        protected override void ProcessRecord()
        {
            var env = LoadEnvironment();
            // The site's item map with -ItemMap over it: renamed key items are redacted under their new names too.
            DominoItemMap map = env.ItemMap;
            string destination = ResolveLiteralPath(DestinationPath);
            DateTimeOffset? reproduced = ReproductionTime.HasValue ? new DateTimeOffset(ReproductionTime.Value) : (DateTimeOffset?)null;
            if (reproduced > DateTimeOffset.Now)
            {
                ThrowFailure("ReproductionTimeInFuture", FailureKind.InvalidArgument,
                    "-ReproductionTime " + reproduced.Value.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) + " is later than now: give the time the problem was reproduced.", ReproductionTime);
            }

            if (!ShouldProcess(destination, "Write the must-gather archive" + (NoRedaction ? " WITHOUT redaction" : string.Empty)))
            {
                return;
            }

            if (NoRedaction)
            {
                WriteWarning("Redaction is OFF: the archive will contain LTPA keys, Domino secrets, passwords and SSO tokens as they are in the files. Share it only over a channel fit for secrets, and delete it after use.");
            }

            var result = RunOrThrow(() =>
            {
                using (var archive = new MustGatherArchive(destination, Force, !NoRedaction, map))
                {
                    var collected = DateTimeOffset.Now;
                    MustGatherCollector.AddEnvironmentFiles(archive, env);
                    MustGatherCollector.AddDefaultLogs(archive, env, DefaultLogLocations.Guide(System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows)));
                    var reproduction = new MustGatherCollector.ReproductionFacts(reproduced, ReproductionUser ?? env.Client.TestUser);
                    archive.AddText("environment-overview.txt", MustGatherCollector.Overview(env, collected, reproduction), "environment overview (servers, host names, addresses, reproduction time and user)");
                    using (var context = new ChecklistContext(env, NewOptions(true, null, Credential, false, 10)))
                    {
                        MustGatherCollector.AddSiteSummaries(archive, context);
                    }

                    if (SkipChecklist)
                    {
                        archive.AddMissing("checklist result", null, "skipped with -SkipChecklist");
                    }
                    else
                    {
                        var started = DateTimeOffset.Now;
                        var results = RunChecklist(env, NewOptions(true, null, Credential, false, 10));
                        var summary = new ChecklistSummary(env.Name, results, started, DateTimeOffset.Now - started);
                        archive.AddText("checklist.json", MustGatherCollector.ChecklistJson(results, summary), "checklist result (offline: files only)");
                        archive.AddText("checklist.html", HtmlReport.Render(env, results, summary, archive.Redactor), "checklist report");
                    }

                    return archive.Complete(env.Name, ModuleVersion);
                }
            }, DestinationPath);

            foreach (var item in result.Missing)
            {
                WriteVerbose($"Not collected: {item.Artefact}{(item.Path != null ? " (" + item.Path + ")" : string.Empty)}: {item.Reason}");
            }

            WriteObject(result);
        }
    }
}
