using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.Inventory;
using SametimeAdmin.MustGather;

namespace SametimeAdmin.Checklist
{
    /// <summary>
    /// Renders a checklist run as one self-contained HTML page: inline CSS, an inline SVG diagram of the servers
    /// and their connections coloured by the checks attached to them, and the table of checks (failed first).
    /// No scripts, no external assets; every text is redacted (as in the must-gather archive) and HTML-escaped.
    /// </summary>
    public static class HtmlReport
    {
        private sealed record Node(string Id, string Title, string Subtitle, int X, int Y);

        /// <param name="Label">The label; a newline starts a second line.</param>
        private sealed record Edge(string Id, string From, string To, string Label, int LabelX, int LabelY, string Anchor = "middle", bool Dashed = false, int? CurveX = null, int? CurveY = null);

        private const int NodeWidth = 220;
        private const int NodeHeight = 70;

        private static readonly CheckStatus[] TableOrder = { CheckStatus.Failed, CheckStatus.Warning, CheckStatus.Skipped, CheckStatus.Passed };

        /// <summary>
        /// Renders the report. Every text goes through <paramref name="redactor"/> (a fresh one when null; the
        /// must-gather archive passes its own, so fingerprints match its other files). The site's inventory, when given,
        /// gets a section of its own.
        /// </summary>
        public static string Render(SsoEnvironment environment, IReadOnlyList<CheckResult> results, ChecklistSummary summary, Redactor? redactor = null, SiteInventory? inventory = null)
        {
            if (environment == null)
            {
                throw new ArgumentNullException(nameof(environment));
            }

            if (results == null)
            {
                throw new ArgumentNullException(nameof(results));
            }

            if (summary == null)
            {
                throw new ArgumentNullException(nameof(summary));
            }

            redactor ??= new Redactor(environment.ItemMap);
            var sb = new StringBuilder(16 * 1024);
            sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            sb.Append("<title>SSO checklist: ").Append(E(redactor, environment.Name)).Append("</title>\n");
            sb.Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");

            string verdict = summary.Failed > 0 ? "failed" : summary.Success ? "passed" : "skipped";
            sb.Append("<header class=\"verdict verdict-").Append(verdict).Append("\" id=\"verdict\">\n");
            sb.Append("<h1>SSO checklist: ").Append(E(redactor, environment.Name)).Append("</h1>\n");
            sb.Append("<p class=\"verdict-text\">");
            sb.Append(summary.Failed > 0
                ? E(redactor, $"{summary.Failed} check(s) FAILED")
                : summary.Success ? "All checks that could run PASSED" : "Nothing could be checked");
            sb.Append("</p>\n<p class=\"counts\" id=\"counts\">")
              .Append(Count("Passed", summary.Passed)).Append(Count("Failed", summary.Failed))
              .Append(Count("Warning", summary.Warning)).Append(Count("Skipped", summary.Skipped)).Append("</p>\n");
            sb.Append("<p class=\"meta\">Run ").Append(E(redactor, summary.Started.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)));
            if (environment.SourcePath != null)
            {
                sb.Append(" from ").Append(E(redactor, environment.SourcePath));
            }

            sb.Append(". Exit code for scheduled tasks: ").Append(summary.ExitCode.ToString(CultureInfo.InvariantCulture)).Append(".</p>\n</header>\n");

            sb.Append("<section id=\"topology\">\n<h2>Servers and connections</h2>\n");
            AppendDiagram(sb, environment, results, redactor);
            sb.Append("<p class=\"legend\"><span class=\"swatch s-passed\"></span>passed <span class=\"swatch s-failed\"></span>failed ")
              .Append("<span class=\"swatch s-warning\"></span>warning <span class=\"swatch s-skipped\"></span>not checked. ")
              .Append("A server or connection takes the worst result of the checks attached to it.</p>\n</section>\n");

