using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Diagnostics
{
    public sealed partial class CaptureAnalyser
    {
        // "Loading element script with src=http://proxy1.example.com:9080/stbaseapi/latest/baseComps.js?lang=en... (Key: LISTENER117)"
        private static readonly Regex ProxyScriptSource = new Regex(@"src=(?<url>https?://[^\s/]+/(?:stbaseapi|stwebclient)/[^\s]*)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled | RegexOptions.ExplicitCapture);

        /// <summary>
        /// The Sametime proxy URL iNotes should load from (its Configuration document's Sametime proxy server); null
        /// leaves the proxy location of the web console unchecked.
        /// </summary>
        public Uri? ExpectedProxyUrl { get; set; }

        /// <summary>Guide 4.1 web console Details: the proxy host and port the iNotes page loads Sametime from, against the expected proxy URL.</summary>
        private void CheckProxyLocation(string source, IReadOnlyList<string> lines, List<SsoCaptureFinding> findings)
        {
            if (ExpectedProxyUrl == null)
            {
                return;
            }

            string expected = Authority(ExpectedProxyUrl);
            var seen = lines.Select(l => ProxyScriptSource.Match(l)).Where(m => m.Success)
                .Select(m => Uri.TryCreate(m.Groups["url"].Value.TrimEnd('.'), UriKind.Absolute, out var u) ? u : null)
                .Where(u => u != null).Select(u => Authority(u!)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (seen.Count == 0)
            {
                findings.Add(new SsoCaptureFinding("WebConsoleProxyLocation", FindingSeverity.Warning, source, null,
                    $"No line loads the Sametime scripts from a proxy (src=...stbaseapi or stwebclient): where iNotes looks for the proxy is not in the log (expected {expected}).",
                    "Save the web console log after the page loaded awareness (guide 4.1, Figure 19-20), with the Sametime Listener lines."));
                return;
            }

            var other = seen.Where(a => !string.Equals(a, expected, StringComparison.OrdinalIgnoreCase)).ToList();
            if (other.Count == 0)
            {
                findings.Add(new SsoCaptureFinding("WebConsoleProxyLocation", FindingSeverity.Ok, source, null, $"iNotes loads the Sametime scripts from {expected}, the expected proxy."));
                return;
            }

            findings.Add(new SsoCaptureFinding("WebConsoleProxyLocation", FindingSeverity.Error, source, null,
                $"iNotes loads the Sametime scripts from {string.Join(", ", other)}, not from the expected proxy {expected}.",
                "Correct the Sametime proxy server URL in the iNotes Configuration document (iNotes tab; " + Common.ModuleCommands.SetDominoServerDocSametimeProxyUrl + ") to the proxy's scheme, host and HTTP transport port (AboutThisProfile.txt), replicate it and restart the iNotes server's HTTP task; or, if the log is right, correct the expected URL."));
        }

        /// <summary>"http://proxy1.example.com:9080": scheme, host and port (default ports written out).</summary>
        private static string Authority(Uri url) => url.Scheme.ToLowerInvariant() + "://" + url.Host.ToLowerInvariant() + ":" + url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
