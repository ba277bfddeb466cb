namespace SametimeAdmin.Domino
{
    public sealed partial class WebSsoDocument
    {
        /// <summary>Why the WebSphere keys in the document cannot be read, or null.</summary>
        public string? KeyReadError => Item(WebSsoKeys.WebSpherePublicKey) == null ? null : null;

        private string? TryFingerprint() => Item(WebSsoKeys.WebSpherePublicKey) == null ? null : null;
    }
}
