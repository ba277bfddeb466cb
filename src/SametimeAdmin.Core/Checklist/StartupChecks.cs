using System.Collections.Generic;

namespace SametimeAdmin.Checklist
{
    /// <summary>Checklist heading "Synchronization between Servers, and startup".</summary>
    public sealed class StartupChecks : IChecklistArea
    {
        public string Name => ChecklistArea.Startup;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            yield return new CheckDefinition("Startup.Pending", ChecklistArea.Startup, "Synchronization and startup", GuideSection.Checklist, ChecklistServer.All)
                .NotAvailable("the service status and SSO trace readers");
        }
    }
}
