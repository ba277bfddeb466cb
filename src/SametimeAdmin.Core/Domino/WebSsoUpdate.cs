using System;
using System.Collections.Generic;
using System.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Domino
{
    /// <summary>
    /// The settings Import-LtpaKeyToSsoDoc writes into a Web SSO document. Only what is set is written; the plan
    /// leaves out every item that already holds the wanted value, so a second run changes nothing.
    /// </summary>
    public sealed partial class WebSsoUpdate
    {
        private static readonly char[] LineBreaks = { '\r', '\n' };

        public SsoTokenFormat? TokenFormat { get; set; }

        public string? DnsDomain { get; set; }

        public int? ExpirationMinutes { get; set; }

        public IReadOnlyList<string>? ParticipatingServers { get; set; }

        /// <summary>The realm to record; by default the realm of the imported key set.</summary>
        public string? Realm { get; set; }

        /// <summary>Checks the values before anything is read or written.</summary>
        public void Validate()
        {
            if (DnsDomain != null)
            {
                string? problem = WebSsoRules.DomainProblem(DnsDomain);
                if (problem != null && WebSsoRules.DomainProblem("." + DnsDomain) == null)
                {
                    throw new SametimeAdminException("DnsDomainMissingLeadingDot", FailureKind.InvalidArgument,
                        $"The DNS domain '{DnsDomain}' must start with a dot; nothing was changed.")
                    {
                        RecommendedAction = WebSsoRules.MissingDotFix(DnsDomain),
                    };
                }

                if (problem != null)
                {
                    throw new SametimeAdminException("DnsDomainInvalid", FailureKind.InvalidArgument,
                        $"The DNS domain is invalid: {problem}; nothing was changed.")
                    {
                        RecommendedAction = "Give the domain the SSO servers share, with a leading dot, for example '.example.com'.",
                    };
                }
            }

            if (ExpirationMinutes.HasValue && ExpirationMinutes.Value <= 0)
            {
                throw new SametimeAdminException("ExpirationInvalid", FailureKind.InvalidArgument,
                    $"The expiration must be a positive number of minutes (got {ExpirationMinutes}); nothing was changed.");
            }

            if (ParticipatingServers != null)
            {
                string[] bad = ParticipatingServers.Where(s => string.IsNullOrWhiteSpace(s) || s.IndexOf('*') >= 0 || s.IndexOfAny(LineBreaks) >= 0).ToArray();
                if (bad.Length > 0 || ParticipatingServers.Count == 0)
                {
                    throw new SametimeAdminException("ParticipatingServerInvalid", FailureKind.InvalidArgument,
                        "Participating servers must be Domino server names without wildcards (got " + (bad.Length > 0 ? "'" + string.Join("', '", bad) + "'" : "an empty list") + "); nothing was changed.")
                    {
                        RecommendedAction = "List each server by its full name, for example 'CN=inotes1/O=Example','CN=st1/O=Example'.",
                    };
                }
            }

            if (Realm != null && Realm.Trim().Length == 0)
            {
                throw new SametimeAdminException("RealmInvalid", FailureKind.InvalidArgument, "The realm must not be empty; nothing was changed.");
            }
        }

        /// <summary>The item changes that bring the document to these settings (empty when it already has them).</summary>
        public IReadOnlyList<NotesItemChange> Plan(WebSsoDocument document)
        {
            if (document == null)
            {
                throw new ArgumentNullException(nameof(document));
            }

            Validate();
            DominoItemMap map = document.Map;
            var changes = new List<NotesItemChange>();
            PlanKeys(document, changes);
            if (DnsDomain != null)
            {
                changes.Add(NotesItemChange.Text(map.NameOf(WebSsoKeys.TokenDomain), DnsDomain, NotesItemAttributes.Summary));
            }

            if (TokenFormat.HasValue)
            {
                changes.Add(NotesItemChange.TextList(map.NameOf(WebSsoKeys.TokenFormat), WebSsoDocument.TokenFormatItemValues(TokenFormat.Value), NotesItemAttributes.Summary));
            }

            if (ExpirationMinutes.HasValue)
            {
                changes.Add(NotesItemChange.Number(map.NameOf(WebSsoKeys.TokenExpiration), ExpirationMinutes.Value, NotesItemAttributes.Summary));
            }

            if (ParticipatingServers != null)
            {
                changes.Add(NotesItemChange.TextList(map.NameOf(WebSsoKeys.ParticipatingServers), ParticipatingServers.Select(s => s.Trim()), NotesItemAttributes.Summary | NotesItemAttributes.Names));
            }

            return document.Document.ChangesNeeded(changes);
        }
    }
}
