using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using SametimeAdmin.Common;

namespace SametimeAdmin.Proxy
{
    /// <summary>What a wsadmin script of <see cref="WsadminLtpaScript"/> does, in the order it does it.</summary>
    [Flags]
    public enum WsadminLtpaAction
    {
        None = 0,

        /// <summary>Turns "Automatically generate keys" off for the LTPA key set group (AdminConfig.modify autoGenerate false).</summary>
        DisableKeyRegeneration = 1,

        /// <summary>AdminTask.importLTPAKeys: the keys of a file become the cell's current LTPA keys.</summary>
        Import = 2,

        /// <summary>AdminTask.exportLTPAKeys: the cell's current LTPA keys are written to a file.</summary>
        Export = 4,
    }

    /// <summary>What to put in a wsadmin Jython script for the cell's LTPA keys.</summary>
    public sealed class WsadminLtpaScriptRequest
    {
        public WsadminLtpaAction Actions { get; set; }

        /// <summary>The key file on the WebSphere host (written by Export, read by Import).</summary>
        public string? KeyFile { get; set; }

        /// <summary>The LTPA key set group whose automatic generation is turned off.</summary>
        public string KeySetGroup { get; set; } = WsadminLtpaScript.DefaultKeySetGroup;

        /// <summary>
        /// UTF-8 bytes of the key file password to write into the script in clear; null (the default) makes the script
        /// read it from ST_LTPA_KEYS_PASSWORD or ask for it. The caller clears the array.
        /// </summary>
#pragma warning disable CA1819 // A secret buffer the caller must be able to clear, not a copy.
        public byte[]? Password { get; set; }
#pragma warning restore CA1819

        /// <summary>wsadmin on the WebSphere host (the profile's bin/wsadmin.sh or wsadmin.bat).</summary>
        public string Wsadmin { get; set; } = WsadminLtpaScript.DefaultWsadmin;

        /// <summary>The WebSphere administrator for -user; a placeholder when not given.</summary>
        public string? UserName { get; set; }

        /// <summary>SOAP connector host and port for -host/-port; left out when not given (wsadmin uses the profile's own).</summary>
        public string? HostName { get; set; }

        public int? Port { get; set; }

        /// <summary>Where the script will be on the WebSphere host, for -f; the file name of the written script when not given.</summary>
        public string? RemoteScriptPath { get; set; }
    }

    /// <summary>A written wsadmin script and how to run it.</summary>
    public sealed class WsadminLtpaScriptFile
    {
        internal WsadminLtpaScriptFile(string path, WsadminLtpaAction actions, string? keyFile, string keySetGroup, bool containsPassword, string commandLine)
        {
            Path = path;
            Actions = actions;
            KeyFile = keyFile;
            KeySetGroup = keySetGroup;
            ContainsPassword = containsPassword;
            CommandLine = commandLine;
        }

        public string Path { get; }

        public WsadminLtpaAction Actions { get; }

        public string? KeyFile { get; }

        public string KeySetGroup { get; }

        /// <summary>The key file password is in the script in clear (-IncludePassword).</summary>
        public bool ContainsPassword { get; }

        /// <summary>The wsadmin command line to run on the WebSphere host (never with -password).</summary>
        public string CommandLine { get; }
    }

    /// <summary>
    /// Writes the wsadmin Jython that does guide 3.1's console steps (export of the cell's LTPA keys) and its
    /// companions (import, automatic key generation off) on a live cell. It runs only on the WebSphere host, under
    /// wsadmin; here it is only written. AdminTask parameters as IBM documents them in the LTPACommandGroup command
    /// group: importLTPAKeys and exportLTPAKeys, each with -ltpaKeyFile and -password.
    /// </summary>
    public static class WsadminLtpaScript
    {
        public const string DefaultKeySetGroup = "CellLTPAKeySetGroup";
        public const string DefaultWsadmin = "<profile_root>/bin/wsadmin.sh";
        public const string PasswordVariable = "ST_LTPA_KEYS_PASSWORD";
        public const string ErrorInvalid = "WsadminScriptInvalid";

