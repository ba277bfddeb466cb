using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Sametime12
{
    /// <summary>
    /// A Docker Compose project folder as Compose reads it: the compose file and its override file merged (maps key by
    /// key, a service's environment variable by variable, later file winning), each service's environment made of its
    /// env_file entries and then its environment entries, with ${VAR} and ${VAR:-default} taken from the project's
    /// .env, and a bare "- NAME" entry taking its value from .env.
    /// </summary>
    public sealed class ComposeProject
    {
        /// <summary>The compose file names Compose looks for, in its order of preference.</summary>
        public static readonly string[] ComposeFileNames = { "compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml" };

        /// <summary>The override file names Compose merges automatically.</summary>
        public static readonly string[] OverrideFileNames = { "compose.override.yaml", "compose.override.yml", "docker-compose.override.yml", "docker-compose.override.yaml" };

        private static readonly string[] ServicesPath = { "services" };

        private readonly Dictionary<string, Dictionary<string, St12Variable>> services = new Dictionary<string, Dictionary<string, St12Variable>>(StringComparer.Ordinal);

        private ComposeProject(string folder)
        {
            Folder = folder;
        }

        public string Folder { get; }

        /// <summary>The .env file (null when the folder has none).</summary>
        public DotEnvDocument? DotEnv { get; private set; }

        public string DotEnvPath => Path.Combine(Folder, ".env");

        public string CustomEnvPath => Path.Combine(Folder, "custom.env");

        /// <summary>custom.env (null when the folder has none).</summary>
        public DotEnvDocument? CustomEnv { get; private set; }

        public string? ComposeFile { get; private set; }

        public string? OverrideFile { get; private set; }

        /// <summary>Every file read, in order.</summary>
        public IList<string> FilesRead { get; } = new List<string>();

        /// <summary>The service names of the merged compose files.</summary>
        public IEnumerable<string> ServiceNames => services.Keys;

        /// <summary>Reads the project in <paramref name="folder"/>. Missing files are simply absent; a folder with none of them is an error.</summary>
        public static ComposeProject Read(string folder)
        {
            string full = Path.GetFullPath(folder);
            if (!Directory.Exists(full))
            {
                throw new SametimeAdminException("Sametime12FolderNotFound", FailureKind.ObjectNotFound, $"The folder '{full}' does not exist.");
            }

            var project = new ComposeProject(full);
            project.DotEnv = project.LoadEnv(project.DotEnvPath);
            project.CustomEnv = project.LoadEnv(project.CustomEnvPath);
            project.ComposeFile = FirstExisting(full, ComposeFileNames);
            project.OverrideFile = FirstExisting(full, OverrideFileNames);
            if (project.DotEnv == null && project.CustomEnv == null && project.ComposeFile == null)
            {
                throw new SametimeAdminException("NotASametime12DockerFolder", FailureKind.ObjectNotFound,
                    $"'{full}' holds none of .env, custom.env or docker-compose.yml, so it is not a Sametime 12 Docker/Podman install folder.")
                {
                    RecommendedAction = "Give the folder the Sametime 12 installation package was unpacked in (where 'docker compose up' is run).",
                };
            }

            foreach (string? file in new[] { project.ComposeFile, project.OverrideFile })
            {
                if (file != null)
                {
                    project.MergeComposeFile(file);
                }
            }

            return project;
        }

        /// <summary>The environment of <paramref name="service"/> as the container gets it; empty when there is no such service.</summary>
        public IReadOnlyDictionary<string, St12Variable> Environment(string service) =>
            services.TryGetValue(service, out Dictionary<string, St12Variable>? env) ? env : new Dictionary<string, St12Variable>();

        internal static string? FirstExisting(string folder, IEnumerable<string> names) =>
            names.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);

        internal static DotEnvDocument? ReadEnv(string path)
        {
            byte[]? bytes = AtomicFile.ReadIfExists(path);
            return bytes == null ? null : DotEnvDocument.Parse(bytes, path);
        }

        private DotEnvDocument? LoadEnv(string path)
        {
            DotEnvDocument? document = ReadEnv(path);
            if (document != null)
            {
                FilesRead.Add(path);
            }

            return document;
        }

        private void MergeComposeFile(string file)
        {
            FilesRead.Add(file);
            string name = Path.GetFileName(file);
            if (!(YamlTree.Load(file, "compose file") is YamlMap root) || !YamlTree.TryGet(root, ServicesPath, out object? node) || !(node is YamlMap map))
            {
                return;
            }

            foreach (KeyValuePair<string, object?> service in map)
            {
                if (!services.TryGetValue(service.Key, out Dictionary<string, St12Variable>? env))
                {
                    env = new Dictionary<string, St12Variable>(StringComparer.Ordinal);
                    services[service.Key] = env;
                }

                if (!(service.Value is YamlMap definition))
                {
                    continue;
                }

                if (definition.TryGetValue("env_file", out object? envFiles))
                {
                    foreach (string envFile in EnvFileNames(envFiles))
                    {
                        string envPath = Path.Combine(Folder, envFile);
                        DotEnvDocument? document = string.Equals(Path.GetFullPath(envPath), CustomEnvPath, StringComparison.Ordinal) ? CustomEnv : ReadEnv(envPath);
                        foreach (ConfigEntry entry in document?.Effective() ?? Array.Empty<ConfigEntry>())
                        {
                            env[entry.Name] = new St12Variable(entry.Name, entry.Value, envFile + ":" + entry.LineNumber);
                        }
                    }
                }

                if (definition.TryGetValue("environment", out object? environment))
                {
                    foreach (KeyValuePair<string, string?> pair in EnvironmentEntries(environment))
                    {
                        string? value = pair.Value == null ? DotEnv?.Value(pair.Key) : Interpolate(pair.Value);
                        env[pair.Key] = new St12Variable(pair.Key, value, name + " (" + service.Key + ")");
                    }
                }
            }
        }

        private static IEnumerable<string> EnvFileNames(object? value)
        {
            switch (value)
            {
                case string single:
                    yield return single;
                    break;
                case IList<object?> list:
                    foreach (object? item in list)
                    {
                        // Long syntax: "- path: custom.env" (Compose 2.24 and later).
                        string? path = item is YamlMap entry && entry.TryGetValue("path", out object? p) ? p as string : item as string;
                        if (path != null)
                        {
                            yield return path;
                        }
                    }

                    break;
            }
        }

        /// <summary>"environment" in either form: a list of "NAME=value" / "NAME", or a map (a null value means "from .env").</summary>
        internal static IEnumerable<KeyValuePair<string, string?>> EnvironmentEntries(object? environment)
        {
            if (environment is YamlMap map)
            {
                foreach (KeyValuePair<string, object?> pair in map)
                {
                    yield return new KeyValuePair<string, string?>(pair.Key, YamlTree.AsText(pair.Value));
                }
            }
            else if (environment is IList<object?> list)
            {
                foreach (string item in list.OfType<string>())
                {
                    int equals = item.IndexOf('=');
                    yield return equals < 0
                        ? new KeyValuePair<string, string?>(item.Trim(), null)
                        : new KeyValuePair<string, string?>(item.Substring(0, equals).Trim(), item.Substring(equals + 1));
                }
            }
        }

        /// <summary>Compose's interpolation: $$ is a dollar, $NAME / ${NAME} / ${NAME:-default} / ${NAME-default} come from .env.</summary>
        internal string Interpolate(string value)
        {
            if (value.IndexOf('$') < 0)
            {
                return value;
            }

            var result = new StringBuilder();
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c != '$' || i + 1 >= value.Length)
                {
                    result.Append(c);
                    continue;
                }

                char next = value[i + 1];
                if (next == '$')
                {
                    result.Append('$');
                    i++;
                }
                else if (next == '{')
                {
                    int close = value.IndexOf('}', i + 2);
                    if (close < 0)
                    {
                        result.Append(value, i, value.Length - i);
                        break;
                    }

                    result.Append(Substitute(value.Substring(i + 2, close - i - 2)));
                    i = close;
                }
                else if (next == '_' || char.IsLetter(next))
                {
                    int end = i + 1;
                    while (end < value.Length && (value[end] == '_' || char.IsLetterOrDigit(value[end])))
                    {
                        end++;
                    }

                    result.Append(DotEnv?.Value(value.Substring(i + 1, end - i - 1)) ?? string.Empty);
                    i = end - 1;
                }
                else
                {
                    result.Append(c);
                }
            }

            return result.ToString();
        }

        private string Substitute(string expression)
        {
            int colonDash = expression.IndexOf(":-", StringComparison.Ordinal);
            int dash = expression.IndexOf('-');
            if (colonDash > 0)
            {
                string? set = DotEnv?.Value(expression.Substring(0, colonDash));
                return string.IsNullOrEmpty(set) ? expression.Substring(colonDash + 2) : set!;
            }

            if (dash > 0)
            {
                return DotEnv?.Value(expression.Substring(0, dash)) ?? expression.Substring(dash + 1);
            }

            return DotEnv?.Value(expression) ?? string.Empty;
        }
    }
}
