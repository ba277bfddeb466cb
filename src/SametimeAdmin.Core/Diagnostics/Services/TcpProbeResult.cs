using System;
using System.Net;

namespace SametimeAdmin.Diagnostics
{
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
}
