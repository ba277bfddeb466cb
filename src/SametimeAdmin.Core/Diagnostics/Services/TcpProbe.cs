using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SametimeAdmin.Diagnostics
{
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
}
