using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using SametimeAdmin.Checklist;
using SametimeAdmin.Common;

namespace SametimeAdmin.MustGather
{
    /// <summary>
    /// Puts the guide's must-gather set (section 4.4) of an environment into an archive: the proxy trace.log,
    /// the iNotes and Community console.log files, sametime.ini, notes.ini, servlets.properties, the exported
    /// Domino documents (secret items redacted), client captures, and generated entries (environment overview,
    /// checklist result).
    /// </summary>
    public static partial class MustGatherCollector
    {
        /// <summary>Adds every file the environment names; what is not given or not found is recorded as missing.</summary>
        public static void AddEnvironmentFiles(MustGatherArchive archive, SsoEnvironment env)
        {
            if (archive == null)
            {
                throw new ArgumentNullException(nameof(archive));
            }

            if (env == null)
            {
                throw new ArgumentNullException(nameof(env));
            }

            AddList(archive, env.Proxy.TraceLogs, "proxy/trace.log", ArtefactKind.Text, "Sametime Proxy trace.log (WebSphere security/WIM trace)");
            AddOne(archive, env.Proxy.LtpaKeys, "proxy/ltpa.keys", ArtefactKind.Properties, "ltpa.keys exported from the proxy cell (shared and private key redacted)", required: false);

            AddServers(archive, env.INotes, "inotes", "iNotes");
            AddServers(archive, env.Community, "community", "Community Server");

            AddList(archive, env.Ldap.ConsoleLogs, "ldap/console.log", ArtefactKind.Text, "LDAP server console.log", required: false);
            AddList(archive, env.Client.Captures, "client/capture", ArtefactKind.Har, "client Fiddler/HAR capture", keepName: true);
            AddList(archive, env.Client.WebConsoleLogs, "client/webconsole.log", ArtefactKind.Text, "iNotes web console log", keepName: true);
            AddOne(archive, env.Ssc.SecurityXml, "ssc/security.xml", ArtefactKind.Xml, "SSC / WebSphere security configuration", required: false);
            AddSametime12(archive, env.Sametime12);
        }

