using SametimeAdmin.Checklist;
using SametimeAdmin.Common;
using SametimeAdmin.Proxy;
using Xunit;

namespace SametimeAdmin.Tests.Proxy;

/// <summary>Guide 4.1, certificate problems: keytool -list -v -keystore key.p12, on key stores made by tests/fixtures/keystore/make-keystore.sh.</summary>
public class KeyStoreTests
{
    private const string Password = "WebAS";

    private static IReadOnlyList<KeyStoreCertificate> Read(string file) => KeyStore.Read(Fixtures.PathOf("keystore", file), Password);

    [Fact]
    public void ListsThePersonalCertificateAndItsSignerWithNamesIssuerAndValidity()
    {
        var certificates = Read("key.p12");

        Assert.Equal(2, certificates.Count);
        var proxy = Assert.Single(certificates, c => c.HasPrivateKey);
        Assert.Equal("proxy.lab.example.com", proxy.CommonName);
        Assert.Equal(["proxy.lab.example.com", "*.chat.lab.example.com"], proxy.DnsNames);
        Assert.Equal(["192.0.2.10"], proxy.IpAddresses);
        Assert.Contains("OU=Root Certificate", proxy.Issuer);
        Assert.False(proxy.IsSelfIssued);
        Assert.Equal(1825, (proxy.NotAfter - proxy.NotBefore).TotalDays, 0);
        var root = Assert.Single(certificates, c => !c.HasPrivateKey);
        Assert.True(root.IsSelfIssued);
        Assert.Empty(root.DnsNames);
    }

    [Theory]
    [InlineData("proxy.lab.example.com", true)]
    [InlineData("PROXY.lab.example.com", true)]
    [InlineData("st1.chat.lab.example.com", true)]
    [InlineData("a.st1.chat.lab.example.com", false)]
    [InlineData("chat.lab.example.com", false)]
    [InlineData("192.0.2.10", true)]
    [InlineData("192.0.2.11", false)]
    [InlineData("webmail.lab.example.com", false)]
    public void CoversTheHostNamesOfItsSubjectAltNameAsBrowsersMatchThem(string host, bool covered)
    {
        var proxy = Read("key.p12").Single(c => c.HasPrivateKey);
        Assert.Equal(covered, KeyStore.Covers(proxy, host));
    }

    [Fact]
    public void AValidStoreThatCoversTheHostPassesEveryCheck()
    {
        var results = KeyStoreChecks.Run("key.p12", Read("key.p12"), "proxy.lab.example.com", DateTime.UtcNow).ToList();

        Assert.Equal(["SscSecurity.KeyStore.1", "SscSecurity.KeyStore.2", "SscSecurity.KeyStoreHost.key.p12"], results.Select(r => r.Id).Order());
        Assert.All(results, r => Assert.Equal(CheckStatus.Passed, r.Status));
        var personal = results.Single(r => r.Evidence.StartsWith("personal certificate", StringComparison.Ordinal));
        Assert.Contains("subjectAltName DNS:proxy.lab.example.com, DNS:*.chat.lab.example.com, IP:192.0.2.10", personal.Evidence);
        // The guide's keytool listing names the issuer in the same order: CN first.
        Assert.Contains("issuer CN=ssc.lab.example.com, OU=Root Certificate, OU=proxyLabCell, OU=DMgrNode, O=IBM, C=US", personal.Evidence);
        Assert.Contains("covers proxy.lab.example.com", personal.Evidence);
    }

    [Fact]
    public void AnExpiredCertificateIsAFailureWithTheRenewalFix()
    {
        var certificates = Read("key.p12");
        var proxy = certificates.Single(c => c.HasPrivateKey);

        var results = KeyStoreChecks.Run("key.p12", certificates, "proxy.lab.example.com", proxy.NotAfter.AddDays(1)).ToList();

        var expired = Assert.Single(results, r => r.Status == CheckStatus.Failed);
        Assert.StartsWith("Expired on " + proxy.NotAfter.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), expired.Evidence);
        Assert.Contains("Renew", expired.Fix);
    }

    [Fact]
    public void AHostNoPersonalCertificateCoversIsAFailure()
    {
        var host = KeyStoreChecks.Run("key.p12", Read("key.p12"), "sametime.lab.example.com", DateTime.UtcNow).Single(r => r.Id.StartsWith("SscSecurity.KeyStoreHost", StringComparison.Ordinal));

        Assert.Equal(CheckStatus.Failed, host.Status);
        Assert.Contains("No personal certificate covers sametime.lab.example.com", host.Evidence);
        Assert.Contains("subjectAltName", host.Fix);
    }

    [Fact]
    public void AHostOnlyInTheSubjectCnIsAFailureBecauseBrowsersIgnoreIt()
    {
        var host = KeyStoreChecks.Run("other-host.p12", Read("other-host.p12"), "webmail.lab.example.com", DateTime.UtcNow).Single(r => r.Id.StartsWith("SscSecurity.KeyStoreHost", StringComparison.Ordinal));

        Assert.Equal(CheckStatus.Failed, host.Status);
        Assert.Contains("only in the subject CN", host.Evidence);
    }

    [Fact]
    public void WithoutAHostNameTheCoverageIsSkippedNotPassed()
    {
        var host = KeyStoreChecks.Run("key.p12", Read("key.p12"), null, DateTime.UtcNow).Single(r => r.Id.StartsWith("SscSecurity.KeyStoreHost", StringComparison.Ordinal));
        Assert.Equal(CheckStatus.Skipped, host.Status);
    }

    [Fact]
    public void AWrongPasswordIsAClearErrorWithoutTheRawException()
    {
        var ex = Assert.Throws<SametimeAdminException>(() => KeyStore.Read(Fixtures.PathOf("keystore", "key.p12"), "wrong"));
        Assert.Equal("KeyStoreUnreadable", ex.ErrorId);
        Assert.Equal(FailureKind.InvalidData, ex.Kind);
        Assert.Contains("password is wrong", ex.Message);
    }

    [Fact]
    public void AFileThatIsNotPkcs12IsRefused()
    {
        var ex = Assert.Throws<SametimeAdminException>(() => KeyStore.Read(Fixtures.PathOf("keystore", "README.md"), Password));
        Assert.Equal("KeyStoreUnreadable", ex.ErrorId);
    }
}
