using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using SametimeAdmin.Checklist;
using SametimeAdmin.Domino;
using SametimeAdmin.Ltpa;
using SametimeAdmin.Sametime12;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Checks Web SSO documents against the integration guide's rules and against each other (iNotes and Sametime),
    /// and optionally against the proxy's ltpa.keys and Sametime's settings. One finding per rule, with the fix.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "SsoDoc", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(SsoDocFinding))]
    [OutputType(typeof(bool))]
    public sealed class TestSsoDocCommand : DominoStoreCmdlet, System.IDisposable
    {
        private const string InputObjectSet = "InputObject";
        private readonly LtpaKeyFiles keyFiles = new LtpaKeyFiles();
        private readonly List<WebSsoDocument> documents = new List<WebSsoDocument>();
        private LtpaKeySet? keysFromFile;

        /// <summary>Documents from Get-SsoDoc.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public WebSsoDocument[] InputObject { get; set; } = System.Array.Empty<WebSsoDocument>();

        /// <summary>Only documents with these configuration names; -Name is the former name.</summary>
        [Parameter]
        [Alias("Name", "ConfigurationName")]
        [ValidateNotNullOrEmpty]
        public string[]? SsoConfigurationName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Organization { get; set; }

        /// <summary>Host names users reach the SSO servers by; each must lie in the DNS domain.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? HostName { get; set; }

        /// <summary>The iNotes and Sametime Domino servers that must be participating servers (canonical or abbreviated names).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ParticipatingServer { get; set; }

        /// <summary>ST_TOKEN_TYPE from Sametime's sametime.ini [AuthToken].</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SametimeTokenType { get; set; }

        /// <summary>The LTPA cookie name of the Sametime Proxy (WebSphere/Liberty), for example LtpaToken2.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProxyCookieName { get; set; }

        /// <summary>WebSphere interoperability mode; -InteroperabilityMode:$false states that it is off.</summary>
        [Parameter]
        public SwitchParameter InteroperabilityMode { get; set; }

        /// <summary>Sametime's LTPA_DURATION_MINUTES.</summary>
        [Parameter]
        [ValidateRange(1, 525600)]
        public int LtpaDurationMinutes { get; set; }

        /// <summary>The proxy's ltpa.keys; the documents' keys must match it.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? KeyPath { get; set; }

        [Parameter]
        public SecureString? KeyPassword { get; set; }

        /// <summary>A key set (from Get-LtpaKey or New-LtpaKey) the documents' keys must match.</summary>
        [Parameter]
        [ValidateNotNull]
        public LtpaKeySet? KeySet { get; set; }

        /// <summary>A Sametime 12 installation the documents must agree with: install folder, or Helm values and secrets files.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Sametime12Path { get; set; }

        /// <summary>The installation kind of -Sametime12Path when its files do not tell it.</summary>
        [Parameter]
        [ValidateSet(nameof(St12InstallKind.Docker), nameof(St12InstallKind.Kubernetes), nameof(St12InstallKind.Windows))]
        public string? Sametime12Kind { get; set; }

        /// <summary>Return only $true (no finding is an error) or $false.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (KeyPath != null && KeySet != null)
            {
                ThrowFailure("KeySourceAmbiguous", Common.FailureKind.InvalidArgument, "Give either -KeyPath or -KeySet, not both.", KeyPath);
            }

            if (KeyPath != null)
            {
                keysFromFile = RunOrThrow(() => keyFiles.Read(ResolveLiteralPath(KeyPath), KeyPassword, WriteVerbose), KeyPath);
            }
        }

        protected override void ProcessRecord()
        {
            if (!UsesStoreParameters)
            {
                documents.AddRange(InputObject.Where(Selected));
                return;
            }

            ForEachStore(store => documents.AddRange(WebSsoDocuments.Find(store, Map, null, Organization).Where(Selected)));
        }

        protected override void EndProcessing()
        {
            try
            {
                if (documents.Count == 0)
                {
                    WriteWarning("No Web SSO document was found to test.");
                    return;
                }

                var expectations = new WebSsoExpectations
                {
                    HostNames = HostName ?? System.Array.Empty<string>(),
                    SametimeTokenType = SametimeTokenType,
                    ParticipatingServers = ParticipatingServer ?? System.Array.Empty<string>(),
                    ProxyCookieName = ProxyCookieName,
                    InteroperabilityMode = MyInvocation.BoundParameters.ContainsKey(nameof(InteroperabilityMode)) ? InteroperabilityMode.IsPresent : (bool?)null,
                    LtpaDurationMinutes = MyInvocation.BoundParameters.ContainsKey(nameof(LtpaDurationMinutes)) ? LtpaDurationMinutes : (int?)null,
                    KeySet = keysFromFile ?? KeySet,
                    KeySource = KeyPath != null ? ResolveLiteralPath(KeyPath) : KeySet?.Source,
                };
                WriteVerbose($"Testing {documents.Count} Web SSO document(s): {string.Join(", ", documents.Select(d => d.Describe()))}");
                IReadOnlyList<SsoDocFinding> findings = RunOrThrow(() => WebSsoRules.Evaluate(documents, expectations), null);
                if (Sametime12Path != null)
                {
                    findings = findings.Concat(RunOrThrow(CompareWithSametime12, Sametime12Path)).ToList();
                }

                WriteFindings(findings, Quiet);
            }
            finally
            {
                base.EndProcessing();
            }
        }

        /// <summary>The Sametime 12 checks of Invoke-SsoChecklist on these documents (same keys, lifetime, realm, DNS domain).</summary>
        private IReadOnlyList<SsoDocFinding> CompareWithSametime12()
        {
            var description = Sametime12Description.FromPaths(Sametime12Path!.Select(ResolveLiteralPath)) with
            {
                Kind = Sametime12Kind == null ? (St12InstallKind?)null : (St12InstallKind)System.Enum.Parse(typeof(St12InstallKind), Sametime12Kind, true),
            };
            St12SsoConfig config = Sametime12Checks.Read(description) ??
                throw new Common.SametimeAdminException("Sametime12FilesRequired", Common.FailureKind.InvalidArgument, "-Sametime12Path names no install folder or values file.");
            foreach (string note in config.Notes)
            {
                WriteVerbose(note);
            }

            return Sametime12Checks.AsFindings(config, documents);
        }

        /// <summary>PowerShell disposes a cmdlet when its pipeline ends, also when it was stopped or failed.</summary>
        public void Dispose() => keyFiles.Dispose();

        private bool Selected(WebSsoDocument document) =>
            (SsoConfigurationName == null || SsoConfigurationName.Any(n => string.Equals(n, document.Name, System.StringComparison.OrdinalIgnoreCase))) &&
            (Organization == null || string.Equals(Organization, document.Organization, System.StringComparison.OrdinalIgnoreCase));
    }
}
