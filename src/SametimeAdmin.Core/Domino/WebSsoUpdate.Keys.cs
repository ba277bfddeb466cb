using System;
using System.Collections.Generic;
using SametimeAdmin.Ltpa;

namespace SametimeAdmin.Domino
{
    public sealed partial class WebSsoUpdate
    {
        /// <summary>The WebSphere keys to import; null leaves the keys as they are.</summary>
        public LtpaKeySet? Keys { get; set; }

        private void PlanKeys(WebSsoDocument document, List<NotesItemChange> changes)
        {
            DominoItemMap map = document.Map;
            if (Keys != null)
            {
                byte[] shared = Keys.ExportSharedKey();
                byte[] privateBlob = Keys.ExportPrivateKeyBlob();
                try
                {
                    // The document is encrypted for its participating servers; key items are marked for encryption.
                    changes.Add(NotesItemChange.Text(map.NameOf(WebSsoKeys.WebSphereSharedKey), Convert.ToBase64String(shared), NotesItemAttributes.Seal, isSecret: true));
                    changes.Add(NotesItemChange.Text(map.NameOf(WebSsoKeys.WebSpherePrivateKey), Convert.ToBase64String(privateBlob), NotesItemAttributes.Seal, isSecret: true));
                    changes.Add(NotesItemChange.Text(map.NameOf(WebSsoKeys.WebSpherePublicKey), Convert.ToBase64String(Keys.PublicKeyBlob), NotesItemAttributes.Summary));
                }
                finally
                {
                    LtpaCrypto.Clear(shared, privateBlob);
                }
            }

            string? realm = Realm ?? Keys?.Realm;
            if (realm != null)
            {
                changes.Add(NotesItemChange.Text(map.NameOf(WebSsoKeys.Realm), realm, NotesItemAttributes.Summary));
            }
        }
    }
}
