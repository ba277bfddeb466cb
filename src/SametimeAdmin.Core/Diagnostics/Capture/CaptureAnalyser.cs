using SametimeAdmin.Common;
using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Domino;
using SametimeAdmin.Ltpa;
using SametimeAdmin.MustGather;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// Reads an iNotes session capture the way the guide reads a Fiddler trace (4.1 step 6, 4.2 step 2, 4.3 step 2) and
    /// reports every finding: cookies per host, the LTPA Set-Cookie, the login form, the proxy's scripts, presence and
    /// buddy list calls, CORS preflights, redirect loops, the tokens (verified when keys are given) and the iNotes
    /// requests the web console logs. Nothing stops at the first problem.
    /// </summary>
    public sealed partial class CaptureAnalyser
    {
        private const string NotRunningFix = "The Sametime Proxy Server is not running (guide 4.2): start it and check its status in the SSC.";
        private const string TokenRejectedFix =
            "The Community Server rejected the token: set [AuthToken] ST_TOKEN_TYPE in sametime.ini to the Web SSO configuration name, check that the same LTPA keys are imported, and that the proxy is a trusted IP (guide 4.1, Certificate Problems).";

        private readonly LtpaTokenReader? tokenReader;
        private readonly Redactor redactor = new Redactor();

        /// <param name="tokenReader">Keys to verify the captured tokens with; without it the Token findings are Skipped.</param>
        public CaptureAnalyser(LtpaTokenReader? tokenReader = null)
        {
            this.tokenReader = tokenReader;
        }

        /// <summary>Reads and analyses a HAR or SAZ file (errors: CaptureInvalid, CaptureUnreadable, CaptureTooLarge).</summary>
        public IReadOnlyList<SsoCaptureFinding> Analyse(string path) => Analyse(System.IO.Path.GetFileName(path), CapturedSession.Read(path));

        public IReadOnlyList<SsoCaptureFinding> Analyse(string capture, IReadOnlyList<CapturedRequest> requests)
        {
            var findings = new List<SsoCaptureFinding>();
            void Add(string rule, FindingSeverity severity, string? host, string message, string? fix = null, string? fingerprint = null) =>
                findings.Add(new SsoCaptureFinding(rule, severity, capture, host, message, fix, fingerprint));

            var proxy = requests.Where(IsProxy).ToList();
            var proxyHosts = proxy.Select(r => r.Url.Host).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            Add("CaptureContent", FindingSeverity.Info, null,
                $"{requests.Count} request(s) to {requests.Select(r => r.Url.Host).Distinct(StringComparer.OrdinalIgnoreCase).Count()} host(s); Sametime Proxy: {(proxyHosts.Count == 0 ? "none" : string.Join(", ", proxyHosts))}.");
            if (proxy.Count == 0)
            {
                Add("ProxyRequests", FindingSeverity.Warning, null, "The capture holds no request to the Sametime Proxy (/stbaseapi or /stwebapi).",
                    "iNotes never reached the proxy: check the proxy URL in the iNotes Configuration document and the iNotes web console (guide 4.1).");
            }

            CookiesPerHost(requests, proxyHosts, Add);
            SetCookies(requests, proxyHosts, Add);
            Login(requests, Add);
            ProxyCalls(requests, proxy.Count > 0, Add);
            Preflights(requests, Add);
            Redirects(requests, Add);
            Tokens(requests, Add);
            INotesRequests(requests, Add);
            return findings;
        }

        private delegate void AddFinding(string rule, FindingSeverity severity, string? host, string message, string? fix = null, string? fingerprint = null);

        private static bool IsProxy(CapturedRequest r) => r.PathContains("/stwebapi/") || r.PathContains("/stbaseapi/") || r.PathContains("/stwebclient/");

        private static bool IsLogin(CapturedRequest r) =>
            r.Url.AbsolutePath.EndsWith("/stwebapi/user/connect", StringComparison.OrdinalIgnoreCase) && !string.Equals(r.Method, "DELETE", StringComparison.OrdinalIgnoreCase) && !IsPreflight(r);

        private static bool IsPreflight(CapturedRequest r) => string.Equals(r.Method, "OPTIONS", StringComparison.OrdinalIgnoreCase);

        /// <summary>Which cookies (names only) went to which host, and whether the proxy got an LTPA cookie.</summary>
        private static void CookiesPerHost(IReadOnlyList<CapturedRequest> requests, List<string> proxyHosts, AddFinding add)
        {
            foreach (var host in requests.GroupBy(r => r.Url.Authority, StringComparer.OrdinalIgnoreCase))
            {
                var names = host.SelectMany(r => r.CookieNames).Distinct(StringComparer.Ordinal).ToList();
                add("CookiesToHost", FindingSeverity.Info, host.Key,
                    $"{host.Count()} request(s) to {host.Key} sent {(names.Count == 0 ? "no cookies" : "cookies " + string.Join(", ", names))}.");
            }

            foreach (string host in proxyHosts)
            {
                var toProxy = requests.Where(r => IsProxy(r) && !IsPreflight(r) && string.Equals(r.Url.Host, host, StringComparison.OrdinalIgnoreCase)).ToList();
                var withLtpa = toProxy.Where(r => r.Cookies.Any(c => c.IsLtpa)).ToList();
                bool byToken = toProxy.Any(r => IsLogin(r) && string.Equals(r.LoginType, "byToken", StringComparison.OrdinalIgnoreCase));
                if (withLtpa.Count > 0)
                {
                    var ltpaNames = withLtpa.SelectMany(r => r.Cookies).Where(c => c.IsLtpa).Select(c => c.Name).Distinct(StringComparer.Ordinal);
                    add("LtpaCookieToProxy", FindingSeverity.Ok, host, $"{string.Join(", ", ltpaNames)} went to the proxy {host} with {withLtpa.Count} of {toProxy.Count} request(s).");
                }
                else if (toProxy.Count > 0)
                {
                    add("LtpaCookieToProxy", byToken ? FindingSeverity.Error : FindingSeverity.Warning, host,
                        $"No LTPA cookie went to the proxy {host} ({toProxy.Count} request(s)){(byToken ? " although iNotes logged in by token" : string.Empty)}.",
                        "The browser did not send the SSO cookie to the proxy: the proxy host must be inside the SSO DNS domain (the Domain of the LtpaToken2 Set-Cookie) and addressed by its fully qualified name.");
                }
            }
        }

        /// <summary>Every LTPA Set-Cookie: who set it, its Domain and Path, and whether that reaches the proxy hosts.</summary>
        private static void SetCookies(IReadOnlyList<CapturedRequest> requests, List<string> proxyHosts, AddFinding add)
        {
            bool any = false;
            foreach (var request in requests)
            {
                foreach (var cookie in request.SetCookies.Where(c => c.IsLtpa))
                {
                    any = true;
                    string host = request.Url.Host;
                    string attributes = $"Domain={cookie.Domain ?? "(none: host-only)"}, Path={cookie.Path ?? "(none)"}{(cookie.Secure ? ", Secure" : string.Empty)}{(cookie.HttpOnly ? ", HttpOnly" : string.Empty)}";
                    string message = $"{host} set {cookie.Name} (token {cookie.Fingerprint}) with {attributes}";
                    var missed = proxyHosts.Where(p => !CookieReaches(cookie, host, p)).ToList();
                    if (cookie.Domain == null && proxyHosts.Any(p => !string.Equals(p, host, StringComparison.OrdinalIgnoreCase)))
                    {
                        add("LtpaSetCookie", FindingSeverity.Error, host, message + ": a host-only cookie never goes to the proxy " + string.Join(", ", missed) + ".",
                            "Set the DNS domain in the Web SSO configuration document (for example .example.com) so that the LTPA cookie is sent to the proxy as well.", cookie.Fingerprint);
                    }
                    else if (missed.Count > 0)
                    {
                        add("LtpaSetCookie", FindingSeverity.Error, host, message + ": the proxy " + string.Join(", ", missed) + " is outside that domain.",
                            "Address the proxy by a fully qualified name inside the SSO DNS domain, or correct the domain in the Web SSO document and the proxy's SSO settings.", cookie.Fingerprint);
                    }
                    else if (cookie.Path != null && cookie.Path != "/")
                    {
                        add("LtpaSetCookie", FindingSeverity.Warning, host, message + ": the path limits the cookie to " + cookie.Path + ", /stwebapi does not get it.",
                            "The SSO cookie must have Path=/.", cookie.Fingerprint);
                    }
                    else
                    {
                        add("LtpaSetCookie", FindingSeverity.Ok, host, message + ".", null, cookie.Fingerprint);
                    }
                }
            }

            if (!any)
            {
                add("LtpaSetCookie", FindingSeverity.Skipped, null, "No LTPA Set-Cookie in the capture: the login to iNotes happened before the capture started, so its domain and path cannot be checked.");
            }
        }

        /// <summary>RFC 6265 domain matching: host-only cookies go to their host, others to the domain and its subdomains.</summary>
        private static bool CookieReaches(CapturedCookie cookie, string setBy, string host)
        {
            if (cookie.Domain == null)
            {
                return string.Equals(setBy, host, StringComparison.OrdinalIgnoreCase);
            }

            string domain = cookie.Domain.TrimStart('.');
            return string.Equals(host, domain, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Guide 4.1 step 6: the login request's loginType, username and loginMethod, and the proxy's answer.</summary>
        private void Login(IReadOnlyList<CapturedRequest> requests, AddFinding add)
        {
            var logins = requests.Where(IsLogin).ToList();
            if (logins.Count == 0)
            {
                add("LoginRequest", FindingSeverity.Warning, null, "The capture has no login request (/stwebapi/user/connect).", "Capture from the iNotes login on (guide 4.1 step 6).");
                return;
            }

            foreach (var login in logins)
            {
                string cookies = login.CookieNames.Count == 0 ? "no cookies" : "cookies " + string.Join(", ", login.CookieNames);
                string message = $"login: {login.Method} {login.Url.AbsolutePath} loginType={login.LoginType ?? "(not seen)"}, username={Shown(login.UserName)}, loginMethod={Shown(login.LoginMethod)}, {cookies}, HTTP {login.Status}";
                bool byToken = string.Equals(login.LoginType, "byToken", StringComparison.OrdinalIgnoreCase);
                if (login.Status >= 400 || login.ResponseText.IndexOf("CLFRX", StringComparison.Ordinal) >= 0)
                {
                    string clfrx = login.ResponseText.IndexOf("CLFRX0035E", StringComparison.Ordinal) >= 0 ? " The proxy says CLFRX0035E: token not found." : string.Empty;
                    add("LoginRequest", FindingSeverity.Error, login.Url.Host, message + "." + clfrx, TokenRejectedFix);
                }
                else if (byToken && !login.Cookies.Any(c => c.IsLtpa))
                {
                    add("LoginRequest", FindingSeverity.Error, login.Url.Host, message + ": a token login without an LTPA cookie.",
                        "The browser did not send the SSO cookie to the proxy: the proxy host must be inside the SSO DNS domain and addressed by its fully qualified name.");
                }
                else if (!byToken)
                {
                    add("LoginRequest", FindingSeverity.Warning, login.Url.Host, message + ": not a login by token, so single sign-on was not used.",
                        "iNotes logs in to the proxy by token when SSO works: check the Web SSO configuration of the iNotes server and the LTPA cookie it sets.");
                }
                else
                {
                    add("LoginRequest", FindingSeverity.Ok, login.Url.Host, message + ".");
                }
            }
        }

        /// <summary>A login form value for display: user names are shown (the guide asks for them), through the line redactor.</summary>
        private string Shown(string? value) => value == null ? "(not seen)" : redactor.RedactLine(value);

        /// <summary>baseComps.js (502 when the proxy is down, guide 4.2), presence (4.2 step 2) and buddy list (4.3 step 2) calls.</summary>
        private static void ProxyCalls(IReadOnlyList<CapturedRequest> requests, bool reachedProxy, AddFinding add)
        {
            Calls(requests.Where(r => r.PathContains("baseComps.js")).ToList(), "ProxyScripts", "baseComps.js", reachedProxy, add,
                status => status == 502 ? NotRunningFix : "The proxy's client scripts did not load: check the proxy URL and port in the iNotes Configuration document.",
                "iNotes did not load baseComps.js from the proxy: check the proxy URL in the iNotes Configuration document and the web console (guide 4.1).");
            Calls(requests.Where(r => r.PathContains("/stwebapi/presence") && !IsPreflight(r)).ToList(), "Presence", "presence", reachedProxy, add,
                status => status == 502 ? NotRunningFix : "Check the proxy trace.log around the failing /stwebapi/presence request (guide 4.2 step 3).",
                "Awareness was not requested: check Preferences > Instant Messaging in iNotes and the Dwf{{$Inbox}} lines of the web console (guide 4.2).");
            Calls(requests.Where(r => r.PathContains("/stwebapi/buddylist") && !IsPreflight(r)).ToList(), "BuddyList", "buddy list", reachedProxy, add,
                status => status == 502 ? NotRunningFix : "Check the proxy trace.log around /stwebapi/buddylist (guide 4.3 step 3) and the Buddy List servlet on the iNotes server.",
                "The contact list was not requested: check the Buddy List servlet (servlets.properties, " + ModuleCommands.EnableDwaBuddyListServlet + ") and the s_buddylist line of the web console (guide 4.3).");
        }

        private static void Calls(List<CapturedRequest> calls, string rule, string what, bool reachedProxy, AddFinding add, Func<int, string> failFix, string missingFix)
        {
            if (calls.Count == 0)
            {
                add(rule, reachedProxy ? FindingSeverity.Warning : FindingSeverity.Skipped, null,
                    reachedProxy ? $"No {what} request in the capture." : $"No {what} request: the capture holds no request to the proxy.", reachedProxy ? missingFix : null);
                return;
            }

            foreach (var byHost in calls.GroupBy(r => r.Url.Authority, StringComparer.OrdinalIgnoreCase))
            {
                var statuses = byHost.Select(r => r.Status).Distinct().ToList();
                string message = $"{what} from {byHost.Key}: {byHost.Count()} request(s), HTTP {string.Join(", ", statuses)}";
                int failed = statuses.FirstOrDefault(s => s >= 400 || s == 0);
                if (statuses.Any(s => s >= 400 || s == 0))
                {
                    add(rule, FindingSeverity.Error, byHost.First().Url.Host, message + (failed == 0 ? " (no response)." : "."), failFix(failed));
                }
                else
                {
                    add(rule, FindingSeverity.Ok, byHost.First().Url.Host, message + ".");
                }
            }
        }

        /// <summary>CORS preflights (OPTIONS) from the iNotes page to the proxy: the proxy must allow the iNotes origin with credentials.</summary>
        private static void Preflights(IReadOnlyList<CapturedRequest> requests, AddFinding add)
        {
            foreach (var preflight in requests.Where(r => IsPreflight(r) && r.RequestHeader("Access-Control-Request-Method") != null))
            {
                string? origin = preflight.RequestHeader("Origin");
                string? allowOrigin = preflight.ResponseHeader("Access-Control-Allow-Origin");
                string? allowCredentials = preflight.ResponseHeader("Access-Control-Allow-Credentials");
                string message = $"preflight OPTIONS {preflight.Url.AbsolutePath} from origin {origin ?? "(none)"}: HTTP {preflight.Status}, Access-Control-Allow-Origin {allowOrigin ?? "(none)"}, Access-Control-Allow-Credentials {allowCredentials ?? "(none)"}";
                bool originAllowed = allowOrigin != null && (allowOrigin == "*" || string.Equals(allowOrigin, origin, StringComparison.OrdinalIgnoreCase));
                const string fix = "The proxy must answer the iNotes origin's preflight with 2xx, Access-Control-Allow-Origin set to that origin and Access-Control-Allow-Credentials: true; or serve iNotes and the proxy from one origin through a reverse proxy.";
                if (preflight.Status < 200 || preflight.Status >= 300 || !originAllowed)
                {
                    add("CorsPreflight", FindingSeverity.Error, preflight.Url.Host, message + ": the browser blocks the request that follows.", fix);
                }
                else if (allowOrigin == "*" || !string.Equals(allowCredentials, "true", StringComparison.OrdinalIgnoreCase))
                {
                    add("CorsPreflight", FindingSeverity.Error, preflight.Url.Host, message + ": the browser sends no cookies (the LTPA token) cross-origin without credentials allowed for the exact origin.", fix);
                }
                else
                {
                    add("CorsPreflight", FindingSeverity.Ok, preflight.Url.Host, message + ".");
                }
            }
        }

        /// <summary>Redirect loops: URLs whose redirects lead back to themselves more than once (login pages bouncing between servers).</summary>
        private void Redirects(IReadOnlyList<CapturedRequest> requests, AddFinding add)
        {
            var edges = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in requests.Where(r => r.Status >= 300 && r.Status < 400))
            {
                string? location = r.ResponseHeader("Location");
                if (location == null || !Uri.TryCreate(r.Url, location, out var target))
                {
                    continue;
                }

                string from = Key(r.Url);
                edges[from] = Key(target);
                counts[from] = counts.TryGetValue(from, out int n) ? n + 1 : 1;
            }

            if (edges.Count == 0)
            {
                return;
            }

            var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string start in edges.Keys)
            {
                var path = new List<string> { start };
                string current = start;
                while (edges.TryGetValue(current, out string? next) && path.Count <= edges.Count)
                {
                    if (string.Equals(next, start, StringComparison.OrdinalIgnoreCase))
                    {
                        // A login round trip (page -> login form -> page) is a cycle once; a loop goes round again.
                        if (path.All(p => counts[p] >= 2) && path.All(p => reported.Add(p)))
                        {
                            add("RedirectLoop", FindingSeverity.Error, new Uri(start).Host, "Redirect loop: " + string.Join(" -> ", path.Concat(new[] { start }).Select(u => redactor.RedactLine(u))) + ".",
                                "The servers send the browser back and forth, usually because one does not accept the other's LTPA cookie: compare the Web SSO documents (" + ModuleCommands.TestSsoDoc + ") and check the redirection settings (guide 4.1).");
                        }

                        break;
                    }

                    path.Add(next);
                    current = next;
                }
            }

            foreach (var repeated in counts.Where(c => c.Value >= 3 && !reported.Contains(c.Key)))
            {
                add("RedirectLoop", FindingSeverity.Warning, new Uri(repeated.Key).Host, $"{redactor.RedactLine(repeated.Key)} was redirected {repeated.Value} times.",
                    "Repeated redirects of one URL point to a login that does not stick: check the LTPA cookie's domain and the redirection settings (guide 4.1).");
            }

            if (reported.Count == 0 && !counts.Any(c => c.Value >= 3))
            {
                add("RedirectLoop", FindingSeverity.Ok, null, $"{counts.Values.Sum()} redirect(s), none in a loop.");
            }
        }

        private static string Key(Uri url) => url.GetLeftPart(UriPartial.Path);

        /// <summary>Each distinct LTPA token (by fingerprint): where it went and, with keys, its verdict.</summary>
        private void Tokens(IReadOnlyList<CapturedRequest> requests, AddFinding add)
        {
            var seen = new Dictionary<string, (CapturedCookie Cookie, SortedSet<string> Hosts)>(StringComparer.Ordinal);
            foreach (var r in requests)
            {
                foreach (var cookie in r.Cookies.Concat(r.SetCookies).Where(c => c.IsLtpa && c.Value.Length > 0))
                {
                    string fingerprint = cookie.Fingerprint;
                    if (!seen.TryGetValue(fingerprint, out var entry))
                    {
                        entry = (cookie, new SortedSet<string>(StringComparer.OrdinalIgnoreCase));
                        seen[fingerprint] = entry;
                    }

                    entry.Hosts.Add(r.Url.Host);
                }
            }

            foreach (var token in seen)
            {
                var cookie = token.Value.Cookie;
                string where = $"{cookie.Name} {token.Key} seen with {string.Join(", ", token.Value.Hosts)}";
                if (cookie.IsRedacted)
                {
                    add("Token", FindingSeverity.Skipped, null, where + ": the capture was redacted, the token cannot be decoded.", null, token.Key);
                    continue;
                }

                if (tokenReader == null)
                {
                    add("Token", FindingSeverity.Skipped, null, where + ": not verified (give -KeyPath and -KeyPassword, or -KeySet).", null, token.Key);
                    continue;
                }

                LtpaTokenInfo info = tokenReader.Decode(new LtpaTokenText(cookie.Name, cookie.Value));
                string message = $"{where}: {info.Format} {info.Verdict}, user {info.User ?? "(none)"}, realm {info.Realm ?? "(none)"}, expires {(info.Expiration.HasValue ? info.Expiration.Value.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "(unknown)")}";
                switch (info.Verdict)
                {
                    case LtpaTokenVerdict.Valid:
                        add("Token", FindingSeverity.Ok, null, message + ".", null, token.Key);
                        break;
                    case LtpaTokenVerdict.Unverified:
                        add("Token", FindingSeverity.Warning, null, message + ": " + info.Reason, "Give the Domino secret of the Web SSO document to verify Domino-style tokens (" + ModuleCommands.TestSsoCaptureDominoSecret + ", or the document in the checklist's site description).", token.Key);
                        break;
                    default:
                        add("Token", FindingSeverity.Error, null, message + ": " + info.Reason,
                            info.Verdict == LtpaTokenVerdict.Expired || info.Verdict == LtpaTokenVerdict.NotYetValid
                                ? "Compare the clocks and the token expiration of the servers (" + ModuleCommands.GetSsoTraceEvent + ", the checklist's CrossServer.ExpirationEqual)."
                                : "The token was made with other keys: import the proxy's ltpa.keys into the Web SSO documents of iNotes and Sametime (" + ModuleCommands.ImportLtpaKeyToSsoDoc + ") and compare with " + ModuleCommands.TestSsoDoc + ".",
                            token.Key);
                        break;
                }
            }
        }
    }
}
