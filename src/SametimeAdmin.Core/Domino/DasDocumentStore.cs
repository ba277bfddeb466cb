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
    /// </summary>
    public sealed class DasDocumentStore : INotesDocumentStore
    {
        private const int PageSize = 100;
        private const string MethodOverrideHeader = "X-HTTP-Method-Override";
        private readonly HttpClient client;
        private readonly string databasePath;
        private readonly string? userName;
        private readonly TimeSpan timeout;
        private bool useMethodOverride;

        /// <summary>
        /// Opens a database URL such as https://inotes.example.com/names.nsf (a path to the .nsf, any /api/data suffix is ignored).
        /// </summary>
        public DasDocumentStore(string databaseUrl, NetworkCredential? credential, TimeSpan timeout, bool useMethodOverride = false, HttpMessageHandler? handler = null)
        {
            DatabaseUrl = ParseDatabaseUrl(databaseUrl);
            databasePath = DatabaseUrl.AbsolutePath.TrimEnd('/');
            userName = credential?.UserName;
            this.timeout = timeout;
            this.useMethodOverride = useMethodOverride;
            client = handler == null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
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

        /// <summary>Validates and normalises a database URL; an unusable URL is a DasInvalidUrl error.</summary>
        public static Uri ParseDatabaseUrl(string databaseUrl)
        {
            if (!Uri.TryCreate(databaseUrl?.Trim() ?? string.Empty, UriKind.Absolute, out Uri? uri) ||
                (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw InvalidUrl(databaseUrl, "it is not an http:// or https:// URL");
            }

            string path = uri.AbsolutePath;
            int nsf = path.IndexOf(".nsf", StringComparison.OrdinalIgnoreCase);
            if (nsf < 0)
            {
                throw InvalidUrl(databaseUrl, "it does not name a database (.nsf)");
            }

            var builder = new UriBuilder(uri) { Path = path.Substring(0, nsf + 4), Query = string.Empty, Fragment = string.Empty, UserName = string.Empty, Password = string.Empty };
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
            using (HttpResponseMessage response = Send(HttpMethod.Get, DocumentPath(unid) + "?hidden=true", null, null, "document " + unid))
            {
                if (!(ReadJson(response, "document " + unid) is JObject json))
                {
                    throw Unexpected(response, "document " + unid, "a JSON object was expected");
                }

                return ToDocument(json, response.Content.Headers.LastModified, Location);
            }
        }

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

            string backup = DocumentBackup.Write(document, options?.BackupDirectory);
            var body = new JObject();
            foreach (NotesItemChange change in effective)
            {
                body[change.Name] = ToJson(change);
            }

            Patch(DocumentPath(unid), body.ToString(Formatting.None), document.Revision!, unid).Dispose();

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
            new SametimeAdminException("DasInvalidUrl", FailureKind.InvalidArgument, $"'{url}' cannot be used as a Domino Access Services database URL: {why}.")
            {
                RecommendedAction = "Give the database URL, for example https://inotes.example.com/names.nsf.",
            };

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
                    response = Task.Run(() => client.SendAsync(request)).GetAwaiter().GetResult();
                }
                catch (TaskCanceledException ex)
                {
                    throw new SametimeAdminException("DasTimeout", FailureKind.OperationTimeout,
                        $"{DatabaseUrl.Host} did not answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds ({what}); nothing was changed.", ex)
                    {
                        RecommendedAction = "Check that the Domino HTTP task is running and responsive, or allow more time with -TimeoutSec.",
                    };
                }
                catch (HttpRequestException ex)
                {
                    throw ConnectionFailure(ex);
                }
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

        private static string ServerMessage(HttpResponseMessage response)
        {
            try
            {
                string text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                string? message = JObject.Parse(text)["message"]?.ToString();
                return string.IsNullOrWhiteSpace(message) ? string.Empty : ": " + message!.Trim();
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is IOException || ex is HttpRequestException)
            {
                return string.Empty;
            }
        }

        private JToken ReadJson(HttpResponseMessage response, string what)
        {
            string text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            string? mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType != null && mediaType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw new SametimeAdminException("DasUnexpectedResponse", FailureKind.ProtocolError,
                    $"{DatabaseUrl.Host} answered {what} with an HTML page instead of JSON, usually the Domino login form: the credentials were not accepted through Basic authentication, or the URL is not served by Domino Access Services. Nothing was changed.")
                {
                    RecommendedAction = "Check the credentials, allow Basic authentication for the site (session authentication forms answer 200 with a login page), and check the database URL.",
                };
            }

            try
            {
                return JToken.Parse(text);
            }
            catch (JsonException ex)
            {
                throw Unexpected(response, what, "the answer is not JSON (" + ex.Message + ")");
            }
        }

        private SametimeAdminException Unexpected(HttpResponseMessage response, string what, string why) =>
            new SametimeAdminException("DasUnexpectedResponse", FailureKind.ProtocolError,
                $"{DatabaseUrl.Host} answered {what} (HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}) in a form Domino Access Services does not use: {why}. Nothing was changed.")
            {
                RecommendedAction = "Check that the URL points at the database on a Domino server with Domino Access Services enabled.",
            };
    }
}
