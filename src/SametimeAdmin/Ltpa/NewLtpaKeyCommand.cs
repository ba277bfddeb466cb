using System.Management.Automation;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Commands
{
    /// <summary>Generates a new LTPA key set in memory, as Liberty does.</summary>
    [Cmdlet(VerbsCommon.New, "LtpaKey")]
    [OutputType(typeof(LtpaKeySet))]
    public sealed class NewLtpaKeyCommand : SametimeCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Realm { get; set; } = LtpaKeySet.DefaultRealm;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string CreationHost { get; set; } = LtpaKeySet.DefaultCreationHost;

        protected override void ProcessRecord()
        {
            WriteVerbose("Generating a 24-byte shared key and an RSA-1024 key pair.");
            LtpaKeySet keys = RunOrThrow(() => LtpaKeySet.Generate(Realm, CreationHost), Realm);
            WriteObject(keys);
        }
    }
}
