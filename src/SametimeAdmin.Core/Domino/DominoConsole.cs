using System;
using System.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Domino
{
    /// <summary>Sends a command to a Domino server's console and returns what the console answered.</summary>
    public interface IDominoConsole : IDisposable
    {
        string Send(string server, string command);
    }

    /// <summary>
    /// The console commands the integration guide asks for, built as they are typed at the Domino console:
    /// <c>restart task http</c> (after servlet, Server document or notes.ini trace changes), <c>restart server</c>
    /// (after Configuration and Web SSO document changes, and to restart Domino-based Sametime, whose services the
    /// server's Sametime add-in starts), <c>replicate &lt;server&gt; names.nsf</c> (guide 3.2 and 3.3).
    /// </summary>
    public static class DominoConsoleCommand
    {
        public const string CmdletName = ModuleCommands.SendDominoConsoleCommand;
        public const string RestartHttpCommand = "restart task http";
        public const string RestartServerCommand = "restart server";

        /// <summary><c>replicate "&lt;server&gt;" &lt;database&gt;</c>; the server name is quoted when it holds spaces.</summary>
        public static string Replicate(string server, string database = "names.nsf")
        {
            string name = CheckPart(server, "replication partner");
            string db = CheckPart(database, "database");
            if (db.Any(char.IsWhiteSpace))
            {
                throw Invalid($"The database path '{database}' contains whitespace; give the path relative to the Domino data directory, for example names.nsf.");
            }

            if (name.IndexOf('"') >= 0)
            {
                throw Invalid($"The server name '{server}' contains a double quote.");
            }

            return "replicate " + (name.Any(char.IsWhiteSpace) ? "\"" + name + "\"" : name) + " " + db;
        }

        /// <summary>A console command given as text: one non-empty line.</summary>
        public static string Check(string command) => CheckPart(command, "console command");

        /// <summary>
        /// Sends <paramref name="command"/> to <paramref name="server"/> after <paramref name="shouldProcess"/> (target,
        /// action) agreed, through the console <paramref name="open"/> gives (called only then, so -WhatIf needs no Notes
        /// client); null when it declined.
        /// </summary>
        public static string? Send(Func<IDominoConsole> open, string server, string command, Func<string, string, bool> shouldProcess)
        {
            _ = open ?? throw new ArgumentNullException(nameof(open));
            _ = shouldProcess ?? throw new ArgumentNullException(nameof(shouldProcess));
            string target = CheckPart(server, "Domino server");
            string text = Check(command);
            return shouldProcess("the Domino server " + target, "Send the console command '" + text + "'") ? open().Send(target, text) : null;
        }

        /// <summary>What to type when the command cannot be sent from here.</summary>
        public static string Instruction(string server, string command) =>
            "On the Domino console of " + CheckPart(server, "Domino server") + " (or Domino Administrator > Server > Console), type: " + Check(command);

        private static string CheckPart(string value, string what)
        {
            string text = (value ?? string.Empty).Trim();
            if (text.Length == 0)
            {
                throw Invalid($"The {what} is empty.");
            }

            if (text.Any(char.IsControl))
            {
                throw Invalid($"The {what} '{value}' contains a line break or control character; one console command is one line.");
            }

            return text;
        }

        private static SametimeAdminException Invalid(string message) =>
            new SametimeAdminException("InvalidConsoleCommand", FailureKind.InvalidArgument, message + " Nothing was sent.");
    }

    /// <summary>
    /// The Domino console through Notes COM (NotesSession.SendConsoleCommand) of an installed Notes or Domino
    /// Administrator client, on Windows; the ID must have remote console rights on the server.
    /// </summary>
    public sealed class NotesComConsole : IDominoConsole
    {
        private object? session;

        public NotesComConsole(byte[]? idPassword = null)
            : this(idPassword, NotesComStore.CreateSession)
        {
        }

        /// <summary>For tests: the session object comes from <paramref name="sessionFactory"/> (any object with the Notes COM members).</summary>
        internal NotesComConsole(byte[]? idPassword, Func<object> sessionFactory)
        {
            session = (sessionFactory ?? throw new ArgumentNullException(nameof(sessionFactory)))();
            NotesComStore.Call(session, "Initialize", "initialize the Notes session",
                idPassword == null ? Array.Empty<object>() : new object[] { System.Text.Encoding.UTF8.GetString(idPassword) });
        }

        public string Send(string server, string command)
        {
            object live = session ?? throw new ObjectDisposedException(nameof(NotesComConsole));
            object? answer = NotesComStore.Call(live, "SendConsoleCommand", "send '" + command + "' to " + server, server, command);
            return Convert.ToString(answer, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        public void Dispose()
        {
            if (session != null && System.Runtime.InteropServices.Marshal.IsComObject(session))
            {
                System.Runtime.InteropServices.Marshal.ReleaseComObject(session);
            }

            session = null;
        }
    }
}
