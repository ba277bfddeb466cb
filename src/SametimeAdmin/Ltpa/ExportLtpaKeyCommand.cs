using System;
using System.Management.Automation;
using System.Security;
using SametimeAdmin.Common;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Writes a key set to a password-protected ltpa.keys file in the layout Liberty writes (new keys when none is
    /// piped in, like securityUtility createLTPAKeys). Refuses to overwrite without -Force; atomic; owner-only on Unix.
    /// </summary>
    [Cmdlet(VerbsData.Export, "LtpaKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LtpaKeySet))]
    public sealed class ExportLtpaKeyCommand : SametimeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("LiteralPath", "PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNull]
        public SecureString Password { get; set; } = new SecureString();

        [Parameter(ValueFromPipeline = true)]
        public LtpaKeySet? KeySet { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Realm { get; set; } = LtpaKeySet.DefaultRealm;

        [Parameter]
        public DateTime? CreationDate { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Backups kept per file or document; the oldest beyond this are deleted (only backups of this module's naming).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int BackupCount { get; set; } = AtomicFile.DefaultBackupCount;

        protected override void BeginProcessing()
        {
            if (Password.Length == 0)
            {
                ThrowFailure("PasswordEmpty", FailureKind.InvalidArgument, "The key file password cannot be empty: the keys would be readable by anyone who gets the file.", null);
            }
        }

        protected override void ProcessRecord()
        {
            string path = RunOrThrow(() => ResolveLiteralPath(Path), Path);
            bool generated = KeySet == null;
            if (KeySet != null && MyInvocation.BoundParameters.ContainsKey(nameof(Realm)))
            {
                WriteWarning("-Realm applies to newly generated keys only; the piped key set keeps its realm.");
            }

            LtpaKeySet? keys = KeySet;
            byte[] password = ToUtf8Bytes(Password);
            try
            {
                // Refusals (an existing file without -Force, a folder) come before the question, so -WhatIf shows them too.
                if (!TryRun(() => LtpaKeyFile.CheckWritable(path, password, Force), path))
                {
                    return;
                }

                string action = generated ? "Create new LTPA keys and write them" : "Write LTPA key set " + KeySet!.PublicKeyFingerprint;
                if (!ShouldProcess(path, action))
                {
                    return;
                }

                if (keys == null)
                {
                    WriteVerbose("No key set was piped in: generating a new one (24-byte shared key, RSA-1024).");
                    keys = RunOrThrow(() => LtpaKeySet.Generate(Realm), path);
                }

                var options = new LtpaKeyFileWriteOptions
                {
                    // New keys are dated now, in local time as Liberty writes; keys that came in keep theirs unless told otherwise.
                    CreationDate = CreationDate.HasValue ? new DateTimeOffset(CreationDate.Value.ToUniversalTime()) : generated ? DateTimeOffset.Now : (DateTimeOffset?)null,
                    Overwrite = Force,
                    BackupCount = BackupCount,
                };
                LtpaKeyFileWriteResult? written = null;
                if (!TryRun(() => written = LtpaKeyFile.Write(path, keys, password, options), path))
                {
                    return;
                }

                foreach (string warning in written!.Warnings)
                {
                    WriteWarning(warning);
                }

                WriteVerbose($"Wrote the LTPA key file '{path}' (readable by its owner only).");
                if (written.BackupPath != null)
                {
                    WriteVerbose($"The previous file was saved as '{written.BackupPath}'.");
                }

                if (PassThru)
                {
                    // Read back from the file: what is passed on is what a server will read.
                    LtpaKeySet? back = null;
                    if (TryRun(() => back = LtpaKeyFile.Read(path, password), path))
                    {
                        WriteObject(back);
                    }
                }
            }
            finally
            {
                Array.Clear(password, 0, password.Length);
                if (generated)
                {
                    keys?.Dispose();
                }
            }
        }
    }
}
