using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Inventory
{
    /// <summary>
    /// The product version files of the site's servers: a traditional WebSphere profile's
    /// properties/version/*.product (XML: &lt;product name&gt;&lt;id/&gt;&lt;version/&gt;&lt;build-info date level/&gt;&lt;/product&gt;),
    /// a Liberty lib/versions/*.properties (com.ibm.websphere.productName/productVersion/productEdition) and the
    /// Community Server's buildinfo.txt, which the guide (2.4) only says "stores current version number": its first
    /// non-empty line is taken as the version as it stands.
    /// </summary>
    public static class VersionFile
    {
        /// <summary>ErrorId of a version file in which no version was found.</summary>
        public const string ErrorNoVersion = "InventoryVersionNotFound";

        /// <summary>Reads the version of one file; the kind is told by the file name.</summary>
        public static InventoryItem Read(string path, string server)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            string name = Path.GetFileName(path);
            if (name.EndsWith(".product", StringComparison.OrdinalIgnoreCase))
            {
                return ReadProduct(path, server);
            }

            if (name.EndsWith(".properties", StringComparison.OrdinalIgnoreCase))
            {
                return ReadProperties(path, server);
            }

            string? line = File.ReadAllLines(path, Encoding.UTF8).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
            return line != null
                ? new InventoryItem(server, InventoryKind.Version, name, line, path)
                : throw NoVersion(path, "it is empty");
        }

        private static InventoryItem ReadProduct(string path, string server)
        {
            // WAS.product carries <!DOCTYPE product PUBLIC "productId" "product.dtd">: ignored, never fetched.
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreProcessingInstructions = true };
            XDocument doc;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = XmlReader.Create(stream, settings))
            {
                doc = XDocument.Load(reader);
            }

            var product = doc.Root;
            string? version = product?.Element("version")?.Value.Trim();
            if (product == null || product.Name.LocalName != "product" || string.IsNullOrEmpty(version))
            {
                throw NoVersion(path, "it has no <product><version> element");
            }

            string productName = (string?)product.Attribute("name") ?? product.Element("id")?.Value.Trim() ?? Path.GetFileNameWithoutExtension(path);
            var build = product.Element("build-info");
            string? level = (string?)build?.Attribute("level");
            return new InventoryItem(server, InventoryKind.Version, productName, level == null ? version! : $"{version} ({level})", path);
        }

        private static InventoryItem ReadProperties(string path, string server)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string raw in File.ReadAllLines(path, Encoding.UTF8))
            {
                string line = raw.Trim();
                int eq = line.IndexOf('=');
                if (line.Length == 0 || line[0] == '#' || line[0] == '!' || eq <= 0)
                {
                    continue;
                }

                values[line.Substring(0, eq).Trim()] = line.Substring(eq + 1).Trim();
            }

            if (!values.TryGetValue("com.ibm.websphere.productVersion", out string? version) || version.Length == 0)
            {
                throw NoVersion(path, "it has no com.ibm.websphere.productVersion line");
            }

            values.TryGetValue("com.ibm.websphere.productName", out string? productName);
            values.TryGetValue("com.ibm.websphere.productEdition", out string? edition);
            string label = productName ?? Path.GetFileNameWithoutExtension(path);
            if (!string.IsNullOrEmpty(edition))
            {
                label += " (" + edition + ")";
            }

            return new InventoryItem(server, InventoryKind.Version, label, version, path);
        }

        private static SametimeAdminException NoVersion(string path, string why) =>
            new SametimeAdminException(ErrorNoVersion, FailureKind.InvalidData, $"No version was found in '{path}': {why}.")
            {
                RecommendedAction = "Copy the version file again (WebSphere: properties/version/WAS.product; Liberty: lib/versions/*.properties; Sametime: buildinfo.txt).",
            };
    }
}
