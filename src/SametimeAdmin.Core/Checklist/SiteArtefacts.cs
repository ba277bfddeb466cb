using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using SametimeAdmin.ConfigFiles;
using SametimeAdmin.Domino;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Checklist
{
    /// <summary>
    /// The artefacts of a site, read once per run through the readers of the other parts of SametimeAdmin (the same
    /// code as Get-LtpaKey, Get-SsoDoc, Get-TrustedIp, Get-StSetting, Get-StServiceStatus -LogPath and
    /// Get-SsoTraceEvent), each remembered with its failure so that every check reports the same reason.
    /// </summary>
    internal static partial class SiteArtefacts
    {
        /// <summary>The proxy's key set; needs the ltpa.keys password.</summary>
        public static Loaded<LtpaKeySet> KeySet(ChecklistContext context)
        {
            string? path = context.Environment.Proxy.LtpaKeys;
            string? problem = ChecklistContext.FileProblem(path, "The ltpa.keys file (Proxy.LtpaKeys)");
            if (problem != null)
            {
                return new Loaded<LtpaKeySet>(null, problem);
            }

            if (context.Options.LtpaKeyPassword == null)
            {
                return new Loaded<LtpaKeySet>(null, "The ltpa.keys password was not given (-KeyPassword), so the keys cannot be read.");
            }

            byte[] password = context.Options.LtpaKeyPassword;
            return context.Load("keys:" + path, () => LtpaKeyFile.Read(path!, password));
        }

        /// <summary>The Web SSO documents of one server's names.nsf export (or DAS URL).</summary>
        public static Loaded<List<WebSsoDocument>> SsoDocuments(ChecklistContext context, DominoServerDescription server)
        {
            var location = server.SsoDocument;
            if (location == null)
            {
                return new Loaded<List<WebSsoDocument>>(null, $"The Web SSO document of {server.Label} (SsoDocument) is not given.");
            }

            string? problem = location.IsUrl ? null : ChecklistContext.FileProblem(location.Value, $"The Web SSO document of {server.Label}");
            if (problem != null)
            {
                return new Loaded<List<WebSsoDocument>>(null, problem);
            }

            return context.Load("sso:" + location.Value, () =>
            {
                using (var store = OpenStore(context, location))
                {
                    var found = WebSsoDocuments.Find(store, context.Environment.ItemMap).ToList();
                    if (found.Count == 0)
                    {
                        throw new InvalidOperationException($"{location.Value} holds no Web SSO Configuration document.");
                    }

                    return found;
                }
            });
        }

        /// <summary>The one Web SSO document of a server that the checks use: the one with the expected name, else the only one.</summary>
        public static WebSsoDocument? Pick(List<WebSsoDocument> documents, string? expectedName) =>
            documents.FirstOrDefault(d => expectedName != null && string.Equals(d.Name, expectedName, StringComparison.Ordinal)) ?? documents.FirstOrDefault();

        /// <summary>The trusted IPs of a Community Server's Community Connectivity document.</summary>
        public static Loaded<List<TrustedIpEntry>> TrustedIps(ChecklistContext context, DominoServerDescription server)
        {
            var location = server.StConfigDocument;
            if (location == null)
            {
                return new Loaded<List<TrustedIpEntry>>(null, $"The Community Connectivity document of {server.DisplayName} (StConfigDocument) is not given.");
            }

            string? problem = location.IsUrl ? null : ChecklistContext.FileProblem(location.Value, $"The Community Connectivity document of {server.DisplayName}");
            if (problem != null)
            {
                return new Loaded<List<TrustedIpEntry>>(null, problem);
            }

            return context.Load("stconfig:" + location.Value, () =>
            {
                using (var store = OpenStore(context, location))
                {
                    return TrustedIpEntry.ListOf(CommunityConnectivityDocument.FindOne(store, context.Environment.ItemMap)).ToList();
                }
            });
        }

        /// <summary>Any Domino document export of the site, for the replication-conflict check.</summary>
        public static Loaded<List<NotesDocument>> Documents(ChecklistContext context, DocumentLocation location, string view)
        {
            string? problem = location.IsUrl ? null : ChecklistContext.FileProblem(location.Value, "The document");
            if (problem != null)
            {
                return new Loaded<List<NotesDocument>>(null, problem);
            }

            return context.Load("docs:" + view + ":" + location.Value, () =>
            {
                using (var store = OpenStore(context, location))
                {
                    return store.FindDocuments(new DocumentLookup(view)).ToList();
                }
            });
        }

        /// <summary>A sametime.ini, notes.ini or servlets.properties file, read losslessly.</summary>
        public static Loaded<ConfigDocument> Config(ChecklistContext context, string? path, ConfigFileFormat format, string what)
        {
            string? problem = ChecklistContext.FileProblem(path, what);
            if (problem != null)
            {
                return new Loaded<ConfigDocument>(null, problem);
            }

            return context.Load("config:" + path, () => ConfigFileEditor.Read(path!, format));
        }

        /// <summary>The SSC / proxy security configuration, when given.</summary>
        public static Loaded<SecurityConfiguration>? Security(ChecklistContext context)
        {
            string? path = context.Environment.Ssc.SecurityXml;
            if (path == null)
            {
                return null;
            }

            string? problem = ChecklistContext.FileProblem(path, "The security configuration");
            return problem != null ? new Loaded<SecurityConfiguration>(null, problem) : context.Load("ssc:" + path, () => SecurityConfiguration.Read(path));
        }

        private static INotesDocumentStore OpenStore(ChecklistContext context, DocumentLocation location)
        {
            if (!location.IsUrl)
            {
                return new DxlDocumentStore(location.Value);
            }

            NetworkCredential? credential = null;
            if (context.Options.DasUserName != null)
            {
                credential = new NetworkCredential(context.Options.DasUserName, context.Options.DasPassword);
            }

            var store = new DasDocumentStore(location.Value, credential, context.Options.Timeout);
            string? warning = DasDocumentStore.PlainHttpCredentialWarning(store.DatabaseUrl, credential?.UserName);
            if (warning != null)
            {
                context.Warn(warning);
            }

            return store;
        }
    }
}
