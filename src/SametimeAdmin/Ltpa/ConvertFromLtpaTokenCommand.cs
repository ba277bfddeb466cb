using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using SametimeAdmin.Common;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Commands
{
    /// <summary>Shared by ConvertFrom-LtpaToken and Test-LtpaToken: token input, keys, Domino secret, evaluation options.</summary>
    public abstract class LtpaTokenReaderCmdlet : SametimeCmdlet, IDisposable
    {
        private readonly LtpaKeyFiles keyFiles = new LtpaKeyFiles();
        private LtpaTokenReader? reader;
        private byte[]? dominoSecret;

        /// <summary>Token values, cookies or headers: strings (what New-LtpaToken emits) or SecureStrings.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [TokenTextArgument]
        [AllowEmptyString]
        public string[] Token { get; set; } = Array.Empty<string>();

        [Parameter]
        public LtpaKeySet[]? KeySet { get; set; }

        /// <summary>ltpa.keys files to check against (wildcards allowed); -Path is the former name.</summary>
        [Parameter]
        [Alias("Path")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? KeyPath { get; set; }

        /// <summary>The password of the -KeyPath files; -Password is the former name.</summary>
        [Parameter]
        [Alias("Password")]
        public SecureString? KeyPassword { get; set; }

        [Parameter]
        public SecureString? DominoSecret { get; set; }

        [Parameter]
        public SwitchParameter Strict { get; set; }

        [Parameter]
        public TimeSpan ExpirationDifferenceAllowed { get; set; } = LtpaValidationOptions.DefaultMaxExpirationDifference;

        [Parameter]
        public DateTime? At { get; set; }

        [Parameter]
        public TimeSpan ClockSkew { get; set; } = TimeSpan.Zero;

        protected override void BeginProcessing()
        {
            var keySets = new List<LtpaKeySet>();
            if (KeySet != null)
            {
                foreach (LtpaKeySet keys in KeySet)
                {
                    if (keys != null)
                    {
                        keySets.Add(keys);
                    }
                }
            }

            if (KeyPath != null)
            {
                RunOrThrow(() => LtpaKeyFiles.RequirePassword(KeyPassword), null);
                foreach (string pattern in KeyPath)
                {
                    foreach (string path in ResolvePaths(pattern, false))
                    {
                        keySets.Add(RunOrThrow(() => keyFiles.Read(path, KeyPassword, WriteVerbose), path));
                    }
                }
            }

            dominoSecret = RunOrThrow(() => LtpaKeyFiles.DominoSecret(DominoSecret), null);
            if (keySets.Count == 0 && dominoSecret == null)
            {
                ThrowFailure("KeySetRequired", FailureKind.InvalidArgument,
                    "Checking tokens needs keys: give -KeySet, or -KeyPath and -KeyPassword of the ltpa.keys file, and/or -DominoSecret for Domino-style tokens.", null);
            }

            var options = new LtpaValidationOptions
            {
                Now = At.HasValue ? new DateTimeOffset(At.Value.ToUniversalTime()) : (DateTimeOffset?)null,
                ClockSkew = ClockSkew,
                LibertyStrict = Strict,
                MaxExpirationDifference = ExpirationDifferenceAllowed < TimeSpan.Zero ? (TimeSpan?)null : ExpirationDifferenceAllowed,
            };
            reader = new LtpaTokenReader(keySets, dominoSecret, options);
        }

        protected override void ProcessRecord()
        {
            foreach (string input in Token)
            {
                IReadOnlyList<LtpaTokenText> tokens = LtpaTokenReader.Extract(input ?? string.Empty);
                if (tokens.Count == 0)
                {
                    WriteWarning("The input holds no LtpaToken2 or LtpaToken cookie; it was skipped.");
                    continue;
                }

                foreach (LtpaTokenText token in tokens)
                {
                    LtpaTokenInfo? info = null;
                    if (TryRun(() => info = reader!.Decode(token), token.CookieName ?? "token"))
                    {
                        WriteVerbose($"{info!.TokenFingerprint}: {info.Format} {info.Verdict}.");
                        WriteResult(info);
                    }
                }
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
            GC.SuppressFinalize(this);
        }

        private void ClearDominoSecret()
        {
            if (dominoSecret != null)
            {
                Array.Clear(dominoSecret, 0, dominoSecret.Length);
            }
        }

        protected abstract void WriteResult(LtpaTokenInfo info);
    }

    /// <summary>Decrypts and verifies LTPA tokens from cookies, headers and traces: one object with the verdict per token.</summary>
    [Cmdlet(VerbsData.ConvertFrom, "LtpaToken")]
    [OutputType(typeof(LtpaTokenInfo))]
    public sealed class ConvertFromLtpaTokenCommand : LtpaTokenReaderCmdlet
    {
        protected override void WriteResult(LtpaTokenInfo info) => WriteObject(info);
    }

    /// <summary>True when a token is valid for these keys now (or at -At); -Detailed gives the full result.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "LtpaToken")]
    [OutputType(typeof(bool), typeof(LtpaTokenInfo))]
    public sealed class TestLtpaTokenCommand : LtpaTokenReaderCmdlet
    {
        [Parameter]
        public SwitchParameter Detailed { get; set; }

        protected override void WriteResult(LtpaTokenInfo info)
        {
            if (Detailed)
            {
                WriteObject(info);
                return;
            }

            if (!info.IsValid)
            {
                WriteVerbose($"{info.TokenFingerprint} is not valid: {info.Reason}");
            }

            WriteObject(info.IsValid);
        }
    }
}
