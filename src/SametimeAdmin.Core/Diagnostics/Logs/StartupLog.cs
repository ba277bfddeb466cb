using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using SametimeAdmin.Common;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// Reads the Sametime start-up lines the integration guide shows ("Sametime: Starting service [X].",
    /// "Sametime: Service [X] started successfully.", "Sametime: All services started successfully.",
    /// "Sametime: Server startup successful.", the HTTP and LDAP lines) in one pass, in constant memory.
    /// </summary>
    public static class StartupLog
    {
        /// <summary>The row that reports the Sametime start-up itself.</summary>
        public const string StartupRow = "Sametime startup";

        private const int MaxTrackedServices = 512;

        /// <summary>Every line the start-up check reads holds one of these.</summary>
        private static readonly LogMarker[] Markers =
        {
            new LogMarker("Sametime", 'm'),
            new LogMarker("erver", 'v'),
            new LogMarker("ervice [", 'v'),
            new LogMarker("Servlet", 'v'),
        };

        public static StartupLogReport Read(string path, string computerName, StServiceCatalog catalog, LogDateOrder order = LogDateOrder.Auto,
            CancellationToken cancellationToken = default)
        {
            var times = LogTimeParser.ForFile(path, order);
            var state = new State();
            var warnings = new List<string>();
            using (var scanner = LogScanner.Open(path, Markers, cancellationToken))
            {
                string? line;
                while ((line = scanner.Next()) != null)
                {
                    Observe(line, scanner.LineNumber, times, state);
                }

                AddReaderWarnings(scanner, times, warnings);
                return BuildReport(path, computerName, catalog, state, scanner.LineNumber, warnings);
            }
        }

        internal static void AddReaderWarnings(LogScanner reader, LogTimeParser times, List<string> warnings)
        {
            if (reader.OverlongLines > 0)
            {
                warnings.Add(string.Format(CultureInfo.InvariantCulture, "{0} line(s) longer than {1} characters were cut.", reader.OverlongLines, LogLineReader.MaxLineLength));
            }

            if (reader.BinaryLines > 0)
            {
                warnings.Add(string.Format(CultureInfo.InvariantCulture, "{0} line(s) held NUL bytes or binary data (a crash or a damaged copy) and were cleaned or skipped.", reader.BinaryLines));
            }

            if (reader.EndedWithoutLineBreak)
            {
                warnings.Add("The file ends in the middle of a line (still being written, or cut off).");
            }

            if (!times.OrderIsKnown && times.EffectiveOrder != LogDateOrder.YearMonthDay)
            {
                warnings.Add("No date in the file has a day above 12, so day and month could not be told apart; dates were read as " +
                    (times.EffectiveOrder == LogDateOrder.DayMonthYear ? "day/month/year" : "month/day/year") + ". Use -DateOrder to say which.");
            }
        }

        private static void Observe(string line, long number, LogTimeParser times, State state)
        {
            int at;
            if ((at = line.IndexOf("Starting service [", StringComparison.Ordinal)) >= 0)
            {
                string? name = Bracketed(line, at + "Starting service ".Length);
                if (name != null)
                {
                    state.EnsureAttempt(Stamp(line, times), number);
                    state.Service(name).Starting(Stamp(line, times), number);
                }
            }
            else if ((at = line.IndexOf("Service [", StringComparison.Ordinal)) >= 0 && line.IndexOf("started successfully", at, StringComparison.Ordinal) > 0)
            {
                string? name = Bracketed(line, at + "Service ".Length);
                if (name != null)
                {
                    state.EnsureAttempt(Stamp(line, times), number);
                    state.Service(name).Started(Stamp(line, times), number);
                }
            }
            else if (line.IndexOf("All services started successfully", StringComparison.Ordinal) >= 0)
            {
                state.EnsureAttempt(Stamp(line, times), number);
                state.AllStarted = new Seen(Stamp(line, times), number);
            }
            else if (line.IndexOf("Server startup successful", StringComparison.Ordinal) >= 0)
            {
                state.EnsureAttempt(Stamp(line, times), number);
                var seen = new Seen(Stamp(line, times), number);
                state.Completed = seen;
                state.LastSuccessful = seen;
            }
            else if (line.IndexOf("Initiating Sametime Startup", StringComparison.Ordinal) >= 0)
            {
                state.NewAttempt(Stamp(line, times), number);
            }
            else if (line.IndexOf("Sametime Server: Starting services", StringComparison.Ordinal) >= 0)
            {
                if (state.AttemptStart == null || state.Completed != null || state.Services.Count > 0)
                {
                    state.NewAttempt(Stamp(line, times), number);
                }
            }
            else if (line.IndexOf("Sametime Server: Running", StringComparison.Ordinal) >= 0)
            {
                state.SametimeRunning = new Seen(Stamp(line, times), number);
            }
            else if (line.IndexOf("HTTP Server: Started", StringComparison.Ordinal) >= 0)
            {
                state.HttpStarted = new Seen(Stamp(line, times), number);
            }
            else if (line.IndexOf("Servlet engine initialization was successful", StringComparison.Ordinal) >= 0)
            {
                state.ServletEngine = new Seen(Stamp(line, times), number);
            }
            else if (line.IndexOf("LDAP Server: Started", StringComparison.Ordinal) >= 0)
            {
                state.LdapStarted = new Seen(Stamp(line, times), number);
            }
            else if ((at = line.IndexOf("Error connecting to server ", StringComparison.Ordinal)) >= 0)
            {
                int nameStart = at + "Error connecting to server ".Length;
                int colon = line.IndexOf(':', nameStart);
                string server = (colon > nameStart ? line.Substring(nameStart, colon - nameStart) : line.Substring(nameStart)).Trim();
                string reason = colon > 0 ? line.Substring(colon + 1).Trim() : string.Empty;
                state.ConnectionError(server, reason, Stamp(line, times), number);
            }
        }

        private static StartupLogReport BuildReport(string path, string computerName, StServiceCatalog catalog, State state, long lines, List<string> warnings)
        {
            var rows = new List<StServiceStatus>();
            foreach (var service in state.Services.Values.OrderBy(s => s.FirstLine))
            {
                var known = catalog.Find(service.Name);
                string catalogue = known == null ? " (not in the service catalogue)" : string.Empty;
                if (service.StartedAt != null)
                {
                    rows.Add(new StServiceStatus(computerName, service.Name, known?.DisplayName ?? service.Name, StServiceState.Started, null, StServiceSource.Log,
                        "Started successfully " + service.StartedAt.Describe() + catalogue, true, true)
                    {
                        Time = service.StartedAt.Time,
                        LineNumber = service.StartedAt.Line,
                    });
                }
                else
                {
                    rows.Add(new StServiceStatus(computerName, service.Name, known?.DisplayName ?? service.Name, StServiceState.NotReported, null, StServiceSource.Log,
                        "'Starting service' " + service.StartingAt!.Describe() + " but never 'started successfully'" + catalogue +
                        ". Look for this service's errors after that line, and check it is running (" + ModuleCommands.GetStServiceStatus + " on the server).", false, true)
                    {
                        Time = service.StartingAt.Time,
                        LineNumber = service.StartingAt.Line,
                    });
                }
            }

            if (state.AttemptStart != null)
            {
                string last = state.LastSuccessful == null
                    ? " No start-up in this log completed."
                    : " Last successful startup " + state.LastSuccessful.Describe() + ".";
                if (state.Completed != null)
                {
                    rows.Add(Component(computerName, StartupRow, StServiceState.Started, "'Server startup successful' " + state.Completed.Describe() + ".",
                        true, state.Completed));
                }
                else
                {
                    string pending = state.AllStarted != null ? "'All services started successfully' but no 'Server startup successful'" : "no 'Server startup successful'";
                    rows.Add(Component(computerName, StartupRow, StServiceState.Incomplete,
                        "Start-up began " + state.AttemptStart.Describe() + ", " + pending + " after it." + last, false, state.AttemptStart));
                }
            }

            if (state.SametimeRunning != null)
            {
                rows.Add(Component(computerName, "Sametime Server", StServiceState.Running,
                    "'Sametime Server: Running' " + state.SametimeRunning.Describe() + ". (The Domino task reports Running even when services died: check the services too.)",
                    true, state.SametimeRunning));
            }

            if (state.HttpStarted != null)
            {
                rows.Add(Component(computerName, "HTTP Server", StServiceState.Started, "'HTTP Server: Started' " + state.HttpStarted.Describe() + ".", true, state.HttpStarted));
            }
            else if (state.ServletEngine != null)
            {
                rows.Add(Component(computerName, "HTTP Server", StServiceState.Started, "'Servlet engine initialization was successful' " + state.ServletEngine.Describe() + ".",
                    true, state.ServletEngine));
            }

            if (state.LdapStarted != null)
            {
                rows.Add(Component(computerName, "LDAP Server", StServiceState.Started, "'LDAP Server: Started' " + state.LdapStarted.Describe() + ".", true, state.LdapStarted));
            }

            foreach (var error in state.ConnectionErrors.Values.OrderBy(e => e.Seen.Line))
            {
                rows.Add(Component(computerName, "Connection to " + error.Server, StServiceState.Failed,
                    "'Error connecting to server " + error.Server + ": " + error.Reason + "' " + error.Seen.Describe() +
                    ". Check that this server (for example the LDAP server) is running and reachable from here.", false, error.Seen));
            }

            return new StartupLogReport(path, rows, state.LastSuccessful?.Time, state.LastSuccessful?.Line, state.AttemptStart != null, lines, warnings);
        }

        private static StServiceStatus Component(string computerName, string name, StServiceState status, string detail, bool healthy, Seen seen) =>
            new StServiceStatus(computerName, name, name, status, null, StServiceSource.Log, detail, healthy, false) { Time = seen.Time, LineNumber = seen.Line };

        private static string? Bracketed(string line, int openAt)
        {
            if (openAt >= line.Length || line[openAt] != '[')
            {
                return null;
            }

            int close = line.IndexOf(']', openAt + 1);
            if (close <= openAt + 1)
            {
                return null;
            }

            string name = line.Substring(openAt + 1, close - openAt - 1).Trim();
            return name.Length == 0 ? null : name;
        }

        private static LogTimestamp? Stamp(string line, LogTimeParser times) => times.TryParse(line, out var stamp) ? stamp : (LogTimestamp?)null;

        private sealed class Seen
        {
            public Seen(LogTimestamp? stamp, long line)
            {
                Time = stamp?.Time;
                Text = stamp?.Text;
                Line = line;
            }

            public DateTime? Time { get; }

            public string? Text { get; }

            public long Line { get; }

            public string Describe() =>
                (Time.HasValue ? "at " + Time.Value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " "
                    : Text != null ? "at " + Text + " " : string.Empty) + "(line " + Line.ToString(CultureInfo.InvariantCulture) + ")";
        }

        private sealed class ServiceSeen
        {
            public ServiceSeen(string name, long firstLine)
            {
                Name = name;
                FirstLine = firstLine;
            }

            public string Name { get; }

            public long FirstLine { get; }

            public Seen? StartingAt { get; private set; }

            public Seen? StartedAt { get; private set; }

            public void Starting(LogTimestamp? stamp, long line)
            {
                StartingAt = new Seen(stamp, line);
                StartedAt = null;
            }

            public void Started(LogTimestamp? stamp, long line)
            {
                StartedAt = new Seen(stamp, line);
                StartingAt ??= StartedAt;
            }
        }

        private sealed class ErrorSeen
        {
            public ErrorSeen(string server, string reason, Seen seen)
            {
                Server = server;
                Reason = reason;
                Seen = seen;
            }

            public string Server { get; }

            public string Reason { get; }

            public Seen Seen { get; }
        }

        private sealed class State
        {
            public Dictionary<string, ServiceSeen> Services { get; } = new Dictionary<string, ServiceSeen>(StringComparer.OrdinalIgnoreCase);

            public Dictionary<string, ErrorSeen> ConnectionErrors { get; } = new Dictionary<string, ErrorSeen>(StringComparer.OrdinalIgnoreCase);

            public Seen? AttemptStart { get; private set; }

            public Seen? AllStarted { get; set; }

            public Seen? Completed { get; set; }

            public Seen? LastSuccessful { get; set; }

            public Seen? SametimeRunning { get; set; }

            public Seen? HttpStarted { get; set; }

            public Seen? ServletEngine { get; set; }

            public Seen? LdapStarted { get; set; }

            public void NewAttempt(LogTimestamp? stamp, long line)
            {
                AttemptStart = new Seen(stamp, line);
                Services.Clear();
                AllStarted = null;
                Completed = null;
                SametimeRunning = null;
                ConnectionErrors.Clear();
            }

            public void EnsureAttempt(LogTimestamp? stamp, long line)
            {
                if (AttemptStart == null || Completed != null)
                {
                    NewAttempt(stamp, line);
                }
            }

            public ServiceSeen Service(string name)
            {
                if (!Services.TryGetValue(name, out var service))
                {
                    if (Services.Count >= MaxTrackedServices)
                    {
                        // A log this strange is not a start-up sequence; keep memory bounded anyway.
                        service = new ServiceSeen(name, 0);
                        return service;
                    }

                    service = new ServiceSeen(name, Services.Count);
                    Services[name] = service;
                }

                return service;
            }

            public void ConnectionError(string server, string reason, LogTimestamp? stamp, long line) =>
                ConnectionErrors[server] = new ErrorSeen(server, reason, new Seen(stamp, line));
        }
    }
}
