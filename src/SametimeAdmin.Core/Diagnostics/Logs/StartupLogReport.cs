using System;
using System.Collections.Generic;
using System.Linq;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>What a Domino console.log (or sametime.log) says about the last Sametime start-up.</summary>
    public sealed class StartupLogReport
    {
        internal StartupLogReport(string path, IReadOnlyList<StServiceStatus> rows, DateTime? lastSuccessfulStartup, long? lastSuccessfulStartupLine,
            bool startupFound, long lines, IReadOnlyList<string> warnings)
        {
            Path = path;
            Rows = rows;
            LastSuccessfulStartup = lastSuccessfulStartup;
            LastSuccessfulStartupLine = lastSuccessfulStartupLine;
            StartupFound = startupFound;
            Lines = lines;
            Warnings = warnings;
        }

        public string Path { get; }

        /// <summary>One row per service announced in the last start-up, then rows for the start-up itself, HTTP, LDAP.</summary>
        public IReadOnlyList<StServiceStatus> Rows { get; }

        public DateTime? LastSuccessfulStartup { get; }

        public long? LastSuccessfulStartupLine { get; }

        /// <summary>False when the log holds no Sametime start-up at all (wrong server's log, or rotated).</summary>
        public bool StartupFound { get; }

        public long Lines { get; }

        /// <summary>Things the reader noticed about the file (cut lines, binary blocks, unknown date order).</summary>
        public IReadOnlyList<string> Warnings { get; }

        public StServiceSummary Summarize(string computerName)
        {
            var problems = Rows.Where(r => !r.Counted && !r.IsHealthy).Select(r => r.DisplayName + " (" + r.Status + ")").ToList();
            if (!StartupFound)
            {
                problems.Add("no Sametime startup in the log");
            }

            return StServiceSummary.FromRows(computerName, StServiceSource.Log, Rows, LastSuccessfulStartup, problems);
        }
    }
}