            sb.Append("<section id=\"checks\">\n<h2>Checks</h2>\n<table>\n<colgroup><col style=\"width:6%\"><col style=\"width:9%\"><col style=\"width:20%\"><col style=\"width:9%\"><col style=\"width:24%\"><col style=\"width:22%\"><col style=\"width:10%\"></colgroup>\n<thead><tr><th>Status</th><th>Area</th><th>Check</th><th>Server</th><th>Evidence</th><th>Fix</th><th>Guide section</th></tr></thead>\n<tbody>\n");
            foreach (var status in TableOrder)
            {
                foreach (var r in results.Where(r => r.Status == status))
                {
                    string cls = StatusClass(r.Status);
                    sb.Append("<tr class=\"row-").Append(cls).Append("\" data-status=\"").Append(r.Status).Append("\" data-check-id=\"").Append(E(redactor, r.Id)).Append("\">");
                    sb.Append("<td><span class=\"badge b-").Append(cls).Append("\">").Append(r.Status).Append("</span></td>");
                    sb.Append("<td>").Append(E(redactor, r.Area)).Append("</td>");
                    sb.Append("<td>").Append(E(redactor, r.Check)).Append("<div class=\"id\">").Append(E(redactor, r.Id)).Append("</div></td>");
                    sb.Append("<td>").Append(E(redactor, r.Server)).Append(r.Link != null ? "<div class=\"id\">" + E(redactor, r.Link) + "</div>" : string.Empty).Append("</td>");
                    sb.Append("<td class=\"evidence\">").Append(E(redactor, r.Evidence)).Append("</td>");
                    sb.Append("<td class=\"fix\">").Append(E(redactor, r.Fix ?? string.Empty)).Append("</td>");
                    sb.Append("<td>").Append(E(redactor, r.GuideSection)).Append("</td>");
                    sb.Append("</tr>\n");
                }
            }

            sb.Append("</tbody>\n</table>\n</section>\n");
            if (inventory != null)
            {
                AppendInventory(sb, inventory, redactor);
            }

            sb.Append("<footer>Generated by SametimeAdmin " + ModuleCommands.InvokeSsoChecklist + ". Secrets are never written to this report.</footer>\n");
            sb.Append("</body>\n</html>\n");
            return sb.ToString();
        }

        /// <summary>The inventory table (guide 2.2-2.4): every fact read, then every file that could not be read.</summary>
        private static void AppendInventory(StringBuilder sb, SiteInventory inventory, Redactor redactor)
        {
            sb.Append("<section id=\"inventory\">\n<h2>Inventory</h2>\n");
            if (inventory.Sources.Count == 0)
            {
                sb.Append("<p>No inventory file is named in the environment description (version files, AboutThisProfile.txt, wimconfig.xml, console.log).</p>\n</section>\n");
                return;
            }

            sb.Append("<table>\n<thead><tr><th>Server</th><th>Kind</th><th>Name</th><th>Value</th><th>Source</th></tr></thead>\n<tbody>\n");
            foreach (var item in inventory.Items)
            {
                sb.Append("<tr data-kind=\"").Append(E(redactor, item.Kind)).Append("\"><td>").Append(E(redactor, item.Server)).Append("</td><td>").Append(E(redactor, item.Kind))
                  .Append("</td><td>").Append(E(redactor, item.Name)).Append("</td><td>").Append(E(redactor, item.Value))
                  .Append("</td><td>").Append(E(redactor, item.Source)).Append("</td></tr>\n");
            }

            foreach (var source in inventory.Sources.Where(s => s.Problem != null))
            {
                sb.Append("<tr class=\"row-failed\" data-kind=\"Unread\"><td>").Append(E(redactor, source.Server)).Append("</td><td>").Append(E(redactor, source.What))
                  .Append("</td><td colspan=\"2\">not read: ").Append(E(redactor, source.Problem)).Append("</td><td>").Append(E(redactor, source.Path)).Append("</td></tr>\n");
            }

            sb.Append("</tbody>\n</table>\n</section>\n");
        }

        /// <summary>The worst status of the results given: failed, then warning, then passed; skipped when none ran.</summary>
        public static CheckStatus? Worst(IEnumerable<CheckResult> results)
        {
            var list = results.ToList();
            if (list.Count == 0)
            {
                return null;
            }

            if (list.Any(r => r.Status == CheckStatus.Failed))
            {
                return CheckStatus.Failed;
            }

            if (list.Any(r => r.Status == CheckStatus.Warning))
            {
                return CheckStatus.Warning;
            }

            return list.Any(r => r.Status == CheckStatus.Passed) ? CheckStatus.Passed : CheckStatus.Skipped;
        }

