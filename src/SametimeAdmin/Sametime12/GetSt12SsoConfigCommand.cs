using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Security;
using SametimeAdmin.Sametime12;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Reads the single sign-on settings of a Sametime 12 installation (Docker/Podman folder, Helm values and secrets,
    /// or a Windows folder) into one object; secrets are reported as present, never shown.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "St12SsoConfig", DefaultParameterSetName = FolderSet)]
    [OutputType(typeof(St12SsoConfig))]
    public sealed class GetSt12SsoConfigCommand : SametimeCmdlet
    {
        private const string FolderSet = "Folder";
        private const string HelmSet = "Helm";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = FolderSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter(ParameterSetName = FolderSet)]
        [ValidateSet(nameof(St12InstallKind.Docker), nameof(St12InstallKind.Windows))]
        public string Kind { get; set; } = nameof(St12InstallKind.Docker);

        [Parameter(Mandatory = true, ParameterSetName = HelmSet)]
        [ValidateNotNullOrEmpty]
        public string[] ValuesPath { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = HelmSet)]
        [ValidateNotNullOrEmpty]
        public string? SecretsPath { get; set; }

        [Parameter]
        public SecureString? KeyPassword { get; set; }

        [Parameter]
        public Hashtable? NameMap { get; set; }

        protected override void ProcessRecord()
        {
            byte[]? password = KeyPassword == null ? null : ToUtf8Bytes(KeyPassword);
            try
            {
                object target = ParameterSetName == HelmSet ? (object)ValuesPath : Path;
                St12SsoConfig? config = null;
                bool ok = TryRun(() =>
                {
                    var options = new St12ReadOptions { KeyPassword = password, Names = St12Parameters.Names(NameMap) };
                    config = ParameterSetName == HelmSet
                        ? St12ConfigReader.ReadHelm(ValuesPath.Select(ResolveLiteralPath).ToList(), SecretsPath == null ? null : ResolveLiteralPath(SecretsPath), options)
                        : Kind == nameof(St12InstallKind.Windows)
                            ? St12ConfigReader.ReadWindows(ResolveLiteralPath(Path), options)
                            : St12ConfigReader.ReadDocker(ResolveLiteralPath(Path), options);
                }, target);
                if (ok)
                {
                    foreach (string note in config!.Notes)
                    {
                        WriteVerbose(note);
                    }

                    WriteObject(config);
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
