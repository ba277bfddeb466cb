using System.Collections.Generic;

namespace SametimeAdmin.Domino
{
    public static partial class WebSsoRules
    {
        private static void CheckKeyFile(Check check, WebSsoExpectations expectations)
        {
            _ = check;
            _ = expectations;
        }

        private static void CheckKeysAcross(IReadOnlyList<WebSsoDocument> documents, List<SsoDocFinding> findings, string names)
        {
            _ = documents;
            _ = findings;
            _ = names;
        }
    }
}
