using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>The iNotes web console checks of guide 4.1-4.3: from the requests in a capture, and from a saved web console log.</summary>
    public sealed partial class CaptureAnalyser
    {
        /// <summary>Lines of a web console log read at most (the console keeps far fewer).</summary>
        internal const int MaxConsoleLines = 200000;

        private const int MaxErrorLines = 50;

        private static readonly string[] ErrorWords = { "error", "exception", "failed", "failure", "is not defined", "is undefined", "unable to" };

        private static readonly ConsoleCheck[] ConsoleChecks =
        {
            new ConsoleCheck("WebConsoleDojo", l => Has(l, "dojo.js") && (Has(l, "Logging started") || Has(l, "Loading")),
                "dojo did not load from the iNotes server (guide 4.1, console check 1).", "Check the dojo files on the iNotes server (data\\domino\\js\\dojo-1.5.4) and the /domjs URL."),
            new ConsoleCheck("WebConsoleSametimeListener", l => Has(l, "CxS("),
                "iNotes is not listening for Sametime: no CxS() (Sametime Listener) line (guide 4.1, console check 2).", "Check the Sametime proxy URL in the iNotes Configuration document and Preferences > Instant Messaging."),
            new ConsoleCheck("WebConsoleProxyScripts", l => Has(l, "baseComps.js") || Has(l, "livenameLight.js"),
                "The Sametime Proxy scripts (baseComps.js) were not loaded (guide 4.1, console check 3).", NotRunningFix),
            new ConsoleCheck("WebConsoleForms9", l => Has(l, "Forms9.nsf") && !Has(l, "s_buddylist"),
                "Forms9.nsf was not loaded (guide 4.1, console check 4).", "Check the iNotes Forms9.nsf on the iNotes server (its design and access)."),
            new ConsoleCheck("WebConsoleInboxAwareness", l => Has(l, "Dwf{{$Inbox}}"),
                "No Dwf{{$Inbox}} line: the inbox view did not report awareness (guide 4.2 step 1).", "Check awareness on a standard mail file without customisations (guide 4.2 note)."),
            new ConsoleCheck("WebConsoleBuddyList", l => Has(l, "s_buddylist"),
                "No s_buddylist request: the contact list was not loaded (guide 4.3 step 1).", "Check the Buddy List servlet on the iNotes server (" + ModuleCommands.EnableDwaBuddyListServlet + ", guide 4.3 step 4)."),
        };

        /// <summary>What the iNotes page requested, as the web console would log it: dojo, the Sametime widgets, Forms9.nsf, s_buddylist.</summary>
        private void INotesRequests(IReadOnlyList<CapturedRequest> requests, AddFinding add)
        {
            var inotes = requests.Where(r => r.PathContains(".nsf") || r.PathContains("/domjs/")).ToList();
            if (inotes.Count == 0)
            {
                add("INotesRequests", FindingSeverity.Skipped, null, "The capture holds no request to the iNotes server (.nsf, /domjs): the iNotes page loads were not captured.");
                return;
            }

            var checks = new (string Rule, string What, Func<CapturedRequest, bool> Match)[]
            {
                ("WebConsoleDojo", "dojo.js", r => r.PathContains("/dojo/dojo.js")),
                ("WebConsoleProxyScripts", "Sametime widgets (SametimeDojoDeps.js, livenameLight.js)", r => r.PathContains("SametimeDojoDeps.js") || r.PathContains("livenameLight.js")),
                ("WebConsoleForms9", "Forms9.nsf", r => r.PathContains("/Forms9.nsf") && r.Url.Query.IndexOf("s_buddylist", StringComparison.OrdinalIgnoreCase) < 0),
                ("WebConsoleBuddyList", "Forms9.nsf with s_buddylist", r => r.PathContains("/Forms9.nsf") && r.Url.Query.IndexOf("s_buddylist", StringComparison.OrdinalIgnoreCase) >= 0),
            };
            foreach (var check in checks)
            {
                var matched = requests.Where(check.Match).ToList();
                if (matched.Count == 0)
                {
                    add(check.Rule, FindingSeverity.Info, null, $"No {check.What} request in the capture.");
                    continue;
                }

                var failed = matched.Where(r => r.Status >= 400 || r.Status == 0).ToList();
                string message = $"{check.What}: {matched.Count} request(s), HTTP {string.Join(", ", matched.Select(r => r.Status).Distinct())}";
                if (failed.Count > 0)
                {
                    add(check.Rule, FindingSeverity.Error, failed[0].Url.Host, message + $"; failed: {redactor.RedactLine(failed[0].Url.GetLeftPart(UriPartial.Path))}.",
                        "The iNotes page could not load what the web console checks in guide 4.1-4.3: open that URL in the browser and check the server's console.log.");
                }
                else
                {
                    add(check.Rule, FindingSeverity.Ok, matched[0].Url.Host, message + ".");
                }
            }
        }

        /// <summary>
        /// Reads an iNotes web console log (saved from the console the guide opens with Ctrl over the "IBM iNotes" tab) and
        /// reports each of the guide's console checks and every error line (errors: WebConsoleLogUnreadable).
        /// </summary>
        public IReadOnlyList<SsoCaptureFinding> AnalyseWebConsole(string path)
        {
            var lines = new List<string>();
            try
            {
                foreach (string line in File.ReadLines(path))
                {
                    if (lines.Count >= MaxConsoleLines)
                    {
                        break;
                    }

                    // A line longer than any console entry is cut: the checks look at its start.
                    lines.Add(line.Length > 4096 ? line.Substring(0, 4096) : line);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SametimeAdminException("WebConsoleLogUnreadable", FailureKind.ReadError, $"'{path}' could not be read: {ex.Message}", ex);
            }

            return AnalyseWebConsole(Path.GetFileName(path), lines);
        }

        public IReadOnlyList<SsoCaptureFinding> AnalyseWebConsole(string source, IReadOnlyList<string> lines)
        {
            var findings = new List<SsoCaptureFinding>();
            int errors = 0;
            foreach (var check in ConsoleChecks)
            {
                var matched = lines.Where(check.Match).ToList();
                var failed = matched.Where(IsError).ToList();
                if (matched.Count == 0)
                {
                    findings.Add(new SsoCaptureFinding(check.Rule, FindingSeverity.Warning, source, null, check.Missing, check.Fix));
                }
                else if (failed.Count > 0)
                {
                    findings.AddRange(failed.Take(MaxErrorLines).Select(l => new SsoCaptureFinding(check.Rule, FindingSeverity.Error, source, null, redactor.RedactLine(l.Trim()), check.Fix)));
                }
                else
                {
                    findings.Add(new SsoCaptureFinding(check.Rule, FindingSeverity.Ok, source, null, $"{matched.Count} line(s), for example: {redactor.RedactLine(matched[0].Trim())}"));
                }
            }

            foreach (string line in lines.Where(l => IsError(l) && !ConsoleChecks.Any(c => c.Match(l))))
            {
                if (++errors > MaxErrorLines)
                {
                    findings.Add(new SsoCaptureFinding("WebConsoleError", FindingSeverity.Info, source, null, $"More error lines than {MaxErrorLines}; the rest are not listed."));
                    break;
                }

                findings.Add(new SsoCaptureFinding("WebConsoleError", FindingSeverity.Error, source, null, redactor.RedactLine(line.Trim()),
                    "Look at what the iNotes page did just before this line (guide 4.1, Additional iNotes Console checks)."));
            }

            CheckProxyLocation(source, lines, findings);
            return findings;
        }

        private static bool Has(string line, string text) => line.IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0;

        private static bool IsError(string line) => ErrorWords.Any(w => Has(line, w));

        private sealed class ConsoleCheck
        {
            public ConsoleCheck(string rule, Func<string, bool> match, string missing, string fix)
            {
                Rule = rule;
                Match = match;
                Missing = missing;
                Fix = fix;
            }

            public string Rule { get; }

            public Func<string, bool> Match { get; }

            public string Missing { get; }

            public string Fix { get; }
        }
    }
}
