using System.Net;
using System.Net.Sockets;
using SametimeAdmin.Diagnostics;
using Xunit;

namespace SametimeAdmin.Tests.Diagnostics;

public class ServiceCatalogTests
{
    [Fact]
    public void TheBuiltInCatalogueHas24ServicesOf18ConfirmedByTheGuidesFigure()
    {
        var catalog = StServiceCatalog.Default;
        Assert.Equal(24, catalog.Services.Count);
        Assert.Equal("built-in", catalog.Origin);
        string[] figure18 =
        {
            "ST Admin Service", "ST Chat Logging", "ST Community", "ST Community Launch", "ST Conference", "ST Configuration", "ST Directory",
            "ST File Transfer", "ST Logger", "ST Mux", "ST Offline Messages", "ST OnlineDir", "ST Places", "ST Policy", "ST Polling", "ST Presence",
            "ST Presence Compatibility", "ST Presence Subscriptions",
        };
        foreach (string name in figure18)
        {
            var entry = catalog.Find(name);
            Assert.NotNull(entry);
            Assert.Equal(CatalogEvidence.Confirmed, entry!.Evidence);
            Assert.Contains("Figure 18", entry.Source);
        }

        var others = catalog.Services.Where(s => !figure18.Contains(s.Name)).ToList();
        Assert.Equal(6, others.Count);
        Assert.All(others, s => Assert.Equal(CatalogEvidence.Inferred, s.ExecutableEvidence));
        Assert.Equal(5, others.Count(s => s.Evidence == CatalogEvidence.Inferred));
        Assert.Equal("stcommlaunch", catalog.Find("ST Community Launch")!.Executable);
        Assert.Null(catalog.Find("ST Offline Messages")!.Executable);
        Assert.Equal(CatalogEvidence.Unknown, catalog.Find("ST Offline Messages")!.ExecutableEvidence);
        Assert.Same(catalog.Find("ST Mux"), catalog.Find("mux"));
    }

    [Fact]
    public void AnAdminCatalogueInExportCsvFormatIsRead()
    {
        string text = "#TYPE SametimeAdmin.Diagnostics.StServiceDefinition\r\n\"Name\",\"DisplayName\",\"Executable\",\"Evidence\"\r\n\"Sametime Server\",\"Sametime Server\",\"stlaunch\",\"Confirmed\"\r\n\"ST Mux\",\"ST Mux, multiplexer\",\"stmux\",\"inferred\"\r\n";
        var catalog = StServiceCatalog.Parse(text, "mine.csv");
        Assert.Equal(2, catalog.Services.Count);
        Assert.Equal("ST Mux, multiplexer", catalog.Services[1].DisplayName);
        Assert.Equal(CatalogEvidence.Inferred, catalog.Services[1].Evidence);
        Assert.Equal(CatalogEvidence.Unknown, catalog.Services[0].ExecutableEvidence);
    }

    [Theory]
    [InlineData("", "no header")]
    [InlineData("Executable,Evidence\nstmux,Confirmed\n", "neither a Name nor a DisplayName column")]
    [InlineData("Name,Evidence\nST Mux,Sure\n", "'Sure' is not an evidence value")]
    [InlineData("Name\nST Mux\nst mux\n", "listed twice")]
    [InlineData("Name,DisplayName\n", "lists no services")]
    [InlineData("Name,DisplayName\n,\n", "neither a Name nor a DisplayName.")]
    public void ABadCatalogueSaysWhatIsWrong(string text, string expected)
    {
        var ex = Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() => StServiceCatalog.Parse(text, "bad.csv"));
        Assert.Equal("CatalogFileInvalid", ex.ErrorId);
        Assert.Contains(expected, ex.Message);
        Assert.Contains("Export-Csv", ex.RecommendedAction);
    }

    [Fact]
    public void AMissingCatalogueFileSaysSo()
    {
        var ex = Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() => StServiceCatalog.Load(Path.Combine(Path.GetTempPath(), "no-such-catalogue.csv")));
        Assert.Equal("CatalogFileNotFound", ex.ErrorId);
    }
}

public class ServiceControlCheckTests
{
    private sealed class FakeReader(IEnumerable<WindowsServiceInfo> services) : IWindowsServiceReader
    {
        public IReadOnlyList<WindowsServiceInfo> GetServices(string computerName) => services.ToList();
    }

