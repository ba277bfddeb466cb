using System.Linq;
using System.Management.Automation;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Commands
{
    /// <summary>Reads the Domino Web SSO Configuration documents of a store (never their secrets).</summary>
    [Cmdlet(VerbsCommon.Get, "SsoDoc", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(WebSsoDocument))]
    public sealed class GetSsoDocCommand : DominoStoreCmdlet
    {
        private static readonly string[] All = { "*" };

        /// <summary>Configuration names to return (wildcards allowed); all when omitted. Also -SsoConfigurationName, the name the other Web SSO cmdlets use.</summary>
        [Parameter]
        [Alias("SsoConfigurationName", "ConfigurationName")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Organization { get; set; }

        protected override void ProcessRecord()
        {
            ForEachStore(store =>
            {
                var documents = WebSsoDocuments.Find(store, Map, null, Organization);
                var patterns = (Name ?? All).Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
                foreach (WebSsoDocument document in documents.Where(d => patterns.Any(p => p.IsMatch(d.Name ?? string.Empty))))
                {
                    WriteObject(document);
                }

                string? missing = Name?.FirstOrDefault(n => !WildcardPattern.ContainsWildcardCharacters(n) &&
                    !documents.Any(d => string.Equals(d.Name, n, System.StringComparison.OrdinalIgnoreCase)));
                if (missing != null)
                {
                    throw WebSsoDocuments.NotFound(store, documents, missing, Organization);
                }
            });
        }
    }
}
