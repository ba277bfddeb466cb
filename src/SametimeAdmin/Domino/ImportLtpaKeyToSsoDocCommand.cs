using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Imports WebSphere/Liberty LTPA keys into a Domino Web SSO Configuration document (what Keys > Import WebSphere
    /// LTPA Keys does in the Notes client) and sets the token format, DNS domain, realm, expiration and participating
    /// servers. Only items that differ are written; the previous state is backed up first.
    /// </summary>
    [Cmdlet(VerbsData.Import, "LtpaKeyToSsoDoc", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(WebSsoDocument))]
    public sealed class ImportLtpaKeyToSsoDocCommand : DominoStoreCmdlet, IDisposable
    {
        private const string InputObjectSet = "InputObject";
        private readonly LtpaKeyFiles keyFiles = new LtpaKeyFiles();
        private LtpaKeySet? keysFromFile;
        private WebSsoUpdate update = new WebSsoUpdate();
        private bool restartRequired;

        /// <summary>The ltpa.keys file exported from WebSphere or Liberty.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? KeyPath { get; set; }

        [Parameter]
        public SecureString? KeyPassword { get; set; }

        /// <summary>A key set from the pipeline (Get-LtpaKey, New-LtpaKey).</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public LtpaKeySet? KeySet { get; set; }

        /// <summary>Documents from Get-SsoDoc; the keys go into each, in the DXL export it was read from.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public WebSsoDocument[] InputObject { get; set; } = Array.Empty<WebSsoDocument>();

        /// <summary>The configuration name of the Web SSO document (LTPA_TokenName); -Name is the former name.</summary>
        [Parameter]
        [Alias("Name", "ConfigurationName")]
        [ValidateNotNullOrEmpty]
        public string SsoConfigurationName { get; set; } = WebSsoDocuments.DefaultName;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Organization { get; set; }

        /// <summary>LtpaToken, LtpaToken2 or Both; by default the document's own.</summary>
        [Parameter]
        public SsoTokenFormat? TokenFormat { get; set; }

        /// <summary>The DNS domain with its leading dot, e.g. .example.com.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DnsDomain { get; set; }

        /// <summary>The realm to record; by default the realm in the key file.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Realm { get; set; }

        [Parameter]
        [ValidateRange(1, 525600)]
        public int ExpirationMinutes { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ParticipatingServer { get; set; }

        /// <summary>Where DAS and Notes COM backups go (a DXL file is backed up beside itself).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupDirectory { get; set; }

        /// <summary>Send the update as POST with X-HTTP-Method-Override (Domino Access Services only).</summary>
        [Parameter(ParameterSetName = DasSet)]
        public SwitchParameter UseMethodOverride { get; set; }

        /// <summary>Lab only: send the decrypted keys to a Domino Access Services URL over plain http://.</summary>
        [Parameter(ParameterSetName = DasSet)]
        public SwitchParameter AllowUnencryptedKeyTransfer { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Backups kept per file or document; the oldest beyond this are deleted (only backups of this module's naming).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int BackupCount { get; set; } = AtomicFile.DefaultBackupCount;

        protected override bool SendsUpdatesAsPost => UseMethodOverride.IsPresent;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            update = new WebSsoUpdate
            {
                DnsDomain = DnsDomain,
                Realm = Realm,
                TokenFormat = TokenFormat,
                ExpirationMinutes = MyInvocation.BoundParameters.ContainsKey(nameof(ExpirationMinutes)) ? ExpirationMinutes : (int?)null,
                ParticipatingServers = ParticipatingServer,
            };
            RunOrThrow(() => { update.Validate(); return true; }, DnsDomain);
            if (KeyPath != null)
            {
                keysFromFile = RunOrThrow(() => keyFiles.Read(ResolveLiteralPath(KeyPath), KeyPassword, WriteVerbose), KeyPath);
                WriteVerbose($"Read the keys of '{KeyPath}': realm {keysFromFile.Realm}, public key {keysFromFile.PublicKeyFingerprint}");
            }
        }

        protected override void ProcessRecord()
        {
            if (keysFromFile != null && KeySet != null)
            {
                ThrowFailure("KeySourceAmbiguous", FailureKind.InvalidArgument, "Give either -KeyPath or a key set (-KeySet or the pipeline), not both.", KeyPath);
            }

            LtpaKeySet? keys = keysFromFile ?? KeySet;
            if (keys == null)
            {
                ThrowFailure("KeySourceMissing", FailureKind.InvalidArgument, "No keys to import: give -KeyPath with -KeyPassword, or pipe a key set (Get-LtpaKey).", null,
                    "Import-LtpaKeyToSsoDoc -KeyPath ltpa.keys -KeyPassword (Read-Host -AsSecureString) -Path names-websso.dxl -SsoConfigurationName LtpaToken2");
            }

            update.Keys = keys;
            var options = new DocumentUpdateOptions
            {
                BackupDirectory = BackupDirectory == null ? null : ResolveLiteralPath(BackupDirectory),
                BackupCount = BackupCount,
                HoldsSecrets = true,
            };
            if (UsesStoreParameters)
            {
                ForEachStore(store => ImportInto(store, options, SsoConfigurationName, Organization));
                return;
            }

            foreach (WebSsoDocument piped in InputObject)
            {
                ForEachOrigin(new[] { piped.Source }, store => ImportInto(store, options, piped.Name ?? SsoConfigurationName, piped.Organization));
            }
        }

        private void ImportInto(INotesDocumentStore store, DocumentUpdateOptions options, string name, string? organization)
        {
            DasDocumentStore.RequireEncryptedKeyTransfer(store, AllowUnencryptedKeyTransfer);
            var import = new WebSsoImport(update, Map, name, organization);
            var target = new NotesDocumentTarget<WebSsoDocument>(store, options);
            var plan = target.Plan(import);
            WebSsoDocument document = plan.Unchanged.Read;
            if (!plan.HasChanges)
            {
                WriteWarning($"{document.Describe()} already holds these keys and settings; nothing to change.");
                if (PassThru)
                {
                    WriteObject(WithRestartRequired(document, false));
                }

                return;
            }

            if (!ShouldProcess(plan.Target, plan.Action))
            {
                return;
            }

            if (!store.KeepsEncryption && (document.IsEncrypted || document.HasDominoKey))
            {
                WriteWarning($"{store.Location} cannot be told to encrypt items, so the keys may be stored unencrypted, while the Web SSO document is normally encrypted for its participating servers. Check the document in the Notes client afterwards, or import through a DXL export or Notes COM.");
            }

            if (store is DasDocumentStore das && !das.IsEncryptedTransport && import.ReplacesKeys(document))
            {
                WriteWarning($"{store.Location} uses plain HTTP: the decrypted LTPA keys travel unencrypted (-AllowUnencryptedKeyTransfer).");
            }

            if (store is DxlDocumentStore dxl)
            {
                // The DXL file now holds the decrypted keys: it and its backups become owner-only; say if it was not.
                foreach (string warning in OwnerOnlyFile.ExposureWarnings(dxl.Path))
                {
                    WriteWarning(warning);
                }
            }

            DocumentEdit<WebSsoDocument> result = target.Apply(plan);
            restartRequired |= result.Changed;
            foreach (string item in result.ChangedItems)
            {
                WriteVerbose($"Wrote {item} in {document.Describe()}");
            }

            if (result.BackupPath != null)
            {
                WriteVerbose($"The previous state is saved in {result.BackupPath}");
            }

            if (PassThru)
            {
                WriteObject(WithRestartRequired(WebSsoDocuments.FindOne(store, Map, name, organization), result.Changed));
            }
        }

        /// <summary>PowerShell disposes a cmdlet when its pipeline ends, also when it was stopped or failed.</summary>
        public void Dispose() => keyFiles.Dispose();

        protected override void EndProcessing()
        {
            base.EndProcessing();

            // Once per run, however many documents changed; never after a no-op.
            if (restartRequired)
            {
                WriteWarning("Restart the Domino servers that use the changed Web SSO document to put the keys and settings into effect (on a DXL export: import it into names.nsf first).");
            }
        }
    }
}
