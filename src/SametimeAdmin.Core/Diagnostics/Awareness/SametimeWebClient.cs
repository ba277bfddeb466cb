using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// A client of the Sametime Proxy's web API (/stbaseapi, /stwebapi) as a browser session uses it: its own cookie
    /// jar (the cookies the proxy sets plus the LTPA cookie, which the proxy cannot replace), the session nonce and
    /// CSRF token sent back on each request, and a deadline per exchange from the first byte sent to the last byte
    /// read. It reports what came back; what that means for the awareness path is the probe's business.
    /// </summary>
    internal sealed class SametimeWebClient : IDisposable
    {
        internal const int MaxBody = 1024 * 1024;

        private readonly Dictionary<string, string> cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly HttpClient http;
        private readonly string tokenCookieName;
        private readonly TimeSpan timeout;
        private string? csrfToken;

        /// <param name="baseUrl">The proxy's base URL (ending in '/').</param>
        /// <param name="timeout">The time each exchange is given, as failures name it (the caller's deadline enforces it).</param>
        /// <param name="tokenCookieName">The LTPA cookie's name: set only by <see cref="SetTokenCookie"/>, never by the proxy.</param>
        /// <param name="skipCertificateCheck">Accept any server certificate (lab use only).</param>
        public SametimeWebClient(Uri baseUrl, TimeSpan timeout, string tokenCookieName, bool skipCertificateCheck)
            : this(baseUrl, timeout, tokenCookieName, CreateHandler(skipCertificateCheck))
        {
        }

        /// <summary>A client over another handler (tests).</summary>
        internal SametimeWebClient(Uri baseUrl, TimeSpan timeout, string tokenCookieName, HttpMessageHandler handler)
        {
            this.timeout = timeout;
            this.tokenCookieName = tokenCookieName;
            http = new HttpClient(handler, true) { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.UserAgent.ParseAdd("SametimeAdmin-AwarenessProbe/1.0");
        }

        /// <summary>The session nonce of the login (rtc4webNonce), sent back as the Rtc4web-Nonce header.</summary>
        public string? Nonce { get; set; }

        /// <summary>"2 s": the time each exchange is given, as evidence names it.</summary>
        public string Seconds => timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";

        /// <summary>The Origin header every request carries, as a browser page of that origin sends it; null for none.</summary>
        public string? Origin { get; set; }

        /// <summary>Sends the LTPA token with every further request.</summary>
        public void SetTokenCookie(string token)
        {
            lock (cookies)
            {
                cookies[tokenCookieName] = token;
            }
        }

        /// <summary>The Cookie header the next request carries (for tests and evidence); null when there is none.</summary>
        internal string? CookieHeader
        {
            get
            {
                lock (cookies)
                {
                    return cookies.Count == 0 ? null : string.Join("; ", cookies.Select(c => c.Key + "=" + c.Value));
                }
            }
        }

        /// <summary>
        /// One exchange, bounded by <paramref name="deadline"/> from the first byte sent to the last byte read. A deadline
        /// that passes or a broken connection gives a failed answer; only <paramref name="cancellationToken"/> (the
        /// caller stopping) throws.
        /// </summary>
        public Task<SametimeWebAnswer> SendAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? form, CancellationToken cancellationToken, CancellationToken deadline) =>
            SendAsync(method, path, form, null, cancellationToken, deadline);

        /// <summary>As above, with extra request headers (the CORS preflight's Access-Control-Request-*).</summary>
        public async Task<SametimeWebAnswer> SendAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? form, IEnumerable<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken, CancellationToken deadline)
        {
            using var request = new HttpRequestMessage(method, path);
            if (Origin != null)
            {
                request.Headers.TryAddWithoutValidation("Origin", Origin);
            }

            foreach (var header in headers ?? Enumerable.Empty<KeyValuePair<string, string>>())
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            if (form != null)
            {
                request.Content = new FormUrlEncodedContent(form);
            }

            string? cookieHeader = CookieHeader;
            if (cookieHeader != null)
            {
                request.Headers.TryAddWithoutValidation("Cookie", cookieHeader);
            }

            lock (cookies)
            {
                if (Nonce != null)
                {
                    request.Headers.TryAddWithoutValidation("Rtc4web-Nonce", Nonce);
                }

                if (csrfToken != null)
                {
                    request.Headers.TryAddWithoutValidation("X-CSRF-Token", csrfToken);
                }
            }

            request.Headers.Accept.ParseAdd(path.StartsWith("stbaseapi", StringComparison.Ordinal) ? "*/*" : "application/json");
            HttpResponseMessage? response = null;
            try
            {
                var send = http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline);
                response = await WithDeadline(send, deadline).ConfigureAwait(false);
                RememberCookies(response);
                var stream = await WithDeadline(response.Content.ReadAsStreamAsync(), deadline).ConfigureAwait(false);
                using (deadline.Register(() => response.Dispose()))
                {
                    string body = await ReadBodyAsync(stream, response, deadline).ConfigureAwait(false);
                    return SametimeWebAnswer.From(response, body);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is ObjectDisposedException || (ex is IOException && deadline.IsCancellationRequested))
            {
                cancellationToken.ThrowIfCancellationRequested();
                return SametimeWebAnswer.Failed(SametimeWebFailure.Timeout,
                    $"no complete answer within {Seconds}" + (response == null ? string.Empty : $" (the headers came, HTTP {(int)response.StatusCode}, the body did not)"),
                    response == null ? (int?)null : (int)response.StatusCode);
            }
            catch (HttpRequestException ex)
            {
                var tls = FindInner<AuthenticationException>(ex);
                if (tls != null)
                {
                    return SametimeWebAnswer.Failed(SametimeWebFailure.Tls, "TLS failed: " + tls.Message, null);
                }

                var socket = FindInner<SocketException>(ex);
                return SametimeWebAnswer.Failed(SametimeWebFailure.Connection,
                    "the request failed: " + (socket != null ? socket.SocketErrorCode.ToString() : Innermost(ex).Message), null);
            }
            finally
            {
                response?.Dispose();
            }
        }

        public void Dispose() => http.Dispose();

        private static HttpClientHandler CreateHandler(bool skipCertificateCheck)
        {
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            };
            try
            {
                // The presence requests of one step go out together; .NET Framework allows 2 connections per server by default.
                handler.MaxConnectionsPerServer = 32;
            }
            catch (Exception ex) when (ex is PlatformNotSupportedException || ex is NotImplementedException)
            {
                // Runtimes without the setting have no such limit to lift.
            }

            if (skipCertificateCheck)
            {
                handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => true;
            }

            return handler;
        }

        private static async Task<T> WithDeadline<T>(Task<T> task, CancellationToken deadline)
        {
            var finished = await Task.WhenAny(task, Task.Delay(Timeout.Infinite, deadline)).ConfigureAwait(false);
            if (finished != task)
            {
                _ = task.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw new OperationCanceledException(deadline);
            }

            return await task.ConfigureAwait(false);
        }

        private static async Task<string> ReadBodyAsync(Stream stream, HttpResponseMessage response, CancellationToken deadline)
        {
            var buffer = new byte[16384];
            using var collected = new MemoryStream();
            int read;
            while (collected.Length < MaxBody && (read = await WithDeadline(stream.ReadAsync(buffer, 0, buffer.Length, deadline), deadline).ConfigureAwait(false)) > 0)
            {
                collected.Write(buffer, 0, read);
            }

            var charset = response.Content.Headers.ContentType?.CharSet;
            Encoding encoding = Encoding.UTF8;
            if (!string.IsNullOrEmpty(charset))
            {
                try
                {
                    encoding = Encoding.GetEncoding(charset!.Trim('"'));
                }
                catch (ArgumentException)
                {
                    encoding = Encoding.UTF8;
                }
            }

            return encoding.GetString(collected.GetBuffer(), 0, (int)collected.Length);
        }

        private void RememberCookies(HttpResponseMessage response)
        {
            lock (cookies)
            {
                if (response.Headers.TryGetValues("Set-Cookie", out var values))
                {
                    foreach (string value in values)
                    {
                        int semicolon = value.IndexOf(';');
                        string pair = semicolon >= 0 ? value.Substring(0, semicolon) : value;
                        int eq = pair.IndexOf('=');
                        if (eq > 0)
                        {
                            string name = pair.Substring(0, eq).Trim();
                            if (name != tokenCookieName)
                            {
                                cookies[name] = pair.Substring(eq + 1).Trim();
                            }
                        }
                    }
                }

                if (response.Headers.TryGetValues("x-csrf-token", out var csrf))
                {
                    csrfToken = csrf.FirstOrDefault() ?? csrfToken;
                }
            }
        }

        private static T? FindInner<T>(Exception ex)
            where T : Exception
        {
            for (Exception? e = ex; e != null; e = e.InnerException)
            {
                if (e is T found)
                {
                    return found;
                }
            }

            return null;
        }

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null)
            {
                ex = ex.InnerException;
            }

            return ex;
        }
    }
}
