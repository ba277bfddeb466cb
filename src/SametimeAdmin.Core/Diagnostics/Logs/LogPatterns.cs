using System;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>Limits for the few regular expressions run on log lines.</summary>
    internal static class LogPatterns
    {
        /// <summary>A log line is at most a few hundred KB: a linear pattern needs far less than this.</summary>
        public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    }
}
