using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Web;

namespace SametimeAdmin.LabProxy;

/// <summary>How the lab proxy (mis)behaves.</summary>
public enum LabProxyMode
{
    /// <summary>Answers every endpoint as documented.</summary>
    Normal,

    /// <summary>A web server in front answers 502 Bad Gateway: the proxy application is down.</summary>
    ProxyDown,

    /// <summary>The proxy runs but cannot reach the Community Server: logins answer 503.</summary>
    CommunityDown,

    /// <summary>The Community Server rejects token logins (CLFRX0027E / CLFRX0035E, the ST_TOKEN_TYPE case).</summary>
    TokenRejected,

    /// <summary>Every answer comes late (see <see cref="LabProxyOptions.SlowDelay"/>).</summary>
    Slow,

    /// <summary>WebSphere's LTPA V2 cookie name is "LtpaToken": a token sent as LtpaToken2 is not found.</summary>
    WrongCookieName,

    /// <summary>Connections are accepted and requests read, but nothing is ever answered.</summary>
    Hang,

    /// <summary>The web API answers with an HTML login page where JSON is expected.</summary>
    HtmlErrors,

    /// <summary>Presence answers wrap the person object in a list: {"presence": [{"id": ..., "status": 2, ...}]}.</summary>
    PresenceList,

    /// <summary>Presence answers wrap the person object in a list named "statuses".</summary>
    PresenceStatuses,

    /// <summary>Presence answers are a map keyed by user id: {"uid=bob,...": {"status": 2, "statusMessage": ...}}.</summary>
    PresencePerUser,

    /// <summary>Presence answers say 200 but carry no status anywhere.</summary>
    PresenceNoStatus,

    /// <summary>Only presence requests come late (see <see cref="LabProxyOptions.SlowDelay"/>); each waits on its own.</summary>
    SlowPresence,

    /// <summary>
    /// A Sametime 12 server (nginx in front): every answer carries the Content-Security-Policy with
    /// <see cref="LabProxyOptions.FrameAncestors"/>; CORS answers (preflights included) allow only
    /// <see cref="LabProxyOptions.CorsOrigin"/>; with <see cref="LabProxyOptions.LegacyClient"/> off the legacy chat
    /// client endpoints (/stbaseapi, /stwebapi) answer 404.
    /// </summary>
    Sametime12,
}

/// <summary>The verdict of the lab proxy's token check.</summary>
public sealed record LabTokenCheck(bool Valid, string? User, string Reason);

public sealed class LabProxyOptions
{
    /// <summary>Checks a token from the LTPA cookie (the lab validates LtpaToken2 with its own key set).</summary>
    public Func<string, LabTokenCheck> ValidateToken { get; set; } = _ => new LabTokenCheck(false, null, "no key set configured");

    public LabProxyMode Mode { get; set; } = LabProxyMode.Normal;

    /// <summary>The cookie WebSphere reads the token from in normal operation.</summary>
    public string CookieName { get; set; } = "LtpaToken2";

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Serve HTTPS with a self-signed certificate made at start (CN=localhost, SAN localhost and 127.0.0.1).</summary>
    public bool Tls { get; set; }

    /// <summary>The server stops by itself after this time.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Sametime12 mode: the sources of the CSP frame-ancestors directive ("" sends a CSP without it).</summary>
    public string FrameAncestors { get; set; } = "'self' https://mail.lab.example.com";

    /// <summary>Sametime12 mode: the one origin the CORS answers allow ("" sends no CORS headers, "*" a wildcard).</summary>
    public string CorsOrigin { get; set; } = "https://mail.lab.example.com";

    /// <summary>Sametime12 mode: whether CORS answers carry Access-Control-Allow-Credentials: true.</summary>
    public bool CorsCredentials { get; set; } = true;

    /// <summary>Sametime12 mode: the legacy chat client endpoints (/stbaseapi, /stwebapi) are enabled.</summary>
    public bool LegacyClient { get; set; } = true;

    /// <summary>The password of every lab user for loginType=byPassword.</summary>
    public string Password { get; set; } = "lab-passw0rd";

    /// <summary>The lab directory: user DN and presence status (1 available, 2 away, 0 offline...).</summary>
    public IDictionary<string, int> Users { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["uid=alice,ou=people,dc=lab,dc=example,dc=com"] = 1,
        ["uid=bob,ou=people,dc=lab,dc=example,dc=com"] = 2,
        ["uid=carol,ou=people,dc=lab,dc=example,dc=com"] = 0,
        ["CN=inotes 2,O=ibm"] = 1,
        ["CN=Declan Joyce,O=ibm"] = 2,
    };
}

