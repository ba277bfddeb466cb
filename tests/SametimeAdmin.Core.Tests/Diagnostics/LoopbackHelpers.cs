using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SametimeAdmin.LabProxy;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Tests.Diagnostics;

/// <summary>
/// A TCP port on 127.0.0.1 that never completes a handshake: a listener whose accept queue is full and never
/// accepted. Linux keeps backlog + 1 established connections in the queue and then drops further SYNs, so a
/// connect to this port hangs until the client gives up.
/// </summary>
internal sealed class BlackHoleListener : IDisposable
{
    private const int Backlog = 1;
    private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> fillers = [];

    public BlackHoleListener()
    {
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(Backlog);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        for (int i = 0; i < Backlog + 1; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            fillers.Add(filler);
            if (!filler.ConnectAsync(IPAddress.Loopback, Port).Wait(TimeSpan.FromSeconds(10)))
            {
                throw new InvalidOperationException("A connection that fits in the accept queue did not complete.");
            }
        }
    }

    public int Port { get; }

    public void Dispose()
    {
        foreach (var filler in fillers)
        {
            filler.Dispose();
        }

        listener.Dispose();
    }
}

/// <summary>A lab proxy running in-process with a fresh key set; disposed at the end of a test.</summary>
internal sealed class LabFixture : IDisposable
{
    public LabFixture(LabProxyMode mode = LabProxyMode.Normal, bool tls = false, TimeSpan? slowDelay = null, Action<LabProxyOptions>? configure = null)
    {
        Keys = LtpaKeySet.Generate("defaultWIMFileBasedRealm");
        var options = new LabProxyOptions { Mode = mode, Tls = tls, ValidateToken = LabTokenValidator.For(Keys), Lifetime = TimeSpan.FromMinutes(2) };
        if (slowDelay != null)
        {
            options.SlowDelay = slowDelay.Value;
        }

        configure?.Invoke(options);

        Server = new LabProxyServer(options);
        Server.Start();
    }

    public LtpaKeySet Keys { get; }

    public LabProxyServer Server { get; }

    public Uri Url => Server.Url;

    public string TokenFor(string userDn, LtpaKeySet? keys = null, TimeSpan? lifetime = null)
    {
        var set = keys ?? Keys;
        return LtpaToken2.Mint(set, LtpaAccessId.Build("user", set.Realm, userDn), DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromHours(1)));
    }

    public void Dispose()
    {
        Server.Dispose();
        Keys.Dispose();
    }
}

internal static class Timing
{
    public static TimeSpan Measure(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed;
    }
}
