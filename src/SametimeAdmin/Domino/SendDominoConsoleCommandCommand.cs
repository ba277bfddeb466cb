using System;
using System.Management.Automation;
using System.Security;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Sends a Domino console command (restart task http, restart server, replicate, or any command) to a server through
    /// Notes COM (NotesSession.SendConsoleCommand) of a Notes or Domino Administrator client on Windows, and writes the
    /// console's answer. Elsewhere, or with -PrintOnly, it writes the exact command to type at the server's console.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "DominoConsoleCommand", DefaultParameterSetName = CommandSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(string))]
    public sealed class SendDominoConsoleCommandCommand : SametimeCmdlet
    {
        private const string CommandSet = "Command";
        private const string RestartHttpSet = "RestartHttp";
        private const string RestartServerSet = "RestartServer";
        private const string ReplicateSet = "Replicate";

        /// <summary>The Domino server the command is sent to (for example CN=inotes1/O=Example).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("NotesServer", "ServerName")]
        [ValidateNotNullOrEmpty]
        public string[] Server { get; set; } = Array.Empty<string>();

        /// <summary>The console command, as typed at the server console.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = CommandSet)]
        [ValidateNotNullOrEmpty]
        public string? Command { get; set; }

        /// <summary>restart task http.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RestartHttpSet)]
        public SwitchParameter RestartHttp { get; set; }

        /// <summary>restart server (also restarts Domino-based Sametime, whose services the server starts).</summary>
        [Parameter(Mandatory = true, ParameterSetName = RestartServerSet)]
        public SwitchParameter RestartServer { get; set; }

        /// <summary>replicate &lt;partner&gt; names.nsf, once per partner.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ReplicateSet)]
        [ValidateNotNullOrEmpty]
        public string[] ReplicateWith { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = ReplicateSet)]
        [ValidateNotNullOrEmpty]
        public string Database { get; set; } = "names.nsf";

        /// <summary>Write the command to type instead of sending it.</summary>
        [Parameter]
        public SwitchParameter PrintOnly { get; set; }

        [Parameter]
        public SecureString? NotesPassword { get; set; }

        private NotesComConsole? console;

        protected override void ProcessRecord()
        {
            string[] commands = RunOrThrow(Commands, Command);
            bool print = PrintOnly || !NotesComStore.IsPlatformSupported;
            if (!PrintOnly && print)
            {
                WriteWarning("Notes COM needs Windows with a Notes or Domino Administrator client: the commands to type at the Domino console follow.");
            }

            foreach (string server in Server)
            {
                foreach (string command in commands)
                {
                    if (print)
                    {
                        TryRun(() => WriteObject(DominoConsoleCommand.Instruction(server, command)), server);
                        continue;
                    }

                    TryRun(() =>
                    {
                        string? answer = DominoConsoleCommand.Send(() => console ??= Open(), server, command, (t, a) => ShouldProcess(t, a));
                        if (answer != null)
                        {
                            WriteObject(answer);
                        }
                    }, server);
                }
            }
        }

        protected override void EndProcessing()
        {
            console?.Dispose();
            console = null;
            base.EndProcessing();
        }

        protected override void StopProcessing()
        {
            console?.Dispose();
            console = null;
            base.StopProcessing();
        }

        private string[] Commands()
        {
            switch (ParameterSetName)
            {
                case RestartHttpSet:
                    return new[] { DominoConsoleCommand.RestartHttpCommand };
                case RestartServerSet:
                    return new[] { DominoConsoleCommand.RestartServerCommand };
                case ReplicateSet:
                    return Array.ConvertAll(ReplicateWith, partner => DominoConsoleCommand.Replicate(partner, Database));
                default:
                    return new[] { DominoConsoleCommand.Check(Command ?? string.Empty) };
            }
        }

        private NotesComConsole Open()
        {
            byte[]? password = NotesPassword == null ? null : ToUtf8Bytes(NotesPassword);
            try
            {
                return new NotesComConsole(password);
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
