namespace SametimeAdmin.Domino
{
    /// <summary>How bad a finding is. Ok means the rule was checked and passed.</summary>
    public enum FindingSeverity
    {
        /// <summary>The rule could not be evaluated because another rule failed first (the message names it).</summary>
        Skipped = -1,

        Ok,
        Info,
        Warning,
        Error,
    }

    /// <summary>The result of one Test-SsoDoc rule for one document (or across documents), with the fix.</summary>
    public sealed class SsoDocFinding
    {
        public SsoDocFinding(string rule, FindingSeverity severity, string document, string source, string message, string? fix = null)
        {
            Rule = rule;
            Severity = severity;
            Document = document;
            Source = source;
            Message = message;
            Fix = fix;
        }

        /// <summary>Stable rule name, for example DomainLeadingDot or KeysMatchAcrossDocuments.</summary>
        public string Rule { get; }

        public FindingSeverity Severity { get; }

        /// <summary>Configuration name(s) of the document(s) the finding is about.</summary>
        public string Document { get; }

        /// <summary>Where the document(s) came from (file, URL, Notes database).</summary>
        public string Source { get; }

        public string Message { get; }

        /// <summary>What to do about it; null when nothing needs doing.</summary>
        public string? Fix { get; }

        public override string ToString() => Severity + " " + Rule + ": " + Message;
    }
}
