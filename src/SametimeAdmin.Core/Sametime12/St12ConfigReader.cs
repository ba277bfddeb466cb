using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using SametimeAdmin.Ltpa;
using SametimeAdmin.MustGather;

namespace SametimeAdmin.Sametime12
{
    /// <summary>Options of the Sametime 12 readers.</summary>
    public sealed class St12ReadOptions
    {
        /// <summary>The ltpa.keys password as UTF-8 bytes (-KeyPassword); used instead of the configuration's. The caller clears it.</summary>
        public byte[]? KeyPassword { get; set; }

        public St12NameMap Names { get; set; } = St12NameMap.Default;
    }

    /// <summary>Reads the single sign-on settings of a Sametime 12 installation, one reader per installation kind.</summary>
    public static class St12ConfigReader
    {
        /// <summary>What the masked value of a secret shows.</summary>
        public const string SecretMask = "(secret)";

        /// <summary>A Docker or Podman install folder: .env, custom.env, the compose file and its override.</summary>
        public static St12SsoConfig ReadDocker(string folder, St12ReadOptions? options = null)
        {
            options ??= new St12ReadOptions();
            St12NameMap names = options.Names;
            ComposeProject project = ComposeProject.Read(folder);
            var config = new St12SsoConfig(St12InstallKind.Docker, project.Folder) { SourceFiles = project.FilesRead.ToList() };
            var variables = new List<St12Variable>();
            var notes = new List<string>();

            St12Variable? Lookup(string key)
            {
                string name = names[key];
                St12Variable? found = FromEnv(project.CustomEnv, name, "custom.env") ?? FromEnv(project.DotEnv, name, ".env");
                if (found != null)
                {
                    variables.Add(Masked(found, IsSecretKey(key)));
                }

                return found;
            }

            config.LtpaEnabled = ParseBool(Lookup("Env.EnableLtpa")?.Value);
            config.KeyFileHostPath = Lookup("Env.KeysFilePath")?.Value;
            config.KeyFileContainerPath = Lookup("Env.KeysContainerPath")?.Value;
            St12Variable? password = Lookup("Env.KeysPassword");
            config.PasswordPresent = !string.IsNullOrEmpty(password?.Value);
            config.PasswordSource = config.PasswordPresent ? password!.Source + " " + password.Name : null;
            config.DurationText = Lookup("Env.DurationMinutes")?.Value;
            config.Realm = Lookup("Env.Realm")?.Value;
            config.AuthTokenSetting = Lookup("Env.AuthToken")?.Value;
            config.ContentSecurityPolicy = Lookup("Env.ContentSecurityPolicy")?.Value;
            config.CorsOrigins = St12Csp.SplitOrigins(Lookup("Env.CorsOrigins")?.Value);

            string proxy = names["Compose.ProxyService"];
            string warName = names["Env.ExternalWarIntegration"];
            if (project.ComposeFile == null)
            {
                notes.Add("No docker-compose.yml in the folder: SAMETIME_EXTERNAL_WARINTEGRATION of the " + proxy + " service was not read.");
            }
            else if (project.Environment(proxy).TryGetValue(warName, out St12Variable? war))
            {
                variables.Add(war);
                config.ExternalWarIntegration = ParseBool(war.Value);
            }
            else
            {
                config.ExternalWarIntegration = false;
                notes.Add($"The {proxy} service of the compose files does not set {warName}: the iNotes/Verse integration is off ({ModuleCommands.SetSt12SsoConfigExternalIntegration} writes it to docker-compose.override.yml).");
            }

            config.IniSettings = IniSettings(new[] { (project.DotEnv, ".env"), (project.CustomEnv, "custom.env") });
            string? community = StCommunityConfig.Find(project.Folder);
            if (community != null)
            {
                config.CommunityConfig = StCommunityConfig.Read(community);
                config.SourceFiles = config.SourceFiles.Concat(new[] { community }).ToList();
                notes.Add(StCommunityConfig.ReadOnlyReason);
            }

            byte[]? configPassword = password?.Value == null ? null : Encoding.UTF8.GetBytes(password.Value);
            try
            {
                OpenKeyFile(config, ResolveHostPath(config.KeyFileHostPath, project.Folder), configPassword, options.KeyPassword);
            }
            finally
            {
                if (configPassword != null)
                {
                    Array.Clear(configPassword, 0, configPassword.Length);
                }
            }

            config.Variables = variables;
            config.Notes = notes;
            return config;
        }

