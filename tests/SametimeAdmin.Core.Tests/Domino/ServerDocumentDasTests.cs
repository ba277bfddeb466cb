using System.Net;
using System.Text.Json.Nodes;
using SametimeAdmin.Domino;
using SametimeAdmin.LabServers;
using Xunit;

namespace SametimeAdmin.Tests.Domino;

/// <summary>Server and Configuration documents through Domino Access Services (the lab stand-in on 127.0.0.1).</summary>
public sealed class ServerDocumentDasTests : IDisposable
{
    private const string ServerUnid = "3C9E5A7B1D2F4E6085258A6C004C0002";
    private const string ConfigUnid = "3C9E5A7B1D2F4E6085258A6C004C0003";
    private readonly DasLabServer server = new();
    private readonly ScratchFolder scratch = new();

    public ServerDocumentDasTests()
    {
        server.AddUser("Admin Anna", "s3cret!", DasAccess.Editor);
        server.AddView(new DasView("($Servers)", "ServerName"));
        server.AddView(new DasView("($ServerConfig)", "ServerName"));
        server.AddDocument(new JsonObject
        {
            ["@unid"] = ServerUnid, ["@form"] = "Server", ["Type"] = "Server", ["ServerName"] = "CN=st1/O=Example",
            ["HTTP_EnableSessionAuth"] = "2", ["HTTP_SSOCfg"] = "LtpaToken", ["HTTP_EnableServlets"] = "1",
        });
        server.AddDocument(new JsonObject
        {
            ["@unid"] = ConfigUnid, ["@form"] = "ServerConfig", ["ServerName"] = "CN=st1/O=Example", ["iNotes_WA_SametimeProxyServer"] = "https://stproxy.example.com",
        });
        server.Start();
    }

    public void Dispose()
    {
        server.Dispose();
        scratch.Dispose();
    }

    private DasDocumentStore Open() => new(server.DatabaseUri.ToString(), new NetworkCredential("Admin Anna", "s3cret!"), TimeSpan.FromSeconds(10), false);

    [Fact]
    public void Reads_and_checks_the_documents_through_their_views()
    {
        using var store = Open();
        var findings = ServerDocumentRules.Evaluate(DominoServerDocument.FindAll(store, DominoItemMap.Default), INotesConfigurationDocument.FindAll(store, DominoItemMap.Default),
            new ServerDocumentExpectations { SsoConfigurationName = "LtpaToken2", SametimeProxyUrl = "https://stproxy.example.com" });

        Assert.Equal(FindingSeverity.Ok, Assert.Single(findings, f => f.Rule == ServerDocumentRules.SessionAuthentication).Severity);
        Assert.Equal(FindingSeverity.Ok, Assert.Single(findings, f => f.Rule == ServerDocumentRules.JavaServletSupport).Severity);
        Assert.Equal(FindingSeverity.Ok, Assert.Single(findings, f => f.Rule == ServerDocumentRules.SametimeProxyUrl).Severity);
        Assert.Equal(FindingSeverity.Error, Assert.Single(findings, f => f.Rule == ServerDocumentRules.SsoConfigurationNamed).Severity);
        Assert.Contains(server.Requests, r => r.Path == "/names.nsf/api/data/collections/name/($Servers)");
        Assert.Contains(server.Requests, r => r.Path == "/names.nsf/api/data/collections/name/($ServerConfig)");
    }

    [Fact]
    public void Writes_the_web_sso_configuration_and_the_proxy_url_with_backups()
    {
        string backups = Path.Combine(scratch.Path, "backups");
        using var store = Open();
        var options = new DocumentUpdateOptions { BackupDirectory = backups };
        var sso = ServerDocumentEditor.SetSsoConfiguration(store, DominoItemMap.Default, "st1/Example", "LtpaToken2", (_, _) => true, options, TimeSpan.FromSeconds(5));
        var proxy = ServerDocumentEditor.SetSametimeProxyUrl(store, DominoItemMap.Default, null, "https://stproxy2.example.com", (_, _) => true, options, TimeSpan.FromSeconds(5));

        Assert.Equal(["HTTP_SSOCfg"], sso!.ChangedItems);
        Assert.Equal(["iNotes_WA_SametimeProxyServer"], proxy!.ChangedItems);
        Assert.Equal("LtpaToken2", (string?)server.Items(ServerUnid)["HTTP_SSOCfg"]);
        Assert.Equal("2", (string?)server.Items(ServerUnid)["HTTP_EnableSessionAuth"]);
        Assert.Equal("https://stproxy2.example.com", (string?)server.Items(ConfigUnid)["iNotes_WA_SametimeProxyServer"]);
        Assert.Equal(2, Directory.GetFiles(backups).Length);
    }
}
