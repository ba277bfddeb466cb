using System;
using System.Collections.Generic;
using System.Linq;

namespace SametimeAdmin.Sametime12
{
    /// <summary>The kinds of Sametime 12 installation.</summary>
    public enum St12InstallKind
    {
        /// <summary>Docker or Podman with docker-compose.yml, .env and custom.env.</summary>
        Docker,

        /// <summary>Kubernetes with the Helm chart's values and secrets files.</summary>
        Kubernetes,

        /// <summary>The Windows installer (12.0.2 and later).</summary>
        Windows,
    }

    /// <summary>Whether the key set the configuration points at could be opened.</summary>
    public enum St12KeyStatus
    {
        /// <summary>The keys were decrypted with the password: <see cref="St12SsoConfig.KeyFingerprint"/> is set.</summary>
        Opened,

        /// <summary>No password in the configuration and none given with -KeyPassword.</summary>
        NoPassword,

        /// <summary>The configuration names no keys (or the key file is not on this machine).</summary>
        KeysNotFound,

        /// <summary>The password does not open the keys, or the keys are damaged (see KeyMessage).</summary>
        NotOpened,
    }

    /// <summary>A variable or values entry as Sametime reads it, with where it came from. Secrets show as "(secret)".</summary>
    public sealed class St12Variable
    {
        internal St12Variable(string name, string? value, string source)
        {
            Name = name;
            Value = value;
            Source = source;
        }

        public string Name { get; }

        public string? Value { get; }

        /// <summary>"custom.env:12", "docker-compose.override.yml (proxy)", "values.yaml + sametime-ltpa.yaml".</summary>
        public string Source { get; }

        public override string ToString() => Name + "=" + Value;
    }

    /// <summary>An STI__SECTION__KEY variable and the sametime.ini setting it generates.</summary>
    public sealed class St12IniSetting
    {
        internal St12IniSetting(string variable, string section, string name, string? value, string source)
        {
            Variable = variable;
            Section = section;
            Name = name;
            Value = value;
            Source = source;
        }

        public string Variable { get; }

        public string Section { get; }

        public string Name { get; }

        public string? Value { get; }

        public string Source { get; }

        /// <summary>The setting as it appears in the generated sametime.ini: "[Section] NAME=value".</summary>
        public string IniLine => "[" + Section + "] " + Name + "=" + Value;

        /// <summary>Splits "STI__SECTION__KEY" (two underscores between the parts; single underscores stay in names).</summary>
        public static bool TrySplit(string variable, out string section, out string name)
        {
            section = name = string.Empty;
            const string prefix = "STI__";
            if (variable == null || !variable.StartsWith(prefix, StringComparison.Ordinal))
            {
                return false;
            }

            string rest = variable.Substring(prefix.Length);
            int separator = rest.IndexOf("__", StringComparison.Ordinal);
            if (separator <= 0 || separator + 2 >= rest.Length)
            {
                return false;
            }

            section = rest.Substring(0, separator);
            name = rest.Substring(separator + 2);
            return true;
        }

        /// <summary>The variable that carries a sametime.ini setting.</summary>
        public static string VariableFor(string section, string name) => "STI__" + section + "__" + name;
    }

    /// <summary>
    /// The single sign-on settings of one Sametime 12 installation, whatever its kind: what the checks and the
    /// must-gather use. Never holds a secret: passwords and key material are reported as present or not.
    /// </summary>
    public sealed class St12SsoConfig
    {
        internal St12SsoConfig(St12InstallKind kind, string path)
        {
            Kind = kind;
            Path = path;
        }

        public St12InstallKind Kind { get; }

        /// <summary>The install folder, or the first values file.</summary>
        public string Path { get; }

        /// <summary>The files that were read, in reading order.</summary>
        public IReadOnlyList<string> SourceFiles { get; internal set; } = Array.Empty<string>();

        /// <summary>ENABLE_LTPA / enableLtpa; null when the configuration does not say.</summary>
        public bool? LtpaEnabled { get; internal set; }

        /// <summary>Docker: LTPA_KEYS_FILE_PATH, the key file on the host.</summary>
        public string? KeyFileHostPath { get; internal set; }

        /// <summary>Docker: LTPA_KEYS, the key file inside the container.</summary>
        public string? KeyFileContainerPath { get; internal set; }

        /// <summary>Kubernetes: where the base64 key file is ("values global/ltpaKeysBase64", "secret ltpa.keys"); null when absent.</summary>
        public string? KeysInValues { get; internal set; }

        /// <summary>Where the keys are, in words.</summary>
        public string KeyLocation =>
            KeysInValues ?? (KeyFileHostPath != null || KeyFileContainerPath != null
                ? "host " + (KeyFileHostPath ?? "(not set)") + ", container " + (KeyFileContainerPath ?? "(not set)")
                : "(not configured)");

