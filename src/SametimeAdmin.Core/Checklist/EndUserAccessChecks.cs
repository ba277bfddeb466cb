using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SametimeAdmin.Checklist
{
    /// <summary>Checklist heading "End User Access": web clients log in, show awareness and the contact list.</summary>
    public sealed partial class EndUserAccessChecks : IChecklistArea
    {
        internal static readonly CheckDefinition Capture = new CheckDefinition("EndUserAccess.Capture", ChecklistArea.EndUserAccess,
            "A captured iNotes session logs in to the proxy by token and loads awareness and the contact list", GuideSection.LoginFailures + "; " + GuideSection.NoAwareness, ChecklistServer.Browser, ChecklistLink.INotesToProxy);

        public string Name => ChecklistArea.EndUserAccess;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            foreach (var result in ProbeProxies(context))
            {
                yield return result;
            }

            foreach (var path in context.Environment.Client.Captures)
            {
                yield return CheckCapture(context, path);
            }
        }

        /// <summary>Reads a HAR capture the way the guide reads a Fiddler trace (4.1 step 6, 4.2 step 2, 4.3 step 2).</summary>
        internal static CheckResult CheckCapture(ChecklistContext context, string path)
        {
            var def = Capture.For(Path.GetFileName(path), Capture.Check + " (" + Path.GetFileName(path) + ")");
            string? problem = ChecklistContext.FileProblem(path, "The capture");
            if (problem != null)
            {
                return def.Fail(problem, "Capture the session again (Fiddler or the browser's developer tools, saved as HAR) and point Client.Captures at it.");
            }

            var loaded = context.Load("har:" + path, () => new List<CapturedRequest>(CapturedSession.Read(path)));
            if (loaded.Value == null)
            {
                return def.Fail(loaded.Problem!, "Save the capture as HAR (JSON).");
            }

            var requests = loaded.Value;
            if (requests.Count == 0)
            {
                return def.Warn("The capture holds no request to the Sametime Proxy (/stbaseapi or /stwebapi).",
                    "iNotes never reached the proxy: check the proxy URL in the iNotes Configuration document and the iNotes web console (guide 4.1).");
            }

            var scripts = requests.FirstOrDefault(r => r.Url.AbsolutePath.IndexOf("baseComps.js", StringComparison.OrdinalIgnoreCase) >= 0);
            if (scripts != null && scripts.Status == 502)
            {
                return def.Fail($"GET {scripts.Url} answered 502.", "The Sametime Proxy Server is not running (guide 4.2): start it and check its status in the SSC.");
            }

            var connect = requests.FirstOrDefault(r => r.Url.AbsolutePath.EndsWith("/stwebapi/user/connect", StringComparison.OrdinalIgnoreCase) && !string.Equals(r.Method, "DELETE", StringComparison.OrdinalIgnoreCase));
            if (connect == null)
            {
                return def.Warn("The capture has no login request (/stwebapi/user/connect).", "Capture from the iNotes login on (guide 4.1 step 6).");
            }

            string cookies = connect.CookieNames.Count == 0 ? "no cookies" : "cookies " + string.Join(", ", connect.CookieNames);
            string login = $"login: POST {connect.Url.AbsolutePath} loginType={connect.LoginType ?? "(not seen)"}, {cookies}, HTTP {connect.Status}";
            if (connect.Status >= 400 || connect.ResponseText.IndexOf("CLFRX", StringComparison.Ordinal) >= 0)
            {
                string clfrx = connect.ResponseText.IndexOf("CLFRX0035E", StringComparison.Ordinal) >= 0 ? " The proxy says CLFRX0035E: token not found." : string.Empty;
                return def.Fail(login + "." + clfrx,
                    "The Community Server rejected the token: set [AuthToken] ST_TOKEN_TYPE in sametime.ini to the Web SSO configuration name, check that the same LTPA keys are imported, and that the proxy is a trusted IP (guide 4.1, Certificate Problems).");
            }

            if (string.Equals(connect.LoginType, "byToken", StringComparison.Ordinal) && !connect.CookieNames.Any(n => n.StartsWith("LtpaToken", StringComparison.OrdinalIgnoreCase)))
            {
                return def.Fail(login + ": a token login without an LTPA cookie.",
                    "The browser did not send the SSO cookie to the proxy: the proxy host must be inside the SSO DNS domain and addressed by its fully qualified name.");
            }

            var presence = requests.Where(r => r.Url.AbsolutePath.IndexOf("/stwebapi/presence", StringComparison.OrdinalIgnoreCase) >= 0).ToList();
            var buddy = requests.Where(r => r.Url.AbsolutePath.IndexOf("/stwebapi/buddylist", StringComparison.OrdinalIgnoreCase) >= 0).ToList();
            string rest = $"; presence: {Describe(presence)}; buddy list: {Describe(buddy)}";
            if (presence.Any(r => r.Status >= 400) || buddy.Any(r => r.Status >= 400))
            {
                return def.Fail(login + rest + ".", "Check the proxy trace.log around the failing /stwebapi request (guide 4.2 step 3, 4.3 step 3) and the Buddy List servlet on the iNotes server.");
            }

            if (presence.Count == 0 || buddy.Count == 0)
            {
                return def.Warn(login + rest + ".", "Awareness or the contact list was not requested: check Preferences > Instant Messaging in iNotes and the Buddy List servlet (servlets.properties).");
            }

            return def.Pass(login + rest + ".");
        }

        private static string Describe(List<CapturedRequest> requests) =>
            requests.Count == 0 ? "not requested" : string.Join(", ", requests.Select(r => "HTTP " + r.Status).Distinct());
    }
}
