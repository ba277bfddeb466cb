using System.Diagnostics;
using System.Globalization;
using System.Text;
using SametimeAdmin.Ltpa;

// Usage: SametimeAdmin.Benchmarks <key file> <password> <Domino secret, Base64>
// A long-lived worker driven by tests/Benchmarks/Ltpa.bench.ps1 through stdin, so it is warmed up once and its
// rounds interleave with those of OpenSSL and npm ltpa in the same conditions:
//   "warmup <seconds>"  runs every measured operation in turn, prints "ready"
//   "round <seconds>"   runs each operation for the given wall-clock time (single thread) and prints "name=ops/s" lines
//                       and "end", the rate per second of this process's user CPU time, the divisor `openssl speed` uses for its own
//                       (on a shared machine wall-clock rates mostly measure the other load)
//   "quit"
string keyFile = args[0];
byte[] password = Encoding.UTF8.GetBytes(args[1]);
byte[] dominoSecret = Convert.FromBase64String(args[2]);
using LtpaKeySet keys = LtpaKeyFile.Read(keyFile, password);
DateTimeOffset expiration = DateTimeOffset.UtcNow.AddHours(2);
var options = new LtpaValidationOptions();

string MintLtpa2(int i) => LtpaToken2.Mint(keys, "user:defaultRealm/uid=user" + i.ToString(CultureInfo.InvariantCulture) + ",ou=people,dc=example,dc=com", expiration);

string MintDomino(int i) => DominoLtpaToken.Mint("CN=User " + i.ToString(CultureInfo.InvariantCulture) + "/O=Example", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(95), dominoSecret);

string[] ltpa2Tokens = Enumerable.Range(0, 256).Select(MintLtpa2).ToArray();
string[] dominoTokens = Enumerable.Range(0, 256).Select(MintDomino).ToArray();
foreach (string token in ltpa2Tokens)
{
    if (LtpaToken2.Decode(token, keys, options).Verdict != LtpaTokenVerdict.Valid)
    {
        throw new InvalidOperationException("A freshly minted LtpaToken2 did not validate.");
    }
}

foreach (string token in dominoTokens)
{
    if (DominoLtpaToken.Decode(token, dominoSecret, options).Verdict != LtpaTokenVerdict.Valid)
    {
        throw new InvalidOperationException("A freshly minted Domino token did not validate.");
    }
}

// The results are kept in a field-like local so the JIT cannot drop the work.
object? sink = null;
var work = new (string Name, Func<int, object> Run)[]
{
    ("ltpa2-mint", i => MintLtpa2(i)),
    ("ltpa2-validate", i => LtpaToken2.Decode(ltpa2Tokens[i & 255], keys, options)),
    ("domino-mint", i => MintDomino(i)),
    ("domino-validate", i => DominoLtpaToken.Decode(dominoTokens[i & 255], dominoSecret, options)),
};

double Measure(Func<int, object> run, double seconds)
{
    var watch = Stopwatch.StartNew();
    TimeSpan cpuStart = Environment.CpuUsage.UserTime;
    int count = 0;
    while (watch.Elapsed.TotalSeconds < seconds)
    {
        for (int i = 0; i < 32; i++)
        {
            sink = run(count++);
        }
    }

    double cpu = (Environment.CpuUsage.UserTime - cpuStart).TotalSeconds;
    return count / Math.Max(cpu, 1e-6);
}

string? line;
while ((line = Console.ReadLine()) != null)
{
    string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    if (parts.Length == 0 || parts[0] == "quit")
    {
        break;
    }

    double seconds = parts.Length > 1 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : 1;
    if (parts[0] == "warmup")
    {
        // Short slices in turn until the time is up, so every path reaches the optimised tier.
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            foreach (var (_, run) in work)
            {
                _ = Measure(run, 0.05);
            }
        }

        Console.WriteLine("ready");
    }
    else
    {
        foreach (var (name, run) in work)
        {
            Console.WriteLine(name + "=" + Measure(run, seconds).ToString("F0", CultureInfo.InvariantCulture));
        }

        Console.WriteLine("end");
    }

    Console.Out.Flush();
}

GC.KeepAlive(sink);
