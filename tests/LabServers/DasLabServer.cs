using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SametimeAdmin.LabServers;

/// <summary>What a user may do in the lab database (a stand-in for the ACL).</summary>
public enum DasAccess
{
    NoAccess,
    Reader,
    Editor,
}

/// <summary>A view of the lab database: documents that have the key item, keyed by it (optionally "Prefix:Key").</summary>
public sealed record DasView(string Name, string KeyItem, string? PrefixItem = null);

/// <summary>One request as the server saw it, for assertions.</summary>
public sealed record DasRequestLog(string Method, string Path, string Query, string? IfUnmodifiedSince, string? MethodOverride, string? User, int Status);

/// <summary>
/// A Domino Access Services (Domino Data API 9.0.1) stand-in on 127.0.0.1: view lookups at
/// /{db}/api/data/collections/name/{view}, documents at /{db}/api/data/documents/unid/{unid} (GET, PATCH, PUT, and POST
/// with X-HTTP-Method-Override), Basic authentication, Last-Modified / If-Unmodified-Since (412), 401, 403, 404 and 500
/// with DAS-style JSON error bodies, and a configurable delay for timeouts.
/// </summary>
public sealed class DasLabServer : IDisposable
{
    private readonly ConcurrentDictionary<string, DasDocument> documents = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (string Password, DasAccess Access)> users = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<DasView> views = [];
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stopping = new();
    private Task? loop;
    private long lastRequestTicks = DateTime.UtcNow.Ticks;

    public DasLabServer(string databasePath = "names.nsf")
    {
        DatabasePath = "/" + databasePath.Trim('/');
    }

    public string DatabasePath { get; }

    public Uri? BaseUri { get; private set; }

    /// <summary>The database URL a client is given, for example http://127.0.0.1:45123/names.nsf.</summary>
    public Uri DatabaseUri => new(BaseUri!, DatabasePath);

    /// <summary>Every answer is delayed by this much (to provoke client timeouts).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Answer every request with HTTP 500.</summary>
    public bool FailWithServerError { get; set; }

    /// <summary>Answer PATCH with 405, as a proxy that blocks the verb would; POST with X-HTTP-Method-Override still works.</summary>
    public bool RejectPatchVerb { get; set; }

    /// <summary>Answer unauthenticated requests with 200 and an HTML login form, as session authentication does.</summary>
    public bool LoginFormInsteadOf401 { get; set; }

    /// <summary>Answer each request once with 301 to the same URL plus "moved=1", as a front end that rewrites URLs would.</summary>
    public bool RedirectWithinDatabase { get; set; }

    public ConcurrentQueue<DasRequestLog> Requests { get; } = new();

    public TimeSpan IdleTime => TimeSpan.FromTicks(DateTime.UtcNow.Ticks - Interlocked.Read(ref lastRequestTicks));

    public void AddUser(string name, string password, DasAccess access) => users[name] = (password, access);

    public void AddView(DasView view) => views.Add(view);

    /// <summary>Adds a document from DAS JSON (items plus optional @unid, @form).</summary>
    public string AddDocument(JsonObject json, DateTimeOffset? modified = null)
    {
        string unid = (string?)json["@unid"] ?? Guid.NewGuid().ToString("N").ToUpperInvariant();
        var items = new JsonObject();
        foreach (var (name, value) in json)
        {
            if (!name.StartsWith('@'))
            {
                items[name] = value?.DeepClone();
            }
        }

        documents[unid] = new DasDocument(unid, (string?)json["@form"] ?? (string?)items["Form"], items, Truncate(modified ?? DateTimeOffset.UtcNow.AddMinutes(-5)));
        return unid;
    }

    /// <summary>The current JSON of a document (items only), for assertions.</summary>
    public JsonObject Items(string unid) => (JsonObject)documents[unid].Items.DeepClone();

    public DateTimeOffset Modified(string unid) => documents[unid].Modified;

    /// <summary>Changes a document as another user would, moving its modification time forward.</summary>
    public void TouchAsSomeoneElse(string unid, string item, JsonNode value)
    {
        var doc = documents[unid];
        doc.Items[item] = value;
        doc.Modified = Truncate(DateTimeOffset.UtcNow.AddSeconds(2));
    }

