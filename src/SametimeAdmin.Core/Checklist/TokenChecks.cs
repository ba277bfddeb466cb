using System.Collections.Generic;

namespace SametimeAdmin.Checklist
{
    /// <summary>Checklist heading "Tokens" of the guide.</summary>
    public sealed class TokenChecks : IChecklistArea
    {
        public string Name => ChecklistArea.Tokens;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            yield return new CheckDefinition("Tokens.Pending", ChecklistArea.Tokens, "Tokens", GuideSection.Checklist, ChecklistServer.All).NotAvailable("the LTPA key and Web SSO document readers");
        }
    }
}
