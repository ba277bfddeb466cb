using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SametimeAdmin.Diagnostics;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Checklist
{
    /// <summary>Checklist heading "End User Access": web clients log in, show awareness and the contact list.</summary>
    public sealed partial class EndUserAccessChecks : IChecklistArea
    {
        internal static readonly CheckDefinition Capture = new CheckDefinition("EndUserAccess.Capture", ChecklistArea.EndUserAccess,
            "A captured iNotes session logs in to the proxy by token and loads awareness and the contact list", GuideSection.LoginFailures + "; " + GuideSection.NoAwareness, ChecklistServer.Browser, ChecklistLink.INotesToProxy);

        public string Name => ChecklistArea.EndUserAccess;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            foreach (var result in ProbeProxies(context))
            {
                yield return result;
            }

            yield return OpenMailFile(context);

            foreach (var path in context.Environment.Client.Captures)
            {
                yield return CheckCapture(context, path);
            }
        }

        /// <summary>Runs the capture analyser (Test-SsoCapture) on a HAR or SAZ capture: one result from all its findings.</summary>
        internal static CheckResult CheckCapture(ChecklistContext context, string path)
        {
            var def = Capture.For(Path.GetFileName(path), Capture.Check + " (" + Path.GetFileName(path) + ")");
            string? problem = ChecklistContext.FileProblem(path, "The capture");
            if (problem != null)
            {
                return def.Fail(problem, "Capture the session again (Fiddler or the browser's developer tools, saved as HAR or .saz) and point Client.Captures at it.");
            }

            // The tokens are checked with every key the site gives (proxy, Web SSO documents): a foreign token fails.
            var keys = SiteArtefacts.TokenKeys(context);
            var loaded = context.Load("capture:" + path, () => new List<SsoCaptureFinding>(new CaptureAnalyser(keys.Value?.Reader).Analyse(path)));
            if (loaded.Value == null)
            {
                return def.Fail(loaded.Problem!, "Save the capture as HAR (JSON) or as a Fiddler session archive (.saz).");
            }

            // Every finding counts, not only the first: the evidence lists what was seen, the fix what to do about each problem.
            var findings = loaded.Value;
            string evidence = string.Join("; ", findings.Where(f => f.Severity >= FindingSeverity.Ok && f.Severity != FindingSeverity.Info).Select(f => f.Message.TrimEnd('.'))) + "." +
                (findings.Any(f => f.Rule == "Token" && f.Severity != FindingSeverity.Skipped) || keys.Value?.Reader == null && findings.Any(f => f.Rule == "Token")
                    ? " " + (keys.Value?.Describe() ?? "Tokens not verified: " + keys.Problem)
                    : string.Empty);
            var worst = findings.Where(f => f.Severity >= FindingSeverity.Warning).Select(f => f.Severity).DefaultIfEmpty(FindingSeverity.Ok).Max();
            string fixes = string.Join(" ", findings.Where(f => f.Severity == worst && f.Fix != null).Select(f => f.Fix).Distinct(StringComparer.Ordinal));
            return worst == FindingSeverity.Error ? def.Fail(evidence, fixes)
                : worst == FindingSeverity.Warning ? def.Warn(evidence, fixes)
                : def.Pass(evidence);
        }
    }
}
