using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Domino
{
    /// <summary>
    /// Documents of one Domino database through Domino Access Services (the Domino Data API, /api/data):
    /// view lookups at collections/name/{view}, GET and PATCH at documents/unid/{unid}, Basic authentication,
    /// and If-Unmodified-Since so that a document changed by someone else is never overwritten (412).
    /// Redirects are followed only within the same database on the same server; answers are read up to
    /// <see cref="MaxResponseBytes"/>.
    /// </summary>
    public sealed class DasDocumentStore : INotesDocumentStore
    {
        /// <summary>The default limit of one answer: a Web SSO document or a view page is a few kilobytes.</summary>
        public const long DefaultMaxResponseBytes = 16 * 1024 * 1024;

        private const int PageSize = 100;
        private const int MaxRedirects = 5;
        private const int MaxErrorBodyBytes = 64 * 1024;
        private const string MethodOverrideHeader = "X-HTTP-Method-Override";
        private static readonly Regex UserInfo = new Regex(@"(?<=//)[^?#]*@", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        private readonly HttpClient client;
        private readonly string databasePath;
        private readonly string? userName;
        private readonly TimeSpan timeout;
        private bool useMethodOverride;

        /// <summary>
        /// Opens a database URL such as https://inotes.example.com/names.nsf (a path to the .nsf, any /api/data suffix is ignored).
        /// </summary>
        public DasDocumentStore(string databaseUrl, NetworkCredential? credential, TimeSpan timeout, bool useMethodOverride = false)
        {
            DatabaseUrl = ParseDatabaseUrl(databaseUrl);
            databasePath = DatabaseUrl.AbsolutePath.TrimEnd('/');
            userName = credential?.UserName;
            this.timeout = timeout;
            this.useMethodOverride = useMethodOverride;

            // Redirects are not followed by the handler: Send decides which ones may be.
            client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            client.Timeout = timeout;
            client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (credential != null)
            {
                byte[] raw = Encoding.UTF8.GetBytes(credential.UserName + ":" + credential.Password);
                try
                {
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
                }
                finally
                {
                    Array.Clear(raw, 0, raw.Length);
                }
            }
        }

        /// <summary>The database URL without any /api/data suffix, query or credentials.</summary>
        public Uri DatabaseUrl { get; }

        public string Location => DatabaseUrl.GetLeftPart(UriPartial.Path);

        /// <summary>True when credentials travel over TLS.</summary>
        public bool IsEncryptedTransport => DatabaseUrl.Scheme == Uri.UriSchemeHttps;

        /// <summary>DAS writes items as plain values: it cannot encrypt items for the document's readers.</summary>
        public bool KeepsEncryption => false;

        /// <summary>The largest answer read (default <see cref="DefaultMaxResponseBytes"/>); a larger one is a DasResponseTooLarge error.</summary>
        public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

        /// <summary>Receives notes for verbose output (a redirect that was followed, with its final URL).</summary>
        public Action<string>? Log { get; set; }

        /// <summary>The warning to show when a credential is about to go over plain HTTP, or null when it does not.</summary>
        public static string? PlainHttpCredentialWarning(Uri databaseUrl, string? userName) =>
            userName == null || databaseUrl == null || databaseUrl.Scheme != Uri.UriSchemeHttp
                ? null
                : $"{databaseUrl.GetLeftPart(UriPartial.Path)} uses plain HTTP: the password of '{userName}' travels unencrypted. Use https:// where possible.";

        /// <summary>
        /// Refuses to send decrypted LTPA keys over plain HTTP unless <paramref name="allowUnencrypted"/> says so.
        /// Stores other than Domino Access Services do not send keys over HTTP and pass.
        /// </summary>
        public static void RequireEncryptedKeyTransfer(INotesDocumentStore store, bool allowUnencrypted)
        {
            if (store is DasDocumentStore das && !das.IsEncryptedTransport && !allowUnencrypted)
            {
                throw new SametimeAdminException("DasUnencryptedKeyTransfer", FailureKind.SecurityError,
                    $"{das.Location} uses plain HTTP, so the decrypted LTPA keys would travel unencrypted and anyone on the path could mint tokens for any user. Nothing was sent.")
                {
                    RecommendedAction = "Use the https:// URL of the database. Only on an isolated lab network, add -AllowUnencryptedKeyTransfer.",
                };
            }
        }

        /// <summary>A URL for messages and error targets: any user name and password in it are removed.</summary>
        public static string RedactUrl(string? url) => url == null ? string.Empty : UserInfo.Replace(url, string.Empty);

        /// <summary>Validates and normalises a database URL; an unusable URL is a DasInvalidUrl error.</summary>
        public static Uri ParseDatabaseUrl(string databaseUrl)
        {
            string text = databaseUrl?.Trim() ?? string.Empty;
            bool parsed = Uri.TryCreate(text, UriKind.Absolute, out Uri? uri);
            if (parsed ? !string.IsNullOrEmpty(uri!.UserInfo) : UserInfo.IsMatch(text))
            {
                // Never echo the URL as given: it holds a password.
                throw new SametimeAdminException("DasCredentialsInUrl", FailureKind.InvalidArgument,
                    $"The Domino Access Services URL '{RedactUrl(text)}' contains a user name or password; they are not taken from a URL and are not shown here.")
                {
                    RecommendedAction = "Remove 'user:password@' from the URL and give the account with -Credential (" + ModuleCommands.GetCredential + ").",
                };
            }

            if (!parsed || (uri!.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw InvalidUrl(databaseUrl, "it is not an http:// or https:// URL");
            }

            string path = uri.AbsolutePath;
            int nsf = path.IndexOf(".nsf", StringComparison.OrdinalIgnoreCase);
            if (nsf < 0)
            {
                throw InvalidUrl(databaseUrl, "it does not name a database (.nsf)");
            }

            var builder = new UriBuilder(uri) { Path = path.Substring(0, nsf + 4), Query = string.Empty, Fragment = string.Empty };
            return builder.Uri;
        }

        public IReadOnlyList<NotesDocument> FindDocuments(DocumentLookup lookup)
        {
            if (lookup == null)
            {
                throw new ArgumentNullException(nameof(lookup));
            }

            var unids = new List<string>();
            for (int start = 0; ; start += PageSize)
            {
                string query = "?start=" + start.ToString(CultureInfo.InvariantCulture) + "&count=" + PageSize.ToString(CultureInfo.InvariantCulture);
                if (lookup.Key != null)
                {
                    query += "&keys=" + Uri.EscapeDataString(lookup.Key) + "&keysexactmatch=true";
                }

                string url = databasePath + "/api/data/collections/name/" + Uri.EscapeDataString(lookup.ViewName) + query;
                using (HttpResponseMessage response = Send(HttpMethod.Get, url, null, null, "the view " + lookup.ViewName))
                {
                    JToken entries = ReadJson(response, "the view " + lookup.ViewName);
                    if (!(entries is JArray array))
                    {
                        throw Unexpected(response, "the view " + lookup.ViewName, "a JSON array of view entries was expected");
                    }

                    foreach (JToken entry in array)
                    {
                        string? unid = (string?)entry["@unid"];
                        if (!string.IsNullOrEmpty(unid) && !NotesDocument.IsUniversalId(unid))
                        {
                            throw InvalidUniversalId(unid!, "the view " + lookup.ViewName);
                        }

                        if (!string.IsNullOrEmpty(unid) && !unids.Contains(unid!, StringComparer.OrdinalIgnoreCase))
                        {
                            unids.Add(unid!);
                        }
                    }

                    if (array.Count < PageSize)
                    {
                        break;
                    }
                }
            }

            return unids.Select(GetDocument).ToArray();
        }

        /// <summary>Reads one document by its universal ID.</summary>
        public NotesDocument GetDocument(string unid)
        {
            if (!NotesDocument.IsUniversalId(unid))
            {
                throw new SametimeAdminException("DasInvalidUniversalId", FailureKind.InvalidArgument,
                    $"'{unid}' is not a Notes universal ID (32 hexadecimal digits).");
            }

            using (HttpResponseMessage response = Send(HttpMethod.Get, DocumentPath(unid) + "?hidden=true", null, null, "document " + unid))
            {
                if (!(ReadJson(response, "document " + unid) is JObject json))
                {
                    throw Unexpected(response, "document " + unid, "a JSON object was expected");
                }

                // The universal ID names the backup file: only the one asked for is accepted.
                string? answered = (string?)json["@unid"];
                if (answered == null)
                {
                    json["@unid"] = unid;
                }
                else if (!string.Equals(answered, unid, StringComparison.OrdinalIgnoreCase))
                {
                    throw InvalidUniversalId(answered, "document " + unid);
                }

                return ToDocument(json, response.Content.Headers.LastModified, Location);
            }
        }

        /// <summary>No local lock: the server refuses a PATCH over a newer revision (If-Unmodified-Since, 412).</summary>
        public IDisposable? LockForEdit(TimeSpan timeout) => null;

        public DocumentUpdateResult Update(NotesDocument document, IReadOnlyList<NotesItemChange> changes, DocumentUpdateOptions options)
        {
            NotesItemChange[] effective = (document ?? throw new ArgumentNullException(nameof(document))).ChangesNeeded(changes);
            string unid = document.UniversalId ?? throw new ArgumentException("The document has no universal ID.", nameof(document));
            if (effective.Length == 0)
            {
                return new DocumentUpdateResult(document, Array.Empty<string>(), null);
            }

            if (string.IsNullOrEmpty(document.Revision))
            {
                throw new SametimeAdminException("DasNoRevision", FailureKind.ProtocolError,
                    $"{Location} did not say when document {unid} was last modified, so a concurrent change could not be detected; nothing was changed.")
                {
                    RecommendedAction = "Check that the URL points at Domino Access Services (it sends Last-Modified), or edit the document through a DXL export.",
                };
            }

            string backup = DocumentBackup.Write(document, options?.BackupDirectory, options?.BackupCount ?? AtomicFile.DefaultBackupCount);
            var body = new JObject();
            foreach (NotesItemChange change in effective)
            {
                body[change.Name] = ToJson(change);
            }

            try
            {
                Patch(DocumentPath(unid), body.ToString(Formatting.None), document.Revision!, unid).Dispose();
            }
            catch (SametimeAdminException ex) when (ex.ErrorId == DocumentConflict.ErrorId)
            {
                DocumentBackup.DiscardRefused(backup);
                throw;
            }

            return new DocumentUpdateResult(GetDocument(unid), effective.Select(c => c.Name).ToArray(), backup);
        }

        public void Dispose() => client.Dispose();

        internal static NotesDocument ToDocument(JObject json, DateTimeOffset? lastModifiedHeader, string location)
        {
            var items = new List<NotesItem>();
            foreach (JProperty property in json.Properties())
            {
                if (property.Name.StartsWith("@", StringComparison.Ordinal))
                {
                    continue;
                }

                items.Add(ToItem(property.Name, property.Value));
            }

            DateTimeOffset? modified = lastModifiedHeader ?? ParseDate((string?)json["@modified"]);
            string? revision = modified?.ToString("r", CultureInfo.InvariantCulture);
            return new NotesDocument(location, (string?)json["@unid"], (string?)json["@noteid"], (string?)json["@form"], items, revision, modified);
        }

        private static DateTimeOffset? ParseDate(string? value) =>
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed) ? parsed : (DateTimeOffset?)null;

        private static NotesItem ToItem(string name, JToken value)
        {
            switch (value.Type)
            {
                case JTokenType.String:
                case JTokenType.Boolean:
                case JTokenType.Date:
                    return new NotesItem(name, NotesItemType.Text, new[] { Scalar(value) });
                case JTokenType.Integer:
                case JTokenType.Float:
                    return new NotesItem(name, NotesItemType.Number, new[] { Scalar(value) });
                case JTokenType.Array:
                    JToken[] values = value.Children().ToArray();
                    if (values.All(v => v.Type == JTokenType.Integer || v.Type == JTokenType.Float) && values.Length > 0)
                    {
                        return new NotesItem(name, NotesItemType.NumberList, values.Select(Scalar));
                    }

                    if (values.All(v => v.Type == JTokenType.String || v.Type == JTokenType.Date))
                    {
                        return new NotesItem(name, NotesItemType.TextList, values.Select(Scalar));
                    }

                    return new NotesItem(name, NotesItemType.Opaque, Array.Empty<string>(), NotesItemAttributes.None, "array");
                case JTokenType.Object when (string?)value["type"] == "datetime":
                    return new NotesItem(name, NotesItemType.DateTime, new[] { (string?)value["data"] ?? string.Empty });
                default:
                    return new NotesItem(name, NotesItemType.Opaque, Array.Empty<string>(), NotesItemAttributes.None, value.Type.ToString().ToLowerInvariant());
            }
        }

        private static string Scalar(JToken value) =>
            value.Type == JTokenType.Float || value.Type == JTokenType.Integer
                ? NotesItemChange.FormatNumber(value.Value<double>())
                : value.Type == JTokenType.Date ? value.Value<DateTime>().ToString("o", CultureInfo.InvariantCulture) : (string?)value ?? string.Empty;

        private static JToken ToJson(NotesItemChange change)
        {
            IEnumerable<JToken> values = change.IsNumeric
                ? change.Values.Select(v => (JToken)double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).Select(j => IsWhole(j) ? new JValue((long)j.Value<double>()) : j)
                : change.Values.Select(v => (JToken)new JValue(v));
            return change.IsList ? new JArray(values) : values.First();
        }

        private static bool IsWhole(JToken number)
        {
            double value = number.Value<double>();
            return Math.Abs(value) < 9e15 && Math.Floor(value) == value;
        }

        private static SametimeAdminException InvalidUrl(string? url, string why) =>
            new SametimeAdminException("DasInvalidUrl", FailureKind.InvalidArgument, $"'{RedactUrl(url)}' cannot be used as a Domino Access Services database URL: {why}.")
            {
                RecommendedAction = "Give the database URL, for example https://inotes.example.com/names.nsf.",
            };

        private SametimeAdminException InvalidUniversalId(string unid, string what) =>
            new SametimeAdminException("DasInvalidUniversalId", FailureKind.ProtocolError,
                $"{DatabaseUrl.Host} answered {what} with the universal ID '{Printable(unid)}', which is not the 32 hexadecimal digits of a Notes universal ID (or not the document asked for). Nothing was changed.")
            {
                RecommendedAction = "Check that the URL points at Domino Access Services on the Domino server itself, not at a proxy or another service.",
            };

        private static string Printable(string text)
        {
            string shown = text.Length > 80 ? text.Substring(0, 80) + "..." : text;
            return new string(shown.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        }

        private string DocumentPath(string unid) => databasePath + "/api/data/documents/unid/" + Uri.EscapeDataString(unid);

        private HttpResponseMessage Patch(string path, string json, string revision, string unid)
        {
            var headers = new Dictionary<string, string> { ["If-Unmodified-Since"] = revision };
            if (!useMethodOverride)
            {
                HttpResponseMessage response = Send(new HttpMethod("PATCH"), path, json, headers, "document " + unid, allowMethodRejection: true);
                if (response.StatusCode != HttpStatusCode.MethodNotAllowed && response.StatusCode != HttpStatusCode.NotImplemented)
                {
                    return response;
                }

                // A proxy or server that refuses PATCH: DAS accepts POST with X-HTTP-Method-Override instead.
                response.Dispose();
                useMethodOverride = true;
            }

            headers[MethodOverrideHeader] = "PATCH";
            return Send(HttpMethod.Post, path, json, headers, "document " + unid);
        }

        private HttpResponseMessage Send(HttpMethod method, string pathAndQuery, string? json, IDictionary<string, string>? headers, string what, bool allowMethodRejection = false)
        {
            var url = new Uri(DatabaseUrl, pathAndQuery);
            HttpResponseMessage response;
            for (int hops = 0; ; hops++)
            {
                response = SendOnce(method, url, json, headers, what);
                int code = (int)response.StatusCode;
                if (code < 300 || code > 399 || response.Headers.Location == null)
                {
                    break;
                }

                var target = new Uri(url, response.Headers.Location);
                response.Dispose();

                // Only a read may follow, and only within this database on this server: the credentials never go
                // elsewhere, and what is reported as read from DatabaseUrl really comes from it.
                if (method != HttpMethod.Get || !IsWithinDatabase(target) || hops >= MaxRedirects)
                {
                    throw Redirected(url, target, what, method != HttpMethod.Get, hops >= MaxRedirects);
                }

                Log?.Invoke($"{RedactUrl(url.ToString())} redirected to {RedactUrl(target.ToString())}; following it within {Location}.");
                url = target;
            }

            if (response.IsSuccessStatusCode || (allowMethodRejection && (response.StatusCode == HttpStatusCode.MethodNotAllowed || response.StatusCode == HttpStatusCode.NotImplemented)))
            {
                return response;
            }

            using (response)
            {
                throw StatusFailure(response, what);
            }
        }

        private HttpResponseMessage SendOnce(HttpMethod method, Uri url, string? json, IDictionary<string, string>? headers, string what)
        {
            using (var request = new HttpRequestMessage(method, url))
            {
                if (json != null)
                {
                    request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                }

                if (headers != null)
                {
                    foreach (KeyValuePair<string, string> header in headers)
                    {
                        request.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }
                }

                try
                {
                    // Headers only: the body is read later, up to MaxResponseBytes.
                    return Task.Run(() => client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead)).GetAwaiter().GetResult();
                }
                catch (TaskCanceledException ex)
                {
                    throw Timeout(what, ex);
                }
                catch (HttpRequestException ex)
                {
                    throw ConnectionFailure(ex);
                }
            }
        }

        private bool IsWithinDatabase(Uri target) =>
            string.Equals(target.Scheme, DatabaseUrl.Scheme, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(target.Host, DatabaseUrl.Host, StringComparison.OrdinalIgnoreCase) &&
            target.Port == DatabaseUrl.Port &&
            string.IsNullOrEmpty(target.UserInfo) &&
            target.AbsolutePath.StartsWith(databasePath + "/", StringComparison.OrdinalIgnoreCase);

        private static string StripQuery(Uri url) => RedactUrl(url.GetLeftPart(UriPartial.Path));

        private SametimeAdminException Redirected(Uri from, Uri target, string what, bool isWrite, bool tooMany)
        {
            string where = tooMany ? "again and again"
                : !string.Equals(target.Host, DatabaseUrl.Host, StringComparison.OrdinalIgnoreCase) ? "on another server"
                : !string.Equals(target.Scheme, DatabaseUrl.Scheme, StringComparison.OrdinalIgnoreCase) || target.Port != DatabaseUrl.Port ? "on another scheme or port"
                : "outside the database";
            string login = target.Query.IndexOf("login", StringComparison.OrdinalIgnoreCase) >= 0
                ? " It looks like a login page: the site uses session authentication, which Domino Access Services clients cannot use; allow Basic authentication for the site."
                : string.Empty;
            return new SametimeAdminException("DasRedirected", FailureKind.ProtocolError,
                $"{StripQuery(from)} redirected the request for {what} to {StripQuery(target)}, {where}. " +
                (isWrite ? "An update is never sent to a redirect target" : "SametimeAdmin does not follow such a redirect") +
                ": nothing and no credential was sent there, and nothing was changed.")
            {
                RecommendedAction = "If that is the right server, give its database URL with -Uri (for example the https:// URL when the server redirects http to https)." + login,
            };
        }

        private SametimeAdminException Timeout(string what, Exception ex) =>
            new SametimeAdminException("DasTimeout", FailureKind.OperationTimeout,
                $"{DatabaseUrl.Host} did not answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds ({what}); nothing was changed.", ex)
            {
                RecommendedAction = "Check that the Domino HTTP task is running and responsive, or allow more time with -TimeoutSeconds.",
            };

        /// <summary>
        /// Reads the body without ever holding more than <paramref name="limit"/> bytes; null when it is larger.
        /// The read is bounded by the store's timeout too (the client's own timeout ends with the headers).
        /// </summary>
        private byte[]? ReadBody(HttpResponseMessage response, long limit, string what)
        {
            long? declared = response.Content.Headers.ContentLength;
            if (declared > limit)
            {
                return null;
            }

            using (var cancel = new CancellationTokenSource(timeout))
            using (cancel.Token.Register(response.Dispose))
            {
                try
                {
                    using (Stream stream = Task.Run(() => response.Content.ReadAsStreamAsync()).GetAwaiter().GetResult())
                    using (var buffer = new MemoryStream())
                    {
                        var chunk = new byte[81920];
                        int read;
                        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
                        {
                            if (buffer.Length + read > limit)
                            {
                                return null;
                            }

                            buffer.Write(chunk, 0, read);
                        }

                        return buffer.ToArray();
                    }
                }
                catch (Exception ex) when (cancel.IsCancellationRequested && (ex is IOException || ex is ObjectDisposedException || ex is HttpRequestException || ex is OperationCanceledException))
                {
                    throw Timeout(what, ex);
                }
                catch (Exception ex) when (ex is IOException || ex is HttpRequestException)
                {
                    throw new SametimeAdminException("DasUnreachable", FailureKind.ConnectionError,
                        $"The connection to {DatabaseUrl.GetLeftPart(UriPartial.Authority)} broke while reading {what}: {ex.Message}. Nothing was changed.", ex);
                }
            }
        }

        private static string Decode(HttpResponseMessage response, byte[] body)
        {
            Encoding encoding = Encoding.UTF8;
            string? charset = response.Content.Headers.ContentType?.CharSet?.Trim('"');
            if (!string.IsNullOrEmpty(charset))
            {
                try
                {
                    encoding = Encoding.GetEncoding(charset);
                }
                catch (ArgumentException)
                {
                    // An unknown charset: DAS answers UTF-8.
                }
            }

            using (var reader = new StreamReader(new MemoryStream(body), encoding, detectEncodingFromByteOrderMarks: true))
            {
                return reader.ReadToEnd();
            }
        }

        private SametimeAdminException ConnectionFailure(HttpRequestException ex)
        {
            for (Exception? inner = ex; inner != null; inner = inner.InnerException)
            {
                if (inner is AuthenticationException)
                {
                    return new SametimeAdminException("DasTlsFailed", FailureKind.SecurityError,
                        $"The TLS connection to {DatabaseUrl.Host} failed: {inner.Message}. Nothing was changed.", ex)
                    {
                        RecommendedAction = "Check the server certificate (name, expiry, trusted issuer) on this machine.",
                    };
                }
            }

            string reason = ex.InnerException?.Message ?? ex.Message;
            return new SametimeAdminException("DasUnreachable", FailureKind.ConnectionError,
                $"Cannot connect to {DatabaseUrl.GetLeftPart(UriPartial.Authority)}: {reason}. Nothing was changed.", ex)
            {
                RecommendedAction = "Check the URL (host name and port), that the Domino HTTP task is running, and that no firewall blocks the port.",
            };
        }

        private SametimeAdminException StatusFailure(HttpResponseMessage response, string what)
        {
            string detail = ServerMessage(response);
            string user = userName != null ? "'" + userName + "'" : "an anonymous user";
            switch ((int)response.StatusCode)
            {
                case 401:
                    return new SametimeAdminException("DasAuthenticationFailed", FailureKind.AuthenticationError,
                        $"{DatabaseUrl.Host} rejected the credentials of {user} (HTTP 401){detail}. Nothing was changed.")
                    {
                        RecommendedAction = "Check the user name and Internet password (-Credential), and that the server accepts Basic authentication for /api/data.",
                    };
                case 403:
                    return new SametimeAdminException("DasAccessDenied", FailureKind.PermissionDenied,
                        $"{user} may not access {what} in {Location} (HTTP 403){detail}. Nothing was changed.")
                    {
                        RecommendedAction = "Give the user Editor access (or better) in the database ACL, and check that Domino Access Services is enabled for the server and the database.",
                    };
                case 404:
                    return new SametimeAdminException("DasNotFound", FailureKind.ObjectNotFound,
                        $"{Location} has no {what} (HTTP 404){detail}.")
                    {
                        RecommendedAction = "Check the database path in the URL, and that Domino Access Services (data) is enabled on the Internet Site or Server document and in the database properties.",
                    };
                case 412:
                    return DocumentConflict.Changed(Location);
                case 400:
                    return new SametimeAdminException("DasBadRequest", FailureKind.InvalidData,
                        $"{DatabaseUrl.Host} refused the request for {what} (HTTP 400){detail}. Nothing was changed.");
                default:
                    int code = (int)response.StatusCode;
                    return new SametimeAdminException(code >= 500 ? "DasServerError" : "DasUnexpectedStatus",
                        code >= 500 ? FailureKind.ResourceUnavailable : FailureKind.ProtocolError,
                        $"{DatabaseUrl.Host} answered HTTP {code.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase} for {what}{detail}. Nothing was changed.")
                    {
                        RecommendedAction = code >= 500 ? "Look at the Domino console log of the server for the cause, then try again." : null,
                    };
            }
        }

        private string ServerMessage(HttpResponseMessage response)
        {
            try
            {
                byte[]? body = ReadBody(response, MaxErrorBodyBytes, "an error answer");
                if (body == null)
                {
                    return string.Empty;
                }

                string text = Decode(response, body);
                string? message = JObject.Parse(text)["message"]?.ToString();
                return string.IsNullOrWhiteSpace(message) ? string.Empty : ": " + message!.Trim();
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is SametimeAdminException)
            {
                return string.Empty;
            }
        }

        private JToken ReadJson(HttpResponseMessage response, string what)
        {
            string? mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType != null && mediaType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw new SametimeAdminException("DasUnexpectedResponse", FailureKind.ProtocolError,
                    $"{DatabaseUrl.Host} answered {what} with an HTML page instead of JSON, usually the Domino login form: the credentials were not accepted through Basic authentication, or the URL is not served by Domino Access Services. Nothing was changed.")
                {
                    RecommendedAction = "Check the credentials, allow Basic authentication for the site (session authentication forms answer 200 with a login page), and check the database URL.",
                };
            }

            byte[]? body = ReadBody(response, MaxResponseBytes, what);
            if (body == null)
            {
                throw new SametimeAdminException("DasResponseTooLarge", FailureKind.ProtocolError,
                    $"{DatabaseUrl.Host} answered {what} with more than {Size(MaxResponseBytes)}, the limit for one Domino Access Services answer; the rest was not read. Nothing was changed.")
                {
                    RecommendedAction = "Check that the URL points at the database through Domino Access Services (a Web SSO or Community Connectivity document is a few kilobytes).",
                };
            }

            string text = Decode(response, body);
            try
            {
                return JToken.Parse(text);
            }
            catch (JsonException ex)
            {
                throw Unexpected(response, what, "the answer is not JSON (" + ex.Message + ")");
            }
        }

        private static string Size(long bytes) =>
            bytes % (1024 * 1024) == 0 ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MiB" : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";

        private SametimeAdminException Unexpected(HttpResponseMessage response, string what, string why) =>
            new SametimeAdminException("DasUnexpectedResponse", FailureKind.ProtocolError,
                $"{DatabaseUrl.Host} answered {what} (HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}) in a form Domino Access Services does not use: {why}. Nothing was changed.")
            {
                RecommendedAction = "Check that the URL points at the database on a Domino server with Domino Access Services enabled.",
            };
    }
}
