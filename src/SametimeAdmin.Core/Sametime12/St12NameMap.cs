using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Sametime12
{
    /// <summary>One row of the Sametime 12 name table: a logical setting and the variable or values key that holds it.</summary>
    public sealed class St12NameEntry
    {
        internal St12NameEntry(string key, string name, ItemNameStatus status, string evidence)
        {
            Key = key;
            Name = name;
            Status = status;
            Evidence = evidence;
        }

        /// <summary>Stable key ("Env.KeysPassword", "Helm.Realm"); overrides use it.</summary>
        public string Key { get; }

        /// <summary>The variable name, or for Helm the values path with '/' between map keys ("global/enableLtpa").</summary>
        public string Name { get; }

        public ItemNameStatus Status { get; }

        /// <summary>Where the name was seen (HCL page and version), or why it is a guess.</summary>
        public string Evidence { get; }
    }

    /// <summary>
    /// Every Sametime 12 variable and Helm values name the module reads or writes, each labelled Confirmed (printed in
    /// HCL's documentation, page and version given) or Assumed (not found in a public source). The admin overrides a
    /// name per run (-NameMap @{ 'Helm.CorsOrigins' = 'global/myCorsKey' }); no other code spells these names.
    /// </summary>
    public sealed class St12NameMap
    {
        private const string DockerLtpa = "HCL Sametime 12.0.1 and latest admin docs, \"Configuring LTPA in Docker or Podman\" (ltpa_configure_docker)";
        private const string K8sLtpa = "HCL Sametime latest admin docs, \"Configuring LTPA in Kubernetes\" (ltpa_configure_kubernetes), managed charts";
        private const string K8sLtpa121 = "HCL Sametime 12.0.1 admin docs, \"Configuring LTPA in Kubernetes\" (traditional charts)";

        private static readonly St12NameEntry[] Defaults =
        {
            new St12NameEntry("Env.EnableLtpa", "ENABLE_LTPA", ItemNameStatus.Confirmed, DockerLtpa + ": .env"),
            new St12NameEntry("Env.KeysFilePath", "LTPA_KEYS_FILE_PATH", ItemNameStatus.Confirmed, DockerLtpa + ": .env, absolute host path"),
            new St12NameEntry("Env.KeysContainerPath", "LTPA_KEYS", ItemNameStatus.Confirmed, DockerLtpa + ": .env, /ltpa-config/ltpa.keys"),
            new St12NameEntry("Env.KeysPassword", "LTPA_KEYS_PASSWORD", ItemNameStatus.Confirmed, DockerLtpa + ": .env"),
            new St12NameEntry("Env.DurationMinutes", "LTPA_DURATION_MINUTES", ItemNameStatus.Confirmed, DockerLtpa + ": .env (12.0.1 and later)"),
            new St12NameEntry("Env.Realm", "LTPA_REALM", ItemNameStatus.Confirmed, DockerLtpa + ": .env (latest), custom.env (12.0.1)"),
            new St12NameEntry("Env.AuthToken", "STI__ST_BB_NAMES__ST_AUTH_TOKEN", ItemNameStatus.Confirmed,
                DockerLtpa + ": custom.env (the 12.0 page prints single underscores, a slip it corrects in a note)"),
            new St12NameEntry("Env.ExternalWarIntegration", "SAMETIME_EXTERNAL_WARINTEGRATION", ItemNameStatus.Confirmed,
                DockerLtpa + ": docker-compose.yml; \"Enabling the legacy web client on Docker\": in the proxy service"),
            new St12NameEntry("Env.ContentSecurityPolicy", "CONTENT_SECURITY_POLICY", ItemNameStatus.Confirmed,
                "HCL Sametime latest admin docs, \"Content Security Policy\" (content_security_policy): custom.env on Docker"),
            new St12NameEntry("Env.CorsOrigins", "CORS_ALLOWED_ORIGINS", ItemNameStatus.Assumed,
                "Not found in HCL's Sametime 12 documentation (searched 12.0 to latest); verify before relying on it"),
            new St12NameEntry("Compose.ProxyService", "proxy", ItemNameStatus.Confirmed,
                "HCL sametime-doc \"Enabling the legacy web client on Docker or Podman\" and \"Retrieving photos from HTTPS hosts\": the proxy service"),
            new St12NameEntry("Helm.EnableLtpa", "global/enableLtpa", ItemNameStatus.Confirmed, K8sLtpa121 + " (helm/values.yaml); under global: assumed, root also read"),
            new St12NameEntry("Helm.KeysBase64", "global/ltpaKeysBase64", ItemNameStatus.Confirmed, K8sLtpa),
            new St12NameEntry("Helm.KeysPasswordBase64", "global/ltpaKeysPasswordBase64", ItemNameStatus.Confirmed, K8sLtpa),
            new St12NameEntry("Helm.DurationMinutes", "global/ltpaDurationMinutes", ItemNameStatus.Confirmed, K8sLtpa121 + ": a quoted string, indented two spaces"),
            new St12NameEntry("Helm.Realm", "global/ltpa.realm", ItemNameStatus.Assumed, K8sLtpa121 + " prints \"ltpa.realm: <defaultrealm>\"; its nesting is not shown"),
            new St12NameEntry("Helm.ContentSecurityPolicy", "global/contentSecurityPolicy", ItemNameStatus.Confirmed,
                "HCL Sametime latest admin docs, \"Content Security Policy\": global.contentSecurityPolicy (csp.yaml example)"),
            new St12NameEntry("Helm.CorsOrigins", "global/corsAllowedOrigins", ItemNameStatus.Assumed, "Not found in HCL's Sametime 12 documentation; verify before relying on it"),
            new St12NameEntry("Helm.LegacyChatClient", "global/enableLegacyChatClient", ItemNameStatus.Assumed,
                "Named in one place only (web client integration, Helm values); not found in HCL's Sametime 12 documentation: verify its name and nesting before relying on it"),
            new St12NameEntry("Secret.KeysPassword", "LtpaKeysPassword", ItemNameStatus.Confirmed, K8sLtpa121 + ": helm/templates/sametime-secrets.yaml, base64"),
            new St12NameEntry("Secret.Keys", "ltpa.keys", ItemNameStatus.Confirmed, K8sLtpa + ": traditional charts, base64"),
        };

        private readonly Dictionary<string, St12NameEntry> entries;

        private St12NameMap(IEnumerable<St12NameEntry> rows) =>
            entries = rows.ToDictionary(e => e.Key, StringComparer.OrdinalIgnoreCase);

        /// <summary>The table as published with the module.</summary>
        public static St12NameMap Default { get; } = new St12NameMap(Defaults);

        /// <summary>Every row, in table order.</summary>
        public IReadOnlyList<St12NameEntry> Entries => Defaults.Select(d => entries[d.Key]).ToList();

        /// <summary>The name for <paramref name="key"/>.</summary>
        public string this[string key] => entries.TryGetValue(key, out St12NameEntry? entry)
            ? entry.Name
            : throw new ArgumentException("No Sametime 12 name is known by the key " + key + ".", nameof(key));

        /// <summary>A copy with some names replaced; unknown keys or empty names are an error naming the valid keys.</summary>
        public St12NameMap WithOverrides(IDictionary<string, string>? overrides)
        {
            if (overrides == null || overrides.Count == 0)
            {
                return this;
            }

            var rows = entries.Values.ToDictionary(e => e.Key, StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, string> pair in overrides)
            {
                if (!rows.TryGetValue(pair.Key ?? string.Empty, out St12NameEntry? row))
                {
                    throw new SametimeAdminException("UnknownSametime12NameKey", FailureKind.InvalidArgument,
                        $"'{pair.Key}' is not a key of the Sametime 12 name table. Valid keys: {string.Join(", ", Defaults.Select(d => d.Key))}.");
                }

                if (string.IsNullOrWhiteSpace(pair.Value) || pair.Value.Trim() != pair.Value)
                {
                    throw new SametimeAdminException("InvalidSametime12Name", FailureKind.InvalidArgument,
                        $"The name given for {row.Key} is empty or has surrounding spaces.");
                }

                rows[row.Key] = new St12NameEntry(row.Key, pair.Value, ItemNameStatus.Overridden, "Set for this run");
            }

            return new St12NameMap(rows.Values);
        }

        /// <summary>The map keys of a Helm values path ("global/ltpa.realm" → global, ltpa.realm).</summary>
        internal static string[] PathSegments(string name) => name.Split('/');
    }
}
