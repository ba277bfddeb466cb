using SametimeAdmin.Ltpa;

namespace SametimeAdmin.LabProxy;

/// <summary>Validates LtpaToken2 cookies with the lab's own key set, as WebSphere does for the real proxy.</summary>
public static class LabTokenValidator
{
    public static Func<string, LabTokenCheck> For(LtpaKeySet keys) => token =>
    {
        var info = LtpaToken2.Decode(token, keys);
        return new LabTokenCheck(info.IsValid, info.User, info.Verdict + ": " + info.Reason);
    };
}
