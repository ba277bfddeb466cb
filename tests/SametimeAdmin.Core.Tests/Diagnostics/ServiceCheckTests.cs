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
        Assert.Equal(new[] { 1516, 1533, 80, 8082, 9080, 9443, 389, 636 }, StPortDefinition.WellKnown.Select(p => p.Port));
        Assert.Contains("Community VP", StPortDefinition.Describe(1516).Meaning);
        Assert.Equal("TCP port (not a well-known Sametime port)", StPortDefinition.Describe(12345).Meaning);
        Assert.Equal(12345, StPortDefinition.Describe(12345).Port);
        Assert.Equal(new[] { 389, 636 }, StPortDefinition.ForRole(StServerRole.Ldap).Select(p => p.Port));
    }
}
