using System.IO;
using System.Xml;
using System.Xml.Linq;

namespace SametimeAdmin.Common
{
    /// <summary>
    /// Reading XML files an administrator hands in that never carry a DTD (WebSphere security.xml, Liberty server.xml):
    /// a document type declaration is refused before any entity could be expanded ("billion laughs") and nothing is
    /// fetched from elsewhere. DXL, whose exports carry a DOCTYPE, is read with DtdProcessing.Ignore in DxlFile instead.
    /// </summary>
    public static class SafeXml
    {
        /// <summary>ErrorId of a file refused because it has a DOCTYPE.</summary>
        public const string ErrorDtd = "XmlDtdNotAllowed";

        /// <summary>
        /// Loads an XML file. Throws SametimeAdminException (<see cref="ErrorDtd"/>) when it has a DOCTYPE, and
        /// XmlException when it is not well-formed.
        /// </summary>
        /// <param name="path">The file.</param>
        /// <param name="kind">What the file is, for the message ("a Liberty server.xml or WebSphere security.xml").</param>
        public static XDocument LoadWithoutDtd(string path, string kind)
        {
            // The DTD is parsed (not prohibited) only so that its presence can be told apart from malformed XML; the
            // document is refused at the DOCTYPE node, before any reference to its entities is read.
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Parse,
                XmlResolver = null,
                MaxCharactersFromEntities = 4096,
                IgnoreProcessingInstructions = true,
            };
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (XmlReader reader = XmlReader.Create(stream, settings))
            {
                while (reader.Read() && reader.NodeType != XmlNodeType.Element)
                {
                    if (reader.NodeType == XmlNodeType.DocumentType)
                    {
                        throw new SametimeAdminException(ErrorDtd, FailureKind.InvalidData,
                            $"'{path}' contains a document type declaration (<!DOCTYPE {reader.Name} ...>), which {kind} never has; it was not read, so that no entity it declares is expanded.")
                        {
                            RecommendedAction = "Copy the file from the server again; if the copy really has a DOCTYPE, remove it and the entities it declares.",
                        };
                    }
                }

                return XDocument.Load(reader);
            }
        }
    }
}
