using System.Management.Automation;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Commands
{
    /// <summary>Shows the Notes item, form and view names the tool uses, which are confirmed and which are assumed.</summary>
    [Cmdlet(VerbsCommon.Get, "DominoItemMap")]
    [OutputType(typeof(ItemMapEntry))]
    public sealed class GetDominoItemMapCommand : SametimeCmdlet
    {
        /// <summary>Only the entries of this document kind (for example WebSso).</summary>
        [Parameter(Position = 0)]
        public ItemMapDocument? Document { get; set; }

        /// <summary>Overrides to preview, as for the other Domino cmdlets.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? ItemMap { get; set; }

        protected override void EndProcessing()
        {
            DominoItemMap map = RunOrThrow(() => ItemMapResolver.Resolve(ItemMap, ResolveLiteralPath), ItemMap);
            foreach (ItemMapEntry entry in Document == null ? map.Entries : map.EntriesOf(Document.Value))
            {
                WriteObject(entry);
            }
        }
    }
}