        /// <summary>Helm values files (merged in the given order, as several -f files are) and the chart's secrets file.</summary>
        public static St12SsoConfig ReadHelm(IReadOnlyList<string> valuesFiles, string? secretsFile, St12ReadOptions? options = null)
        {
            options ??= new St12ReadOptions();
            if (valuesFiles == null || valuesFiles.Count == 0)
            {
                throw new SametimeAdminException("ValuesFileRequired", FailureKind.InvalidArgument, "Give at least one Helm values file (the chart's values.yaml).");
            }

            St12NameMap names = options.Names;
            var files = valuesFiles.Select(Path.GetFullPath).ToList();
            object? merged = new YamlMap();
            foreach (string file in files)
            {
                merged = YamlTree.Merge(merged, YamlTree.Load(file, "Helm values file"));
            }

            var config = new St12SsoConfig(St12InstallKind.Kubernetes, files[0]);
            var read = new List<string>(files);
            var variables = new List<St12Variable>();
            var notes = new List<string>();
            string source = string.Join(" + ", files.Select(Path.GetFileName));

            string? Value(string key)
            {
                string path = names[key];
                string[] segments = St12NameMap.PathSegments(path);
                bool found = YamlTree.TryGet(merged, segments, out object? value) ||
                    (segments.Length > 1 && YamlTree.TryGet(merged, segments.Skip(segments.Length - 1), out value));
                string? text = found ? YamlTree.AsText(value) : null;
                if (found)
                {
                    variables.Add(Masked(new St12Variable(path, text, source), IsSecretKey(key)));
                }

                return text;
            }

            config.LtpaEnabled = ParseBool(Value("Helm.EnableLtpa"));
            string? keysBase64 = Value("Helm.KeysBase64");
            string? passwordBase64 = Value("Helm.KeysPasswordBase64");
            config.DurationText = Value("Helm.DurationMinutes");
            config.Realm = Value("Helm.Realm");
            config.ContentSecurityPolicy = Value("Helm.ContentSecurityPolicy");
            config.CorsOrigins = St12Csp.SplitOrigins(Value("Helm.CorsOrigins"));
            string? passwordWhere = passwordBase64 == null ? null : "values " + names["Helm.KeysPasswordBase64"];
            string? keysWhere = keysBase64 == null ? null : "values " + names["Helm.KeysBase64"];

            if (secretsFile != null)
            {
                string secretsPath = Path.GetFullPath(secretsFile);
                Dictionary<string, string> secrets = SecretData(secretsPath);
                read.Add(secretsPath);
                if (passwordBase64 == null && secrets.TryGetValue(names["Secret.KeysPassword"], out string? secretPassword))
                {
                    passwordBase64 = secretPassword;
                    passwordWhere = "secret " + names["Secret.KeysPassword"];
                }

                if (keysBase64 == null && secrets.TryGetValue(names["Secret.Keys"], out string? secretKeys))
                {
                    keysBase64 = secretKeys;
                    keysWhere = "secret " + names["Secret.Keys"];
                }

                foreach (string name in secrets.Keys)
                {
                    variables.Add(Masked(new St12Variable(name, secrets[name], Path.GetFileName(secretsPath))));
                }
            }
            else
            {
                notes.Add("No secrets file given: the key password of traditional charts (helm/templates/sametime-secrets.yaml, LtpaKeysPassword) was not read.");
            }

            config.SourceFiles = read;
            config.KeysInValues = keysWhere;
            config.PasswordPresent = !string.IsNullOrEmpty(passwordBase64);
            config.PasswordSource = passwordWhere;
            config.IniSettings = IniSettingsFromValues(merged, source);
            notes.Add("Kubernetes: ST_AUTH_TOKEN and external integration are set by the chart; check them in the community pod's environment if LTPA logins fail.");

            byte[]? password = null;
            byte[]? keyText = null;
            try
            {
                password = passwordBase64 == null ? null : DecodeBase64(passwordBase64, passwordWhere!);
                keyText = keysBase64 == null ? null : DecodeBase64(keysBase64, keysWhere!);
                OpenKeys(config, keyText == null ? null : Encoding.GetEncoding("ISO-8859-1").GetString(keyText), keysWhere, password, options.KeyPassword);
            }
            catch (SametimeAdminException ex) when (ex.ErrorId == "InvalidBase64")
            {
                config.KeyStatus = St12KeyStatus.NotOpened;
                config.KeyMessage = ex.Message;
            }
            finally
            {
                Clear(password);
                Clear(keyText);
            }

            config.Variables = variables;
            config.Notes = notes;
            return config;
        }

        /// <summary>
        /// A Windows install folder. HCL documents no file that holds the LTPA settings of the Windows installer, so none
        /// is guessed at: the result says so and gives the manual step.
        /// </summary>
        public static St12SsoConfig ReadWindows(string folder, St12ReadOptions? options = null)
        {
            string full = Path.GetFullPath(folder);
            if (!Directory.Exists(full))
            {
                throw new SametimeAdminException("Sametime12FolderNotFound", FailureKind.ObjectNotFound, $"The folder '{full}' does not exist.");
            }

            return new St12SsoConfig(St12InstallKind.Windows, full)
            {
                KeyStatus = St12KeyStatus.KeysNotFound,
                KeyMessage = "Not read: HCL documents no file for the LTPA settings of the Windows installer.",
                Notes = new[] { WindowsManualStep },
            };
        }

