using System.Globalization;
using System.Text;
using SametimeAdmin.Common;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Ltpa;

/// <summary>How tokens are judged beyond the reference vectors: realms, user data as Liberty parses it, -Strict, Domino headers.</summary>
public class LtpaRulesTests
{
    private static readonly DateTimeOffset Expiration = DateTimeOffset.FromUnixTimeMilliseconds(4102444800000);
    private static readonly LtpaValidationOptions Before = new() { Now = Expiration.AddHours(-1) };
    private static readonly byte[] DominoSecret = Convert.FromBase64String(Vectors.Load("domino-dev.json").GetProperty("domino_secret_base64").GetString()!);

    private static LtpaKeySet Keys => Vectors.KeysFor("ltpa2-dev.json");

    [Fact]
    public void A_token_for_another_realm_than_the_key_sets_is_valid_with_a_note()
    {
        Assert.Equal("defaultRealm", Keys.Realm);
        LtpaTokenInfo other = LtpaToken2.Decode(LtpaToken2.Mint(Keys, "user:ldap.example.com:389/alice", Expiration), Keys, Before);
        Assert.Equal(LtpaTokenVerdict.Valid, other.Verdict);
        Assert.Contains(other.Notes, n => n.Contains("realm 'ldap.example.com:389'", StringComparison.Ordinal) && n.Contains("'defaultRealm'", StringComparison.Ordinal));

        LtpaTokenInfo v1 = WebSphereLtpaToken.Decode(WebSphereLtpaToken.Mint(Keys, "user:ldap.example.com:389/alice", Expiration), Keys, Before);
        Assert.Contains(v1.Notes, n => n.Contains("realm 'ldap.example.com:389'", StringComparison.Ordinal));

        LtpaTokenInfo same = LtpaToken2.Decode(LtpaToken2.Mint(Keys, "user:defaultRealm/alice", Expiration), Keys, Before);
        Assert.DoesNotContain(same.Notes, n => n.Contains("realm", StringComparison.Ordinal));
    }

    [Fact]
    public void User_data_segments_without_a_colon_or_values_are_dropped_as_Liberty_drops_them()
    {
        var parsed = LtpaUserData.Parse("expire:1$junk$u:user\\:r/alice$groups:$roles:|$host:a$host:b");
        Assert.Equal(["expire", "u", "host"], parsed.Keys.ToArray());
        Assert.Equal(["b"], parsed["host"]);
        Assert.Equal(["host"], LtpaUserData.RepeatedAttributes("host:a$host:b$u:x"));

        // Liberty's re-serialization of the same data: only what it kept, sorted.
        Assert.Equal("expire:1$host:b$u:user\\:r/alice", LtpaUserData.Canonicalize("expire:1$junk$u:user\\:r/alice$groups:$host:a$host:b"));

        var withEmpty = new List<KeyValuePair<string, IReadOnlyList<string>>>
        {
            new("u", ["user:r/alice"]),
            new("groups", Array.Empty<string>()),
        };
        Assert.Equal("u:user\\:r/alice", LtpaUserData.Serialize(withEmpty));
    }

    [Fact]
    public void Minting_refuses_an_attribute_with_an_empty_value()
    {
        var ex = Assert.Throws<SametimeAdminException>(() => LtpaToken2.Mint(Keys, "user:defaultRealm/alice", Expiration, [new("groups", string.Empty)]));
        Assert.Equal(("TokenAttributeInvalid", FailureKind.InvalidArgument), (ex.ErrorId, ex.Kind));
        Assert.Contains("groups", ex.Message, StringComparison.Ordinal);
        Assert.Throws<SametimeAdminException>(() => LtpaToken2.Mint(Keys, "user:defaultRealm/alice", Expiration, [new("groups", "a"), new("groups", string.Empty)]));
    }

    [Fact]
    public void A_token_with_a_segment_Liberty_drops_is_valid_but_not_under_strict()
    {
        // Signed correctly over bytes that carry a colon-less segment: Liberty re-serializes without it and rejects.
        string token = LtpaToken2.Seal(Keys, "expire:4102444800000$note$u:user\\:defaultRealm/alice", "4102444800000");
        LtpaTokenInfo lenient = LtpaToken2.Decode(token, Keys, Before);
        Assert.Equal(LtpaTokenVerdict.Valid, lenient.Verdict);
        Assert.False(lenient.Attributes.ContainsKey("note"));
        Assert.Equal(LtpaTokenVerdict.BadSignature, LtpaToken2.Decode(token, Keys, new LtpaValidationOptions { Now = Before.Now, LibertyStrict = true }).Verdict);
    }

