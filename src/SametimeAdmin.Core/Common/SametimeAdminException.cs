using System;

namespace SametimeAdmin.Common
{
    /// <summary>
    /// What kind of failure happened. The cmdlet layer maps each value to the PowerShell ErrorCategory
    /// of the same name, so the core stays free of any PowerShell reference.
    /// </summary>
    public enum FailureKind
    {
        NotSpecified,
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        ObjectNotFound,
        ResourceExists,
        ResourceUnavailable,
        ResourceBusy,
        SecurityError,
        PermissionDenied,
        AuthenticationError,
        OpenError,
        ReadError,
        WriteError,
        ConnectionError,
        OperationTimeout,
        ProtocolError,
        NotImplemented,
        NotInstalled,
    }

    /// <summary>
    /// A failure the user can act on: a stable ErrorId, a kind and a message that never contains secrets.
    /// Every expected failure in the core is reported with this type; anything else is a bug.
    /// </summary>
    [Serializable]
    public class SametimeAdminException : Exception
    {
        public SametimeAdminException()
            : this("Unspecified", FailureKind.NotSpecified, "An unspecified SametimeAdmin error occurred.")
        {
        }

        public SametimeAdminException(string message)
            : this("Unspecified", FailureKind.NotSpecified, message)
        {
        }

        public SametimeAdminException(string message, Exception innerException)
            : this("Unspecified", FailureKind.NotSpecified, message, innerException)
        {
        }

        public SametimeAdminException(string errorId, FailureKind kind, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            Kind = kind;
        }

        /// <summary>Stable PascalCase identifier, part of the public contract (scripts match on it).</summary>
        public string ErrorId { get; }

        public FailureKind Kind { get; }

        /// <summary>What the user can do about it, when known.</summary>
        public string? RecommendedAction { get; init; }
    }
}