        /// <summary>The script text (Jython 2.1 syntax, as the wsadmin of WebSphere 8.5 runs by default).</summary>
        public static string Build(WsadminLtpaScriptRequest request, string scriptPath)
        {
            Validate(request);
            var nl = "\n";
            var sb = new StringBuilder();
            sb.Append("# wsadmin Jython written by SametimeAdmin " + ModuleCommands.NewWsadminLtpaScript + " on ")
              .Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('.').Append(nl);
            sb.Append("# Actions: ").Append(request.Actions.ToString()).Append('.').Append(nl);
            sb.Append("# Run it on the WebSphere host of the Sametime System Console (the Deployment Manager profile):").Append(nl);
            sb.Append("#   ").Append(CommandLine(request, scriptPath)).Append(nl);
            sb.Append("# wsadmin asks for the administrator's password (com.ibm.SOAP.loginSource=stdin in the profile's").Append(nl);
            sb.Append("# properties/soap.client.props) or takes it from soap.client.props; never put it on the command line.").Append(nl);
            bool includes = request.Password != null;
            bool needsKeys = (request.Actions & (WsadminLtpaAction.Import | WsadminLtpaAction.Export)) != 0;
            if (needsKeys && includes)
            {
                sb.Append("# This file holds the LTPA key file password in clear: keep it owner-only and delete it after use.").Append(nl);
            }
            else if (needsKeys)
            {
                sb.Append("# The LTPA key file password is read from ").Append(PasswordVariable).Append(" or asked for; it is not in this file.").Append(nl);
            }

            sb.Append("import sys").Append(nl);
            sb.Append("import java.lang.System as System").Append(nl);
            sb.Append("import java.lang.String as String").Append(nl).Append(nl);
            if (needsKeys)
            {
                sb.Append("keyFile = ").Append(Literal(request.KeyFile!)).Append(nl);
            }

            if ((request.Actions & WsadminLtpaAction.DisableKeyRegeneration) != 0)
            {
                sb.Append("keySetGroup = ").Append(Literal(request.KeySetGroup)).Append(nl);
            }

            sb.Append(nl);
            if (needsKeys)
            {
                if (includes)
                {
                    sb.Append("password = ").Append(Literal(Encoding.UTF8.GetString(request.Password!))).Append(nl);
                }
                else
                {
                    sb.Append("def keyPassword():").Append(nl);
                    sb.Append("    value = System.getenv('").Append(PasswordVariable).Append("')").Append(nl);
                    sb.Append("    if value:").Append(nl);
                    sb.Append("        return value").Append(nl);
                    sb.Append("    console = System.console()").Append(nl);
                    sb.Append("    if console is None:").Append(nl);
                    sb.Append("        print 'Set ").Append(PasswordVariable).Append(" or run wsadmin from a terminal: the LTPA key file password is needed.'").Append(nl);
                    sb.Append("        sys.exit(1)").Append(nl);
                    sb.Append("    return String(console.readPassword('LTPA key file password: '))").Append(nl).Append(nl);
                    sb.Append("password = keyPassword()").Append(nl);
                }
            }

            if ((request.Actions & WsadminLtpaAction.DisableKeyRegeneration) != 0)
            {
                // AdminConfig on the KeySetGroup object: the autoGenerate attribute of security.xml's keySetGroups.
                sb.Append("found = 0").Append(nl);
                sb.Append("for group in AdminConfig.list('KeySetGroup').splitlines():").Append(nl);
                sb.Append("    if AdminConfig.showAttribute(group, 'name') == keySetGroup:").Append(nl);
                sb.Append("        AdminConfig.modify(group, [['autoGenerate', 'false']])").Append(nl);
                sb.Append("        found = 1").Append(nl);
                sb.Append("if not found:").Append(nl);
                sb.Append("    print 'No key set group named ' + keySetGroup + '; nothing was changed.'").Append(nl);
                sb.Append("    sys.exit(1)").Append(nl);
                sb.Append("print 'Automatic key generation is off for ' + keySetGroup + '.'").Append(nl);
            }

            if ((request.Actions & WsadminLtpaAction.Import) != 0)
            {
                sb.Append("AdminTask.importLTPAKeys(['-ltpaKeyFile', keyFile, '-password', password])").Append(nl);
                sb.Append("print 'Imported the LTPA keys of ' + keyFile + '.'").Append(nl);
            }

            if ((request.Actions & WsadminLtpaAction.Export) != 0)
            {
                sb.Append("AdminTask.exportLTPAKeys(['-ltpaKeyFile', keyFile, '-password', password])").Append(nl);
                sb.Append("print 'Exported the LTPA keys to ' + keyFile + ': import them into every Web SSO document (" + ModuleCommands.ImportLtpaKeyToSsoDoc + ").'").Append(nl);
            }

            if ((request.Actions & (WsadminLtpaAction.Import | WsadminLtpaAction.DisableKeyRegeneration)) != 0)
            {
                sb.Append("AdminConfig.save()").Append(nl);
                sb.Append("print 'Saved to the master configuration; synchronize the nodes and restart the servers of the cell.'").Append(nl);
            }

            return sb.ToString();
        }

