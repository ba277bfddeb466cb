using System.Collections.Generic;

namespace SametimeAdmin.Checklist
{
    public sealed partial class EndUserAccessChecks
    {
        internal static readonly CheckDefinition Probe = new CheckDefinition("EndUserAccess.Awareness", ChecklistArea.EndUserAccess,
            "The Sametime Proxy answers the awareness path iNotes takes", GuideSection.NoAwareness, ChecklistServer.Proxy, ChecklistLink.INotesToProxy);

        private static IEnumerable<CheckResult> ProbeProxies(ChecklistContext context)
        {
            if (context.Environment.Proxy.Urls.Count == 0)
            {
                yield return Probe.Skip("No proxy URL is given (Proxy.Urls).");
                yield break;
            }

            yield return Probe.NotAvailable("the awareness probe");
        }
    }
}
