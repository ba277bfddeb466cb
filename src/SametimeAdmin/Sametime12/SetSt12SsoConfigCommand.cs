using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using SametimeAdmin.Sametime12;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Writes the Sametime 12 settings iNotes/Verse single sign-on needs: Docker/Podman env files (line by line), the
    /// compose override file and the key file copy; a Helm -f override values file for Kubernetes; the manual step on Windows.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "St12SsoConfig", DefaultParameterSetName = FolderSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(St12Change))]
    public sealed class SetSt12SsoConfigCommand : SametimeCmdlet
    {
        private const string FolderSet = "Folder";
        private const string HelmSet = "Helm";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = FolderSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter(ParameterSetName = FolderSet)]
        [ValidateSet(nameof(St12InstallKind.Docker), nameof(St12InstallKind.Windows))]
        public string Kind { get; set; } = nameof(St12InstallKind.Docker);

        [Parameter(Mandatory = true, ParameterSetName = HelmSet)]
        [ValidateNotNullOrEmpty]
        public string HelmValuesPath { get; set; } = string.Empty;

        [Parameter(ParameterSetName = HelmSet)]
        [ValidateNotNullOrEmpty]
        public string[] ValuesPath { get; set; } = Array.Empty<string>();

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? KeyFile { get; set; }

        [Parameter]
        public SecureString? KeyPassword { get; set; }

        [Parameter(ParameterSetName = FolderSet)]
        [ValidateNotNullOrEmpty]
        public string? KeyFileHostPath { get; set; }

        [Parameter(ParameterSetName = FolderSet)]
        public SwitchParameter CopyKeyFile { get; set; }

        [Parameter]
        [ValidateRange(1, 525600)]
        public int? DurationMinutes { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Realm { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] FrameAncestor { get; set; } = Array.Empty<string>();

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] CorsOrigin { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = FolderSet)]
        public SwitchParameter ExternalIntegration { get; set; }

        [Parameter]
        public Hashtable? NameMap { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == FolderSet && Kind == nameof(St12InstallKind.Windows))
            {
                St12Change step = St12Writer.WindowsManualStep(ResolveLiteralPath(Path));
                WriteWarning(step.Value);
                if (PassThru)
                {
                    WriteObject(step);
                }

                return;
            }

            byte[]? password = KeyPassword == null ? null : ToUtf8Bytes(KeyPassword);
            try
            {
                IReadOnlyList<St12Change> changes = Array.Empty<St12Change>();
                string target = ParameterSetName == HelmSet ? HelmValuesPath : Path;
                bool ok = TryRun(() =>
                {
                    var settings = new St12SsoSettings
                    {
                        KeyFile = KeyFile == null ? null : ResolveLiteralPath(KeyFile),
                        KeyPassword = password,
                        KeyFileHostPath = KeyFileHostPath,
                        CopyKeyFile = CopyKeyFile,
                        DurationMinutes = DurationMinutes,
                        Realm = Realm,
                        FrameAncestorOrigins = FrameAncestor,
                        CorsOrigins = CorsOrigin,
                        ExternalIntegration = ExternalIntegration,
                        Names = St12Parameters.Names(NameMap),
                    };
                    changes = ParameterSetName == HelmSet
                        ? St12Writer.WriteHelmOverride(ResolveLiteralPath(HelmValuesPath), settings, ValuesPath.Select(ResolveLiteralPath).ToList(), ShouldProcess)
                        : St12Writer.WriteDocker(ResolveLiteralPath(Path), settings, ShouldProcess);
                }, target);
                if (!ok)
                {
                    return;
                }

                if (ParameterSetName == HelmSet && changes.Any(c => c.Changed))
                {
                    WriteVerbose("Apply it after your own values files: " + St12Writer.HelmCommand(changes[0].Path));
                }

                if (changes.Any(c => c.Changed))
                {
                    WriteVerbose("Restart Sametime for the change to take effect (Docker: docker compose down; docker compose up -d).");
                }

                if (PassThru)
                {
                    foreach (St12Change change in changes)
                    {
                        WriteObject(change);
                    }
                }
            }
            finally
            {
                if (password != null)
                {
                    Array.Clear(password, 0, password.Length);
                }
            }
        }
    }
}
