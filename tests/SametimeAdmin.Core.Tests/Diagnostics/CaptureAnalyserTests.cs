using System.IO.Compression;
using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.Diagnostics;
using SametimeAdmin.Domino;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Diagnostics;

public sealed class CaptureAnalyserTests
{
    private static readonly string Token = Newtonsoft.Json.Linq.JObject.Parse(Fixtures.ReadText("vectors", "ltpa2-dev.json"))["vectors"]![0]!["token"]!.ToString();

    private static List<SsoCaptureFinding> Analyse(string path, LtpaTokenReader? reader = null) => new CaptureAnalyser(reader).Analyse(path).ToList();

    private static SsoCaptureFinding One(List<SsoCaptureFinding> findings, string rule, string? contains = null) =>
        Assert.Single(findings, f => f.Rule == rule && (contains == null || f.Message.Contains(contains, StringComparison.Ordinal)));

    /// <summary>Zips the raw session files of a fixture folder into a .saz, the way Fiddler stores them.</summary>
    private static string Saz(string folder)
    {
        string path = Path.Combine(Path.GetTempPath(), "st-saz-" + Guid.NewGuid().ToString("N") + ".saz");
        ZipFile.CreateFromDirectory(Fixtures.PathOf("capture", folder), path);
        return path;
    }

