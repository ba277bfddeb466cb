using System.Collections.Generic;
using System.Globalization;

namespace SametimeAdmin.Checklist
{
    /// <summary>
    /// Checklist heading "Tokens": the WebSphere LTPA key exported from the proxy, and the same key imported into
    /// the iNotes and the Sametime Web SSO documents.
    /// </summary>
    public sealed class TokenChecks : IChecklistArea
    {
        internal static readonly CheckDefinition ProxyKeys = new CheckDefinition("Tokens.ProxyKeys", ChecklistArea.Tokens,
            "The WAS LTPA key used by the Sametime Proxy is exported (ltpa.keys readable with its password)", GuideSection.ProxyKeys, ChecklistServer.Proxy);

        internal static readonly CheckDefinition KeysImported = new CheckDefinition("Tokens.WebSphereKeysImported", ChecklistArea.Tokens,
            "WebSphere LTPA keys are imported into the Web SSO document", GuideSection.INotesWebSso, ChecklistServer.INotes, ChecklistLink.INotesToProxy);

        internal static readonly CheckDefinition SameKeyAsProxy = new CheckDefinition("Tokens.SameKeyAsProxy", ChecklistArea.Tokens,
            "The same LTPA key as the proxy's ltpa.keys is imported into the Web SSO document", GuideSection.INotesWebSso + "; " + GuideSection.CommunityWebSso,
            ChecklistServer.INotes, ChecklistLink.INotesToProxy);

        public string Name => ChecklistArea.Tokens;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            var keys = SiteArtefacts.KeySet(context);
            if (keys.Value != null)
            {
                var k = keys.Value;
                yield return ProxyKeys.Pass(string.Format(CultureInfo.InvariantCulture, "{0}: realm {1}, created {2}, RSA-{3}, public key {4}.",
                    context.Environment.Proxy.LtpaKeys, k.Realm, k.CreationDate, k.KeySize, k.PublicKeyFingerprint));
            }
            else if (context.Environment.Proxy.LtpaKeys == null)
            {
                yield return ProxyKeys.Skip(keys.Problem!, "Export the keys from the SSC (Global security > LTPA > Export keys) and add Proxy.LtpaKeys.");
            }
            else if (ChecklistContext.FileProblem(context.Environment.Proxy.LtpaKeys, "The ltpa.keys file (Proxy.LtpaKeys)") is string missing)
            {
                yield return ProxyKeys.Fail(missing, "Export the keys from the SSC (Global security > LTPA > Export keys) and correct Proxy.LtpaKeys.");
            }
            else if (context.Options.LtpaKeyPassword == null)
            {
                yield return ProxyKeys.Skip(keys.Problem!, "Run again with -KeyPassword (Read-Host -AsSecureString).");
            }
            else
            {
                yield return ProxyKeys.Fail(keys.Problem!, "Export the keys again from the SSC with a known password (guide 3.1 steps 7-12) and check the password.");
            }

            var review = SsoDocumentReview.For(context);
            foreach (var result in WithLinks(review.Results(KeysImported, "WebSphereKeys")))
            {
                yield return result;
            }

            foreach (var result in WithLinks(review.Results(SameKeyAsProxy, "KeysMatchKeyFile")))
            {
                yield return result;
            }
        }

        /// <summary>A key in the iNotes document joins iNotes and the proxy; one in the Sametime document joins the proxy and the Community Server.</summary>
        internal static IEnumerable<CheckResult> WithLinks(IEnumerable<CheckResult> results)
        {
            foreach (var r in results)
            {
                yield return r.Server == ChecklistServer.Community
                    ? new CheckResult(r.Id, r.Area, r.Check, r.Status, r.Evidence, r.Fix, r.GuideSection, r.Server, ChecklistLink.ProxyToCommunity)
                    : r;
            }
        }
    }
}