        /// <summary>True when the configuration holds the key password (its value is never shown).</summary>
        public bool PasswordPresent { get; internal set; }

        /// <summary>Where the password was found ("(.env) LTPA_KEYS_PASSWORD", "-KeyPassword").</summary>
        public string? PasswordSource { get; internal set; }

        /// <summary>LTPA_DURATION_MINUTES / ltpaDurationMinutes as written.</summary>
        public string? DurationText { get; internal set; }

        /// <summary>The token lifetime in minutes; null when absent or not a number.</summary>
        public int? DurationMinutes => int.TryParse(DurationText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int m) ? m : (int?)null;

        public string? Realm { get; internal set; }

        /// <summary>The ST_AUTH_TOKEN value as written ("Fork:Jwt,Ltpa").</summary>
        public string? AuthTokenSetting { get; internal set; }

        /// <summary>The token kinds of ST_AUTH_TOKEN ("Jwt", "Ltpa"), without the "Fork:" prefix.</summary>
        public IReadOnlyList<string> AuthTokens => St12AuthToken.Kinds(AuthTokenSetting);

        /// <summary>True when ST_AUTH_TOKEN lists Ltpa; null when the setting is absent.</summary>
        public bool? LtpaTokenAccepted => AuthTokenSetting == null ? (bool?)null : AuthTokens.Contains("Ltpa", StringComparer.OrdinalIgnoreCase);

        /// <summary>SAMETIME_EXTERNAL_WARINTEGRATION of the proxy service (Docker); null when absent or not applicable.</summary>
        public bool? ExternalWarIntegration { get; internal set; }

        public string? ContentSecurityPolicy { get; internal set; }

        /// <summary>The sources of the CSP frame-ancestors directive; empty when there is none.</summary>
        public IReadOnlyList<string> FrameAncestors => St12Csp.FrameAncestors(ContentSecurityPolicy);

        public IReadOnlyList<string> CorsOrigins { get; internal set; } = Array.Empty<string>();

        public St12KeyStatus KeyStatus { get; internal set; } = St12KeyStatus.KeysNotFound;

        /// <summary>The key set fingerprint (as Get-LtpaKey shows it) when the password opened the keys.</summary>
        public string? KeyFingerprint { get; internal set; }

        /// <summary>The realm stored in the key file, when opened.</summary>
        public string? KeyRealm { get; internal set; }

        /// <summary>Why the keys were not opened, or what was opened.</summary>
        public string? KeyMessage { get; internal set; }

        /// <summary>Every STI__ variable, as the sametime.ini setting it generates.</summary>
        public IReadOnlyList<St12IniSetting> IniSettings { get; internal set; } = Array.Empty<St12IniSetting>();

        /// <summary>The SSO-related variables with their sources (secrets masked), for evidence.</summary>
        public IReadOnlyList<St12Variable> Variables { get; internal set; } = Array.Empty<St12Variable>();

        /// <summary>StCommunityConfig.xml when the install folder holds a copy (read only).</summary>
        public StCommunityConfig? CommunityConfig { get; internal set; }

        /// <summary>What could not be read or is not documented, and the manual step.</summary>
        public IReadOnlyList<string> Notes { get; internal set; } = Array.Empty<string>();
    }

    /// <summary>The ST_AUTH_TOKEN list ("Fork:Jwt,Ltpa").</summary>
    public static class St12AuthToken
    {
        /// <summary>The documented value that accepts both JWT and LTPA tokens.</summary>
        public const string WithLtpa = "Fork:Jwt,Ltpa";

        /// <summary>The token kinds, trimmed ("Fork:" is the mode, not a kind).</summary>
        public static IReadOnlyList<string> Kinds(string? setting)
        {
            if (string.IsNullOrWhiteSpace(setting))
            {
                return Array.Empty<string>();
            }

            string list = setting!;
            int colon = list.IndexOf(':');
            if (colon >= 0)
            {
                list = list.Substring(colon + 1);
            }

            return list.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        }

        /// <summary>The setting with Ltpa added (kept as it is when already listed); "Fork:Jwt,Ltpa" when absent.</summary>
        public static string AddLtpa(string? setting)
        {
            if (string.IsNullOrWhiteSpace(setting))
            {
                return WithLtpa;
            }

            if (Kinds(setting).Contains("Ltpa", StringComparer.OrdinalIgnoreCase))
            {
                return setting!;
            }

            string trimmed = setting!.TrimEnd();
            return trimmed.EndsWith(":", StringComparison.Ordinal) || trimmed.EndsWith(",", StringComparison.Ordinal) ? trimmed + "Ltpa" : trimmed + ",Ltpa";
        }
    }
}
