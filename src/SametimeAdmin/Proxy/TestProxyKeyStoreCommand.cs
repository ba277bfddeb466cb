using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using SametimeAdmin.Checklist;
using SametimeAdmin.Proxy;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Test-ProxyKeyStore: the guide's keytool -list -v -keystore key.p12, checked. Lists the certificates of a PKCS#12
    /// key store (subject, subjectAltName, issuer, validity) and whether a personal certificate covers the proxy's host.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "ProxyKeyStore")]
    [OutputType(typeof(CheckResult))]
    public sealed class TestProxyKeyStoreCommand : SametimeCmdlet
    {
        /// <summary>The PKCS#12 key store (WebSphere's key.p12).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>The key store's password (WebAS in a WebSphere cell unless it was changed).</summary>
        [Parameter(Mandatory = true)]
        public SecureString? Password { get; set; }

        /// <summary>The proxy's host name as iNotes and browsers use it.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HostName { get; set; }

        protected override void ProcessRecord()
        {
            string file = ResolveLiteralPath(Path);
            TryRun(() =>
            {
                var certificates = KeyStore.Read(file, new NetworkCredential(string.Empty, Password).Password);
                foreach (var result in KeyStoreChecks.Run(System.IO.Path.GetFileName(file), certificates, HostName, DateTime.UtcNow))
                {
                    WriteObject(result);
                }
            }, Path);
        }
    }
}
