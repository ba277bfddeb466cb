using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using SametimeAdmin.Diagnostics;
using SametimeAdmin.Domino;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Reads browser captures of an iNotes session (HAR, Fiddler .saz) and an optional iNotes web console log, and
    /// writes every finding of guide 4.1-4.3: cookies per host, the LTPA Set-Cookie, the login form, proxy calls,
    /// CORS preflights, redirect loops and the tokens (verified with keys). Named like Test-SsoDoc: findings with a fix.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "SsoCapture", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(SsoCaptureFinding))]
    [OutputType(typeof(bool))]
    public sealed class TestSsoCaptureCommand : SametimeCmdlet, IDisposable
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private readonly LtpaKeyFiles keyFiles = new LtpaKeyFiles();
        private readonly HashSet<string> seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private CaptureAnalyser? analyser;
        private byte[]? dominoSecret;
        private bool anyError;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>A saved iNotes web console log (guide 4.1, Figure 19-20) to check as well.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? WebConsoleLogPath { get; set; }

        /// <summary>The proxy URL iNotes should load Sametime from, compared with the web console log's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProxyUrl { get; set; }

        [Parameter]
        [ValidateNotNull]
        public LtpaKeySet[]? KeySet { get; set; }

        /// <summary>ltpa.keys files to verify the captured tokens with (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? KeyPath { get; set; }

        [Parameter]
        public SecureString? KeyPassword { get; set; }

        [Parameter]
        public SecureString? DominoSecret { get; set; }

        /// <summary>Return only $true (no finding is an error) or $false.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void BeginProcessing()
        {
            var keySets = new List<LtpaKeySet>(KeySet ?? Array.Empty<LtpaKeySet>());
            if (KeyPath != null)
            {
                RunOrThrow(() => LtpaKeyFiles.RequirePassword(KeyPassword), null);
                foreach (string pattern in KeyPath)
                {
                    foreach (string file in ResolvePaths(pattern, false))
                    {
                        keySets.Add(RunOrThrow(() => keyFiles.Read(file, KeyPassword, WriteVerbose), file));
                    }
                }
            }

            dominoSecret = RunOrThrow(() => LtpaKeyFiles.DominoSecret(DominoSecret), null);
            var reader = keySets.Count > 0 || dominoSecret != null ? new LtpaTokenReader(keySets, dominoSecret) : null;
            analyser = new CaptureAnalyser(reader) { ExpectedProxyUrl = ProxyUrl == null ? null : RunOrThrow(() => AwarenessProbe.ParseUrl(ProxyUrl), ProxyUrl) };
            foreach (string pattern in WebConsoleLogPath ?? Array.Empty<string>())
            {
                foreach (string file in ResolvePaths(pattern, false))
                {
                    if (!TryRun(() => Write(analyser.AnalyseWebConsole(file)), file))
                    {
                        anyError = true;
                    }
                }
            }
        }

        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string pattern in literal ? LiteralPath : Path)
            {
                foreach (string file in ResolvePaths(pattern, literal))
                {
                    if (seen.Add(file))
                    {
                        WriteVerbose($"Reading the capture '{file}'.");
                        if (!TryRun(() => Write(analyser!.Analyse(file)), file))
                        {
                            anyError = true;
                        }
                    }
                }
            }
        }

        protected override void EndProcessing()
        {
            if (Quiet)
            {
                WriteObject(!anyError);
            }

            Clear();
            base.EndProcessing();
        }

        public void Dispose()
        {
            Clear();
            keyFiles.Dispose();
            GC.SuppressFinalize(this);
        }

        private void Write(IReadOnlyList<SsoCaptureFinding> findings)
        {
            anyError |= findings.Any(f => f.Severity == FindingSeverity.Error);
            if (!Quiet)
            {
                foreach (var finding in findings)
                {
                    WriteObject(finding);
                }
            }
        }

        private void Clear()
        {
            if (dominoSecret != null)
            {
                Array.Clear(dominoSecret, 0, dominoSecret.Length);
            }
        }
    }
}
