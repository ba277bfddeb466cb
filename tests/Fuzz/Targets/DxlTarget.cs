using SametimeAdmin.Domino;
using SametimeAdmin.Fuzz.Engine;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Fuzz.Targets;

/// <summary>
/// DXL exports loaded through DxlDocumentStore and read as Web SSO documents, then tested against a key set (the path
/// of Get-SsoDoc and Test-SsoDoc -DxlPath); the parsed file is also edited as Import-LtpaKeyToSsoDoc does.
/// Structure-aware: values (element text, attributes) are changed while the XML stays
/// well-formed, and DTDs with entities are inserted. Oracles: no output carries text from an external entity, entity
/// expansion stays bounded, and an edit of a file that loaded reads back (the editor never writes malformed XML).
/// </summary>
public sealed class DxlTarget : FuzzTarget
{
    private readonly List<FuzzSeed> seeds;
    private readonly WebSsoExpectations expectations;

    public DxlTarget(FuzzFixtures fixtures)
    {
        seeds = fixtures.Files("domino", "*.dxl", "*.xml")
            .Concat(fixtures.Files("configfiles", "*.dxl"))
            .Concat(fixtures.Files("mustgather", "*.dxl"))
            .ToList();
        expectations = new WebSsoExpectations
        {
            HostNames = new[] { "sametime.example.com", "mail.example.com" },
            SametimeTokenType = "LtpaToken",
            ProxyCookieName = LtpaToken2.CookieName,
            InteroperabilityMode = true,
            LtpaDurationMinutes = 120,
            KeySet = fixtures.KeySets()[0],
            KeySource = "ltpa-dev.keys",
        };
    }

    public override string Name => "dxl";

    public override string Description => "DXL exports through DxlDocumentStore, WebSsoDocuments.Find, WebSsoRules.Evaluate and DxlFile.Apply";

    public override IReadOnlyList<FuzzSeed> Seeds => seeds;

    public override string FileExtension => ".dxl";

    public override FuzzInput Next(Mutator mutator) => XmlMutations.NextMixed(mutator, seeds, 8, 4);

    public override void Run(FuzzInput input, FuzzScratch scratch)
    {
        string path = scratch.Write(input.Data, FileExtension);
        DxlFile file = DxlFile.Parse(input.Data, path);
        long textLength = file.Documents.SelectMany(d => d.Document.Items).SelectMany(i => i.Values).Sum(v => (long)v.Length);
        bool canary = file.Documents.SelectMany(d => d.Document.Items).SelectMany(i => i.Values).Any(v => v.Contains(XmlMutations.CanaryText, StringComparison.Ordinal));
        XmlOracles.Check(canary, textLength, input.Data.Length);

        if (file.Documents.Count > 0)
        {
            var change = NotesItemChange.Text("FuzzItem", "fuzz value <&>");
            byte[] edited = file.Apply(file.Documents[0], new[] { change });
            DxlFile reread;
            try
            {
                reread = DxlFile.Parse(edited, path);
            }
            catch (Common.SametimeAdminException ex)
            {
                throw new WrongVerdictException("DxlEditUnreadable", "editing a DXL file that loaded produced a file that does not load: " + ex.Message);
            }

            if (reread.Documents.Count != file.Documents.Count || !(reread.Documents[0].Document.GetItem("FuzzItem")?.HasSameValue(change) ?? false))
            {
                throw new WrongVerdictException("DxlEditLost", "an item written into a DXL file that loaded did not read back");
            }
        }

        // Last, as most seeds are other forms (the store then refuses them with SsoDocWrongForm).
        using (var store = new DxlDocumentStore(path))
        {
            IReadOnlyList<WebSsoDocument> documents = WebSsoDocuments.Find(store, DominoItemMap.Default);
            foreach (WebSsoDocument document in documents)
            {
                _ = document.Describe();
                _ = document.AssumedItems;
            }

            foreach (SsoDocFinding finding in WebSsoRules.Evaluate(documents, expectations))
            {
                _ = finding.ToString();
            }
        }
    }
}
