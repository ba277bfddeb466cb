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
                    // Key items are marked for encryption only in a document that really is encrypted: a seal flag on a
                    // plain document claims a protection the keys do not have (a DXL import would not encrypt them either
                    // without encryption keys for the participating servers).
                    NotesItemAttributes secret = document.IsEncrypted ? NotesItemAttributes.Seal : NotesItemAttributes.None;
                    changes.Add(NotesItemChange.Text(map.NameOf(WebSsoKeys.WebSphereSharedKey), Convert.ToBase64String(shared), secret, isSecret: true));
                    changes.Add(NotesItemChange.Text(map.NameOf(WebSsoKeys.WebSpherePrivateKey), Convert.ToBase64String(privateBlob), secret, isSecret: true));
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
