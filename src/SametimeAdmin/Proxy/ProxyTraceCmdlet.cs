using System.Management.Automation;
using SametimeAdmin.Common;
using SametimeAdmin.Proxy;

namespace SametimeAdmin.Commands
{
    /// <summary>Base of Enable-/Disable-ProxySecurityTrace: -Path/-LiteralPath, -PassThru, -BackupCount and the outcome messages.</summary>
    public abstract class ProxyTraceCmdlet : ConfigFileCmdlet
    {
        private bool restartRequired;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Backups of the server.xml kept; the oldest beyond this are deleted.</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int BackupCount { get; set; } = AtomicFile.DefaultBackupCount;

        /// <summary>Runs <paramref name="edit"/> (Enable or Disable in the core) for every file and reports it.</summary>
        protected void EditEach(System.Func<string, System.Func<string, bool>, ProxyTraceEdit?> edit)
        {
            foreach (string file in TargetFiles())
            {
                ProxyTraceEdit? result = null;
                if (!TryRun(() => result = edit(file, description => ShouldProcess(file, description)), file) || result == null)
                {
                    continue;
                }

                switch (result.Action)
                {
                    case ProxyTraceAction.Unchanged:
                        WriteWarning($"{result.Attribute} is already '{result.Value}' in '{result.Path}'; nothing changed.");
                        break;
                    case ProxyTraceAction.NotEnabled:
                        WriteWarning($"'{result.Path}' has no security trace to turn off ({result.Attribute} is {(result.Value == null ? "not set" : "'" + result.Value + "'")}); nothing changed.");
                        break;
                    default:
                        WriteVerbose($"Changed '{result.Path}'; the previous content is in '{result.BackupPath}'.");
                        break;
                }

                restartRequired |= result.RestartRequired;
                if (PassThru)
                {
                    WriteObject(result);
                }
            }
        }

        protected override void EndProcessing()
        {
            if (restartRequired)
            {
                WriteWarning("WebSphere reads startupTraceSpecification when the server starts: restart the Sametime Proxy server, or set the same specification at run time in the SSC " +
                    "(Troubleshooting > Logs and trace > <server> > Change log detail levels > Runtime). Liberty applies server.xml changes without a restart.");
            }
        }
    }
}