        /// <summary>
        /// A Sametime 12 server: the configuration files of its install folder (env files, compose files, ini files, the
        /// key file), the Helm values and secrets files, StCommunityConfig.xml and the saved container logs, all redacted.
        /// </summary>
        private static void AddSametime12(MustGatherArchive archive, Sametime12Description st)
        {
            if (st.IsEmpty)
            {
                return;
            }

            string who = "Sametime 12 " + (st.EffectiveKind?.ToString() ?? "server");
            if (st.Folder != null)
            {
                if (!Directory.Exists(st.Folder))
                {
                    archive.AddMissing(who + " install folder", st.Folder, "the folder does not exist");
                }
                else
                {
                    foreach (string file in Directory.GetFiles(st.Folder).OrderBy(f => f, StringComparer.Ordinal))
                    {
                        ArtefactKind? kind = Sametime12FileKind(file);
                        if (kind != null)
                        {
                            archive.AddFile(file, "sametime12/" + Safe(Path.GetFileName(file)), kind.Value, who + " " + Path.GetFileName(file));
                        }
                    }
                }
            }

            foreach (string values in st.ValuesFiles)
            {
                archive.AddFile(values, "sametime12/helm/" + Safe(Path.GetFileName(values)), ArtefactKind.Yaml, who + " Helm values/secrets file " + Path.GetFileName(values));
            }

            if (st.CommunityConfig != null)
            {
                archive.AddFile(st.CommunityConfig, "sametime12/" + StCommunityConfigName, ArtefactKind.Xml, who + " " + StCommunityConfigName);
            }
            else if (st.Folder == null || !File.Exists(Path.Combine(st.Folder, StCommunityConfigName)))
            {
                archive.AddMissing(who + " " + StCommunityConfigName, null,
                    "not given: copy it out of the Community Server (container or install folder) and name it in the environment's Sametime12.StCommunityConfig");
            }

            if (st.ContainerLogs == null)
            {
                archive.AddMissing(who + " container logs", null, "not given: save 'docker logs <container>' or 'kubectl logs <pod>' output as .log or .txt files in a folder and name it");
            }
            else if (!Directory.Exists(st.ContainerLogs))
            {
                archive.AddMissing(who + " container logs", st.ContainerLogs, "the folder does not exist");
            }
            else
            {
                string root = Path.GetFullPath(st.ContainerLogs);
                foreach (string log in Directory.GetFiles(root, "*", SearchOption.AllDirectories).Where(IsSavedLog).OrderBy(f => f, StringComparer.Ordinal))
                {
                    string relative = log.Substring(root.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
                    string entry = string.Join("/", relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Select(Safe));
                    archive.AddFile(log, "sametime12/logs/" + entry, ArtefactKind.Text, who + " container log " + relative);
                }
            }
        }

        private const string StCommunityConfigName = "StCommunityConfig.xml";

        private static bool IsSavedLog(string path) =>
            path.EndsWith(".log", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase);

        /// <summary>How a file of a Sametime 12 install folder is redacted; null for files that are not configuration (images, scripts, archives).</summary>
        private static ArtefactKind? Sametime12FileKind(string path)
        {
            string name = Path.GetFileName(path);
            string extension = Path.GetExtension(path).ToLowerInvariant();
            if (name == ".env" || extension == ".env" || extension == ".ini")
            {
                return ArtefactKind.Ini;
            }

            switch (extension)
            {
                case ".yml":
                case ".yaml":
                    return ArtefactKind.Yaml;
                case ".xml":
                    return ArtefactKind.Xml;
                case ".keys":
                case ".properties":
                    return ArtefactKind.Properties;
                default:
                    return null;
            }
        }

        private static void AddServers(MustGatherArchive archive, IReadOnlyList<DominoServerDescription> servers, string folder, string label)
        {
            if (servers.Count == 0)
            {
                archive.AddMissing($"{label} server files", null, "no " + label + " server is described in the environment");
                return;
            }

            for (int i = 0; i < servers.Count; i++)
            {
                var s = servers[i];
                string prefix = servers.Count == 1 ? folder + "/" : folder + "/" + Safe(s.Name ?? s.HostName ?? (i + 1).ToString(CultureInfo.InvariantCulture)) + "/";
                string who = $"{label} {s.DisplayName}";
                AddList(archive, s.ConsoleLogs, prefix + "console.log", ArtefactKind.Text, who + " console.log (SSO trace)");
                AddOne(archive, s.NotesIni, prefix + "notes.ini", ArtefactKind.Ini, who + " notes.ini");
                if (s.Role == ChecklistServer.Community)
                {
                    AddOne(archive, s.SametimeIni, prefix + "sametime.ini", ArtefactKind.Ini, who + " sametime.ini");
                    AddDocument(archive, s.StConfigDocument, prefix + "stconfig-communityconnectivity.dxl", who + " stconfig.nsf Community Connectivity document");
                }
                else
                {
                    AddOne(archive, s.ServletsProperties, prefix + "servlets.properties", ArtefactKind.Properties, who + " servlets.properties", required: false);
                }

                AddDocument(archive, s.SsoDocument, prefix + "websso.dxl", who + " Web SSO Configuration document (secret items redacted)");
                AddDocument(archive, s.ServerDocument, prefix + "server-document.dxl", who + " Server document", required: false);
                AddDocument(archive, s.ConfigurationDocument, prefix + "configuration-document.dxl", who + " Configuration document", required: false);
            }
        }

        private static void AddDocument(MustGatherArchive archive, DocumentLocation? location, string entryName, string description, bool required = true)
        {
            if (location == null)
            {
                if (required)
                {
                    archive.AddMissing(description, null, "not given in the environment description");
                }

                return;
            }

            if (location.IsUrl)
            {
                archive.AddMissing(description, location.Value, "a Domino Access Services URL: export the document as DXL to include it");
                return;
            }

            archive.AddFile(location.Value, entryName, ArtefactKind.Xml, description);
        }

        private static void AddOne(MustGatherArchive archive, string? path, string entryName, ArtefactKind kind, string description, bool required = true)
        {
            if (path == null)
            {
                if (required)
                {
                    archive.AddMissing(description, null, "not given in the environment description");
                }

                return;
            }

            archive.AddFile(path, entryName, kind, description);
        }

        private static void AddList(MustGatherArchive archive, IReadOnlyList<string> paths, string entryName, ArtefactKind kind, string description, bool required = true, bool keepName = false)
        {
            if (paths.Count == 0)
            {
                if (required)
                {
                    archive.AddMissing(description, null, "not given in the environment description");
                }

                return;
            }

            foreach (var path in paths)
            {
                string name = keepName ? Path.GetDirectoryName(entryName)!.Replace('\\', '/') + "/" + Path.GetFileName(path) : entryName;
                archive.AddFile(path, name, kind, description);
            }
        }

        private static string Safe(string name)
        {
            var sb = new StringBuilder(name.Length);
            foreach (char c in name)
            {
                sb.Append(char.IsLetterOrDigit(c) || c == '-' || c == '.' || c == '_' ? c : '_');
            }

            return sb.ToString();
        }

        /// <summary>
        /// The architecture overview the guide asks for: each server with its role, host name and addresses,
        /// the proxy URLs and the expected SSO settings, after the facts of the reproduction (guide 4.4 note): when
        /// it happened and the user of the test (<paramref name="testUser"/>, else the site's Client.TestUser).
        /// </summary>
        public static string Overview(SsoEnvironment env, DateTimeOffset collected, DateTimeOffset? reproduced = null, string? testUser = null)
        {
            if (env == null)
            {
                throw new ArgumentNullException(nameof(env));
            }

            var sb = new StringBuilder();
            sb.AppendLine("iNotes / Sametime environment overview: " + env.Name);
            const string TimeFormat = "yyyy-MM-dd HH:mm:ss zzz";
            sb.AppendLine("Collected: " + collected.ToString(TimeFormat, CultureInfo.InvariantCulture));
            string? user = testUser ?? env.Client.TestUser;
            sb.AppendLine("Reproduced: " + (reproduced?.ToString(TimeFormat, CultureInfo.InvariantCulture) ?? "(not given)"));
            sb.AppendLine("Test user: " + (user ?? "(not given)"));
            var wanted = new List<string>();
            if (reproduced == null)
            {
                wanted.Add("the date and time the problem was reproduced");
            }

            if (user == null)
            {
                wanted.Add("the user name used in the test");
            }

            if (wanted.Count > 0)
            {
                sb.AppendLine("Please add: " + string.Join(", and ", wanted) + ".");
            }
            sb.AppendLine();
            sb.AppendLine("Expected SSO settings");
            sb.AppendLine("  DNS domain:          " + (env.Sso.Domain ?? "(not given)"));
            sb.AppendLine("  Configuration name:  " + (env.Sso.ConfigurationName ?? "(not given)"));
            sb.AppendLine("  Token format:        " + (env.Sso.TokenFormat ?? "(not given)"));
            sb.AppendLine("  Expiration minutes:  " + (env.Sso.ExpirationMinutes?.ToString(CultureInfo.InvariantCulture) ?? "(not given)"));
            sb.AppendLine("  LDAP realm:          " + (env.Sso.Realm ?? "(not given)"));
            sb.AppendLine();
            sb.AppendLine("Servers");
            Line(sb, "Sametime Proxy", null, env.Proxy.HostName, env.Proxy.Addresses);
            foreach (var url in env.Proxy.Urls)
            {
                sb.AppendLine("      URL: " + url);
            }

            foreach (var s in env.INotes)
            {
                Line(sb, "iNotes (Domino)", s.Name, s.HostName, s.Addresses);
            }

            foreach (var s in env.Community)
            {
                Line(sb, "Sametime Community", s.Name, s.HostName, s.Addresses);
            }

            if (!env.Sametime12.IsEmpty)
            {
                Line(sb, "Sametime 12 " + (env.Sametime12.EffectiveKind?.ToString() ?? string.Empty), null, env.Sametime12.HostName, Array.Empty<string>());
            }

            Line(sb, "LDAP", null, env.Ldap.HostName, env.Ldap.Addresses);
            if (env.Ldap.Port.HasValue)
            {
                sb.AppendLine("      port: " + env.Ldap.Port.Value.ToString(CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }

        private static void Line(StringBuilder sb, string role, string? name, string? host, IReadOnlyList<string> addresses)
        {
            sb.Append("  ").Append(role.PadRight(20));
            sb.Append(name != null ? name + "  " : string.Empty);
            sb.Append(host ?? "(host name not given)");
            sb.Append("  ").AppendLine(addresses.Count > 0 ? string.Join(", ", addresses) : "(addresses not given)");
        }

        /// <summary>
        /// The non-secret items of every Web SSO document (as Get-SsoDoc shows them) and the service status each
        /// console log gives (as Get-StServiceStatus -LogPath shows it), as JSON entries.
        /// </summary>
        public static void AddSiteSummaries(MustGatherArchive archive, ChecklistContext context)
        {
            if (archive == null)
            {
                throw new ArgumentNullException(nameof(archive));
            }

            if (context == null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            var settings = new JsonSerializerSettings { Formatting = Formatting.Indented };
            settings.Converters.Add(new StringEnumConverter());
            var documents = new List<object>();
            foreach (var server in context.Environment.DominoServers.Where(s => s.SsoDocument != null))
            {
                var loaded = SiteArtefacts.SsoDocuments(context, server);
                documents.Add(new
                {
                    server = server.Label,
                    source = server.SsoDocument!.Value,
                    problem = loaded.Problem,
                    documents = loaded.Value?.Select(d => new
                    {
                        d.Name, d.Organization, d.DnsDomain, d.TokenFormat, d.ExpirationMinutes, d.IdleTimeoutEnabled, d.IdleTimeoutMinutes, d.Realm,
                        d.ParticipatingServers, d.HasDominoKey, d.HasWebSphereKeys, d.PublicKeyFingerprint, d.UniversalId, d.LastModified, d.AssumedItems,
                    }),
                });
            }

            if (documents.Count > 0)
            {
                archive.AddText("sso-documents.json", JsonConvert.SerializeObject(documents, settings), "Web SSO documents: non-secret items (as " + ModuleCommands.GetSsoDoc + " shows them)");
            }
            else
            {
                archive.AddMissing("Web SSO documents (non-secret items)", null, "no Web SSO document is given in the environment description");
            }

            AddServiceStatus(archive, context, settings);
        }

        /// <summary>The checklist results and summary as JSON.</summary>
        public static string ChecklistJson(IEnumerable<CheckResult> results, ChecklistSummary summary)
        {
            var settings = new JsonSerializerSettings { Formatting = Formatting.Indented };
            settings.Converters.Add(new StringEnumConverter());
            return JsonConvert.SerializeObject(new { summary, results = results.ToList() }, settings);
        }
    }
}