    [Fact]
    public void RunningStoppedMissingAndExtraServicesAreReportedAndCounted()
    {
        var installed = StServiceCatalog.Default.Services
            .Where(s => s.Name != "ST Privacy")
            .Select(s => new WindowsServiceInfo(s.Name, s.DisplayName, s.Name == "ST Mux" ? "Stopped" : "Running", "Manual"))
            .Append(new WindowsServiceInfo("STMeeting", "ST Meeting Server", "Running", "Automatic"))
            .Append(new WindowsServiceInfo("W32Time", "Windows Time", "Running", "Manual"))
            .ToList();
        IWindowsServiceReader reader = new FakeReader(installed);
        var rows = ServiceControlCheck.Evaluate("STCHAT4", StServiceCatalog.Default, reader.GetServices("STCHAT4"));

        Assert.Equal(25, rows.Count);
        var mux = Assert.Single(rows, r => r.Service == "ST Mux");
        Assert.Equal(StServiceState.Stopped, mux.Status);
        Assert.Equal("Manual", mux.StartType);
        Assert.Contains("staddin", mux.Detail);
        var privacy = Assert.Single(rows, r => r.Service == "ST Privacy");
        Assert.Equal(StServiceState.NotInstalled, privacy.Status);
        Assert.Contains("inferred", privacy.Detail);
        var extra = Assert.Single(rows, r => r.Service == "STMeeting");
        Assert.False(extra.Counted);
        Assert.DoesNotContain(rows, r => r.Service == "W32Time");

        var summary = StServiceSummary.FromRows("STCHAT4", StServiceSource.ServiceControl, rows);
        Assert.Equal(24, summary.Expected);
        Assert.Equal(22, summary.Healthy);
        Assert.Equal("22 of 24 services running; not healthy: ST Mux (Stopped), ST Privacy (NotInstalled)", summary.Message);
        Assert.Equal(1, summary.ExitCode);
    }

    [Fact]
    public void ServicesAreMatchedByDisplayNameWhenTheServiceNameDiffers()
    {
        var rows = ServiceControlCheck.Evaluate("X", StServiceCatalog.Default,
            StServiceCatalog.Default.Services.Select(s => new WindowsServiceInfo("svc_" + s.Executable, s.DisplayName, "Running", null)));
        Assert.All(rows, r => Assert.Equal(StServiceState.Running, r.Status));
        Assert.True(StServiceSummary.FromRows("X", StServiceSource.ServiceControl, rows).AllHealthy);
    }

    [Fact]
    public void OnThisPlatformServiceControlSaysWhatToUseInstead()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.NotNull(ServiceControllerReader.Create());
            return;
        }

        var ex = Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() => ServiceControllerReader.Create());
        Assert.Equal("ServiceControlNotSupported", ex.ErrorId);
        Assert.Contains("-LogPath", ex.RecommendedAction);
        Assert.Contains("-Probe", ex.RecommendedAction);
    }
}

public class CimServiceReaderTests
{
    private static readonly string[] NotHealthy = { "ST Community", "ST Places", "ST Mux", "ST Polling", "ST Privacy" };

    /// <summary>Win32_Service instances in the class's own words: "Start Pending", "Auto", command lines.</summary>
    private static List<CimServiceRecord> Records() => StServiceCatalog.Default.Services
        .Where(s => s.Name != "ST Privacy")
        .Select(s => new CimServiceRecord(s.Name, s.DisplayName,
            s.Name switch
            {
                "ST Community" => "Start Pending",
                "ST Places" => "Paused",
                "ST Mux" or "ST Polling" => "Stopped",
                _ => "Running",
            },
            s.Name switch
            {
                "ST Polling" => "Disabled",
                "ST Community" => "Auto",
                _ => "Manual",
            },
            "\"C:\\Program Files\\IBM\\Domino\\" + (s.Executable ?? "stservice") + ".exe\" -service"))
        .Append(new CimServiceRecord("STMeeting", "ST Meeting Server", "Running", "Auto", "C:\\Domino\\stmeet.exe"))
        .Append(new CimServiceRecord("W32Time", "Windows Time", "Running", "Manual", "C:\\Windows\\system32\\svchost.exe -k LocalService"))
        .ToList();

