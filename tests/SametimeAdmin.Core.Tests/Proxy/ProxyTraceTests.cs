using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.Proxy;
using Xunit;

namespace SametimeAdmin.Tests.Proxy;

public sealed class ProxyTraceTests : IDisposable
{
    private const string Guide = "*=info:com.ibm.ws.security.*=all:com.ibm.websphere.wim.*=all:com.ibm.wsspi.wim.*=all:com.ibm.ws.wim.*=all";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "st-proxytrace-" + Guid.NewGuid().ToString("N"));

    public ProxyTraceTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, true);

    private string Copy(string fixture)
    {
        string path = Path.Combine(folder, "server.xml");
        File.Copy(Fixtures.PathOf("proxysecurity", "trace", fixture), path, true);
        return path;
    }

    private static bool Yes(string description) => true;

    [Fact]
    public void The_guide_specification_is_the_one_section_4_1_gives()
    {
        Assert.Equal(Guide, ProxyTrace.SecuritySpecification);
    }

    [Theory]
    [InlineData("liberty-server.xml", "traceSpecification='*=info:com.ibm.ws.webcontainer.*=fine'", "traceSpecification='" + Guide + "'")]
    [InlineData("was-server.xml", "startupTraceSpecification=\"*=info\"", "startupTraceSpecification=\"" + Guide + "\"")]
    public void Enable_changes_only_the_attribute_and_disable_restores_every_byte(string fixture, string before, string after)
    {
        string path = Copy(fixture);
        byte[] original = File.ReadAllBytes(path);

        var enabled = ProxyTrace.Enable(path, null, Yes);
        Assert.NotNull(enabled);
        Assert.Equal(ProxyTraceAction.Enabled, enabled!.Action);
        string text = File.ReadAllText(path);
        Assert.Equal(Encoding.UTF8.GetString(original).Replace(before, after), text);
        Assert.True(File.Exists(enabled.BackupPath));
        Assert.Equal(original, File.ReadAllBytes(enabled.BackupPath!));
        Assert.True(File.Exists(ProxyTrace.StatePathFor(path)));

        var again = ProxyTrace.Enable(path, null, _ => throw new InvalidOperationException("nothing to confirm"));
        Assert.Equal(ProxyTraceAction.Unchanged, again!.Action);

        var disabled = ProxyTrace.Disable(path, Yes);
        Assert.Equal(ProxyTraceAction.Restored, disabled!.Action);
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.False(File.Exists(ProxyTrace.StatePathFor(path)));
    }

    [Fact]
    public void A_liberty_file_without_logging_gets_one_element_and_loses_it_again()
    {
        string path = Copy("liberty-nologging.xml");
        byte[] original = File.ReadAllBytes(path);
        ProxyTrace.Enable(path, null, Yes);
        string text = File.ReadAllText(path);
        Assert.Contains("\t<webAppSecurity ssoDomainNames=\"lab.example.com\"/>\n\t<logging traceSpecification=\"" + Guide + "\"/>\n</server>", text, StringComparison.Ordinal);

        ProxyTrace.Disable(path, Yes);
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_logging_element_without_the_attribute_gets_it_and_loses_it_again_with_crlf_and_a_bom()
    {
        string path = Path.Combine(folder, "server.xml");
        byte[] original = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("<server>\r\n    <logging maxFiles=\"5\" />\r\n</server>\r\n")];
        File.WriteAllBytes(path, original);
        ProxyTrace.Enable(path, "*=info:com.ibm.ws.security.*=all", Yes);
        byte[] changed = File.ReadAllBytes(path);
        Assert.Equal(original.Take(3), changed.Take(3));
        Assert.Equal("<server>\r\n    <logging maxFiles=\"5\" traceSpecification=\"*=info:com.ibm.ws.security.*=all\" />\r\n</server>\r\n", Encoding.UTF8.GetString(changed, 3, changed.Length - 3));

        ProxyTrace.Disable(path, Yes);
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_second_enable_with_another_specification_still_restores_the_first_previous_value()
    {
        string path = Copy("liberty-server.xml");
        byte[] original = File.ReadAllBytes(path);
        ProxyTrace.Enable(path, null, Yes);
        var second = ProxyTrace.Enable(path, "*=info:com.ibm.ws.security.*=all", Yes);
        Assert.Equal(ProxyTraceAction.Enabled, second!.Action);
        Assert.Contains("traceSpecification='*=info:com.ibm.ws.security.*=all'", File.ReadAllText(path), StringComparison.Ordinal);

        Assert.Equal(ProxyTraceAction.Restored, ProxyTrace.Disable(path, Yes)!.Action);
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public void WhatIf_writes_nothing()
    {
        string path = Copy("was-server.xml");
        byte[] original = File.ReadAllBytes(path);
        string? asked = null;
        Assert.Null(ProxyTrace.Enable(path, null, d => { asked = d; return false; }));
        Assert.Contains("startupTraceSpecification", asked, StringComparison.Ordinal);
        Assert.Contains("'*=info'", asked, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.False(File.Exists(ProxyTrace.StatePathFor(path)));
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void Disable_without_remembered_value_resets_a_security_trace_to_info_and_leaves_other_traces()
    {
        string path = Copy("was-server.xml");
        Assert.Equal(ProxyTraceAction.NotEnabled, ProxyTrace.Disable(path, _ => throw new InvalidOperationException("no change expected"))!.Action);

        File.WriteAllText(path, File.ReadAllText(path).Replace("startupTraceSpecification=\"*=info\"", "startupTraceSpecification=\"*=info:com.ibm.ws.security.*=all\""));
        var reset = ProxyTrace.Disable(path, Yes);
        Assert.Equal(ProxyTraceAction.Reset, reset!.Action);
        Assert.Contains("startupTraceSpecification=\"*=info\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Disable_refuses_when_the_specification_changed_since_enable()
    {
        string path = Copy("was-server.xml");
        ProxyTrace.Enable(path, null, Yes);
        File.WriteAllText(path, File.ReadAllText(path).Replace(Guide, "*=info:com.example=fine"));
        byte[] edited = File.ReadAllBytes(path);
        var ex = Assert.Throws<SametimeAdminException>(() => ProxyTrace.Disable(path, Yes));
        Assert.Equal(ProxyTrace.ErrorChanged, ex.ErrorId);
        Assert.Equal(edited, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("<Security/>", "neither a Liberty server.xml", ProxyTrace.ErrorUnreadable)]
    [InlineData("<server><logging", "not well-formed", ProxyTrace.ErrorUnreadable)]
    [InlineData("<process:Server xmlns:process=\"p\"/>", "has no TraceService", ProxyTrace.ErrorUnreadable)]
    [InlineData("<!DOCTYPE server [<!ENTITY a \"b\">]><server>&a;</server>", "document type declaration", SafeXml.ErrorDtd)]
    public void Bad_files_are_refused_with_a_clear_error_and_left_alone(string content, string message, string errorId)
    {
        string path = Path.Combine(folder, "server.xml");
        File.WriteAllText(path, content);
        var ex = Assert.Throws<SametimeAdminException>(() => ProxyTrace.Enable(path, null, Yes));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder));
    }
}
