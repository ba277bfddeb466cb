using System;
using System.IO;
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

            if (File.Exists(path) && !Force)
            {
                WriteFailure("KeyFileExists", FailureKind.ResourceExists,
                    $"'{path}' already exists; nothing was written. Servers that use it would lose single sign-on if it were replaced.", path,
                    "Choose another path, or add -Force to replace the file (the old file is kept as a .bak copy beside it).");
                return;
            }

            if (Directory.Exists(path))
            {
                WriteFailure("PathIsDirectory", FailureKind.InvalidArgument, $"'{path}' is a folder; give the path of the key file to write.", path);
                return;
            }

            string action = generated ? "Create new LTPA keys and write them" : "Write LTPA key set " + KeySet!.PublicKeyFingerprint;
            if (!ShouldProcess(path, action))
            {
                return;
            }

            LtpaKeySet? keys = KeySet;
            byte[] password = ToUtf8Bytes(Password);
            try
            {
                if (keys == null)
                {
                    WriteVerbose("No key set was piped in: generating a new one (24-byte shared key, RSA-1024).");
                    keys = RunOrThrow(() => LtpaKeySet.Generate(Realm), path);
                }

                // Keys that came in keep the date they were made unless -CreationDate says otherwise.
                LtpaKeySet source = keys;
                DateTimeOffset now = DateTimeOffset.Now;
                string text = CreationDate.HasValue
                    ? source.ToKeyFileText(password, new DateTimeOffset(CreationDate.Value.ToUniversalTime()), Environment.NewLine)
                    : generated ? source.ToKeyFileText(password, now, Environment.NewLine) : source.ToKeyFileTextKeepingCreationDate(password, now, Environment.NewLine);
                foreach (string warning in OwnerOnlyFile.ExposureWarnings(path))
                {
                    WriteWarning(warning);
                }

                string? backup = null;
                var write = new AtomicWriteOptions { Backup = true, OwnerOnly = true, BackupCount = BackupCount };
                if (!TryRun(() => backup = AtomicFile.Write(path, LatinBytes(text), write), path))
                {
                    return;
                }

                WriteVerbose($"Wrote the LTPA key file '{path}' (readable by its owner only).");
                if (backup != null)
                {
                    WriteVerbose($"The previous file was saved as '{backup}'.");
                }

                if (PassThru)
                {
                    WriteObject(LtpaKeySet.FromKeyFile(text, password, path));
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

        private static byte[] LatinBytes(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                // Properties.store escapes everything outside printable ASCII, so the text is pure ASCII.
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }
    }
}