    private static void AssertNoSecrets(IEnumerable<SsoCaptureFinding> findings, params string[] secrets)
    {
        foreach (var finding in findings)
        {
            foreach (string secret in secrets.Append(Token).Append(Token.Substring(10, 24)))
            {
                Assert.DoesNotContain(secret, finding.Message + finding.Fix, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_har_session_gives_every_finding_not_only_the_first()
    {
        var findings = Analyse(Fixtures.PathOf("capture", "inotes-session.har"));
        string fingerprint = LtpaTokenReader.TokenFingerprint(Token);

        var setCookie = One(findings, "LtpaSetCookie");
        Assert.Equal(FindingSeverity.Ok, setCookie.Severity);
        Assert.Contains("Domain=.lab.example.com, Path=/", setCookie.Message, StringComparison.Ordinal);
        Assert.Equal(fingerprint, setCookie.TokenFingerprint);
        Assert.Equal(FindingSeverity.Ok, One(findings, "LtpaCookieToProxy").Severity);
        Assert.Contains("cookies LtpaToken2", One(findings, "CookiesToHost", "proxy1.lab.example.com:9080").Message, StringComparison.Ordinal);
        Assert.Contains("cookies LtpaToken2", One(findings, "CookiesToHost", "inotes1.lab.example.com").Message, StringComparison.Ordinal);

        var login = One(findings, "LoginRequest");
        Assert.Equal(FindingSeverity.Ok, login.Severity);
        Assert.Contains("loginType=byToken, username=alice, loginMethod=2", login.Message, StringComparison.Ordinal);

        Assert.Equal(FindingSeverity.Ok, One(findings, "ProxyScripts").Severity);
        Assert.Equal(FindingSeverity.Ok, One(findings, "Presence").Severity);
        // The buddy list fails twice over: its preflight is refused, and the request answers 500.
        Assert.Equal(FindingSeverity.Error, One(findings, "BuddyList").Severity);
        Assert.Equal(FindingSeverity.Ok, One(findings, "CorsPreflight", "/stwebapi/user/connect").Severity);
        Assert.Equal(FindingSeverity.Error, One(findings, "CorsPreflight", "/stwebapi/buddylist").Severity);
        Assert.Equal(FindingSeverity.Ok, One(findings, "WebConsoleDojo").Severity);
        Assert.Equal(FindingSeverity.Ok, One(findings, "WebConsoleForms9").Severity);
        Assert.Equal(FindingSeverity.Error, One(findings, "WebConsoleBuddyList").Severity);

        // A login round trip (mail file -> login form -> mail file) is not a loop.
        Assert.Equal(FindingSeverity.Ok, One(findings, "RedirectLoop").Severity);
        var token = One(findings, "Token");
        Assert.Equal(FindingSeverity.Skipped, token.Severity);
        Assert.Equal(fingerprint, token.TokenFingerprint);
        AssertNoSecrets(findings, "Secr3t-Inotes-Passw0rd");
    }

    [Fact]
    public void With_keys_each_token_gets_its_verdict_and_with_other_keys_it_fails()
    {
        byte[] password = Encoding.UTF8.GetBytes("dev-LTPA-Passw0rd!");
        using var keys = LtpaKeyFile.Read(Fixtures.PathOf("vectors", "ltpa-dev.keys"), password);
        var valid = One(Analyse(Fixtures.PathOf("capture", "inotes-session.har"), new LtpaTokenReader([keys], null)), "Token");
        Assert.Equal(FindingSeverity.Ok, valid.Severity);
        Assert.Contains("LtpaToken2 Valid, user ", valid.Message, StringComparison.Ordinal);
        Assert.Contains("alice", valid.Message, StringComparison.Ordinal);

        using var other = LtpaKeyFile.Read(Fixtures.PathOf("vectors", "ltpa-dev-d129.keys"), Encoding.UTF8.GetBytes("extra-pass-3"));
        var rejected = One(Analyse(Fixtures.PathOf("capture", "inotes-session.har"), new LtpaTokenReader([other], null)), "Token");
        Assert.Equal(FindingSeverity.Error, rejected.Severity);
        Assert.Contains("Import-LtpaKeyToSsoDoc", rejected.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fiddler_archive_is_read_from_its_raw_sessions()
    {
        string saz = Saz("saz-session");
        try
        {
            var requests = CapturedSession.Read(saz);
            // The CONNECT tunnel is not a request of the page; the path-only request gets its Host header.
            Assert.Equal(["POST", "GET", "POST"], requests.Select(r => r.Method));
            Assert.Equal("http://proxy1.lab.example.com:9080/stbaseapi/latest/baseComps.js?lang=en", requests[1].Url.ToString());

            var findings = Analyse(saz);
            var setCookie = One(findings, "LtpaSetCookie");
            Assert.Equal(FindingSeverity.Error, setCookie.Severity);
            Assert.Contains("host-only", setCookie.Message, StringComparison.Ordinal);
            Assert.Contains("not running", One(findings, "ProxyScripts").Fix, StringComparison.Ordinal);
            // The chunked response body is put together before the CLFRX code is looked for.
            var login = One(findings, "LoginRequest");
            Assert.Equal(FindingSeverity.Error, login.Severity);
            Assert.Contains("CLFRX0035E", login.Message, StringComparison.Ordinal);
            Assert.Contains("ST_TOKEN_TYPE", login.Fix, StringComparison.Ordinal);
            Assert.Equal(FindingSeverity.Error, One(findings, "LtpaCookieToProxy").Severity);
            AssertNoSecrets(findings, "Secr3t-Saz-Passw0rd");
        }
        finally
        {
            File.Delete(saz);
        }
    }

    [Fact]
    public void A_redirect_loop_is_named_with_its_urls()
    {
        var loop = One(Analyse(Fixtures.PathOf("capture", "redirect-loop.har")), "RedirectLoop");
        Assert.Equal(FindingSeverity.Error, loop.Severity);
        Assert.Contains("http://inotes1.lab.example.com/mail/bob.nsf -> http://webmail.lab.example.com/names.nsf -> http://inotes1.lab.example.com/mail/bob.nsf", loop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_web_console_checks_of_the_guide_report_each_line()
    {
        string[] lines =
        [
            "03/13/2017 11:52:36AM [http://inotes1.lab.example.com/domjs/dojo-1.5.4/dojo/dojo.js?201607141215] Logging started",
            "03/13/2017 11:52:36AM CxS() (Sametime Listener)",
            "03/13/2017 11:52:36AM Loading element script with src=http://proxy1.lab.example.com:9080/stbaseapi/latest/baseComps.js?lang=en... (Key: LISTENER117)",
            "03/13/2017 11:52:37AM Loading URL: /iNotes/Forms9.nsf/iNotes/Proxy/?OpenDocument&pt&Form=f_StyleSheet_STProxy&ui=dwa_form&l=en&gz&CR&MX&",
            "03/13/2017 11:52:38AM Dwf{{$Inbox}} awareness error: livename service failed",
            "03/13/2017 11:52:39AM TypeError: sametime is undefined",
        ];
        var findings = new CaptureAnalyser().AnalyseWebConsole("console.txt", lines).ToList();
        Assert.Equal(FindingSeverity.Ok, One(findings, "WebConsoleDojo").Severity);
        Assert.Equal(FindingSeverity.Ok, One(findings, "WebConsoleSametimeListener").Severity);
        Assert.Equal(FindingSeverity.Ok, One(findings, "WebConsoleProxyScripts").Severity);
        Assert.Equal(FindingSeverity.Ok, One(findings, "WebConsoleForms9").Severity);
        Assert.Equal(FindingSeverity.Error, One(findings, "WebConsoleInboxAwareness").Severity);
        Assert.Equal(FindingSeverity.Warning, One(findings, "WebConsoleBuddyList").Severity);
        Assert.Contains("sametime is undefined", One(findings, "WebConsoleError").Message, StringComparison.Ordinal);

        var silent = new CaptureAnalyser().AnalyseWebConsole("console.txt", [lines[0]]).ToList();
        Assert.Equal(FindingSeverity.Warning, One(silent, "WebConsoleSametimeListener").Severity);
    }

    [Theory]
    [InlineData("not json at all", CapturedSession.ErrorInvalid)]
    [InlineData("{\"log\": {}}", CapturedSession.ErrorInvalid)]
    [InlineData("", CapturedSession.ErrorInvalid)]
    public void A_malformed_har_is_a_clear_error(string content, string errorId)
    {
        string path = Path.Combine(Path.GetTempPath(), "st-bad-" + Guid.NewGuid().ToString("N") + ".har");
        File.WriteAllText(path, content);
        try
        {
            var ex = Assert.Throws<SametimeAdminException>(() => new CaptureAnalyser().Analyse(path));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Equal(FailureKind.InvalidData, ex.Kind);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_zip_that_is_not_a_session_archive_or_is_damaged_is_a_clear_error()
    {
        string path = Path.Combine(Path.GetTempPath(), "st-bad-" + Guid.NewGuid().ToString("N") + ".saz");
        try
        {
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
                writer.Write("no sessions");
            }

            Assert.Equal(CapturedSession.ErrorInvalid, Assert.Throws<SametimeAdminException>(() => CapturedSession.Read(path)).ErrorId);

            File.WriteAllBytes(path, [.. "PK\u0003\u0004"u8, .. new byte[64]]);
            Assert.Equal(CapturedSession.ErrorInvalid, Assert.Throws<SametimeAdminException>(() => CapturedSession.Read(path)).ErrorId);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_zip_bomb_is_capped_per_entry_and_in_all()
    {
        string path = Path.Combine(Path.GetTempPath(), "st-bomb-" + Guid.NewGuid().ToString("N") + ".saz");
        byte[] zeros = new byte[1024 * 1024];
        try
        {
            // One huge entry: read up to the per-entry cap only, the session still counts.
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                using (var c = zip.CreateEntry("raw/01_c.txt").Open())
                {
                    c.Write("GET http://proxy1.lab.example.com:9080/stwebapi/presence HTTP/1.1\r\nHost: proxy1.lab.example.com:9080\r\n\r\n"u8);
                }

                using var s = zip.CreateEntry("raw/01_s.txt").Open();
                s.Write("HTTP/1.1 200 OK\r\n\r\n"u8);
                for (int i = 0; i < 64; i++)
                {
                    s.Write(zeros);
                }
            }

            var one = CapturedSession.Read(path);
            Assert.Equal(200, Assert.Single(one).Status);

            // Many entries that together decompress past the total cap: refused with CaptureTooLarge.
            File.Delete(path);
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                for (int n = 0; n < (SazReader.MaxTotalBytes / SazReader.MaxEntryBytes) + 2; n++)
                {
                    using var c = zip.CreateEntry($"raw/{n:D2}_c.txt").Open();
                    for (int i = 0; i < SazReader.MaxEntryBytes / zeros.Length; i++)
                    {
                        c.Write(zeros);
                    }
                }
            }

            var ex = Assert.Throws<SametimeAdminException>(() => CapturedSession.Read(path));
            Assert.Equal(CapturedSession.ErrorTooLarge, ex.ErrorId);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheWebConsoleProxyLocationIsComparedWithTheExpectedProxyUrl()
    {
        string[] lines =
        [
            "03/13/2017 11:52:36AM Loading element script with src=http://proxy1.lab.example.com:9080/stbaseapi/latest/baseComps.js?lang=en... (Key: LISTENER117)",
            "03/13/2017 11:52:37AM Loading element script with src=http://proxy1.lab.example.com:9080/stwebclient/latest/dojo.blue/sametime/livenameLight.js?lang=en... (Key: LISTENER121)",
        ];
        SsoCaptureFinding Location(string? expected) =>
            One(new CaptureAnalyser { ExpectedProxyUrl = expected == null ? null : new Uri(expected) }.AnalyseWebConsole("console.txt", lines).ToList(), "WebConsoleProxyLocation");

        var same = Location("http://PROXY1.lab.example.com:9080/");
        Assert.Equal(FindingSeverity.Ok, same.Severity);
        Assert.Contains("http://proxy1.lab.example.com:9080", same.Message, StringComparison.Ordinal);

        var other = Location("https://proxy1.lab.example.com:9443/");
        Assert.Equal(FindingSeverity.Error, other.Severity);
        Assert.Contains("not from the expected proxy https://proxy1.lab.example.com:9443", other.Message, StringComparison.Ordinal);
        Assert.Contains("Configuration document", other.Fix, StringComparison.Ordinal);

        var none = One(new CaptureAnalyser { ExpectedProxyUrl = new Uri("http://proxy1.lab.example.com:9080/") }.AnalyseWebConsole("console.txt", ["03/13/2017 11:52:36AM CxS() (Sametime Listener)"]).ToList(), "WebConsoleProxyLocation");
        Assert.Equal(FindingSeverity.Warning, none.Severity);

        Assert.DoesNotContain(new CaptureAnalyser().AnalyseWebConsole("console.txt", lines), f => f.Rule == "WebConsoleProxyLocation");
    }
}
