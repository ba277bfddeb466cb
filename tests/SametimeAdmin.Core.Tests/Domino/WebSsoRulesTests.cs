using System.Text;
using SametimeAdmin.Domino;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Domino;

public class WebSsoRulesTests
{
    private static LtpaKeySet DevKeys() => LtpaKeyFile.Read(Fixtures.PathOf("vectors", "ltpa-dev.keys"), Encoding.UTF8.GetBytes("dev-LTPA-Passw0rd!"));

    private static LtpaKeySet OtherKeys() => LtpaKeyFile.Read(Fixtures.PathOf("vectors", "ltpa-dev-d129.keys"), Encoding.UTF8.GetBytes("extra-pass-3"));

    private static WebSsoDocument Load(string path, string? name = null)
    {
        using var store = new DxlDocumentStore(path);
        var all = WebSsoDocuments.Find(store, DominoItemMap.Default, name);
        return Assert.Single(all);
    }

    /// <summary>Two lab-like documents: iNotes (note export) and Sametime (import form), both with keys imported.</summary>
    private static (WebSsoDocument INotes, WebSsoDocument Sametime) Pair(ScratchFolder scratch, LtpaKeySet inotesKeys, LtpaKeySet sametimeKeys, string sametimeDomain = ".example.com")
    {
        string inotes = scratch.Copy("websso-note-export.dxl", "inotes.dxl");
        string sametime = scratch.Copy("websso-import-document.dxl", "sametime.dxl");
        Update(inotes, "LtpaToken2", new WebSsoUpdate { Keys = inotesKeys, TokenFormat = SsoTokenFormat.LtpaToken2 });
        Update(sametime, "LtpaToken", new WebSsoUpdate
        {
            Keys = sametimeKeys, TokenFormat = SsoTokenFormat.LtpaToken2, ExpirationMinutes = 120,
            ParticipatingServers = ["CN=inotes1/O=Example", "CN=st1/O=Example"],
        });
        using (var store = new DxlDocumentStore(sametime))
        {
            var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken");
            store.Update(doc.Document, [NotesItemChange.Text("LTPA_TokenName", "LtpaToken2"), NotesItemChange.Text("LTPA_TokenDomain", sametimeDomain)], new DocumentUpdateOptions());
        }

        return (Load(inotes), Load(sametime));
    }

