using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;
using SametimeAdmin.Checklist;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;
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

    private static SsoEnvironment FixtureEnvironment(string name = "Redaction fixture")
    {
        var root = new Dictionary<string, object?>
        {
            ["Name"] = name,
            ["Proxy"] = new Dictionary<string, object?> { ["LtpaKeys"] = "ltpa.keys", ["TraceLog"] = "trace.log" },
            ["INotes"] = new Dictionary<string, object?> { ["ConsoleLog"] = "console.log", ["SsoDocument"] = "websso.dxl" },
            ["Community"] = new Dictionary<string, object?> { ["SametimeIni"] = "sametime.ini", ["NotesIni"] = "missing-notes.ini", ["SsoDocument"] = "websso-prefixed.dxl" },
            ["Client"] = new Dictionary<string, object?> { ["Captures"] = "capture.har" },
            ["Ssc"] = new Dictionary<string, object?> { ["SecurityXml"] = "server.xml" },
        };
        return EnvironmentReader.FromDictionary(root, Fixtures.PathOf("mustgather"), null);
    }

    // The site stores its imported WebSphere shared key under a name of its own.
    private static readonly DominoItemMap SiteItemMap =
        DominoItemMap.Default.WithOverrides(new[] { new KeyValuePair<string, string?>(WebSsoKeys.WebSphereSharedKey, "ImportedWasBlob") }, "test");

    private MustGatherResult Collect(bool redact, string name = "mg.zip")
    {
        using var archive = new MustGatherArchive(Path.Combine(work, name), overwrite: false, redact: redact, itemMap: SiteItemMap);
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
    public void The_same_token_gets_the_same_keyed_fingerprint_in_every_file_of_one_archive_only()
    {
        const string Token = "PLANTEDLTPATOKEN2AAAAbbbbCCCCddddEEEEffff+/GGGGhhhh==";
        var entries = ReadEntries(Collect(redact: true).Path);
        string trace = Encoding.Latin1.GetString(entries["proxy/trace.log"]);
        string har = Encoding.UTF8.GetString(entries["client/capture.har"]);
        string marker = Regex.Match(trace, @"Cookie: LtpaToken2=(\[REDACTED:LtpaToken2:hmac=[0-9a-f]{8}\])").Groups[1].Value;
        Assert.NotEmpty(marker);

        // Raw in a Cookie header and URL-encoded in a trace line: one fingerprint; the same in the HAR capture.
        Assert.Equal(2, CountOf(trace, marker));
        var harJson = JObject.Parse(har);
        Assert.Equal(marker, (string?)harJson.SelectToken("log.entries[0].request.cookies[0].value"));

        // Not the plain SHA-256 of the token (anyone could confirm a guess with that), and another archive has another key.
        Assert.DoesNotContain(Sha256Hex(Encoding.UTF8.GetBytes(Token))[..8], marker, StringComparison.Ordinal);
        string other = Encoding.Latin1.GetString(ReadEntries(Collect(redact: true, "other.zip").Path)["proxy/trace.log"]);
        Assert.Contains("Cookie: LtpaToken2=[REDACTED:LtpaToken2:hmac=", other, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, other, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprints_are_keyed_per_redactor_and_passwords_get_none_anywhere_in_the_archive()
    {
        var first = new Redactor();
        var second = new Redactor();
        Assert.Equal(first.Fingerprint("PLANTEDTOKENvalue"), first.Fingerprint("PLANTED%54OKENvalue"));
        Assert.NotEqual(first.Fingerprint("PLANTEDTOKENvalue"), second.Fingerprint("PLANTEDTOKENvalue"));
        Assert.NotEqual(Sha256Hex(Encoding.UTF8.GetBytes("PLANTEDTOKENvalue"))[..8], first.Fingerprint("PLANTEDTOKENvalue"));

        var manifest = JObject.Parse(Encoding.UTF8.GetString(ReadEntries(Collect(redact: true).Path)[MustGatherArchive.ManifestName]));
        Assert.Contains("HMAC-SHA256", (string)manifest["fingerprints"]!, StringComparison.Ordinal);
        Assert.Contains("random", (string)manifest["fingerprints"]!, StringComparison.Ordinal);
        var passwords = manifest["files"]!.SelectMany(f => f["redacted"]!).Where(r => (string)r["kind"]! is "Password" or "Authorization").ToList();
        Assert.True(passwords.Sum(r => (int)r["count"]!) >= 15, "expected the planted passwords to be counted");
        Assert.All(passwords, r => Assert.Empty(r["fingerprints"]!));
        string all = string.Concat(ReadEntries(Collect(redact: true, "again.zip").Path).Values.Select(Encoding.Latin1.GetString));
        Assert.DoesNotMatch(@"\[REDACTED:Password:", all);
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
        Assert.Contains("<item name='LTPA_DominoSecret' seal='true'><text>[REDACTED:DominoSecret:hmac=", dxl, StringComparison.Ordinal);

        string trace = Encoding.Latin1.GetString(entries["proxy/trace.log"]);
        Assert.Contains("Set-Cookie: LtpaToken=[REDACTED:LtpaToken:hmac=", trace, StringComparison.Ordinal);
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
    [InlineData("GET ldaps://cn=bind:s3cr@t;pw@ldap.example.com:636/", "s3cr@t")]
    [InlineData("GET ldaps://cn=bind:s3cr@t;pw@ldap.example.com:636/", "t;pw")]
    [InlineData("body {\"password\": \"two words\", \"next\": 1}", "words")]
    [InlineData("body {\"password\": \"esc\\\"aped quote\"}", "aped quote")]
    [InlineData("LTPA_KEYS_PASSWORD='one two;three'", "three")]
    [InlineData("keysPassword=\"{xor}abc def\"", "def")]
    [InlineData("\"evidence\": \"<variable name=\\\"ltpa_password\\\" value=\\\"one two\\\"/>\"", "two")]
    [InlineData("com.ibm.websphere.ltpa.3DESKey\tQUJDREVGR0hJSktMTU5PUFFSU1RVVldY\\=", "QUJDREVGR0hJSktMTU5P")]
    [InlineData("refresh_token: QUJDREVGR0hJSktMTU5PUFFSU1RV", "QUJDREVGR0hJSktMTU5P")]
    public void Line_rules_remove_the_secret(string line, string secret)
    {
        var log = new RedactionLog();
        string redacted = new Redactor().RedactLine(line, log);
        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(Redactor.MarkerPrefix, redacted, StringComparison.Ordinal);
        Assert.True(log.Total > 0);
    }

    [Fact]
    public void Passwords_get_no_fingerprint()
    {
        var log = new RedactionLog();
        string redacted = new Redactor().RedactLine("password=correcthorse", log);
        Assert.Equal("password=[REDACTED:Password]", redacted);
        Assert.Empty(log.Counts.Single().Fingerprints);
    }

    [Fact]
    public void Redaction_is_idempotent()
    {
        string text = File.ReadAllText(Fixture("trace.log"));
        var redactor = new Redactor();
        var once = redactor.Redact(text, ArtefactKind.Text, new RedactionLog());
        var twiceLog = new RedactionLog();
        var twice = redactor.Redact(once, ArtefactKind.Text, twiceLog);
        Assert.Equal(once, twice);
        Assert.Equal(0, twiceLog.Total);
    }

    [Fact]
    public void Xml_is_redacted_on_the_parsed_structure_and_everything_else_is_kept_byte_for_byte()
    {
        var entries = ReadEntries(Collect(redact: true).Path);
        string xml = Encoding.Latin1.GetString(entries["ssc/security.xml"]);
        Assert.Contains("<variable name=\"default.http.port\" value=\"9080\"/>", xml, StringComparison.Ordinal);
        Assert.Contains("<variable name=\"keystore_password\" value=\"[REDACTED:Password]\"/>", xml, StringComparison.Ordinal);
        Assert.Contains("<keyStore id=\"defaultKeyStore\" password=\"[REDACTED:Password]\"/>", xml, StringComparison.Ordinal);
        Assert.Contains("<user name=\"wasadmin\" password=\"[REDACTED:Password]\"/>", xml, StringComparison.Ordinal);
        Assert.Contains("bindDN=\"cn=bind\" bindPassword=\"[REDACTED:Password]\"/>", xml, StringComparison.Ordinal);
        Assert.Contains("user=\"db2admin\" password=\"[REDACTED:Password]\"/></dataSource>", xml, StringComparison.Ordinal);
        Assert.Contains("<webAppSecurity ssoCookieName=\"LtpaToken2\" ssoDomainNames=\"lab.example.com\"/>", xml, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllLines(Fixture("server.xml")).Length, xml.Split('\n').Length - 1);

        string dxl = Encoding.Latin1.GetString(entries["community/websso.dxl"]);
        Assert.Contains("<dxl:item name='LTPA_TokenDomain'><dxl:text>.lab.example.com</dxl:text></dxl:item>", dxl, StringComparison.Ordinal);
        Assert.Contains("<dxl:item name='LTPA_DominoSecret' seal='true'><dxl:text>[REDACTED:DominoSecret:hmac=", dxl, StringComparison.Ordinal);
        Assert.Contains("<dxl:item name='ImportedWasBlob'><dxl:text>[REDACTED:LtpaSharedKey:hmac=", dxl, StringComparison.Ordinal);

        var manifest = JObject.Parse(Encoding.UTF8.GetString(entries[MustGatherArchive.ManifestName]));
        string RedactedBy(string name) => (string)manifest["files"]!.Single(f => (string)f["name"]! == name)["redactedBy"]!;
        Assert.StartsWith("XML parsed", RedactedBy("ssc/security.xml"), StringComparison.Ordinal);
        Assert.StartsWith("XML parsed", RedactedBy("community/websso.dxl"), StringComparison.Ordinal);
        Assert.StartsWith("JSON parsed", RedactedBy("client/capture.har"), StringComparison.Ordinal);
        Assert.StartsWith("Java properties", RedactedBy("proxy/ltpa.keys"), StringComparison.Ordinal);
        Assert.StartsWith("line rules", RedactedBy("proxy/trace.log"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_item_renamed_through_the_item_map_is_redacted_under_its_new_name()
    {
        string dxl = File.ReadAllText(Fixture("websso-prefixed.dxl"));
        string withMap = new Redactor(SiteItemMap).Redact(dxl, ArtefactKind.Xml, new RedactionLog());
        Assert.DoesNotContain("PLANTEDITEMMAPSHAREDKEY", withMap, StringComparison.Ordinal);

        // Without the override the name says nothing about a secret: the map is what makes it one.
        string builtIn = new Redactor().Redact(dxl, ArtefactKind.Xml, new RedactionLog());
        Assert.Contains("PLANTEDITEMMAPSHAREDKEY", builtIn, StringComparison.Ordinal);
        Assert.DoesNotContain("PLANTEDPREFIXEDDOMINOSECRET", builtIn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("broken.dxl", ArtefactKind.Xml, "not well-formed XML")]
    [InlineData("broken.har", ArtefactKind.Har, "not valid JSON")]
    public void A_file_that_does_not_parse_gets_the_fallback_rules_and_the_manifest_says_so(string name, ArtefactKind kind, string reason)
    {
        // Cut off in the middle, as a copy taken while the file was written.
        string text = kind == ArtefactKind.Xml
            ? "<dxl:document xmlns:dxl='http://www.lotus.com/dxl'>\n<dxl:item name='LTPA_DominoSecret'><dxl:text>PLANTEDCUTDOMINOSECRETabc123</dxl:text></dxl:item>\n"
              + "<dxl:item name='ImportedWasBlob'><dxl:text>PLANTEDCUTITEMMAPKEYdef456</dxl:text></dxl:item>\n<variable name='ltpa_password' value='PLANTEDCUTone PLANTEDCUTtwo'/>\n<keyStore password=\"PLANTEDCUTthree&amp;PLANTEDCUTfour\"/>\n<dxl:item name='LTPA_Tok"
            : "{ \"log\": { \"entries\": [ { \"request\": { \"url\": \"https://u:PLANTEDCUTurlpw@h/\", \"postData\": { \"text\": \"{\\\"password\\\":\\\"PLANTEDCUTone PLANTEDCUTtwo\\\"}\" }, \"headers\": [ { \"name\": \"Cookie\", \"value\": \"LtpaToken2=PLANTEDCUTtokenABCDEFGHIJKLMNOP";
        string source = Path.Combine(work, name);
        File.WriteAllText(source, text);
        string zip = Path.Combine(work, "broken.zip");
        using (var archive = new MustGatherArchive(zip, overwrite: false, redact: true, itemMap: SiteItemMap))
        {
            Assert.True(archive.AddFile(source, name, kind, "broken file"));
            var entry = archive.Entries.Single();
            Assert.Contains(reason, entry.RedactionMethod, StringComparison.Ordinal);
            Assert.StartsWith("line rules only", entry.RedactionMethod, StringComparison.Ordinal);
            archive.Complete("fixture", "test");
        }

        var entries = ReadEntries(zip);
        Assert.DoesNotContain("PLANTED", Encoding.Latin1.GetString(entries[name]), StringComparison.Ordinal);
        Assert.Contains(reason, Encoding.UTF8.GetString(entries[MustGatherArchive.ManifestName]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_across_the_chunk_boundary_of_a_very_long_line_is_redacted_whole()
    {
        // A single line longer than the piece a long line is redacted in, with a token and a quoted password
        // placed so that the first piece would end inside each of them.
        const string Token = "PLANTEDSTRADDLINGxyzTAILOFTHESTRADDLINGTOKEN0123";
        var line = new StringBuilder();
        while (line.Length < Redactor.ChunkChars - 30)
        {
            line.Append("lorem ipsum ");
        }

        line.Length = Redactor.ChunkChars - 30;
        line.Append(" LtpaToken2=").Append(Token).Append(' ');
        while (line.Length < (2 * Redactor.ChunkChars) - Redactor.ChunkOverlap - 12)
        {
            line.Append("dolor sit ");
        }

        line.Length = (2 * Redactor.ChunkChars) - Redactor.ChunkOverlap - 12;
        line.Append(" password=\"PLANTEDSPLITone PLANTEDSPLITtwo PLANTEDSPLITthree\" amet\n");
        string source = Path.Combine(work, "long.log");
        File.WriteAllText(source, line.ToString(), Encoding.Latin1);

        string zip = Path.Combine(work, "long.zip");
        using (var archive = new MustGatherArchive(zip, overwrite: false, redact: true))
        {
            archive.AddFile(source, "long.log", ArtefactKind.Text, "long line");
            archive.Complete("fixture", "test");
        }

        string redacted = Encoding.Latin1.GetString(ReadEntries(zip)["long.log"]);
        Assert.DoesNotContain("STRADDLING", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("PLANTED", redacted, StringComparison.Ordinal);
        Assert.Contains(" LtpaToken2=[REDACTED:LtpaToken2:hmac=", redacted, StringComparison.Ordinal);
        Assert.Contains(" password=\"[REDACTED:Password]\" amet\n", redacted, StringComparison.Ordinal);
        Assert.StartsWith(line.ToString(0, 4096), redacted, StringComparison.Ordinal);
        Assert.Single(redacted.Split('\n'), part => part.Length > 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_archive_is_owner_only_from_its_creation_with_or_without_redaction(bool redact)
    {
        string path = Path.Combine(work, "secret.zip");
        MustGatherResult result;
        using (var archive = new MustGatherArchive(path, overwrite: false, redact: redact))
        {
            archive.AddText("note.txt", "password=hunter2hunter2", "note");
            string temp = Assert.Single(Directory.GetFiles(work, ".secret.zip.*.tmp", new EnumerationOptions { AttributesToSkip = 0 }));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(temp));
            }

            result = archive.Complete("fixture", "test");
        }

        Assert.Equal(redact, result.Redacted);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.False(OwnerOnlyFile.IsReadableByOthers(path));
        }
    }

    [Fact]
    public void The_html_report_shows_no_planted_secret_from_any_evidence_or_site_text()
    {
        // Every planted line of the fixtures becomes evidence, fix and check text, as log lines do in real results;
        // each whole file too (a key file's value only makes sense with its continuation line).
        var files = Directory.GetFiles(Fixtures.PathOf("mustgather"))
            .Where(f => !f.EndsWith("planted-secrets.txt", StringComparison.Ordinal) && !f.EndsWith("SOURCE.md", StringComparison.Ordinal))
            .ToList();
        var lines = files.Where(f => !f.EndsWith("ltpa.keys", StringComparison.Ordinal))
            .SelectMany(File.ReadAllLines)
            .Where(l => l.Contains("PLANTED", StringComparison.Ordinal))
            .Concat(files.Select(File.ReadAllText))
            .ToList();
        Assert.True(lines.Count >= 30, "expected the planted lines of the fixtures");
        var results = lines.Select((l, i) => new CheckResult("Planted." + i, "Tokens", "Check: " + l, CheckStatus.Failed, "Evidence: " + l, "Fix: " + l, "4.1", ChecklistServer.Proxy, ChecklistLink.INotesToProxy)).ToList();
        var env = FixtureEnvironment("Site " + lines[0]);
        var summary = new ChecklistSummary(env.Name, results, DateTimeOffset.Now, TimeSpan.FromSeconds(1));

        // As Save-StMustGather renders it: with the archive's redactor, which knows the site's item map.
        string html = HtmlReport.Render(env, results, summary, new Redactor(SiteItemMap));
        Assert.DoesNotContain("PLANTED", html, StringComparison.Ordinal);
        foreach (var part in PlantedSecrets())
        {
            Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(part), html, StringComparison.Ordinal);
        }

        Assert.Contains("[REDACTED:LtpaToken2:hmac=", html, StringComparison.Ordinal);
        Assert.Contains("keysPassword=&quot;[REDACTED:Password]&quot;", html, StringComparison.Ordinal);
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

    [Fact]
    public void YamlIsRedactedByItsStructureAndTheRestStaysByteForByte()
    {
        const string yaml = "global:\r\n  enableLtpa: true # on\r\n  ltpaKeysBase64: 'UGxhbnRlZEtleXM='\r\n  ltpaDurationMinutes: \"30\"\r\n" +
            "passwords:\r\n  mongo: PlantedNested\r\n---\r\nkind: Secret\r\ndata:\r\n  SomeName: UGxhbnRlZERhdGE=\r\n" +
            "env:\r\n  - name: LTPA_KEYS_PASSWORD\r\n    value: PlantedEnv\r\n  - name: LOG_LEVEL\r\n    value: debug\r\n";
        var log = new RedactionLog();
        string redacted = new Redactor().Redact(yaml, ArtefactKind.Yaml, log);
        foreach (string secret in new[] { "UGxhbnRlZEtleXM=", "PlantedNested", "UGxhbnRlZERhdGE=", "PlantedEnv" })
        {
            Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        }

        Assert.Contains("global:\r\n  enableLtpa: true # on\r\n  ltpaKeysBase64: \"[REDACTED:Key:hmac=", redacted, StringComparison.Ordinal);
        Assert.Contains("]\"\r\n  ltpaDurationMinutes: \"30\"\r\npasswords:\r\n  mongo: \"[REDACTED:Password]\"\r\n---\r\n", redacted, StringComparison.Ordinal);
        Assert.EndsWith("  - name: LOG_LEVEL\r\n    value: debug\r\n", redacted, StringComparison.Ordinal);
        Assert.StartsWith("YAML parsed", log.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void YamlThatDoesNotParseGetsTheKeyValueLineRule()
    {
        const string template = "data:\n  JwtSecret: {{ .Values.global.jwtSecret | b64enc }\n  LtpaKeysPassword: UGxhbnRlZFRwbA==\n  other: [unclosed\n";
        var log = new RedactionLog();
        string redacted = new Redactor().Redact(template, ArtefactKind.Yaml, log);
        Assert.DoesNotContain("UGxhbnRlZFRwbA==", redacted, StringComparison.Ordinal);
        Assert.Contains("  LtpaKeysPassword: \"[REDACTED:Password]\"\n", redacted, StringComparison.Ordinal);
        Assert.Contains("  other: [unclosed\n", redacted, StringComparison.Ordinal);
        Assert.StartsWith("YAML key: value lines", log.Method, StringComparison.Ordinal);
    }
}
