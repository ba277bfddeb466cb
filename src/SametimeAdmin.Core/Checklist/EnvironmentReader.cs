using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Checklist
{
    /// <summary>
    /// Reads an environment description: a JSON file, or the hashtable of a .psd1 file (the cmdlet layer parses
    /// it), with paths relative to the file. Unknown settings are errors that name the setting and the known ones,
    /// so a typo never silently drops a check. Files are not opened here: a missing file becomes a failed check.
    /// </summary>
    public static class EnvironmentReader
    {
        public const string ErrorMissing = "EnvironmentMissing";
        public const string ErrorNotFound = "EnvironmentNotFound";
        public const string ErrorInvalid = "EnvironmentInvalid";
        public const string ErrorUnknownSetting = "EnvironmentUnknownSetting";
        public const string ErrorNotReadable = "EnvironmentNotReadable";

        /// <summary>How a .psd1 environment description is named in messages and errors.</summary>
        public static readonly DataFileKind DataFile = new DataFileKind("The environment description", ErrorInvalid, ErrorNotReadable);

        /// <summary>
        /// The site: the description file <paramref name="path"/> (.json, else a .psd1 read by <paramref name="readDataFile"/>;
        /// null: none) with <paramref name="parameters"/> laid over it. Without a file the parameters alone must name something.
        /// </summary>
        /// <param name="readDataFile">Reads .psd1 files: the description itself and an item map it names (the PowerShell parser lives in the cmdlets).</param>
        public static SsoEnvironment Read(string? path, SsoEnvironment? parameters, DataFileReader readDataFile)
        {
            if (readDataFile == null)
            {
                throw new ArgumentNullException(nameof(readDataFile));
            }

            parameters ??= new SsoEnvironment();
            if (path == null)
            {
                if (parameters.IsEmpty)
                {
                    throw new SametimeAdminException(ErrorMissing, FailureKind.InvalidArgument,
                        "Describe the environment: give -EnvironmentPath (a .psd1 or .json file) or the artefacts as parameters (for example -KeyPath, -INotesSsoDocument, -SametimeIni).")
                    { RecommendedAction = "See examples/lab/environment.psd1 for a complete description." };
                }

                return new SsoEnvironment().Overlay(parameters).WithServerKeys();
            }

            if (!File.Exists(path))
            {
                throw new SametimeAdminException(ErrorNotFound, FailureKind.ObjectNotFound, $"The environment description '{path}' was not found.")
                { RecommendedAction = "Check the path; relative paths are resolved against the current location." };
            }

            IDictionary root = string.Equals(Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase)
                ? ParseJson(ReadText(path), path)
                : readDataFile(path, DataFile);
            return FromDictionary(root, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", path, readDataFile).Overlay(parameters).WithServerKeys();
        }

        private static string ReadText(string path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SametimeAdminException(ErrorNotReadable, FailureKind.ReadError,
                    $"The environment file '{path}' cannot be read: {ex.Message}", ex);
            }
        }

        /// <summary>Turns JSON text into the same dictionary/list shape a .psd1 hashtable has.</summary>
        public static IDictionary ParseJson(string text, string sourceName)
        {
            JToken token;
            try
            {
                token = JToken.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidData,
                    $"The environment file '{sourceName}' is not valid JSON: {ex.Message}", ex)
                { RecommendedAction = "Fix the JSON syntax (a validator or '" + ModuleCommands.Format(ModuleCommands.GetContentRawConvertFromJson, "<file>") + "' shows where it breaks)." };
            }

            if (!(ToPlain(token) is IDictionary root))
            {
                throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidData,
                    $"The environment file '{sourceName}' must hold one JSON object at the top level.");
            }

            return root;
        }

        /// <summary>
        /// Builds the environment from the table of a description. Relative paths are resolved against <paramref name="baseDirectory"/>.
        /// </summary>
        /// <param name="readDataFile">Reads a .psd1 item map named by the ItemMap setting; null: .psd1 maps are refused.</param>
        public static SsoEnvironment FromDictionary(IDictionary root, string baseDirectory, string? sourcePath, DataFileReader? readDataFile = null)
        {
            var top = new Section(root ?? throw new ArgumentNullException(nameof(root)), string.Empty, baseDirectory);
            var env = new SsoEnvironment
            {
                SourcePath = sourcePath,
                Name = top.Text("Name") ?? (sourcePath != null ? Path.GetFileNameWithoutExtension(sourcePath) : new SsoEnvironment().Name),
                ItemMap = ReadItemMap(top, baseDirectory, readDataFile),
                Sso = top.Read("Sso", sso => new SsoExpectations
                {
                    Domain = sso.Text("Domain"),
                    ConfigurationName = sso.Text("ConfigurationName"),
                    ExpirationMinutes = sso.Integer("ExpirationMinutes"),
                    TokenFormat = sso.Text("TokenFormat"),
                    Realm = sso.Text("Realm"),
                }) ?? new SsoExpectations(),
                Proxy = top.Read("Proxy", proxy => new ProxyDescription
                {
                    HostName = proxy.Text("HostName"),
                    Addresses = proxy.TextList("Addresses"),
                    Urls = proxy.TextList("Urls"),
                    LtpaKeys = proxy.FilePath("LtpaKeys"),
                    TraceLogs = proxy.FilePaths("TraceLog"),
                    WimConfig = proxy.FilePath("WimConfig"),
                    AboutThisProfile = proxy.FilePath("AboutThisProfile"),
                    VersionFiles = proxy.FilePaths("VersionFile"),
                }) ?? new ProxyDescription(),
                INotes = top.ReadAll("INotes", section => ReadDominoServer(section, ChecklistServer.INotes)),
                Community = top.ReadAll("Community", section => ReadDominoServer(section, ChecklistServer.Community)),
                Ldap = top.Read("Ldap", ldap => new LdapDescription
                {
                    HostName = ldap.Text("HostName"),
                    Addresses = ldap.TextList("Addresses"),
                    Port = ldap.Integer("Port"),
                    ConsoleLogs = ldap.FilePaths("ConsoleLog"),
                }) ?? new LdapDescription(),
                Client = top.Read("Client", client => new ClientDescription
                {
                    Captures = client.FilePaths("Captures"),
                    WebConsoleLogs = client.FilePaths("WebConsoleLog"),
                    TestUser = client.Text("TestUser"),
                    MailFileUrl = client.Text("MailFileUrl"),
                }) ?? new ClientDescription(),
                Ssc = top.Read("Ssc", ssc => new SscDescription
                {
                    SecurityXml = ssc.FilePath("SecurityXml"),
                    WimConfig = ssc.FilePath("WimConfig"),
                    HostName = ssc.Text("HostName"),
                    Db2HostName = ssc.Text("Db2HostName"),
                    Db2Port = ssc.Integer("Db2Port"),
                }) ?? new SscDescription(),
                Sametime12 = top.Read("Sametime12", st => new Sametime12Description
                {
                    Kind = Sametime12Kind(st.Text("Kind")),
                    HostName = st.Text("HostName"),
                    Folder = st.FilePath("Folder"),
                    ValuesFiles = st.FilePaths("ValuesFiles"),
                    CommunityConfig = st.FilePath("StCommunityConfig"),
                    ContainerLogs = st.FilePath("ContainerLogs"),
                }) ?? new Sametime12Description(),
            };
            top.RejectUnknown();
            return env.WithServerKeys();
        }

        /// <summary>
        /// The site's ItemMap setting: a table of "Document.Field" = "NotesName" pairs, or the path of a .json or .psd1 file
        /// of such pairs (relative to the description), as Get-DominoItemMap shows them.
        /// </summary>
        private static DominoItemMap ReadItemMap(Section top, string baseDirectory, DataFileReader? readDataFile) =>
            ItemMapOverrides.Apply(DominoItemMap.Default, top.Value("ItemMap"), "the environment's ItemMap", file => Section.Resolve(baseDirectory, file),
                readDataFile ?? ((file, _) => throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidData, $"'ItemMap' must be a table or the path of a .json file here, not '{file}'.")));

        private static Sametime12.St12InstallKind? Sametime12Kind(string? text)
        {
            if (text == null)
            {
                return null;
            }

            if (!Enum.TryParse(text, true, out Sametime12.St12InstallKind kind) || !Enum.IsDefined(typeof(Sametime12.St12InstallKind), kind))
            {
                throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidData,
                    $"The environment description is invalid: 'Sametime12.Kind' must be Docker, Kubernetes or Windows, not '{text}'.");
            }

            return kind;
        }

        private static DominoServerDescription ReadDominoServer(Section section, string role)
        {
            bool community = role == ChecklistServer.Community;
            return new DominoServerDescription(role)
            {
                Name = section.Text("Name"),
                HostName = section.Text("HostName"),
                Addresses = section.TextList("Addresses"),
                SsoDocument = section.Document("SsoDocument"),
                ServerDocument = section.Document("ServerDocument"),
                ConfigurationDocument = section.Document("ConfigurationDocument"),
                NotesIni = section.FilePath("NotesIni"),
                ConsoleLogs = section.FilePaths("ConsoleLog"),
                VersionFiles = section.FilePaths("VersionFile"),
                DirectoryAssistanceDocument = section.FilePath("DirectoryAssistanceDocument"),
                SametimeIni = community ? section.FilePath("SametimeIni") : null,
                StConfigDocument = community ? section.Document("StConfigDocument") : null,
                ServletsProperties = community ? null : section.FilePath("ServletsProperties"),
            };
        }

        private static object? ToPlain(JToken token)
        {
            switch (token.Type)
            {
                case JTokenType.Object:
                    var dict = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    foreach (var property in ((JObject)token).Properties())
                    {
                        dict[property.Name] = ToPlain(property.Value);
                    }

                    return dict;
                case JTokenType.Array:
                    return token.Children().Select(ToPlain).ToList();
                case JTokenType.Null:
                case JTokenType.Undefined:
                    return null;
                case JTokenType.Integer:
                    return token.Value<long>();
                case JTokenType.Boolean:
                    return token.Value<bool>();
                default:
                    return token.ToString();
            }
        }

        /// <summary>One level of the description, with case-insensitive keys and a record of the keys read.</summary>
        private sealed class Section
        {
            private readonly Dictionary<string, object?> values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            private readonly HashSet<string> known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            private static readonly char[] ListSeparators = { ';', ',' };
            private readonly string path;
            private readonly string baseDirectory;

            public Section(IDictionary source, string path, string baseDirectory)
            {
                foreach (var pair in source.Pairs())
                {
                    values[pair.Key] = pair.Value;
                }

                this.path = path;
                this.baseDirectory = baseDirectory;
            }

            private string Name(string key) => path.Length == 0 ? key : path + "." + key;

            private object? Get(string key)
            {
                known.Add(key);
                return values.TryGetValue(key, out object? value) ? value : null;
            }

            /// <summary>A value as it is (a table of free-form keys, a path, anything), or null when absent.</summary>
            public object? Value(string key) => Get(key);

            /// <summary>The child table <paramref name="key"/> read by <paramref name="read"/>, its unknown settings refused; null when absent.</summary>
            public T? Read<T>(string key, Func<Section, T> read)
                where T : class
            {
                var child = Child(key);
                if (child == null)
                {
                    return null;
                }

                T value = read(child);
                child.RejectUnknown();
                return value;
            }

            /// <summary>Each table of <paramref name="key"/> (one table, or a list of them) read by <paramref name="read"/>.</summary>
            public List<T> ReadAll<T>(string key, Func<Section, T> read) =>
                Children(key).Select(child =>
                {
                    T value = read(child);
                    child.RejectUnknown();
                    return value;
                }).ToList();

            public string? Text(string key)
            {
                object? value = Get(key);
                switch (value)
                {
                    case null:
                        return null;
                    case string s:
                        return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
                    case IDictionary _:
                    case IList _:
                        throw Invalid($"'{Name(key)}' must be a single value, not a list or a table.");
                    default:
                        return Convert.ToString(value, CultureInfo.InvariantCulture);
                }
            }

            public int? Integer(string key)
            {
                object? value = Get(key);
                if (value == null)
                {
                    return null;
                }

                if (value is IDictionary || value is IList || value is bool ||
                    !int.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out int number))
                {
                    throw Invalid($"'{Name(key)}' must be a whole number, not '{value}'.");
                }

                return number;
            }

            public IReadOnlyList<string> TextList(string key)
            {
                object? value = Get(key);
                if (value == null)
                {
                    return Array.Empty<string>();
                }

                if (value is string single)
                {
                    return single.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
                }

                if (value is IDictionary)
                {
                    throw Invalid($"'{Name(key)}' must be a value or a list of values, not a table.");
                }

                if (value is IEnumerable items)
                {
                    var list = new List<string>();
                    foreach (object? item in items)
                    {
                        if (item is IDictionary || (item is IList && !(item is string)))
                        {
                            throw Invalid($"'{Name(key)}' must be a list of plain values.");
                        }

                        string? text = Convert.ToString(item, CultureInfo.InvariantCulture)?.Trim();
                        if (!string.IsNullOrEmpty(text))
                        {
                            list.Add(text!);
                        }
                    }

                    return list;
                }

                return new[] { Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty };
            }

            public string? FilePath(string key)
            {
                string? text = Text(key);
                return text == null ? null : Resolve(text);
            }

            public string[] FilePaths(string key) => TextList(key).Select(Resolve).ToArray();

            public DocumentLocation? Document(string key) => DocumentLocation.Parse(Text(key), Resolve, Name(key));

            private string Resolve(string value) => Resolve(baseDirectory, value);

            /// <summary>A path of the description made absolute against the description's folder.</summary>
            public static string Resolve(string baseDirectory, string value)
            {
                try
                {
                    return Path.GetFullPath(Path.IsPathRooted(value) ? value : Path.Combine(baseDirectory, value));
                }
                catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
                {
                    throw Invalid($"'{value}' is not a valid path: {ex.Message}");
                }
            }

            private Section? Child(string key)
            {
                object? value = Get(key);
                switch (value)
                {
                    case null:
                        return null;
                    case IDictionary dict:
                        return new Section(dict, Name(key), baseDirectory);
                    default:
                        throw Invalid($"'{Name(key)}' must be a table of settings (@{{ ... }} in .psd1, an object in JSON).");
                }
            }

            private IEnumerable<Section> Children(string key)
            {
                object? value = Get(key);
                switch (value)
                {
                    case null:
                        return Array.Empty<Section>();
                    case IDictionary dict:
                        return new[] { new Section(dict, Name(key), baseDirectory) };
                    case IEnumerable list when !(value is string):
                        var sections = new List<Section>();
                        int index = 0;
                        foreach (object? item in list)
                        {
                            if (!(item is IDictionary itemDict))
                            {
                                throw Invalid($"'{Name(key)}[{index}]' must be a table of settings.");
                            }

                            sections.Add(new Section(itemDict, $"{Name(key)}[{index}]", baseDirectory));
                            index++;
                        }

                        return sections;
                    default:
                        throw Invalid($"'{Name(key)}' must be a table of settings or a list of them.");
                }
            }

            public void RejectUnknown()
            {
                var unknown = values.Keys.Where(k => !known.Contains(k)).OrderBy(k => k, StringComparer.OrdinalIgnoreCase).ToList();
                if (unknown.Count > 0)
                {
                    string where = path.Length == 0 ? "at the top level" : $"in '{path}'";
                    throw new SametimeAdminException(ErrorUnknownSetting, FailureKind.InvalidData,
                        $"The environment description has unknown setting(s) {where}: {string.Join(", ", unknown)}. Known settings there: {string.Join(", ", known.OrderBy(k => k, StringComparer.OrdinalIgnoreCase))}.")
                    { RecommendedAction = "Correct the spelling of the setting (see " + ModuleCommands.InvokeSsoChecklistHelp + ", or examples/lab/environment.psd1)." };
                }
            }

            private static SametimeAdminException Invalid(string message) =>
                new SametimeAdminException(ErrorInvalid, FailureKind.InvalidData, "The environment description is invalid: " + message);
        }
    }
}
