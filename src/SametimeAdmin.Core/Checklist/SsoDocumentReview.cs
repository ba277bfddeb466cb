using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Checklist
{
    /// <summary>
    /// Test-SsoDoc run once over the Web SSO documents of every server, with the expectations the rest of the
    /// site gives (the proxy's keys, host names, interoperability mode); its findings become checks of several areas.
    /// </summary>
    internal sealed class SsoDocumentReview
    {
        /// <summary>Servers whose unreadable document was already reported as a failure, with the check that reported it.</summary>
        private readonly Dictionary<string, string> failedUnreadable = new Dictionary<string, string>(StringComparer.Ordinal);

        public List<(DominoServerDescription Server, WebSsoDocument Document)> Documents { get; private init; } = new List<(DominoServerDescription, WebSsoDocument)>();

        public List<(DominoServerDescription Server, string Problem)> Unreadable { get; private init; } = new List<(DominoServerDescription, string)>();

        public IReadOnlyList<SsoDocFinding> Findings { get; private init; } = Array.Empty<SsoDocFinding>();

        /// <summary>Why the documents could not be compared with ltpa.keys, if they could not.</summary>
        public string? KeyProblem { get; private init; }

        public static SsoDocumentReview For(ChecklistContext context) =>
            context.Load("review", () => Create(context)).Value!;

        private static SsoDocumentReview Create(ChecklistContext context)
        {
            var env = context.Environment;
            var documents = new List<(DominoServerDescription, WebSsoDocument)>();
            var unreadable = new List<(DominoServerDescription, string)>();
            foreach (var server in env.DominoServers)
            {
                var loaded = SiteArtefacts.SsoDocuments(context, server);
                var picked = loaded.Value == null ? null : SiteArtefacts.Pick(loaded.Value, env.Sso.ConfigurationName);
                if (picked == null)
                {
                    unreadable.Add((server, loaded.Problem ?? "no Web SSO document"));
                }
                else
                {
                    documents.Add((server, picked));
                }
            }

            var keys = SiteArtefacts.KeySet(context);
            var security = SiteArtefacts.Security(context)?.Value;
            var expectations = new WebSsoExpectations
            {
                HostNames = HostNames(env),
                InteroperabilityMode = security?.InteroperabilityMode,
                KeySet = keys.Value,
                KeySource = keys.Value != null ? env.Proxy.LtpaKeys : null,
                ParticipatingServers = env.DominoServers.Where(s => s.Name != null).Select(s => s.Name!).ToList(),
            };
            var findings = documents.Count == 0 ? Array.Empty<SsoDocFinding>() : WebSsoRules.Evaluate(documents.Select(d => d.Item2).ToList(), expectations);
            return new SsoDocumentReview { Documents = documents, Unreadable = unreadable, Findings = findings, KeyProblem = keys.Problem };
        }

        /// <summary>The host names users reach the servers by (loopback probe URLs excluded).</summary>
        internal static IReadOnlyList<string> HostNames(SsoEnvironment env)
        {
            var hosts = new List<string>();
            foreach (var url in env.Proxy.Urls)
            {
                if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && !uri.IsLoopback)
                {
                    hosts.Add(uri.Host);
                }
            }

            if (env.Proxy.HostName != null)
            {
                hosts.Add(env.Proxy.HostName);
            }

            hosts.AddRange(env.DominoServers.Where(s => s.HostName != null).Select(s => s.HostName!));
            return hosts.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }

        /// <summary>The server a finding is about, or null for a finding across documents.</summary>
        public DominoServerDescription? ServerOf(SsoDocFinding finding) =>
            Documents.Where(d => string.Equals(d.Document.Source, finding.Source, StringComparison.Ordinal)).Select(d => d.Server).FirstOrDefault();

        /// <summary>One check per server (or one across documents) for a rule of Test-SsoDoc.</summary>
        public IEnumerable<CheckResult> Results(CheckDefinition definition, string rule, bool acrossDocuments = false)
        {
            if (Documents.Count == 0)
            {
                yield return definition.Skip(Unreadable.Count == 0
                    ? "No Web SSO document is given (INotes/Community SsoDocument)."
                    : "No Web SSO document could be read: " + string.Join(" ", Unreadable.Select(u => u.Problem)),
                    "Export the Web SSO Configuration documents of the iNotes and Sametime servers as DXL and name them in the environment description.");
                yield break;
            }

            if (acrossDocuments)
            {
                var across = Findings.Where(f => f.Rule == rule && ServerOf(f) == null).ToList();
                if (across.Count == 0)
                {
                    yield return definition.Skip(Documents.Count < 2
                        ? "Only one Web SSO document could be read; this compares the iNotes and Sametime documents." + Unreadables()
                        : $"{ModuleCommands.TestSsoDoc} did not evaluate {rule}.");
                }
                else
                {
                    yield return ToResult(definition, across);
                }

                yield break;
            }

            foreach (var (server, document) in Documents)
            {
                var mine = Findings.Where(f => f.Rule == rule && string.Equals(f.Source, document.Source, StringComparison.Ordinal)).ToList();
                var def = definition.For(server.Key, definition.Check + " (" + server.Label + ")", server.Role);
                yield return mine.Count == 0
                    ? def.Skip($"{ModuleCommands.TestSsoDoc} did not evaluate {rule} for {document.Describe()}" + (rule == "KeysMatchKeyFile" && KeyProblem != null ? ": " + KeyProblem : "."))
                    : ToResult(def, mine);
            }

            foreach (var (server, problem) in Unreadable)
            {
                var def = definition.For(server.Key, definition.Check + " (" + server.Label + ")", server.Role);
                if (server.SsoDocument != null && failedUnreadable.TryGetValue(server.Key, out string? firstCheck))
                {
                    // One cause, one failure: the document's read error is reported by the first check that needed it.
                    yield return def.Skip($"The Web SSO document of {server.Label} could not be read (reported by {firstCheck}).");
                    continue;
                }

                if (server.SsoDocument != null)
                {
                    failedUnreadable[server.Key] = def.Id;
                }

                yield return server.SsoDocument == null ? def.Skip(problem) : def.Fail(problem, server.SsoDocument.IsUrl
                    ? "Check -Credential and that Domino Access Services can read the document; the Web SSO document is encrypted, so a DXL export by an ID that can decrypt it is more reliable."
                    : "Export the server's Web SSO Configuration document (names.nsf) again as DXL, by an ID that can decrypt it.");
            }
        }

        private string Unreadables() => Unreadable.Count == 0 ? string.Empty : " " + string.Join(" ", Unreadable.Select(u => u.Problem));

        private static CheckResult ToResult(CheckDefinition definition, List<SsoDocFinding> findings)
        {
            if (findings.All(f => f.Severity == FindingSeverity.Skipped))
            {
                return definition.Skip(string.Join(" ", findings.Select(f => f.Message).Distinct()));
            }

            var worst = findings.Max(f => f.Severity);
            string evidence = string.Join(" ", findings.Select(f => f.Message).Distinct());
            string? fix = string.Join(" ", findings.Where(f => f.Fix != null && f.Severity >= FindingSeverity.Warning).Select(f => f.Fix).Distinct());
            switch (worst)
            {
                case FindingSeverity.Error:
                    return definition.Fail(evidence, fix.Length > 0 ? fix : "See " + ModuleCommands.TestSsoDoc + " for the details.");
                case FindingSeverity.Warning:
                    return definition.Warn(evidence, fix.Length > 0 ? fix : "See " + ModuleCommands.TestSsoDoc + " for the details.");
                default:
                    return definition.Pass(evidence);
            }
        }
    }
}
