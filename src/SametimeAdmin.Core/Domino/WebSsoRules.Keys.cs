using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Domino
{
    public sealed partial class WebSsoExpectations
    {
        /// <summary>The key set the documents must hold (usually read from the proxy's ltpa.keys).</summary>
        public LtpaKeySet? KeySet { get; set; }

        /// <summary>Where <see cref="KeySet"/> came from, for messages (a path).</summary>
        public string? KeySource { get; set; }
    }

    public static partial class WebSsoRules
    {
        private static void CheckKeyFile(Check check, WebSsoExpectations expectations)
        {
            LtpaKeySet? expected = expectations.KeySet;
            if (expected == null)
            {
                return;
            }

            const string Rule = "KeysMatchKeyFile";
            string source = expectations.KeySource ?? "the key set given";
            string fix = ModuleCommands.ImportLtpaKeyToSsoDocKeyPath + " '" + (expectations.KeySource ?? "ltpa.keys") + "' into this document.";
            if (!check.Document.HasWebSphereKeys)
            {
                check.Add(Rule, FindingSeverity.Skipped, $"The document holds no WebSphere keys, so it cannot be compared with {source} (see WebSphereKeys).");
                return;
            }

            LtpaKeySet? actual = TryReadKeys(check.Document);
            if (actual == null)
            {
                check.Add(Rule, FindingSeverity.Skipped, $"The keys in the document cannot be compared with {source} because they cannot be read (see WebSphereKeys).");
                return;
            }

            using (actual)
            {
                string? difference = actual.DescribeDifference(expected);
                if (difference != null)
                {
                    check.Add(Rule, FindingSeverity.Error,
                        $"The keys in the document ({actual.DescribeFingerprints()}) are not the keys of {source} ({expected.DescribeFingerprints()}): {difference}. Tokens from the proxy are rejected.", fix);
                }
                else if (!string.Equals(check.Document.Realm, expected.Realm, System.StringComparison.Ordinal))
                {
                    check.Add(Rule, FindingSeverity.Warning,
                        $"The keys match {source}, but the document's realm '{check.Document.Realm ?? "(not set)"}' differs from '{expected.Realm}': LtpaToken2 from the proxy may be refused as an unknown realm.",
                        ModuleCommands.ImportLtpaKeyToSsoDocRealm + " '" + expected.Realm + "'.");
                }
                else
                {
                    check.Add(Rule, FindingSeverity.Ok, $"The keys and realm match {source} ({expected.DescribeFingerprints()}).");
                }
            }
        }

        private static void CheckKeysAcross(IReadOnlyList<WebSsoDocument> documents, List<SsoDocFinding> findings, string names)
        {
            const string Rule = "KeysMatchAcrossDocuments";
            var keys = new List<(WebSsoDocument Document, LtpaKeySet? Keys)>();
            try
            {
                foreach (WebSsoDocument document in documents)
                {
                    keys.Add((document, document.HasWebSphereKeys ? TryReadKeys(document) : null));
                }

                string[] missing = keys.Where(k => k.Keys == null).Select(k => k.Document.Source).ToArray();
                if (missing.Length > 0)
                {
                    findings.Add(new SsoDocFinding(Rule, FindingSeverity.Skipped, names, AcrossDocuments,
                        "The keys cannot be compared: no usable WebSphere keys in " + string.Join(", ", missing) + " (see WebSphereKeys)."));
                    return;
                }

                LtpaKeySet first = keys[0].Keys!;
                string[] different = keys.Skip(1).Where(k => !k.Keys!.HasSameKeys(first))
                    .Select(k => k.Document.Source + " (" + k.Keys!.DescribeFingerprints() + "; " + k.Keys!.DescribeDifference(first) + ")").ToArray();
                if (different.Length > 0)
                {
                    findings.Add(new SsoDocFinding(Rule, FindingSeverity.Error, names, AcrossDocuments,
                        $"The documents hold different keys: {keys[0].Document.Source} has {first.DescribeFingerprints()}, but {string.Join(", ", different)}. A token issued by one server is rejected by the other.",
                        "Import the proxy's ltpa.keys into every document with " + ModuleCommands.ImportLtpaKeyToSsoDoc + "."));
                    return;
                }

                findings.Add(new SsoDocFinding(Rule, FindingSeverity.Ok, names, AcrossDocuments, $"Every document holds the same keys ({first.DescribeFingerprints()})."));
            }
            finally
            {
                foreach (var entry in keys)
                {
                    entry.Keys?.Dispose();
                }
            }
        }

        private static LtpaKeySet? TryReadKeys(WebSsoDocument document)
        {
            try
            {
                return document.ReadKeySet();
            }
            catch (SametimeAdminException)
            {
                return null;
            }
        }
    }
}
