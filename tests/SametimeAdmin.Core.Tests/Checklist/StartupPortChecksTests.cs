using System.Net;
using System.Net.Sockets;
using SametimeAdmin.Checklist;
using SametimeAdmin.Diagnostics;
using Xunit;

namespace SametimeAdmin.Tests.Checklist;

/// <summary>Verification Checklist, startup: the WAS SSC and the DB2 server run (probed on their ports when the site names them).</summary>
public class StartupPortChecksTests
{
    private static List<CheckResult> Run(SscDescription ssc, bool offline = false)
    {
        using var context = new ChecklistContext(new SsoEnvironment { Ssc = ssc }, new ChecklistOptions { Offline = offline, Timeout = TimeSpan.FromSeconds(2) });
        return new StartupChecks().Run(context).Where(r => r.Id is "Startup.Ssc" or "Startup.Db2").ToList();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    [Fact]
    public void WithoutHostsBothAreSkippedNamingTheSetting()
    {
        var results = Run(new SscDescription());
        Assert.Equal(["Startup.Ssc", "Startup.Db2"], results.Select(r => r.Id));
        Assert.All(results, r => Assert.Equal(CheckStatus.Skipped, r.Status));
        Assert.Contains("Ssc.HostName", results[0].Evidence);
        Assert.Contains("8700, 8701, 8703", results[0].Evidence);
        Assert.Contains("Ssc.Db2HostName", results[1].Evidence);
        Assert.Contains("50000", results[1].Evidence);
    }

    [Fact]
    public void OfflineTheNamedHostsAreNotProbed()
    {
        var results = Run(new SscDescription { HostName = "ssc.lab.example.com", Db2HostName = "db2.lab.example.com" }, offline: true);
        Assert.All(results, r => Assert.Equal(CheckStatus.Skipped, r.Status));
        Assert.All(results, r => Assert.Contains("Offline run", r.Evidence));
    }

    [Fact]
    public void ADb2PortThatListensPasses()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var db2 = Run(new SscDescription { Db2HostName = "127.0.0.1", Db2Port = port }).Single(r => r.Id == "Startup.Db2");

        Assert.Equal(CheckStatus.Passed, db2.Status);
        Assert.Contains("127.0.0.1:" + port, db2.Evidence);
    }

    [Fact]
    public void ServersThatDoNotListenFailWithTheStartFixAndTheDefaultsCaveat()
    {
        var results = Run(new SscDescription { HostName = "127.0.0.1", Db2HostName = "127.0.0.1", Db2Port = FreePort() });
        var ssc = results.Single(r => r.Id == "Startup.Ssc");
        var db2 = results.Single(r => r.Id == "Startup.Db2");

        Assert.Equal(CheckStatus.Failed, db2.Status);
        Assert.Contains("db2start", db2.Fix);
        Assert.Contains("SVCENAME", db2.Fix);
        Assert.NotEqual(CheckStatus.Passed, ssc.Status);
        Assert.Contains("127.0.0.1:8701", ssc.Evidence);
        Assert.Contains("AboutThisProfile.txt", ssc.Fix);
    }

    [Fact]
    public void SomePortsOpenIsAWarningNotAPass()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int open = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var context = new ChecklistContext(new SsoEnvironment(), new ChecklistOptions { Timeout = TimeSpan.FromSeconds(2) });
        var ports = new[] { new StPortDefinition(open, StServerRole.Ssc, "open"), new StPortDefinition(FreePort(), StServerRole.Ssc, "closed") };

        var result = StartupChecks.ProbePorts(context, StartupChecks.SscRunning, "127.0.0.1", "Ssc.HostName", ports, "fix.");

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains("Some ports answer", result.Fix);
    }
}
