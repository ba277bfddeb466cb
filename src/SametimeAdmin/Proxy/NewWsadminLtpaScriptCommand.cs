using System;
using System.Management.Automation;
using System.Security;
using SametimeAdmin.Common;
using SametimeAdmin.Proxy;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// New-WsadminLtpaScript: writes the wsadmin Jython that exports or imports the cell's LTPA keys and turns automatic
    /// key generation off. The script runs on the WebSphere host under wsadmin, not here.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "WsadminLtpaScript", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(WsadminLtpaScriptFile))]
    public sealed class NewWsadminLtpaScriptCommand : SametimeCmdlet
    {
        /// <summary>The .py file to write.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter Export { get; set; }

        [Parameter]
        public SwitchParameter Import { get; set; }

        [Parameter]
        public SwitchParameter DisableKeyRegeneration { get; set; }

        /// <summary>The key file's path on the WebSphere host.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? KeyFile { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string KeySetGroup { get; set; } = WsadminLtpaScript.DefaultKeySetGroup;

        /// <summary>Write this key file password into the script in clear (needs -IncludePassword).</summary>
        [Parameter]
        public SecureString? KeyPassword { get; set; }

        [Parameter]
        public SwitchParameter IncludePassword { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string WsadminPath { get; set; } = WsadminLtpaScript.DefaultWsadmin;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? UserName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HostName { get; set; }

        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        /// <summary>The script's path on the WebSphere host, for -f in the command line.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RemoteScriptPath { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            if (IncludePassword != (KeyPassword != null))
            {
                WriteFailure("WsadminScriptInvalid", FailureKind.InvalidArgument,
                    "-KeyPassword and -IncludePassword go together: the password is written into the script in clear only when both are given; nothing was written.", Path,
                    "Leave both out: the script then reads the password from ST_LTPA_KEYS_PASSWORD or asks for it when it runs.");
                return;
            }

            string file = ResolveLiteralPath(Path);
            var request = new WsadminLtpaScriptRequest
            {
                Actions = (Export ? WsadminLtpaAction.Export : WsadminLtpaAction.None) | (Import ? WsadminLtpaAction.Import : WsadminLtpaAction.None) |
                    (DisableKeyRegeneration ? WsadminLtpaAction.DisableKeyRegeneration : WsadminLtpaAction.None),
                KeyFile = KeyFile,
                KeySetGroup = KeySetGroup,
                Wsadmin = WsadminPath,
                UserName = UserName,
                HostName = HostName,
                Port = MyInvocation.BoundParameters.ContainsKey(nameof(Port)) ? Port : (int?)null,
                RemoteScriptPath = RemoteScriptPath,
            };
            byte[]? password = KeyPassword != null ? ToUtf8Bytes(KeyPassword) : null;
            try
            {
                request.Password = password;
                string what = $"Write a wsadmin script ({request.Actions}){(password != null ? " holding the key file password in clear" : string.Empty)}";
                if (!ShouldProcess(file, what))
                {
                    return;
                }

                WsadminLtpaScriptFile? written = null;
                if (TryRun(() => written = WsadminLtpaScript.Write(file, request, Force), file) && written != null)
                {
                    if (written.ContainsPassword)
                    {
                        WriteWarning($"'{written.Path}' holds the LTPA key file password in clear (owner-only): delete it once the script has run.");
                    }

                    WriteObject(written);
                }
            }
            finally
            {
                if (password != null)
                {
                    Array.Clear(password, 0, password.Length);
                }
            }
        }
    }
}
