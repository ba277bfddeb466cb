using SametimeAdmin.Common;

namespace SametimeAdmin.Domino
{
    /// <summary>The one error every backend raises when a document changed between read and write.</summary>
    internal static class DocumentConflict
    {
        public const string ErrorId = "DocumentConflict";

        public static SametimeAdminException Changed(string location) =>
            new SametimeAdminException(ErrorId, FailureKind.ResourceBusy,
                $"The document in '{location}' was changed by someone else after it was read; nothing was overwritten.")
            {
                RecommendedAction = "Run the command again: it reads the current document and applies the change to it.",
            };
    }
}
