using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;
using SametimeAdmin.Checklist;
using SametimeAdmin.Common;
using SametimeAdmin.MustGather;
using Xunit;

namespace SametimeAdmin.Tests.MustGather;

public sealed class RedactionTests : IDisposable
{
    private readonly string work = Path.Combine(Path.GetTempPath(), "st-mg-" + Guid.NewGuid().ToString("N"));

    public RedactionTests() => Directory.CreateDirectory(work);

    public void Dispose() => Directory.Delete(work, recursive: true);

    private static string[] PlantedSecrets() =>
        File.ReadAllLines(Fixtures.PathOf("mustgather", "planted-secrets.txt")).Where(l => l.Length > 0).ToArray();

    private static string Fixture(string name) => Fixtures.PathOf("mustgather", name);

    private static SsoEnvironment FixtureEnvironment()
    {
        var root = new Dictionary<string, object?>
        {
            ["Name"] = "Redaction fixture",
            ["Proxy"] = new Dictionary<string, object?> { ["LtpaKeys"] = "ltpa.keys", ["TraceLog"] = "trace.log" },
            ["INotes"] = new Dictionary<string, object?> { ["ConsoleLog"] = "console.log", ["SsoDocument"] = "websso.dxl" },
            ["Community"] = new Dictionary<string, object?> { ["SametimeIni"] = "sametime.ini", ["NotesIni"] = "missing-notes.ini" },
            ["Client"] = new Dictionary<string, object?> { ["Captures"] = "capture.har" },
            ["Ssc"] = new Dictionary<string, object?> { ["SecurityXml"] = "server.xml" },
        };
        return EnvironmentReader.FromDictionary(root, Fixtures.PathOf("mustgather"), null);
    }

    private MustGatherResult Collect(bool redact, string name = "mg.zip")
    {
        using var archive = new MustGatherArchive(Path.Combine(work, name), overwrite: false, redact: redact);
        MustGatherCollector.AddEnvironmentFiles(archive, FixtureEnvironment());
        return archive.Complete("fixture", "test");
    }

