using System.Collections.Generic;

namespace SametimeAdmin.Domino
{
    public sealed partial class WebSsoUpdate
    {
        private void PlanKeys(WebSsoDocument document, List<NotesItemChange> changes)
        {
            if (Realm != null)
            {
                changes.Add(NotesItemChange.Text(document.Map.NameOf(WebSsoKeys.Realm), Realm, NotesItemAttributes.Summary));
            }
        }
    }
}
