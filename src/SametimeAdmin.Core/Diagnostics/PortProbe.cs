using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>Which server a well-known port belongs to.</summary>
    public enum StServerRole
    {
        All,
        Community,
        Proxy,
        Ldap,
    }

    /// <summary>A well-known Sametime port and what it is for.</summary>
    public sealed class StPortDefinition
    {
        public StPortDefinition(int port, StServerRole role, string meaning)
        {
            Port = port;
            Role = role;
            Meaning = meaning;
        }

        public int Port { get; }

        public StServerRole Role { get; }

        public string Meaning { get; }

        /// <summary>The ports a check probes by default, each with its meaning.</summary>
        public static IReadOnlyList<StPortDefinition> WellKnown { get; } = new[]
        {
            new StPortDefinition(1516, StServerRole.Community, "Community VP server port: the Sametime Proxy and other Sametime servers connect here"),
            new StPortDefinition(1533, StServerRole.Community, "Community client port: Sametime clients connect here directly"),
            new StPortDefinition(80, StServerRole.Community, "HTTP tunnelling of client connections (Community Server)"),
            new StPortDefinition(8082, StServerRole.Community, "HTTP tunnelling of client connections, alternative port (Community Server)"),
            new StPortDefinition(9080, StServerRole.Proxy, "Sametime Proxy Server web client and API over HTTP (WebSphere default, check AboutThisProfile.txt)"),
            new StPortDefinition(9443, StServerRole.Proxy, "Sametime Proxy Server web client and API over HTTPS (WebSphere default, check AboutThisProfile.txt)"),
            new StPortDefinition(389, StServerRole.Ldap, "LDAP directory shared by all SSO servers"),
            new StPortDefinition(636, StServerRole.Ldap, "LDAP directory over TLS"),
        };

        /// <summary>The definition of <paramref name="port"/>, or a generic one for ports not in the list.</summary>
        public static StPortDefinition Describe(int port) =>
            WellKnown.FirstOrDefault(p => p.Port == port) ?? new StPortDefinition(port, StServerRole.All, "TCP port (not a well-known Sametime port)");

        public static IReadOnlyList<StPortDefinition> ForRole(StServerRole role) =>
            role == StServerRole.All ? WellKnown : WellKnown.Where(p => p.Role == role).ToList();
    }

    /// <summary>The answer of one TCP connect attempt.</summary>
    public sealed class TcpProbeResult
    {
        public TcpProbeResult(string host, int port, StServiceState state, TimeSpan elapsed, string message, IPAddress? address = null)
        {
            Host = host;
            Port = port;
            State = state;
            Elapsed = elapsed;
            Message = message;
            Address = address;
        }

        public string Host { get; }

        public int Port { get; }

        /// <summary>Listening, Refused, NoAnswer, Unreachable or Unresolved.</summary>
        public StServiceState State { get; }

        public TimeSpan Elapsed { get; }

        public string Message { get; }

        /// <summary>The address that answered (or the last one tried).</summary>
        public IPAddress? Address { get; }
    }

    /// <summary>
    /// TCP connect probes that never outlive their timeout: name resolution and every connect attempt share one
    /// deadline, and a connect still pending at the deadline is abandoned by closing its socket.
    /// </summary>
    public static class TcpProbe
    {
        public static async Task<TcpProbeResult> ProbeAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);

            IPAddress[] addresses;
            try
            {
                addresses = await ResolveAsync(host, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new TcpProbeResult(host, port, StServiceState.Unresolved, clock.Elapsed,
                    $"The name '{host}' did not resolve within {Seconds(timeout)} (DNS server slow or unreachable).");
            }
            catch (SocketException ex)
            {
                return new TcpProbeResult(host, port, StServiceState.Unresolved, clock.Elapsed,
                    $"The name '{host}' does not resolve ({ex.SocketErrorCode}): check the DNS record or the hosts file.");
            }

            if (addresses.Length == 0)
            {
                return new TcpProbeResult(host, port, StServiceState.Unresolved, clock.Elapsed, $"The name '{host}' resolves to no address.");
            }

            TcpProbeResult? last = null;
            foreach (var address in addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1))
            {
                last = await ConnectAsync(host, address, port, timeout, clock, deadline.Token, cancellationToken).ConfigureAwait(false);
                if (last.State == StServiceState.Listening || last.State == StServiceState.NoAnswer)
                {
                    return last;
                }
            }

            return last!;
        }

        /// <summary>Resolves a name (or parses an address) within the token's deadline.</summary>
        public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
            {
                return new[] { literal };
            }

            var lookup = Dns.GetHostAddressesAsync(host);
            var finished = await Task.WhenAny(lookup, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
            if (finished != lookup)
            {
                // The lookup cannot be cancelled; observe its outcome so it is not reported as unobserved later.
                _ = lookup.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                cancellationToken.ThrowIfCancellationRequested();
            }

            return await lookup.ConfigureAwait(false);
        }

        /// <summary>Opens a TCP connection within the token's deadline; the caller owns the returned socket.</summary>
        public static async Task<Socket> ConnectSocketAsync(IPAddress address, int port, CancellationToken cancellationToken)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                var connect = socket.ConnectAsync(address, port);
                using (cancellationToken.Register(() => socket.Dispose()))
                {
                    var finished = await Task.WhenAny(connect, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
                    if (finished != connect)
                    {
                        _ = connect.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    await connect.ConfigureAwait(false);
                }

                return socket;
            }
            catch (Exception ex) when ((ex is ObjectDisposedException || ex is SocketException) && cancellationToken.IsCancellationRequested)
            {
                // Closing the socket at the deadline aborts the pending connect: that is the timeout, not a network error.
                socket.Dispose();
                throw new OperationCanceledException(cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        private static async Task<TcpProbeResult> ConnectAsync(string host, IPAddress address, int port, TimeSpan timeout, Stopwatch clock,
            CancellationToken deadline, CancellationToken cancellationToken)
        {
            try
            {
                using var socket = await ConnectSocketAsync(address, port, deadline).ConfigureAwait(false);
                return new TcpProbeResult(host, port, StServiceState.Listening, clock.Elapsed,
                    $"Connected to {address}:{port} in {Milliseconds(clock.Elapsed)}.", address);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new TcpProbeResult(host, port, StServiceState.NoAnswer, clock.Elapsed,
                    $"No answer from {address}:{port} within {Seconds(timeout)}: a firewall drops the traffic, the host is down, or the service is overloaded.", address);
            }
            catch (SocketException ex)
            {
                switch (ex.SocketErrorCode)
                {
                    case SocketError.ConnectionRefused:
                        return new TcpProbeResult(host, port, StServiceState.Refused, clock.Elapsed,
                            $"{address}:{port} refused the connection: nothing listens on this port (service stopped, or another port configured).", address);
                    case SocketError.TimedOut:
                        return new TcpProbeResult(host, port, StServiceState.NoAnswer, clock.Elapsed,
                            $"No answer from {address}:{port}: a firewall drops the traffic or the host is down.", address);
                    default:
                        return new TcpProbeResult(host, port, StServiceState.Unreachable, clock.Elapsed,
                            $"{address}:{port} cannot be reached ({ex.SocketErrorCode}): check routing and firewalls.", address);
                }
            }
        }

        internal static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";

        internal static string Milliseconds(TimeSpan span) => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
    }

    /// <summary>Port probes of one computer as status rows.</summary>
    public static class PortProbeCheck
    {
        public static async Task<IReadOnlyList<StServiceStatus>> ProbeAsync(string computerName, IEnumerable<StPortDefinition> ports, TimeSpan timeout,
            CancellationToken cancellationToken)
        {
            var list = ports.ToList();
            var results = await Task.WhenAll(list.Select(p => TcpProbe.ProbeAsync(computerName, p.Port, timeout, cancellationToken))).ConfigureAwait(false);
            var rows = new List<StServiceStatus>(list.Count);
            for (int i = 0; i < list.Count; i++)
            {
                var port = list[i];
                var result = results[i];
                rows.Add(new StServiceStatus(computerName, port.Port.ToString(CultureInfo.InvariantCulture) + "/tcp", port.Meaning, result.State, null,
                    StServiceSource.Probe, result.Message, result.State == StServiceState.Listening, true)
                {
                    Port = port.Port,
                    Time = DateTime.Now,
                });
            }

            return rows;
        }
    }
}
