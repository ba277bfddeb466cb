using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using SametimeAdmin.Diagnostics;
using Xunit;

namespace SametimeAdmin.Tests.Diagnostics;

/// <summary>The Sametime web-API client on its own, over a stub handler: cookies, session headers, deadlines, JSON.</summary>
public class SametimeWebClientTests
{
    private static readonly Uri Proxy = new("http://proxy.lab.example.com:9080/");

    [Fact]
    public async Task SendsBackTheSessionCookiesAndHeadersButNeverLetsTheProxyReplaceTheToken()
    {
        var handler = new StubHandler((request, _) =>
        {
            var response = Text(HttpStatusCode.OK, "application/json", "{\"returnCode\":200}");
            response.Headers.TryAddWithoutValidation("Set-Cookie", "JSESSIONID=0000abc:-1; Path=/; HttpOnly");
            response.Headers.TryAddWithoutValidation("Set-Cookie", "LtpaToken2=from-the-proxy; Path=/; Domain=.lab.example.com");
            response.Headers.TryAddWithoutValidation("X-CSRF-Token", "csrf-1");
            return Task.FromResult(response);
        });
        using var client = new SametimeWebClient(Proxy, TimeSpan.FromSeconds(5), "LtpaToken2", handler);
        client.SetTokenCookie("the-token");

        await Send(client, HttpMethod.Post, "stwebapi/user/connect");
        client.Nonce = "nonce-1";
        await Send(client, HttpMethod.Get, "stwebapi/buddylist");

        Assert.Equal("LtpaToken2=the-token", handler.Seen[0].Cookie);
        Assert.Null(handler.Seen[0].Nonce);
        Assert.Equal("LtpaToken2=the-token; JSESSIONID=0000abc:-1", handler.Seen[1].Cookie);
        Assert.Equal("nonce-1", handler.Seen[1].Nonce);
        Assert.Equal("csrf-1", handler.Seen[1].Csrf);
        Assert.Equal("http://proxy.lab.example.com:9080/stwebapi/buddylist", handler.Seen[1].Url);
        Assert.Equal("application/json", handler.Seen[1].Accept);
    }

    [Fact]
    public async Task SendsNoCookieHeaderBeforeThereIsOne()
    {
        var handler = new StubHandler((_, _) => Task.FromResult(Text(HttpStatusCode.OK, "application/javascript", "var x;")));
        using var client = new SametimeWebClient(Proxy, TimeSpan.FromSeconds(5), "LtpaToken2", handler);
        var answer = await Send(client, HttpMethod.Get, "stbaseapi/latest/baseComps.js?lang=en");
        Assert.Null(handler.Seen[0].Cookie);
        Assert.Equal("*/*", handler.Seen[0].Accept);
        Assert.Equal(200, answer.Status);
        Assert.Null(answer.Json);
        Assert.False(answer.IsHtml);
    }

    [Fact]
    public async Task GivesUpAtTheDeadlineWhenNoHeadersCome()
    {
        var handler = new StubHandler(async (_, cancel) =>
        {
            await Task.Delay(Timeout.Infinite, cancel);
            throw new InvalidOperationException("unreachable");
        });
        using var client = new SametimeWebClient(Proxy, TimeSpan.FromMilliseconds(300), "LtpaToken2", handler);
        var answer = await Send(client, HttpMethod.Get, "stwebapi/presence", 300);
        Assert.Equal(SametimeWebFailure.Timeout, answer.FailureKind);
        Assert.Equal("no complete answer within 0.3 s", answer.Failure);
        Assert.Null(answer.Status);
    }

