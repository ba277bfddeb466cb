using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using SametimeAdmin.Common;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Commands
{
    /// <summary>Mints an LtpaToken2, a WebSphere LtpaToken or a Domino-style LtpaToken and outputs the cookie value.</summary>
    [Cmdlet(VerbsCommon.New, "LtpaToken", DefaultParameterSetName = UserNameSet)]
    [OutputType(typeof(string))]
    public sealed class NewLtpaTokenCommand : SametimeCmdlet, IDisposable
    {
        private const string UserNameSet = "UserName";
        private const string AccessIdSet = "AccessId";
        private readonly LtpaKeyFiles keyFiles = new LtpaKeyFiles();
        private LtpaKeySet? fileKeySet;
        private byte[]? dominoSecret;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = UserNameSet)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = AccessIdSet)]
        [ValidateNotNullOrEmpty]
        public string AccessId { get; set; } = string.Empty;

        [Parameter(ParameterSetName = UserNameSet)]
        [ValidateNotNullOrEmpty]
        public string? Realm { get; set; }

        [Parameter]
        public LtpaMintFormat Format { get; set; } = LtpaMintFormat.LtpaToken2;

        [Parameter]
        [ValidateRange(1, 525600)]
        public int ExpirationMinutes { get; set; } = 120;

        [Parameter]
        public DateTime? Expiration { get; set; }

        [Parameter]
        public DateTime? CreationTime { get; set; }

        [Parameter(ValueFromPipeline = true)]
        public LtpaKeySet? KeySet { get; set; }

        /// <summary>The ltpa.keys file to sign with (one file; wildcards allowed); -Path is the former name.</summary>
        [Parameter]
        [Alias("Path")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? KeyPath { get; set; }

        /// <summary>The password of the -KeyPath file; -Password is the former name.</summary>
        [Parameter]
        [Alias("Password")]
        public SecureString? KeyPassword { get; set; }

        [Parameter]
        public SecureString? DominoSecret { get; set; }

        [Parameter]
        public Hashtable? Attribute { get; set; }

        [Parameter]
        public SwitchParameter AsCookie { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            if (Format == LtpaMintFormat.DominoLtpaToken)
            {
                if (DominoSecret == null)
                {
                    ThrowFailure("DominoSecretRequired", FailureKind.InvalidArgument,
                        "A Domino-style LtpaToken is signed with the Domino secret: give -DominoSecret (the LTPA_DominoSecret value, Base64, as a SecureString).", null);
                }

                if (ParameterSetName == AccessIdSet)
                {
                    ThrowFailure("AccessIdNotApplicable", FailureKind.InvalidArgument, "Domino-style tokens carry a Notes user name, not an access id: use -UserName.", null);
                }

                dominoSecret = RunOrThrow(() => LtpaKeyFiles.DominoSecret(DominoSecret), null);
            }
            else if (KeyPath != null)
            {
                RunOrThrow(() => LtpaKeyFiles.RequirePassword(KeyPassword), KeyPath);
                var files = new List<string>(ResolvePaths(KeyPath, false));
                if (files.Count != 1)
                {
                    ThrowFailure("KeyFileAmbiguous", FailureKind.InvalidArgument, $"-KeyPath must name exactly one key file; '{KeyPath}' matched {files.Count}.", KeyPath);
                }

                fileKeySet = RunOrThrow(() => keyFiles.Read(files[0], KeyPassword, WriteVerbose), files[0]);
            }
        }

        protected override void ProcessRecord()
        {
            // Every format takes its times the same way: -CreationTime (default now) and -Expiration (default
            // creation + -ExpirationMinutes), so tokens are reproducible; a past expiration gives a warning and a token.
            DateTimeOffset now = DateTimeOffset.UtcNow;
            DateTimeOffset? creationGiven = CreationTime.HasValue ? new DateTimeOffset(CreationTime.Value.ToUniversalTime()) : (DateTimeOffset?)null;
            DateTimeOffset expiration = Expiration.HasValue
                ? new DateTimeOffset(Expiration.Value.ToUniversalTime())
                : (creationGiven ?? now).AddMinutes(ExpirationMinutes);
            DateTimeOffset creation = creationGiven ?? (expiration < now ? expiration.AddMinutes(-ExpirationMinutes) : now);
            if (expiration <= now)
            {
                WriteWarning($"The expiration {expiration:u} is in the past: the token is expired from the start.");
            }

            string? token;
            string cookieName;
            if (Format == LtpaMintFormat.DominoLtpaToken)
            {
                cookieName = DominoLtpaToken.CookieName;
                token = Run(() => DominoLtpaToken.Mint(UserName, creation, expiration, dominoSecret!), UserName);
            }
            else
            {
                LtpaKeySet? keys = KeySet ?? fileKeySet;
                if (keys == null)
                {
                    ThrowFailure("KeySetRequired", FailureKind.InvalidArgument,
                        "Minting an LTPA token needs the keys: pipe a key set (Get-LtpaKey / New-LtpaKey) or give -KeySet, or -KeyPath and -KeyPassword of a key file.", null);
                    return;
                }

                string accessId = ParameterSetName == AccessIdSet ? AccessId : RunOrThrow(() => LtpaAccessId.Build(LtpaAccessId.UserType, Realm ?? keys.Realm, UserName), UserName);
                if (Format == LtpaMintFormat.LtpaToken2)
                {
                    cookieName = LtpaToken2.CookieName;
                    token = Run(() => LtpaToken2.Mint(keys, accessId, expiration, Attributes(), Force), accessId);
                }
                else
                {
                    if (Attribute != null)
                    {
                        WriteWarning("-Attribute applies to LtpaToken2 only; WebSphere LtpaToken (version 1) carries only the user.");
                    }

                    cookieName = WebSphereLtpaToken.CookieName;
                    token = Run(() => WebSphereLtpaToken.Mint(keys, accessId, expiration, Force), accessId);
                }

                WriteVerbose($"Minted a {Format} for {accessId} with key set {keys.PublicKeyFingerprint}, valid until {expiration:u}.");
            }

            if (token != null)
            {
                WriteObject(AsCookie ? cookieName + "=" + token : token);
            }
        }

        protected override void EndProcessing()
        {
            ClearDominoSecret();
            base.EndProcessing();
        }

        /// <summary>PowerShell disposes a cmdlet when its pipeline ends, also when it was stopped or failed.</summary>
        public void Dispose()
        {
            ClearDominoSecret();
            keyFiles.Dispose();
        }

        private void ClearDominoSecret()
        {
            if (dominoSecret != null)
            {
                Array.Clear(dominoSecret, 0, dominoSecret.Length);
            }
        }

        private string? Run(Func<string> mint, object target)
        {
            string? result = null;
            TryRun(() => result = mint(), target);
            return result;
        }

        private List<KeyValuePair<string, string>>? Attributes()
        {
            if (Attribute == null)
            {
                return null;
            }

            var list = new List<KeyValuePair<string, string>>();
            foreach (DictionaryEntry entry in Attribute)
            {
                string key = LanguagePrimitives.ConvertTo<string>(entry.Key);
                object? value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
                if (value is IEnumerable many && !(value is string))
                {
                    foreach (object? item in many)
                    {
                        list.Add(new KeyValuePair<string, string>(key, LanguagePrimitives.ConvertTo<string>(item)));
                    }
                }
                else
                {
                    list.Add(new KeyValuePair<string, string>(key, LanguagePrimitives.ConvertTo<string>(value)));
                }
            }

            return list;
        }
    }
}