    private static Dictionary<string, byte[]> ReadEntries(string zipPath)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
    }

    private static string Sha256Hex(byte[] data) => Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();

    [Fact]
    public void No_planted_secret_survives_in_any_entry_of_the_archive()
    {
        var result = Collect(redact: true);
        var entries = ReadEntries(result.Path);
        Assert.True(entries.Count >= 7, "expected the fixture files plus the manifest, got " + string.Join(", ", entries.Keys));
        foreach (var (name, bytes) in entries)
        {
            string text = Encoding.Latin1.GetString(bytes);
            foreach (var secret in PlantedSecrets())
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"'{secret}' found in {name}");
            }

            Assert.DoesNotContain("PLANTED", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_redaction_the_secrets_are_in_the_archive()
    {
        var result = Collect(redact: false);
        string all = string.Concat(ReadEntries(result.Path).Values.Select(Encoding.Latin1.GetString));
        foreach (var secret in PlantedSecrets())
        {
            Assert.Contains(secret, all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_same_token_gets_the_same_fingerprint_in_every_file_and_encoding()
    {
        const string Token = "PLANTEDLTPATOKEN2AAAAbbbbCCCCddddEEEEffff+/GGGGhhhh==";
        string expected = "[REDACTED:LtpaToken2:sha256=" + Sha256Hex(Encoding.UTF8.GetBytes(Token))[..8] + "]";
        var entries = ReadEntries(Collect(redact: true).Path);
        string trace = Encoding.Latin1.GetString(entries["proxy/trace.log"]);
        string har = Encoding.UTF8.GetString(entries["client/capture.har"]);

        // Raw in a Cookie header and URL-encoded in a trace line: one fingerprint.
        Assert.Equal(2, CountOf(trace, expected));
        Assert.Contains(expected, har, StringComparison.Ordinal);
        var harJson = JObject.Parse(har);
        Assert.Equal(expected, (string?)harJson.SelectToken("log.entries[0].request.cookies[0].value"));
    }

    [Fact]
    public void Non_secret_content_is_kept_byte_for_byte()
    {
        var entries = ReadEntries(Collect(redact: true).Path);
        Assert.Equal(File.ReadAllBytes(Fixture("console.log")), entries["inotes/console.log"]);

        string ini = Encoding.Latin1.GetString(entries["community/sametime.ini"]);
        Assert.Contains("[AuthToken]\r\nST_TOKEN_TYPE=LtpaToken2\r\n", ini, StringComparison.Ordinal);
        Assert.Contains("ST_DB_LDAP_PASSWORD=[REDACTED:Password]\r\n", ini, StringComparison.Ordinal);

        string keys = Encoding.Latin1.GetString(entries["proxy/ltpa.keys"]);
        Assert.Contains("com.ibm.websphere.ltpa.PublicKey=AKBiAQ5NotSecretPublicKeyValueAQAB", keys, StringComparison.Ordinal);
        Assert.Contains("com.ibm.websphere.ltpa.Realm=defaultWIMFileBasedRealm", keys, StringComparison.Ordinal);

        string dxl = Encoding.Latin1.GetString(entries["inotes/websso.dxl"]);
        Assert.Contains("<item name='LTPA_TokenDomain'><text>.lab.example.com</text></item>", dxl, StringComparison.Ordinal);
        Assert.Contains("<item name='LTPA_DominoSecret' seal='true'><text>[REDACTED:DominoSecret:sha256=", dxl, StringComparison.Ordinal);

        string trace = Encoding.Latin1.GetString(entries["proxy/trace.log"]);
        Assert.Contains("Set-Cookie: LtpaToken=[REDACTED:LtpaToken:sha256=", trace, StringComparison.Ordinal);
        Assert.Contains("; Path=/; Domain=.lab.example.com; HttpOnly", trace, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_lists_each_file_with_its_size_hash_redactions_and_what_is_missing()
    {
        var result = Collect(redact: true);
        var entries = ReadEntries(result.Path);
        var manifest = JObject.Parse(Encoding.UTF8.GetString(entries[MustGatherArchive.ManifestName]));
        var files = (JArray)manifest["files"]!;
        Assert.Equal(entries.Count - 1, files.Count);
        foreach (var file in files)
        {
            string name = (string)file["name"]!;
            Assert.Equal(entries[name].Length, (long)file["size"]!);
            Assert.Equal(Sha256Hex(entries[name]), (string)file["sha256"]!);
        }

        var trace = files.Single(f => (string)f["name"]! == "proxy/trace.log");
        var kinds = trace["redacted"]!.Select(r => (string)r["kind"]!).ToList();
        Assert.Contains("LtpaToken2", kinds);
        Assert.Contains("Authorization", kinds);
        Assert.Contains("Password", kinds);

        var missing = manifest["missing"]!.Select(m => (string)m["item"]! + " " + (string?)m["path"] + " " + (string)m["reason"]!).ToList();
        Assert.Contains(missing, m => m.Contains("missing-notes.ini", StringComparison.Ordinal) && m.Contains("file not found", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.Contains("Community Server", StringComparison.Ordinal) && m.Contains("console.log", StringComparison.Ordinal));
    }

    [Fact]
    public void An_existing_destination_is_kept_unless_overwrite_is_asked_for()
    {
        string path = Path.Combine(work, "exists.zip");
        File.WriteAllText(path, "keep me");
        var ex = Assert.Throws<SametimeAdminException>(() => new MustGatherArchive(path, overwrite: false, redact: true));
        Assert.Equal(MustGatherArchive.ErrorDestinationExists, ex.ErrorId);
        Assert.Equal("keep me", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(work));

        using (var archive = new MustGatherArchive(path, overwrite: true, redact: true))
        {
            archive.AddText("note.txt", "hello", "note");
            archive.Complete("x", "test");
        }

        Assert.Contains("note.txt", ReadEntries(path).Keys);
        Assert.Single(Directory.GetFiles(work));
    }

    [Fact]
    public void An_abandoned_archive_leaves_no_file_behind()
    {
        string path = Path.Combine(work, "abandoned.zip");
        using (var archive = new MustGatherArchive(path, overwrite: false, redact: true))
        {
            archive.AddText("note.txt", "hello", "note");
        }

        Assert.Empty(Directory.GetFiles(work));
    }

    [Theory]
    [InlineData("keysPassword=\"{xor}Lz4sLCgwLTs=\"", "Lz4sLCgwLTs")]
    [InlineData("Cookie: a=1; LtpaToken=abcdefghijklmnopqrstuvwx", "abcdefghijklmnopqrstuvwx")]
    [InlineData("\"LtpaToken2\":\"ZZZZyyyyXXXXwwwwVVVVuuuu\"", "ZZZZyyyyXXXXwwwwVVVVuuuu")]
    [InlineData("Proxy-Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", "eyJhbGciOiJIUzI1NiJ9")]
    [InlineData("https://host/x?user=a&Password=pa55word&y=2", "pa55word")]
    public void Line_rules_remove_the_secret(string line, string secret)
    {
        var log = new RedactionLog();
        string redacted = Redactor.RedactLine(line, log);
        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(Redactor.MarkerPrefix, redacted, StringComparison.Ordinal);
        Assert.True(log.Total > 0);
    }

    [Fact]
    public void Passwords_get_no_fingerprint()
    {
        var log = new RedactionLog();
        string redacted = Redactor.RedactLine("password=correcthorse", log);
        Assert.Equal("password=[REDACTED:Password]", redacted);
        Assert.Empty(log.Counts.Single().Fingerprints);
    }

    [Fact]
    public void Redaction_is_idempotent()
    {
        string text = File.ReadAllText(Fixture("trace.log"));
        var once = Redactor.Redact(text, ArtefactKind.Text, new RedactionLog());
        var twiceLog = new RedactionLog();
        var twice = Redactor.Redact(once, ArtefactKind.Text, twiceLog);
        Assert.Equal(once, twice);
        Assert.Equal(0, twiceLog.Total);
    }

    private static int CountOf(string text, string part)
    {
        int n = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
