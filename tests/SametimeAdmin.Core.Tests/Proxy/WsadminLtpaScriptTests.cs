using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.Proxy;
using Xunit;

namespace SametimeAdmin.Tests.Proxy;

/// <summary>
/// The generated Jython against IBM's documentation: LTPACommandGroup command group for the AdminTask object
/// (WebSphere 8.5.5, rxml_8ltpacomm): importLTPAKeys and exportLTPAKeys, required parameters -ltpaKeyFile and
/// -password; the "Jython list" form of AdminTask arguments (KeyReferenceCommands page, rxml_atwskeyref).
/// </summary>
public sealed class WsadminLtpaScriptTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "st-wsadmin-" + Guid.NewGuid().ToString("N"));

    public WsadminLtpaScriptTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, true);

    [Fact]
    public void Export_uses_the_documented_parameters_and_keeps_the_password_out_of_the_script()
    {
        string path = Path.Combine(folder, "export-ltpa.py");
        var written = WsadminLtpaScript.Write(path, new WsadminLtpaScriptRequest
        {
            Actions = WsadminLtpaAction.Export | WsadminLtpaAction.DisableKeyRegeneration,
            KeyFile = "/tmp/it's ltpa.keys",
            UserName = "wasadmin",
            Wsadmin = "/opt/IBM/WebSphere/AppServer/profiles/STSCDMgrProfile/bin/wsadmin.sh",
        }, overwrite: false);

        string script = File.ReadAllText(path);
        Assert.Contains("keyFile = '/tmp/it\\'s ltpa.keys'", script, StringComparison.Ordinal);
        Assert.Contains("AdminTask.exportLTPAKeys(['-ltpaKeyFile', keyFile, '-password', password])", script, StringComparison.Ordinal);
        Assert.DoesNotContain("importLTPAKeys", script, StringComparison.Ordinal);
        Assert.Contains("System.getenv('ST_LTPA_KEYS_PASSWORD')", script, StringComparison.Ordinal);
        Assert.Contains("console.readPassword(", script, StringComparison.Ordinal);
        Assert.Contains("AdminConfig.list('KeySetGroup')", script, StringComparison.Ordinal);
        Assert.Contains("keySetGroup = 'CellLTPAKeySetGroup'", script, StringComparison.Ordinal);
        Assert.Contains("AdminConfig.modify(group, [['autoGenerate', 'false']])", script, StringComparison.Ordinal);
        Assert.Contains("AdminConfig.save()", script, StringComparison.Ordinal);
        Assert.True(script.IndexOf("autoGenerate", StringComparison.Ordinal) < script.IndexOf("exportLTPAKeys", StringComparison.Ordinal),
            "regeneration is off before the keys leave the cell");

        Assert.False(written.ContainsPassword);
        Assert.Equal("/opt/IBM/WebSphere/AppServer/profiles/STSCDMgrProfile/bin/wsadmin.sh -lang jython -user wasadmin -f export-ltpa.py", written.CommandLine);
        Assert.Contains("#   " + written.CommandLine, script, StringComparison.Ordinal);
        Assert.DoesNotContain("-password ", written.CommandLine, StringComparison.Ordinal);
        Assert.False(OwnerOnlyFile.IsReadableByOthers(path));
    }

    [Fact]
    public void Import_with_an_included_password_writes_it_escaped_owner_only_and_says_so()
    {
        string path = Path.Combine(folder, "import.py");
        var written = WsadminLtpaScript.Write(path, new WsadminLtpaScriptRequest
        {
            Actions = WsadminLtpaAction.Import,
            KeyFile = @"C:\temp\ltpa.keys",
            Password = Encoding.UTF8.GetBytes("pa'ss\\wörd"),
            HostName = "ssc.lab.example.com",
            Port = 8879,
            UserName = "wasadmin",
        }, overwrite: false);

        string script = File.ReadAllText(path);
        Assert.Contains("keyFile = 'C:\\\\temp\\\\ltpa.keys'", script, StringComparison.Ordinal);
        Assert.Contains("password = u'pa\\'ss\\\\w\\u00f6rd'", script, StringComparison.Ordinal);
        Assert.Contains("AdminTask.importLTPAKeys(['-ltpaKeyFile', keyFile, '-password', password])", script, StringComparison.Ordinal);
        Assert.Contains("in clear", script, StringComparison.Ordinal);
        Assert.DoesNotContain("ST_LTPA_KEYS_PASSWORD')", script, StringComparison.Ordinal);
        Assert.True(written.ContainsPassword);
        Assert.Contains("-conntype SOAP -host ssc.lab.example.com -port 8879 -user wasadmin -f import.py", written.CommandLine, StringComparison.Ordinal);
        Assert.False(OwnerOnlyFile.IsReadableByOthers(path));
    }

    [Fact]
    public void Bad_requests_and_an_existing_file_are_refused_and_nothing_is_written()
    {
        string path = Path.Combine(folder, "s.py");
        Assert.Equal(WsadminLtpaScript.ErrorInvalid, Assert.Throws<SametimeAdminException>(() =>
            WsadminLtpaScript.Write(path, new WsadminLtpaScriptRequest(), false)).ErrorId);
        Assert.Equal(WsadminLtpaScript.ErrorInvalid, Assert.Throws<SametimeAdminException>(() =>
            WsadminLtpaScript.Write(path, new WsadminLtpaScriptRequest { Actions = WsadminLtpaAction.Export }, false)).ErrorId);
        Assert.Equal(WsadminLtpaScript.ErrorInvalid, Assert.Throws<SametimeAdminException>(() =>
            WsadminLtpaScript.Write(path, new WsadminLtpaScriptRequest { Actions = WsadminLtpaAction.Export | WsadminLtpaAction.Import, KeyFile = "/tmp/k" }, false)).ErrorId);
        Assert.False(File.Exists(path));

        File.WriteAllText(path, "mine");
        var exists = Assert.Throws<SametimeAdminException>(() =>
            WsadminLtpaScript.Write(path, new WsadminLtpaScriptRequest { Actions = WsadminLtpaAction.DisableKeyRegeneration }, false));
        Assert.Equal("WsadminScriptExists", exists.ErrorId);
        Assert.Equal("mine", File.ReadAllText(path));

        WsadminLtpaScript.Write(path, new WsadminLtpaScriptRequest { Actions = WsadminLtpaAction.DisableKeyRegeneration }, true);
        string script = File.ReadAllText(path);
        Assert.DoesNotContain("password", script.Replace("administrator's password", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }
}
