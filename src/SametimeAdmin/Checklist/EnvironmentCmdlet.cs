using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Language;
using SametimeAdmin.Checklist;
using SametimeAdmin.Common;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Base of the cmdlets that work on a whole SSO site: the environment description file and the
    /// parameters that name single artefacts (they override the file, or describe a site without one).
    /// </summary>
    public abstract class EnvironmentCmdlet : SametimeCmdlet
    {
        /// <summary>A .psd1 or .json environment description; relative paths inside it are relative to the file.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string? EnvironmentPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ProxyUrl { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LtpaKeyPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProxyTraceLog { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? INotesSsoDocument { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SametimeSsoDocument { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StConfigDocument { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SametimeIni { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? INotesNotesIni { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CommunityNotesIni { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ServletsProperties { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? INotesConsoleLog { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CommunityConsoleLog { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? INotesAddress { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SsoDomain { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ConfigurationName { get; set; }

        /// <summary>Item-name overrides (a hashtable, or a .json/.psd1 path), applied over the site's ItemMap setting.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? ItemMap { get; set; }

        public const string ErrorEnvironmentMissing = "EnvironmentMissing";
        public const string ErrorEnvironmentNotFound = "EnvironmentNotFound";

        /// <summary>Reads the environment file (if any) and applies the parameters over it.</summary>
        protected SsoEnvironment LoadEnvironment()
        {
            SsoEnvironment environment = LoadDescription();
            if (ItemMap != null)
            {
                environment.ApplyItemMap(RunOrThrow(() => ItemMapResolver.Resolve(ItemMap, ResolveLiteralPath, environment.ItemMap), ItemMap));
            }

            return environment;
        }

        private SsoEnvironment LoadDescription()
        {
            var overrides = BuildOverrides();
            if (EnvironmentPath == null)
            {
                if (overrides.Count == 0)
                {
                    ThrowFailure(ErrorEnvironmentMissing, FailureKind.InvalidArgument,
                        "Describe the environment: give -EnvironmentPath (a .psd1 or .json file) or the artefacts as parameters (for example -LtpaKeyPath, -INotesSsoDocument, -SametimeIni).",
                        null, "See examples/lab/environment.psd1 for a complete description.");
                }

                return RunOrThrow(() => EnvironmentReader.FromDictionary(null, SessionState.Path.CurrentFileSystemLocation.ProviderPath, null, overrides, ItemMapResolver.ReadDataFile), null);
            }

            string path = ResolveLiteralPath(EnvironmentPath);
            if (!File.Exists(path))
            {
                ThrowFailure(ErrorEnvironmentNotFound, FailureKind.ObjectNotFound, $"The environment description '{path}' was not found.", EnvironmentPath,
                    "Check the path; relative paths are resolved against the current location.");
            }

            if (string.Equals(Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase))
            {
                return RunOrThrow(() => EnvironmentReader.ReadJsonFile(path, overrides), EnvironmentPath);
            }

            IDictionary data = ReadDataFile(path);
            return RunOrThrow(() => EnvironmentReader.FromDictionary(data, Path.GetDirectoryName(path) ?? ".", path, overrides, ItemMapResolver.ReadDataFile), EnvironmentPath);
        }

        /// <summary>Parses a .psd1 file the way Import-PowerShellDataFile does: constant values only, nothing runs.</summary>
        private IDictionary ReadDataFile(string path)
        {
            var ast = Parser.ParseFile(path, out _, out ParseError[] errors);
            if (errors != null && errors.Length > 0)
            {
                var first = errors[0];
                ThrowFailure(EnvironmentReader.ErrorInvalid, FailureKind.InvalidData,
                    $"The environment description '{path}' does not parse (line {first.Extent.StartLineNumber}): {first.Message}", EnvironmentPath);
            }

            if (!(ast.Find(a => a is HashtableAst, false) is HashtableAst table))
            {
                ThrowFailure(EnvironmentReader.ErrorInvalid, FailureKind.InvalidData,
                    $"The environment description '{path}' must contain one hashtable (@{{ ... }}).", EnvironmentPath);
                throw new InvalidOperationException(); // unreachable
            }

            try
            {
                return (IDictionary)table.SafeGetValue();
            }
            catch (InvalidOperationException ex)
            {
                ThrowFailure(EnvironmentReader.ErrorInvalid, FailureKind.InvalidData,
                    $"The environment description '{path}' may contain only constant values (text, numbers, lists, tables): {ex.Message}", EnvironmentPath);
                throw; // unreachable
            }
        }

        private Hashtable BuildOverrides()
        {
            var top = new Hashtable(StringComparer.OrdinalIgnoreCase);
            var sso = new Hashtable(StringComparer.OrdinalIgnoreCase);
            var proxy = new Hashtable(StringComparer.OrdinalIgnoreCase);
            var inotes = new Hashtable(StringComparer.OrdinalIgnoreCase);
            var community = new Hashtable(StringComparer.OrdinalIgnoreCase);

            Set(sso, "Domain", SsoDomain);
            Set(sso, "ConfigurationName", ConfigurationName);
            if (ProxyUrl != null)
            {
                proxy["Urls"] = ProxyUrl;
            }

            Set(proxy, "LtpaKeys", FullPath(LtpaKeyPath));
            Set(proxy, "TraceLog", FullPath(ProxyTraceLog));
            Set(inotes, "SsoDocument", Document(INotesSsoDocument));
            Set(inotes, "NotesIni", FullPath(INotesNotesIni));
            Set(inotes, "ServletsProperties", FullPath(ServletsProperties));
            Set(inotes, "ConsoleLog", FullPath(INotesConsoleLog));
            if (INotesAddress != null)
            {
                inotes["Addresses"] = INotesAddress;
            }

            Set(community, "SsoDocument", Document(SametimeSsoDocument));
            Set(community, "StConfigDocument", Document(StConfigDocument));
            Set(community, "SametimeIni", FullPath(SametimeIni));
            Set(community, "NotesIni", FullPath(CommunityNotesIni));
            Set(community, "ConsoleLog", FullPath(CommunityConsoleLog));

            foreach (var (key, section) in new[] { ("Sso", sso), ("Proxy", proxy), ("INotes", inotes), ("Community", community) })
            {
                if (section.Count > 0)
                {
                    top[key] = section;
                }
            }

            AddOverrides(top);
            return top;
        }

        /// <summary>Lets a derived cmdlet add its own settings to the overrides.</summary>
        protected virtual void AddOverrides(Hashtable settings)
        {
        }

        private static void Set(Hashtable table, string key, string? value)
        {
            if (value != null)
            {
                table[key] = value;
            }
        }

        private string? FullPath(string? path) => path == null ? null : ResolveLiteralPath(path);

        private string? Document(string? value)
        {
            if (value == null)
            {
                return null;
            }

            return value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                ? value
                : ResolveLiteralPath(value);
        }

        /// <summary>The module version, for reports and manifests.</summary>
        protected static string ModuleVersion => typeof(EnvironmentCmdlet).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        /// <summary>The options the environment file cannot hold (secrets, switches).</summary>
        protected ChecklistOptions NewOptions(bool offline, byte[]? keyPassword, PSCredential? credential, bool skipCertificateCheck, int timeoutSeconds) =>
            new ChecklistOptions
            {
                Warn = WriteWarning,
                Offline = offline,
                LtpaKeyPassword = keyPassword,
                DasUserName = credential?.UserName,
                DasPassword = credential?.Password,
                SkipCertificateCheck = skipCertificateCheck,
                Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            };

        /// <summary>Runs the checklist and returns every result (used where results are not streamed).</summary>
        protected static List<CheckResult> RunChecklist(SsoEnvironment env, ChecklistOptions options)
        {
            using (var context = new ChecklistContext(env, options))
            {
                return new List<CheckResult>(new ChecklistRunner().Run(context));
            }
        }
    }
}