    [Fact]
    public void Win32ServiceRecordsGiveTheRowsAndSummaryOfServiceControl()
    {
        string? askedFor = null;
        IWindowsServiceReader reader = new CimServiceReader(computer =>
        {
            askedFor = computer;
            return Records();
        });
        var rows = ServiceControlCheck.Evaluate("STCHAT4", StServiceCatalog.Default, reader.GetServices("stchat4.example.com"));

        Assert.Equal("stchat4.example.com", askedFor);
        Assert.Equal(25, rows.Count);
        Assert.All(rows, r => Assert.Equal(StServiceSource.ServiceControl, r.Source));
        var community = Assert.Single(rows, r => r.Service == "ST Community");
        Assert.Equal(StServiceState.StartPending, community.Status);
        Assert.Equal("Automatic", community.StartType);
        Assert.False(community.IsHealthy);
        Assert.Equal(StServiceState.Paused, Assert.Single(rows, r => r.Service == "ST Places").Status);
        var mux = Assert.Single(rows, r => r.Service == "ST Mux");
        Assert.Equal(StServiceState.Stopped, mux.Status);
        Assert.Contains("staddin", mux.Detail);
        var polling = Assert.Single(rows, r => r.Service == "ST Polling");
        Assert.Equal("Disabled", polling.StartType);
        Assert.Contains("disabled: set it back to Manual", polling.Detail);
        Assert.Equal(StServiceState.NotInstalled, Assert.Single(rows, r => r.Service == "ST Privacy").Status);
        var meeting = Assert.Single(rows, r => r.Service == "STMeeting");
        Assert.False(meeting.Counted);
        Assert.Equal("Automatic", meeting.StartType);
        Assert.DoesNotContain(rows, r => r.Service == "W32Time");

        var summary = StServiceSummary.FromRows("STCHAT4", StServiceSource.ServiceControl, rows);
        Assert.Equal(24, summary.Expected);
        Assert.Equal(19, summary.Healthy);
        var problems = StServiceCatalog.Default.Services.Where(s => NotHealthy.Contains(s.Name)).Select(s => s.DisplayName).ToList();
        Assert.Equal(problems, summary.Problems.Select(p => p.Substring(0, p.IndexOf(" (", StringComparison.Ordinal))));
        Assert.Contains("ST Community (StartPending)", summary.Message);
        Assert.StartsWith("19 of 24 services running; not healthy: ", summary.Message);
    }

    [Fact]
    public void CimAndServiceControlRecordsOfTheSameServicesGiveTheSameRows()
    {
        var cim = new CimServiceReader(_ => Records()).GetServices("x");
        var controller = Records().Select(r => new WindowsServiceInfo(r.Name, r.DisplayName!, r.State!.Replace(" ", string.Empty), r.StartMode == "Auto" ? "Automatic" : r.StartMode));
        var fromCim = ServiceControlCheck.Evaluate("X", StServiceCatalog.Default, cim);
        var fromController = ServiceControlCheck.Evaluate("X", StServiceCatalog.Default, controller);
        Assert.Equal(fromController.Select(r => (r.Service, r.Status, r.StartType, r.Detail, r.Counted)), fromCim.Select(r => (r.Service, r.Status, r.StartType, r.Detail, r.Counted)));
    }

    [Fact]
    public void AServiceWhoseNamesDifferIsFoundByTheExecutableOfItsCommandLine()
    {
        var mux = StServiceCatalog.Default.Find("ST Mux")!;
        Assert.NotNull(mux.Executable);
        var records = new[]
        {
            new CimServiceRecord("SametimeMux", "Sametime multiplexer", "Running", "Manual", "C:\\Program Files\\IBM\\Domino\\" + mux.Executable + ".exe -service"),
        };
        var rows = ServiceControlCheck.Evaluate("X", StServiceCatalog.Default, new CimServiceReader(_ => records).GetServices("x"));
        var row = Assert.Single(rows, r => r.Service == "SametimeMux");
        Assert.Equal(StServiceState.Running, row.Status);
        Assert.True(row.Counted);
        Assert.DoesNotContain(rows, r => r.Service == "ST Mux");
    }

    [Theory]
    [InlineData("\"C:\\Program Files\\IBM\\stmux.exe\" -a", "stmux")]
    [InlineData("C:\\Program Files\\IBM\\stmux.exe -a", "stmux")]
    [InlineData("C:\\Domino\\nserver -c", "nserver")]
    [InlineData("", null)]
    public void TheExecutableIsTakenFromQuotedAndUnquotedCommandLines(string pathName, string? expected)
    {
        Assert.Equal(expected, new WindowsServiceInfo("s", "s", "Running", null) { PathName = pathName }.Executable);
    }

