using System.Management.Automation;
using SametimeAdmin.ConfigFiles;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Commands
{
    /// <summary>Get-TrustedIp: the Community Trusted IPs of stconfig.nsf's Community Connectivity document.</summary>
    [Cmdlet(VerbsCommon.Get, "TrustedIp", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(TrustedIpEntry))]
    public sealed class GetTrustedIpCommand : DominoStoreCmdlet
    {
        public GetTrustedIpCommand()
        {
            Database = "stconfig.nsf";
        }

        protected override void ProcessRecord()
        {
            ForEachStore(store =>
            {
                CommunityConnectivityDocument document = CommunityConnectivityDocument.FindOne(store, Map);
                document.CheckItem(false);
                foreach (TrustedIpEntry entry in TrustedIpEntry.ListOf(document))
                {
                    if (entry.Kind == TrustedAddressKind.Other)
                    {
                        WriteWarning($"'{entry.IPAddress}' in {document.Document.Describe()} is not a single IP address; whether the server accepts it is not documented.");
                    }

                    WriteObject(entry);
                }
            });
        }
    }
}
