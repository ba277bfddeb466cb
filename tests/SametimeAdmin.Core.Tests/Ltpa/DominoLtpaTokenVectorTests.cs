using System.Text.Json;
using SametimeAdmin.Common;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Ltpa;

public class DominoLtpaTokenVectorTests
{
    private static readonly JsonElement Root = Vectors.Load("domino-dev.json");
    private static readonly byte[] Secret = Convert.FromBase64String(Root.GetProperty("domino_secret_base64").GetString()!);

    public static IEnumerable<object[]> Npm() => Vectors.Ids("domino-dev.json");

    public static IEnumerable<object[]> UpperCase() =>
        Root.GetProperty("uppercase_hex_vectors").EnumerateArray().Select(v => new object[] { v.GetProperty("id").GetString()! });

    private static JsonElement NpmVector(string id) => Vectors.Item("domino-dev.json", id);

    private static JsonElement UpperVector(string id) => Root.GetProperty("uppercase_hex_vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id);

    internal static LtpaTokenVerdict MapNpm(string verdict) => verdict switch
    {
        "valid" => LtpaTokenVerdict.Valid,
        "Error: Ltpa Token has expired" => LtpaTokenVerdict.Expired,
        "Error: Ltpa Token not yet valid" => LtpaTokenVerdict.NotYetValid,
        "Error: Ltpa Token signature doesn't validate" => LtpaTokenVerdict.BadSignature,
        "Error: Incorrect magic string" => LtpaTokenVerdict.Malformed,
        _ => throw new InvalidOperationException("Unknown reference verdict " + verdict),
    };

    [Fact]
    public void TheSecretIsTheDocumentedOne() => Assert.Equal(Root.GetProperty("domino_secret_hex").GetString(), Vectors.ToHex(Secret));

    [Theory]
    [MemberData(nameof(Npm))]
    public void EveryReferenceVerdictIsReproduced(string id)
    {
        JsonElement vector = NpmVector(id);
        byte[] secret = vector.TryGetProperty("input", out JsonElement input) && input.String("secret_used_for_validation_base64") is string other
            ? Convert.FromBase64String(other) : Secret;
        foreach (JsonElement verdict in vector.GetProperty("reference_verdicts").EnumerateArray())
        {
            // npm ltpa's non-strict mode recomputes the end as creation + validity + 2 * grace; with grace 0 that is the token's own end.
            var options = new LtpaValidationOptions { Now = Vectors.Millis(verdict.GetProperty("now_ms").GetInt64()) };
            LtpaTokenInfo info = DominoLtpaToken.Decode(vector.GetProperty("token").GetString()!, secret, options);
            Assert.True(MapNpm(verdict.GetProperty("verdict").GetString()!) == info.Verdict, $"{id} at {verdict}: {info.Verdict} {info.Reason}");
        }
    }

    [Theory]
    [MemberData(nameof(Npm))]
    public void FieldsAndMintingMatchTheNpmReference(string id)
    {
        JsonElement vector = NpmVector(id);
        if (!vector.TryGetProperty("expected", out JsonElement expected))
        {
            return; // negative vectors: verdicts only
        }

        JsonElement input = vector.GetProperty("input");
        string token = vector.GetProperty("token").GetString()!;
        Assert.Equal(expected.GetProperty("token_hex").GetString(), Vectors.ToHex(Convert.FromBase64String(token)));
        LtpaTokenInfo info = DominoLtpaToken.Decode(token, Secret, new LtpaValidationOptions { Now = Vectors.Millis(1767225601000) });
        Assert.Equal(expected.GetProperty("getUserName_roundtrip").GetString(), info.User);
        Assert.Equal(expected.GetProperty("creation_s").GetInt64(), info.Creation!.Value.ToUnixTimeSeconds());
        Assert.Equal(expected.GetProperty("expiration_s").GetInt64(), info.Expiration!.Value.ToUnixTimeSeconds());
        Assert.Contains(info.Notes, n => n.Contains("lower-case", StringComparison.Ordinal));

        // npm ltpa writes lower-case hex and substitutes '?' for characters outside CP850.
        DateTimeOffset created = DateTimeOffset.FromUnixTimeSeconds(input.GetProperty("time_start_s").GetInt64());
        string minted = DominoLtpaToken.Mint(input.GetProperty("user_name").GetString()!, created, created.AddSeconds(input.GetProperty("validity_s").GetInt64()), Secret, upperCaseHex: false, substituteUnencodable: true);
        Assert.Equal(token, minted);
    }

    [Fact]
    public void NamesOutsideCodePage850AreRefusedByDefault()
    {
        var ex = Assert.Throws<SametimeAdminException>(() => DominoLtpaToken.Mint("CN=Łukasz Żółć/O=Example", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), Secret));
        Assert.Equal("DominoUserNameNotEncodable", ex.ErrorId);
        Assert.Contains("Ł", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UpperCase))]
    public void UpperCaseDominoStyleTokensDecodeAndMintByteForByte(string id)
    {
        JsonElement vector = UpperVector(id);
        JsonElement expected = vector.GetProperty("expected");
        JsonElement input = vector.GetProperty("input");
        string token = vector.GetProperty("token").GetString()!;
        long created = input.GetProperty("creation_s").GetInt64();
        DateTimeOffset creation = DateTimeOffset.FromUnixTimeSeconds(created);

        Assert.Equal(token, DominoLtpaToken.Mint(input.GetProperty("user_name").GetString()!, creation, creation.AddMinutes(input.GetProperty("duration_minutes").GetInt32()), Secret));

        LtpaTokenInfo info = DominoLtpaToken.Decode(token, Secret, new LtpaValidationOptions { Now = creation.AddSeconds(1) });
        Assert.Equal(LtpaTokenVerdict.Valid, info.Verdict);
        Assert.Equal(input.GetProperty("user_name").GetString(), info.User);
        Assert.Equal(expected.GetProperty("expiration_s").GetInt64(), info.Expiration!.Value.ToUnixTimeSeconds());
        Assert.Empty(info.Notes);

        foreach (JsonElement verdict in vector.GetProperty("reference_verdicts").EnumerateArray())
        {
            if (verdict.TryGetProperty("now_ms", out JsonElement now))
            {
                var at = new LtpaValidationOptions { Now = Vectors.Millis(now.GetInt64()) };
                Assert.Equal(MapNpm(verdict.GetProperty("verdict").GetString()!), DominoLtpaToken.Decode(token, Secret, at).Verdict);
            }
            else if (verdict.GetProperty("result").GetProperty("result").GetString() == "parsed")
            {
                Assert.Equal(verdict.GetProperty("result").GetProperty("username").GetString(), info.User);
                Assert.Equal(verdict.GetProperty("result").GetProperty("expires_ms").GetInt64(), info.Expiration.Value.ToUnixTimeMilliseconds());
            }
            else
            {
                // The Java reference overflows after 2038 (signed parse); unsigned 32-bit times decode fine.
                Assert.Contains("NumberFormatException", verdict.GetProperty("result").GetProperty("exception").GetString(), StringComparison.Ordinal);
                Assert.True(created > int.MaxValue);
            }
        }
    }

    [Fact]
    public void ClockSkewAndStructureChecks()
    {
        string token = NpmVector("domino-dev-01-canonical").GetProperty("token").GetString()!;
        var late = new LtpaValidationOptions { Now = Vectors.Millis(1767232801000), ClockSkew = TimeSpan.FromSeconds(5) };
        Assert.Equal(LtpaTokenVerdict.Valid, DominoLtpaToken.Decode(token, Secret, late).Verdict);
        Assert.Equal(LtpaTokenVerdict.Unverified, DominoLtpaToken.Decode(token, null, late).Verdict);

        byte[] raw = Convert.FromBase64String(token);
        Assert.Equal(LtpaTokenVerdict.Malformed, DominoLtpaToken.Decode(Convert.ToBase64String(raw.AsSpan(0, 40).ToArray()), Secret, late).Verdict);
        raw[5] = (byte)'g';
        Assert.Equal(LtpaTokenVerdict.Malformed, DominoLtpaToken.Decode(Convert.ToBase64String(raw), Secret, late).Verdict);
        Assert.Equal(LtpaTokenVerdict.Malformed, DominoLtpaToken.Decode("not base64!", Secret, late).Verdict);
    }
}
