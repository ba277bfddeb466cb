using System.Linq;
using System.Management.Automation;
using SametimeAdmin.Checklist;
using SametimeAdmin.Common;
using SametimeAdmin.Inventory;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Get-SsoInventory: the component versions, the proxy profile's ports, the realm and LDAP servers of each cell's
    /// wimconfig.xml, the LDAP servers of security.xml, server.xml and Directory Assistance, and the LDAP sessions of a
    /// site (guide 2.2-2.4, 4.1), from its environment description or from single files given as parameters (the
    /// inventory parameters are EnvironmentCmdlet's, shared with Invoke-SsoChecklist and Save-StMustGather).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SsoInventory")]
    [OutputType(typeof(InventoryItem))]
    public sealed class GetSsoInventoryCommand : EnvironmentCmdlet
    {
        /// <summary>ErrorId when neither the description nor the parameters name an inventory file.</summary>
        public const string ErrorNothing = "InventoryNothingToRead";

        /// <summary>ErrorId of a named file that could not be read (the others are still read).</summary>
        public const string ErrorUnreadable = "InventoryFileUnreadable";

        protected override void ProcessRecord()
        {
            var inventory = SiteInventory.Collect(LoadEnvironment());
            if (inventory.Sources.Count == 0)
            {
                ThrowFailure(ErrorNothing, FailureKind.InvalidArgument,
                    "No inventory file is named: give an environment description with version files, AboutThisProfile, WimConfig, SecurityXml, DirectoryAssistanceDocument or console logs, or name the files with the parameters.",
                    EnvironmentPath, "Add Proxy.VersionFile, Proxy.AboutThisProfile, Proxy.WimConfig, Ssc.WimConfig, Ssc.SecurityXml, a server's VersionFile, ConsoleLog or DirectoryAssistanceDocument, or Ldap.ConsoleLog, or use -ProxyVersionFile, -AboutThisProfile, -WimConfig, -SecurityXml, -DirectoryAssistanceDocument ...");
            }

            foreach (var source in inventory.Sources)
            {
                if (source.Problem != null)
                {
                    WriteFailure(ErrorUnreadable, FailureKind.ReadError, source.Problem, source.Path, $"Copy the {source.What} of {source.Server} again, or remove it from the description.");
                    continue;
                }

                foreach (var item in source.Items)
                {
                    WriteObject(item);
                }
            }
        }
    }
}
