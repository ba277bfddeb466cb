using SametimeAdmin.Diagnostics;
using Xunit;

namespace SametimeAdmin.Tests.Diagnostics;

public class StartupLogTests
{
    private static StartupLogReport Read(string path, LogDateOrder order = LogDateOrder.Auto) =>
        StartupLog.Read(path, "STCHAT4", StServiceCatalog.Default, order);

    [Fact]
    public void TheGuidesStartupIsOneServiceStartedAndACompletedStartup()
    {
        var report = Read(Fixtures.PathOf("diagnostics", "guide-community-startup.log"), LogDateOrder.DayMonthYear);

        Assert.True(report.StartupFound);
        Assert.Equal(new DateTime(2017, 3, 9, 7, 27, 19), report.LastSuccessfulStartup);
        Assert.Equal(13, report.LastSuccessfulStartupLine);
        var java = Assert.Single(report.Rows, r => r.Counted);
        Assert.Equal("Java Services", java.Service);
        Assert.Equal(StServiceState.Started, java.Status);
        Assert.Equal(11, java.LineNumber);
        Assert.Contains("not in the service catalogue", java.Detail);
        var startup = Assert.Single(report.Rows, r => r.Service == "Sametime startup");
        Assert.Equal(StServiceState.Started, startup.Status);
        Assert.Single(report.Rows, r => r.Service == "HTTP Server" && r.Status == StServiceState.Started && r.LineNumber == 3);
        Assert.Single(report.Rows, r => r.Service == "Sametime Server" && r.Status == StServiceState.Running);
        Assert.Empty(report.Warnings);

        var summary = report.Summarize("STCHAT4");
        Assert.True(summary.AllHealthy);
        Assert.Equal(0, summary.ExitCode);
        Assert.Equal("1 of 1 services reported started; last successful startup 2017-03-09 07:27:19", summary.Message);
    }

    [Fact]
    public void AmbiguousDatesAreReportedAsSuch()
    {
        var report = Read(Fixtures.PathOf("diagnostics", "guide-community-startup.log"));
        Assert.Contains(report.Warnings, w => w.Contains("-DateOrder", StringComparison.Ordinal));
    }

    [Fact]
    public void AServiceThatNeverReportsAndALaterIncompleteStartupAreProblems()
    {
        string path = TempLog.Write(
            "[0A10:0002-0B20] 14/03/2017 06:00:01 Initiating Sametime Startup",
            "[0A10:0002-0B20] 14/03/2017 06:00:02 Sametime: Starting service [ST Community].",
            "[0A10:0002-0B20] 14/03/2017 06:00:03 Sametime: Service [ST Community] started successfully.",
            "[0A10:0002-0B20] 14/03/2017 06:00:04 Sametime: All services started successfully.",
            "[0A10:0002-0B20] 14/03/2017 06:00:05 Sametime: Server startup successful.",
            "[0A10:0002-0B20] 15/03/2017 06:00:01 Initiating Sametime Startup",
            "[0A10:0002-0B20] 15/03/2017 06:00:02 Sametime: Starting service [ST Community].",
            "[0A10:0002-0B20] 15/03/2017 06:00:02 Sametime: Starting service [Mux].",
            "[0A10:0002-0B20] 15/03/2017 06:00:03 Sametime: Service [ST Community] started successfully.",
            "[2558:004E-2110] 15/03/2017 06:00:09 Error connecting to server LDAP1/ibm: Remote system no longer responding");
        var report = Read(path);

        Assert.Equal(new DateTime(2017, 3, 14, 6, 0, 5), report.LastSuccessfulStartup);
        var mux = Assert.Single(report.Rows, r => r.Service == "Mux");
        Assert.Equal(StServiceState.NotReported, mux.Status);
        Assert.Equal("ST Mux", mux.DisplayName);
        Assert.False(mux.IsHealthy);
        Assert.Equal(8, mux.LineNumber);
        Assert.Contains("never 'started successfully'", mux.Detail);
        var startup = Assert.Single(report.Rows, r => r.Service == "Sametime startup");
        Assert.Equal(StServiceState.Incomplete, startup.Status);
        Assert.Contains("Last successful startup at 2017-03-14 06:00:05 (line 5)", startup.Detail);
        var ldap = Assert.Single(report.Rows, r => r.Service == "Connection to LDAP1/ibm");
        Assert.Equal(StServiceState.Failed, ldap.Status);
        Assert.Contains("Remote system no longer responding", ldap.Detail);

        var summary = report.Summarize("STCHAT4");
        Assert.False(summary.AllHealthy);
        Assert.Equal(1, summary.ExitCode);
        Assert.Equal(2, summary.Expected);
        Assert.Equal(1, summary.Healthy);
        Assert.Equal(new[] { "ST Mux (NotReported)", "Sametime startup (Incomplete)", "Connection to LDAP1/ibm (Failed)" }, summary.Problems);
        Assert.StartsWith("1 of 2 services reported started; last successful startup 2017-03-14 06:00:05; not healthy: ST Mux", summary.Message);
    }

    [Fact]
    public void TheHttpAndLdapLinesOfTheGuideAreRecognised()
    {
        var report = Read(Fixtures.PathOf("diagnostics", "guide-console-http-ldap.log"));
        Assert.False(report.StartupFound);
        Assert.Single(report.Rows, r => r.Service == "HTTP Server" && r.LineNumber == 5);
        Assert.Single(report.Rows, r => r.Service == "LDAP Server" && r.Time == new DateTime(2017, 3, 13, 7, 44, 35));
        Assert.Single(report.Rows, r => r.Service == "Connection to LDAP1/ibm" && !r.IsHealthy);
        var summary = report.Summarize("INOTES1");
        Assert.False(summary.AllHealthy);
        Assert.Contains("no Sametime startup in the log", summary.Problems);
    }

    [Fact]
    public void ABinaryFileIsRefused()
    {
        var ex = Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() => Read(TempLog.WriteBytes(new byte[] { 0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0, 4, 0 })));
        Assert.Equal("LogFileNotText", ex.ErrorId);
    }

    [Fact]
    public void AFolderIsRefused()
    {
        var ex = Assert.Throws<SametimeAdmin.Common.SametimeAdminException>(() => Read(Path.GetTempPath()));
        Assert.Equal("LogPathIsFolder", ex.ErrorId);
    }

    [Fact]
    public void ATruncatedLogWarnsAndKeepsWhatItHas()
    {
        string path = TempLog.WriteBytes(System.Text.Encoding.UTF8.GetBytes("14/03/2017 06:00:01 Initiating Sametime Startup\n14/03/2017 06:00:02 Sametime: Starting service [ST Mux"));
        var report = Read(path);
        Assert.Contains(report.Warnings, w => w.Contains("middle of a line", StringComparison.Ordinal));
        Assert.Single(report.Rows, r => r.Service == "Sametime startup" && r.Status == StServiceState.Incomplete);
        Assert.DoesNotContain(report.Rows, r => r.Counted);
    }

    [Fact]
    public void AnAnsiCodePageLineIsReadAsLatin1()
    {
        byte[] bytes = System.Text.Encoding.Latin1.GetBytes("14/03/2017 06:00:02 Sametime: Starting service [ST Gr\u00fc\u00dfe].\n");
        var report = Read(TempLog.WriteBytes(bytes));
        Assert.Single(report.Rows, r => r.Service == "ST Gr\u00fc\u00dfe");
    }
}
