using System;
using System.Management.Automation;
using System.Security;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Commands
{
    /// <summary>Reads WebSphere/Liberty ltpa.keys files. Shows realm, dates, size and a fingerprint, never key material.</summary>
    [Cmdlet(VerbsCommon.Get, "LtpaKey", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(LtpaKeySet))]
    public sealed class GetLtpaKeyCommand : SametimeCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNull]
        public SecureString Password { get; set; } = new SecureString();

        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string pattern in literal ? LiteralPath : Path)
            {
                foreach (string path in ResolvePaths(pattern, literal))
                {
                    // The caller owns key sets written to the pipeline: they are not disposed here.
                    LtpaKeySet? keys = null;
                    if (TryRun(() => keys = LtpaKeyFiles.ReadUnowned(path, Password, WriteVerbose), path))
                    {
                        WriteObject(keys);
                    }
                }
            }
        }
    }
}
