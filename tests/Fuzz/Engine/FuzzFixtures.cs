using System.Text;
using System.Text.Json;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Fuzz.Engine;

/// <summary>The repository's fixtures (tests/fixtures) and test vectors: the seeds, and the key sets the token target verifies with.</summary>
public sealed class FuzzFixtures
{
    public FuzzFixtures(string root)
    {
        if (!Directory.Exists(Path.Combine(root, "vectors")))
        {
            throw new DirectoryNotFoundException($"'{root}' is not the fixtures folder (it has no vectors folder).");
        }

        Root = root;
    }

    public string Root { get; }

    /// <summary>The fixtures folder above <paramref name="start"/> (tests/fixtures) or beside it (fixtures, as copied to a test output folder).</summary>
    public static FuzzFixtures Locate(string start)
    {
        for (string? dir = Path.GetFullPath(start); dir != null; dir = Path.GetDirectoryName(dir))
        {
            foreach (string candidate in new[] { Path.Combine(dir, "tests", "fixtures"), Path.Combine(dir, "fixtures") })
            {
                if (Directory.Exists(Path.Combine(candidate, "vectors")))
                {
                    return new FuzzFixtures(candidate);
                }
            }
        }

        throw new DirectoryNotFoundException($"No tests/fixtures folder was found above '{start}'; give it with --fixtures.");
    }

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Seeds from every file of a folder matching the patterns (sorted, so runs are repeatable).</summary>
    public List<FuzzSeed> Files(string folder, params string[] patterns)
    {
        string dir = PathOf(folder);
        return patterns.SelectMany(p => Directory.GetFiles(dir, p, SearchOption.AllDirectories))
            .Distinct()
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new FuzzSeed(Path.GetRelativePath(Root, f).Replace('\\', '/'), File.ReadAllBytes(f)))
            .ToList();
    }

    public JsonDocument Json(string vectorFile) => JsonDocument.Parse(File.ReadAllBytes(PathOf("vectors", vectorFile)));

    /// <summary>The key files of the vectors with their passwords (from the vector JSON files that describe them).</summary>
    public IReadOnlyList<(string File, string Password)> KeyFiles()
    {
        var result = new List<(string, string)>();
        foreach (string json in new[] { "keyfile-dev.json", "keyfile-dev-d129.json", "keyfile-twas-mar400.json", "twas-amlen-2013.json" })
        {
            using JsonDocument doc = Json(json);
            result.Add((doc.RootElement.GetProperty("keyfile").GetString()!, doc.RootElement.GetProperty("password").GetString()!));
        }

        return result;
    }

    public IReadOnlyList<LtpaKeySet> KeySets() =>
        KeyFiles().Select(k => LtpaKeyFile.Read(PathOf("vectors", k.File), Encoding.UTF8.GetBytes(k.Password))).ToList();

    public byte[] DominoSecret()
    {
        using JsonDocument doc = Json("domino-dev.json");
        return Convert.FromBase64String(doc.RootElement.GetProperty("domino_secret_base64").GetString()!);
    }

    /// <summary>Every token of the vector files: (id, format kind, cookie value).</summary>
    public IReadOnlyList<(string Id, string Token)> Tokens()
    {
        var result = new List<(string, string)>();
        foreach (string file in Directory.GetFiles(PathOf("vectors"), "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (string list in new[] { "vectors", "uppercase_hex_vectors" })
            {
                if (!doc.RootElement.TryGetProperty(list, out JsonElement vectors))
                {
                    continue;
                }

                foreach (JsonElement v in vectors.EnumerateArray())
                {
                    if (v.TryGetProperty("token", out JsonElement token) && token.ValueKind == JsonValueKind.String)
                    {
                        result.Add((v.GetProperty("id").GetString()!, token.GetString()!));
                    }
                }
            }
        }

        return result;
    }
}
