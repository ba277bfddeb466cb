using System;
using System.Management.Automation;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Sets the Web SSO Configuration field of a Server document and the Sametime Proxy Server URL of a Configuration
    /// document (iNotes tab), with -WhatIf, a backup and a check that nothing changed the document since it was read.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "DominoServerDoc", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    public sealed class SetDominoServerDocCommand : DominoStoreCmdlet
    {
        private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(15);
        private bool restartHttp;
        private bool restartServer;

        /// <summary>The server whose documents change (needed when the store holds several).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ServerName { get; set; }

        /// <summary>Web SSO configuration name for the Server document (Internet Protocols > Domino Web Engine).</summary>
        [Parameter]
        [Alias("SsoConfiguration", "ConfigurationName")]
        [ValidateNotNullOrEmpty]
        public string? SsoConfigurationName { get; set; }

        /// <summary>Sametime Proxy Server URL for the Configuration document (iNotes > Instant Messaging).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SametimeProxyUrl { get; set; }

        /// <summary>Folder for the backup of a server-side document (DAS, Notes COM); a DXL file is backed up beside itself.</summary>
        [Parameter(ParameterSetName = DasSet)]
        [Parameter(ParameterSetName = NotesSet)]
        [ValidateNotNullOrEmpty]
        public string? BackupDirectory { get; set; }

        /// <summary>Backups kept per file or document.</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int BackupCount { get; set; } = AtomicFile.DefaultBackupCount;

        /// <summary>Send the update as POST with X-HTTP-Method-Override (Domino Access Services only).</summary>
        [Parameter(ParameterSetName = DasSet)]
        public SwitchParameter UseMethodOverride { get; set; }

        protected override bool SendsUpdatesAsPost => UseMethodOverride.IsPresent;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (SsoConfigurationName == null && SametimeProxyUrl == null)
            {
                ThrowFailure("NothingToSet", FailureKind.InvalidArgument, "Give -SsoConfigurationName, -SametimeProxyUrl or both: there is nothing to set.", null);
            }

            // Refuse a bad URL before any store is opened.
            if (SametimeProxyUrl != null)
            {
                RunOrThrow(() => new SametimeProxyUrlChange(Map, ServerName, SametimeProxyUrl), SametimeProxyUrl);
            }
        }

        protected override void ProcessRecord()
        {
            var options = new DocumentUpdateOptions { BackupDirectory = BackupDirectory == null ? null : ResolveLiteralPath(BackupDirectory), BackupCount = BackupCount };
            ForEachStore(store =>
            {
                if (SsoConfigurationName != null)
                {
                    var edit = ServerDocumentEditor.SetSsoConfiguration(store, Map, ServerName, SsoConfigurationName, (t, a) => ShouldProcess(t, a), options, LockTimeout);
                    Report(edit?.Changed, edit?.BackupPath, edit?.Read.Describe(), "Web SSO Configuration is already " + SsoConfigurationName);
                    restartHttp |= edit?.Changed == true;
                }

                if (SametimeProxyUrl != null)
                {
                    var edit = ServerDocumentEditor.SetSametimeProxyUrl(store, Map, ServerName, SametimeProxyUrl, (t, a) => ShouldProcess(t, a), options, LockTimeout);
                    Report(edit?.Changed, edit?.BackupPath, edit?.Read.Describe(), "Sametime Proxy Server URL is already " + SametimeProxyUrl);
                    restartServer |= edit?.Changed == true;
                }
            });
        }

        protected override void EndProcessing()
        {
            try
            {
                if (restartServer)
                {
                    WriteWarning("Replicate names.nsf to the iNotes server and restart it for the Sametime Proxy Server URL to take effect (" + DominoConsoleCommand.CmdletName + " -RestartServer; on a DXL export: import it first).");
                }
                else if (restartHttp)
                {
                    WriteWarning("Replicate names.nsf and restart HTTP on the server for the Web SSO configuration to take effect (" + DominoConsoleCommand.CmdletName + " -RestartHttp; on a DXL export: import it first).");
                }
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void Report(bool? changed, string? backup, string? document, string already)
        {
            if (changed == false)
            {
                WriteVerbose($"{document}: the {already}; nothing to change.");
            }
            else if (changed == true && backup != null)
            {
                WriteVerbose($"The previous state of {document} is saved in {backup}");
            }
        }
    }
}
