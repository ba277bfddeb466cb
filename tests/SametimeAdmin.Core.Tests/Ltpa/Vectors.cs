using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Tests.Ltpa;

/// <summary>Access to the reference vectors in fixtures/vectors (produced by the reference implementations, see SOURCE.md there).</summary>
internal static class Vectors
{
    private static readonly ConcurrentDictionary<string, LtpaKeySet> KeySets = new();

    public static JsonElement Load(string file) => JsonDocument.Parse(Fixtures.ReadText("vectors", file)).RootElement;

    public static IEnumerable<string> AllJsonFiles() =>
        Directory.GetFiles(Fixtures.PathOf("vectors"), "*.json").Select(Path.GetFileName).OfType<string>().OrderBy(f => f, StringComparer.Ordinal);

    public static IEnumerable<JsonElement> Items(string file) => Load(file).GetProperty("vectors").EnumerateArray();

    public static JsonElement Item(string file, string id) => Items(file).Single(v => v.GetProperty("id").GetString() == id);

    public static IEnumerable<object[]> Ids(string file) => Items(file).Select(v => new object[] { v.GetProperty("id").GetString()! });

    /// <summary>The key set of a vector file (key file + password named in the file), read once.</summary>
    public static LtpaKeySet KeysFor(string file)
    {
        JsonElement root = Load(file);
        string keyFile = root.GetProperty("keyfile").GetString()!;
        string password = root.GetProperty("password").GetString()!;
        return KeySets.GetOrAdd(keyFile + "\n" + password, _ => LtpaKeyFile.Read(Fixtures.PathOf("vectors", keyFile), Encoding.UTF8.GetBytes(password)));
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    public static string ToHex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    public static string? String(this JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static DateTimeOffset Millis(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
