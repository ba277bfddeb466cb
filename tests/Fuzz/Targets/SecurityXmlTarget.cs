using SametimeAdmin.Checklist;
using SametimeAdmin.Fuzz.Engine;

namespace SametimeAdmin.Fuzz.Targets;

/// <summary>
/// Liberty server.xml and WebSphere security.xml read by SecurityConfiguration.Read (the checklist's SSC and proxy
/// checks). Structure-aware: values change while the XML stays
/// well-formed, and DTDs with entities are inserted. Oracles: no external entity is read, expansion stays bounded.
/// </summary>
public sealed class SecurityXmlTarget : FuzzTarget
{
    private readonly List<FuzzSeed> seeds;

    public SecurityXmlTarget(FuzzFixtures fixtures)
    {
        seeds = fixtures.Files("checklist", "*.xml").Concat(fixtures.Files("mustgather", "*.xml")).ToList();
    }

    public override string Name => "serverxml";

    public override string Description => "server.xml / security.xml through SecurityConfiguration.Read";

    public override IReadOnlyList<FuzzSeed> Seeds => seeds;

    public override string FileExtension => ".xml";

    public override FuzzInput Next(Mutator mutator) => XmlMutations.NextMixed(mutator, seeds, 6, 3);

    public override void Run(FuzzInput input, FuzzScratch scratch)
    {
        string path = scratch.Write(input.Data, FileExtension);
        SecurityConfiguration config = SecurityConfiguration.Read(path);
        string?[] values = { config.Kind, config.Domain, config.CookieName, config.Realm, config.LdapHost };
        XmlOracles.Check(values.Any(v => v != null && v.Contains(XmlMutations.CanaryText, StringComparison.Ordinal)),
            values.Sum(v => (long)(v?.Length ?? 0)), input.Data.Length);
    }
}
