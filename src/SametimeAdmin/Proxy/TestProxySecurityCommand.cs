using System.Management.Automation;
using SametimeAdmin.Checklist;
using SametimeAdmin.Common;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Test-ProxySecurity: the checklist's SSC security checks on one WebSphere security.xml or Liberty server.xml
    /// (SSO, LTPA timeout, key regeneration, Requires SSL, HttpOnly, keys file), against the values given.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "ProxySecurity")]
    [OutputType(typeof(CheckResult))]
    public sealed class TestProxySecurityCommand : SametimeCmdlet
    {
        /// <summary>The cell's security.xml or the proxy's Liberty server.xml.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>The SSO DNS domain (.example.com).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SsoDomain { get; set; }

        /// <summary>The Web SSO configuration name (LtpaToken2 in the guide).</summary>
        [Parameter]
        [Alias("ConfigurationName")]
        [ValidateNotNullOrEmpty]
        public string? SsoConfigurationName { get; set; }

        /// <summary>The Expiration (minutes) of the Web SSO documents.</summary>
        [Parameter]
        [ValidateRange(1, 525600)]
        public int ExpirationMinutes { get; set; }

        /// <summary>The token format of the Web SSO documents: LtpaToken2, or LtpaToken,LtpaToken2.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TokenFormat { get; set; }

        /// <summary>The realm the tokens carry.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Realm { get; set; }

        /// <summary>iNotes and proxy URLs users open; with Requires SSL each must be https.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Url { get; set; }

        /// <summary>The ltpa.keys the other checks use; compared with the keys file a Liberty server.xml names.</summary>
        [Parameter]
        [Alias("LtpaKeyPath")]
        [ValidateNotNullOrEmpty]
        public string? KeyPath { get; set; }

        protected override void ProcessRecord()
        {
            string file = ResolveLiteralPath(Path);
            var site = new SsoEnvironment
            {
                Sso = new SsoExpectations
                {
                    Domain = SsoDomain,
                    ConfigurationName = SsoConfigurationName,
                    ExpirationMinutes = MyInvocation.BoundParameters.ContainsKey(nameof(ExpirationMinutes)) ? ExpirationMinutes : null,
                    TokenFormat = TokenFormat,
                    Realm = Realm,
                },
                Ssc = new SscDescription { SecurityXml = file },
                Proxy = new ProxyDescription { LtpaKeys = KeyPath == null ? null : ResolveLiteralPath(KeyPath) },
            };

            TryRun(() =>
            {
                foreach (CheckResult result in SscSecurityChecks.RunOn(site, Url))
                {
                    WriteObject(result);
                }
            }, file);
        }
    }
}