        private static void AppendDiagram(StringBuilder sb, SsoEnvironment env, IReadOnlyList<CheckResult> results, Redactor redactor)
        {
            string inotesHost = env.INotes.Count > 0 ? env.INotes[0].HostName ?? env.INotes[0].DisplayName : "not described";
            string communityHost = env.Community.Count > 0 ? env.Community[0].HostName ?? env.Community[0].DisplayName : "not described";
            string proxyHost = env.Proxy.HostName ?? FirstHost(env.Proxy.Urls) ?? "not described";
            string ldapHost = env.Ldap.HostName ?? "not described";

            var nodes = new List<Node>
            {
                new Node(ChecklistServer.Browser, "Browser (iNotes client)", "web mail user", 120, 240),
                new Node(ChecklistServer.INotes, "iNotes / Domino", inotesHost, 380, 90),
                new Node(ChecklistServer.Proxy, "Sametime Proxy", proxyHost, 380, 390),
                new Node(ChecklistServer.Community, "Community Server", communityHost, 720, 390),
                new Node(ChecklistServer.Ldap, "LDAP", ldapHost, 885, 200),
            };
            var edges = new List<Edge>
            {
                new Edge(ChecklistLink.BrowserToINotes, ChecklistServer.Browser, ChecklistServer.INotes, "web mail login", 225, 150, "end"),
                new Edge(ChecklistLink.INotesToProxy, ChecklistServer.INotes, ChecklistServer.Proxy, "awareness: /stwebapi\n+ LTPA cookie", 370, 232, "end"),
                new Edge(ChecklistLink.ProxyToCommunity, ChecklistServer.Proxy, ChecklistServer.Community, "VP 1516\n(trusted IP)", 562, 363),
                new Edge(ChecklistLink.INotesToCommunity, ChecklistServer.INotes, ChecklistServer.Community, "same SSO keys, config\nname; trusted IP", 562, 232, "start", Dashed: true),
                new Edge(ChecklistLink.INotesToLdap, ChecklistServer.INotes, ChecklistServer.Ldap, "LDAP", 640, 132),
                new Edge(ChecklistLink.CommunityToLdap, ChecklistServer.Community, ChecklistServer.Ldap, "LDAP", 815, 305, "start"),
                new Edge(ChecklistLink.ProxyToLdap, ChecklistServer.Proxy, ChecklistServer.Ldap, "LDAP", 790, 478, CurveX: 900, CurveY: 620),
            };
            AddSametime12(env, nodes, edges);

            sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1000 520\" role=\"img\" aria-labelledby=\"diagram-title\" class=\"diagram\">\n");
            sb.Append("<title id=\"diagram-title\">Servers of the SSO site and the connections between them, coloured by check results</title>\n");
            foreach (var edge in edges)
            {
                var from = nodes.First(n => n.Id == edge.From);
                var to = nodes.First(n => n.Id == edge.To);
                var attached = results.Where(r => r.Link == edge.Id).ToList();
                var status = Worst(attached);
                string cls = status.HasValue ? StatusClass(status.Value) : "none";
                sb.Append("<g class=\"link l-").Append(cls).Append("\" data-link=\"").Append(E(redactor, edge.Id)).Append("\" data-status=\"").Append(status?.ToString() ?? "None").Append("\">");
                sb.Append("<title>").Append(E(redactor, edge.Label.Replace('\n', ' '))).Append(": ").Append(E(redactor, Describe(attached))).Append("</title>");
                if (edge.CurveX.HasValue && edge.CurveY.HasValue)
                {
                    sb.Append("<path d=\"M").Append(from.X).Append(',').Append(from.Y).Append(" Q").Append(edge.CurveX.Value).Append(',').Append(edge.CurveY.Value)
                      .Append(' ').Append(to.X).Append(',').Append(to.Y).Append("\" fill=\"none\"").Append(edge.Dashed ? " stroke-dasharray=\"10 6\"" : string.Empty).Append("/>");
                }
                else
                {
                    sb.Append("<line x1=\"").Append(from.X).Append("\" y1=\"").Append(from.Y).Append("\" x2=\"").Append(to.X).Append("\" y2=\"").Append(to.Y).Append('"')
                      .Append(edge.Dashed ? " stroke-dasharray=\"10 6\"" : string.Empty).Append("/>");
                }

                sb.Append("<text class=\"link-label\" x=\"").Append(edge.LabelX).Append("\" y=\"").Append(edge.LabelY).Append("\" text-anchor=\"").Append(edge.Anchor).Append("\">");
                string[] lines = edge.Label.Split('\n');
                for (int i = 0; i < lines.Length; i++)
                {
                    sb.Append("<tspan x=\"").Append(edge.LabelX).Append("\" dy=\"").Append(i == 0 ? "0" : "1.2em").Append("\">").Append(E(redactor, lines[i])).Append("</tspan>");
                }

                sb.Append("</text>");
                sb.Append("</g>\n");
            }

