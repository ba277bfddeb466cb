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
        public const string ErrorInvalid = "EnvironmentInvalid";
        public const string ErrorUnknownSetting = "EnvironmentUnknownSetting";
        public const string ErrorNotReadable = "EnvironmentNotReadable";

        /// <summary>Reads a JSON environment file.</summary>
        public static SsoEnvironment ReadJsonFile(string path, IDictionary? overrides = null)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SametimeAdminException(ErrorNotReadable, FailureKind.ReadError,
                    $"The environment file '{path}' cannot be read: {ex.Message}", ex);
            }

            return FromDictionary(ParseJson(text, path), Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", path, overrides);
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
                { RecommendedAction = "Fix the JSON syntax (a validator or 'Get-Content <file> -Raw | ConvertFrom-Json' shows where it breaks)." };
            }

            if (!(ToPlain(token) is IDictionary root))
            {
                throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidData,
                    $"The environment file '{sourceName}' must hold one JSON object at the top level.");
            }

            return root;
        }

        /// <summary>
        /// Builds the environment from a dictionary. Relative paths are resolved against <paramref name="baseDirectory"/>.
        /// Settings in <paramref name="overrides"/> (same shape, absolute paths) replace those of the file.
        /// </summary>
        /// <param name="readDataFile">Reads a .psd1 item map named by the ItemMap setting (the PowerShell parser lives in the cmdlets); null: .psd1 maps are refused.</param>
        public static SsoEnvironment FromDictionary(IDictionary? root, string baseDirectory, string? sourcePath, IDictionary? overrides = null, Func<string, IDictionary>? readDataFile = null)
        {
            var merged = Merge(root ?? new Hashtable(), overrides);
            var env = new SsoEnvironment { SourcePath = sourcePath };
            var top = new Section(merged, string.Empty, baseDirectory);

            env.Name = top.Text("Name") ?? (sourcePath != null ? Path.GetFileNameWithoutExtension(sourcePath) : env.Name);
            env.ApplyItemMap(ReadItemMap(top, readDataFile));

            if (top.Child("Sso") is Section sso)
            {
                env.Sso.Domain = sso.Text("Domain");
                env.Sso.ConfigurationName = sso.Text("ConfigurationName");
                env.Sso.ExpirationMinutes = sso.Integer("ExpirationMinutes");
                env.Sso.TokenFormat = sso.Text("TokenFormat");
                env.Sso.Realm = sso.Text("Realm");
                sso.RejectUnknown();
            }

            if (top.Child("Proxy") is Section proxy)
            {
                env.Proxy.HostName = proxy.Text("HostName");
                AddAll(env.Proxy.Addresses, proxy.TextList("Addresses"));
                AddAll(env.Proxy.Urls, proxy.TextList("Urls"));
                env.Proxy.LtpaKeys = proxy.FilePath("LtpaKeys");
                AddAll(env.Proxy.TraceLogs, proxy.FilePaths("TraceLog"));
                proxy.RejectUnknown();
            }

            foreach (var section in top.Children("INotes"))
            {
                env.INotes.Add(ReadDominoServer(section, ChecklistServer.INotes));
            }

            foreach (var section in top.Children("Community"))
            {
                env.Community.Add(ReadDominoServer(section, ChecklistServer.Community));
            }

            foreach (var servers in new[] { env.INotes, env.Community })
            {
                for (int i = 0; i < servers.Count; i++)
                {
                    servers[i].Key = servers.Count == 1 ? servers[i].Role : servers[i].Role + (i + 1).ToString(CultureInfo.InvariantCulture);
                }
            }

            if (top.Child("Ldap") is Section ldap)
            {
                env.Ldap.HostName = ldap.Text("HostName");
                AddAll(env.Ldap.Addresses, ldap.TextList("Addresses"));
                env.Ldap.Port = ldap.Integer("Port");
                AddAll(env.Ldap.ConsoleLogs, ldap.FilePaths("ConsoleLog"));
                ldap.RejectUnknown();
            }

            if (top.Child("Client") is Section client)
            {
                AddAll(env.Client.Captures, client.FilePaths("Captures"));
                AddAll(env.Client.WebConsoleLogs, client.FilePaths("WebConsoleLog"));
                env.Client.TestUser = client.Text("TestUser");
                client.RejectUnknown();
            }

            if (top.Child("Ssc") is Section ssc)
            {
                env.Ssc.SecurityXml = ssc.FilePath("SecurityXml");
                ssc.RejectUnknown();
            }

            top.RejectUnknown();
            return env;
        }

        /// <summary>
        /// The site's ItemMap setting: a table of "Document.Field" = "NotesName" pairs, or the path of a .json or .psd1 file
        /// of such pairs (relative to the description), as Get-DominoItemMap shows them.
        /// </summary>
        private static DominoItemMap ReadItemMap(Section top, Func<string, IDictionary>? readDataFile)
        {
            if (top.Table("ItemMap") is IDictionary table)
            {
                return DominoItemMap.Default.WithOverrides(table, "the environment's ItemMap");
            }

            string? file = top.FilePath("ItemMap");
            if (file == null)
            {
                return DominoItemMap.Default;
            }

            if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                return DominoItemMap.Default.WithOverridesFromJson(file);
            }

            if (file.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase) && readDataFile != null)
            {
                return DominoItemMap.Default.WithOverrides(readDataFile(file), "'" + file + "'");
            }

            throw new SametimeAdminException(ErrorInvalid, FailureKind.InvalidData,
                $"'ItemMap' must be a table of \"Document.Field\" = \"NotesName\" pairs or the path of a .json{(readDataFile != null ? " or .psd1" : string.Empty)} file, not '{file}'.");
        }

        private static DominoServerDescription ReadDominoServer(Section section, string role)
        {
            var server = new DominoServerDescription(role)
            {
                Name = section.Text("Name"),
                HostName = section.Text("HostName"),
                SsoDocument = section.Document("SsoDocument"),
                ServerDocument = section.Document("ServerDocument"),
                ConfigurationDocument = section.Document("ConfigurationDocument"),
                NotesIni = section.FilePath("NotesIni"),
            };
            AddAll(server.Addresses, section.TextList("Addresses"));
            AddAll(server.ConsoleLogs, section.FilePaths("ConsoleLog"));
            if (role == ChecklistServer.Community)
            {
                server.SametimeIni = section.FilePath("SametimeIni");
                server.StConfigDocument = section.Document("StConfigDocument");
            }
            else
            {
                server.ServletsProperties = section.FilePath("ServletsProperties");
            }

            section.RejectUnknown();
            return server;
        }

        private static void AddAll(IList<string> target, IEnumerable<string> values)
        {
            foreach (var value in values)
            {
                target.Add(value);
            }
        }

        /// <summary>Deep merge: dictionaries merge key by key; any other override value replaces the original.</summary>
        internal static IDictionary Merge(IDictionary original, IDictionary? overrides)
        {
            var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in original)
            {
                result[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = entry.Value;
            }

            if (overrides == null)
            {
                return result;
            }

            foreach (DictionaryEntry entry in overrides)
            {
                string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                result.TryGetValue(key, out object? existing);
                if (entry.Value is IDictionary overrideSection)
                {
                    // A list of servers takes the override on its first server.
                    if (existing is IList list && !(existing is string) && list.Count > 0 && list[0] is IDictionary first)
                    {
                        var copy = list.Cast<object?>().ToList();
                        copy[0] = Merge(first, overrideSection);
                        result[key] = copy;
                    }
                    else
                    {
                        result[key] = Merge(existing as IDictionary ?? new Hashtable(), overrideSection);
                    }
                }
                else
                {
                    result[key] = entry.Value;
                }
            }

            return result;
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
                foreach (DictionaryEntry entry in source)
                {
                    values[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = entry.Value;
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

            public IEnumerable<string> TextList(string key)
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

            public DocumentLocation? Document(string key)
            {
                string? text = Text(key);
                if (text == null)
                {
                    return null;
                }

                if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                {
                    if (!Uri.TryCreate(text, UriKind.Absolute, out _))
                    {
                        throw Invalid($"'{Name(key)}' is not a valid URL: '{text}'.");
                    }

                    return new DocumentLocation(text, true);
                }

                return new DocumentLocation(Resolve(text), false);
            }

            private string Resolve(string value)
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

            /// <summary>A table value as it is (a map of free-form keys), or null when the setting is absent or not a table.</summary>
            public IDictionary? Table(string key) => Get(key) as IDictionary;

            public Section? Child(string key)
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

            public IEnumerable<Section> Children(string key)
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
                    { RecommendedAction = "Correct the spelling of the setting (see Get-Help Invoke-SsoChecklist -Full, or examples/lab/environment.psd1)." };
                }
            }

            private static SametimeAdminException Invalid(string message) =>
                new SametimeAdminException(ErrorInvalid, FailureKind.InvalidData, "The environment description is invalid: " + message);
        }
    }
}
