using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Base of the cmdlets that work on Notes documents: where the documents are (DXL files, a Domino Access Services
    /// URL, or a database through Notes COM) and which item names to use.
    /// </summary>
    public abstract class DominoStoreCmdlet : SametimeCmdlet
    {
        protected const string PathSet = "Path";
        protected const string LiteralPathSet = "LiteralPath";
        protected const string DasSet = "Uri";
        protected const string NotesSet = "Notes";

        /// <summary>DXL export(s) of the document(s). Wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>DXL export(s), taken literally.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Database URL(s) for Domino Access Services, e.g. https://inotes.example.com/names.nsf.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DasSet)]
        [Alias("Url")]
        [ValidateNotNullOrEmpty]
        public string[] Uri { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = DasSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>How long to wait for Domino Access Services; -TimeoutSec is the former name.</summary>
        [Parameter(ParameterSetName = DasSet)]
        [Alias("TimeoutSec")]
        [ValidateRange(1, 600)]
        public int TimeoutSeconds { get; set; } = 30;

        /// <summary>Domino server for Notes COM ("" for a local database).</summary>
        [Parameter(Mandatory = true, ParameterSetName = NotesSet)]
        [AllowEmptyString]
        public string NotesServer { get; set; } = string.Empty;

        [Parameter(ParameterSetName = NotesSet)]
        [ValidateNotNullOrEmpty]
        public string Database { get; set; } = "names.nsf";

        [Parameter(ParameterSetName = NotesSet)]
        public SecureString? NotesPassword { get; set; }

        /// <summary>Overrides of the item map: a hashtable of 'Document.Field' = 'NotesName', or the path of a .json or .psd1 file.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? ItemMap { get; set; }

        /// <summary>The item map for this call (built-in names plus overrides).</summary>
        protected DominoItemMap Map { get; private set; } = DominoItemMap.Default;

        protected override void BeginProcessing()
        {
            Map = RunOrThrow(() => ItemMapResolver.Resolve(ItemMap, ResolveLiteralPath), ItemMap);
        }

        /// <summary>Whether Domino Access Services updates go out as POST with X-HTTP-Method-Override from the start.</summary>
        protected virtual bool SendsUpdatesAsPost => false;

        /// <summary>True when documents come from the store parameters (not from pipeline objects).</summary>
        protected bool UsesStoreParameters =>
            ParameterSetName == PathSet || ParameterSetName == LiteralPathSet || ParameterSetName == DasSet || ParameterSetName == NotesSet;

        /// <summary>Opens each store named by the parameters and runs <paramref name="work"/> on it; failures are per store.</summary>
        /// <summary>The findings of a Test- cmdlet, or with -Quiet one boolean: true when none is an error.</summary>
        protected void WriteFindings(IEnumerable<SsoDocFinding> findings, bool quiet)
        {
            if (quiet)
            {
                WriteObject(findings.All(f => f.Severity != FindingSeverity.Error));
                return;
            }

            foreach (SsoDocFinding finding in findings)
            {
                WriteObject(finding);
            }
        }

        protected void ForEachStore(Action<INotesDocumentStore> work)
        {
            foreach (KeyValuePair<object, Func<INotesDocumentStore>> target in Targets())
            {
                TryRun(() =>
                {
                    using (INotesDocumentStore store = target.Value())
                    {
                        work(store);
                    }
                }, target.Key);
            }
        }

        /// <summary>Reopens the DXL export each piped document was read from (once per file) and runs <paramref name="work"/> on it.</summary>
        protected void ForEachOrigin(IEnumerable<string> locations, Action<INotesDocumentStore> work)
        {
            foreach (string location in locations.Distinct(StringComparer.Ordinal))
            {
                TryRun(() =>
                {
                    using (INotesDocumentStore store = DxlDocumentStore.ReopenOrigin(location))
                    {
                        work(store);
                    }
                }, location);
            }
        }

        private IEnumerable<KeyValuePair<object, Func<INotesDocumentStore>>> Targets()
        {
            switch (ParameterSetName)
            {
                case PathSet:
                case LiteralPathSet:
                    bool literal = ParameterSetName == LiteralPathSet;
                    foreach (string path in literal ? LiteralPath : Path)
                    {
                        foreach (string file in ResolvePaths(path, literal))
                        {
                            yield return new KeyValuePair<object, Func<INotesDocumentStore>>(file, () => new DxlDocumentStore(file));
                        }
                    }

                    break;
                case DasSet:
                    foreach (string url in Uri)
                    {
                        // The error target is the URL without any user:password in it.
                        yield return new KeyValuePair<object, Func<INotesDocumentStore>>(DasDocumentStore.RedactUrl(url), () => OpenDas(url));
                    }

                    break;
                case NotesSet:
                    yield return new KeyValuePair<object, Func<INotesDocumentStore>>(NotesServer + "!!" + Database, OpenNotes);
                    break;
            }
        }

        private DasDocumentStore OpenDas(string url)
        {
            var store = new DasDocumentStore(url, Credential?.GetNetworkCredential(), TimeSpan.FromSeconds(TimeoutSeconds), SendsUpdatesAsPost) { Log = WriteVerbose };
            string? warning = DasDocumentStore.PlainHttpCredentialWarning(store.DatabaseUrl, Credential?.UserName);
            if (warning != null)
            {
                WriteWarning(warning);
            }

            WriteVerbose($"Domino Access Services at {store.Location}" + (Credential != null ? " as " + Credential.UserName : " without credentials"));
            return store;
        }

        private NotesComStore OpenNotes()
        {
            byte[]? password = NotesPassword == null ? null : ToUtf8Bytes(NotesPassword);
            try
            {
                return new NotesComStore(NotesServer, Database, password);
            }
            finally
            {
                if (password != null)
                {
                    Array.Clear(password, 0, password.Length);
                }
            }
        }
    }
}