        /// <summary>The command line for the WebSphere host: no -password, the administrator's password comes from soap.client.props or a prompt.</summary>
        public static string CommandLine(WsadminLtpaScriptRequest request, string scriptPath)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var parts = new List<string> { Arg(request.Wsadmin), "-lang", "jython" };
            if (request.HostName != null)
            {
                parts.AddRange(new[] { "-conntype", "SOAP", "-host", Arg(request.HostName) });
                if (request.Port != null)
                {
                    parts.AddRange(new[] { "-port", request.Port.Value.ToString(CultureInfo.InvariantCulture) });
                }
            }

            parts.AddRange(new[] { "-user", Arg(request.UserName ?? "<admin_user>"), "-f", Arg(request.RemoteScriptPath ?? Path.GetFileName(scriptPath)) });
            return string.Join(" ", parts);
        }

        /// <summary>Writes the script, owner-only from creation; refuses an existing file unless <paramref name="overwrite"/>.</summary>
        public static WsadminLtpaScriptFile Write(string path, WsadminLtpaScriptRequest request, bool overwrite)
        {
            string fullPath = Path.GetFullPath(path);
            string text = Build(request, fullPath);
            if (File.Exists(fullPath) && !overwrite)
            {
                throw new SametimeAdminException("WsadminScriptExists", FailureKind.ResourceExists, $"'{fullPath}' already exists; nothing was written.")
                {
                    RecommendedAction = "Choose another -Path, or add -Force to replace it.",
                };
            }

            AtomicFile.Write(fullPath, new UTF8Encoding(false).GetBytes(text), new AtomicWriteOptions { Backup = File.Exists(fullPath), OwnerOnly = true });
            return new WsadminLtpaScriptFile(fullPath, request.Actions, request.KeyFile, request.KeySetGroup, request.Password != null, CommandLine(request, fullPath));
        }

        private static void Validate(WsadminLtpaScriptRequest request)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (request.Actions == WsadminLtpaAction.None)
            {
                throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidArgument, "Nothing to do: choose -Export, -Import and/or -DisableKeyRegeneration; nothing was written.");
            }

            if ((request.Actions & (WsadminLtpaAction.Import | WsadminLtpaAction.Export)) != 0 && string.IsNullOrWhiteSpace(request.KeyFile))
            {
                throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidArgument,
                    "-Export and -Import need -KeyFile, the key file's path on the WebSphere host; nothing was written.");
            }

            if ((request.Actions & WsadminLtpaAction.Import) != 0 && (request.Actions & WsadminLtpaAction.Export) != 0)
            {
                throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidArgument,
                    "-Import and -Export in one script would export the keys just imported over the file they came from; write two scripts. Nothing was written.");
            }
        }

        /// <summary>A Jython string literal: ASCII with escapes (a unicode literal when the text is not ASCII).</summary>
        private static string Literal(string value)
        {
            var sb = new StringBuilder();
            bool unicode = value.Any(c => c > 126);
            sb.Append(unicode ? "u'" : "'");
            foreach (char c in value)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '\'': sb.Append("\\'"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 32 || c > 126)
                        {
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(c);
                        }

                        break;
                }
            }

            return sb.Append('\'').ToString();
        }

        /// <summary>A shell word: quoted when it has spaces or shell characters.</summary>
        private static string Arg(string value) =>
            value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || "/\\._-:<>=@".IndexOf(c) >= 0)
                ? value : "'" + value.Replace("'", "'\\''") + "'";
    }
}