/// <summary>
/// A small HTTP/1.1 server on 127.0.0.1 (ephemeral port) that answers the Sametime Proxy endpoints iNotes uses:
/// /stbaseapi/latest/baseComps.js, /stwebapi/user/connect (byToken, byPassword, logout), /stwebapi/presence and
/// /stwebapi/buddylist. POST /__lab/mode with mode=&lt;LabProxyMode&gt; changes its behaviour while it runs (for
/// Sametime12 also frameAncestors=, corsOrigin=, corsCredentials=true|false, legacyClient=true|false).
/// </summary>
public sealed class LabProxyServer : IDisposable
{
    private const int MaxHead = 64 * 1024;
    private const int MaxBody = 1024 * 1024;
    private readonly LabProxyOptions options;
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<string, Session> sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Socket, byte> open = new();
    private readonly X509Certificate2? certificate;
    private Task? acceptLoop;
    private int requests;
    private int hanging;
    private int peakHanging;

    public LabProxyServer(LabProxyOptions options)
    {
        this.options = options;
        Mode = options.Mode;
        if (options.Tls)
        {
            certificate = CreateCertificate();
        }
    }

    public LabProxyMode Mode { get; set; }

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public int Requests => Volatile.Read(ref requests);

    /// <summary>The most requests held open at once in Hang mode since the mode was last set (a client's concurrency).</summary>
    public int PeakHanging => Volatile.Read(ref peakHanging);

    /// <summary>Completes when the server has stopped (disposed, or its lifetime is over).</summary>
    public Task Stopped => acceptLoop ?? Task.CompletedTask;

    public void Start()
    {
        listener.Start(64);
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Url = new Uri((options.Tls ? "https" : "http") + "://127.0.0.1:" + port + "/");
        stopping.CancelAfter(options.Lifetime);
        stopping.Token.Register(() => listener.Stop());
        acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public void Dispose()
    {
        stopping.Cancel();
        foreach (var socket in open.Keys)
        {
            socket.Dispose();
        }

        try
        {
            acceptLoop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener; its exceptions carry no news.
        }

        stopping.Dispose();
        certificate?.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is SocketException || ex is ObjectDisposedException)
            {
                break;
            }

            open[socket] = 0;
            _ = Task.Run(() => ServeAsync(socket));
        }

        foreach (var socket in open.Keys)
        {
            socket.Dispose();
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            using var network = new NetworkStream(socket, ownsSocket: false);
            Stream stream = network;
            if (certificate != null)
            {
                var ssl = new SslStream(network, leaveInnerStreamOpen: false);
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
                handshake.CancelAfter(TimeSpan.FromSeconds(10));
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, handshake.Token);
                stream = ssl;
            }

