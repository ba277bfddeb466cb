using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Proxy;

namespace SametimeAdmin.Checklist
{
    /// <summary>
    /// Guide 4.1, certificate problems: what keytool -list -v -keystore key.p12 shows, checked. One result per
    /// certificate (subject, subjectAltNames, issuer, validity) and, with the proxy's host name, whether a personal
    /// certificate of the store covers it. Expired certificates and a host no personal certificate covers are failures.
    /// </summary>
    public static class KeyStoreChecks
    {
        internal static readonly CheckDefinition Certificate = new CheckDefinition("SscSecurity.KeyStore", ChecklistArea.SscSecurity,
            "A certificate of the proxy's key store is within its validity", GuideSection.LoginFailures + " (Certificate Problems: keytool -list -v -keystore key.p12)", ChecklistServer.Proxy);

        internal static readonly CheckDefinition HostCovered = new CheckDefinition("SscSecurity.KeyStoreHost", ChecklistArea.SscSecurity,
            "A personal certificate of the proxy's key store covers the proxy's host name", GuideSection.LoginFailures + " (Certificate Problems: keytool -list -v -keystore key.p12)", ChecklistServer.Proxy, ChecklistLink.INotesToProxy);

        private const string RenewFix = "Renew the certificate in the proxy cell (SSC > Security > SSL certificate and key management > Key stores and certificates > the key store > Personal certificates > Renew, or replace it with one from your CA) and restart the proxy; browsers and the iNotes server refuse an expired certificate (the guide's SSLHandshakeException / CertificateException case).";

        public static IEnumerable<CheckResult> Run(string storeName, IReadOnlyList<KeyStoreCertificate> certificates, string? host, DateTime nowUtc)
        {
            if (certificates == null)
            {
                throw new ArgumentNullException(nameof(certificates));
            }

            for (int i = 0; i < certificates.Count; i++)
            {
                var c = certificates[i];
                var def = Certificate.For((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Certificate.Check + " (" + storeName + ", " + (c.CommonName ?? c.Subject) + ")");
                string evidence = Describe(c, host);
                if (nowUtc > c.NotAfter)
                {
                    yield return def.Fail($"Expired on {KeyStore.Day(c.NotAfter)}. {evidence}", RenewFix);
                }
                else if (nowUtc < c.NotBefore)
                {
                    yield return def.Fail($"Not valid before {KeyStore.Day(c.NotBefore)}. {evidence}", "The certificate is not valid yet: check the clocks of the servers and of the machine that issued it.");
                }
                else
                {
                    yield return def.Pass(evidence);
                }
            }

            var personal = certificates.Where(c => c.HasPrivateKey).ToList();
            var hostDef = HostCovered.For(storeName, HostCovered.Check + " (" + storeName + ")");
            if (personal.Count == 0)
            {
                yield return hostDef.Fail($"{storeName} holds no personal certificate (no certificate with its private key): only signer certificates.",
                    "Point at the key store the proxy's SSL configuration uses (the cell's or node's key.p12), not the trust store (trust.p12).");
                yield break;
            }

            if (string.IsNullOrWhiteSpace(host))
            {
                yield return hostDef.Skip("No host name given (-HostName): whether a personal certificate covers the proxy's host was not checked.");
                yield break;
            }

            var covering = personal.Where(c => KeyStore.Covers(c, host!)).ToList();
            if (covering.Count > 0)
            {
                yield return hostDef.Pass($"{host} is covered by the subjectAltName of {string.Join("; ", covering.Select(c => c.Subject))}.");
                yield break;
            }

            var byCnOnly = personal.Where(c => c.DnsNames.Count == 0 && c.CommonName != null && KeyStore.NameMatches(c.CommonName, host!)).ToList();
            string seen = string.Join("; ", personal.Select(c => c.Subject + " (names: " + Names(c) + ")"));
            if (byCnOnly.Count > 0)
            {
                yield return hostDef.Fail($"{host} is only in the subject CN of {string.Join("; ", byCnOnly.Select(c => c.Subject))}, which has no subjectAltName: browsers match the host against subjectAltName only.",
                    "Create the proxy's personal certificate with a subjectAltName DNS entry for " + host + " (SSC > SSL certificate and key management > Personal certificates > Create, Subject alternative names) and restart the proxy.");
                yield break;
            }

            yield return hostDef.Fail($"No personal certificate covers {host}: {seen}.",
                "Browsers and the iNotes server refuse the proxy's certificate for this name (the guide's CertificateException). Create or import a personal certificate whose subjectAltName names " + host + " (the name in the iNotes Configuration document's Sametime proxy URL), make it the proxy's default, and restart the proxy.");
        }

        /// <summary>What keytool -list -v shows of one certificate, without key material.</summary>
        private static string Describe(KeyStoreCertificate c, string? host)
        {
            string kind = c.HasPrivateKey ? "personal certificate" : c.IsSelfIssued ? "signer (root) certificate" : "signer certificate";
            string covers = !c.HasPrivateKey || string.IsNullOrWhiteSpace(host) ? string.Empty : KeyStore.Covers(c, host!) ? $"; covers {host}" : $"; does not cover {host}";
            return $"{kind}: subject {c.Subject}; subjectAltName {Names(c)}; issuer {c.Issuer}; valid {KeyStore.Day(c.NotBefore)} to {KeyStore.Day(c.NotAfter)}; SHA-1 {c.Thumbprint}{covers}.";
        }

        private static string Names(KeyStoreCertificate c)
        {
            var names = c.DnsNames.Select(n => "DNS:" + n).Concat(c.IpAddresses.Select(a => "IP:" + a)).ToList();
            return names.Count == 0 ? "none" : string.Join(", ", names);
        }
    }
}
