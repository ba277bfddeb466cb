using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SametimeAdmin.Tests.Domino;

/// <summary>One request as a <see cref="ScriptedHttpServer"/> received it.</summary>
internal sealed record ScriptedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// An HTTP/1.1 server on a loopback address that answers each request with what a script writes to the raw
/// connection, one request per connection. For what the DAS lab server does not do: redirects to another
/// address, bodies without a length that never end.
/// </summary>
internal sealed class ScriptedHttpServer : IDisposable
{
    private readonly TcpListener listener;
    private readonly Func<ScriptedRequest, Stream, Task> script;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private int connections;
    private long bytesWritten;

    public ScriptedHttpServer(Func<ScriptedRequest, Stream, Task> script, string address = "127.0.0.1")
    {
        this.script = script;
        listener = new TcpListener(IPAddress.Parse(address), 0);
        listener.Start();
        BaseUri = new Uri($"http://{address}:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        loop = Task.Run(AcceptLoop);
    }

    public Uri BaseUri { get; }

    /// <summary>Every TCP connection accepted, whether or not a request arrived on it.</summary>
    public int Connections => Volatile.Read(ref connections);

    public ConcurrentQueue<ScriptedRequest> Requests { get; } = new();

    /// <summary>Bytes the script wrote before the client went away (see <see cref="WriteUntilClosed"/>).</summary>
    public long BytesWritten => Interlocked.Read(ref bytesWritten);

    /// <summary>A complete answer with a Content-Length.</summary>
    public static async Task Answer(Stream stream, int status, string reason, string body = "", string contentType = "application/json", params string[] headers)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder($"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n");
        foreach (string header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(bytes);
    }

    /// <summary>A chunked JSON answer that never ends: chunks until the client closes the connection.</summary>
    public async Task WriteUntilClosed(Stream stream)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"));
        byte[] data = Encoding.ASCII.GetBytes(new string(' ', 65536));
        byte[] chunk = [.. Encoding.ASCII.GetBytes("10000\r\n"), .. data, .. "\r\n"u8.ToArray()];
        await stream.WriteAsync("1\r\n[\r\n"u8.ToArray());
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!limit.IsCancellationRequested)
            {
                await stream.WriteAsync(chunk, limit.Token);
                Interlocked.Add(ref bytesWritten, data.Length);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client closed the connection: what this server waits for.
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        stopping.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref connections);
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                ScriptedRequest? request = await ReadRequest(stream);
                if (request != null)
                {
                    Requests.Enqueue(request);
                    await script(request, stream);
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
                // The client went away.
            }
        }
    }

    private static async Task<ScriptedRequest?> ReadRequest(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await stream.ReadAsync(one) == 0 || head.Count > 65536)
            {
                return null;
            }

            head.Add(one[0]);
        }

        string[] lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        string[] requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        if (headers.TryGetValue("Content-Length", out string? length) && int.TryParse(length, out int bodyLength))
        {
            var body = new byte[bodyLength];
            int read = 0;
            while (read < bodyLength)
            {
                int n = await stream.ReadAsync(body.AsMemory(read));
                if (n == 0)
                {
                    break;
                }

                read += n;
            }
        }

        return new ScriptedRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : "/", headers);
    }

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';
}