    public Uri Start()
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort();
            listener.Prefixes.Clear();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                BaseUri = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }

        loop = Task.Run(AcceptLoop);
        return BaseUri;
    }

    public void Dispose()
    {
        stopping.Cancel();
        if (listener.IsListening)
        {
            listener.Stop();
        }

        listener.Close();
        try
        {
            loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        stopping.Dispose();
    }

    private static DateTimeOffset Truncate(DateTimeOffset value) => new(value.Year, value.Month, value.Day, value.Hour, value.Minute, value.Second, TimeSpan.Zero);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptLoop()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (stopping.IsCancellationRequested || !listener.IsListening)
            {
                return;
            }

            _ = Task.Run(() => HandleSafely(context));
        }
    }

    private async Task HandleSafely(HttpListenerContext context)
    {
        Interlocked.Exchange(ref lastRequestTicks, DateTime.UtcNow.Ticks);
        try
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, stopping.Token).ConfigureAwait(false);
            }

            Handle(context);
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The client went away (for example after its own timeout).
        }
    }

    private void Handle(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        string method = request.HttpMethod.ToUpperInvariant();
        string? methodOverride = request.Headers["X-HTTP-Method-Override"];
        string[] segments = request.Url!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        string? user = Authenticate(request, out bool badCredentials);
        if (RedirectWithinDatabase && !request.Url.Query.Contains("moved=1", StringComparison.Ordinal))
        {
            string query = request.Url.Query.Length == 0 ? "?moved=1" : request.Url.Query + "&moved=1";
            context.Response.RedirectLocation = request.Url.AbsolutePath + query;
            context.Response.StatusCode = 301;
            context.Response.Close();
            Requests.Enqueue(new DasRequestLog(method, Uri.UnescapeDataString(request.Url.AbsolutePath), request.Url.Query, request.Headers["If-Unmodified-Since"], methodOverride, user, 301));
            return;
        }

        int status = Route(context, method, methodOverride, segments, user, badCredentials);
        Requests.Enqueue(new DasRequestLog(method, Uri.UnescapeDataString(request.Url.AbsolutePath), request.Url.Query, request.Headers["If-Unmodified-Since"], methodOverride, user, status));
    }

    private int Route(HttpListenerContext context, string method, string? methodOverride, string[] segments, string? user, bool badCredentials)
    {
        if (FailWithServerError)
        {
            return Error(context, 500, "Internal Server Error", "The lab server is set to fail.");
        }

        if (badCredentials || user == null)
        {
            if (LoginFormInsteadOf401)
            {
                return Html(context, 200, "<html><head><title>Sign In</title></head><body><form method=\"post\" action=\"/names.nsf?Login\"><input name=\"Username\"><input name=\"Password\" type=\"password\"></form></body></html>");
            }

            context.Response.AddHeader("WWW-Authenticate", "Basic realm=\"/\"");
            return Error(context, 401, "Unauthorized", "Authorization required");
        }

        string db = DatabasePath.Trim('/');
        if (segments.Length < 3 || !string.Equals(segments[0], db, StringComparison.OrdinalIgnoreCase) || segments[1] != "api" || segments[2] != "data")
        {
            return Error(context, 404, "Not Found", "Database not found or Domino Access Services not enabled for it.");
        }

        DasAccess access = users[user].Access;
        if (access == DasAccess.NoAccess)
        {
            return Error(context, 403, "Forbidden", "You are not authorized to access this database.");
        }

        if (segments.Length == 6 && segments[3] == "collections" && segments[4] == "name" && method == "GET")
        {
            return ViewEntries(context, segments[5]);
        }

        if (segments.Length == 6 && segments[3] == "documents" && segments[4] == "unid")
        {
            string effective = method == "POST" && methodOverride != null ? methodOverride.ToUpperInvariant() : method;
            switch (effective)
            {
                case "GET":
                    return GetDocument(context, segments[5]);
                case "PATCH" when method == "PATCH" && RejectPatchVerb:
                    return Error(context, 405, "Method Not Allowed", "PATCH is not allowed by the front-end proxy.");
                case "PATCH":
                case "PUT":
                    return access == DasAccess.Editor
                        ? UpdateDocument(context, segments[5], replace: effective == "PUT")
                        : Error(context, 403, "Forbidden", "You are not authorized to update this document.");
                default:
                    return Error(context, 405, "Method Not Allowed", $"{effective} is not supported on a document.");
            }
        }

        return Error(context, 404, "Not Found", "Resource not found.");
    }

    private string? Authenticate(HttpListenerRequest request, out bool badCredentials)
    {
        badCredentials = false;
        string? header = request.Headers["Authorization"];
        if (header == null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            badCredentials = true;
            return null;
        }

        int colon = decoded.IndexOf(':');
        string name = colon < 0 ? decoded : decoded[..colon];
        string password = colon < 0 ? string.Empty : decoded[(colon + 1)..];
        if (users.TryGetValue(name, out var entry) && entry.Password == password)
        {
            return name;
        }

        badCredentials = true;
        return null;
    }

    private int ViewEntries(HttpListenerContext context, string viewName)
    {
        DasView? view = views.FirstOrDefault(v => string.Equals(v.Name, viewName, StringComparison.OrdinalIgnoreCase));
        if (view == null)
        {
            return Error(context, 404, "Not Found", $"Invalid view name: {viewName}");
        }

        var query = context.Request.QueryString;
        string? keys = query["keys"];
        bool exact = string.Equals(query["keysexactmatch"], "true", StringComparison.OrdinalIgnoreCase);
        int start = int.TryParse(query["start"], out int s) ? s : 0;
        int count = int.TryParse(query["count"], out int c) ? c : 10;

        var entries = documents.Values
            .Select(d => (Doc: d, Key: KeyOf(view, d)))
            .Where(e => e.Key != null)
            .Where(e => keys == null || (exact ? string.Equals(e.Key, keys, StringComparison.OrdinalIgnoreCase) : e.Key!.StartsWith(keys, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var page = new JsonArray();
        for (int i = start; i < Math.Min(entries.Count, start + count); i++)
        {
            var (doc, key) = entries[i];
            page.Add(new JsonObject
            {
                ["@href"] = $"{DatabasePath}/api/data/collections/name/{Uri.EscapeDataString(view.Name)}/unid/{doc.Unid}",
                ["@link"] = new JsonObject { ["rel"] = "document", ["href"] = $"{DatabasePath}/api/data/documents/unid/{doc.Unid}" },
                ["@entryid"] = $"{i + 1}-{doc.Unid}",
                ["@unid"] = doc.Unid,
                ["@noteid"] = doc.NoteId,
                ["@position"] = (i + 1).ToString(CultureInfo.InvariantCulture),
                ["@read"] = true,
                ["@siblings"] = entries.Count,
                ["@form"] = doc.Form,
                ["$0"] = key,
            });
        }

        int last = Math.Max(start, Math.Min(entries.Count, start + count) - 1);
        context.Response.AddHeader("Content-Range", $"items {start}-{last}/{entries.Count}");
        return Json(context, 200, page);
    }

    private static string? KeyOf(DasView view, DasDocument doc)
    {
        string? key = Text(doc.Items[view.KeyItem]);
        if (key == null)
        {
            return null;
        }

        string? prefix = view.PrefixItem == null ? null : Text(doc.Items[view.PrefixItem]);
        return string.IsNullOrEmpty(prefix) ? key : prefix + ":" + key;
    }

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue(out string? text) => text,
        JsonArray array when array.Count > 0 => Text(array[0]),
        _ => null,
    };

    private int GetDocument(HttpListenerContext context, string unid)
    {
        if (!documents.TryGetValue(unid, out DasDocument? doc))
        {
            return Error(context, 404, "Not Found", "Invalid document UNID: " + unid);
        }

        lock (doc)
        {
            var json = new JsonObject
            {
                ["@href"] = $"{DatabasePath}/api/data/documents/unid/{doc.Unid}",
                ["@unid"] = doc.Unid,
                ["@noteid"] = doc.NoteId,
                ["@created"] = doc.Modified.AddDays(-30).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["@modified"] = doc.Modified.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["@form"] = doc.Form,
            };
            foreach (var (name, value) in doc.Items)
            {
                json[name] = value?.DeepClone();
            }

            context.Response.AddHeader("Last-Modified", doc.Modified.ToString("r", CultureInfo.InvariantCulture));
            return Json(context, 200, json);
        }
    }

    private int UpdateDocument(HttpListenerContext context, string unid, bool replace)
    {
        if (!documents.TryGetValue(unid, out DasDocument? doc))
        {
            return Error(context, 404, "Not Found", "Invalid document UNID: " + unid);
        }

        JsonObject? body;
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            body = JsonNode.Parse(reader.ReadToEnd()) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body == null)
        {
            return Error(context, 400, "Bad Request", "The request body is not a JSON object.");
        }

        lock (doc)
        {
            string? condition = context.Request.Headers["If-Unmodified-Since"];
            if (condition != null && DateTimeOffset.TryParse(condition, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since) && doc.Modified > since)
            {
                return Error(context, 412, "Precondition Failed", "The document was modified since " + condition + ".");
            }

            if (replace)
            {
                doc.Items.Clear();
            }

            foreach (var (name, value) in body)
            {
                if (!name.StartsWith('@'))
                {
                    doc.Items[name] = value?.DeepClone();
                }
            }

            var now = Truncate(DateTimeOffset.UtcNow);
            doc.Modified = now > doc.Modified ? now : doc.Modified.AddSeconds(1);
        }

        return Json(context, 200, new JsonObject());
    }

    private static int Error(HttpListenerContext context, int code, string text, string message) =>
        Json(context, code, new JsonObject { ["code"] = code, ["text"] = text, ["message"] = message, ["type"] = "text", ["data"] = string.Empty });

    private static int Json(HttpListenerContext context, int code, JsonNode body) =>
        Write(context, code, "application/json; charset=UTF-8", body.ToJsonString());

    private static int Html(HttpListenerContext context, int code, string body) => Write(context, code, "text/html; charset=UTF-8", body);

    private static int Write(HttpListenerContext context, int code, string contentType, string body)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = code;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
        return code;
    }

    private sealed class DasDocument(string unid, string? form, JsonObject items, DateTimeOffset modified)
    {
        public string Unid { get; } = unid;

        public string NoteId { get; } = ((uint)unid.GetHashCode()).ToString("X", CultureInfo.InvariantCulture);

        public string? Form { get; } = form;

        public JsonObject Items { get; } = items;

        public DateTimeOffset Modified { get; set; } = modified;
    }
}
