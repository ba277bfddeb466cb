using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.Sametime12;

namespace SametimeAdmin.ConfigFiles
{
    /// <summary>
    /// The settings the SSO set-up touches in sametime.ini, notes.ini and servlets.properties, with what applies to
    /// which Sametime version. Names come from HCL/IBM documentation; the case rules for sametime.ini are assumed.
    /// </summary>
    public static class SametimeSettings
    {
        /// <summary>sametime.ini section of <see cref="TokenTypeName"/>.</summary>
        public const string AuthTokenSection = "AuthToken";

        /// <summary>sametime.ini: the Web SSO configuration (token) name the Community Server loads (default LtpaToken).</summary>
        public const string TokenTypeName = "ST_TOKEN_TYPE";

        /// <summary>notes.ini: SSO API trace to the Domino console (1 or 2).</summary>
        public const string SsoTraceName = "DEBUG_SSO_TRACE_LEVEL";

        /// <summary>servlets.properties key that registers the iNotes buddy (contact) list servlet.</summary>
        public const string BuddyListServletKey = "servlet.DWABuddyList.code";

        /// <summary>The class of the iNotes buddy list servlet.</summary>
        public const string BuddyListServletClass = "com.lotus.dwa.stbuddy.DWABuddyList";

        /// <summary>The servlet configuration file name in the Domino data directory.</summary>
        public const string ServletsFileName = "servlets.properties";

        /// <summary>The STI__Section__NAME environment variable carrying a sametime.ini setting on Sametime 12 containers; null for other files.</summary>
        public static string? Sametime12VariableFor(ConfigFileFormat format, string? section, string name) =>
            (format == ConfigFileFormat.SametimeIni || format == ConfigFileFormat.DotEnv) && !string.IsNullOrEmpty(section) ? St12IniSetting.VariableFor(section!, name) : null;

        /// <summary>The env file of a Sametime 12 Docker/Podman install folder that carries the STI__ variables.</summary>
        public const string Sametime12CustomEnvName = "custom.env";

        /// <summary>
        /// The file a folder given to the sametime.ini cmdlets stands for: custom.env of a Sametime 12 Docker or Podman
        /// install folder (HCL: STI__ variables go into custom.env; Compose reads it into the containers).
        /// </summary>
        public static string Sametime12EnvFileIn(string folder) => System.IO.Path.Combine(folder, Sametime12CustomEnvName);

        /// <summary>What to do after custom.env or .env changed: Compose reads them when it creates the containers.</summary>
        public const string Sametime12RestartReminder =
            "Sametime 12 reads custom.env and .env when the containers are created: run 'docker compose up -d' (or 'podman-compose up -d') in the install folder for the change to take effect.";

        /// <summary>Where the file lives, per product version, for "not found" messages.</summary>
        public static string WhereToFind(ConfigFileFormat format) => format switch
        {
            ConfigFileFormat.SametimeIni =>
                "On a Domino-based Sametime Community Server (9.x to 11.x) sametime.ini is in the Domino program folder. " +
                "Sametime 12 containers have no editable sametime.ini: set STI__<Section>__<NAME> variables in custom.env (Docker/Podman) or the Helm values (Kubernetes) instead.",
            ConfigFileFormat.NotesIni =>
                "notes.ini is in the Domino program folder on Windows (for example C:\\Program Files\\HCL\\Domino) and in the data directory on Linux (/local/notesdata).",
            ConfigFileFormat.DotEnv =>
                "A Sametime 12 Docker or Podman install folder holds .env and custom.env (from HCL's download package). Give that folder or the file; " +
                "on Kubernetes use " + ModuleCommands.SetSt12SsoConfigHelmValuesPath + " for an override values file.",
            _ => "servlets.properties belongs in the Domino data directory of the iNotes server; " + ModuleCommands.EnableDwaBuddyListServlet + " creates it.",
        };

        /// <summary>
        /// ST_TOKEN_TYPE lines outside [AuthToken] (in another section, or before the first header): the classic mistake
        /// behind CLFRX0035E, since the setting belongs under [AuthToken] (guide 4.1).
        /// </summary>
        public static IReadOnlyList<ConfigEntry> MisplacedTokenTypes(ConfigDocument document)
        {
            if (document == null)
            {
                throw new ArgumentNullException(nameof(document));
            }

            return document.Format != ConfigFileFormat.SametimeIni
                ? Array.Empty<ConfigEntry>()
                : document.Entries.Where(IsMisplacedTokenType).ToList();
        }

        /// <summary>True for an ST_TOKEN_TYPE setting of sametime.ini that is not in [AuthToken].</summary>
        public static bool IsMisplacedTokenType(ConfigEntry entry) => entry != null && IsMisplacedTokenType(entry.Section, entry.Name);

        /// <summary>True for ST_TOKEN_TYPE in a sametime.ini section other than [AuthToken] ("" is before the first header; null is another file kind).</summary>
        public static bool IsMisplacedTokenType(string? section, string name) =>
            section != null && string.Equals(name, TokenTypeName, StringComparison.OrdinalIgnoreCase) &&
            !string.Equals(section, AuthTokenSection, StringComparison.OrdinalIgnoreCase);

        /// <summary>The warning for a misplaced ST_TOKEN_TYPE, naming its line and section.</summary>
        public static string DescribeMisplacedTokenType(int lineNumber, string section, string value)
        {
            string where = section.Length == 0 ? "before the first section header" : "in section [" + section + "]";
            return $"{TokenTypeName}={value} on line {lineNumber} is {where}, not in [{AuthTokenSection}]: the Community Server looks for it under " +
                $"[{AuthTokenSection}] and otherwise loads the default LtpaToken configuration (proxy log: CLFRX0035E Token was not found). " +
                "Remove that line (" + ModuleCommands.Format(ModuleCommands.RemoveStSettingSectionName, section, TokenTypeName) + ") and set it with " + ModuleCommands.SetStTokenType + ".";
        }

        /// <summary>Checks a Web SSO configuration name before it goes into ST_TOKEN_TYPE.</summary>
        public static void ValidateTokenTypeName(string name)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Trim() != name)
            {
                throw new SametimeAdminException("InvalidTokenType", FailureKind.InvalidArgument,
                    $"'{name}' is not a usable ST_TOKEN_TYPE: give the Web SSO configuration name exactly, without surrounding spaces (for example LtpaToken or LtpaToken2).");
            }

            foreach (char c in name)
            {
                if (char.IsControl(c) || c == '=' || c == ';' || c == ',')
                {
                    throw new SametimeAdminException("InvalidTokenType", FailureKind.InvalidArgument,
                        $"'{name}' is not a usable ST_TOKEN_TYPE: a Web SSO configuration name cannot contain control characters, '=', ';' or ','.");
                }
            }
        }

        /// <summary>True when two Web SSO configuration names are the same text.</summary>
        public static bool SameTokenName(string a, string b) => string.Equals(a, b, StringComparison.Ordinal);
    }
}
