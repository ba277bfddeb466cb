using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SametimeAdmin.Domino;
using SametimeAdmin.Sametime12;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// The origin checks (-Origin): what a browser page of iNotes/Verse may do with the Sametime server. The CORS
    /// preflight of the web API calls that need one, the CORS headers of a real answer, and whether the Sametime page
    /// may be framed. A Sametime 9 proxy is normally reached through iNotes' own origin; Sametime 12 is a separate
    /// origin whose CSP and CORS settings must name the mail server.
    /// </summary>
    public sealed partial class AwarenessProbe
    {
        private const string SectionOrigin = "Sametime 12: Content Security Policy and CORS for the iNotes/Verse origin";

        /// <summary>The calls of a web client that a browser preflights: a method outside GET/HEAD/POST or the session headers.</summary>
        private static readonly (string Method, string Path, string[] Headers)[] PreflightedCalls =
        {
            ("POST", PresencePath, new[] { "rtc4web-nonce", "x-csrf-token" }),
            ("GET", BuddyListPath, new[] { "rtc4web-nonce", "x-csrf-token" }),
            ("DELETE", ConnectPath, new[] { "rtc4web-nonce", "x-csrf-token" }),
        };

        private string? apiRequest;
        private SametimeWebAnswer? apiAnswer;

        private string? OriginText => options.Origin == null ? null : OriginPolicy.Serialize(options.Origin);

        /// <summary>Keeps the first web API answer to a request that carried Origin, for the CorsOrigin step.</summary>
        private void RememberApiAnswer(string request, SametimeWebAnswer answer)
        {
            if (options.Origin != null && apiAnswer == null && answer.Failure == null)
            {
                apiRequest = request;
                apiAnswer = answer;
            }
        }

        private async Task OriginChecksAsync(string? unreachable, CancellationToken cancellationToken)
        {
            if (options.Origin == null)
            {
                foreach (var step in new[] { AwarenessStep.CorsPreflight, AwarenessStep.CorsOrigin, AwarenessStep.FrameAncestors })
                {
                    report(new AwarenessStepResult(url, step, AwarenessStepStatus.Skipped,
                        "No -Origin given: what the iNotes/Verse origin may do (CORS, framing) was not checked.", null, SectionOrigin, TimeSpan.Zero) { Applies = false });
                }

                return;
            }

            if (unreachable != null || client == null)
            {
                foreach (var step in new[] { AwarenessStep.CorsPreflight, AwarenessStep.CorsOrigin, AwarenessStep.FrameAncestors })
                {
                    Report(step, AwarenessStepStatus.Skipped, "Skipped: " + (unreachable ?? "no connection") + ".", null, SectionOrigin, TimeSpan.Zero);
                }

                return;
            }

            await PreflightAsync(cancellationToken).ConfigureAwait(false);
            await CorsOriginAsync(cancellationToken).ConfigureAwait(false);
            await FrameAncestorsAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task PreflightAsync(CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            string origin = OriginText!;
            using var deadline = Deadline(cancellationToken);
            var answers = await Task.WhenAll(PreflightedCalls.Select(call => client!.SendAsync(HttpMethod.Options, call.Path, null, new[]
            {
                new KeyValuePair<string, string>("Access-Control-Request-Method", call.Method),
                new KeyValuePair<string, string>("Access-Control-Request-Headers", string.Join(",", call.Headers)),
            }, cancellationToken, deadline.Token))).ConfigureAwait(false);

            var parts = new List<string>();
            bool failed = false;
            int? status = null;
            for (int i = 0; i < answers.Length; i++)
            {
                var call = PreflightedCalls[i];
                var answer = answers[i];
                status ??= answer.Status;
                string what = $"OPTIONS /{call.Path} for {call.Method} with {string.Join(", ", call.Headers)}: ";
                if (answer.Failure != null)
                {
                    parts.Add(what + answer.Failure);
                    failed = true;
                    continue;
                }

                var problems = OriginPolicy.CorsProblems(answer, origin, call.Method, call.Headers);
                if (answer.Status < 200 || answer.Status >= 300)
                {
                    problems.Insert(0, $"HTTP {answer.Status} (a preflight needs a 2xx answer)");
                }

                failed |= problems.Count > 0;
                parts.Add(what + (problems.Count > 0 ? string.Join("; ", problems) : $"HTTP {answer.Status}, allows {origin} with credentials"));
            }

            string evidence = $"Preflight from {origin}: " + string.Join(" | ", parts) + ".";
            if (failed)
            {
                Fail(AwarenessStep.CorsPreflight, evidence, CorsFix(origin), SectionOrigin, clock, status);
                return;
            }

            Pass(AwarenessStep.CorsPreflight, evidence, SectionOrigin, clock, status);
        }

        private async Task CorsOriginAsync(CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            string origin = OriginText!;
            string request = apiRequest ?? "GET /" + BuddyListPath;
            var answer = apiAnswer;
            if (answer == null)
            {
                // No web API answer yet (no login tried, or it failed to answer): ask for one; any status carries the headers.
                using var deadline = Deadline(cancellationToken);
                answer = await client!.SendAsync(HttpMethod.Get, BuddyListPath, null, cancellationToken, deadline.Token).ConfigureAwait(false);
            }

            if (answer.Failure != null)
            {
                Report(AwarenessStep.CorsOrigin, AwarenessStepStatus.Warning, $"{request} with Origin {origin}: {answer.Failure}; no headers to read.",
                    FailureFix(answer), SectionOrigin, clock.Elapsed, answer.Status);
                return;
            }

            var problems = OriginPolicy.CorsProblems(answer, origin);
            string seen = $"{request} with Origin {origin}: HTTP {answer.Status}, Access-Control-Allow-Origin {answer.Header("Access-Control-Allow-Origin") ?? "(none)"}, Access-Control-Allow-Credentials {answer.Header("Access-Control-Allow-Credentials") ?? "(none)"}";
            if (problems.Count > 0)
            {
                Fail(AwarenessStep.CorsOrigin, seen + ": " + string.Join("; ", problems) + ". A page of " + origin + " cannot read this answer.", CorsFix(origin), SectionOrigin, clock, answer.Status);
                return;
            }

            Pass(AwarenessStep.CorsOrigin, seen + ".", SectionOrigin, clock, answer.Status);
        }

        private async Task FrameAncestorsAsync(CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            string origin = OriginText!;
            using var deadline = Deadline(cancellationToken);
            var answer = await client!.SendAsync(HttpMethod.Get, string.Empty, null, cancellationToken, deadline.Token).ConfigureAwait(false);
            string request = "GET " + options.Url.AbsolutePath;
            if (answer.Failure != null)
            {
                Report(AwarenessStep.FrameAncestors, AwarenessStepStatus.Warning, $"{request}: {answer.Failure}; no headers to read.", FailureFix(answer), SectionOrigin, clock.Elapsed, answer.Status);
                return;
            }

            string? problem = OriginPolicy.FramingProblem(answer.Header("Content-Security-Policy"), answer.Header("X-Frame-Options"), options.Url, options.Origin!, out string seen);
            string evidence = $"{request}: HTTP {answer.Status}, {seen}";
            if (problem != null)
            {
                Fail(AwarenessStep.FrameAncestors, evidence + ": " + problem + ".", FrameFix(origin), SectionOrigin, clock, answer.Status);
                return;
            }

            Pass(AwarenessStep.FrameAncestors, evidence + $": a page of {origin} may frame it.", SectionOrigin, clock, answer.Status);
        }

        private static string CorsFix(string origin) =>
            $"Allow {origin} with credentials on the Sametime server. Sametime 12 on Docker/Podman: {Name("Env.CorsOrigins")} in custom.env; on Kubernetes: {Name("Helm.CorsOrigins")} in the Helm values (helm upgrade ... -f <file>); on Windows: the CORS section of Traefik's dynamic.yaml (location not confirmed by HCL). Then restart the Sametime services. Where a web server in front of Sametime (or of a Sametime 9 proxy) sets these headers, allow the origin there: Access-Control-Allow-Origin {origin} (not *), Access-Control-Allow-Credentials true, and for preflights the methods and headers named in the evidence.";

        private static string FrameFix(string origin) =>
            $"Add {origin} to the frame-ancestors of the Sametime server's Content-Security-Policy. Sametime 12 on Docker/Podman: {Name("Env.ContentSecurityPolicy")} in custom.env, for example frame-ancestors 'self' {origin}; on Kubernetes: {Name("Helm.ContentSecurityPolicy")} in the Helm values; on Windows: the Content-Security-Policy line of nginx's chatCommonHeaders.conf (location not confirmed by HCL). Then restart the Sametime services. Where a web server in front sets X-Frame-Options, remove it or replace it with the CSP directive.";

        /// <summary>The fix for a 404 on the client scripts: a Sametime 12 server serves them only with the legacy chat client on.</summary>
        private static string LegacyClientFix =>
            "The client scripts are not at this URL. On a Sametime 9 proxy: the URL does not reach the Sametime Proxy web application (check host, port and context root in AboutThisProfile.txt; iNotes loads the script from the proxy named in its Configuration document). " +
            $"On Sametime 12 the legacy chat client endpoints (/stbaseapi, /stwebapi) answer 404 until they are enabled: on Docker/Podman set {Name("Env.ExternalWarIntegration")}=true in the proxy service's environment (docker-compose.yml) and restart; on Kubernetes set {Name("Helm.LegacyChatClient")}: true in the Helm values and run helm upgrade.";

        /// <summary>"NAME" for a confirmed name, "NAME (name not confirmed in HCL's documentation: ...)" for an assumed one.</summary>
        private static string Name(string key)
        {
            var entry = St12NameMap.Default.Entries.First(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));
            string name = entry.Name.Replace('/', '.');
            return entry.Status == ItemNameStatus.Confirmed ? name : name + " (name not confirmed in HCL's documentation: " + entry.Evidence + ")";
        }
    }
}
