using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using SametimeAdmin.Common;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Base of every SametimeAdmin cmdlet: path resolution against the current PowerShell location,
    /// and the one place where core failures become error records with stable ErrorIds.
    /// </summary>
    public abstract class SametimeCmdlet : PSCmdlet
    {
        /// <summary>Resolves a user path the way PowerShell does (relative to $PWD), without requiring it to exist.</summary>
        protected string ResolveLiteralPath(string path) =>
            SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

        /// <summary>Resolves a path that may hold wildcards; each match is returned. A missing path is an error record.</summary>
        protected IEnumerable<string> ResolvePaths(string path, bool literal)
        {
            if (literal)
            {
                return new[] { ResolveLiteralPath(path) };
            }

            try
            {
                return SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (ItemNotFoundException ex)
            {
                WriteError(new ErrorRecord(ex, "PathNotFound", ErrorCategory.ObjectNotFound, path));
                return Array.Empty<string>();
            }
        }

        /// <summary>Runs one unit of work; any expected failure becomes a non-terminating error record.</summary>
        protected bool TryRun(Action work, object? target)
        {
            try
            {
                work();
                return true;
            }
            catch (Exception ex) when (IsReportable(ex))
            {
                WriteError(ToErrorRecord(ex, target));
                return false;
            }
        }

        /// <summary>Runs work that the whole call depends on; a failure stops the cmdlet with an error record.</summary>
        protected T RunOrThrow<T>(Func<T> work, object? target)
        {
            try
            {
                return work();
            }
            catch (Exception ex) when (IsReportable(ex))
            {
                ThrowTerminatingError(ToErrorRecord(ex, target));
                throw; // unreachable: ThrowTerminatingError always throws
            }
        }

        protected void ThrowFailure(string errorId, FailureKind kind, string message, object? target, string? recommendedAction = null) =>
            ThrowTerminatingError(ToErrorRecord(new SametimeAdminException(errorId, kind, message) { RecommendedAction = recommendedAction }, target));

        protected void WriteFailure(string errorId, FailureKind kind, string message, object? target, string? recommendedAction = null) =>
            WriteError(ToErrorRecord(new SametimeAdminException(errorId, kind, message) { RecommendedAction = recommendedAction }, target));

        /// <summary>
        /// ShouldProcess that says how to confirm when it cannot ask: a prompt (-Confirm, or a High-impact cmdlet under
        /// the default $ConfirmPreference) in a session without a user (pwsh -NonInteractive, a scheduled task) stops the
        /// cmdlet with ErrorId ConfirmationRequired and changes nothing, instead of the host's bare "prompt not available".
        /// </summary>
        protected new bool ShouldProcess(string target, string action)
        {
            try
            {
                return base.ShouldProcess(target, action);
            }
            catch (Exception ex) when (ex is PSInvalidOperationException || ex is HostException)
            {
                ThrowTerminatingError(ConfirmationRequired(ex, target, action));
                throw; // unreachable: ThrowTerminatingError always throws
            }
        }

        internal ErrorRecord ConfirmationRequired(Exception hostError, string target, string action)
        {
            string name = MyInvocation?.MyCommand?.Name ?? "This command";
            var record = new ErrorRecord(
                new InvalidOperationException(
                    $"{name} asks for confirmation before it changes '{target}' ({action}), but this PowerShell session cannot prompt " +
                    $"({hostError.Message.TrimEnd('.')}). Nothing was changed.", hostError),
                "ConfirmationRequired", ErrorCategory.InvalidOperation, target);
            record.ErrorDetails = new ErrorDetails(record.Exception.Message)
            {
                RecommendedAction = $"To confirm in advance, run {name} with -Confirm:$false (or set $ConfirmPreference = 'None' in the script); use -WhatIf to see the change first.",
            };
            return record;
        }

        /// <summary>
        /// A -PassThru object with a RestartRequired note property: true when this run wrote a change the server reads
        /// only when it (re)starts, false for a no-op, so a script acts on restarts without parsing warnings.
        /// </summary>
        protected static PSObject WithRestartRequired(object item, bool restartRequired)
        {
            PSObject wrapped = PSObject.AsPSObject(item);
            wrapped.Properties.Remove("RestartRequired");
            wrapped.Properties.Add(new PSNoteProperty("RestartRequired", restartRequired));
            return wrapped;
        }

        /// <summary>Copies a SecureString into UTF-8 bytes. The caller must clear the returned array.</summary>
        protected static byte[] ToUtf8Bytes(SecureString secret) => SecureStringBytes.ToUtf8(secret);

        /// <summary>
        /// PowerShell's own exceptions pass through with their own ErrorId and category (a stopped pipeline, an -ErrorAction
        /// Stop, a prompt the host cannot show under -NonInteractive); everything else is turned into an error record.
        /// </summary>
        private static bool IsReportable(Exception ex) => !(ex is RuntimeException || ex is IContainsErrorRecord || ex is HaltCommandException);

        internal static ErrorRecord ToErrorRecord(Exception ex, object? target)
        {
            switch (ex)
            {
                case SametimeAdminException sae:
                    var record = new ErrorRecord(sae, sae.ErrorId, MapCategory(sae.Kind), target);
                    if (sae.RecommendedAction != null)
                    {
                        record.ErrorDetails = new ErrorDetails(sae.Message) { RecommendedAction = sae.RecommendedAction };
                    }

                    return record;
                case UnauthorizedAccessException _:
                    return new ErrorRecord(ex, "AccessDenied", ErrorCategory.PermissionDenied, target);
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return new ErrorRecord(ex, "PathNotFound", ErrorCategory.ObjectNotFound, target);
                case IOException _:
                    return new ErrorRecord(ex, "FileAccessFailed", ErrorCategory.WriteError, target);
                default:
                    // A bug, not a user error: say so plainly, without a stack trace in the message.
                    var wrapped = new InvalidOperationException(
                        "SametimeAdmin failed unexpectedly (" + ex.GetType().Name + "): " + ex.Message, ex);
                    return new ErrorRecord(wrapped, "UnexpectedError", ErrorCategory.NotSpecified, target);
            }
        }

        private static ErrorCategory MapCategory(FailureKind kind) =>
            Enum.TryParse(kind.ToString(), out ErrorCategory category) ? category : ErrorCategory.NotSpecified;
    }
}