    [Fact]
    public void Strict_follows_current_Liberty_for_two_fields_the_expiration_difference_and_the_order_of_checks()
    {
        LtpaValidationOptions Strict(TimeSpan? limit, DateTimeOffset? now = null) => new() { Now = now ?? Before.Now, LibertyStrict = true, MaxExpirationDifference = limit };
        string userData = "expire:4102444800000$u:user\\:defaultRealm/alice";

        // Two fields with a signed expire attribute: accepted.
        LtpaTokenInfo twoFields = LtpaToken2.Decode(LtpaToken2.Seal(Keys, userData, null), Keys, Strict(TimeSpan.FromSeconds(3)));
        Assert.Equal(LtpaTokenVerdict.Valid, twoFields.Verdict);
        Assert.Contains(twoFields.Notes, n => n.Contains("two-field", StringComparison.Ordinal));

        // Two fields without it: no expiration at all.
        Assert.Equal(LtpaTokenVerdict.Malformed, LtpaToken2.Decode(LtpaToken2.Seal(Keys, "u:user\\:defaultRealm/alice", null), Keys, Strict(TimeSpan.FromSeconds(3))).Verdict);

        // Three fields 2 s apart: within Liberty's default, outside a stricter limit; the limit is the parameter.
        string apart = LtpaToken2.Seal(Keys, userData, (4102444800000 + 2000).ToString(CultureInfo.InvariantCulture));
        Assert.Equal(LtpaTokenVerdict.Valid, LtpaToken2.Decode(apart, Keys, Strict(LtpaValidationOptions.DefaultMaxExpirationDifference)).Verdict);
        Assert.Equal(LtpaTokenVerdict.Malformed, LtpaToken2.Decode(apart, Keys, Strict(TimeSpan.FromSeconds(1))).Verdict);
        Assert.Equal(LtpaTokenVerdict.Valid, LtpaToken2.Decode(apart, Keys, Strict(null)).Verdict);

        // Liberty checks the expiration before the signature over its re-serialization: expired wins over non-canonical.
        string unsorted = LtpaToken2.Seal(Keys, "u:user\\:defaultRealm/alice$expire:4102444800000", "4102444800000");
        Assert.Equal(LtpaTokenVerdict.BadSignature, LtpaToken2.Decode(unsorted, Keys, Strict(null)).Verdict);
        Assert.Equal(LtpaTokenVerdict.Expired, LtpaToken2.Decode(unsorted, Keys, Strict(null, Expiration.AddHours(1))).Verdict);
    }

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    public void An_outer_expiration_at_the_edge_of_a_long_is_a_verdict_not_an_overflow(string field)
    {
        string token = LtpaToken2.Seal(Keys, "expire:4102444800000$u:user\\:defaultRealm/alice", field);
        LtpaTokenInfo info = LtpaToken2.Decode(token, Keys, new LtpaValidationOptions { Now = Before.Now, LibertyStrict = true });
        Assert.NotEqual(LtpaTokenVerdict.Valid, info.Verdict);
        if (!field.StartsWith('-'))
        {
            Assert.Contains(info.Notes, n => n.Contains("differ by", StringComparison.Ordinal));
        }
    }

    public static IEnumerable<object[]> NameLengths() => Enumerable.Range(1, 16).Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(NameLengths))]
    public void A_Domino_token_with_a_damaged_header_is_malformed_for_that_reason_whatever_its_length(int nameLength)
    {
        string name = "CN=" + new string('a', nameLength);
        byte[] raw = Convert.FromBase64String(DominoLtpaToken.Mint(name, Expiration.AddHours(-2), Expiration, DominoSecret));
        raw[3] = 0x04;
        string damaged = Convert.ToBase64String(raw);
        var reader = new LtpaTokenReader([Keys], DominoSecret, Before);

        foreach (string? cookie in new[] { "LtpaToken", null })
        {
            LtpaTokenInfo info = reader.Decode(new LtpaTokenText(cookie, damaged));
            Assert.True(info.Verdict == LtpaTokenVerdict.Malformed, $"{raw.Length} bytes, cookie {cookie}: {info.Verdict} ({info.Reason})");
            Assert.Equal(LtpaTokenFormat.DominoLtpaToken, info.Format);
            Assert.Contains("header", info.Reason, StringComparison.Ordinal);
        }

        // Cut short as well: still the header that is named.
        LtpaTokenInfo cut = reader.Decode(new LtpaTokenText("LtpaToken", Convert.ToBase64String(raw.AsSpan(0, 24).ToArray())));
        Assert.Equal(LtpaTokenVerdict.Malformed, cut.Verdict);
        Assert.Contains("header", cut.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reference_token_with_a_tampered_header_is_malformed_for_its_header()
    {
        var vector = Vectors.Item("domino-dev.json", "domino-dev-tamper-header");
        LtpaTokenInfo info = new LtpaTokenReader([Keys], DominoSecret, Before).Decode(new LtpaTokenText("LtpaToken", vector.GetProperty("token").GetString()!));
        Assert.Equal(LtpaTokenVerdict.Malformed, info.Verdict);
        Assert.Contains("header", info.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_a_key_set_read_from_a_file_keeps_its_creation_date()
    {
        byte[] password = Encoding.UTF8.GetBytes("another-Passw0rd");
        string text = Keys.ToKeyFileTextKeepingCreationDate(password, new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        Assert.StartsWith("#Mon May 06 07:08:09 UTC 2030\n", text, StringComparison.Ordinal);
        using LtpaKeySet back = LtpaKeySet.FromKeyFile(text, password);
        Assert.Equal("Fri Nov 27 13:29:25 UTC 2026", back.CreationDate);
        Assert.True(back.HasSameKeys(Keys));
    }
}