            foreach (var node in nodes)
            {
                var attached = results.Where(r => r.Server == node.Id).ToList();
                var status = Worst(attached);
                string cls = status.HasValue ? StatusClass(status.Value) : "none";
                int x = node.X - (NodeWidth / 2);
                int y = node.Y - (NodeHeight / 2);
                sb.Append("<g class=\"node n-").Append(cls).Append("\" data-server=\"").Append(E(redactor, node.Id)).Append("\" data-status=\"").Append(status?.ToString() ?? "None").Append("\">");
                sb.Append("<title>").Append(E(redactor, node.Title)).Append(": ").Append(E(redactor, Describe(attached))).Append("</title>");
                sb.Append("<rect x=\"").Append(x).Append("\" y=\"").Append(y).Append("\" width=\"").Append(NodeWidth).Append("\" height=\"").Append(NodeHeight).Append("\" rx=\"10\"/>");
                sb.Append("<text x=\"").Append(node.X).Append("\" y=\"").Append(y + 22).Append("\" text-anchor=\"middle\" class=\"node-title\">").Append(E(redactor, node.Title)).Append("</text>");
                sb.Append("<text x=\"").Append(node.X).Append("\" y=\"").Append(y + 41).Append("\" text-anchor=\"middle\" class=\"node-host\">").Append(E(redactor, Shorten(redactor.RedactLine(node.Subtitle), 30))).Append("</text>");
                sb.Append("<text x=\"").Append(node.X).Append("\" y=\"").Append(y + 59).Append("\" text-anchor=\"middle\" class=\"node-status\">").Append(E(redactor, DescribeShort(attached))).Append("</text>");
                sb.Append("</g>\n");
            }

            sb.Append("</svg>\n");
        }

        /// <summary>
        /// A Sametime 12 server is proxy and Community Server in one: it takes their place when the site describes neither,
        /// else it is drawn beside them (a site moving from Sametime 9 to 12 has both).
        /// </summary>
        private static void AddSametime12(SsoEnvironment env, List<Node> nodes, List<Edge> edges)
        {
            if (env.Sametime12.IsEmpty)
            {
                return;
            }

            string kind = env.Sametime12.EffectiveKind?.ToString() ?? "Sametime 12";
            string host = env.Sametime12.HostName ?? kind;
            string title = "Sametime 12" + (env.Sametime12.EffectiveKind != null ? " (" + kind + ")" : string.Empty);
            bool classic = !env.Proxy.IsEmpty || env.Community.Count > 0 || !env.Ssc.IsEmpty;
            if (classic)
            {
                nodes.Add(new Node(ChecklistServer.Sametime12, title, host, 120, 470));
                edges.Add(new Edge(ChecklistLink.INotesToSametime12, ChecklistServer.INotes, ChecklistServer.Sametime12, "LTPA cookie,\nCSP, CORS", 250, 318, "start"));
                return;
            }

            nodes.RemoveAll(n => n.Id == ChecklistServer.Proxy || n.Id == ChecklistServer.Community);
            edges.RemoveAll(e => nodes.All(n => n.Id != e.From) || nodes.All(n => n.Id != e.To));
            nodes.Add(new Node(ChecklistServer.Sametime12, title, host, 380, 390));
            edges.Add(new Edge(ChecklistLink.INotesToSametime12, ChecklistServer.INotes, ChecklistServer.Sametime12, "awareness + LTPA cookie\nCSP, CORS", 370, 232, "end"));
        }

        private static string? FirstHost(IEnumerable<string> urls)
        {
            foreach (var url in urls)
            {
                if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    return uri.Host;
                }
            }

            return null;
        }

        private static string Describe(List<CheckResult> attached)
        {
            if (attached.Count == 0)
            {
                return "no checks";
            }

            var parts = new List<string>();
            foreach (var status in TableOrder)
            {
                int n = attached.Count(r => r.Status == status);
                if (n > 0)
                {
                    parts.Add(n.ToString(CultureInfo.InvariantCulture) + " " + status.ToString().ToLowerInvariant());
                }
            }

            return string.Join(", ", parts);
        }

        /// <summary>The counts that decide the colour (skipped checks are in the tooltip and the table).</summary>
        private static string DescribeShort(List<CheckResult> attached)
        {
            var parts = new List<string>();
            foreach (var status in new[] { CheckStatus.Failed, CheckStatus.Warning, CheckStatus.Passed })
            {
                int n = attached.Count(r => r.Status == status);
                if (n > 0)
                {
                    parts.Add(n.ToString(CultureInfo.InvariantCulture) + " " + status.ToString().ToLowerInvariant());
                }
            }

            return parts.Count == 0 ? (attached.Count == 0 ? "no checks" : "not checked") : string.Join(" \u00b7 ", parts);
        }

        private static string Shorten(string text, int max) => text.Length <= max ? text : text.Substring(0, max - 1) + "\u2026";

        private static string Count(string label, int n) =>
            "<span class=\"count c-" + label.ToLowerInvariant() + "\">" + n.ToString(CultureInfo.InvariantCulture) + " " + label.ToLowerInvariant() + "</span> ";

        private static string StatusClass(CheckStatus status) => status.ToString().ToLowerInvariant();

        /// <summary>Every text of the report, redacted (tokens, keys, passwords as in the must-gather archive), then HTML-escaped.</summary>
        private static string E(Redactor redactor, string? text) => WebUtility.HtmlEncode(redactor.RedactLine(text ?? string.Empty));

        private const string Css = @"
