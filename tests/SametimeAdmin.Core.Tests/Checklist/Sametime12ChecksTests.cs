using System.Collections;
using System.Text;
using SametimeAdmin.Checklist;
using SametimeAdmin.Domino;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Checklist;

/// <summary>
/// The Sametime 12 checks on a small temporary site: two Web SSO documents holding the keys of ltpa-dev.keys (LtpaToken2,
/// .example.com, 120 minutes) and a Docker install folder written in HCL's documented format that agrees with them.
/// Each test changes one thing and looks at the check it breaks.
/// </summary>
public sealed class Sametime12ChecksTests : IDisposable
{
    private const string Password = "dev-LTPA-Passw0rd!";

    private readonly string site = Path.Combine(Path.GetTempPath(), "st12-site-" + Guid.NewGuid().ToString("N"));

    private readonly Dictionary<string, string> dotEnv = new()
    {
        ["ENABLE_LTPA"] = "true",
        ["LTPA_KEYS_FILE_PATH"] = "./ltpa.keys",
        ["LTPA_KEYS"] = "/ltpa-config/ltpa.keys",
        ["LTPA_KEYS_PASSWORD"] = Password,
        ["LTPA_DURATION_MINUTES"] = "120",
        ["LTPA_REALM"] = "defaultRealm",
    };

    private readonly Dictionary<string, string> customEnv = new()
    {
        ["STI__ST_BB_NAMES__ST_AUTH_TOKEN"] = "Fork:Jwt,Ltpa",
        ["CONTENT_SECURITY_POLICY"] = "\"frame-ancestors 'self' https://inotes.example.com; default-src 'self'\"",
        ["CORS_ALLOWED_ORIGINS"] = "https://inotes.example.com",
    };

    private string proxyEnvironment = "      - SAMETIME_EXTERNAL_WARINTEGRATION=true\n";

    public Sametime12ChecksTests()
    {
        Directory.CreateDirectory(Path.Combine(site, "docker"));
        using var keys = LtpaKeyFile.Read(Fixtures.PathOf("vectors", "ltpa-dev.keys"), Encoding.UTF8.GetBytes(Password));
        foreach (string name in new[] { "inotes.dxl", "sametime.dxl" })
        {
            string path = Path.Combine(site, name);
            File.Copy(Fixtures.PathOf("domino", "websso-note-export.dxl"), path);
            Import(path, new WebSsoUpdate { Keys = keys });
        }

        File.Copy(Fixtures.PathOf("vectors", "ltpa-dev.keys"), Path.Combine(site, "docker", "ltpa.keys"));
    }

    public void Dispose() => Directory.Delete(site, recursive: true);

    private static void Import(string path, WebSsoUpdate update)
    {
        using var store = new DxlDocumentStore(path);
        var doc = WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2");
        store.Update(doc.Document, update.Plan(doc), new DocumentUpdateOptions());
    }

    private void WriteDocker()
    {
        string folder = Path.Combine(site, "docker");
        File.WriteAllText(Path.Combine(folder, ".env"), "# Sametime 12 .env\n" + string.Concat(dotEnv.Select(p => p.Key + "=" + p.Value + "\n")));
        File.WriteAllText(Path.Combine(folder, "custom.env"), string.Concat(customEnv.Select(p => p.Key + "=" + p.Value + "\r\n")));
        File.WriteAllText(Path.Combine(folder, "docker-compose.yml"),
            "services:\n  community:\n    image: hclcr.io/st/chat-server:${BUILD_LEVEL}\n    env_file: custom.env\n" +
            "    volumes:\n      - ${LTPA_KEYS_FILE_PATH}:/ltpa-config/ltpa.keys\n" +
            "  proxy:\n    image: hclcr.io/st/chat-proxy:${BUILD_LEVEL}\n    env_file: custom.env\n    environment:\n" + proxyEnvironment);
    }

