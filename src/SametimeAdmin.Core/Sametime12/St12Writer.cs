using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Sametime12
{
    /// <summary>The SSO settings to write. Null or empty members are left as they are.</summary>
    public sealed class St12SsoSettings
    {
        /// <summary>Turn LTPA on (ENABLE_LTPA / enableLtpa, and Ltpa in ST_AUTH_TOKEN).</summary>
        public bool EnableLtpa { get; set; } = true;

        /// <summary>The ltpa.keys file to use (this machine's path).</summary>
        public string? KeyFile { get; set; }

        /// <summary>Docker: LTPA_KEYS_FILE_PATH to write; default the configured one (with -CopyKeyFile) or <see cref="KeyFile"/>.</summary>
        public string? KeyFileHostPath { get; set; }

        /// <summary>Docker: copy <see cref="KeyFile"/> to LTPA_KEYS_FILE_PATH (owner-only).</summary>
        public bool CopyKeyFile { get; set; }

        /// <summary>The key file password as UTF-8 bytes; the caller clears it.</summary>
        public byte[]? KeyPassword { get; set; }

        public int? DurationMinutes { get; set; }

        public string? Realm { get; set; }

        /// <summary>Origins (iNotes/Verse) to allow in CSP frame-ancestors.</summary>
        public IReadOnlyList<string> FrameAncestorOrigins { get; set; } = Array.Empty<string>();

        /// <summary>Origins to allow for CORS.</summary>
        public IReadOnlyList<string> CorsOrigins { get; set; } = Array.Empty<string>();

        /// <summary>Docker: SAMETIME_EXTERNAL_WARINTEGRATION=true for the proxy service (through the override file).</summary>
        public bool ExternalIntegration { get; set; }

        public St12NameMap Names { get; set; } = St12NameMap.Default;
    }

    /// <summary>Writes Sametime 12 SSO settings with the module's edit protocol; one method per installation kind.</summary>
    public static class St12Writer
    {
        /// <summary>Where HCL's examples put the key file inside the container.</summary>
        public const string ContainerKeyPath = "/ltpa-config/ltpa.keys";

        /// <summary>The first line of every Helm override file this module writes; files without it are never overwritten.</summary>
        public const string HelmHeader = "# Sametime 12 LTPA single sign-on values, written by SametimeAdmin (" + ModuleCommands.SetSt12SsoConfig + ").";

        /// <summary>
        /// Docker/Podman: .env and custom.env edited line by line, the key file copied when asked, and the external
        /// integration switch written to the compose override file. <paramref name="shouldProcess"/> gets (target, action).
        /// </summary>
        public static IReadOnlyList<St12Change> WriteDocker(string folder, St12SsoSettings settings, Func<string, string, bool> shouldProcess)
        {
            _ = settings ?? throw new ArgumentNullException(nameof(settings));
            St12NameMap names = settings.Names;
            ComposeProject project = ComposeProject.Read(folder);
            ValidateOrigins(settings);
            string? keyFile = settings.KeyFile == null ? null : Path.GetFullPath(settings.KeyFile);
            CheckKeyFile(keyFile, settings.KeyPassword);

            var plan = new Dictionary<string, List<(string Name, string Value, bool Secret)>>(StringComparer.Ordinal);
            void Plan(string key, Func<string?, string> value, bool preferDotEnv)
            {
                string name = names[key];
                var holders = new List<(string Path, DotEnvDocument Document)>();
                if (project.CustomEnv?.Last(name) != null)
                {
                    holders.Add((project.CustomEnvPath, project.CustomEnv));
                }

                if (project.DotEnv?.Last(name) != null)
                {
                    holders.Add((project.DotEnvPath, project.DotEnv));
                }

                if (holders.Count == 0)
                {
                    holders.Add(preferDotEnv ? (project.DotEnvPath, project.DotEnv ?? DotEnvDocument.CreateEmpty()) : (project.CustomEnvPath, project.CustomEnv ?? DotEnvDocument.CreateEmpty()));
                }

                foreach ((string path, DotEnvDocument document) in holders)
                {
                    if (!plan.TryGetValue(path, out List<(string, string, bool)>? list))
                    {
                        list = new List<(string, string, bool)>();
                        plan[path] = list;
                    }

                    list.Add((name, value(document.Value(name)), St12ConfigReader.IsSecretKey(key)));
                }
            }

            string? hostPath = settings.KeyFileHostPath ??
                (settings.CopyKeyFile ? project.DotEnv?.Value(names["Env.KeysFilePath"]) ?? project.CustomEnv?.Value(names["Env.KeysFilePath"]) : keyFile);
            if (settings.CopyKeyFile && keyFile == null)
            {
                throw new SametimeAdminException("KeyFileRequired", FailureKind.InvalidArgument, "-CopyKeyFile needs -KeyFile, the ltpa.keys file to copy.");
            }

            if (settings.CopyKeyFile && hostPath == null)
            {
                hostPath = Path.Combine(project.Folder, "ltpa.keys");
            }

            if (settings.EnableLtpa)
            {
                Plan("Env.EnableLtpa", _ => "true", true);
                Plan("Env.AuthToken", St12AuthToken.AddLtpa, false);
            }

            if (hostPath != null)
            {
                Plan("Env.KeysFilePath", _ => hostPath, true);
                Plan("Env.KeysContainerPath", current => current ?? ContainerKeyPath, true);
            }

            if (settings.KeyPassword != null)
            {
                string password = Encoding.UTF8.GetString(settings.KeyPassword);
                Plan("Env.KeysPassword", _ => password, true);
            }

            if (settings.DurationMinutes != null)
            {
                Plan("Env.DurationMinutes", _ => settings.DurationMinutes.Value.ToString(CultureInfo.InvariantCulture), true);
            }

            if (settings.Realm != null)
            {
                Plan("Env.Realm", _ => settings.Realm, true);
            }

            if (settings.FrameAncestorOrigins.Count > 0)
            {
                Plan("Env.ContentSecurityPolicy", current => St12Csp.AllowFrameAncestors(current, settings.FrameAncestorOrigins), false);
            }

            if (settings.CorsOrigins.Count > 0)
            {
                Plan("Env.CorsOrigins", current => St12Csp.AddOrigins(current, settings.CorsOrigins), false);
            }

            var changes = new List<St12Change>();
            if (settings.CopyKeyFile)
            {
                changes.Add(CopyKeyFile(keyFile!, St12ConfigReader.ResolveHostPath(hostPath, project.Folder)!, shouldProcess));
            }

            foreach (KeyValuePair<string, List<(string Name, string Value, bool Secret)>> file in plan)
            {
                changes.AddRange(EditEnvFile(file.Key, file.Value, shouldProcess));
            }

            if (settings.ExternalIntegration)
            {
                changes.Add(WriteExternalIntegration(project, names, shouldProcess));
            }

            return changes;
        }

        /// <summary>
        /// Kubernetes: writes (or replaces) an override values file for "helm upgrade … -f <paramref name="outFile"/>", owner-only.
        /// <paramref name="currentValues"/> (read only, never written) supply the CSP and CORS values the origins are added to.
        /// </summary>
        public static IReadOnlyList<St12Change> WriteHelmOverride(string outFile, St12SsoSettings settings, IReadOnlyList<string> currentValues,
            Func<string, string, bool> shouldProcess)
        {
            _ = settings ?? throw new ArgumentNullException(nameof(settings));
            ValidateOrigins(settings);
            St12NameMap names = settings.Names;
            string path = Path.GetFullPath(outFile);
            List<string> userFiles = (currentValues ?? Array.Empty<string>()).Select(Path.GetFullPath).ToList();
            if (userFiles.Contains(path, StringComparer.Ordinal))
            {
                throw new SametimeAdminException("WouldRewriteValuesFile", FailureKind.InvalidArgument,
                    $"'{path}' is one of your values files; SametimeAdmin writes a separate override file and never rewrites yours. Give another -HelmValuesPath.");
            }

            St12SsoConfig? current = userFiles.Count == 0 ? null : St12ConfigReader.ReadHelm(userFiles, null, new St12ReadOptions { Names = names });
            string? keyFile = settings.KeyFile == null ? null : Path.GetFullPath(settings.KeyFile);
            CheckKeyFile(keyFile, settings.KeyPassword);

            var values = new List<(string Key, string Text, bool Quoted)>();
            if (settings.EnableLtpa)
            {
                values.Add((names["Helm.EnableLtpa"], "true", false));
            }

            if (keyFile != null)
            {
                values.Add((names["Helm.KeysBase64"], Convert.ToBase64String(File.ReadAllBytes(keyFile)), true));
            }

            if (settings.KeyPassword != null)
            {
                values.Add((names["Helm.KeysPasswordBase64"], Convert.ToBase64String(settings.KeyPassword), true));
            }

            if (settings.DurationMinutes != null)
            {
                // The chart wants a string: "30", not 30.
                values.Add((names["Helm.DurationMinutes"], settings.DurationMinutes.Value.ToString(CultureInfo.InvariantCulture), true));
            }

            if (settings.Realm != null)
            {
                values.Add((names["Helm.Realm"], settings.Realm, true));
            }

            if (settings.FrameAncestorOrigins.Count > 0)
            {
                values.Add((names["Helm.ContentSecurityPolicy"], St12Csp.AllowFrameAncestors(current?.ContentSecurityPolicy, settings.FrameAncestorOrigins), true));
            }

            if (settings.CorsOrigins.Count > 0)
            {
                string? list = current == null || current.CorsOrigins.Count == 0 ? null : string.Join(",", current.CorsOrigins);
                values.Add((names["Helm.CorsOrigins"], St12Csp.AddOrigins(list, settings.CorsOrigins), true));
            }

            if (values.Count == 0)
            {
                throw new SametimeAdminException("NothingToWrite", FailureKind.InvalidArgument, "No setting was given to write into the Helm override file.");
            }

            byte[] content = Encoding.UTF8.GetBytes(HelmOverrideText(path, values));
            string Shown(string key, string text) =>
                key == names["Helm.KeysBase64"] || key == names["Helm.KeysPasswordBase64"] ? St12ConfigReader.SecretMask : text;
            string action = "Write the Helm override values " + string.Join(", ", values.Select(v => v.Key + "=" + Shown(v.Key, v.Text))) + " (owner-only)";
            bool declined = !St12FileEdit.Apply(path, existing =>
            {
                if (existing != null && !Encoding.UTF8.GetString(existing).TrimStart('\uFEFF').StartsWith(HelmHeader, StringComparison.Ordinal))
                {
                    throw new SametimeAdminException("NotAGeneratedValuesFile", FailureKind.ResourceExists,
                        $"'{path}' exists and was not written by SametimeAdmin; it was left alone. Give a new file name with -HelmValuesPath.");
                }

                return existing != null && existing.SequenceEqual(content) ? null : content;
            }, a => shouldProcess(path, a), action, true, out bool written, out bool created, out string? backup);
            if (declined)
            {
                return Array.Empty<St12Change>();
            }

            St12ChangeAction result = !written ? St12ChangeAction.Unchanged : created ? St12ChangeAction.FileCreated : St12ChangeAction.FileReplaced;
            return values.Select(v => new St12Change(path, v.Key, result, Shown(v.Key, v.Text), null) { BackupPath = backup }).ToList();
        }

        /// <summary>Windows: nothing is written (no documented file); the manual step is returned.</summary>
        public static St12Change WindowsManualStep(string folder) =>
            new St12Change(Path.GetFullPath(folder), "LTPA settings", St12ChangeAction.ManualStep, St12ConfigReader.WindowsManualStep, null);

        /// <summary>The helm command for an override file.</summary>
        public static string HelmCommand(string overrideFile) => "helm upgrade <release> <chart folder> -f values.yaml -f \"" + overrideFile + "\"";

        internal static string HelmOverrideText(string path, IEnumerable<(string Key, string Text, bool Quoted)> values)
        {
            var root = new YamlMap();
            foreach ((string key, string text, bool quoted) in values)
            {
                string[] segments = St12NameMap.PathSegments(key);
                YamlMap map = root;
                for (int i = 0; i < segments.Length - 1; i++)
                {
                    if (!(map.TryGetValue(segments[i], out object? child) && child is YamlMap next))
                    {
                        next = new YamlMap();
                        map[segments[i]] = next;
                    }

                    map = next;
                }

                map[segments[segments.Length - 1]] = quoted ? Quote(text) : text;
            }

            var builder = new StringBuilder();
            builder.Append(HelmHeader).Append('\n');
            builder.Append("# Apply after your own values: ").Append(HelmCommand(path)).Append('\n');
            builder.Append("# It holds the LTPA keys and their password (base64): keep it owner-only and out of source control.\n");
            Emit(builder, root, 0);
            return builder.ToString();
        }

        private static void Emit(StringBuilder builder, YamlMap map, int indent)
        {
            foreach (KeyValuePair<string, object?> pair in map)
            {
                builder.Append(' ', indent).Append(pair.Key).Append(':');
                if (pair.Value is YamlMap child)
                {
                    builder.Append('\n');
                    Emit(builder, child, indent + 2);
                }
                else
                {
                    builder.Append(' ').Append((string?)pair.Value).Append('\n');
                }
            }
        }

        private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        private static void ValidateOrigins(St12SsoSettings settings)
        {
            foreach (string origin in settings.FrameAncestorOrigins.Concat(settings.CorsOrigins))
            {
                St12Csp.NormalizeOrigin(origin);
            }

            if (settings.DurationMinutes is int minutes && minutes <= 0)
            {
                throw new SametimeAdminException("InvalidDuration", FailureKind.InvalidArgument, "The LTPA token duration must be a positive number of minutes.");
            }
        }

        /// <summary>When both a key file and a password are given, the password must open the keys: nothing is written otherwise.</summary>
        private static void CheckKeyFile(string? keyFile, byte[]? password)
        {
            if (keyFile == null)
            {
                return;
            }

            string text = LtpaKeyFile.ReadText(keyFile);
            if (password != null)
            {
                try
                {
                    LtpaKeySet.FromKeyFile(text, password, keyFile).Dispose();
                }
                catch (SametimeAdminException ex)
                {
                    throw new SametimeAdminException("KeyPasswordMismatch", FailureKind.SecurityError,
                        "The key password does not open '" + keyFile + "', so it was not written anywhere: " + ex.Message, ex);
                }
            }
        }

        private static St12Change CopyKeyFile(string source, string destination, Func<string, string, bool> shouldProcess)
        {
            byte[] content = File.ReadAllBytes(source);
            bool declined = !St12FileEdit.Apply(destination, existing => existing != null && existing.SequenceEqual(content) ? null : content,
                a => shouldProcess(destination, a), "Copy the LTPA key file " + source + " here (owner-only)", true,
                out bool written, out bool created, out string? backup);
            St12ChangeAction action = declined || !written ? St12ChangeAction.Unchanged : created ? St12ChangeAction.FileCreated : St12ChangeAction.FileReplaced;
            return new St12Change(destination, "ltpa.keys copy", action, source, null) { BackupPath = backup };
        }

        private static IEnumerable<St12Change> EditEnvFile(string path, List<(string Name, string Value, bool Secret)> wanted, Func<string, string, bool> shouldProcess)
        {
            // A file that receives a password becomes owner-only; otherwise its mode is kept.
            bool secret = wanted.Any(w => w.Secret);
            string Shown(string name, string value) => wanted.Any(w => w.Name == name && w.Secret) ? St12ConfigReader.SecretMask : value;
            var outcomes = new List<(string Name, ConfigEditOutcome Outcome, string Value)>();
            Func<byte[]?, byte[]?> transform = current =>
            {
                outcomes.Clear();
                DotEnvDocument document = current == null ? DotEnvDocument.CreateEmpty() : DotEnvDocument.Parse(current, path);
                foreach ((string name, string value, _) in wanted)
                {
                    outcomes.Add((name, document.Set(null, name, value), value));
                }

                return document.Text.IsModified ? document.Text.ToBytes() : null;
            };

            // Described after the dry run, so the What-if text names only the settings that change.
            string Describe() => St12FileEdit.Describe(outcomes.Where(o => o.Outcome.Action != ConfigEditAction.Unchanged).Select(o => "Set " + o.Name + "=" + Shown(o.Name, o.Value)));
            bool declined = !St12FileEdit.Apply(path, transform, a => shouldProcess(path, a), Describe, secret, out bool written, out bool created, out string? backup);
            if (declined)
            {
                return Array.Empty<St12Change>();
            }

            return outcomes.Select(o => new St12Change(path, o.Name,
                o.Outcome.Action == ConfigEditAction.Added ? St12ChangeAction.Added : o.Outcome.Action == ConfigEditAction.Updated ? St12ChangeAction.Updated : St12ChangeAction.Unchanged,
                Shown(o.Name, o.Value), o.Outcome.PreviousValue == null ? null : Shown(o.Name, o.Outcome.PreviousValue))
            { BackupPath = written ? backup : null }).ToList();
        }

        private static St12Change WriteExternalIntegration(ComposeProject project, St12NameMap names, Func<string, string, bool> shouldProcess)
        {
            string service = names["Compose.ProxyService"];
            string name = names["Env.ExternalWarIntegration"];
            if (project.ComposeFile == null)
            {
                throw new SametimeAdminException("ComposeFileNotFound", FailureKind.ObjectNotFound,
                    $"'{project.Folder}' has no docker-compose.yml, so there is no {service} service to give {name}=true.");
            }

            if (!project.ServiceNames.Contains(service, StringComparer.Ordinal))
            {
                throw new SametimeAdminException("ComposeServiceNotFound", FailureKind.ObjectNotFound,
                    $"The compose files in '{project.Folder}' define no service named '{service}'; an override for it would add a service without an image.")
                {
                    RecommendedAction = "Give the service name of the Sametime proxy with -NameMap @{ 'Compose.ProxyService' = '<name>' }.",
                };
            }

            St12Variable? effective = project.Environment(service).TryGetValue(name, out St12Variable? v) ? v : null;
            string path = project.OverrideFile ?? Path.Combine(project.Folder, "docker-compose.override.yml");
            if (St12ConfigReader.ParseBool(effective?.Value) == true)
            {
                return new St12Change(path, name, St12ChangeAction.Unchanged, "true", effective!.Value);
            }

            bool declined = !St12FileEdit.Apply(path, current => ComposeOverrideEditor.SetVariable(current, path, service, name, "true"),
                a => shouldProcess(path, a), "Set " + name + "=true for the " + service + " service", false, out bool written, out bool created, out string? backup);
            St12ChangeAction action = declined || !written ? St12ChangeAction.Unchanged : created ? St12ChangeAction.FileCreated : St12ChangeAction.Updated;
            return new St12Change(path, name, action, "true", effective?.Value) { BackupPath = backup };
        }
    }
}
