using SametimeAdmin.Domino;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>One finding of Test-SsoCapture: what a browser capture shows about one step of the iNotes session (guide 4.1-4.3).</summary>
    public sealed class SsoCaptureFinding
    {
        public SsoCaptureFinding(string rule, FindingSeverity severity, string capture, string? host, string message, string? fix = null, string? tokenFingerprint = null)
        {
            Rule = rule;
            Severity = severity;
            Capture = capture;
            Host = host;
            Message = message;
            Fix = fix;
            TokenFingerprint = tokenFingerprint;
        }

        /// <summary>Stable rule name, for example LoginRequest or LtpaCookieToProxy.</summary>
        public string Rule { get; }

        public FindingSeverity Severity { get; }

        /// <summary>The capture file (or web console log) the finding comes from.</summary>
        public string Capture { get; }

        /// <summary>The host the finding is about, when it is about one.</summary>
        public string? Host { get; }

        /// <summary>What the capture shows; cookie values, tokens and passwords never appear in it.</summary>
        public string Message { get; }

        /// <summary>What to do about it; null when nothing needs doing.</summary>
        public string? Fix { get; }

        /// <summary>The fingerprint of the LTPA token the finding is about (Token findings).</summary>
        public string? TokenFingerprint { get; }

        public override string ToString() => Severity + " " + Rule + ": " + Message;
    }
}
