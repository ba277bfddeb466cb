using System;
using System.Collections.Generic;
using System.IO;
using System.Security;

namespace SametimeAdmin.Checklist
{
    /// <summary>Settings of a checklist run that are not part of the environment description.</summary>
    public sealed class ChecklistOptions
    {
        /// <summary>Do not open network connections: the awareness and port checks are skipped.</summary>
        public bool Offline { get; set; }

        /// <summary>
        /// UTF-8 bytes of the ltpa.keys password; without it the key file cannot be compared with the documents.
        /// The caller owns the array and clears it after the run.
        /// </summary>
#pragma warning disable CA1819 // A secret buffer the caller must be able to clear, not a copy.
        public byte[]? LtpaKeyPassword { get; set; }
#pragma warning restore CA1819

        /// <summary>User name and password for Domino Access Services URLs.</summary>
        public string? DasUserName { get; set; }

        public SecureString? DasPassword { get; set; }

        /// <summary>Lab only: accept any TLS certificate in the awareness probe.</summary>
        public bool SkipCertificateCheck { get; set; }

        /// <summary>Timeout of each network step.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Receives warnings for the user (a password about to go over plain HTTP), each once per run.</summary>
        public Action<string>? Warn { get; set; }
    }

    /// <summary>What the checks of one run share: the environment, the options and result helpers.</summary>
    public sealed class ChecklistContext : IDisposable
    {
        private readonly Dictionary<string, object?> cache = new Dictionary<string, object?>(StringComparer.Ordinal);
        private readonly HashSet<string> warned = new HashSet<string>(StringComparer.Ordinal);

        public ChecklistContext(SsoEnvironment environment, ChecklistOptions? options = null)
        {
            Environment = SecurityConfiguration.AdoptKeysFile(environment ?? throw new ArgumentNullException(nameof(environment)));
            Options = options ?? new ChecklistOptions();
        }

        public SsoEnvironment Environment { get; }

        public ChecklistOptions Options { get; }

        /// <summary>
        /// Why a file cannot be used, or null when it can: not given, not found, a folder, or not readable.
        /// </summary>
        public static string? FileProblem(string? path, string what)
        {
            if (string.IsNullOrEmpty(path))
            {
                return $"{what} is not given in the environment description.";
            }

            if (Directory.Exists(path))
            {
                return $"{what} '{path}' is a folder, not a file.";
            }

            if (!File.Exists(path))
            {
                return $"{what} '{path}' was not found.";
            }

            try
            {
                using (File.OpenRead(path!))
                {
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return $"{what} '{path}' cannot be read: {ex.Message}";
            }

            return null;
        }

        /// <summary>Passes a warning on to <see cref="ChecklistOptions.Warn"/>, once per run.</summary>
        public void Warn(string message)
        {
            if (warned.Add(message))
            {
                Options.Warn?.Invoke(message);
            }
        }

        /// <summary>Clears what the run loaded (key sets hold key material until disposed).</summary>
        public void Dispose()
        {
            foreach (var value in cache.Values)
            {
                (value as ILoaded)?.DisposeValue();
            }

            cache.Clear();
        }

        /// <summary>Loads something once per run and remembers the outcome (a value or the failure).</summary>
        public Loaded<T> Load<T>(string key, Func<T> load)
            where T : class
        {
            if (cache.TryGetValue(key, out object? existing) && existing is Loaded<T> loaded)
            {
                return loaded;
            }

            Loaded<T> result;
            try
            {
                result = new Loaded<T>(load(), null);
            }
#pragma warning disable CA1031 // A check must turn any failure to read an artefact into a result, never stop the run.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                result = new Loaded<T>(null, ex.Message);
            }

            cache[key] = result;
            return result;
        }
    }

    /// <summary>An artefact loaded by a check, or the reason it could not be.</summary>
    internal interface ILoaded
    {
        void DisposeValue();
    }

    public sealed class Loaded<T> : ILoaded
        where T : class
    {
        public Loaded(T? value, string? problem)
        {
            Value = value;
            Problem = value == null ? problem ?? "not available" : null;
        }

        public T? Value { get; }

        public string? Problem { get; }

        void ILoaded.DisposeValue() => (Value as IDisposable)?.Dispose();
    }

    /// <summary>Builds the results of one check with its fixed description.</summary>
    public sealed record CheckDefinition(string Id, string Area, string Check, string GuideSection, string Server, string? Link = null)
    {
        /// <summary>The same check for another server or connection (its id gets a suffix).</summary>
        public CheckDefinition For(string suffix, string check, string? server = null, string? link = null) =>
            this with { Id = Id + "." + suffix, Check = check, Server = server ?? Server, Link = link ?? Link };

        public CheckResult Pass(string evidence) => Result(CheckStatus.Passed, evidence, null);

        public CheckResult Fail(string evidence, string fix) => Result(CheckStatus.Failed, evidence, fix);

        public CheckResult Warn(string evidence, string fix) => Result(CheckStatus.Warning, evidence, fix);

        public CheckResult Skip(string reason, string? fix = null) => Result(CheckStatus.Skipped, reason, fix);

        /// <summary>A skipped result for a capability this build of the module does not include.</summary>
        public CheckResult NotAvailable(string capability) =>
            Skip($"not available: {capability} is not part of this build of SametimeAdmin.", "Check this item by hand as the guide describes.");

        public CheckResult Result(CheckStatus status, string evidence, string? fix) =>
            new CheckResult(Id, Area, Check, status, evidence, fix, GuideSection, Server, Link);
    }
}
