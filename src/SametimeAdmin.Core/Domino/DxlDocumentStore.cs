using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SametimeAdmin.Common;

namespace SametimeAdmin.Domino
{
    /// <summary>
    /// A DXL export on disk (a &lt;document&gt;, a &lt;note class='document'&gt;, or documents inside a &lt;database&gt;).
    /// Writes change only the touched items; the file is replaced atomically and the previous version is kept as a .bak beside it.
    /// </summary>
    public sealed class DxlDocumentStore : INotesDocumentStore
    {
        private readonly Dictionary<NotesDocument, int> indexOf = new Dictionary<NotesDocument, int>();

        public DxlDocumentStore(string path)
        {
            if (string.IsNullOrEmpty(path))
            {
                throw new ArgumentException("A path is required.", nameof(path));
            }

            Path = System.IO.Path.GetFullPath(path);
        }

        public string Path { get; }

        public string Location => Path;

        /// <summary>
        /// Opens again the DXL export a document (piped from Get-SsoDoc or Get-TrustedIp) was read from. Only a DXL file can
        /// be reopened this way: a document from Domino Access Services or Notes COM does not carry the credentials its store needs.
        /// </summary>
        public static DxlDocumentStore ReopenOrigin(string location)
        {
            bool isFile = !string.IsNullOrEmpty(location) && location.IndexOf("://", StringComparison.Ordinal) < 0 &&
                location.IndexOf("!!", StringComparison.Ordinal) < 0 && System.IO.Path.IsPathRooted(location) && File.Exists(location);
            if (!isFile)
            {
                throw new SametimeAdminException("PipedDocumentStoreUnavailable", FailureKind.InvalidArgument,
                    $"The piped document comes from '{location}', which is not a DXL export on this computer; only documents of DXL exports can be changed from the pipeline.")
                {
                    RecommendedAction = "For Domino Access Services or Notes COM, name the store again: -Uri with -Credential, or -NotesServer and -Database.",
                };
            }

            return new DxlDocumentStore(location);
        }

        /// <summary>Item flags (seal='true') stay in the file, so a later DXL import can encrypt again.</summary>
        public bool KeepsEncryption => true;

        public IReadOnlyList<NotesDocument> FindDocuments(DocumentLookup lookup)
        {
            DxlFile file = Load();
            var result = new List<NotesDocument>();
            for (int i = 0; i < file.Documents.Count; i++)
            {
                NotesDocument document = file.Documents[i].Document;
                indexOf[document] = i;
                result.Add(document);
            }

            return result;
        }

        /// <summary>The file's lock (outside the folder, shared with every other edit of the file).</summary>
        public IDisposable? LockForEdit(TimeSpan timeout) => AtomicFile.AcquireLock(Path, timeout);

        public DocumentUpdateResult Update(NotesDocument document, IReadOnlyList<NotesItemChange> changes, DocumentUpdateOptions options)
        {
            if (document == null)
            {
                throw new ArgumentNullException(nameof(document));
            }

            if (!indexOf.TryGetValue(document, out int index))
            {
                throw new ArgumentException("The document was not read from this store.", nameof(document));
            }

            options ??= new DocumentUpdateOptions();
            DxlFile current = Load(out FileSnapshot read);
            if (!string.Equals(current.Revision, document.Revision, StringComparison.Ordinal) || index >= current.Documents.Count)
            {
                throw DocumentConflict.Changed(Path);
            }

            DxlFile.Entry entry = current.Documents[index];
            NotesItemChange[] effective = entry.Document.ChangesNeeded(changes);
            if (effective.Length == 0)
            {
                return new DocumentUpdateResult(entry.Document, Array.Empty<string>(), null);
            }

            byte[] updated = current.Apply(entry, effective);
            DxlFile reread = DxlFile.Parse(updated, Path);
            NotesDocument after = reread.Documents[index].Document;
            VerifyWritten(after, effective);

            var write = new AtomicWriteOptions
            {
                Backup = true,
                OwnerOnly = options.HoldsSecrets,
                BackupCount = options.BackupCount,
                Expected = read,
                BeforeReplace = options.BeforeReplace,
            };
            string? backup;
            try
            {
                backup = AtomicFile.Write(Path, updated, write);
            }
            catch (SametimeAdminException ex) when (ex.ErrorId == AtomicFile.ChangedDuringEditErrorId)
            {
                // Another program (Notes, an editor) saved the file between our read and our write.
                throw DocumentConflict.Changed(Path);
            }

            indexOf[after] = index;
            return new DocumentUpdateResult(after, effective.Select(c => c.Name).ToArray(), backup);
        }

        public void Dispose()
        {
            indexOf.Clear();
        }

        private DxlFile Load() => Load(out _);

        private DxlFile Load(out FileSnapshot snapshot)
        {
            byte[] content;
            try
            {
                content = AtomicFile.Read(Path, out snapshot) ?? throw new FileNotFoundException(null, Path);
            }
            catch (SametimeAdminException ex) when (ex.ErrorId == "FileReadDenied")
            {
                throw new SametimeAdminException("DxlFileReadDenied", FailureKind.PermissionDenied, $"Reading '{Path}' was denied.", ex);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                throw new SametimeAdminException("DxlFileNotFound", FailureKind.ObjectNotFound, $"The DXL file '{Path}' does not exist.", ex)
                {
                    RecommendedAction = "Check the path, or export the document from Notes (File > Export > DXL, or NotesDXLExporter) first.",
                };
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new SametimeAdminException("DxlFileReadDenied", FailureKind.PermissionDenied, $"Reading '{Path}' was denied.", ex);
            }
            catch (IOException ex)
            {
                throw new SametimeAdminException("DxlFileReadFailed", FailureKind.ReadError, $"'{Path}' could not be read: {ex.Message}", ex);
            }

            DxlFile file = DxlFile.Parse(content, Path);
            string[] sealedItems = file.Documents.SelectMany(d => d.Document.SealedItemNames).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            if (sealedItems.Length > 0)
            {
                throw new SametimeAdminException("DxlItemSealed", FailureKind.SecurityError,
                    $"'{Path}' holds encrypted items ({string.Join(", ", sealedItems)}) that this export cannot show: it was made by an ID that cannot decrypt the document. Nothing was read or changed.")
                {
                    RecommendedAction = "Export the document again with an ID that can decrypt it (a participating server's ID, or an administrator the document is encrypted for).",
                };
            }

            return file;
        }

        private void VerifyWritten(NotesDocument after, IEnumerable<NotesItemChange> changes)
        {
            foreach (NotesItemChange change in changes)
            {
                if (!(after.GetItem(change.Name)?.HasSameValue(change) ?? false))
                {
                    throw new SametimeAdminException("DxlWriteVerificationFailed", FailureKind.InvalidOperation,
                        $"The edited copy of '{Path}' did not read back the new value of '{change.Name}'; the file was not changed.");
                }
            }
        }
    }
}
