using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Base of the trusted-IP cmdlets: the store parameters of every Domino cmdlet, with stconfig.nsf as the Notes COM
    /// database, and the addresses collected from the pipeline and applied once per document at the end.
    /// </summary>
    public abstract class TrustedIpCmdlet : DominoStoreCmdlet
    {
        private readonly List<TrustedAddress> addresses = new List<TrustedAddress>();
        private readonly Dictionary<string, List<TrustedAddress>> piped = new Dictionary<string, List<TrustedAddress>>(StringComparer.Ordinal);
        private int refused;
        private bool restartRequired;

        protected TrustedIpCmdlet()
        {
            Database = "stconfig.nsf";
        }

        /// <summary>The addresses: IPv4 or IPv6, several per value when separated by ';' or ','; host names with -Resolve.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = DasSet)]
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NotesSet)]
        [Alias("Address", "IP")]
        [ValidateNotNullOrEmpty]
        public string[] IPAddress { get; set; } = Array.Empty<string>();

        /// <summary>Look host names up in DNS and use their addresses.</summary>
        [Parameter]
        public SwitchParameter Resolve { get; set; }

        /// <summary>Folder for the backup of a server-side document (DAS, Notes COM); a DXL file is backed up beside itself.</summary>
        [Parameter(ParameterSetName = DasSet)]
        [Parameter(ParameterSetName = NotesSet)]
        [ValidateNotNullOrEmpty]
        public string? BackupDirectory { get; set; }

        /// <summary>Send the update as POST with X-HTTP-Method-Override (Domino Access Services only).</summary>
        [Parameter(ParameterSetName = DasSet)]
        public SwitchParameter UseMethodOverride { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Backups kept per file or document; the oldest beyond this are deleted (only backups of this module's naming).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int BackupCount { get; set; } = AtomicFile.DefaultBackupCount;

        protected override bool SendsUpdatesAsPost => UseMethodOverride.IsPresent;

        /// <summary>How long to wait for another writer of the same DXL file.</summary>
        protected static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(15);

        protected IReadOnlyList<TrustedAddress> Collected => addresses;

        /// <summary>Parses one value from the parameter or the pipeline (a value may itself be a ';'/','-separated list).</summary>
        protected void Collect(bool literalFallback)
        {
            foreach (string token in IPAddress.SelectMany(TrustedIpList.SplitEntries))
            {
                bool ok = TryRun(() =>
                {
                    try
                    {
                        foreach (TrustedAddress address in TrustedAddress.ParseInput(token, Resolve))
                        {
                            if (address.ResolvedFrom != null)
                            {
                                WriteVerbose($"{address.ResolvedFrom} resolves to {address.Text}");
                            }

                            addresses.Add(address);
                        }
                    }
                    catch (SametimeAdminException ex) when (literalFallback && ex.ErrorId == "InvalidTrustedIp")
                    {
                        // Removal may name an odd entry exactly as it is stored (a pattern someone typed in by hand).
                        addresses.Add(TrustedAddress.FromDocument(token));
                    }
                }, token);
                if (!ok)
                {
                    refused++;
                }
            }
        }

        /// <summary>Collects an entry piped from Get-TrustedIp: its address, exactly as stored, for the document it came from.</summary>
        protected void CollectEntry(TrustedIpEntry entry)
        {
            if (!piped.TryGetValue(entry.Location, out List<TrustedAddress>? list))
            {
                piped[entry.Location] = list = new List<TrustedAddress>();
            }

            list.Add(TrustedAddress.FromDocument(entry.IPAddress));
        }

        /// <summary>Applies the collected addresses to every store (or the piped entries to their own documents), once per document, and reports the outcome.</summary>
        protected void ApplyToStores(bool adding, bool allowCreateItem)
        {
            if (refused > 0)
            {
                WriteWarning($"Nothing was changed: {refused} value(s) were refused (see the errors above). Correct them and run the command again.");
                return;
            }

            var options = new DocumentUpdateOptions { BackupDirectory = BackupDirectory == null ? null : ResolveLiteralPath(BackupDirectory), BackupCount = BackupCount };
            foreach (KeyValuePair<string, List<TrustedAddress>> origin in piped)
            {
                ForEachOrigin(new[] { origin.Key }, store => ApplyToStore(store, origin.Value.Distinct().ToArray(), adding, allowCreateItem, options));
            }

            if (addresses.Count > 0)
            {
                TrustedAddress[] distinct = addresses.Distinct().ToArray();
                ForEachStore(store => ApplyToStore(store, distinct, adding, allowCreateItem, options));
            }

            // Once per run, however many documents changed; never after a no-op.
            if (restartRequired)
            {
                WriteWarning("Restart the Sametime Community Server for the trusted IPs to take effect (on a DXL export: import it into stconfig.nsf first).");
            }
        }

        private void ApplyToStore(INotesDocumentStore store, TrustedAddress[] distinct, bool adding, bool allowCreateItem, DocumentUpdateOptions options)
        {
            TrustedIpEditResult? result = TrustedIpEditor.Apply(store, Map,
                adding ? distinct : Array.Empty<TrustedAddress>(), adding ? Array.Empty<TrustedAddress>() : distinct,
                allowCreateItem, (target, action) => ShouldProcess(target, action), options, LockTimeout);
            if (result == null)
            {
                return;
            }

            string where = "the Community Trusted IPs of " + result.Document.Document.Describe();
            foreach (TrustedIpOutcome outcome in result.Outcomes)
            {
                if (outcome.Action == TrustedIpAction.AlreadyPresent)
                {
                    WriteWarning($"{outcome.Address.Text} is already in {where}; nothing to add.");
                }
                else if (outcome.Action == TrustedIpAction.NotPresent)
                {
                    WriteWarning($"{outcome.Address.Text} is not in {where}; nothing to remove.");
                }
            }

            if (result.Changed)
            {
                restartRequired = true;
                if (result.BackupPath != null)
                {
                    WriteVerbose($"The previous state is saved in {result.BackupPath}");
                }
            }

            if (PassThru)
            {
                foreach (TrustedIpEntry entry in TrustedIpEntry.ListOf(result.Document))
                {
                    WriteObject(WithRestartRequired(entry, result.Changed));
                }
            }
        }
    }
}
