using System.Collections.Generic;

namespace SametimeAdmin.Checklist
{
    /// <summary>Checklist heading "Configuration Documents" of the guide.</summary>
    public sealed class ConfigurationDocumentChecks : IChecklistArea
    {
        public string Name => ChecklistArea.ConfigurationDocuments;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            yield return new CheckDefinition("ConfigurationDocuments.Pending", ChecklistArea.ConfigurationDocuments, "Configuration Documents", GuideSection.Checklist, ChecklistServer.All).NotAvailable("the Domino document and configuration file readers");
        }
    }
}
