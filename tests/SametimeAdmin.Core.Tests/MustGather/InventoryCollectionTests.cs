using System.IO.Compression;
using System.Text;
using SametimeAdmin.Checklist;
using SametimeAdmin.MustGather;
using Xunit;

namespace SametimeAdmin.Tests.MustGather;

/// <summary>The inventory files, the reproduction facts and the default log locations of a must-gather archive.</summary>
public sealed class InventoryCollectionTests : IDisposable
{
    private readonly string work = Path.Combine(Path.GetTempPath(), "st-mgi-" + Guid.NewGuid().ToString("N"));

    public InventoryCollectionTests() => Directory.CreateDirectory(work);

    public void Dispose() => Directory.Delete(work, recursive: true);

    private static string F(params string[] parts) => Fixtures.PathOf(["inventory", .. parts]);

    private static SsoEnvironment InventorySite(string securityXml) => new()
    {
        Proxy = new ProxyDescription
        {
            VersionFiles = [F("proxy", "WAS.product"), F("liberty", "openliberty.properties")],
            AboutThisProfile = F("proxy", "AboutThisProfile.txt"),
            WimConfig = F("proxy", "wimconfig.xml"),
        },
        Ssc = new SscDescription { WimConfig = F("ssc", "wimconfig.xml"), SecurityXml = securityXml },
        INotes = [new DominoServerDescription(ChecklistServer.INotes) { Name = "CN=INOTES1/O=ibm", DirectoryAssistanceDocument = F("inotes", "da-other-ldap.dxl") }],
        Community = [new DominoServerDescription(ChecklistServer.Community)
        {
            Name = "CN=STCHAT4/O=ibm",
            VersionFiles = [F("community", "buildinfo.txt")],
            DirectoryAssistanceDocument = F("community", "da.dxl"),
        }],
    };

