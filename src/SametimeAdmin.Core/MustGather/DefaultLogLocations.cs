using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SametimeAdmin.Checklist;

namespace SametimeAdmin.MustGather
{
    /// <summary>What a default log location holds, and the environment setting that makes looking there unnecessary.</summary>
    public enum DefaultLogKind
    {
        /// <summary>The proxy's WebSphere trace.log (Proxy.TraceLog).</summary>
        ProxyTrace,

        /// <summary>The proxy profile's AboutThisProfile.txt (Proxy.AboutThisProfile).</summary>
        ProxyProfile,

        /// <summary>A Domino server's console.log (a server's ConsoleLog).</summary>
        DominoConsole,
    }

    /// <summary>One default location: a path whose '*' segments stand for any folder (a profile or server name).</summary>
    public sealed record DefaultLogLocation(DefaultLogKind Kind, string Pattern);

    /// <summary>
    /// The default locations of the logs guide 4.4 asks for, as IBM installs them: WebSphere profiles'
    /// logs/&lt;server&gt;/trace.log and logs/AboutThisProfile.txt (the guide's sample profile path
    /// C:\IBM\WebSphere\AppServer\profiles\proxy1STPP\NProfile1\logs\), and Domino's
    /// &lt;data&gt;/IBM_TECHNICAL_SUPPORT/console.log (data folder \IBM\Domino\data in the guide, /local/notesdata on Linux).
    /// Save-StMustGather looks there for what the site does not name, and records where it looked.
    /// </summary>
    public static class DefaultLogLocations
    {
        /// <summary>At most this many files are taken from one location (a profile folder can hold many servers).</summary>
        public const int MaxFilesPerLocation = 10;

        /// <summary>The guide's default locations for Windows or for Linux/AIX.</summary>
        public static IReadOnlyList<DefaultLogLocation> Guide(bool windows)
        {
            var was = windows
                ? new[] { @"C:\IBM\WebSphere\AppServer\profiles\*", @"C:\IBM\WebSphere\AppServer\profiles\*\*", @"C:\Program Files\IBM\WebSphere\AppServer\profiles\*" }
                : new[] { "/opt/IBM/WebSphere/AppServer/profiles/*" };
            var domino = windows
                ? new[] { @"C:\IBM\Domino\data", @"C:\Program Files\IBM\Domino\data", @"C:\Program Files\HCL\Domino\data" }
                : new[] { "/local/notesdata" };
            string sep = windows ? "\\" : "/";
            return was.Select(p => new DefaultLogLocation(DefaultLogKind.ProxyTrace, p + sep + "logs" + sep + "*" + sep + "trace.log"))
                .Concat(was.Select(p => new DefaultLogLocation(DefaultLogKind.ProxyProfile, p + sep + "logs" + sep + "AboutThisProfile.txt")))
                .Concat(domino.Select(p => new DefaultLogLocation(DefaultLogKind.DominoConsole, p + sep + "IBM_TECHNICAL_SUPPORT" + sep + "console.log")))
                .ToList();
        }

        /// <summary>The files a pattern matches, in name order; '*' matches one folder level. Unreadable folders match nothing.</summary>
        public static IReadOnlyList<string> Find(string pattern)
        {
            if (pattern == null)
            {
                throw new ArgumentNullException(nameof(pattern));
            }

            string[] segments = pattern.Split('/', '\\');
            string root = segments[0].Length == 0 ? Path.DirectorySeparatorChar.ToString() : segments[0] + Path.DirectorySeparatorChar;
            IEnumerable<string> current = new[] { root };
            for (int i = 1; i < segments.Length - 1; i++)
            {
                string segment = segments[i];
                if (segment.Length == 0)
                {
                    continue;
                }

                current = segment == "*"
                    ? current.SelectMany(SubFolders).ToList()
                    : current.Select(c => Path.Combine(c, segment)).Where(Directory.Exists).ToList();
            }

            string file = segments[segments.Length - 1];
            return current.Select(c => Path.Combine(c, file)).Where(File.Exists).OrderBy(f => f, StringComparer.Ordinal).Take(MaxFilesPerLocation).ToList();
        }

        private static IEnumerable<string> SubFolders(string folder)
        {
            try
            {
                return Directory.Exists(folder) ? Directory.GetDirectories(folder).OrderBy(d => d, StringComparer.Ordinal).ToArray() : Array.Empty<string>();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return Array.Empty<string>();
            }
        }

        /// <summary>Whether the site already names the files of a kind (then the default location is not searched).</summary>
        internal static string? GivenBy(DefaultLogKind kind, SsoEnvironment env) => kind switch
        {
            DefaultLogKind.ProxyTrace => env.Proxy.TraceLogs.Count > 0 ? "Proxy.TraceLog" : null,
            DefaultLogKind.ProxyProfile => env.Proxy.AboutThisProfile != null ? "Proxy.AboutThisProfile" : null,
            _ => env.DominoServers.Any(s => s.ConsoleLogs.Count > 0) ? "a server's ConsoleLog" : null,
        };
    }

    public static partial class MustGatherCollector
    {
        /// <summary>
        /// Looks in the default log locations for the logs the site does not name, adds what it finds (redacted, under
        /// local/) and writes log-locations.txt: every location, and whether it was searched and what it held.
        /// </summary>
        public static void AddDefaultLogs(MustGatherArchive archive, SsoEnvironment env, IReadOnlyList<DefaultLogLocation> locations)
        {
            if (archive == null)
            {
                throw new ArgumentNullException(nameof(archive));
            }

            if (env == null)
            {
                throw new ArgumentNullException(nameof(env));
            }

            if (locations == null)
            {
                throw new ArgumentNullException(nameof(locations));
            }

            var sb = new StringBuilder();
            sb.AppendLine("Default log locations of guide 4.4 (IBM's install defaults) on this machine");
            sb.AppendLine("Files the environment description names are collected from there; these locations are searched only for the rest.");
            sb.AppendLine();
            int n = 0;
            foreach (var location in locations)
            {
                string? given = DefaultLogLocations.GivenBy(location.Kind, env);
                if (given != null)
                {
                    sb.AppendLine("not searched  " + location.Pattern + "  (the environment names " + given + ")");
                    continue;
                }

                var found = DefaultLogLocations.Find(location.Pattern);
                sb.AppendLine("searched      " + location.Pattern + "  " + (found.Count == 0 ? "nothing found" : found.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " file(s): " + string.Join(", ", found)));
                foreach (string path in found)
                {
                    n++;
                    string name = "local/" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Safe(Path.GetFileName(path));
                    archive.AddFile(path, name, ArtefactKind.Text, DescribeKind(location.Kind) + " found at the default location " + path);
                }
            }

            archive.AddText("log-locations.txt", sb.ToString(), "the default log locations searched on this machine");
        }

        private static string DescribeKind(DefaultLogKind kind) => kind switch
        {
            DefaultLogKind.ProxyTrace => "WebSphere trace.log",
            DefaultLogKind.ProxyProfile => "WebSphere profile's AboutThisProfile.txt",
            _ => "Domino console.log",
        };
    }
}
