using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SametimeAdmin.Common;

namespace SametimeAdmin.Proxy
{
    /// <summary>
    /// Reads a PKCS#12 key store (WebSphere's key.p12, the guide's keytool -list -v -keystore key.p12) and lists its
    /// certificates. Private keys are loaded only as far as the platform's PKCS#12 import needs to and are never read
    /// or kept: each certificate is disposed once described.
    /// </summary>
    public static class KeyStore
    {
        private const string SanOid = "2.5.29.17";

        public static IReadOnlyList<KeyStoreCertificate> Read(string path, string password)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            byte[] data;
            try
            {
                data = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SametimeAdminException("KeyStoreNotReadable", FailureKind.ReadError, $"The key store '{path}' cannot be read: {ex.Message}", ex);
            }

            var collection = new X509Certificate2Collection();
            try
            {
#if NET8_0_OR_GREATER
                collection.Import(data, password, X509KeyStorageFlags.EphemeralKeySet);
#else
                collection.Import(data, password, X509KeyStorageFlags.DefaultKeySet);
#endif
            }
            catch (CryptographicException ex)
            {
                throw new SametimeAdminException("KeyStoreUnreadable", FailureKind.InvalidData,
                    $"'{path}' cannot be opened as a PKCS#12 key store: the password is wrong, or it is not a PKCS#12 file (WebSphere's key.p12 and trust.p12 are; the default password of a WebSphere cell's stores is WebAS unless it was changed).", ex);
            }

            var list = new List<KeyStoreCertificate>(collection.Count);
            foreach (var certificate in collection)
            {
                using (certificate)
                {
                    var (dns, ips) = SubjectAltNames(certificate);
                    string cn = certificate.GetNameInfo(X509NameType.SimpleName, false);
                    list.Add(new KeyStoreCertificate(certificate.Subject, certificate.Issuer, dns, ips, string.IsNullOrEmpty(cn) ? null : cn,
                        certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime(), certificate.Thumbprint, certificate.HasPrivateKey));
                }
            }

            return list;
        }

        /// <summary>
        /// True when <paramref name="host"/> matches one of the names as a browser matches them (RFC 6125: a wildcard
        /// stands for exactly one whole left-most label); an IP address matches the IP entries only.
        /// </summary>
        public static bool Covers(KeyStoreCertificate certificate, string host)
        {
            if (certificate == null)
            {
                throw new ArgumentNullException(nameof(certificate));
            }

            string h = (host ?? string.Empty).Trim().TrimEnd('.');
            if (IPAddress.TryParse(h.Trim('[', ']'), out var ip))
            {
                return certificate.IpAddresses.Any(a => IPAddress.TryParse(a, out var other) && other.Equals(ip));
            }

            return certificate.DnsNames.Any(name => NameMatches(name, h));
        }

        internal static bool NameMatches(string pattern, string host)
        {
            string p = pattern.Trim().TrimEnd('.');
            if (!p.StartsWith("*.", StringComparison.Ordinal))
            {
                return string.Equals(p, host, StringComparison.OrdinalIgnoreCase);
            }

            int dot = host.IndexOf('.');
            return dot > 0 && string.Equals(p.Substring(1), host.Substring(dot), StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The dNSName and iPAddress entries of the subjectAltName extension (read from its DER, which netstandard2.0 does not decode).</summary>
        private static (IReadOnlyList<string> Dns, IReadOnlyList<string> Ips) SubjectAltNames(X509Certificate2 certificate)
        {
            var dns = new List<string>();
            var ips = new List<string>();
            var extension = certificate.Extensions.Cast<X509Extension>().FirstOrDefault(e => e.Oid?.Value == SanOid);
            if (extension == null)
            {
                return (dns, ips);
            }

            byte[] der = extension.RawData;
            int offset = 0;
            if (!ReadHeader(der, ref offset, out byte tag, out int length) || tag != 0x30)
            {
                return (dns, ips);
            }

            int end = Math.Min(der.Length, offset + length);
            while (offset < end && ReadHeader(der, ref offset, out tag, out length) && offset + length <= end)
            {
                if (tag == 0x82)
                {
                    dns.Add(System.Text.Encoding.ASCII.GetString(der, offset, length));
                }
                else if (tag == 0x87 && (length == 4 || length == 16))
                {
                    var bytes = new byte[length];
                    Array.Copy(der, offset, bytes, 0, length);
                    ips.Add(new IPAddress(bytes).ToString());
                }

                offset += length;
            }

            return (dns, ips);
        }

        private static bool ReadHeader(byte[] der, ref int offset, out byte tag, out int length)
        {
            tag = 0;
            length = 0;
            if (offset + 2 > der.Length)
            {
                return false;
            }

            tag = der[offset++];
            int first = der[offset++];
            if (first < 0x80)
            {
                length = first;
                return true;
            }

            int count = first & 0x7F;
            if (count == 0 || count > 3 || offset + count > der.Length)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                length = (length << 8) | der[offset++];
            }

            return true;
        }

        /// <summary>"2031-12-06", for evidence.</summary>
        internal static string Day(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
