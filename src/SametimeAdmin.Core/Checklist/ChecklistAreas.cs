using System.Collections.Generic;

namespace SametimeAdmin.Checklist
{
    /// <summary>The checklist areas in the order the guide lists them, then the cross-server checks.</summary>
    public static class ChecklistAreas
    {
        public static IReadOnlyList<IChecklistArea> All { get; } = new IChecklistArea[]
        {
            new TokenChecks(),
            new ConfigurationDocumentChecks(),
            new ReplicationChecks(),
            new StartupChecks(),
            new SscSecurityChecks(),
            new EndUserAccessChecks(),
            new CrossServerChecks(),
            new InventoryChecks(),
            new Sametime12Checks(),
        };
    }
}