body { font-family: 'Segoe UI', Arial, sans-serif; margin: 0; color: #1d1d1d; background: #fafafa; }
header, section, footer { padding: 12px 24px; }
h1 { font-size: 22px; margin: 4px 0; }
h2 { font-size: 18px; margin: 8px 0; }
.verdict { color: #fff; }
.verdict-failed { background: #b71c1c; }
.verdict-passed { background: #1b5e20; }
.verdict-skipped { background: #616161; }
.verdict-text { font-size: 18px; font-weight: bold; margin: 4px 0; }
.meta { font-size: 12px; opacity: .9; }
.count { display: inline-block; margin-right: 12px; font-weight: bold; }
.diagram { width: 100%; max-width: 1000px; height: auto; background: #fff; border: 1px solid #ddd; border-radius: 6px; }
.node rect { stroke: #333; stroke-width: 1.5; }
.node text { fill: #fff; font-size: 13px; }
.node .node-title { font-weight: bold; font-size: 15px; }
.n-passed rect { fill: #2e7d32; } .n-failed rect { fill: #c62828; } .n-warning rect { fill: #ef6c00; }
.n-skipped rect, .n-none rect { fill: #8a8a8a; }
.link line, .link path { stroke-width: 5; }
.l-passed line, .l-passed path { stroke: #2e7d32; } .l-failed line, .l-failed path { stroke: #c62828; }
.l-warning line, .l-warning path { stroke: #ef6c00; } .l-skipped line, .l-skipped path, .l-none line, .l-none path { stroke: #9e9e9e; }
.link-label { font-size: 12px; fill: #222; paint-order: stroke; stroke: #fff; stroke-width: 4px; }
.legend { font-size: 13px; }
.swatch { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 10px; vertical-align: middle; border-radius: 2px; }
.s-passed { background: #2e7d32; } .s-failed { background: #c62828; } .s-warning { background: #ef6c00; } .s-skipped { background: #8a8a8a; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 13px; table-layout: fixed; }
th, td { border: 1px solid #ddd; padding: 6px 8px; vertical-align: top; text-align: left; }
th { background: #eee; }
.row-failed { background: #fdecea; } .row-warning { background: #fff4e5; } .row-skipped { background: #f3f3f3; }
.badge { display: inline-block; padding: 2px 6px; border-radius: 4px; color: #fff; font-weight: bold; font-size: 12px; }
.b-passed { background: #2e7d32; } .b-failed { background: #c62828; } .b-warning { background: #ef6c00; } .b-skipped { background: #757575; }
.id { color: #666; font-size: 11px; font-family: Consolas, monospace; }
.evidence, .fix { white-space: pre-wrap; word-break: break-word; }
footer { font-size: 12px; color: #666; }
@media print { .verdict { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
";
    }
}