    private List<CheckResult> Run(string? hostName = "st12.example.com", bool withDocuments = true, string inotesHost = "inotes.example.com", Hashtable? sametime12 = null, byte[]? keyPassword = null)
    {
        WriteDocker();
        var inotes = new Hashtable { ["HostName"] = inotesHost };
        var community = new Hashtable();
        if (withDocuments)
        {
            inotes["SsoDocument"] = "inotes.dxl";
            community["SsoDocument"] = "sametime.dxl";
        }

        var st12 = sametime12 ?? new Hashtable { ["Folder"] = "docker" };
        if (hostName != null)
        {
            st12["HostName"] = hostName;
        }

        var root = new Hashtable
        {
            ["Sso"] = new Hashtable { ["Domain"] = ".example.com", ["ExpirationMinutes"] = 120, ["Realm"] = "defaultRealm" },
            ["INotes"] = inotes,
            ["Community"] = community,
            ["Sametime12"] = st12,
        };
        var env = EnvironmentReader.FromDictionary(root, site, null);
        using var context = new ChecklistContext(env, new ChecklistOptions { Offline = true, LtpaKeyPassword = keyPassword });
        return new Sametime12Checks().Run(context).ToList();
    }

    private static CheckResult Get(List<CheckResult> results, string id) =>
        results.SingleOrDefault(r => r.Id == id) ?? throw new Xunit.Sdk.XunitException(id + " not among " + string.Join(", ", results.Select(r => r.Id)));

