using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Threading.Tasks;
using SametimeAdmin.Common;
using SametimeAdmin.Diagnostics;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// The end-to-end probe of the awareness path iNotes takes through the Sametime Proxy Server, for one or many
    /// proxy URLs: one result per step (name resolution, TCP, TLS, client scripts, SSO domain, login, presence,
    /// buddy list, logout) with the evidence and the guide's fix, or with -Summary one verdict per URL.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "SametimeAwareness", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(AwarenessStepResult), typeof(AwarenessSummary))]
    public sealed class TestSametimeAwarenessCommand : SametimeCmdlet, IDisposable
    {
        // -Token is optional in the default and the key sets (not sets of its own): sets told apart only by a
        // mandatory -Token could not be resolved while -Url still waits for pipeline input.
        private const string DefaultSet = "Default";
        private const string KeyPathSet = "KeyPath";
        private const string KeySetSet = "KeySet";
        private const string CredentialSet = "Credential";
        private const int ProgressId = 0x5341;

        private readonly LtpaKeyFiles keyFiles = new LtpaKeyFiles();
        private readonly HashSet<string> seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private ConcurrentWork<object>? work;
        private AwarenessToken? token;
        private NetworkCredential? credential;
        private bool loginPrepared;
        private bool pipedStringsAreUrls;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ProxyUrl", "Uri")]
        [ValidateNotNullOrEmpty]
        public string[] Url { get; set; } = Array.Empty<string>();

        /// <summary>The token to log in with: a SecureString, or the string New-LtpaToken emits (also from the pipeline).</summary>
        [Parameter(ParameterSetName = DefaultSet, ValueFromPipeline = true)]
        [Parameter(ParameterSetName = KeyPathSet, ValueFromPipeline = true)]
        [Parameter(ParameterSetName = KeySetSet, ValueFromPipeline = true)]
        [SecureStringArgument]
        public SecureString? Token { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = KeyPathSet)]
        [ValidateNotNullOrEmpty]
        public string? KeyPath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = KeyPathSet)]
        public SecureString? KeyPassword { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = KeySetSet)]
        public LtpaKeySet? KeySet { get; set; }

        [Parameter(ParameterSetName = DefaultSet)]
        [Parameter(ParameterSetName = KeyPathSet)]
        [Parameter(ParameterSetName = KeySetSet)]
        [ValidateNotNullOrEmpty]
        public string? UserName { get; set; }

        [Parameter(ParameterSetName = KeyPathSet)]
        [Parameter(ParameterSetName = KeySetSet)]
        [ValidateNotNullOrEmpty]
        public string? Realm { get; set; }

        [Parameter(ParameterSetName = KeyPathSet)]
        [Parameter(ParameterSetName = KeySetSet)]
        [ValidateRange(1, 1440)]
        public int TokenValidMinutes { get; set; } = 30;

        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SsoDomain { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? WatchUser { get; set; }

        /// <summary>The iNotes/Verse URL: its origin is sent as Origin, preflighted and checked against CSP frame-ancestors.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Origin { get; set; }

        /// <summary>The iNotes mail file URL (http://inotes1/mail/i2.nsf), opened directly to tell a redirection problem.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? MailFileUrl { get; set; }

        [Parameter(ParameterSetName = DefaultSet)]
        [Parameter(ParameterSetName = KeyPathSet)]
        [Parameter(ParameterSetName = KeySetSet)]
        [ValidateNotNullOrEmpty]
        public string CookieName { get; set; } = LtpaToken2.CookieName;

        [Parameter]
        public Hashtable? LoginField { get; set; }

        [Parameter]
        [ValidateRange(0.5, 300)]
        public double TimeoutSeconds { get; set; } = 10;

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <summary>How many proxy URLs are probed at once; the results still come in input order.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int ThrottleLimit { get; set; } = ConcurrentWork<object>.DefaultThrottleLimit;

        private Uri? origin;
        private Uri? mailFileUrl;

        protected override void BeginProcessing()
        {
            // A string piped in binds to -Url and -Token alike: it is a token only when -Url came from the command line.
            pipedStringsAreUrls = Token == null && !MyInvocation.BoundParameters.ContainsKey(nameof(Url));
            origin = Origin == null ? null : RunOrThrow(() => OriginPolicy.ParseOrigin(Origin), Origin);
            mailFileUrl = MailFileUrl == null ? null : RunOrThrow(() => MailFileProbe.ParseUrl(MailFileUrl), MailFileUrl);
            if (SkipCertificateCheck)
            {
                WriteWarning("-SkipCertificateCheck: the proxy's TLS certificate is not checked. Use this in a lab only: browsers will still refuse a certificate the probe accepts.");
            }

            work = new ConcurrentWork<object>(ThrottleLimit, WriteObject, (url, failure) =>
            {
                if (!(failure is OperationCanceledException))
                {
                    WriteError(ToErrorRecord(failure, url));
                }
            }, ReportProgress);
        }

        /// <summary>
        /// Sets up the login once, at the first record: a token piped in (New-LtpaToken | Test-SametimeAwareness -Url ...)
        /// is bound only then, not yet in BeginProcessing.
        /// </summary>
        private void PrepareLogin()
        {
            if (loginPrepared)
            {
                return;
            }

            loginPrepared = true;
            if (pipedStringsAreUrls)
            {
                Token = null;
            }

            bool bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);
            if (ParameterSetName == CredentialSet)
            {
                credential = Credential!.GetNetworkCredential();
            }
            else if (Token != null)
            {
                if (bound(nameof(Realm)) || bound(nameof(TokenValidMinutes)))
                {
                    ThrowFailure("MintParameterWithToken", FailureKind.InvalidArgument,
                        "-Realm and -TokenValidMinutes are for a token the probe mints; with -Token, -KeyPath or -KeySet only checks the given token. Leave them out, or leave out -Token to mint one.", null);
                }

                string given = SecureToString(Token!);
                token = RunOrThrow(() => AwarenessToken.Given(given, CookieName), null);
                if (ParameterSetName == KeyPathSet)
                {
                    string keyFile = ResolveLiteralPath(KeyPath!);
                    CheckToken(RunOrThrow(() => keyFiles.Read(keyFile, KeyPassword, WriteVerbose), KeyPath));
                }
                else if (ParameterSetName == KeySetSet)
                {
                    CheckToken(KeySet!);
                }
            }
            else if (ParameterSetName == DefaultSet)
            {
                if (bound(nameof(UserName)) || bound(nameof(CookieName)))
                {
                    ThrowFailure("LoginParameterWithoutLogin", FailureKind.InvalidArgument,
                        "-UserName and -CookieName belong to a token login: give -Token, or -KeyPath/-KeyPassword or -KeySet to mint a token (use -WatchUser for the users whose presence to ask for).", null);
                }
            }
            else if (UserName == null)
            {
                ThrowFailure("UserNameRequired", FailureKind.InvalidArgument,
                    "Minting a token needs -UserName: the user it is for (the unique id after the realm, usually the LDAP DN). Or give -Token to log in with a token you have, checked with these keys.", null);
            }
            else if (ParameterSetName == KeyPathSet)
            {
                string keyFile = ResolveLiteralPath(KeyPath!);
                MintToken(RunOrThrow(() => keyFiles.Read(keyFile, KeyPassword, WriteVerbose), KeyPath));
            }
            else
            {
                MintToken(KeySet!);
            }
        }

        protected override void ProcessRecord()
        {
            PrepareLogin();
            foreach (string text in Url)
            {
                Uri uri;
                try
                {
                    uri = AwarenessProbe.ParseUrl(text);
                }
                catch (SametimeAdminException ex)
                {
                    WriteError(ToErrorRecord(ex, text));
                    continue;
                }

                string key = uri.ToString();
                if (!seen.Add(key))
                {
                    continue;
                }

                var options = Options(uri);
                string? cleartext = AwarenessProbe.CleartextWarning(options);
                if (cleartext != null)
                {
                    WriteWarning(cleartext);
                }

                WriteVerbose($"Probing {key} ({options.LoginMode} login, timeout {TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s per step).");
                if (Summary)
                {
                    work!.Start(key, async (post, cancel) =>
                    {
                        var steps = await AwarenessProbe.RunAsync(options, cancel).ConfigureAwait(false);
                        post(AwarenessSummary.From(key, steps));
                    });
                }
                else
                {
                    work!.Start(key, (post, cancel) => AwarenessProbe.RunAsync(options, post, cancel));
                }
            }

            work!.Drain(untilDone: false);
        }

        protected override void EndProcessing()
        {
            work?.Drain(untilDone: true);
            if (work != null && work.Started > 1)
            {
                WriteProgress(new ProgressRecord(ProgressId, "Probing Sametime Proxy servers", "Done") { RecordType = ProgressRecordType.Completed });
            }

            token = null;
            base.EndProcessing();
        }

        protected override void StopProcessing()
        {
            work?.Cancel();
            base.StopProcessing();
        }

        public void Dispose()
        {
            work?.Dispose();
            keyFiles.Dispose();
        }

        private AwarenessProbeOptions Options(Uri uri)
        {
            var options = new AwarenessProbeOptions(uri)
            {
                Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
                SsoDomain = SsoDomain,
                Origin = origin,
                MailFileUrl = mailFileUrl,
                SkipCertificateCheck = SkipCertificateCheck,
                CookieName = CookieName,
                UserName = UserName,
            };
            if (token != null)
            {
                token.ApplyTo(options);
            }
            else if (credential != null)
            {
                options.LoginMode = AwarenessLoginMode.Password;
                options.Credential = credential;
                options.UserName = credential.UserName;
            }

            foreach (string user in WatchUser ?? Array.Empty<string>())
            {
                options.WatchUsers.Add(user);
            }

            if (LoginField != null)
            {
                foreach (DictionaryEntry entry in LoginField)
                {
                    options.LoginFields[LanguagePrimitives.ConvertTo<string>(entry.Key)] = LanguagePrimitives.ConvertTo<string>(entry.Value);
                }
            }

            return options;
        }

        private void MintToken(LtpaKeySet keys)
        {
            var minted = RunOrThrow(() => AwarenessToken.Mint(keys, UserName!, Realm, TimeSpan.FromMinutes(TokenValidMinutes), DateTimeOffset.UtcNow), UserName);
            token = minted;
            WriteVerbose($"Minted an LtpaToken2 for {minted.AccessId} with key set {minted.KeyFingerprint}, valid until {minted.Expiration:u}.");
        }

        /// <summary>Decodes the given token with the given keys before the probe, so that a failed login can say what the token is.</summary>
        private void CheckToken(LtpaKeySet keys)
        {
            token!.CheckWith(keys, CookieName);
            WriteVerbose("Checked the token given with -Token: " + AwarenessProbe.DescribeTokenCheck(token.Check!, token.KeyFingerprint!) + ".");
        }

        private static string SecureToString(SecureString secret) => new NetworkCredential(string.Empty, secret).Password;

        private void ReportProgress(int finished, int started)
        {
            if (started < 2)
            {
                return;
            }

            WriteProgress(new ProgressRecord(ProgressId, "Probing Sametime Proxy servers",
                string.Format(CultureInfo.InvariantCulture, "{0} of {1} proxies done", finished, started))
            {
                PercentComplete = Math.Min(100, finished * 100 / started),
            });
        }
    }
}