    [Fact]
    public async Task GivesUpAtTheDeadlineWhenTheBodyNeverEnds()
    {
        var handler = new StubHandler((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new EndlessStream()) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            return Task.FromResult(response);
        });
        using var client = new SametimeWebClient(Proxy, TimeSpan.FromMilliseconds(300), "LtpaToken2", handler);
        var answer = await Send(client, HttpMethod.Get, "stwebapi/buddylist", 300);
        Assert.Equal(SametimeWebFailure.Timeout, answer.FailureKind);
        Assert.Equal("no complete answer within 0.3 s (the headers came, HTTP 200, the body did not)", answer.Failure);
        Assert.Equal(200, answer.Status);
        Assert.Equal(answer.Failure, answer.JsonFailure);
    }

    [Fact]
    public async Task ThrowsOnlyWhenTheCallerStops()
    {
        var handler = new StubHandler(async (_, cancel) =>
        {
            await Task.Delay(Timeout.Infinite, cancel);
            throw new InvalidOperationException("unreachable");
        });
        using var client = new SametimeWebClient(Proxy, TimeSpan.FromSeconds(30), "LtpaToken2", handler);
        using var stop = new CancellationTokenSource(200);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(HttpMethod.Get, "stwebapi/presence", null, stop.Token, deadline.Token));
    }

    [Theory]
    [InlineData("{\"returnCode\": 200, \"userId\": \"uid=alice", " (the answer looks like JSON but does not parse: cut off?)")]
    [InlineData("[{\"id\": 1}, ", " (the answer looks like JSON but does not parse: cut off?)")]
    public async Task SaysWhenJsonIsCutOff(string body, string hint)
    {
        var answer = await Answer(HttpStatusCode.OK, "application/json", body);
        Assert.Null(answer.Json);
        Assert.Equal(hint, answer.Hint);
        Assert.Equal("HTTP 200" + hint + ", not JSON", answer.JsonFailure);
        Assert.Null(answer.ReturnCode);
        Assert.Null(answer.ErrorText);
    }

    [Fact]
    public async Task ReadsTheErrorAndTheClfrxCodeOfAFailedLogin()
    {
        var answer = await Answer(HttpStatusCode.InternalServerError, "application/json",
            "{\"returnCode\":\"500\",\"error\":\"CLFRX0027E: Unable to complete the login request for user alice: Reason: 1. CLFRX0035E: Token was not found for login by token by user alice\"}");
        Assert.Equal(500, answer.ReturnCode);
        Assert.StartsWith("CLFRX0027E: Unable to complete", answer.ErrorText, StringComparison.Ordinal);
        Assert.StartsWith("CLFRX0027E: Unable to complete the login request for user alice", answer.ClfrxText, StringComparison.Ordinal);
        Assert.StartsWith("HTTP 500, \"CLFRX0027E", answer.JsonFailure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TakesAPlainMessageOnASuccessForNoError()
    {
        var answer = await Answer(HttpStatusCode.OK, "application/json", "{\"returnCode\":200,\"message\":\"ok\",\"rtc4webNonce\":\"n-1\",\"userId\":\"alice\"}");
        Assert.Null(answer.ErrorText);
        Assert.Null(answer.JsonFailure);
        Assert.Equal("n-1", answer.FirstString("rtc4WebNonce", "rtc4webNonce"));
        Assert.Null(answer.FirstString("nonce"));
    }

    [Fact]
    public async Task NamesAnHtmlPageByItsTitle()
    {
        var answer = await Answer(HttpStatusCode.OK, "text/html", "<html><head><title>\n  WebSphere   Login </title></head><body><form/></body></html>");
        Assert.True(answer.IsHtml);
        Assert.Equal(" (HTML page titled 'WebSphere Login')", answer.Hint);
        Assert.Equal("HTTP 200 (HTML page titled 'WebSphere Login'), an HTML page where JSON was expected", answer.JsonFailure);
    }

    [Fact]
    public async Task ReadsTheCharsetTheAnswerNames()
    {
        var handler = new StubHandler((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Encoding.Latin1.GetBytes("{\"displayName\":\"Zoë\"}")) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=ISO-8859-1");
            return Task.FromResult(response);
        });
        using var client = new SametimeWebClient(Proxy, TimeSpan.FromSeconds(5), "LtpaToken2", handler);
        var answer = await Send(client, HttpMethod.Get, "stwebapi/user/connect");
        Assert.Equal("Zoë", answer.FirstString("displayName"));
    }

    [Fact]
    public async Task TellsARefusedConnectionFromAFailedHandshake()
    {
        var refused = await Failing(new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)));
        Assert.Equal(SametimeWebFailure.Connection, refused.FailureKind);
        Assert.Equal("the request failed: ConnectionRefused", refused.Failure);

        var tls = await Failing(new HttpRequestException("SSL failed", new AuthenticationException("The remote certificate is invalid")));
        Assert.Equal(SametimeWebFailure.Tls, tls.FailureKind);
        Assert.Equal("TLS failed: The remote certificate is invalid", tls.Failure);
    }

    private static async Task<SametimeWebAnswer> Failing(Exception ex)
    {
        using var client = new SametimeWebClient(Proxy, TimeSpan.FromSeconds(5), "LtpaToken2", new StubHandler((_, _) => Task.FromException<HttpResponseMessage>(ex)));
        return await Send(client, HttpMethod.Get, "stwebapi/presence");
    }

    private static async Task<SametimeWebAnswer> Answer(HttpStatusCode status, string contentType, string body)
    {
        using var client = new SametimeWebClient(Proxy, TimeSpan.FromSeconds(5), "LtpaToken2", new StubHandler((_, _) => Task.FromResult(Text(status, contentType, body))));
        return await Send(client, HttpMethod.Post, "stwebapi/user/connect");
    }

    /// <summary>One exchange under the deadline the client is told about (as the probe gives it).</summary>
    private static async Task<SametimeWebAnswer> Send(SametimeWebClient client, HttpMethod method, string path, int deadlineMilliseconds = 5000)
    {
        using var deadline = new CancellationTokenSource(deadlineMilliseconds);
        return await client.SendAsync(method, path, null, CancellationToken.None, deadline.Token);
    }

    private static HttpResponseMessage Text(HttpStatusCode status, string contentType, string body)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8) };
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return response;
    }

    private sealed record Seen(string Url, string? Cookie, string? Nonce, string? Csrf, string? Accept);

    private sealed class StubHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        public List<Seen> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            static string? One(HttpRequestMessage r, string name) => r.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
            Seen.Add(new Seen(request.RequestUri!.ToString(), One(request, "Cookie"), One(request, "Rtc4web-Nonce"), One(request, "X-CSRF-Token"), One(request, "Accept")));
            return answer(request, cancellationToken);
        }
    }

    /// <summary>A body that never ends: every read waits until it is cancelled.</summary>
    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
