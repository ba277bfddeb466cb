using System.Threading;
using SametimeAdmin.Diagnostics;

namespace SametimeAdmin.Checklist
{
    public sealed partial class EndUserAccessChecks
    {
        internal static readonly CheckDefinition MailFile = new CheckDefinition("EndUserAccess.MailFile", ChecklistArea.EndUserAccess,
            "The iNotes mail file URL, opened directly, answers with Domino's login form (no redirection problem)", GuideSection.LoginFailures + " (Redirection settings)", ChecklistServer.INotes, ChecklistLink.BrowserToINotes);

        /// <summary>Test-SametimeAwareness -MailFileUrl's step for Client.MailFileUrl: a login form, or the redirect or error that stops the login.</summary>
        private static CheckResult OpenMailFile(ChecklistContext context)
        {
            string? text = context.Environment.Client.MailFileUrl;
            if (text == null)
            {
                return MailFile.Skip("No mail file URL is given (Client.MailFileUrl).", "Add a user's mail file on the iNotes server (for example http://inotes1.example.com/mail/i2.nsf) as Client.MailFileUrl to tell a redirection problem from a login problem.");
            }

            System.Uri uri;
            try
            {
                uri = MailFileProbe.ParseUrl(text);
            }
            catch (Common.SametimeAdminException ex)
            {
                return MailFile.Fail(ex.Message, "Correct Client.MailFileUrl (an http or https URL of a mail file, such as http://inotes1.example.com/mail/i2.nsf).");
            }

            if (context.Options.Offline)
            {
                return MailFile.Skip("Offline run (-Offline): " + uri.AbsoluteUri + " was not opened.", "Run without -Offline from a machine that reaches the iNotes server.");
            }

            var step = MailFileProbe.RunAsync(uri, uri.AbsoluteUri, context.Options.Timeout, context.Options.SkipCertificateCheck, CancellationToken.None).GetAwaiter().GetResult();
            return step.Status == AwarenessStepStatus.Passed ? MailFile.Pass(step.Evidence) : MailFile.Fail(step.Evidence, step.Fix ?? "See " + Common.ModuleCommands.TestSametimeAwareness + " -MailFileUrl.");
        }
    }
}
