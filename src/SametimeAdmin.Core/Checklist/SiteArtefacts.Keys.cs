using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Checklist
{
    internal static partial class SiteArtefacts
    {
        /// <summary>
        /// Every key of the site that can verify a captured token: the proxy's key set (Proxy.LtpaKeys, or the keys
        /// file server.xml names), the WebSphere keys imported into the Web SSO documents and their Domino secrets.
        /// </summary>
        public static Loaded<TokenKeys> TokenKeys(ChecklistContext context) => context.Load("tokenkeys", () =>
        {
            var keys = new TokenKeys();
            try
            {
                var proxy = KeySet(context);
                if (proxy.Value != null)
                {
                    keys.Add(proxy.Value, "the proxy's " + context.Environment.Proxy.LtpaKeys, owned: false);
                }
                else
                {
                    keys.Missing.Add(proxy.Problem!);
                }

                foreach (var server in context.Environment.DominoServers.Where(s => s.SsoDocument != null))
                {
                    var documents = SsoDocuments(context, server);
                    var document = documents.Value == null ? null : Pick(documents.Value, context.Environment.Sso.ConfigurationName);
                    if (document == null)
                    {
                        keys.Missing.Add(documents.Problem!);
                        continue;
                    }

                    keys.AddDocument(document);
                }

                return keys;
            }
            catch
            {
                keys.Dispose();
                throw;
            }
        });
    }

    /// <summary>The keys a checklist run verifies captured tokens with, and where each came from. Disposing clears them.</summary>
    internal sealed class TokenKeys : IDisposable
    {
        private readonly List<LtpaKeySet> keySets = new List<LtpaKeySet>();
        private readonly List<LtpaKeySet> owned = new List<LtpaKeySet>();
        private byte[]? dominoSecret;

        /// <summary>Where the keys came from ("the proxy's /path/ltpa.keys", "the Domino secret of Web SSO configuration ...").</summary>
        public List<string> Sources { get; } = new List<string>();

        /// <summary>Why a key the site names could not be used.</summary>
        public List<string> Missing { get; } = new List<string>();

        /// <summary>A reader with every key, or null when the site gave none.</summary>
        public LtpaTokenReader? Reader => keySets.Count > 0 || dominoSecret != null ? new LtpaTokenReader(keySets, dominoSecret) : null;

        /// <summary>One sentence for the evidence: which keys checked the tokens, and which could not be used.</summary>
        public string Describe() =>
            (Sources.Count == 0 ? "Tokens not verified: no keys" : "Tokens verified with " + string.Join(", ", Sources)) +
            (Missing.Count == 0 ? "." : " (not used: " + string.Join("; ", Missing.Select(m => m.TrimEnd('.'))) + ").");

        public void Add(LtpaKeySet keySet, string source, bool owned)
        {
            if (owned)
            {
                this.owned.Add(keySet);
            }

            // The same key imported into a document adds nothing to the proxy's.
            if (keySets.Any(k => string.Equals(k.PublicKeyFingerprint, keySet.PublicKeyFingerprint, StringComparison.Ordinal)))
            {
                return;
            }

            keySets.Add(keySet);
            Sources.Add(source);
        }

        public void AddDocument(WebSsoDocument document)
        {
            if (document.HasWebSphereKeys)
            {
                try
                {
                    Add(document.ReadKeySet(), "the WebSphere keys of " + document.Describe(), owned: true);
                }
                catch (SametimeAdminException ex)
                {
                    Missing.Add(ex.Message);
                }
            }

            if (!document.HasDominoKey)
            {
                return;
            }

            byte[]? secret = document.ReadDominoSecret();
            if (secret == null)
            {
                Missing.Add("the Domino secret of " + document.Describe() + " is not Base64 (an encrypted document?)");
            }
            else if (dominoSecret == null)
            {
                // The reader takes one Domino secret: the first document's, the iNotes server's when it is given.
                dominoSecret = secret;
                Sources.Add("the Domino secret of " + document.Describe());
            }
            else
            {
                if (!secret.SequenceEqual(dominoSecret))
                {
                    Missing.Add("the Domino secret of " + document.Describe() + " differs from the first one; Domino tokens were checked with the first");
                }

                LtpaCrypto.Clear(secret);
            }
        }

        public void Dispose()
        {
            foreach (var keySet in owned)
            {
                keySet.Dispose();
            }

            owned.Clear();
            keySets.Clear();
            if (dominoSecret != null)
            {
                LtpaCrypto.Clear(dominoSecret);
                dominoSecret = null;
            }
        }
    }
}
