using System.Linq;
using System.Management.Automation;
using SametimeAdmin.Checklist;
using SametimeAdmin.Common;
using SametimeAdmin.Inventory;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Get-SsoInventory: the component versions, the proxy profile's ports, the realm and LDAP servers of each cell's
    /// wimconfig.xml and the LDAP sessions of a site (guide 2.2-2.4, 4.1), from its environment description or from
    /// single files given as parameters.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SsoInventory")]
    [OutputType(typeof(InventoryItem))]
    public sealed class GetSsoInventoryCommand : EnvironmentCmdlet
    {
        /// <summary>ErrorId when neither the description nor the parameters name an inventory file.</summary>
        public const string ErrorNothing = "InventoryNothingToRead";

        /// <summary>ErrorId of a named file that could not be read (the others are still read).</summary>
        public const string ErrorUnreadable = "InventoryFileUnreadable";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ProxyVersionFile { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AboutThisProfile { get; set; }

        [Parameter]
        [Alias("ProxyWimConfig")]
        [ValidateNotNullOrEmpty]
        public string? WimConfig { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SscWimConfig { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? CommunityVersionFile { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? LdapConsoleLog { get; set; }

        protected override SsoEnvironment AddParameters(SsoEnvironment parameters) => parameters with
        {
            Proxy = parameters.Proxy with { VersionFiles = Paths(ProxyVersionFile), AboutThisProfile = Path(AboutThisProfile), WimConfig = Path(WimConfig) },
            Ssc = parameters.Ssc with { WimConfig = Path(SscWimConfig) },
            Community = parameters.Community.Select(s => s with { VersionFiles = Paths(CommunityVersionFile) }).ToList(),
            Ldap = parameters.Ldap with { ConsoleLogs = Paths(LdapConsoleLog) },
        };

        protected override void ProcessRecord()
        {
            var inventory = SiteInventory.Collect(LoadEnvironment());
            if (inventory.Sources.Count == 0)
            {
                ThrowFailure(ErrorNothing, FailureKind.InvalidArgument,
                    "No inventory file is named: give an environment description with version files, AboutThisProfile, WimConfig or console logs, or name the files with the parameters.",
                    EnvironmentPath, "Add Proxy.VersionFile, Proxy.AboutThisProfile, Proxy.WimConfig, Ssc.WimConfig, a server's VersionFile or ConsoleLog, or Ldap.ConsoleLog, or use -ProxyVersionFile, -AboutThisProfile, -WimConfig ...");
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

        private string[] Paths(string[]? paths) => paths == null ? System.Array.Empty<string>() : paths.Select(ResolveLiteralPath).ToArray();

        private string? Path(string? path) => path == null ? null : ResolveLiteralPath(path);
    }
}