    [Fact]
    public void AQueryThatFailsIsServiceQueryFailedWithTheWinRmChecks()
    {
        var reader = new CimServiceReader(_ => throw new InvalidOperationException("The WinRM client cannot process the request."));
        var ex = Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() => reader.GetServices("stchat1"));
        Assert.Equal("ServiceQueryFailed", ex.ErrorId);
        Assert.Equal(SametimeAdmin.Common.FailureKind.ConnectionError, ex.Kind);
        Assert.Contains("'stchat1'", ex.Message);
        Assert.Contains("WinRM client", ex.Message);
        Assert.Contains("Test-WSMan", ex.RecommendedAction);
    }

    [Fact]
    public void OnThisPlatformCimSaysWhatToUseInstead()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.NotNull(CimServiceReader.Create(_ => Array.Empty<CimServiceRecord>()));
            return;
        }

        var ex = Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() => CimServiceReader.Create(_ => Array.Empty<CimServiceRecord>()));
        Assert.Equal("CimNotAvailable", ex.ErrorId);
        Assert.Equal(SametimeAdmin.Common.FailureKind.NotImplemented, ex.Kind);
        Assert.Contains("-Probe", ex.RecommendedAction);
        Assert.Contains("-LogPath", ex.RecommendedAction);
    }
}

public class PortProbeTests
{
    [Fact]
    public async Task ListeningRefusedAndSilentPortsAreToldApart()
    {
        using var listening = new TcpListener(IPAddress.Loopback, 0);
        listening.Start();
        int open = ((IPEndPoint)listening.LocalEndpoint).Port;
        int closed;
        using (var gone = new TcpListener(IPAddress.Loopback, 0))
        {
            gone.Start();
            closed = ((IPEndPoint)gone.LocalEndpoint).Port;
        }

        using var hole = new BlackHoleListener();
        var ports = new[] { new StPortDefinition(open, StServerRole.Proxy, "open"), new StPortDefinition(closed, StServerRole.Proxy, "closed"), new StPortDefinition(hole.Port, StServerRole.Proxy, "silent") };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rows = await PortProbeCheck.ProbeAsync("127.0.0.1", ports, TimeSpan.FromSeconds(1), CancellationToken.None);
        clock.Stop();

        Assert.Equal(new[] { StServiceState.Listening, StServiceState.Refused, StServiceState.NoAnswer }, rows.Select(r => r.Status));
        Assert.Equal(new[] { true, false, false }, rows.Select(r => r.IsHealthy));
        Assert.Equal($"{open}/tcp", rows[0].Service);
        Assert.Contains("nothing listens", rows[1].Detail);
        Assert.Contains("within 1 s", rows[2].Detail);
        // The three probes run together: one timeout, not three.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), "took " + clock.Elapsed);
        var summary = StServiceSummary.FromRows("127.0.0.1", StServiceSource.Probe, rows);
        Assert.StartsWith("1 of 3 ports answering", summary.Message);
    }

    [Fact]
    public async Task AnUnresolvableNameIsReportedPerPort()
    {
        var rows = await PortProbeCheck.ProbeAsync("no-such-host.invalid", StPortDefinition.ForRole(StServerRole.Proxy), TimeSpan.FromSeconds(3), CancellationToken.None);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(StServiceState.Unresolved, r.Status));
        Assert.Contains("does not resolve", rows[0].Detail);
    }

    [Fact]
    public void EveryWellKnownPortHasAMeaning()
    {
        Assert.Equal(new[] { 1516, 1533, 80, 8082, 9080, 9443, 389, 636, 50000, 8700, 8701, 8703 }, StPortDefinition.WellKnown.Select(p => p.Port));
        Assert.Contains("Community VP", StPortDefinition.Describe(1516).Meaning);
        Assert.Equal("TCP port (not a well-known Sametime port)", StPortDefinition.Describe(12345).Meaning);
        Assert.Equal(12345, StPortDefinition.Describe(12345).Port);
        Assert.Equal(new[] { 389, 636 }, StPortDefinition.ForRole(StServerRole.Ldap).Select(p => p.Port));
    }

    [Fact]
    public void Db2AndTheSystemConsoleHaveIbmsDefaultPortsMarkedAsDefaults()
    {
        var db2 = Assert.Single(StPortDefinition.ForRole(StServerRole.Db2));
        Assert.Equal(50000, db2.Port);
        Assert.Contains("STSC and STPR", db2.Meaning);
        Assert.Equal(new[] { 8700, 8701, 8703 }, StPortDefinition.ForRole(StServerRole.Ssc).Select(p => p.Port));
        Assert.Contains("/ibm/console", StPortDefinition.Describe(8701).Meaning);
        Assert.All(StPortDefinition.ForRole(StServerRole.Db2).Concat(StPortDefinition.ForRole(StServerRole.Ssc)), p => Assert.Contains("IBM default", p.Meaning));
        Assert.Contains(StPortDefinition.ForRole(StServerRole.All), p => p.Port == 50000);
    }
}
