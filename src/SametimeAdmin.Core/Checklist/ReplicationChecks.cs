using System.Collections.Generic;
using System.Linq;

namespace SametimeAdmin.Checklist
{
    /// <summary>
    /// Checklist heading "Replication Conflicts", where the exported documents show them: a replication or save
    /// conflict document carries a $Conflict item. (The second line, changes replicated between the servers, is
    /// checked by the cross-server comparisons of the Web SSO documents.)
    /// </summary>
    public sealed class ReplicationChecks : IChecklistArea
    {
        internal static readonly CheckDefinition NoConflicts = new CheckDefinition("ReplicationConflicts.NoConflictDocuments", ChecklistArea.ReplicationConflicts,
            "No replication conflicts among the exported documents", GuideSection.INotesWebSso + " (replication); " + GuideSection.Checklist, ChecklistServer.INotes);

        private const string ConflictItem = "$Conflict";

        public string Name => ChecklistArea.ReplicationConflicts;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            var env = context.Environment;
            foreach (var server in env.DominoServers)
            {
                var documents = new List<(string What, DocumentLocation Location, string View)>();
                if (server.SsoDocument != null)
                {
                    documents.Add(("Web SSO document", server.SsoDocument, "($WebSSOConfigs)"));
                }

                if (server.ServerDocument != null)
                {
                    documents.Add(("Server document", server.ServerDocument, "($Servers)"));
                }

                if (server.ConfigurationDocument != null)
                {
                    documents.Add(("Configuration document", server.ConfigurationDocument, "($ServerConfig)"));
                }

                if (server.StConfigDocument != null)
                {
                    documents.Add(("Community Connectivity document", server.StConfigDocument, "($Forms)"));
                }

                var def = NoConflicts.For(server.Key, $"No replication conflicts among the documents of {server.Label}", server.Role);
                if (documents.Count == 0)
                {
                    yield return def.Skip("No document of this server is exported (SsoDocument, ServerDocument, ConfigurationDocument, StConfigDocument).");
                    continue;
                }

                var conflicts = new List<string>();
                var unreadable = new List<string>();
                int count = 0;
                foreach (var (what, location, view) in documents)
                {
                    var loaded = SiteArtefacts.Documents(context, location, view);
                    if (loaded.Value == null)
                    {
                        unreadable.Add($"{what}: {loaded.Problem}");
                        continue;
                    }

                    count += loaded.Value.Count;
                    conflicts.AddRange(loaded.Value.Where(d => d.HasItem(ConflictItem)).Select(d => $"{what} {d.UniversalId ?? "(no UNID)"} in {location.Value}"));
                }

                if (conflicts.Count > 0)
                {
                    yield return def.Fail($"Conflict document(s) ({ConflictItem} item): {string.Join("; ", conflicts)}.",
                        "Open the database, resolve the conflict (keep the right document, delete the conflict), replicate with the other servers (" + Domino.DominoConsoleCommand.CmdletName + " -Server <this server> -ReplicateWith <other server>, or replicate <server> names.nsf on the console), then export again.");
                }
                else if (unreadable.Count > 0)
                {
                    yield return def.Fail("Not every document could be read: " + string.Join(" ", unreadable), "Export the documents again as DXL.");
                }
                else
                {
                    yield return def.Pass($"{count} document(s) read, none with a {ConflictItem} item.");
                }
            }
        }
    }
}
