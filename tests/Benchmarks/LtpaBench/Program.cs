using System.Diagnostics;
using System.Globalization;
using System.Text;
using SametimeAdmin.Ltpa;

// Usage: SametimeAdmin.Benchmarks <key file> <password> [seconds]
// Prints "mint/s=<n>" and "validate/s=<n>" (single thread, after a warm-up).
string keyFile = args[0];
byte[] password = Encoding.UTF8.GetBytes(args[1]);
double seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 3;
using LtpaKeySet keys = LtpaKeyFile.Read(keyFile, password);
DateTimeOffset expiration = DateTimeOffset.UtcNow.AddHours(2);
var options = new LtpaValidationOptions();

string Mint(int i) => LtpaToken2.Mint(keys, "user:defaultRealm/uid=user" + i.ToString(CultureInfo.InvariantCulture) + ",ou=people,dc=example,dc=com", expiration);

// Warm-up: JIT, crypto objects cached in the key set.
string[] tokens = Enumerable.Range(0, 256).Select(Mint).ToArray();
foreach (string token in tokens)
{
    if (LtpaToken2.Decode(token, keys, options).Verdict != LtpaTokenVerdict.Valid)
    {
        throw new InvalidOperationException("A freshly minted token did not validate.");
    }
}

double Measure(Func<int, object> work)
{
    var watch = Stopwatch.StartNew();
    int count = 0;
    while (watch.Elapsed.TotalSeconds < seconds)
    {
        for (int i = 0; i < 64; i++)
        {
            _ = work(count++);
        }
    }

    return count / watch.Elapsed.TotalSeconds;
}

// A second of each before measuring, so the JIT has tiered up the hot paths.
double savedSeconds = seconds;
seconds = 1;
_ = Measure(i => Mint(i));
_ = Measure(i => LtpaToken2.Decode(tokens[i & 255], keys, options));
seconds = savedSeconds;

double mint = Measure(i => Mint(i));
double validate = Measure(i => LtpaToken2.Decode(tokens[i & 255], keys, options));
Console.WriteLine("mint/s=" + mint.ToString("F0", CultureInfo.InvariantCulture));
Console.WriteLine("validate/s=" + validate.ToString("F0", CultureInfo.InvariantCulture));
