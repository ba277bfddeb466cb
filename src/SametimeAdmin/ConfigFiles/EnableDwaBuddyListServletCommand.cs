using System.IO;
using System.Management.Automation;
using SametimeAdmin.ConfigFiles;

namespace SametimeAdmin.Commands
{
    /// <summary>Enable-DwaBuddyListServlet: registers the iNotes buddy (contact) list servlet in servlets.properties.</summary>
    [Cmdlet(VerbsLifecycle.Enable, "DwaBuddyListServlet", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ConfigFileEdit))]
    public sealed class EnableDwaBuddyListServletCommand : ConfigFileEditCmdlet
    {
        protected override string MapTarget(string resolvedPath) =>
            Directory.Exists(resolvedPath) ? System.IO.Path.Combine(resolvedPath, SametimeSettings.ServletsFileName) : resolvedPath;

        protected override string? RestartReminder => "Domino reads servlets.properties when HTTP starts. In the iNotes server's Server document, " +
            "Internet Protocols > Domino Web Engine > Java servlet support must be 'Domino Servlet Manager'; then restart HTTP ('restart task http').";

        protected override void ProcessRecord() =>
            EditEach(ConfigChange.Set(null, SametimeSettings.BuddyListServletKey, SametimeSettings.BuddyListServletClass), null, ConfigFileFormat.JavaProperties,
                createIfMissing: true);
    }
}
