using System.Net;
using System.Net.Sockets;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using Xunit;

namespace SametimeAdmin.Tests.ConfigFiles;

public class TrustedAddressTests
{
    [Theory]
    [InlineData("192.0.2.21", "192.0.2.21", TrustedAddressKind.IPv4)]
    [InlineData(" 10.0.0.5 ", "10.0.0.5", TrustedAddressKind.IPv4)]
    [InlineData("0.0.0.0", "0.0.0.0", TrustedAddressKind.IPv4)]
    [InlineData("255.255.255.255", "255.255.255.255", TrustedAddressKind.IPv4)]
    // RFC 5952 section 4 examples and rules: lower case, no leading zeros, longest zero run compressed, single zero group kept.
    [InlineData("2001:0DB8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1", TrustedAddressKind.IPv6)]
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", TrustedAddressKind.IPv6)]
    [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1", TrustedAddressKind.IPv6)]
    [InlineData("2001:db8::0:1", "2001:db8::1", TrustedAddressKind.IPv6)]
    [InlineData("2001:0:0:1:0:0:0:1", "2001:0:0:1::1", TrustedAddressKind.IPv6)]
    [InlineData("[::1]", "::1", TrustedAddressKind.IPv6)]
    [InlineData("::", "::", TrustedAddressKind.IPv6)]
    [InlineData("::FFFF:192.0.2.1", "::ffff:192.0.2.1", TrustedAddressKind.IPv6)]
    public void AddressesAreValidatedAndNormalised(string input, string expected, TrustedAddressKind kind)
    {
        TrustedAddress address = Assert.Single(TrustedAddress.ParseInput(input, resolve: false));
        Assert.Equal(expected, address.Text);
        Assert.Equal(kind, address.Kind);
        Assert.Null(address.ResolvedFrom);
    }

    [Theory]
    [InlineData("10.0.0.256", "256 is above 255")]
    [InlineData("10.0.0", "four numbers")]
    [InlineData("10.0.0.1.2", "four numbers")]
    [InlineData("010.0.0.1", "leading zero")]
    [InlineData("10..0.1", "not a number")]
    [InlineData("10.0.0.*", "wildcards")]
    [InlineData("10.0.0.0/24", "wildcards")]
    [InlineData("10.0.0.1-10.0.0.9", "wildcards")]
    [InlineData("fe80::1%eth0", "zone index")]
    [InlineData("2001:db8::g", "not a valid IPv6")]
    [InlineData("1:2:3:4:5:6:7:8:9", "not a valid IPv6")]
    [InlineData("inotes1.example.com!", null)]
    [InlineData("-bad-.example.com", null)]
    public void AnythingElseIsRefusedNamingTheValue(string input, string? reason)
    {
        var error = Assert.Throws<SametimeAdminException>(() => TrustedAddress.ParseInput(input, resolve: true, _ => throw new InvalidOperationException("no DNS for invalid input")));
        Assert.Equal("InvalidTrustedIp", error.ErrorId);
        Assert.Contains("'" + input + "'", error.Message, StringComparison.Ordinal);
        if (reason != null)
        {
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HostNamesNeedResolveAndAreNeverLookedUpWithoutIt()
    {
        var error = Assert.Throws<SametimeAdminException>(() =>
            TrustedAddress.ParseInput("inotes1.lab.example.com", resolve: false, _ => throw new InvalidOperationException("must not resolve")));
        Assert.Equal("TrustedIpIsHostName", error.ErrorId);
        Assert.Contains("-Resolve", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolvingGivesEveryDistinctAddress()
    {
        IReadOnlyList<TrustedAddress> found = TrustedAddress.ParseInput("inotes1.lab.example.com", resolve: true, name =>
        [
            IPAddress.Parse("192.0.2.21"), IPAddress.Parse("2001:DB8::21"), IPAddress.Parse("::ffff:192.0.2.21"),
        ]);

        Assert.Equal(["192.0.2.21", "2001:db8::21"], found.Select(a => a.Text));
        Assert.All(found, a => Assert.Equal("inotes1.lab.example.com", a.ResolvedFrom));
    }

    [Fact]
    public void ResolvingLocalhostUsesTheRealResolver()
    {
        IReadOnlyList<TrustedAddress> found = TrustedAddress.ParseInput("localhost", resolve: true);
        Assert.Contains(found, a => a.Text == "127.0.0.1" || a.Text == "::1");
    }

    [Fact]
    public void ADnsFailureIsReportedAsSuch()
    {
        var error = Assert.Throws<SametimeAdminException>(() =>
            TrustedAddress.ParseInput("nowhere.invalid", resolve: true, _ => throw new SocketException((int)SocketError.HostNotFound)));
        Assert.Equal("TrustedIpResolveFailed", error.ErrorId);
        Assert.Contains("'nowhere.invalid'", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<SametimeAdminException>(() => TrustedAddress.ParseInput("empty.example", resolve: true, _ => []));
        Assert.Equal("TrustedIpResolveFailed", error.ErrorId);
    }

    [Fact]
    public void StoredListsAreReadWithAnySeparatorAndWrittenWithSemicolons()
    {
        var list = new TrustedIpList(["192.0.2.21; 192.0.2.22,192.0.2.23\r\n 2001:DB8::1\t10.1.*", "192.0.2.24"]);

        Assert.Equal(["192.0.2.21", "192.0.2.22", "192.0.2.23", "2001:db8::1", "10.1.*", "192.0.2.24"], list.Entries.Select(e => e.Text));
        Assert.Equal(TrustedAddressKind.Other, list.Entries[4].Kind);
        Assert.Equal("192.0.2.21;192.0.2.22;192.0.2.23;2001:db8::1;10.1.*;192.0.2.24", list.Value);
    }

    [Fact]
    public void AddingAPresentAddressChangesNothingAndComparisonIsByAddress()
    {
        var list = new TrustedIpList(["192.0.2.21;2001:db8:0:0:0:0:0:1"]);

        Assert.False(list.Add(Assert.Single(TrustedAddress.ParseInput("2001:DB8::1", false))));
        Assert.False(list.Add(Assert.Single(TrustedAddress.ParseInput("192.0.2.21", false))));
        Assert.True(list.Add(Assert.Single(TrustedAddress.ParseInput("192.0.2.99", false))));
        Assert.Equal("192.0.2.21;2001:db8::1;192.0.2.99", list.Value);

        Assert.True(list.Remove(Assert.Single(TrustedAddress.ParseInput("2001:0db8::0001", false))));
        Assert.False(list.Remove(Assert.Single(TrustedAddress.ParseInput("198.51.100.1", false))));
        Assert.Equal("192.0.2.21;192.0.2.99", list.Value);
    }

    [Fact]
    public void AnEmptyOrMissingListHasNoEntries()
    {
        Assert.Empty(new TrustedIpList([]).Entries);
        Assert.Empty(new TrustedIpList(["", " ; ,"]).Entries);
        Assert.Equal(string.Empty, new TrustedIpList([""]).Value);
    }
}