    [Fact]
    public void A_site_that_agrees_everywhere_passes_every_check_with_its_evidence()
    {
        var results = Run();
        Assert.All(results, r => Assert.True(r.Status == CheckStatus.Passed, r.Id + ": " + r.Evidence));
        Assert.Equal(
            ["Sametime12.Configuration", "Sametime12.LtpaEnabled", "Sametime12.AuthToken", "Sametime12.KeyPassword", "Sametime12.Keys.iNotes", "Sametime12.Keys.Community",
             "Sametime12.Expiration", "Sametime12.Realm", "Sametime12.Domain", "Sametime12.HostNames", "Sametime12.ExternalIntegration", "Sametime12.FrameAncestors", "Sametime12.Cors"],
            results.Select(r => r.Id));
        Assert.Contains("LTPA_DURATION_MINUTES (.env:6) is 120 minutes", Get(results, "Sametime12.Expiration").Evidence, StringComparison.Ordinal);
        Assert.Equal(ChecklistLink.INotesToSametime12, Get(results, "Sametime12.Keys.iNotes").Link);
        Assert.All(results, r => Assert.Equal(ChecklistServer.Sametime12, r.Server));
        Assert.All(results, r => Assert.DoesNotContain(Password, r.Evidence + r.Fix, StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_runs_for_a_site_without_a_Sametime_12_server()
    {
        var env = EnvironmentReader.FromDictionary(new Hashtable { ["Sso"] = new Hashtable { ["Domain"] = ".example.com" } }, site, null);
        using var context = new ChecklistContext(env);
        Assert.Empty(new Sametime12Checks().Run(context));
        Assert.Contains(ChecklistAreas.All, a => a is Sametime12Checks);
    }

    [Fact]
    public void Ltpa_switched_off_fails_with_the_fix()
    {
        dotEnv["ENABLE_LTPA"] = "false";
        var result = Get(Run(), "Sametime12.LtpaEnabled");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("ENABLE_LTPA (.env:2) is false", result.Evidence, StringComparison.Ordinal);
        Assert.Contains("Set-St12SsoConfig -Path '", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Auth_token_without_Ltpa_fails_and_without_the_setting_too()
    {
        customEnv["STI__ST_BB_NAMES__ST_AUTH_TOKEN"] = "Fork:Jwt";
        var without = Get(Run(), "Sametime12.AuthToken");
        Assert.Equal(CheckStatus.Failed, without.Status);
        Assert.Contains("is Fork:Jwt: Ltpa is not among", without.Evidence, StringComparison.Ordinal);
        Assert.Contains("Fork:Jwt,Ltpa", without.Fix, StringComparison.Ordinal);

        customEnv.Remove("STI__ST_BB_NAMES__ST_AUTH_TOKEN");
        Assert.Equal(CheckStatus.Failed, Get(Run(), "Sametime12.AuthToken").Status);
    }

    [Fact]
    public void A_wrong_key_password_fails_and_the_keys_are_not_compared()
    {
        dotEnv["LTPA_KEYS_PASSWORD"] = "not-the-password";
        var results = Run();
        var password = Get(results, "Sametime12.KeyPassword");
        Assert.Equal(CheckStatus.Failed, password.Status);
        Assert.DoesNotContain("not-the-password", password.Evidence + password.Fix, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Skipped, Get(results, "Sametime12.Keys.iNotes").Status);
    }

    [Fact]
    public void No_key_password_fails_but_the_checklist_password_still_compares_the_keys()
    {
        dotEnv.Remove("LTPA_KEYS_PASSWORD");
        var results = Run(keyPassword: Encoding.UTF8.GetBytes(Password));
        Assert.Equal(CheckStatus.Failed, Get(results, "Sametime12.KeyPassword").Status);
        Assert.Contains("no key password", Get(results, "Sametime12.KeyPassword").Evidence, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, Get(results, "Sametime12.Keys.iNotes").Status);
    }

    [Fact]
    public void Other_keys_in_one_document_fail_that_document_only()
    {
        using (var other = LtpaKeyFile.Read(Fixtures.PathOf("vectors", "ltpa-dev-d129.keys"), Encoding.UTF8.GetBytes("extra-pass-3")))
        {
            Import(Path.Combine(site, "sametime.dxl"), new WebSsoUpdate { Keys = other });
        }

        var results = Run();
        Assert.Equal(CheckStatus.Passed, Get(results, "Sametime12.Keys.iNotes").Status);
        var community = Get(results, "Sametime12.Keys.Community");
        Assert.Equal(CheckStatus.Failed, community.Status);
        Assert.Matches("holds (.+), Sametime 12 uses (?!\\1).+ \\(host ", community.Evidence);
        Assert.Contains("Import-LtpaKeyToSsoDoc -KeyPath", community.Fix, StringComparison.Ordinal);
        Assert.Null(community.Link);
    }

    [Fact]
    public void A_document_without_WebSphere_keys_fails_the_key_check()
    {
        File.Copy(Fixtures.PathOf("domino", "websso-note-export.dxl"), Path.Combine(site, "inotes.dxl"), overwrite: true);
        var result = Get(Run(), "Sametime12.Keys.iNotes");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("holds no readable WebSphere LTPA keys", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duration_that_differs_from_the_Web_SSO_expiration_fails_with_the_command_that_fixes_it()
    {
        dotEnv["LTPA_DURATION_MINUTES"] = "30";
        var result = Get(Run(), "Sametime12.Expiration");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("is 30 minutes, but the iNotes Web SSO document: 120", result.Evidence, StringComparison.Ordinal);
        Assert.Contains("-DurationMinutes 120", result.Fix, StringComparison.Ordinal);

        dotEnv.Remove("LTPA_DURATION_MINUTES");
        Assert.Equal(CheckStatus.Skipped, Get(Run(), "Sametime12.Expiration").Status);
    }

    [Fact]
    public void Another_realm_fails_and_no_realm_is_not_passed()
    {
        dotEnv["LTPA_REALM"] = "ldap.example.com:389";
        var result = Get(Run(), "Sametime12.Realm");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("the iNotes Web SSO document: defaultRealm", result.Evidence, StringComparison.Ordinal);
        Assert.Contains("-Realm 'defaultRealm'", result.Fix, StringComparison.Ordinal);

        dotEnv.Remove("LTPA_REALM");
        Assert.Equal(CheckStatus.Skipped, Get(Run(), "Sametime12.Realm").Status);
    }

    [Fact]
    public void Documents_with_another_DNS_domain_fail_the_domain_check()
    {
        Import(Path.Combine(site, "sametime.dxl"), new WebSsoUpdate { DnsDomain = ".example.org" });
        var result = Get(Run(), "Sametime12.Domain");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("the Community Web SSO document: .example.org", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_names_must_be_fully_qualified_inside_the_domain()
    {
        Assert.Equal(CheckStatus.Failed, Get(Run(hostName: "st12"), "Sametime12.HostNames").Status);
        var outside = Get(Run(inotesHost: "mail.example.org"), "Sametime12.HostNames");
        Assert.Equal(CheckStatus.Failed, outside.Status);
        Assert.Contains("'mail.example.org' is outside the SSO domain .example.com", outside.Evidence, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Skipped, Get(Run(hostName: null), "Sametime12.HostNames").Status);
    }

    [Fact]
    public void External_integration_missing_from_the_proxy_service_fails()
    {
        proxyEnvironment = "      - JAVA_TOOL_OPTIONS=-Xmx512m\n";
        var result = Get(Run(), "Sametime12.ExternalIntegration");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("does not set SAMETIME_EXTERNAL_WARINTEGRATION", result.Evidence, StringComparison.Ordinal);
        Assert.Contains("Set-St12SsoConfig -ExternalIntegration", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void The_iNotes_origin_must_be_allowed_by_frame_ancestors_and_CORS()
    {
        customEnv["CONTENT_SECURITY_POLICY"] = "\"frame-ancestors 'self'; default-src 'self'\"";
        customEnv["CORS_ALLOWED_ORIGINS"] = "https://verse.example.com";
        var results = Run();
        var csp = Get(results, "Sametime12.FrameAncestors");
        Assert.Equal(CheckStatus.Failed, csp.Status);
        Assert.Contains("-FrameAncestor https://inotes.example.com", csp.Fix, StringComparison.Ordinal);
        var cors = Get(results, "Sametime12.Cors");
        Assert.Equal(CheckStatus.Failed, cors.Status);
        Assert.Contains("-CorsOrigin https://inotes.example.com", cors.Fix, StringComparison.Ordinal);

        // A wildcard for the domain is enough for both; "*" is not for CORS with credentials.
        customEnv["CONTENT_SECURITY_POLICY"] = "\"frame-ancestors 'self' https://*.example.com\"";
        customEnv["CORS_ALLOWED_ORIGINS"] = "*";
        results = Run();
        Assert.Equal(CheckStatus.Passed, Get(results, "Sametime12.FrameAncestors").Status);
        Assert.Equal(CheckStatus.Failed, Get(results, "Sametime12.Cors").Status);

        customEnv.Remove("CORS_ALLOWED_ORIGINS");
        customEnv.Remove("CONTENT_SECURITY_POLICY");
        results = Run();
        Assert.Equal(CheckStatus.Warning, Get(results, "Sametime12.Cors").Status);
        Assert.Equal(CheckStatus.Skipped, Get(results, "Sametime12.FrameAncestors").Status);
    }

    [Fact]
    public void Without_Web_SSO_documents_the_comparisons_are_skipped_not_passed()
    {
        var results = Run(withDocuments: false);
        Assert.Equal(CheckStatus.Skipped, Get(results, "Sametime12.Keys.iNotes").Status);
        Assert.Equal(CheckStatus.Passed, Get(results, "Sametime12.Expiration").Status); // Sso.ExpirationMinutes is given
        Assert.Equal(CheckStatus.Skipped, Get(results, "Sametime12.Domain").Status);
    }

    [Fact]
    public void A_missing_install_folder_fails_the_configuration_check_and_stops_there()
    {
        var results = Run(sametime12: new Hashtable { ["Folder"] = "nowhere", ["Kind"] = "Docker" });
        Assert.Equal(CheckStatus.Failed, Assert.Single(results).Status);
    }

    [Fact]
    public void A_Windows_installation_is_skipped_with_the_manual_step()
    {
        var result = Assert.Single(Run(sametime12: new Hashtable { ["Folder"] = ".", ["Kind"] = "Windows" }));
        Assert.Equal(CheckStatus.Skipped, result.Status);
        Assert.Contains("HCL documents no configuration file", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Kubernetes_site_reads_the_values_and_the_secrets_file_among_the_values_files()
    {
        string helm = Path.Combine(site, "helm");
        Directory.CreateDirectory(helm);
        string keys = Convert.ToBase64String(File.ReadAllBytes(Fixtures.PathOf("vectors", "ltpa-dev.keys")));
        File.WriteAllText(Path.Combine(helm, "values.yaml"),
            "global:\n  enableLtpa: true\n  ltpaKeysBase64: " + keys + "\n  ltpaDurationMinutes: \"60\"\n  contentSecurityPolicy: \"frame-ancestors 'self' https://inotes.example.com\"\n");
        File.WriteAllText(Path.Combine(helm, "sametime-secrets.yaml"),
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: sametime-global-secrets\ntype: Opaque\ndata:\n  LtpaKeysPassword: " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Password)) + "\n");
        var results = Run(sametime12: new Hashtable { ["ValuesFiles"] = new[] { "helm/sametime-secrets.yaml", "helm/values.yaml" } });
        Assert.Equal(CheckStatus.Passed, Get(results, "Sametime12.KeyPassword").Status);
        Assert.Equal(CheckStatus.Passed, Get(results, "Sametime12.Keys.Community").Status);
        var expiration = Get(results, "Sametime12.Expiration");
        Assert.Equal(CheckStatus.Failed, expiration.Status);
        Assert.Contains("-HelmValuesPath", expiration.Fix, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Skipped, Get(results, "Sametime12.AuthToken").Status);
        Assert.Equal(CheckStatus.Skipped, Get(results, "Sametime12.ExternalIntegration").Status);
    }

    [Fact]
    public void Compare_is_the_same_logic_for_documents_given_directly()
    {
        dotEnv["LTPA_DURATION_MINUTES"] = "30";
        WriteDocker();
        var config = Sametime12Checks.Read(new Sametime12Description { Folder = Path.Combine(site, "docker") })!;
        using var store = new DxlDocumentStore(Path.Combine(site, "inotes.dxl"));
        var document = WebSsoDocuments.FindOne(store, DominoItemMap.Default, "LtpaToken2");
        var results = Sametime12Checks.Compare(config, [("inotes.dxl", document, null)]);
        Assert.Equal(["Sametime12.Keys.inotes.dxl", "Sametime12.Expiration", "Sametime12.Realm", "Sametime12.Domain"], results.Select(r => r.Id));
        Assert.Equal(CheckStatus.Passed, results[0].Status);
        Assert.Equal(CheckStatus.Failed, results[1].Status);
        Assert.Equal(CheckStatus.Skipped, results[3].Status); // one domain alone is nothing to compare

        var findings = Sametime12Checks.AsFindings(config, [document]);
        Assert.Equal(FindingSeverity.Ok, findings.Single(f => f.Rule == "Sametime12.Keys").Severity);
        var expiration = findings.Single(f => f.Rule == "Sametime12.Expiration");
        Assert.Equal(FindingSeverity.Error, expiration.Severity);
        Assert.Contains("but the inotes.dxl Web SSO document: 120", expiration.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_draws_the_Sametime_12_server_instead_of_the_proxy_and_community_pair_or_beside_them()
    {
        var results = new List<CheckResult>
        {
            new CheckResult("Sametime12.Expiration", ChecklistArea.Sametime12, "lifetime", CheckStatus.Failed, "30 vs 120", "fix", GuideSection.Sametime12, ChecklistServer.Sametime12, ChecklistLink.INotesToSametime12),
            new CheckResult("Sametime12.LtpaEnabled", ChecklistArea.Sametime12, "on", CheckStatus.Passed, "true", null, GuideSection.Sametime12, ChecklistServer.Sametime12),
        };
        string Render(Hashtable root)
        {
            var env = EnvironmentReader.FromDictionary(root, site, null);
            return HtmlReport.Render(env, results, new ChecklistSummary(env.Name, results, DateTimeOffset.Now, TimeSpan.Zero));
        }

        WriteDocker();
        var alone = Render(new Hashtable
        {
            ["INotes"] = new Hashtable { ["HostName"] = "inotes.example.com" },
            ["Sametime12"] = new Hashtable { ["Folder"] = "docker", ["HostName"] = "st12.example.com" },
        });
        Assert.Matches("data-server=\"Sametime12\" data-status=\"Failed\"><title>Sametime 12 \\(Docker\\): 1 failed, 1 passed", alone);
        Assert.Contains(">st12.example.com</text>", alone, StringComparison.Ordinal);
        Assert.Matches("data-link=\"iNotes-Sametime12\" data-status=\"Failed\"", alone);
        Assert.DoesNotContain("data-server=\"SametimeProxy\"", alone, StringComparison.Ordinal);
        Assert.DoesNotContain("data-server=\"Community\"", alone, StringComparison.Ordinal);
        Assert.DoesNotContain("data-link=\"SametimeProxy-Community\"", alone, StringComparison.Ordinal);

        var both = Render(new Hashtable
        {
            ["Proxy"] = new Hashtable { ["HostName"] = "proxy.example.com" },
            ["Community"] = new Hashtable { ["HostName"] = "st.example.com" },
            ["Sametime12"] = new Hashtable { ["Folder"] = "docker" },
        });
        Assert.Contains("data-server=\"SametimeProxy\"", both, StringComparison.Ordinal);
        Assert.Contains("data-server=\"Community\"", both, StringComparison.Ordinal);
        Assert.Matches("data-server=\"Sametime12\" data-status=\"Failed\"", both);

        var classic = Render(new Hashtable { ["Proxy"] = new Hashtable { ["HostName"] = "proxy.example.com" } });
        Assert.DoesNotContain("data-server=\"Sametime12\"", classic, StringComparison.Ordinal);
    }
}