        /// <summary>What to do by hand on a Windows installation (no documented file to read or write).</summary>
        public const string WindowsManualStep =
            "Sametime 12 on Windows: HCL documents no configuration file for the LTPA settings (key file, password, duration, realm, ST_AUTH_TOKEN), " +
            "so SametimeAdmin neither reads nor writes one. Make the keys with " + ModuleCommands.NewLtpaKey + " | " + ModuleCommands.ExportLtpaKey + " (no Java or Liberty needed), then enter " +
            "the key file, its password and the token expiration in the Sametime Windows installer's LTPA settings as HCL's Windows documentation " +
            "describes, and restart the Sametime services.";

        internal static string? ResolveHostPath(string? hostPath, string folder)
        {
            if (string.IsNullOrWhiteSpace(hostPath))
            {
                return null;
            }

            return Path.IsPathRooted(hostPath) ? hostPath : Path.Combine(folder, hostPath);
        }

        internal static bool? ParseBool(string? value)
        {
            if (value == null)
            {
                return null;
            }

            string trimmed = value.Trim();
            if (string.Equals(trimmed, "true", StringComparison.OrdinalIgnoreCase) || trimmed == "1" || string.Equals(trimmed, "yes", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            return string.Equals(trimmed, "false", StringComparison.OrdinalIgnoreCase) || trimmed == "0" || string.Equals(trimmed, "no", StringComparison.OrdinalIgnoreCase)
                ? false
                : (bool?)null;
        }

        private static St12Variable? FromEnv(DotEnvDocument? document, string name, string file)
        {
            ConfigEntry? entry = document?.Last(name);
            return entry == null ? null : new St12Variable(entry.Name, entry.Value, file + ":" + entry.LineNumber);
        }

        /// <summary>Passwords, secrets and key material by name; token-type settings such as ST_AUTH_TOKEN are not secrets.</summary>
        internal static bool IsSecretName(string name) =>
            SecretNames.Classify(name) is SecretClass.Password or SecretClass.Key || name.IndexOf("base64", StringComparison.OrdinalIgnoreCase) >= 0 ||
            string.Equals(name, "ltpa.keys", StringComparison.OrdinalIgnoreCase);

        /// <summary>The settings of the name table whose values are secrets (the rest, key file paths included, are not).</summary>
        internal static bool IsSecretKey(string key) =>
            key == "Env.KeysPassword" || key == "Helm.KeysBase64" || key == "Helm.KeysPasswordBase64" || key == "Secret.KeysPassword" || key == "Secret.Keys";

        private static St12Variable Masked(St12Variable variable, bool? secret = null) =>
            (secret ?? IsSecretName(variable.Name)) && !string.IsNullOrEmpty(variable.Value) ? new St12Variable(variable.Name, SecretMask, variable.Source) : variable;

        private static List<St12IniSetting> IniSettings(IEnumerable<(DotEnvDocument? Document, string File)> files)
        {
            var result = new List<St12IniSetting>();
            foreach ((DotEnvDocument? document, string file) in files)
            {
                foreach (ConfigEntry entry in document?.Effective() ?? Array.Empty<ConfigEntry>())
                {
                    if (St12IniSetting.TrySplit(entry.Name, out string section, out string name))
                    {
                        string? value = IsSecretName(name) ? SecretMask : entry.Value;
                        result.Add(new St12IniSetting(entry.Name, section, name, value, file + ":" + entry.LineNumber));
                    }
                }
            }

            return result;
        }

        /// <summary>STI__ variables anywhere in the values as "NAME: value" map entries (charts pass them through as env maps).</summary>
        private static List<St12IniSetting> IniSettingsFromValues(object? node, string source)
        {
            var result = new List<St12IniSetting>();
            void Walk(object? value)
            {
                if (value is YamlMap map)
                {
                    foreach (KeyValuePair<string, object?> pair in map)
                    {
                        if (St12IniSetting.TrySplit(pair.Key, out string section, out string name) && YamlTree.AsText(pair.Value) is string text)
                        {
                            result.Add(new St12IniSetting(pair.Key, section, name, IsSecretName(name) ? SecretMask : text, source));
                        }
                        else
                        {
                            Walk(pair.Value);
                        }
                    }
                }
                else if (value is IList<object?> list)
                {
                    foreach (object? item in list)
                    {
                        // The Kubernetes env list form: "- name: STI__A__B" / "value: x".
                        if (item is YamlMap entry && entry.TryGetValue("name", out object? n) && n is string envName &&
                            St12IniSetting.TrySplit(envName, out string section, out string name))
                        {
                            string? text = entry.TryGetValue("value", out object? v) ? YamlTree.AsText(v) : null;
                            result.Add(new St12IniSetting(envName, section, name, IsSecretName(name) ? SecretMask : text, source));
                        }
                        else
                        {
                            Walk(item);
                        }
                    }
                }
            }

            Walk(node);
            return result;
        }

        /// <summary>
        /// The data of a Kubernetes Secret manifest (data/stringData; stringData values are base64-encoded here so both read
        /// alike). The chart's sametime-secrets.yaml is a Helm template: when template syntax keeps it from being YAML,
        /// its "Name: value" lines are read instead.
        /// </summary>
        internal static Dictionary<string, string> SecretData(string path)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            byte[]? bytes = AtomicFile.ReadIfExists(path);
            if (bytes == null)
            {
                throw new SametimeAdminException("Sametime12FileNotFound", FailureKind.ObjectNotFound, $"The secrets file '{path}' does not exist.");
            }

            string text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
            object? root = null;
            try
            {
                root = YamlTree.Parse(text, path, "secrets file");
            }
            catch (SametimeAdminException ex) when (ex.ErrorId == "InvalidYaml")
            {
                foreach (string line in text.Split('\n'))
                {
                    string trimmed = line.Trim();
                    int colon = trimmed.IndexOf(':');
                    if (colon > 0 && !trimmed.StartsWith("#", StringComparison.Ordinal) && trimmed.IndexOf("{{", StringComparison.Ordinal) < 0)
                    {
                        string value = trimmed.Substring(colon + 1).Trim().Trim('"', '\'');
                        if (value.Length > 0)
                        {
                            result[trimmed.Substring(0, colon).Trim()] = value;
                        }
                    }
                }

                return result;
            }

            foreach (string section in new[] { "data", "stringData" })
            {
                if (YamlTree.TryGet(root, new[] { section }, out object? data) && data is YamlMap map)
                {
                    foreach (KeyValuePair<string, object?> pair in map)
                    {
                        if (YamlTree.AsText(pair.Value) is string value)
                        {
                            result[pair.Key] = section == "data" ? value : Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
                        }
                    }
                }
            }

            return result;
        }

        private static byte[] DecodeBase64(string value, string where)
        {
            try
            {
                return Convert.FromBase64String(value.Trim());
            }
            catch (FormatException)
            {
                throw new SametimeAdminException("InvalidBase64", FailureKind.InvalidData,
                    $"The value of {where} is not base64 (it must be one line, as 'base64 -w 0' prints it).");
            }
        }

        private static void OpenKeyFile(St12SsoConfig config, string? path, byte[]? configPassword, byte[]? givenPassword)
        {
            if (path == null)
            {
                config.KeyStatus = St12KeyStatus.KeysNotFound;
                config.KeyMessage = "No key file is configured (LTPA_KEYS_FILE_PATH).";
                return;
            }

            string text;
            try
            {
                text = LtpaKeyFile.ReadText(path);
            }
            catch (SametimeAdminException ex)
            {
                config.KeyStatus = St12KeyStatus.KeysNotFound;
                config.KeyMessage = "The key file was not read here: " + ex.Message + " Run this where the file is, or copy it with -CopyKeyFile.";
                return;
            }

            OpenKeys(config, text, path, configPassword, givenPassword);
        }

        private static void OpenKeys(St12SsoConfig config, string? keyText, string? where, byte[]? configPassword, byte[]? givenPassword)
        {
            if (keyText == null)
            {
                config.KeyStatus = St12KeyStatus.KeysNotFound;
                config.KeyMessage ??= "The configuration holds no LTPA keys.";
                return;
            }

            byte[]? password = givenPassword ?? configPassword;
            if (password == null)
            {
                config.KeyStatus = St12KeyStatus.NoPassword;
                config.KeyMessage = "No key password in the configuration; give -KeyPassword to see the key set's fingerprint.";
                return;
            }

            try
            {
                using (LtpaKeySet keys = LtpaKeySet.FromKeyFile(keyText, password, where))
                {
                    config.KeyStatus = St12KeyStatus.Opened;
                    config.KeyFingerprint = keys.Fingerprint;
                    config.KeyRealm = keys.Realm;
                    config.KeyMessage = "Opened with the password " + (givenPassword != null ? "given with -KeyPassword." : "in the configuration (" + config.PasswordSource + ").");
                }
            }
            catch (SametimeAdminException ex)
            {
                config.KeyStatus = St12KeyStatus.NotOpened;
                config.KeyMessage = (givenPassword != null ? "-KeyPassword" : "The configured password") + " does not open the keys: " + ex.Message;
            }
        }

        private static void Clear(byte[]? buffer)
        {
            if (buffer != null)
            {
                Array.Clear(buffer, 0, buffer.Length);
            }
        }

        internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
