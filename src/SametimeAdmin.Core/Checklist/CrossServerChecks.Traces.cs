namespace SametimeAdmin.Checklist
{
    public sealed partial class CrossServerChecks
    {
        private static CheckResult CheckTraceConfigName(ChecklistContext context) => TraceConfigName.NotAvailable("the SSO trace reader");
    }
}
