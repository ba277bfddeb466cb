using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Checks the Server documents (Domino Web Engine: Java Servlet Support, session authentication, Web SSO
    /// configuration) and the Configuration documents' iNotes tab (Sametime Proxy Server URL) of names.nsf.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "DominoServerDoc", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(SsoDocFinding))]
    [OutputType(typeof(bool))]
    public sealed class TestDominoServerDocCommand : DominoStoreCmdlet
    {
        private readonly List<DominoServerDocument> servers = new List<DominoServerDocument>();
        private readonly List<INotesConfigurationDocument> configurations = new List<INotesConfigurationDocument>();
        private readonly List<string> locations = new List<string>();

        /// <summary>Only the documents of these servers (canonical or abbreviated names).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ServerName { get; set; }

        /// <summary>The Web SSO configuration the Server documents must name.</summary>
        [Parameter]
        [Alias("SsoConfiguration", "ConfigurationName")]
        [ValidateNotNullOrEmpty]
        public string? SsoConfigurationName { get; set; }

        /// <summary>The Sametime Proxy Server URL the Configuration documents must name.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SametimeProxyUrl { get; set; }

        /// <summary>Return only $true (no finding is an error) or $false.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            ForEachStore(store =>
            {
                locations.Add(store.Location);
                servers.AddRange(DominoServerDocument.FindAll(store, Map).Where(d => Selected(d.ServerName)));
                configurations.AddRange(INotesConfigurationDocument.FindAll(store, Map).Where(d => Selected(d.ServerName)));
            });
        }

        protected override void EndProcessing()
        {
            try
            {
                if (locations.Count == 0)
                {
                    return;
                }

                var expectations = new ServerDocumentExpectations { SsoConfigurationName = SsoConfigurationName, SametimeProxyUrl = SametimeProxyUrl };
                var findings = new List<SsoDocFinding>(RunOrThrow(() => ServerDocumentRules.Evaluate(servers, configurations, expectations), null));
                string where = string.Join(", ", locations);
                if (servers.Count == 0)
                {
                    findings.Add(new SsoDocFinding(ServerDocumentRules.DocumentFound, FindingSeverity.Warning, "(Server document)", where,
                        $"No Server document (form {Map.NameOf(DominoServerKeys.Form)}) was found" + (ServerName != null ? " for " + string.Join(", ", ServerName) : string.Empty) + ".",
                        "Export the server's Server document from names.nsf (DXL), or point -Uri / -NotesServer at the server's names.nsf."));
                }

                if (configurations.Count == 0)
                {
                    findings.Add(new SsoDocFinding(ServerDocumentRules.DocumentFound, FindingSeverity.Warning, "(Configuration document)", where,
                        $"No Configuration document (form {Map.NameOf(INotesConfigurationKeys.Form)}, or an item {Map.NameOf(INotesConfigurationKeys.SametimeProxyUrl)}) was found, so the Sametime Proxy Server URL was not checked.",
                        "Export the iNotes server's Configuration document from names.nsf (DXL) to check it; if its form has another name, override it with -ItemMap."));
                }

                WriteFindings(findings, Quiet);
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private bool Selected(string? name) =>
            ServerName == null || (name != null && name.Split(';').Any(part => part.Trim() == "*" || ServerName.Any(s => NotesName.SameName(part.Trim(), s))));
    }
}
