using SametimeAdmin.Fuzz.Engine;

namespace SametimeAdmin.Fuzz.Targets;

/// <summary>Every fuzz target, in the order they run.</summary>
public static class FuzzTargets
{
    public static readonly string[] Names = { "keyfile", "token", "dxl", "ini", "properties", "ssotrace", "startuplog", "serverxml", "har" };

    public static FuzzTarget Create(string name, FuzzFixtures fixtures) => name switch
    {
        "keyfile" => new KeyFileTarget(fixtures),
        "token" => new TokenTarget(fixtures),
        "dxl" => new DxlTarget(fixtures),
        "ini" => new ConfigTarget(fixtures, properties: false),
        "properties" => new ConfigTarget(fixtures, properties: true),
        "ssotrace" => new LogTarget(fixtures, startup: false),
        "startuplog" => new LogTarget(fixtures, startup: true),
        "serverxml" => new SecurityXmlTarget(fixtures),
        "har" => new HarTarget(fixtures),
        _ => throw new ArgumentException($"Unknown fuzz target '{name}'; the targets are {string.Join(", ", Names)}.", nameof(name)),
    };
}
