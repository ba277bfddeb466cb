using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Diagnostics
{
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
                throw Invalid(origin, 0, "it has no header line. Expected the columns Name,DisplayName,Executable,Evidence,ExecutableEvidence,Description,Source (" + ModuleCommands.GetStServiceCatalogExportCsv + " writes a valid file).");
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
                RecommendedAction = "Start from the built-in catalogue: " + ModuleCommands.GetStServiceCatalogExportCsvPath + " my-catalogue.csv, then edit it.",
            };
        }

        private static StServiceCatalog LoadDefault() => Parse(DefaultServiceCatalog.Csv, "built-in");
    }
}