    private Dictionary<string, string> Collect(SsoEnvironment env, Action<MustGatherArchive>? more = null)
    {
        string path = Path.Combine(work, Guid.NewGuid().ToString("N") + ".zip");
        using (var archive = new MustGatherArchive(path, overwrite: false, redact: true))
        {
            MustGatherCollector.AddEnvironmentFiles(archive, env);
            more?.Invoke(archive);
            archive.Complete("fixture", "test");
        }

        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open(), Encoding.UTF8);
            return reader.ReadToEnd();
        });
    }

    [Theory]
    [InlineData("ssc", "security-ldap.xml")]
    [InlineData("proxy", "server-ldap.xml")]
    public void The_inventory_files_are_collected_and_no_encoded_password_reaches_the_archive(string folder, string file)
    {
        var entries = Collect(InventorySite(F(folder, file)));
        foreach (string name in new[]
        {
            "proxy/version/WAS.product", "proxy/version/openliberty.properties", "proxy/AboutThisProfile.txt", "proxy/wimconfig.xml", "ssc/wimconfig.xml",
            "ssc/security.xml", "inotes/directory-assistance.dxl", "community/directory-assistance.dxl", "community/version/buildinfo.txt",
        })
        {
            Assert.True(entries.ContainsKey(name), name + " is missing from the archive: " + string.Join(", ", entries.Keys));
        }

        Assert.Contains("ldapServerHost.mulvm.ie.ibm.com", entries["proxy/wimconfig.xml"], StringComparison.Ordinal);
        Assert.Contains("HTTP transport port: 9080", entries["proxy/AboutThisProfile.txt"], StringComparison.Ordinal);
        Assert.Contains("LDAPHostName", entries["community/directory-assistance.dxl"], StringComparison.Ordinal);
        foreach (var entry in entries)
        {
            foreach (string secret in new[] { "{xor}", "{aes}", "Lz4sLCgwLTs", "ARBrhmpy7Q3ELX2fUaOTsDpkFbZ8ARhEgG1m3PHa0j5w", "da-bind-secret" })
            {
                Assert.False(entry.Value.Contains(secret, StringComparison.Ordinal), $"{entry.Key} holds {secret}");
            }
        }
    }

    [Fact]
    public void The_overview_records_the_reproduction_time_and_user_or_asks_for_them()
    {
        var site = new SsoEnvironment();
        var time = new DateTimeOffset(2017, 3, 13, 11, 52, 37, TimeSpan.Zero);
        string given = MustGatherCollector.Overview(site, time, new MustGatherCollector.ReproductionFacts(time.AddMinutes(-5), "uid=alice,ou=people,dc=lab,dc=example,dc=com"));
        Assert.Contains("Reproduced: 2017-03-13 11:47:37 +00:00", given, StringComparison.Ordinal);
        Assert.Contains("Test user:  uid=alice,ou=people,dc=lab,dc=example,dc=com", given, StringComparison.Ordinal);

        string missing = MustGatherCollector.Overview(site, time);
        Assert.Contains("Reproduced: (not given: please add the date and time the problem was reproduced)", missing, StringComparison.Ordinal);
        Assert.Contains("Test user:  (not given: please add the user name used in the test)", missing, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_log_locations_are_searched_for_what_the_site_does_not_name_and_listed()
    {
        string profiles = Path.Combine(work, "WebSphere", "AppServer", "profiles");
        string trace = Path.Combine(profiles, "proxy1STPP", "logs", "STProxyServer", "trace.log");
        Directory.CreateDirectory(Path.GetDirectoryName(trace)!);
        File.WriteAllText(trace, "[3/13/17 11:52:37:000 GMT] 0000006c LTPAServerObj E   SECJ0369E: Authentication failed; Cookie: LtpaToken2=AAAABBBBCCCCDDDDEEEEFFFF0123456789\n");
        string data = Path.Combine(work, "Domino", "data");
        var locations = new[]
        {
            new DefaultLogLocation(DefaultLogKind.ProxyTrace, Path.Combine(profiles, "*", "logs", "*", "trace.log")),
            new DefaultLogLocation(DefaultLogKind.ProxyProfile, Path.Combine(profiles, "*", "logs", "AboutThisProfile.txt")),
            new DefaultLogLocation(DefaultLogKind.DominoConsole, Path.Combine(data, "IBM_TECHNICAL_SUPPORT", "console.log")),
        };

        var site = new SsoEnvironment { Proxy = new ProxyDescription { AboutThisProfile = F("proxy", "AboutThisProfile.txt") } };
        var entries = Collect(site, archive => MustGatherCollector.AddDefaultLogs(archive, site, locations));
        string listing = entries["log-locations.txt"];
        Assert.Contains("searched      " + locations[0].Pattern + "  1 file(s): " + trace, listing, StringComparison.Ordinal);
        Assert.Contains("not searched  " + locations[1].Pattern + "  (the environment names Proxy.AboutThisProfile)", listing, StringComparison.Ordinal);
        Assert.Contains("searched      " + locations[2].Pattern + "  nothing found", listing, StringComparison.Ordinal);
        Assert.Contains("SECJ0369E", entries["local/1-trace.log"], StringComparison.Ordinal);
        Assert.DoesNotContain("AAAABBBBCCCCDDDDEEEEFFFF0123456789", entries["local/1-trace.log"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_guides_default_locations_cover_the_proxy_trace_its_profile_and_the_domino_console()
    {
        var windows = DefaultLogLocations.Guide(windows: true);
        Assert.Contains(windows, l => l.Kind == DefaultLogKind.ProxyTrace && l.Pattern == @"C:\IBM\WebSphere\AppServer\profiles\*\*\logs\*\trace.log");
        Assert.Contains(windows, l => l.Kind == DefaultLogKind.ProxyProfile && l.Pattern == @"C:\IBM\WebSphere\AppServer\profiles\*\*\logs\AboutThisProfile.txt");
        Assert.Contains(windows, l => l.Kind == DefaultLogKind.DominoConsole && l.Pattern == @"C:\IBM\Domino\data\IBM_TECHNICAL_SUPPORT\console.log");
        var linux = DefaultLogLocations.Guide(windows: false);
        Assert.Contains(linux, l => l.Kind == DefaultLogKind.DominoConsole && l.Pattern == "/local/notesdata/IBM_TECHNICAL_SUPPORT/console.log");
        Assert.Contains(linux, l => l.Kind == DefaultLogKind.ProxyTrace && l.Pattern == "/opt/IBM/WebSphere/AppServer/profiles/*/logs/*/trace.log");
    }
}
