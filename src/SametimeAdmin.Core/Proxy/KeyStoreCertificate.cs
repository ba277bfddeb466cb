using System;
using System.Collections.Generic;

namespace SametimeAdmin.Proxy
{
    /// <summary>One certificate of a PKCS#12 key store, as keytool -list -v shows it (no key material).</summary>
    public sealed class KeyStoreCertificate
    {
        internal KeyStoreCertificate(string subject, string issuer, IReadOnlyList<string> dnsNames, IReadOnlyList<string> ipAddresses, string? commonName,
            DateTime notBefore, DateTime notAfter, string thumbprint, bool hasPrivateKey)
        {
            Subject = subject;
            Issuer = issuer;
            DnsNames = dnsNames;
            IpAddresses = ipAddresses;
            CommonName = commonName;
            NotBefore = notBefore;
            NotAfter = notAfter;
            Thumbprint = thumbprint;
            HasPrivateKey = hasPrivateKey;
        }

        public string Subject { get; }

        public string Issuer { get; }

        /// <summary>The subjectAltName DNS names (what browsers match the host name against).</summary>
        public IReadOnlyList<string> DnsNames { get; }

        /// <summary>The subjectAltName IP addresses.</summary>
        public IReadOnlyList<string> IpAddresses { get; }

        /// <summary>The subject's CN, if any.</summary>
        public string? CommonName { get; }

        /// <summary>Valid from (UTC).</summary>
        public DateTime NotBefore { get; }

        /// <summary>Valid until (UTC).</summary>
        public DateTime NotAfter { get; }

        public string Thumbprint { get; }

        /// <summary>True for a personal certificate (the key store holds its private key): the one the server presents.</summary>
        public bool HasPrivateKey { get; }

        /// <summary>True for a self-issued certificate (a root signer, or a self-signed personal certificate).</summary>
        public bool IsSelfIssued => string.Equals(Subject, Issuer, StringComparison.Ordinal);

        public override string ToString() => Subject;
    }
}
