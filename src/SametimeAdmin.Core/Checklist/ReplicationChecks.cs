using System.Collections.Generic;

namespace SametimeAdmin.Checklist
{
    /// <summary>Checklist heading "Replication Conflicts" of the guide.</summary>
    public sealed class ReplicationChecks : IChecklistArea
    {
        public string Name => ChecklistArea.ReplicationConflicts;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            yield return new CheckDefinition("ReplicationConflicts.Pending", ChecklistArea.ReplicationConflicts, "Replication Conflicts", GuideSection.Checklist, ChecklistServer.All).NotAvailable("the Domino document reader");
        }
    }
}
