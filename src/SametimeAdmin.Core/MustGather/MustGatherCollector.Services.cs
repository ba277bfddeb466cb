using Newtonsoft.Json;
using SametimeAdmin.Checklist;

namespace SametimeAdmin.MustGather
{
    public static partial class MustGatherCollector
    {
        private static void AddServiceStatus(MustGatherArchive archive, ChecklistContext context, JsonSerializerSettings settings) =>
            archive.AddMissing("service status", null, "not available: the service status reader is not part of this build");
    }
}
