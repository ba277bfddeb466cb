using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// The end-to-end probe of the awareness path iNotes takes: name resolution, TCP connect, TLS, the proxy's client
    /// scripts (/stbaseapi/latest/baseComps.js), the SSO DNS domain, the login (/stwebapi/user/connect, by token or by
    /// password), presence, buddy list and logout. Each step reports once; a step that an earlier failure makes
    /// meaningless is reported as Skipped. The timeout bounds each step as a whole: the presence requests for several
    /// users go out together under one deadline.
    /// </summary>
    public sealed partial class AwarenessProbe : IDisposable
    {
        internal const string ScriptsPath = "stbaseapi/latest/baseComps.js?lang=en";
        internal const string ConnectPath = "stwebapi/user/connect";
        internal const string PresencePath = "stwebapi/presence";
        internal const string BuddyListPath = "stwebapi/buddylist";

        private const string SectionProxyAccess = "4.1 Login Failures: problems accessing the Sametime Proxy Server";
        private const string SectionCertificates = "4.1 Login Failures: certificate problems";
        private const string SectionNoAwareness = "4.2 No Awareness in iNotes Web Mail Inbox";
        private const string SectionDomain = "2.2 Server Components; 3.1 step 3 (same DNS domain)";
        private const string SectionLogin = "4.1 Login Failures; certificate problems (CLFRX0035E)";
        private const string SectionBuddyList = "4.3 Buddy List Issues";

        private readonly AwarenessProbeOptions options;
        private readonly Action<AwarenessStepResult> report;
        private readonly string url;
        private SametimeWebClient? client;
        private string? blockedBy;
        private string? loggedInUser;
        private bool loggedIn;

        private AwarenessProbe(AwarenessProbeOptions options, Action<AwarenessStepResult> report)
        {
            this.options = options;
            this.report = report;
            url = options.Url.GetLeftPart(UriPartial.Path);
        }

        /// <summary>Runs every step for one proxy URL, reporting each result as soon as it is known.</summary>
        public static async Task RunAsync(AwarenessProbeOptions options, Action<AwarenessStepResult> report, CancellationToken cancellationToken)
        {
            using var probe = new AwarenessProbe(options, report);
            await probe.RunAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Runs the probe and returns all results (for scripts and tests).</summary>
        public static async Task<IReadOnlyList<AwarenessStepResult>> RunAsync(AwarenessProbeOptions options, CancellationToken cancellationToken)
        {
            var results = new List<AwarenessStepResult>();
            await RunAsync(options, r => { lock (results) { results.Add(r); } }, cancellationToken).ConfigureAwait(false);
            return results;
        }

        /// <summary>Validates a proxy URL: absolute http or https with a host name.</summary>
        public static Uri ParseUrl(string text)
        {
            string candidate = text.Trim();
            if (candidate.IndexOf("://", StringComparison.Ordinal) < 0)
            {
                candidate = "http://" + candidate;
            }

            if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
            {
                throw new Common.SametimeAdminException("ProxyUrlInvalid", Common.FailureKind.InvalidArgument,
                    $"'{text}' is not a Sametime Proxy URL. Give the proxy's base address, for example http://proxy.example.com:9080/ (the port is in the proxy profile's AboutThisProfile.txt).");
            }

            // The probe appends its own paths: keep only the base (a path ending in '/').
            var builder = new UriBuilder(uri) { Query = string.Empty, Fragment = string.Empty };
            if (!builder.Path.EndsWith("/", StringComparison.Ordinal))
            {
                builder.Path += "/";
            }

            return builder.Uri;
        }

        /// <summary>True when a browser sends a cookie of <paramref name="domain"/> (".example.com") to <paramref name="host"/>.</summary>
        public static bool IsInDomain(string host, string domain)
        {
            string d = domain.Trim().TrimStart('.');
            if (d.Length == 0 || IPAddress.TryParse(host.Trim('[', ']'), out _))
            {
                return false;
            }

            return string.Equals(host, d, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + d, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// The warning for a secret that would travel in clear: a token or password login over plain http. Null for https
        /// or when nothing secret is sent.
        /// </summary>
        public static string? CleartextWarning(AwarenessProbeOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            if (options.Url.Scheme != Uri.UriSchemeHttp || options.LoginMode == AwarenessLoginMode.None)
            {
                return null;
            }

            string where = options.Url.Host + ":" + options.Url.Port.ToString(CultureInfo.InvariantCulture);
            string what = options.LoginMode == AwarenessLoginMode.Token
                ? $"The LTPA token ({(options.TokenMinted ? "minted by the probe" : "given with -Token")}) is sent in the {options.CookieName} cookie over unencrypted http to {where}: anyone on the network path can read it and log in as its user until it expires."
                : $"The password of '{options.Credential?.UserName}' is sent over unencrypted http to {where}: anyone on the network path can read it.";
            return what + " Use the proxy's https URL where one exists.";
        }

        /// <summary>"Valid for uid=alice,... until ...", "Expired at ...", "NotDecryptable: reason", for evidence.</summary>
        public static string DescribeTokenCheck(LtpaTokenInfo check, string keyFingerprint)
        {
            if (check == null)
            {
                throw new ArgumentNullException(nameof(check));
            }

            string until = check.Expiration == null ? string.Empty : check.Expiration.Value.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture);
            return check.Verdict switch
            {
                LtpaTokenVerdict.Valid => $"with the key set {keyFingerprint} the token is valid for {check.User} until {until}",
                LtpaTokenVerdict.Expired => $"with the key set {keyFingerprint} the token is expired (it expired {until}, user {check.User})",
                _ => $"with the key set {keyFingerprint} the token is {check.Verdict}: {check.Reason.TrimEnd('.')}",
            };
        }

        public void Dispose() => client?.Dispose();

        private async Task RunAsync(CancellationToken cancellationToken)
        {
            var addresses = await ResolveAsync(cancellationToken).ConfigureAwait(false);
            await ConnectAsync(addresses, cancellationToken).ConfigureAwait(false);
            await TlsAsync(addresses, cancellationToken).ConfigureAwait(false);
            string? unreachable = blockedBy;
            client = new SametimeWebClient(options.Url, options.Timeout, options.CookieName, options.SkipCertificateCheck) { Origin = OriginText };
            bool proxyUp = await ClientScriptsAsync(cancellationToken).ConfigureAwait(false);
            SsoDomain();
            if (!proxyUp && blockedBy == null)
            {
                blockedBy = "the proxy did not serve its client scripts";
            }

            await LoginAsync(cancellationToken).ConfigureAwait(false);
            await PresenceAsync(cancellationToken).ConfigureAwait(false);
            await BuddyListAsync(cancellationToken).ConfigureAwait(false);
            await LogoutAsync(cancellationToken).ConfigureAwait(false);
            await OriginChecksAsync(unreachable, cancellationToken).ConfigureAwait(false);
            await MailFileAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The mail file step: independent of the proxy, so no earlier failure skips it.</summary>
        private async Task MailFileAsync(CancellationToken cancellationToken)
        {
            if (options.MailFileUrl == null)
            {
                report(new AwarenessStepResult(url, AwarenessStep.MailFile, AwarenessStepStatus.Skipped,
                    "No -MailFileUrl given: the iNotes mail file was not opened directly.", null, MailFileProbe.Section, TimeSpan.Zero) { Applies = false });
                return;
            }

            report(await MailFileProbe.RunAsync(options.MailFileUrl, url, options.Timeout, options.SkipCertificateCheck, cancellationToken).ConfigureAwait(false));
        }

        private async Task<IPAddress[]> ResolveAsync(CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            string host = options.Url.DnsSafeHost;
            using var deadline = Deadline(cancellationToken);
            try
            {
                var addresses = await TcpProbe.ResolveAsync(host, deadline.Token).ConfigureAwait(false);
                if (addresses.Length == 0)
                {
                    Fail(AwarenessStep.NameResolution, $"'{host}' resolves to no address.", ResolveFix(host), SectionProxyAccess, clock);
                    blockedBy = "the proxy host name does not resolve";
                    return addresses;
                }

                Pass(AwarenessStep.NameResolution, $"'{host}' resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}.", SectionProxyAccess, clock);
                return addresses;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Fail(AwarenessStep.NameResolution, $"No answer from DNS for '{host}' within {options.Seconds}.", ResolveFix(host), SectionProxyAccess, clock);
            }
            catch (SocketException ex)
            {
                Fail(AwarenessStep.NameResolution, $"'{host}' does not resolve ({ex.SocketErrorCode}).", ResolveFix(host), SectionProxyAccess, clock);
            }

            blockedBy = "the proxy host name does not resolve";
            return Array.Empty<IPAddress>();
        }

        private static string ResolveFix(string host) =>
            $"Check the proxy's name: it must be the fully qualified name configured in iNotes (Configuration document, iNotes tab, Sametime proxy server) and resolve in DNS for every client. Try: Resolve-DnsName {host}";

        private async Task ConnectAsync(IPAddress[] addresses, CancellationToken cancellationToken)
        {
            if (Skip(AwarenessStep.TcpConnect, SectionProxyAccess))
            {
                return;
            }

            var clock = Stopwatch.StartNew();
            int port = options.Url.Port;
            var problems = new List<string>();
            using var deadline = Deadline(cancellationToken);
            foreach (var address in addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1))
            {
                if (deadline.IsCancellationRequested)
                {
                    problems.Add($"{address}:{port} was not tried: the step's {options.Seconds} were used up");
                    continue;
                }

                try
                {
                    using var socket = await TcpProbe.ConnectSocketAsync(address, port, deadline.Token).ConfigureAwait(false);
                    Pass(AwarenessStep.TcpConnect, $"Connected to {address}:{port} in {TcpProbe.Milliseconds(clock.Elapsed)}.", SectionProxyAccess, clock);
                    return;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    problems.Add($"{address}:{port} did not answer within {options.Seconds}");
                }
                catch (SocketException ex)
                {
                    problems.Add(ex.SocketErrorCode == SocketError.ConnectionRefused
                        ? $"{address}:{port} refused the connection"
                        : $"{address}:{port} cannot be reached ({ex.SocketErrorCode})");
                }
            }

            bool refused = problems.All(p => p.EndsWith("refused the connection", StringComparison.Ordinal));
            Fail(AwarenessStep.TcpConnect, string.Join("; ", problems) + ".",
                refused
                    ? $"Nothing listens on port {port}: check that the Sametime Proxy Server is started (SSC > Applications > Enterprise Applications, Figure 17) and that {port} is its HTTP transport port (AboutThisProfile.txt of the proxy profile)."
                    : "The proxy does not answer: check that its host is up and that firewalls between the clients and the proxy allow the port.",
                SectionProxyAccess, clock);
            blockedBy = "no TCP connection to the proxy";
        }

        private async Task TlsAsync(IPAddress[] addresses, CancellationToken cancellationToken)
        {
            if (options.Url.Scheme != Uri.UriSchemeHttps)
            {
                report(new AwarenessStepResult(url, AwarenessStep.Tls, AwarenessStepStatus.Skipped, "Plain HTTP URL: no TLS to check.", null, SectionCertificates, TimeSpan.Zero) { Applies = false });
                return;
            }

            if (Skip(AwarenessStep.Tls, SectionCertificates))
            {
                return;
            }

            var clock = Stopwatch.StartNew();
            string host = options.Url.DnsSafeHost;
            SslPolicyErrors errors = SslPolicyErrors.None;
            string chainProblems = string.Empty;
            X509Certificate2? certificate = null;
            using var deadline = Deadline(cancellationToken);
            try
            {
                using var socket = await TcpProbe.ConnectSocketAsync(addresses[0], options.Url.Port, deadline.Token).ConfigureAwait(false);
                using var network = new NetworkStream(socket, false);
                using var ssl = new SslStream(network, false, (sender, cert, chain, policyErrors) =>
                {
                    errors = policyErrors;
                    certificate = cert == null ? null : new X509Certificate2(cert);
                    chainProblems = chain == null ? string.Empty : string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
                    return true;
                });
                using (deadline.Token.Register(() => ssl.Dispose()))
                {
                    await ssl.AuthenticateAsClientAsync(host).ConfigureAwait(false);
                }

                string described = DescribeCertificate(certificate);
                if (errors == SslPolicyErrors.None)
                {
                    Pass(AwarenessStep.Tls, $"TLS {ssl.SslProtocol} with a valid certificate: {described}.", SectionCertificates, clock);
                    return;
                }

                string problem = DescribeErrors(errors, chainProblems);
                if (options.SkipCertificateCheck)
                {
                    Pass(AwarenessStep.Tls, $"TLS {ssl.SslProtocol}; certificate NOT trusted ({problem}) and accepted only because of -SkipCertificateCheck: {described}.", SectionCertificates, clock);
                    return;
                }

                Fail(AwarenessStep.Tls, $"Certificate problem: {problem}. {described}.",
                    "Browsers will refuse the proxy the same way (the guide's SSLHandshakeException / CertificateException case). Use a certificate whose name matches the proxy's host name, issued by a CA the clients trust; check the proxy's key store with 'keytool -list -v -keystore key.p12 -storetype PKCS12'. For a lab, -SkipCertificateCheck continues anyway.",
                    SectionCertificates, clock);
            }
            catch (Exception ex) when (ex is IOException || ex is AuthenticationException || ex is ObjectDisposedException || ex is OperationCanceledException || ex is SocketException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                string what = deadline.IsCancellationRequested ? $"no TLS handshake within {options.Seconds}" : "the TLS handshake failed: " + ex.Message;
                Fail(AwarenessStep.Tls, char.ToUpperInvariant(what[0]) + what.Substring(1) + ".",
                    "Check that the port speaks HTTPS (not plain HTTP) and that the proxy and the clients share a TLS version and cipher (the guide's SSLHandshakeException case). Check the proxy's key store with keytool -list -v.",
                    SectionCertificates, clock);
            }

            blockedBy = "the TLS connection to the proxy failed";
        }

        private static string DescribeCertificate(X509Certificate2? certificate) =>
            certificate == null
                ? "no certificate"
                : $"subject {certificate.Subject}, issuer {certificate.Issuer}, valid {certificate.NotBefore.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {certificate.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

        private static string DescribeErrors(SslPolicyErrors errors, string chain)
        {
            var parts = new List<string>();
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                parts.Add("the certificate's name does not match the host name");
            }

            if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            {
                parts.Add("the certificate is not trusted (" + (chain.Length == 0 ? "chain error" : chain) + ")");
            }

            if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            {
                parts.Add("the server sent no certificate");
            }

            return string.Join("; ", parts);
        }

        private async Task<bool> ClientScriptsAsync(CancellationToken cancellationToken)
        {
            if (Skip(AwarenessStep.ClientScripts, SectionNoAwareness))
            {
                return false;
            }

            var clock = Stopwatch.StartNew();
            using var deadline = Deadline(cancellationToken);
            var answer = await client!.SendAsync(HttpMethod.Get, ScriptsPath, null, cancellationToken, deadline.Token).ConfigureAwait(false);
            const string Step = "GET /" + ScriptsPath;
            if (answer.Failure != null)
            {
                Fail(AwarenessStep.ClientScripts, Step + ": " + answer.Failure, FailureFix(answer), SectionNoAwareness, clock, answer.Status);
                return false;
            }

            int status = answer.Status!.Value;
            if (status == 502)
            {
                Fail(AwarenessStep.ClientScripts, Step + $": HTTP 502 Bad Gateway{answer.Hint}. An HTTP 502 here means the Sametime Proxy Server is not running.",
                    ProxyDownFix, SectionNoAwareness, clock, status);
                return false;
            }

            if (status >= 500)
            {
                Fail(AwarenessStep.ClientScripts, Step + $": HTTP {status}{answer.Hint}.", ProxyDownFix, SectionNoAwareness, clock, status);
                return false;
            }

            if (status == 404)
            {
                Fail(AwarenessStep.ClientScripts, Step + $": HTTP 404{answer.Hint}.", LegacyClientFix, SectionNoAwareness, clock, status);
                return true;
            }

            if (status >= 300)
            {
                Fail(AwarenessStep.ClientScripts, Step + $": HTTP {status}{answer.Hint}{answer.LocationHint}.",
                    "The URL does not reach the Sametime Proxy web application: check the host and port (AboutThisProfile.txt) and that the proxy application is started. iNotes loads this script from the proxy server named in its Configuration document.",
                    SectionNoAwareness, clock, status);
                return true;
            }

            if (answer.IsHtml)
            {
                Fail(AwarenessStep.ClientScripts, Step + $": HTTP {status} but an HTML page{answer.Hint} came back instead of JavaScript.",
                    "Something other than the Sametime Proxy answers on this URL (a login page, a front-end server's error page). Point the probe and iNotes at the proxy's own host and port.",
                    SectionNoAwareness, clock, status);
                return true;
            }

            Pass(AwarenessStep.ClientScripts, Step + $": HTTP {status}, {answer.ContentType ?? "no content type"}, {answer.Body.Length.ToString(CultureInfo.InvariantCulture)} characters in {TcpProbe.Milliseconds(clock.Elapsed)}.",
                SectionNoAwareness, clock, status);
            return true;
        }

        private const string ProxyDownFix =
            "Start the Sametime Proxy Server (SSC > Applications > Enterprise Applications, Figure 17; or its WebSphere server) and check its SystemOut.log. A web server or plug-in in front of it answers 502 while the proxy is down.";

        private void SsoDomain()
        {
            var clock = Stopwatch.StartNew();
            string host = options.Url.DnsSafeHost;
            if (string.IsNullOrWhiteSpace(options.SsoDomain))
            {
                Report(AwarenessStep.SsoDomain, AwarenessStepStatus.Skipped,
                    "No -SsoDomain given: the Web SSO DNS domain was not compared with the proxy's host name.", null, SectionDomain, TimeSpan.Zero);
                return;
            }

            string domain = "." + options.SsoDomain!.Trim().TrimStart('.');
            if (IPAddress.TryParse(host.Trim('[', ']'), out _))
            {
                Fail(AwarenessStep.SsoDomain, $"The proxy is addressed by IP address ({host}); browsers never send a cookie of domain {domain} to an IP address.",
                    $"Address the proxy by a fully qualified name inside {domain} (for example proxy{domain}) in the iNotes Configuration document and in this probe.",
                    SectionDomain, clock);
                return;
            }

            if (IsInDomain(host, domain))
            {
                Pass(AwarenessStep.SsoDomain, $"'{host}' is inside the SSO domain {domain}: the browser sends the {options.CookieName} cookie to it.", SectionDomain, clock);
                return;
            }

            Fail(AwarenessStep.SsoDomain, $"'{host}' is not inside the SSO domain {domain}: the browser will not send the {options.CookieName} cookie to the proxy, so the token login fails.",
                $"All SSO servers must share one DNS domain: address the proxy by a name ending in {domain}, or correct the DNS domain of the Web SSO documents and of WebSphere's SSO settings (with its leading dot).",
                SectionDomain, clock);
        }

        private async Task LoginAsync(CancellationToken cancellationToken)
        {
            if (Skip(AwarenessStep.Login, SectionLogin))
            {
                blockedBy ??= "the login was skipped";
                return;
            }

            if (options.LoginMode == AwarenessLoginMode.None)
            {
                Report(AwarenessStep.Login, AwarenessStepStatus.Skipped,
                    "No token, key set or credential given: the login was not tried.", null, SectionLogin, TimeSpan.Zero);
                blockedBy = "no login was tried";
                return;
            }

            var clock = Stopwatch.StartNew();
            var form = new List<KeyValuePair<string, string>>();
            string how;
            if (options.LoginMode == AwarenessLoginMode.Token)
            {
                form.Add(new KeyValuePair<string, string>("loginType", "byToken"));
                if (!string.IsNullOrEmpty(options.UserName))
                {
                    form.Add(new KeyValuePair<string, string>("username", options.UserName!));
                }

                client!.SetTokenCookie(options.Token ?? string.Empty);

                string? description = options.TokenCheck != null && options.KeyFingerprint != null
                    ? (options.TokenDescription == null ? string.Empty : options.TokenDescription + "; ") + DescribeTokenCheck(options.TokenCheck, options.KeyFingerprint)
                    : options.TokenDescription;
                how = $"loginType=byToken with the {options.CookieName} cookie" + (description == null ? string.Empty : " (" + description + ")");
            }
            else
            {
                form.Add(new KeyValuePair<string, string>("loginType", "byPassword"));
                form.Add(new KeyValuePair<string, string>("username", options.Credential?.UserName ?? string.Empty));
                form.Add(new KeyValuePair<string, string>("password", options.Credential?.Password ?? string.Empty));
                how = $"loginType=byPassword as '{options.Credential?.UserName}'";
            }

            foreach (var field in options.LoginFields)
            {
                form.Add(field);
            }

            using var deadline = Deadline(cancellationToken);
            var answer = await client!.SendAsync(HttpMethod.Post, ConnectPath, form, cancellationToken, deadline.Token).ConfigureAwait(false);
            string step = "POST /" + ConnectPath + " " + how;
            RememberApiAnswer("POST /" + ConnectPath, answer);
            if (answer.Failure != null)
            {
                Fail(AwarenessStep.Login, step + ": " + answer.Failure, FailureFix(answer), SectionLogin, clock, answer.Status);
                blockedBy = "the login failed";
                return;
            }

            int status = answer.Status!.Value;
            var json = answer.Json;
            int? returnCode = answer.ReturnCode;
            string? error = answer.ErrorText ?? answer.ClfrxText;
            bool ok = status >= 200 && status < 300 && json != null && (returnCode == null || returnCode < 400) && answer.ErrorText == null;
            if (ok)
            {
                loggedIn = true;
                client!.Nonce = answer.FirstString("rtc4webNonce", "rtc4WebNonce", "nonce");
                loggedInUser = answer.FirstString("userId", "username", "userName", "id");
                string? who = answer.FirstString("displayName", "userName", "userId", "name");
                Pass(AwarenessStep.Login, step + $": HTTP {status}" + (who == null ? string.Empty : ", logged in as " + who) +
                    (client.Nonce == null ? string.Empty : ", session nonce received") + ".", SectionLogin, clock, status);
                return;
            }

            string evidence = step + $": HTTP {status}" + (returnCode != null && returnCode != status ? ", returnCode " + returnCode.Value.ToString(CultureInfo.InvariantCulture) : string.Empty) +
                (error == null ? string.Empty : ", \"" + SametimeWebAnswer.Shorten(error, 300) + "\"") + answer.Hint + answer.LocationHint + ".";
            if (json == null && status >= 200 && status < 400)
            {
                evidence += answer.IsHtml ? " An HTML page came back where JSON was expected (a login form or an error page)." : " The answer is not JSON.";
            }

            Fail(AwarenessStep.Login, evidence, LoginFix(status, returnCode ?? status, error, json == null && answer.IsHtml), SectionLogin, clock, status);
            blockedBy = "the login failed";
        }

        private string LoginFix(int status, int code, string? error, bool html)
        {
            bool token = options.LoginMode == AwarenessLoginMode.Token;
            if (error != null && error.IndexOf("CLFRX0035E", StringComparison.Ordinal) >= 0)
            {
                return TokenNotFoundFix();
            }

            if (status == 503 || code == 503)
            {
                return "The proxy cannot reach the Sametime Community Server (503). Check that the Community Server and its services are running (" + ModuleCommands.GetStServiceStatus + "), that port 1516 is open from the proxy to it, and that the proxy's IP address is in the Community Trusted IPs of stconfig.nsf (Community Connectivity document).";
            }

            if (status == 502)
            {
                return ProxyDownFix;
            }

            if (html || (status >= 300 && status < 400))
            {
                return "The proxy answered with a page instead of the web API: WebSphere did not accept the request as authenticated. " +
                    (token ? "Check that the token was minted with the proxy's LTPA keys and that the cookie name is WebSphere's LTPA V2 cookie name (" + options.CookieName + ")." : "Check the user name and password.");
            }

            if (!token)
            {
                return "The proxy refused the user name or password. Check that the user exists in the LDAP directory that the proxy and the Community Server share, and the password.";
            }

            if (status == 401 || status == 403 || code == 401 || code == 403)
            {
                return "The proxy did not accept the LTPA token" + TokenKnowledge() + ". Mint it with the proxy's own keys (the ltpa.keys exported from the proxy's cell, also imported into the iNotes and Community Server Web SSO documents), for a user of the shared LDAP directory, with a realm the servers know; check it has not expired and that the cookie name is WebSphere's LTPA V2 cookie name (" + options.CookieName + ").";
            }

            return "The login by token failed on the Community Server. Import the proxy's LTPA keys into the Community Server's Web SSO document (format LtpaToken2, or both with interoperability mode), set [AuthToken] ST_TOKEN_TYPE in its sametime.ini to that configuration's name, make sure the proxy's IP address is a Community Trusted IP, and restart Sametime. " + ModuleCommands.GetSsoTraceEvent + " on the proxy's trace.log shows the CLFRX reason.";
        }

        /// <summary>The fix for CLFRX0035E ("Token was not found"), from what the probe knows about the token it sent.</summary>
        private string TokenNotFoundFix()
        {
            const string Head = "CLFRX0035E: the Community Server did not find the token for the login by token. ";
            string stTokenType = "the Community Server loads the wrong Web SSO configuration (the server document's default 'LtpaToken'): in sametime.ini on the Community Server add [AuthToken] ST_TOKEN_TYPE=<the Web SSO configuration with the imported WebSphere keys, e.g. LtpaToken2> and restart Sametime; and the proxy's LTPA V2 cookie name (WebSphere SSO settings, Figure 6) must be " + options.CookieName + ", the cookie the token was sent in.";
            string keys = options.KeyFingerprint ?? "(unknown)";
            string compare = ModuleCommands.GetLtpaKey + " on the proxy's ltpa.keys, and " + ModuleCommands.GetSsoDoc + " on the iNotes and the Community Server Web SSO documents | " + ModuleCommands.FormatTableKeyFingerprints;
            if (options.TokenMinted)
            {
                return Head + $"The probe minted the token with the key set {keys}: compare the proxy's keys and the keys of both Web SSO documents (iNotes and Community Server) with {keys} ({compare}); import the proxy's keys where they differ ({ModuleCommands.ImportLtpaKeyToSsoDoc}). If all three match, " + stTokenType;
            }

            var check = options.TokenCheck;
            if (check == null)
            {
                return Head + "If the token is good (check it with " + ModuleCommands.TestLtpaToken + ", or give the proxy's keys with -KeyPath/-KeySet together with -Token), " + stTokenType;
            }

            switch (check.Verdict)
            {
                case LtpaTokenVerdict.Valid:
                    return Head + $"The token is valid for the key set {keys} (user {check.User}), yet it was not accepted: " + stTokenType;
                case LtpaTokenVerdict.Expired:
                    string at = check.Expiration == null ? string.Empty : " at " + check.Expiration.Value.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture);
                    return Head + $"The token given with -Token expired{at} (key set {keys}): log in again for a fresh token, or let the probe mint one with -KeyPath/-KeySet and -UserName. Only a fresh token shows whether the configuration is at fault.";
                case LtpaTokenVerdict.NotYetValid:
                    return Head + $"The token given with -Token is not valid yet (key set {keys}): the clocks of the servers differ. Synchronise them, then try again.";
                default:
                    return Head + $"The token given with -Token is {check.Verdict} with the key set {keys} ({check.Reason.TrimEnd('.')}): it was not made with these keys, or it was damaged. Compare the keys of the server that issued it with the proxy's and both Web SSO documents' keys ({compare}).";
            }
        }

        /// <summary>" (with the key set ... the token is expired ...)" when the token was checked, else empty.</summary>
        private string TokenKnowledge() =>
            options.TokenCheck != null && options.KeyFingerprint != null ? " (" + DescribeTokenCheck(options.TokenCheck, options.KeyFingerprint) + ")"
            : options.TokenMinted && options.KeyFingerprint != null ? $" (minted by the probe with the key set {options.KeyFingerprint})"
            : string.Empty;

        private async Task PresenceAsync(CancellationToken cancellationToken)
        {
            if (Skip(AwarenessStep.Presence, SectionNoAwareness))
            {
                return;
            }

            var users = options.WatchUsers.Count > 0 ? options.WatchUsers.Distinct(StringComparer.OrdinalIgnoreCase).ToList() : new List<string>();
            string? self = options.UserName ?? options.Credential?.UserName ?? loggedInUser;
            if (users.Count == 0 && !string.IsNullOrEmpty(self))
            {
                users.Add(self!);
            }

            if (users.Count == 0)
            {
                Report(AwarenessStep.Presence, AwarenessStepStatus.Skipped, "No -WatchUser given and no user name known: no presence was asked for.", null, SectionNoAwareness, TimeSpan.Zero);
                return;
            }

            // One deadline for the step: every user's request goes out at once and all share it.
            var clock = Stopwatch.StartNew();
            using var deadline = Deadline(cancellationToken);
            var answers = await Task.WhenAll(users.Select(user =>
                client!.SendAsync(HttpMethod.Post, PresencePath, new[] { new KeyValuePair<string, string>("userId", user) }, cancellationToken, deadline.Token))).ConfigureAwait(false);

            var seen = new List<string>();
            var failed = new List<string>();
            var unreadable = new List<string>();
            int? status = null;
            for (int i = 0; i < users.Count; i++)
            {
                string user = users[i];
                var answer = answers[i];
                status ??= answer.Status;
                string? why = answer.JsonFailure;
                if (why != null)
                {
                    failed.Add($"{user}: {why}");
                    status = answer.Status;
                    continue;
                }

                var entries = PresenceAnswer.Read(answer.Json);
                var entry = PresenceAnswer.For(entries, user);
                if (entry != null)
                {
                    seen.Add($"{user}: {entry.Describe()}");
                    continue;
                }

                string named = entries.Count == 0 ? "no status in it" : "statuses only for " + string.Join(", ", entries.Select(e => e.Id ?? "(no id)").Take(5));
                unreadable.Add($"{user}: HTTP {answer.Status}, {named}; answer shape {PresenceAnswer.Shape(answer.Json)}");
            }

            string prefix = "POST /" + PresencePath + (users.Count == 1 ? string.Empty : $" for {users.Count} users at once") + ": ";
            string evidence = prefix + string.Join("; ", failed.Concat(unreadable).Concat(seen)) + ".";
            if (failed.Count > 0)
            {
                Fail(AwarenessStep.Presence, evidence,
                    "Awareness does not load: check the proxy's trace.log around 'URL:/stwebapi/presence' and whether awareness works in other Sametime clients (if not, the Community Server's presence services are at fault: " + ModuleCommands.GetStServiceStatus + ").",
                    SectionNoAwareness, clock, status);
                return;
            }

            if (unreadable.Count > 0)
            {
                Report(AwarenessStep.Presence, AwarenessStepStatus.Warning, evidence,
                    "The proxy answered, but no status could be read for the user(s) named: the answer has none, or names other users. Check that the watched names are the users' LDAP DNs or Notes names, and whether awareness shows in iNotes and other Sametime clients. The answer's shape is in the evidence; the proxy's presence format is not publicly documented, so a proxy release may answer in a shape the probe does not know.",
                    SectionNoAwareness, clock.Elapsed, status);
                return;
            }

            Pass(AwarenessStep.Presence, evidence, SectionNoAwareness, clock, status);
        }

        private async Task BuddyListAsync(CancellationToken cancellationToken)
        {
            if (Skip(AwarenessStep.BuddyList, SectionBuddyList))
            {
                return;
            }

            var clock = Stopwatch.StartNew();
            string path = BuddyListPath + "?isWatchList=true&isWatchLocation=true&noCache=" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            using var deadline = Deadline(cancellationToken);
            var answer = await client!.SendAsync(HttpMethod.Get, path, null, cancellationToken, deadline.Token).ConfigureAwait(false);
            string step = "GET /" + BuddyListPath;
            string? why = answer.JsonFailure;
            if (why != null)
            {
                Fail(AwarenessStep.BuddyList, step + ": " + why + ".",
                    "The proxy cannot load the user's contact list: check the proxy's trace.log around 'Servlet Path=/buddylist' and whether the list loads in other Sametime clients; consider vpuserinfo.nsf maintenance on the Community Server (technote swg21985537). In iNotes the contact list also needs the Buddy List servlet on the iNotes server: servlets.properties with servlet.DWABuddyList.code=com.lotus.dwa.stbuddy.DWABuddyList and Domino Servlet Manager enabled in its server document.",
                    SectionBuddyList, clock, answer.Status);
                return;
            }

            Pass(AwarenessStep.BuddyList, step + $": HTTP {answer.Status}, {DescribeBuddyList(answer.Json)}. (iNotes also needs the DWABuddyList servlet on the iNotes server to show it.)",
                SectionBuddyList, clock, answer.Status);
        }

        private async Task LogoutAsync(CancellationToken cancellationToken)
        {
            if (!loggedIn)
            {
                Report(AwarenessStep.Logout, AwarenessStepStatus.Skipped, "Skipped: " + (blockedBy ?? "not logged in") + ".", null, SectionLogin, TimeSpan.Zero);
                return;
            }

            var clock = Stopwatch.StartNew();
            using var deadline = Deadline(cancellationToken);
            var answer = await client!.SendAsync(HttpMethod.Delete, ConnectPath, null, cancellationToken, deadline.Token).ConfigureAwait(false);
            string step = "DELETE /" + ConnectPath;
            if (answer.Failure != null || answer.Status < 200 || answer.Status >= 300)
            {
                Fail(AwarenessStep.Logout, step + ": " + (answer.Failure ?? $"HTTP {answer.Status}{answer.Hint}") + ".",
                    "The session could not be closed; it ends by itself when the proxy's session times out. Check the proxy's trace.log if logouts fail for users too.",
                    SectionLogin, clock, answer.Status);
                return;
            }

            Pass(AwarenessStep.Logout, step + $": HTTP {answer.Status}, session closed.", SectionLogin, clock, answer.Status);
        }

        private bool Skip(AwarenessStep step, string section)
        {
            if (blockedBy == null)
            {
                return false;
            }

            Report(step, AwarenessStepStatus.Skipped, "Skipped: " + blockedBy + ".", null, section, TimeSpan.Zero);
            return true;
        }

        /// <summary>The fix for an exchange that brought no answer.</summary>
        private static string FailureFix(SametimeWebAnswer answer) => answer.FailureKind switch
        {
            SametimeWebFailure.Timeout =>
                "The proxy accepts connections but does not answer in time: it is overloaded or hung, or the Community Server behind it is slow. Check the proxy's SystemOut.log; restart it if it stays unresponsive.",
            SametimeWebFailure.Tls =>
                "The proxy's certificate is not trusted or the TLS handshake fails (the guide's SSLHandshakeException case); see the Tls step.",
            SametimeWebFailure.Connection =>
                "The connection to the proxy broke: check that the proxy is running and that nothing between (load balancer, firewall) cuts connections.",
            _ => ProxyDownFix,
        };

        private CancellationTokenSource Deadline(CancellationToken cancellationToken)
        {
            var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            source.CancelAfter(options.Timeout);
            return source;
        }

        private void Pass(AwarenessStep step, string evidence, string section, Stopwatch clock, int? status = null) =>
            Report(step, AwarenessStepStatus.Passed, evidence, null, section, clock.Elapsed, status);

        private void Fail(AwarenessStep step, string evidence, string fix, string section, Stopwatch clock, int? status = null) =>
            Report(step, AwarenessStepStatus.Failed, evidence, fix, section, clock.Elapsed, status);

        private void Report(AwarenessStep step, AwarenessStepStatus status, string evidence, string? fix, string section, TimeSpan duration, int? httpStatus = null) =>
            report(new AwarenessStepResult(url, step, status, evidence, fix, section, duration) { HttpStatus = httpStatus });

        private static string DescribeBuddyList(JToken? json)
        {
            var groups = (json as JObject)?["groups"] as JArray ?? json as JArray;
            if (groups == null)
            {
                return "buddy list answered";
            }

            int contacts = groups.OfType<JObject>().Sum(g => ((g["users"] ?? g["contacts"] ?? g["members"]) as JArray)?.Count ?? 0);
            return string.Format(CultureInfo.InvariantCulture, "{0} group(s), {1} contact(s)", groups.Count, contacts);
        }
    }
}
