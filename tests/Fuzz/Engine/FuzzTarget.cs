using SametimeAdmin.Common;

namespace SametimeAdmin.Fuzz.Engine;

/// <summary>One starting input of a target: a fixture or test vector, with whatever the target needs to run it (a password, a format).</summary>
public sealed record FuzzSeed(string Name, byte[] Data, object? Context = null);

/// <summary>One generated input: the bytes, the seed they grew from (its context still applies) and how they were made.</summary>
public sealed record FuzzInput(byte[] Data, FuzzSeed Seed, string Mutation)
{
    public FuzzInput WithData(byte[] data) => this with { Data = data };
}

/// <summary>
/// An oracle saw an outcome that is wrong although no exception escaped (a forged token read as Valid, a document
/// that does not re-serialise byte for byte, a damaged key file that loads other keys).
/// </summary>
public sealed class WrongVerdictException : Exception
{
    public WrongVerdictException(string oracle, string message)
        : base(message)
    {
        Oracle = oracle;
    }

    /// <summary>Stable name of the broken rule; findings are grouped by it.</summary>
    public string Oracle { get; }
}

/// <summary>
/// One parser fed through the entry points the cmdlets use. <see cref="Run"/> throws what the parser throws; the
/// runner sorts that into the parser's documented failures (see <see cref="IsDocumented"/>) and findings.
/// </summary>
public abstract class FuzzTarget
{
    public abstract string Name { get; }

    /// <summary>What is fed through which entry point, for the summary.</summary>
    public abstract string Description { get; }

    public abstract IReadOnlyList<FuzzSeed> Seeds { get; }

    /// <summary>Extension of the scratch file the input is written to (readers that take a path).</summary>
    public virtual string FileExtension => ".txt";

    /// <summary>Builds the next input; targets add structure-aware mutations on top of the generic ones.</summary>
    public virtual FuzzInput Next(Mutator mutator)
    {
        FuzzSeed seed = mutator.Pick(Seeds);
        return mutator.Mutate(seed, Seeds);
    }

    /// <summary>Runs one input; throws <see cref="WrongVerdictException"/> when an oracle fails.</summary>
    public abstract void Run(FuzzInput input, FuzzScratch scratch);

    /// <summary>The failures the parser's contract allows: by default the module's typed error.</summary>
    public virtual bool IsDocumented(Exception exception) => exception is SametimeAdminException;
}

/// <summary>A worker's own scratch file (a parser that takes a path reads the input from it).</summary>
public sealed class FuzzScratch
{
    private readonly string directory;
    private readonly string prefix;

    public FuzzScratch(string directory, string prefix)
    {
        this.directory = directory;
        this.prefix = prefix;
    }

    public string Write(byte[] data, string extension)
    {
        string path = Path.Combine(directory, prefix + extension);
        File.WriteAllBytes(path, data);
        return path;
    }

    /// <summary>A second file in the scratch folder (for example a canary an XML entity may try to read).</summary>
    public string PathOf(string name) => Path.Combine(directory, name);
}
