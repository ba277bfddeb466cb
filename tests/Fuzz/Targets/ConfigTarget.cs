using SametimeAdmin.ConfigFiles;
using SametimeAdmin.Fuzz.Engine;

namespace SametimeAdmin.Fuzz.Targets;

/// <summary>
/// sametime.ini / notes.ini ("ini") or java.util.Properties files ("properties") parsed by ConfigDocument and edited
/// as Set-StSetting and Remove-StSetting do. Oracles: a document written back unchanged is byte-identical; after
/// adding, changing or removing one setting, re-reading the result shows that setting as intended and every other
/// setting unchanged (for properties files also when re-read with Java's rules, JavaProperties).
/// </summary>
public sealed class ConfigTarget : FuzzTarget
{
    private const string AddedName = "FuzzAdded";
    private const string NewValue = "fuzz-value";

    private readonly List<FuzzSeed> seeds;
    private readonly bool properties;

    public ConfigTarget(FuzzFixtures fixtures, bool properties)
    {
        this.properties = properties;
        if (properties)
        {
            seeds = fixtures.Files("configfiles", "*.properties").Concat(fixtures.Files("vectors", "*.keys")).Concat(fixtures.Files("mustgather", "*.keys"))
                .Select(s => s with { Context = ConfigFileFormat.JavaProperties }).ToList();
        }
        else
        {
            seeds = fixtures.Files("configfiles", "*.ini").Concat(fixtures.Files("mustgather", "*.ini"))
                .Select(s => s with { Context = s.Name.Contains("notes", StringComparison.OrdinalIgnoreCase) ? ConfigFileFormat.NotesIni : ConfigFileFormat.SametimeIni })
                .ToList();
        }
    }

    public override string Name => properties ? "properties" : "ini";

    public override string Description => properties
        ? "properties files through ConfigDocument.Parse, Set, Remove and ToBytes, cross-checked with JavaProperties"
        : "sametime.ini / notes.ini through ConfigDocument.Parse, Set, Remove and ToBytes";

    public override IReadOnlyList<FuzzSeed> Seeds => seeds;

    public override string FileExtension => properties ? ".properties" : ".ini";

    public override void Run(FuzzInput input, FuzzScratch scratch)
    {
        var format = (ConfigFileFormat)input.Seed.Context!;
        ConfigDocument document = Parse(input.Data, format);
        IReadOnlyList<ConfigEntry> entries = document.Entries;
        if (!document.Text.ToBytes().AsSpan().SequenceEqual(input.Data))
        {
            throw new WrongVerdictException("RoundTripNotIdentical", "the document written back without an edit differs from the bytes read");
        }

        bool sections = format == ConfigFileFormat.SametimeIni;
        string? section = sections ? entries.Select(e => e.Section).FirstOrDefault(s => !string.IsNullOrEmpty(s)) ?? "Config" : null;
        Edit(input.Data, format, section, AddedName, NewValue, expectAdded: true);

        ConfigEntry? existing = entries.FirstOrDefault(e => !sections || !string.IsNullOrEmpty(e.Section));
        if (existing != null)
        {
            Edit(input.Data, format, existing.Section, existing.Name, NewValue, expectAdded: false);
            Edit(input.Data, format, existing.Section, existing.Name, null, expectAdded: false);
        }
    }

    private static ConfigDocument Parse(byte[] data, ConfigFileFormat format) => ConfigDocument.Parse(data, format, "fuzz", "\r\n");

    /// <summary>Sets (or, with a null value, removes) one setting and checks the re-read result.</summary>
    private void Edit(byte[] data, ConfigFileFormat format, string? section, string name, string? value, bool expectAdded)
    {
        ConfigDocument document = Parse(data, format);
        StringComparer names = properties ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        bool Same(ConfigEntry e) => names.Equals(e.Name, name) && (section == null || string.Equals(e.Section, section, StringComparison.OrdinalIgnoreCase));
        var othersBefore = document.Entries.Where(e => !Same(e)).Select(e => (e.Section, e.Name, e.Value)).ToList();
        JavaProperties? javaBefore = properties ? TryJava(document) : null;

        string what = value == null ? "removing" : expectAdded ? "adding" : "changing";
        ConfigEditOutcome outcome = value == null ? document.Remove(section, name) : document.Set(section, name, value);
        ConfigDocument after = Parse(document.Text.ToBytes(), format);
        var othersAfter = after.Entries.Where(e => !Same(e)).Select(e => (e.Section, e.Name, e.Value)).ToList();
        if (!othersBefore.SequenceEqual(othersAfter))
        {
            throw new WrongVerdictException("EditChangedOtherSettings", $"{what} '{name}' ({outcome.Action}) changed other settings of the file");
        }

        var found = after.Entries.Where(Same).ToList();
        bool ok = value == null ? found.Count == 0 : found.Count > 0 && found.All(e => e.Value == value) && (!expectAdded || found.Count == 1);
        if (!ok)
        {
            throw new WrongVerdictException("EditNotReadBack", $"{what} '{name}' reported {outcome.Action}, but the file read back holds {found.Count} such setting(s)");
        }

        if (javaBefore != null)
        {
            JavaProperties? javaAfter = TryJava(after);
            bool javaOk = javaAfter != null
                && javaBefore.Keys.Where(k => k != name).All(k => javaAfter[k] == javaBefore[k])
                && javaAfter.Keys.All(k => k == name || javaBefore.ContainsKey(k))
                && javaAfter[name] == value;
            if (!javaOk)
            {
                throw new WrongVerdictException("EditWrongForJava", $"{what} '{name}' ({outcome.Action}) gives another result when the file is read with Java's rules");
            }
        }
    }

    private static JavaProperties? TryJava(ConfigDocument document)
    {
        try
        {
            return JavaProperties.Parse(string.Join("\n", Enumerable.Range(0, document.Text.Count).Select(i => document.Text[i])));
        }
        catch (Common.SametimeAdminException)
        {
            return null;
        }
    }
}
