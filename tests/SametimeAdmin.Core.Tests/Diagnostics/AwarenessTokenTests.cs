using SametimeAdmin.Common;
using SametimeAdmin.Diagnostics;
using SametimeAdmin.Ltpa;
using Xunit;

namespace SametimeAdmin.Tests.Diagnostics;

public class AwarenessTokenTests
{
    [Theory]
    [InlineData("AAEC+/x==", "LtpaToken2", "AAEC+/x==")]
    [InlineData("  LtpaToken2=AAEC+/x==  ", "LtpaToken2", "AAEC+/x==")]
    [InlineData("Cookie: JSESSIONID=0000abc:-1; LtpaToken=DOMINO==; LtpaToken2=AAEC+/x==", "LtpaToken2", "AAEC+/x==")]
    [InlineData("Cookie: JSESSIONID=0000abc:-1; LtpaToken=DOMINO==; LtpaToken2=AAEC+/x==", "LtpaToken", "DOMINO==")]
    [InlineData("Set-Cookie: LtpaToken2=AAEC+/x==; Path=/; Domain=.lab.example.com; HttpOnly", "LtpaToken2", "AAEC+/x==")]
    [InlineData("LtpaToken2_8765=AAEC+/x==", "LtpaToken2_8765", "AAEC+/x==")]
    public void FindsTheTokenInWhatTheAdminPasted(string text, string cookieName, string expected)
    {
        Assert.Equal(expected, AwarenessToken.Given(text, cookieName).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("LtpaToken2=")]
    public void RefusesAnEmptyToken(string text)
    {
        var ex = Assert.Throws<SametimeAdminException>(() => AwarenessToken.Given(text, "LtpaToken2"));
        Assert.Equal("TokenEmpty", ex.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public void MintsATokenThatTheSameKeysAccept()
    {
        using var keys = LtpaKeySet.Generate("ldap.lab.example.com:389");
        var now = DateTimeOffset.UtcNow;
        var minted = AwarenessToken.Mint(keys, "uid=alice,ou=people,dc=lab,dc=example,dc=com", null, TimeSpan.FromMinutes(30), now);
        Assert.True(minted.Minted);
        Assert.Equal(keys.PublicKeyFingerprint, minted.KeyFingerprint);
        Assert.Equal("user:ldap.lab.example.com:389/uid=alice,ou=people,dc=lab,dc=example,dc=com", minted.AccessId);
        Assert.Equal(now.AddMinutes(30), minted.Expiration);
        Assert.Equal($"minted for {minted.AccessId} with key set {keys.PublicKeyFingerprint}, valid 30 min", minted.Description);

        var given = AwarenessToken.Given("LtpaToken2=" + minted.Value, "LtpaToken2");
        Assert.False(given.Minted);
        given.CheckWith(keys, "LtpaToken2");
        Assert.Equal(LtpaTokenVerdict.Valid, given.Check!.Verdict);
        Assert.Equal(keys.PublicKeyFingerprint, given.KeyFingerprint);
    }

    [Fact]
    public void SaysWhenAGivenTokenIsFromOtherKeys()
    {
        using var keys = LtpaKeySet.Generate("ldap.lab.example.com:389");
        using var other = LtpaKeySet.Generate("ldap.lab.example.com:389");
        var minted = AwarenessToken.Mint(other, "uid=bob,ou=people,dc=lab,dc=example,dc=com", null, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow);
        var given = AwarenessToken.Given(minted.Value, "LtpaToken2");
        given.CheckWith(keys, "LtpaToken2");
        Assert.NotEqual(LtpaTokenVerdict.Valid, given.Check!.Verdict);
    }

    [Fact]
    public void MakesTheProbeLogInByToken()
    {
        using var keys = LtpaKeySet.Generate("defaultWIMFileBasedRealm");
        var token = AwarenessToken.Mint(keys, "uid=alice,o=lab", "otherRealm", TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow);
        var options = new AwarenessProbeOptions(new Uri("https://proxy.lab.example.com:9443/"));
        token.ApplyTo(options);
        Assert.Equal(AwarenessLoginMode.Token, options.LoginMode);
        Assert.Equal(token.Value, options.Token);
        Assert.True(options.TokenMinted);
        Assert.Equal(keys.PublicKeyFingerprint, options.KeyFingerprint);
        Assert.Equal(token.Description, options.TokenDescription);
        Assert.Null(options.TokenCheck);
        Assert.StartsWith("user:otherRealm/", token.AccessId, StringComparison.Ordinal);
    }
}
