using System.Text.Json.Nodes;

namespace SametimeAdmin.LabServers;

/// <summary>
/// dotnet LabServers.dll das --data &lt;folder of *.json documents&gt; [--user name --password pw [--access Editor|Reader|NoAccess]]...
///   [--view "Name=KeyItem[:PrefixItem]"]... [--database names.nsf] [--delay-ms n] [--fail] [--reject-patch] [--login-form] [--redirect] [--idle-exit seconds]
/// Prints "Listening on &lt;database URL&gt;" and serves until stdin closes, a line "stop" arrives, or it has been idle for --idle-exit seconds.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] != "das")
        {
            Console.Error.WriteLine("usage: LabServers das --data <folder> [--user u --password p [--access Editor]] [--view Name=Item[:Prefix]] [--idle-exit 300]");
            return 2;
        }

        string database = "names.nsf";
        string? data = null;
        var idle = TimeSpan.FromSeconds(300);
        var users = new List<(string User, string Password, DasAccess Access)>();
        var views = new List<DasView>();
        var options = new List<Action<DasLabServer>>();
        for (int i = 1; i < args.Length; i++)
        {
            string value() => args[++i];
            switch (args[i])
            {
                case "--data": data = value(); break;
                case "--database": database = value(); break;
                case "--user": users.Add((value(), string.Empty, DasAccess.Editor)); break;
                case "--password": users[^1] = (users[^1].User, value(), users[^1].Access); break;
                case "--access": users[^1] = (users[^1].User, users[^1].Password, Enum.Parse<DasAccess>(value(), true)); break;
                case "--view":
                    string[] parts = value().Split('=', 2);
                    string[] keyParts = parts[1].Split(':', 2);
                    views.Add(keyParts.Length == 2 ? new DasView(parts[0], keyParts[1], keyParts[0]) : new DasView(parts[0], keyParts[0]));
                    break;
                case "--delay-ms": int delay = int.Parse(value(), System.Globalization.CultureInfo.InvariantCulture); options.Add(s => s.Delay = TimeSpan.FromMilliseconds(delay)); break;
                case "--fail": options.Add(s => s.FailWithServerError = true); break;
                case "--reject-patch": options.Add(s => s.RejectPatchVerb = true); break;
                case "--login-form": options.Add(s => s.LoginFormInsteadOf401 = true); break;
                case "--redirect": options.Add(s => s.RedirectWithinDatabase = true); break;
                case "--idle-exit": idle = TimeSpan.FromSeconds(int.Parse(value(), System.Globalization.CultureInfo.InvariantCulture)); break;
                default: Console.Error.WriteLine("unknown option " + args[i]); return 2;
            }
        }

        using (var server = new DasLabServer(database))
        {
            foreach (var (user, password, access) in users)
            {
                server.AddUser(user, password, access);
            }

            foreach (var view in views)
            {
                server.AddView(view);
            }

            foreach (var option in options)
            {
                option(server);
            }

            if (data != null)
            {
                foreach (string file in Directory.GetFiles(data, "*.json").Order(StringComparer.Ordinal))
                {
                    server.AddDocument((JsonObject)JsonNode.Parse(File.ReadAllText(file))!);
                }
            }

            server.Start();
            Console.WriteLine("Listening on " + server.DatabaseUri);
            Console.Out.Flush();

            var stdinClosed = Task.Run(() =>
            {
                string? line;
                while ((line = Console.ReadLine()) != null && line.Trim() != "stop")
                {
                }
            });
            while (!stdinClosed.IsCompleted && server.IdleTime < idle)
            {
                stdinClosed.Wait(TimeSpan.FromMilliseconds(250));
            }
        }

        return 0;
    }
}
