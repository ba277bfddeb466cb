using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// The guide's first login check (4.1, redirection settings): open the iNotes mail file URL directly
    /// (http://inotes1/mail/i2.nsf), bypassing any redirector, and tell what comes back: Domino's login form, the mail
    /// file itself, a redirect loop, a redirect to another host, or an error. Redirects are followed by hand so that
    /// every hop is seen; no credentials or cookies are sent.
    /// </summary>
    public static class MailFileProbe
    {
        internal const string Section = "4.1 Login Failures: redirection settings configured incorrectly";
        private const int MaxHops = 10;
        private static readonly KeyValuePair<string, string>[] BrowserAccept = { new KeyValuePair<string, string>("Accept", "text/html") };

        // Domino's session authentication form posts to names.nsf?Login (fields Username, Password, RedirectTo).
        private static readonly Regex LoginForm = new Regex(@"<form[^>]*action\s*=\s*[""']?[^""'>]*\?login\b|<input[^>]*type\s*=\s*[""']?password",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

        /// <summary>Validates a mail file URL: absolute http or https with a host name and a path to the mail file.</summary>
        public static Uri ParseUrl(string text)
        {
            string candidate = (text ?? string.Empty).Trim();
            if (candidate.Length > 0 && candidate.IndexOf("://", StringComparison.Ordinal) < 0)
            {
                candidate = "http://" + candidate;
            }

            if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || string.IsNullOrEmpty(uri.Host) || uri.AbsolutePath.Length <= 1)
            {
                throw new Common.SametimeAdminException("MailFileUrlInvalid", Common.FailureKind.InvalidArgument,
                    $"'{text}' is not an iNotes mail file URL. Give the iNotes server's host and the user's mail file, for example http://inotes1.example.com/mail/i2.nsf.");
            }

            return uri;
        }

        /// <summary>Opens the mail file URL and reports one <see cref="AwarenessStep.MailFile"/> result under <paramref name="reportUrl"/>.</summary>
        public static async Task<AwarenessStepResult> RunAsync(Uri mailFileUrl, string reportUrl, TimeSpan timeout, bool skipCertificateCheck, CancellationToken cancellationToken)
        {
            if (mailFileUrl == null)
            {
                throw new ArgumentNullException(nameof(mailFileUrl));
            }

            var clock = Stopwatch.StartNew();
            var chain = new List<Uri> { mailFileUrl };
            using var client = new SametimeWebClient(new Uri(mailFileUrl.GetLeftPart(UriPartial.Authority) + "/"), timeout, "LtpaToken2", skipCertificateCheck);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var current = mailFileUrl;
            while (true)
            {
                var answer = await client.SendAsync(HttpMethod.Get, current.AbsoluteUri, null, BrowserAccept, cancellationToken, deadline.Token).ConfigureAwait(false);
                string hops = string.Join(" -> ", chain.Select(u => u.AbsoluteUri));
                if (answer.Failure != null)
                {
                    return Result(reportUrl, AwarenessStepStatus.Failed, $"GET {hops}: {answer.Failure}.",
                        $"The iNotes server does not answer on {current.GetLeftPart(UriPartial.Authority)}: check that the Domino server and its HTTP task run ('tell http show status' on its console; 'Servlet engine initialization was successful' in console.log) and that the port is open from the clients.",
                        clock, answer.Status);
                }

                int status = answer.Status!.Value;
                var location = status >= 300 && status < 400 ? answer.Header("Location") : null;
                if (location != null && Uri.TryCreate(current, location, out var next))
                {
                    bool loop = chain.Any(u => string.Equals(u.AbsoluteUri, next.AbsoluteUri, StringComparison.OrdinalIgnoreCase));
                    chain.Add(next);
                    hops = string.Join(" -> ", chain.Select(u => u.AbsoluteUri));
                    if (loop)
                    {
                        return Result(reportUrl, AwarenessStepStatus.Failed, $"GET {mailFileUrl.AbsoluteUri}: a redirect loop: {hops}.",
                            "The mail file URL redirects back to itself: the redirection is configured wrongly. Check the Website Redirection/Substitution rules of the iNotes server's Internet Site document, the redirector database (iwaredir.nsf) and any load balancer or reverse proxy in front; also check that the Web SSO cookie's domain covers every host of the loop (a login that sets no cookie the next host reads sends the browser round again).",
                            clock, status);
                    }

                    if (!string.Equals(next.Host, mailFileUrl.Host, StringComparison.OrdinalIgnoreCase))
                    {
                        return Result(reportUrl, AwarenessStepStatus.Failed, $"GET {mailFileUrl.AbsoluteUri}: redirected to another host: {hops}.",
                            $"Even the direct mail file URL sends the browser to {next.Host}: a redirection rule applies to it (Internet Site document Website rules, iwaredir.nsf, a load balancer). Open the mail file on the server that holds it, and correct the rule so that {mailFileUrl.Host} serves its own mail files.",
                            clock, status);
                    }

                    if (chain.Count > MaxHops)
                    {
                        return Result(reportUrl, AwarenessStepStatus.Failed, $"GET {mailFileUrl.AbsoluteUri}: more than {MaxHops} redirects: {hops}.",
                            "The redirects do not end: check the Website Redirection rules of the Internet Site document and the redirector database (iwaredir.nsf).",
                            clock, status);
                    }

                    current = next;
                    continue;
                }

                string via = chain.Count > 1 ? $" (via {hops})" : string.Empty;
                bool form = answer.IsHtml && LoginForm.IsMatch(answer.Body);
                if (form && (status == 200 || status == 401))
                {
                    return Result(reportUrl, AwarenessStepStatus.Passed,
                        $"GET {mailFileUrl.AbsoluteUri}: HTTP {status}, Domino's login form{answer.Hint}{via}. The mail file asks for the login directly: if users' usual URL fails, validate the redirection configuration (guide 4.1).",
                        null, clock, status);
                }

                if (status == 401)
                {
                    bool basic = (answer.Header("WWW-Authenticate") ?? string.Empty).IndexOf("basic", StringComparison.OrdinalIgnoreCase) >= 0;
                    return Result(reportUrl, AwarenessStepStatus.Failed,
                        $"GET {mailFileUrl.AbsoluteUri}: HTTP 401 without a login form{(basic ? ", a browser password prompt (basic authentication)" : string.Empty)}{answer.Hint}{via}.",
                        "The iNotes server does not use session authentication for this URL: set Session authentication to Multiple Servers (SSO) with the Web SSO configuration in its Server document (Internet Protocols > Domino Web Engine, or its Internet Site document) and restart HTTP; LTPA single sign-on needs the login form.",
                        clock, status);
                }

                if (status >= 200 && status < 300)
                {
                    return Result(reportUrl, AwarenessStepStatus.Passed,
                        $"GET {mailFileUrl.AbsoluteUri}: HTTP {status}, the mail file answered without a login{answer.Hint}{via} (anonymous access, or no login needed).",
                        null, clock, status);
                }

                return Result(reportUrl, AwarenessStepStatus.Failed, $"GET {mailFileUrl.AbsoluteUri}: HTTP {status}{answer.Hint}{via}.",
                    status == 404
                        ? "The mail file is not found on this server: check the path (mail\\<user>.nsf under the Domino data directory) and that the server holds a replica of it."
                        : status >= 500
                            ? "The iNotes server fails to open the mail file: check its console.log for the error at that time, that the HTTP task runs (tell http show status) and that the iNotes forms file (Forms9.nsf) is present."
                            : "The iNotes server refused the mail file URL: check its Internet Site document (Website rules) and the mail file's ACL for web access.",
                    clock, status);
            }
        }

        private static AwarenessStepResult Result(string reportUrl, AwarenessStepStatus status, string evidence, string? fix, Stopwatch clock, int? httpStatus) =>
            new AwarenessStepResult(reportUrl, AwarenessStep.MailFile, status, evidence, fix, Section, clock.Elapsed) { HttpStatus = httpStatus };
    }
}
