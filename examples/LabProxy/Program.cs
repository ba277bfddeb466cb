using System.Globalization;
using System.Text;
using SametimeAdmin.LabProxy;
using SametimeAdmin.Ltpa;

// The lab Sametime Proxy Server. Prints "LABPROXY <url>" when it listens, then serves until its standard input
// closes (the parent that started it is done or gone) or its lifetime is over.
//
//   dotnet LabProxy.dll --keys <ltpa.keys> --key-password-stdin [--mode Normal|ProxyDown|...] [--tls]
//                       [--slow-ms 5000] [--lifetime-seconds 600]
//
// With --key-password-stdin the first line of standard input is the key file password.
var options = new LabProxyOptions();
string? keyPath = null;
bool passwordFromStdin = false;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("Missing value after " + args[i]);
    switch (args[i])
    {
        case "--keys":
            keyPath = Next();
            break;
        case "--key-password-stdin":
            passwordFromStdin = true;
            break;
        case "--mode":
            options.Mode = Enum.Parse<LabProxyMode>(Next(), ignoreCase: true);
            break;
        case "--tls":
            options.Tls = true;
            break;
        case "--slow-ms":
            options.SlowDelay = TimeSpan.FromMilliseconds(int.Parse(Next(), CultureInfo.InvariantCulture));
            break;
        case "--lifetime-seconds":
            options.Lifetime = TimeSpan.FromSeconds(int.Parse(Next(), CultureInfo.InvariantCulture));
            break;
        default:
            Console.Error.WriteLine("Unknown argument " + args[i]);
            return 2;
    }
}

LtpaKeySet? keys = null;
if (keyPath != null)
{
    string password = passwordFromStdin ? Console.In.ReadLine() ?? string.Empty : string.Empty;
    byte[] passwordBytes = Encoding.UTF8.GetBytes(password);
    try
    {
        keys = LtpaKeyFile.Read(keyPath, passwordBytes);
    }
    catch (SametimeAdmin.Common.SametimeAdminException ex)
    {
        Console.Error.WriteLine("LABPROXY-ERROR " + ex.Message);
        return 3;
    }
    finally
    {
        Array.Clear(passwordBytes);
    }

    options.ValidateToken = LabTokenValidator.For(keys);
}

using var server = new LabProxyServer(options);
server.Start();
Console.WriteLine("LABPROXY " + server.Url);
Console.Out.Flush();

// Standard input closing means the parent is finished with us.
var parentGone = Task.Run(() =>
{
    try
    {
        while (Console.In.ReadLine() != null)
        {
        }
    }
    catch (IOException)
    {
        // A broken pipe is the same news.
    }
});
await Task.WhenAny(parentGone, server.Stopped);
keys?.Dispose();
return 0;