    private static void Update(string path, string name, WebSsoUpdate update)
    {
        using var store = new DxlDocumentStore(path);
        var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, name);
        store.Update(doc.Document, update.Plan(doc), new DocumentUpdateOptions());
    }

    private static SsoDocFinding Only(IEnumerable<SsoDocFinding> findings, string rule, string? source = null) =>
        Assert.Single(findings, f => f.Rule == rule && (source == null || f.Source == source));

    [Fact]
    public void A_domain_without_its_leading_dot_is_an_error_with_the_fix()
    {
        var doc = Load(Fixtures.PathOf("domino", "websso-import-document.dxl"));
        var finding = Only(WebSsoRules.Evaluate([doc], new WebSsoExpectations()), "DomainLeadingDot");
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.StartsWith("The DNS domain 'example.com' does not start with a dot", finding.Message);
        Assert.Contains("-DnsDomain '.example.com'", finding.Fix);
        Assert.Equal("LtpaToken", finding.Document);
    }

    [Fact]
    public void A_consistent_pair_is_green_across_every_rule()
    {
        using var scratch = new ScratchFolder();
        using var keys = DevKeys();
        var (inotes, sametime) = Pair(scratch, keys, keys);
        var expectations = new WebSsoExpectations
        {
            HostNames = ["inotes.example.com", "st.example.com", "stproxy.example.com"], SametimeTokenType = "LtpaToken2", ProxyCookieName = "LtpaToken2",
            InteroperabilityMode = false, LtpaDurationMinutes = 120, KeySet = keys, KeySource = "ltpa.keys",
        };

        var findings = WebSsoRules.Evaluate([inotes, sametime], expectations);

        Assert.All(findings, f => Assert.True(f.Severity == FindingSeverity.Ok, f.ToString()));
        string[] rules = ["ConfigurationName", "DomainLeadingDot", "DomainMatchesHosts", "ParticipatingServers", "WebSphereKeys", "TokenFormat", "Expiration", "KeysMatchKeyFile"];
        foreach (string rule in rules)
        {
            Assert.Equal(2, findings.Count(f => f.Rule == rule));
        }

        foreach (string rule in new[] { "SameConfigurationName", "SameDomain", "SameTokenFormat", "SameExpiration", "SameRealm", "KeysMatchAcrossDocuments" })
        {
            Assert.Equal(FindingSeverity.Ok, Only(findings, rule).Severity);
        }
    }

    [Fact]
    public void Different_keys_in_the_two_documents_and_against_the_key_file_are_errors()
    {
        using var scratch = new ScratchFolder();
        using var keys = DevKeys();
        using var other = OtherKeys();
        var (inotes, sametime) = Pair(scratch, keys, other);

        var findings = WebSsoRules.Evaluate([inotes, sametime], new WebSsoExpectations { KeySet = keys, KeySource = "proxy/ltpa.keys" });

        var across = Only(findings, "KeysMatchAcrossDocuments");
        Assert.Equal(FindingSeverity.Error, across.Severity);
        Assert.Contains(keys.PublicKeyFingerprint, across.Message);
        Assert.Contains(other.PublicKeyFingerprint, across.Message);
        Assert.Equal(FindingSeverity.Ok, Only(findings, "KeysMatchKeyFile", inotes.Source).Severity);
        var mismatch = Only(findings, "KeysMatchKeyFile", sametime.Source);
        Assert.Equal(FindingSeverity.Error, mismatch.Severity);
        Assert.Contains("proxy/ltpa.keys", mismatch.Fix);
    }

    [Fact]
    public void Mismatches_between_servers_are_reported_once_with_both_values()
    {
        using var scratch = new ScratchFolder();
        using var keys = DevKeys();
        var (inotes, sametime) = Pair(scratch, keys, keys, sametimeDomain: ".example.org");

        var findings = WebSsoRules.Evaluate([inotes, sametime], new WebSsoExpectations());

        var domain = Only(findings, "SameDomain");
        Assert.Equal(FindingSeverity.Error, domain.Severity);
        Assert.Contains(".example.com in " + inotes.Source, domain.Message);
        Assert.Contains(".example.org in " + sametime.Source, domain.Message);
    }

    [Fact]
    public void Hosts_outside_the_domain_ip_addresses_and_short_names_are_flagged()
    {
        var doc = Load(Fixtures.PathOf("domino", "websso-note-export.dxl"));
        var findings = WebSsoRules.Evaluate([doc], new WebSsoExpectations { HostNames = ["inotes.example.com", "st.example.net", "10.0.0.5", "example.com", "ST.Example.COM"] })
            .Where(f => f.Rule == "DomainMatchesHosts").ToArray();

        Assert.Equal(4, findings.Length);
        Assert.Contains(findings, f => f.Severity == FindingSeverity.Error && f.Message.Contains("'st.example.net' is outside"));
        Assert.Contains(findings, f => f.Severity == FindingSeverity.Error && f.Message.Contains("'10.0.0.5' is an IP address"));
        Assert.Contains(findings, f => f.Severity == FindingSeverity.Error && f.Message.Contains("'example.com' is outside"));
        Assert.Contains(findings, f => f.Severity == FindingSeverity.Warning && f.Message.Contains("case-sensitively"));
    }

    [Fact]
    public void Names_formats_and_expirations_are_checked_against_the_other_side()
    {
        var doc = Load(Fixtures.PathOf("domino", "websso-import-document.dxl"));
        var findings = WebSsoRules.Evaluate([doc], new WebSsoExpectations
        {
            SametimeTokenType = "LtpaToken2", ProxyCookieName = "LtpaToken2", InteroperabilityMode = true, LtpaDurationMinutes = 120,
        });

        Assert.Equal(2, findings.Count(f => f.Rule == "ConfigurationName" && f.Severity == FindingSeverity.Error));
        Assert.Contains(findings, f => f.Rule == "ConfigurationName" && f.Fix!.Contains("ST_TOKEN_TYPE=LtpaToken"));
        var expiration = Only(findings, "Expiration");
        Assert.Equal(FindingSeverity.Error, expiration.Severity);
        Assert.Contains("-ExpirationMinutes 120", expiration.Fix);
        Assert.Equal(FindingSeverity.Warning, Only(findings, "TokenFormat").Severity);
        Assert.Equal(FindingSeverity.Error, Only(findings, "WebSphereKeys").Severity);
        Assert.Equal(FindingSeverity.Error, Only(findings, "ParticipatingServers").Severity);
    }

    [Fact]
    public void A_document_without_keys_fails_once_and_the_key_comparisons_are_skipped()
    {
        using var scratch = new ScratchFolder();
        var (inotes, _) = Pair(scratch, DevKeys(), DevKeys());
        var bare = Load(Fixtures.PathOf("domino", "websso-import-document.dxl"));
        var findings = WebSsoRules.Evaluate([inotes, bare], new WebSsoExpectations { KeySet = DevKeys(), KeySource = "ltpa.keys" });
        Assert.Equal(FindingSeverity.Error, Only(findings, "WebSphereKeys", bare.Source).Severity);
        var file = Only(findings, "KeysMatchKeyFile", bare.Source);
        Assert.Equal(FindingSeverity.Skipped, file.Severity);
        Assert.Contains("see WebSphereKeys", file.Message);
        Assert.Equal(FindingSeverity.Skipped, Only(findings, "KeysMatchAcrossDocuments").Severity);
        Assert.Single(findings, f => f.Severity == FindingSeverity.Error && f.Rule.Contains("Keys", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("inotes1/example", "CN=ST1/O=EXAMPLE")]
    [InlineData("CN=inotes1/O=Example", "st1/Example")]
    [InlineData(" cn = inotes1 / o = example ", "st1")]
    public void The_site_servers_are_found_in_the_list_by_canonical_or_abbreviated_name(string inotes, string sametime)
    {
        using var scratch = new ScratchFolder();
        var (_, doc) = Pair(scratch, DevKeys(), DevKeys());
        var finding = Only(WebSsoRules.Evaluate([doc], new WebSsoExpectations { ParticipatingServers = [inotes, sametime] }), "ParticipatingServers");
        Assert.Equal(FindingSeverity.Ok, finding.Severity);
        Assert.Contains("are among them", finding.Message);
    }

    [Fact]
    public void A_site_server_missing_from_the_list_is_an_error_naming_it_with_the_import_fix()
    {
        using var scratch = new ScratchFolder();
        var (_, doc) = Pair(scratch, DevKeys(), DevKeys());
        var finding = Only(WebSsoRules.Evaluate([doc], new WebSsoExpectations { ParticipatingServers = ["CN=inotes1/O=Example", "CN=st2/O=Example"] }), "ParticipatingServers");
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.StartsWith("CN=st2/O=Example is not among the participating servers", finding.Message);
        Assert.DoesNotContain("inotes1/O=Example is not", finding.Message);
        Assert.Contains("Import-LtpaKeyToSsoDoc -Path <this document> -ParticipatingServer 'CN=inotes1/O=Example','CN=st1/O=Example','CN=st2/O=Example'", finding.Fix);
    }

    [Fact]
    public void Without_expected_servers_a_listed_set_passes_and_says_it_was_not_compared()
    {
        using var scratch = new ScratchFolder();
        var (_, doc) = Pair(scratch, DevKeys(), DevKeys());
        var finding = Only(WebSsoRules.Evaluate([doc], new WebSsoExpectations()), "ParticipatingServers");
        Assert.Equal(FindingSeverity.Ok, finding.Severity);
        Assert.Contains("not compared", finding.Message);
    }

    [Theory]
    [InlineData(SsoTokenFormat.LtpaToken2, true, FindingSeverity.Error)]
    [InlineData(SsoTokenFormat.Both, true, FindingSeverity.Ok)]
    [InlineData(SsoTokenFormat.LtpaToken, false, FindingSeverity.Error)]
    [InlineData(SsoTokenFormat.Both, false, FindingSeverity.Info)]
    [InlineData(SsoTokenFormat.LtpaToken2, false, FindingSeverity.Ok)]
    public void The_token_format_follows_interoperability_mode(SsoTokenFormat format, bool interop, FindingSeverity severity)
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        using var keys = DevKeys();
        Update(path, "LtpaToken2", new WebSsoUpdate { Keys = keys, TokenFormat = format });

        var finding = Only(WebSsoRules.Evaluate([Load(path)], new WebSsoExpectations { InteroperabilityMode = interop }), "TokenFormat");

        Assert.Equal(severity, finding.Severity);
    }

    [Theory]
    [InlineData("$Ltpa")]
    [InlineData("Ltpa_Token")]
    [InlineData("Ltpa Token")]
    public void Names_Domino_cannot_use_as_cookie_names_are_errors(string name) =>
        Assert.NotNull(WebSsoRules.NameProblem(name));
}
