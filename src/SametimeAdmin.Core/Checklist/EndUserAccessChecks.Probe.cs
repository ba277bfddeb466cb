using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using SametimeAdmin.Common;
using SametimeAdmin.Diagnostics;

namespace SametimeAdmin.Checklist
{
    public sealed partial class EndUserAccessChecks
    {
        internal static readonly CheckDefinition Probe = new CheckDefinition("EndUserAccess.Awareness", ChecklistArea.EndUserAccess,
            "The Sametime Proxy answers the awareness path iNotes takes", GuideSection.NoAwareness, ChecklistServer.Proxy, ChecklistLink.INotesToProxy);

        /// <summary>Test-SametimeAwareness for each proxy URL; each step becomes one check.</summary>
        private static IEnumerable<CheckResult> ProbeProxies(ChecklistContext context)
        {
            var env = context.Environment;
            if (env.Proxy.Urls.Count == 0)
            {
                yield return Probe.Skip("No proxy URL is given (Proxy.Urls).", "Add the proxy's base URL (for example http://proxy.example.com:9080) to run the awareness probe.");
                yield break;
            }

            if (context.Options.Offline)
            {
                yield return Probe.Skip("Offline run (-Offline): the awareness probe was not run.", "Run without -Offline from a machine that reaches the proxy.");
                yield break;
            }

            var keys = SiteArtefacts.KeySet(context);
            AwarenessToken? token = null;
            string tokenNote = string.Empty;
            if (keys.Value != null && env.Client.TestUser != null)
            {
                token = AwarenessToken.Mint(keys.Value, env.Client.TestUser, env.Sso.Realm, TimeSpan.FromMinutes(30), DateTimeOffset.UtcNow);
            }
            else
            {
                tokenNote = "no login: " + (keys.Value == null ? keys.Problem : "no test user is given (Client.TestUser, -TestUser)");
            }

            for (int index = 0; index < env.Proxy.Urls.Count; index++)
            {
                string url = env.Proxy.Urls[index];
                string key = env.Proxy.Urls.Count == 1 ? Probe.Id : Probe.Id + ".Proxy" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var def = new CheckDefinition(key, Probe.Area, Probe.Check + " (" + url + ")", Probe.GuideSection, Probe.Server, Probe.Link);
                Uri? uri = null;
                string? urlProblem = null;
                try
                {
                    uri = AwarenessProbe.ParseUrl(url);
                }
                catch (Common.SametimeAdminException ex)
                {
                    urlProblem = ex.Message;
                }

                if (uri == null)
                {
                    yield return def.Fail(urlProblem ?? "not a URL", "Correct Proxy.Urls (an http or https base URL with a host name).");
                    continue;
                }

                var options = new AwarenessProbeOptions(uri)
                {
                    Timeout = context.Options.Timeout,
                    SkipCertificateCheck = context.Options.SkipCertificateCheck,
                    LoginMode = AwarenessLoginMode.None,
                    CookieName = env.Sso.ConfigurationName ?? "LtpaToken2",
                    UserName = env.Client.TestUser,
                };

                token?.ApplyTo(options);
                string? cleartext = AwarenessProbe.CleartextWarning(options);
                if (cleartext != null)
                {
                    context.Warn(cleartext);
                }

                // The SSO domain of the host is checked by CrossServer.HostsInSsoDomain for every server at once.
                var steps = AwarenessProbe.RunAsync(options, CancellationToken.None).GetAwaiter().GetResult();
                foreach (var step in steps.Where(s => s.Step != AwarenessStep.SsoDomain))
                {
                    var stepDef = new CheckDefinition($"{key}.{step.Step}", ChecklistArea.EndUserAccess,
                        $"Awareness path: {step.Step} ({url})", step.GuideSection, ChecklistServer.Proxy, ChecklistLink.INotesToProxy);
                    // A token login's evidence already describes the token; without one, say why there was no login.
                    string evidence = step.Evidence + (step.Step == AwarenessStep.Login && token == null ? " [" + tokenNote + "]" : string.Empty);
                    switch (step.Status)
                    {
                        case AwarenessStepStatus.Passed:
                            yield return stepDef.Pass(evidence);
                            break;
                        case AwarenessStepStatus.Failed:
                            yield return stepDef.Fail(evidence, step.Fix ?? "See " + ModuleCommands.TestSametimeAwareness + " for details.");
                            break;
                        case AwarenessStepStatus.Warning:
                            yield return stepDef.Warn(evidence, step.Fix ?? "See " + ModuleCommands.TestSametimeAwareness + " for details.");
                            break;
                        default:
                            yield return stepDef.Skip(evidence, step.Fix);
                            break;
                    }
                }
            }
        }
    }
}
