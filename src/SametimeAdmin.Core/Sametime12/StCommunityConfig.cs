using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Sametime12
{
    /// <summary>
    /// StCommunityConfig.xml, which replaces stconfig.nsf in Sametime 12 (HCL "Configuration files", 12.0.1: "LDAP
    /// settings and more"). Read only: HCL publishes the &lt;LDAP&gt; section but no element for the community's trusted
    /// IPs, so no part of it is edited and the trusted-IP cmdlets stay with stconfig.nsf.
    /// </summary>
    public sealed class StCommunityConfig
    {
        /// <summary>The file names looked for in a Docker install folder: copied out of the container as HCL's LDAP procedures do.</summary>
        public static readonly string[] Locations = { "StCommunityConfig.xml", System.IO.Path.Combine("extra-community-config", "StCommunityConfig.xml") };

        /// <summary>Why nothing in the file is edited.</summary>
        public const string ReadOnlyReason =
            "StCommunityConfig.xml is read only: HCL documents its <LDAP> section but no element for the community's trusted IPs, so SametimeAdmin does not edit it.";

        private StCommunityConfig(string path, string rootElement, IReadOnlyList<string> sections)
        {
            Path = path;
            RootElement = rootElement;
            Sections = sections;
        }

        public string Path { get; }

        public string RootElement { get; }

        /// <summary>The names of the root's child elements, in file order, each once.</summary>
        public IReadOnlyList<string> Sections { get; }

        /// <summary>Reads the file (no DTD; well-formed XML required).</summary>
        public static StCommunityConfig Read(string path)
        {
            string full = System.IO.Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new SametimeAdminException("Sametime12FileNotFound", FailureKind.ObjectNotFound, $"'{full}' does not exist.");
            }

            try
            {
                XDocument document = SafeXml.LoadWithoutDtd(full, "StCommunityConfig.xml");
                XElement root = document.Root!;
                return new StCommunityConfig(full, root.Name.LocalName, root.Elements().Select(e => e.Name.LocalName).Distinct(StringComparer.Ordinal).ToList());
            }
            catch (XmlException ex)
            {
                throw new SametimeAdminException("InvalidCommunityConfig", FailureKind.InvalidData,
                    $"'{full}' is not well-formed XML (line {ex.LineNumber}): {ex.Message} The community server would not read it either.", ex);
            }
        }

        /// <summary>The file in a Docker install folder, or null.</summary>
        public static string? Find(string folder) =>
            Locations.Select(l => System.IO.Path.Combine(folder, l)).FirstOrDefault(File.Exists);
    }
}
