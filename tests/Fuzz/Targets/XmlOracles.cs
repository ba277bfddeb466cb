using SametimeAdmin.Fuzz.Engine;

namespace SametimeAdmin.Fuzz.Targets;

/// <summary>The XML oracles shared by the DXL and server.xml targets.</summary>
internal static class XmlOracles
{
    /// <summary>Output may be this many times the input (plus a little) before it counts as entity expansion.</summary>
    private const int MaxGrowth = 8;

    public static void Check(bool sawCanary, long outputLength, int inputLength)
    {
        if (sawCanary)
        {
            throw new WrongVerdictException("ExternalEntityRead", "an external entity was resolved: the output holds the canary file's text");
        }

        if (outputLength > ((long)MaxGrowth * inputLength) + 4096)
        {
            throw new WrongVerdictException("EntityExpansion", $"{inputLength} bytes of XML expanded to {outputLength} characters of output");
        }
    }
}