            await using (stream)
            {
                var request = await ReadRequestAsync(stream);
                if (request == null)
                {
                    return;
                }

                Interlocked.Increment(ref requests);
                var mode = request.Path.StartsWith("/__lab/", StringComparison.Ordinal) ? LabProxyMode.Normal : Mode;
                if (mode == LabProxyMode.Hang)
                {
                    await HangAsync(stream);
                    return;
                }

                if (mode == LabProxyMode.Slow || (mode == LabProxyMode.SlowPresence && request.Path == "/stwebapi/presence"))
                {
                    await Task.Delay(options.SlowDelay, stopping.Token);
                }

                var response = IsMailPath(request.Path) ? MailFile(request)
                    : mode == LabProxyMode.Sametime12 ? Sametime12(request) : Route(request, mode);
                await WriteAsync(stream, response);
            }
        }
        catch (Exception ex) when (ex is IOException || ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException || ex is System.Security.Authentication.AuthenticationException)
        {
            // A client that went away, or the server stopping: nothing to answer.
        }
        finally
        {
            open.TryRemove(socket, out _);
            socket.Dispose();
        }
    }

    /// <summary>Never answers; counts the request as held open until the client closes its connection.</summary>
    private async Task HangAsync(Stream stream)
    {
        int now = Interlocked.Increment(ref hanging);
        try
        {
            for (int peak = Volatile.Read(ref peakHanging); now > peak; peak = Volatile.Read(ref peakHanging))
            {
                if (Interlocked.CompareExchange(ref peakHanging, now, peak) == peak)
                {
                    break;
                }
            }

            var buffer = new byte[256];
            while (await stream.ReadAsync(buffer, stopping.Token) > 0)
            {
                // A client sends nothing more after its request; a read of 0 bytes is its close.
            }
        }
        finally
        {
            Interlocked.Decrement(ref hanging);
        }
    }

    private Response Route(Request request, LabProxyMode mode)
    {
        string path = request.Path;
        if (path.StartsWith("/__lab/", StringComparison.Ordinal))
        {
            return Control(request);
        }

        if (mode == LabProxyMode.ProxyDown)
        {
            return Html(502, "502 Bad Gateway", "<h1>Bad Gateway</h1><p>The proxy server received an invalid response from an upstream server.</p>");
        }

        if (path == "/stbaseapi/latest/baseComps.js")
        {
            return request.Method == "GET"
                ? new Response(200, "application/javascript; charset=UTF-8", "/* Sametime base components (lab) */\nvar stbaseapi = { version: \"lab\", components: [\"livename\", \"chat\"] };\n")
                : Json(405, new { returnCode = 405, error = "Method not allowed" });
        }

        if (!path.StartsWith("/stwebapi/", StringComparison.Ordinal))
        {
            return Html(404, "Error 404: SRVE0190E: File not found", "<h1>Error 404: SRVE0190E: File not found: " + HttpUtility.HtmlEncode(path) + "</h1>");
        }

        if (mode == LabProxyMode.HtmlErrors)
        {
            return Html(200, "Login", "<form method=\"post\" action=\"j_security_check\"><input name=\"j_username\"><input name=\"j_password\" type=\"password\"></form>");
        }

        return path switch
        {
            "/stwebapi/user/connect" when request.Method == "POST" => Login(request, mode),
            "/stwebapi/user/connect" when request.Method == "DELETE" => Logout(request),
            "/stwebapi/presence" => WithSession(request, session => Presence(request, mode)),
            "/stwebapi/buddylist" => WithSession(request, Buddylist),
            _ => Json(404, new { returnCode = 404, error = "Unknown resource " + path }),
        };
    }

    private static bool IsMailPath(string path) =>
        path.StartsWith("/mail/", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/iwaredir.nsf", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/names.nsf", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The iNotes server's side of the lab (in every mode): mail files answer as Domino with session authentication
    /// does, with Domino's login form posting to /names.nsf?Login. The mail file's name picks a misconfiguration:
    /// loop.nsf redirects to iwaredir.nsf and back, moved.nsf to another host, basic.nsf asks for basic
    /// authentication, missing.nsf is not found, viaLogin.nsf redirects to /names.nsf?Login on the same host.
    /// </summary>
    private static Response MailFile(Request request)
    {
        string path = request.Path;
        string file = path.StartsWith("/mail/", StringComparison.OrdinalIgnoreCase) ? path.Substring("/mail/".Length).ToLowerInvariant() : string.Empty;
        if (path.StartsWith("/iwaredir.nsf", StringComparison.OrdinalIgnoreCase))
        {
            return Redirect("/mail/loop.nsf");
        }

        if (path.StartsWith("/names.nsf", StringComparison.OrdinalIgnoreCase))
        {
            return LoginForm("/mail/viaLogin.nsf");
        }

        return file switch
        {
            "loop.nsf" => Redirect("/iwaredir.nsf?OpenDatabase&mail=loop"),
            "moved.nsf" => Redirect("http://webmail.elsewhere.example.com/mail/moved.nsf"),
            "vialogin.nsf" => Redirect("/names.nsf?Login&RedirectTo=%2Fmail%2FviaLogin.nsf"),
            "basic.nsf" => BasicAuthentication(),
            "missing.nsf" => Html(404, "Error", "<h2>Error 404</h2><p>HTTP Web Server: Lotus Notes Exception - File does not exist</p>"),
            _ => LoginForm(path),
        };

        static Response Redirect(string location)
        {
            var response = Html(302, "Redirect", string.Empty);
            response.Headers.Add("Location: " + location);
            return response;
        }

        static Response BasicAuthentication()
        {
            var response = Html(401, "Error", "<h2>Error 401</h2><p>HTTP Web Server: You are not authorized to perform this operation</p>");
            response.Headers.Add("WWW-Authenticate: Basic realm=\"/mail\"");
            return response;
        }

        static Response LoginForm(string redirectTo) => Html(200, "Server Login",
            "<form method=\"post\" action=\"/names.nsf?Login\" name=\"_DominoForm\"><input name=\"Username\" type=\"text\">" +
            "<input name=\"Password\" type=\"password\"><input name=\"RedirectTo\" type=\"hidden\" value=\"" + HttpUtility.HtmlAttributeEncode(redirectTo) + "\"></form>");
    }

    /// <summary>What nginx in front of a Sametime 12 server adds: the CSP on every answer, CORS for the allowed origin.</summary>
    private Response Sametime12(Request request)
    {
        bool legacy = request.Path == "/stbaseapi/latest/baseComps.js" || request.Path.StartsWith("/stwebapi/", StringComparison.Ordinal);
        Response response;
        if (request.Method == "OPTIONS")
        {
            response = new Response(legacy && !options.LegacyClient ? 404 : 204, "text/plain", string.Empty);
            if (response.Status == 204 && Cors(request, response))
            {
                response.Headers.Add("Access-Control-Allow-Methods: GET, POST, DELETE, OPTIONS");
                response.Headers.Add("Access-Control-Allow-Headers: content-type, rtc4web-nonce, x-csrf-token");
                response.Headers.Add("Access-Control-Max-Age: 600");
            }
        }
        else if (legacy && !options.LegacyClient)
        {
            response = Html(404, "404 Not Found", "<center><h1>404 Not Found</h1></center><hr><center>nginx</center>");
        }
        else if (request.Path == "/")
        {
            response = Html(200, "HCL Sametime", "<div id=\"root\"></div>");
        }
        else
        {
            response = Route(request, LabProxyMode.Normal);
        }

        if (request.Method != "OPTIONS")
        {
            Cors(request, response);
        }

        response.Headers.Add("Content-Security-Policy: default-src 'self'" + (options.FrameAncestors.Length == 0 ? string.Empty : "; frame-ancestors " + options.FrameAncestors));
        return response;
    }

    /// <summary>Adds the CORS answer headers when the request's Origin is the allowed one; true when it did.</summary>
    private bool Cors(Request request, Response response)
    {
        response.Headers.Add("Vary: Origin");
        if (!request.Headers.TryGetValue("Origin", out string? origin) || options.CorsOrigin.Length == 0
            || (options.CorsOrigin != "*" && !string.Equals(origin, options.CorsOrigin, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        response.Headers.Add("Access-Control-Allow-Origin: " + options.CorsOrigin);
        if (options.CorsCredentials)
        {
            response.Headers.Add("Access-Control-Allow-Credentials: true");
        }

        return true;
    }

    private Response Login(Request request, LabProxyMode mode)
    {
        var form = request.Form();
        string loginType = form.Get("loginType") ?? string.Empty;
        if (mode == LabProxyMode.CommunityDown)
        {
            return Json(503, new { returnCode = 503, error = "Sametime is temporarily unavailable." });
        }

        string? user;
        if (loginType == "byToken")
        {
            string cookieName = mode == LabProxyMode.WrongCookieName ? "LtpaToken" : options.CookieName;
            string shortName = ShortName(form.Get("username"));
            if (!request.Cookies.TryGetValue(cookieName, out string? token) || token.Length == 0)
            {
                return Json(500, new
                {
                    returnCode = 500,
                    error = $"CLFRX0027E: Unable to complete the login request for user {shortName}: Reason: 1. CLFRX0035E: Token was not found for login by token by user {shortName}",
                });
            }

            var check = options.ValidateToken(token);
            if (!check.Valid)
            {
                return Json(401, new { returnCode = 401, error = "The LTPA token could not be validated: " + check.Reason });
            }

            if (mode == LabProxyMode.TokenRejected)
            {
                string name = ShortName(check.User);
                return Json(500, new
                {
                    returnCode = 500,
                    error = $"CLFRX0027E: Unable to complete the login request for user {name}: Reason: 1. CLFRX0035E: Token was not found for login by token by user {name}",
                });
            }

            user = check.User;
        }
        else if (loginType == "byPassword")
        {
            user = FindUser(form.Get("username"));
            if (user == null || form.Get("password") != options.Password)
            {
                return Json(401, new { returnCode = 401, error = "Please enter a valid user name and password." });
            }
        }
        else
        {
            return Json(400, new { returnCode = 400, error = "Unsupported loginType '" + loginType + "'." });
        }

        string sid = Guid.NewGuid().ToString("N");
        string nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        sessions[sid] = new Session(user ?? "anonymous", nonce);
        var response = Json(200, new { returnCode = 200, sid, rtc4webNonce = nonce, userId = user, displayName = ShortName(user) });
        response.Headers.Add("Set-Cookie: JSESSIONID=" + sid + "; Path=/; HttpOnly");
        return response;
    }

    private Response Logout(Request request)
    {
        if (request.Cookies.TryGetValue("JSESSIONID", out string? sid))
        {
            sessions.TryRemove(sid, out _);
        }

        return Json(200, new { returnCode = 200 });
    }

    private Response WithSession(Request request, Func<Session, Response> handler)
    {
        if (!request.Cookies.TryGetValue("JSESSIONID", out string? sid) || !sessions.TryGetValue(sid, out var session))
        {
            return Json(401, new { returnCode = 401, error = "Please login to Sametime." });
        }

        if (!request.Headers.TryGetValue("rtc4web-nonce", out string? nonce) || nonce != session.Nonce)
        {
            return Json(401, new { returnCode = 401, error = "Invalid or missing Rtc4web-Nonce." });
        }

        return handler(session);
    }

    private Response Presence(Request request, LabProxyMode mode)
    {
        string? userId = request.Form().Get("userId") ?? request.Query.Get("userId");
        if (string.IsNullOrEmpty(userId))
        {
            return Json(400, new { returnCode = 400, error = "userId is required." });
        }

        string? known = FindUser(userId);
        int status = known != null ? options.Users[known] : -1;
        string statusMessage = status == 1 ? "I am available" : string.Empty;

        // The person object as the Sametime proxy client holds it (status, statusMessage, id, username); the wrappers
        // around it vary, because the proxy's presence answer format is not publicly documented.
        var person = new { status, statusMessage, id = known ?? userId, username = known ?? userId };
        return mode switch
        {
            LabProxyMode.PresenceList => Json(200, new { returnCode = 200, presence = new[] { person } }),
            LabProxyMode.PresenceStatuses => Json(200, new { returnCode = 200, statuses = new[] { person } }),
            LabProxyMode.PresencePerUser => Json(200, new Dictionary<string, object> { [known ?? userId] = new { status, statusMessage } }),
            LabProxyMode.PresenceNoStatus => Json(200, new { returnCode = 200, userId, watched = true }),
            _ => Json(200, new { returnCode = 200, userId, status, statusMessage }),
        };
    }

    private Response Buddylist(Session session)
    {
        var users = options.Users.Where(u => !string.Equals(u.Key, session.User, StringComparison.OrdinalIgnoreCase))
            .Select(u => new { id = u.Key, displayName = ShortName(u.Key), status = u.Value }).ToArray();
        return Json(200, new { returnCode = 200, groups = new[] { new { name = "Work", users } } });
    }

    private Response Control(Request request)
    {
        if (request.Path == "/__lab/health")
        {
            return new Response(200, "text/plain", "ok " + Mode);
        }

        if (request.Path == "/__lab/stats")
        {
            return new Response(200, "text/plain", "requests " + Requests + ", hanging " + Volatile.Read(ref hanging) + ", peak " + PeakHanging);
        }

        if (request.Path == "/__lab/mode" && request.Method == "POST" && Enum.TryParse(request.Form().Get("mode"), true, out LabProxyMode mode))
        {
            string? slow = request.Form().Get("slowMs");
            if (slow != null)
            {
                if (!int.TryParse(slow, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int milliseconds))
                {
                    return new Response(400, "text/plain", "slowMs must be a number of milliseconds");
                }

                options.SlowDelay = TimeSpan.FromMilliseconds(milliseconds);
            }

            var form = request.Form();
            options.FrameAncestors = form.Get("frameAncestors") ?? options.FrameAncestors;
            options.CorsOrigin = form.Get("corsOrigin") ?? options.CorsOrigin;
            if (!Flag(form.Get("corsCredentials"), options.CorsCredentials, out bool credentials) || !Flag(form.Get("legacyClient"), options.LegacyClient, out bool legacyClient))
            {
                return new Response(400, "text/plain", "corsCredentials and legacyClient are true or false");
            }

            options.CorsCredentials = credentials;
            options.LegacyClient = legacyClient;
            Mode = mode;
            Volatile.Write(ref peakHanging, Volatile.Read(ref hanging));
            return new Response(200, "text/plain", "mode " + mode + ", delay " + (int)options.SlowDelay.TotalMilliseconds + " ms");
        }

        return new Response(400, "text/plain", "use POST /__lab/mode with mode=" + string.Join("|", Enum.GetNames<LabProxyMode>()) + " [&slowMs=<milliseconds>], or GET /__lab/stats");
    }

    private static bool Flag(string? text, bool current, out bool value)
    {
        value = current;
        return text == null || bool.TryParse(text, out value);
    }

    private string? FindUser(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        return options.Users.Keys.FirstOrDefault(u => string.Equals(u, name.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(ShortName(u), name.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(u.Replace(",", "/", StringComparison.Ordinal), name.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private static string ShortName(string? dn)
    {
        if (string.IsNullOrEmpty(dn))
        {
            return string.Empty;
        }

        string first = dn.Split(',', '/')[0];
        int eq = first.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && eq <= 4 ? first[(eq + 1)..] : first;
    }

    private static Response Json(int status, object body) => new(status, "application/json; charset=UTF-8", System.Text.Json.JsonSerializer.Serialize(body));

    private static Response Html(int status, string title, string body) =>
        new(status, "text/html; charset=UTF-8", "<!DOCTYPE html><html><head><title>" + title + "</title></head><body>" + body + "</body></html>");

    private async Task<Request?> ReadRequestAsync(Stream stream)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var head = new MemoryStream();
        var buffer = new byte[8192];
        int headEnd = -1;
        while (headEnd < 0)
        {
            int read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                return null;
            }

            head.Write(buffer, 0, read);
            headEnd = IndexOfHeadEnd(head.GetBuffer(), (int)head.Length);
            if (headEnd < 0 && head.Length > MaxHead)
            {
                return null;
            }
        }

        byte[] all = head.ToArray();
        string text = Encoding.ASCII.GetString(all, 0, headEnd);
        var lines = text.Split("\r\n");
        var first = lines[0].Split(' ');
        if (first.Length < 2)
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        var body = new MemoryStream();
        body.Write(all, headEnd + 4, all.Length - headEnd - 4);
        if (headers.TryGetValue("Content-Length", out string? lengthText) && int.TryParse(lengthText, out int length) && length <= MaxBody)
        {
            while (body.Length < length)
            {
                int read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                body.Write(buffer, 0, read);
            }
        }

        return new Request(first[0], first[1], headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    private static int IndexOfHeadEnd(byte[] data, int length)
    {
        for (int i = 3; i < length; i++)
        {
            if (data[i] == '\n' && data[i - 1] == '\r' && data[i - 2] == '\n' && data[i - 3] == '\r')
            {
                return i - 3;
            }
        }

        return -1;
    }

    private static async Task WriteAsync(Stream stream, Response response)
    {
        byte[] body = Encoding.UTF8.GetBytes(response.Body);
        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(response.Status).Append(' ').Append(Reason(response.Status)).Append("\r\n");
        head.Append("Content-Type: ").Append(response.ContentType).Append("\r\n");
        head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        head.Append("Connection: close\r\n");
        foreach (var header in response.Headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        204 => "No Content",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost, O=SametimeAdmin lab", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }

    private sealed record Session(string User, string Nonce);

    private sealed class Request(string method, string target, Dictionary<string, string> headers, string body)
    {
        public string Method { get; } = method;

        public string Path { get; } = target.Split('?')[0];

        public System.Collections.Specialized.NameValueCollection Query { get; } = HttpUtility.ParseQueryString(target.Contains('?', StringComparison.Ordinal) ? target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty);

        public Dictionary<string, string> Headers { get; } = headers;

        public Dictionary<string, string> Cookies { get; } = ParseCookies(headers);

        public System.Collections.Specialized.NameValueCollection Form() => HttpUtility.ParseQueryString(body);

        private static Dictionary<string, string> ParseCookies(Dictionary<string, string> headers)
        {
            var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
            if (headers.TryGetValue("Cookie", out string? header))
            {
                foreach (var part in header.Split(';'))
                {
                    int eq = part.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0)
                    {
                        cookies[part[..eq].Trim()] = part[(eq + 1)..].Trim();
                    }
                }
            }

            return cookies;
        }
    }

    private sealed class Response(int status, string contentType, string body)
    {
        public int Status { get; } = status;

        public string ContentType { get; } = contentType;

        public string Body { get; } = body;

        public List<string> Headers { get; } = [];
    }
}
