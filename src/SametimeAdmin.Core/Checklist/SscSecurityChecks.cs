using System.Collections.Generic;

namespace SametimeAdmin.Checklist
{
    /// <summary>Checklist heading "SSC Security Settings" of the guide.</summary>
    public sealed class SscSecurityChecks : IChecklistArea
    {
        public string Name => ChecklistArea.SscSecurity;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            yield return new CheckDefinition("SscSecurity.Pending", ChecklistArea.SscSecurity, "SSC Security Settings", GuideSection.Checklist, ChecklistServer.All).NotAvailable("the WebSphere security configuration reader");
        }
    }
}
