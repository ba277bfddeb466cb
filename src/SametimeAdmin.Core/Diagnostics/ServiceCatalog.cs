using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using SametimeAdmin.Common;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>How sure the catalogue is about a fact.</summary>
    public enum CatalogEvidence
    {
        /// <summary>Shown in IBM/HCL material.</summary>
        Confirmed,

        /// <summary>Deduced from secondary sources: verify on a real server.</summary>
        Inferred,

        /// <summary>Not found in any source.</summary>
        Unknown,
    }

    /// <summary>One Sametime service the checks expect on a Community Server.</summary>
    public sealed class StServiceDefinition
    {
        public StServiceDefinition(string name, string displayName, string? executable, CatalogEvidence evidence,
            CatalogEvidence executableEvidence, string? description, string? source)
        {
            Name = name;
            DisplayName = displayName;
            Executable = string.IsNullOrWhiteSpace(executable) ? null : executable;
            Evidence = evidence;
            ExecutableEvidence = executableEvidence;
            Description = description;
            Source = source;
        }

        /// <summary>The Windows service name.</summary>
        public string Name { get; }

        /// <summary>The name shown in services.msc.</summary>
        public string DisplayName { get; }

        /// <summary>Process name without ".exe"; null when unknown.</summary>
        public string? Executable { get; }

        /// <summary>Whether the display name is confirmed by IBM/HCL material or inferred.</summary>
        public CatalogEvidence Evidence { get; }

        public CatalogEvidence ExecutableEvidence { get; }

        public string? Description { get; }

        /// <summary>Where the entry comes from.</summary>
        public string? Source { get; }

        public override string ToString() => DisplayName;
    }

    /// <summary>
    /// The list of Sametime services a check expects. The built-in list describes a Domino-based Windows
    /// Community Server; an administrator can replace it with a CSV file of the same columns
    /// (Get-StServiceCatalog | Export-Csv writes one to start from).
    /// </summary>
    public sealed class StServiceCatalog
    {
        private static readonly Lazy<StServiceCatalog> DefaultCatalog = new Lazy<StServiceCatalog>(LoadDefault);
        private readonly Dictionary<string, StServiceDefinition> byName;

        private StServiceCatalog(IReadOnlyList<StServiceDefinition> services, string origin)
        {
            Services = services;
            Origin = origin;
            byName = new Dictionary<string, StServiceDefinition>(StringComparer.OrdinalIgnoreCase);
            foreach (var service in services)
            {
                byName[service.Name] = service;
                if (!byName.ContainsKey(service.DisplayName))
                {
                    byName[service.DisplayName] = service;
                }
            }
        }

        /// <summary>The 24 services of a Windows Community Server, as far as public sources tell.</summary>
        public static StServiceCatalog Default => DefaultCatalog.Value;

        public IReadOnlyList<StServiceDefinition> Services { get; }

        /// <summary>"built-in" or the path of the file the catalogue was read from.</summary>
        public string Origin { get; }

        /// <summary>Finds an entry by service name or display name (case-insensitive), also without an "ST " prefix.</summary>
        public StServiceDefinition? Find(string name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return null;
            }

            string trimmed = name.Trim();
            if (byName.TryGetValue(trimmed, out var found) || byName.TryGetValue("ST " + trimmed, out found))
            {
                return found;
            }

            return null;
        }

        /// <summary>Reads a catalogue file (CSV with a header line; '#' lines are comments).</summary>
        public static StServiceCatalog Load(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (FileNotFoundException ex)
            {
                throw new SametimeAdminException("CatalogFileNotFound", FailureKind.ObjectNotFound,
                    $"The service catalogue file '{path}' does not exist.", ex);
            }
            catch (DirectoryNotFoundException ex)
            {
                throw new SametimeAdminException("CatalogFileNotFound", FailureKind.ObjectNotFound,
                    $"The service catalogue file '{path}' does not exist.", ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SametimeAdminException("CatalogFileUnreadable", FailureKind.ReadError,
                    $"The service catalogue file '{path}' could not be read: {ex.Message}", ex);
            }

            return Parse(text, path);
        }

        /// <summary>Parses catalogue CSV text; <paramref name="origin"/> names it in error messages.</summary>
        public static StServiceCatalog Parse(string text, string origin)
        {
            var rows = CsvText.Parse(text);
            if (rows.Count == 0)
            {
                throw Invalid(origin, 0, "it has no header line. Expected the columns Name,DisplayName,Executable,Evidence,ExecutableEvidence,Description,Source (Get-StServiceCatalog | Export-Csv writes a valid file).");
            }

            var header = rows[0].Fields.Select(f => f.Trim()).ToList();
            int Column(string name) => header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            int nameColumn = Column("Name");
            int displayColumn = Column("DisplayName");
            if (nameColumn < 0 && displayColumn < 0)
            {
                throw Invalid(origin, rows[0].LineNumber, "the header has neither a Name nor a DisplayName column.");
            }

            int exeColumn = Column("Executable");
            int evidenceColumn = Column("Evidence");
            int exeEvidenceColumn = Column("ExecutableEvidence");
            int descriptionColumn = Column("Description");
            int sourceColumn = Column("Source");

            var services = new List<StServiceDefinition>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var row in rows.Skip(1))
            {
                string? Field(int index) => index >= 0 && index < row.Fields.Count ? row.Fields[index].Trim() : null;
                string? name = Field(nameColumn);
                string? display = Field(displayColumn);
                if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(display))
                {
                    throw Invalid(origin, row.LineNumber, "the entry has neither a Name nor a DisplayName.");
                }

                name = string.IsNullOrEmpty(name) ? display! : name!;
                display = string.IsNullOrEmpty(display) ? name : display!;
                if (!seen.Add(name))
                {
                    throw Invalid(origin, row.LineNumber, $"the service '{name}' is listed twice.");
                }

                services.Add(new StServiceDefinition(name, display, Field(exeColumn),
                    ParseEvidence(Field(evidenceColumn), origin, row.LineNumber, CatalogEvidence.Confirmed),
                    ParseEvidence(Field(exeEvidenceColumn), origin, row.LineNumber, CatalogEvidence.Unknown),
                    NullIfEmpty(Field(descriptionColumn)), NullIfEmpty(Field(sourceColumn))));
            }

            if (services.Count == 0)
            {
                throw Invalid(origin, 0, "it lists no services.");
            }

            return new StServiceCatalog(services, origin);
        }

        private static CatalogEvidence ParseEvidence(string? value, string origin, int line, CatalogEvidence fallback)
        {
            if (string.IsNullOrEmpty(value))
            {
                return fallback;
            }

            if (Enum.TryParse(value, true, out CatalogEvidence evidence) && Enum.IsDefined(typeof(CatalogEvidence), evidence))
            {
                return evidence;
            }

            throw Invalid(origin, line, $"'{value}' is not an evidence value (Confirmed, Inferred or Unknown).");
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

        private static SametimeAdminException Invalid(string origin, int line, string problem)
        {
            string where = line > 0 ? string.Format(CultureInfo.InvariantCulture, " (line {0})", line) : string.Empty;
            return new SametimeAdminException("CatalogFileInvalid", FailureKind.InvalidData,
                $"The service catalogue '{origin}'{where} cannot be used: {problem}")
            {
                RecommendedAction = "Start from the built-in catalogue: Get-StServiceCatalog | Export-Csv -NoTypeInformation -Path my-catalogue.csv, then edit it.",
            };
        }

        private static StServiceCatalog LoadDefault() => Parse(DefaultServiceCatalog.Csv, "built-in");
    }

    /// <summary>A small CSV reader (RFC 4180 quoting, '#' comment lines, any line ending).</summary>
    internal static class CsvText
    {
        internal sealed class Row
        {
            public Row(int lineNumber, List<string> fields)
            {
                LineNumber = lineNumber;
                Fields = fields;
            }

            public int LineNumber { get; }

            public List<string> Fields { get; }
        }

        public static List<Row> Parse(string text)
        {
            var rows = new List<Row>();
            int line = 1;
            int i = 0;
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                i = 1;
            }

            while (i < text.Length)
            {
                int rowLine = line;
                if (text[i] == '#')
                {
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }

                    i++;
                    line++;
                    continue;
                }

                var fields = new List<string>();
                var field = new StringBuilder();
                bool quoted = false;
                bool endOfRow = false;
                while (i < text.Length && !endOfRow)
                {
                    char c = text[i];
                    if (quoted)
                    {
                        if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        if (c == '"')
                        {
                            quoted = false;
                        }
                        else
                        {
                            if (c == '\n')
                            {
                                line++;
                            }

                            field.Append(c);
                        }

                        i++;
                        continue;
                    }

                    switch (c)
                    {
                        case '"':
                            quoted = true;
                            break;
                        case ',':
                            fields.Add(field.ToString());
                            field.Clear();
                            break;
                        case '\r':
                            break;
                        case '\n':
                            endOfRow = true;
                            line++;
                            break;
                        default:
                            field.Append(c);
                            break;
                    }

                    i++;
                }

                fields.Add(field.ToString());
                if (fields.Count > 1 || fields[0].Trim().Length > 0)
                {
                    rows.Add(new Row(rowLine, fields));
                }
            }

            return rows;
        }
    }
}
