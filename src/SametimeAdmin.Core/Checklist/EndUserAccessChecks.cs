using System.Collections.Generic;

namespace SametimeAdmin.Checklist
{
    /// <summary>Checklist heading "End User Access" of the guide.</summary>
    public sealed class EndUserAccessChecks : IChecklistArea
    {
        public string Name => ChecklistArea.EndUserAccess;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            yield return new CheckDefinition("EndUserAccess.Pending", ChecklistArea.EndUserAccess, "End User Access", GuideSection.Checklist, ChecklistServer.All).NotAvailable("the awareness probe");
        }
    }
}
