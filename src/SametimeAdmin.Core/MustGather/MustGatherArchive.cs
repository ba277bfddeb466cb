using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;

namespace SametimeAdmin.MustGather
{
    /// <summary>One file of the archive, as listed in the manifest.</summary>
    public sealed class MustGatherEntry
    {
        public MustGatherEntry(string name, string? source, string description, long size, string sha256, IReadOnlyCollection<RedactionCount> redactions, string? redactionMethod = null)
        {
            RedactionMethod = redactionMethod;
            Name = name;
            Source = source;
            Description = description;
            Size = size;
            Sha256 = sha256;
            Redactions = redactions;
        }

        /// <summary>Path inside the archive.</summary>
        public string Name { get; }

        /// <summary>The file it was copied from; null for generated entries.</summary>
        public string? Source { get; }

        public string Description { get; }

        /// <summary>Size in bytes of the stored (redacted) content.</summary>
        public long Size { get; }

        /// <summary>SHA-256 (hex) of the stored content.</summary>
        public string Sha256 { get; }

        public IReadOnlyCollection<RedactionCount> Redactions { get; }

        /// <summary>How the file was read for redaction (parsed, or the line rules and why); null when not redacted.</summary>
        public string? RedactionMethod { get; }
    }

    /// <summary>Something of the must-gather set that could not be collected, and why.</summary>
    public sealed class MissingArtefact
    {
        public MissingArtefact(string item, string? path, string reason)
        {
            Artefact = item;
            Path = path;
            Reason = reason;
        }

        public string Artefact { get; }

        public string? Path { get; }

        public string Reason { get; }
    }

    /// <summary>What Save-StMustGather wrote.</summary>
    public sealed class MustGatherResult
    {
        public MustGatherResult(string path, bool redacted, IReadOnlyList<MustGatherEntry> entries, IReadOnlyList<MissingArtefact> missing, long archiveSize)
        {
            Path = path;
            Redacted = redacted;
            Entries = entries;
            Missing = missing;
            ArchiveSize = archiveSize;
        }

        public string Path { get; }

        public bool Redacted { get; }

        public IReadOnlyList<MustGatherEntry> Entries { get; }

        public IReadOnlyList<MissingArtefact> Missing { get; }

        public long ArchiveSize { get; }

        public int FileCount => Entries.Count;

        public int MissingCount => Missing.Count;

        public int RedactionCount => Entries.Sum(e => e.Redactions.Sum(r => r.Count));
    }

    /// <summary>
    /// Builds the must-gather zip: files are streamed into the archive (logs line by line, so large traces do not
    /// need memory), redacted unless told otherwise, each listed in manifest.json with its size, SHA-256 and what
    /// was redacted; what could not be collected is listed with the reason. The zip is written to a temporary
    /// file next to the destination, owner-only from its creation (it may hold secrets, always with -NoRedaction),
    /// and moved into place at the end.
    /// </summary>
    public sealed class MustGatherArchive : IDisposable
    {
        public const string ErrorDestinationExists = "MustGatherDestinationExists";
        public const string ErrorDestinationFolderMissing = "MustGatherDestinationFolderNotFound";
        public const string ManifestName = "manifest.json";

        // Latin-1 maps every byte to one char and back, so logs in any single-byte or UTF-8 encoding pass
        // through byte for byte while the (ASCII) secrets are found and replaced.
        private static readonly Encoding ByteTransparent = Encoding.GetEncoding(28591);

        private readonly string destination;
        private readonly string tempPath;
        private readonly FileStream stream;
        private readonly ZipArchive zip;
        private readonly List<MustGatherEntry> entries = new List<MustGatherEntry>();
        private readonly List<MissingArtefact> missing = new List<MissingArtefact>();
        private readonly HashSet<string> names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private bool completed;

        public MustGatherArchive(string destinationPath, bool overwrite, bool redact, DominoItemMap? itemMap = null)
        {
            destination = Path.GetFullPath(destinationPath);
            string? folder = Path.GetDirectoryName(destination);
            if (folder == null || !Directory.Exists(folder))
            {
                throw new SametimeAdminException(ErrorDestinationFolderMissing, FailureKind.ObjectNotFound,
                    $"The folder of '{destination}' does not exist; nothing was written.") { RecommendedAction = "Create the folder first or choose another -DestinationPath." };
            }

            if (Directory.Exists(destination))
            {
                throw new SametimeAdminException(ErrorDestinationExists, FailureKind.ResourceExists,
                    $"'{destination}' is a folder; give the path of the zip file to write (for example {Path.Combine(destination, "mustgather.zip")}).");
            }

            if (File.Exists(destination) && !overwrite)
            {
                throw new SametimeAdminException(ErrorDestinationExists, FailureKind.ResourceExists,
                    $"'{destination}' already exists; nothing was written.") { RecommendedAction = "Use -Force to replace it, or choose another -DestinationPath." };
            }

            Redact = redact;
            Redactor = new Redactor(itemMap);
            tempPath = Path.Combine(folder, "." + Path.GetFileName(destination) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            stream = OwnerOnlyFile.CreateNew(tempPath);
            zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        }

        public bool Redact { get; }

        /// <summary>The redactor of this archive: its fingerprint key is made for this archive only.</summary>
        public Redactor Redactor { get; }

        public IReadOnlyList<MustGatherEntry> Entries => entries;

        public IReadOnlyList<MissingArtefact> Missing => missing;

        /// <summary>Records an item of the must-gather set that could not be collected.</summary>
        public void AddMissing(string item, string? path, string reason) => missing.Add(new MissingArtefact(item, path, reason));

        /// <summary>Copies a file into the archive (redacted unless redaction is off). A missing file is recorded as missing.</summary>
        public bool AddFile(string sourcePath, string entryName, ArtefactKind kind, string description)
        {
            string? problem = FileProblem(sourcePath);
            if (problem != null)
            {
                AddMissing(description, sourcePath, problem);
                return false;
            }

            try
            {
                var log = new RedactionLog();
                var entry = NewEntry(entryName);
                using (var output = new HashingStream(entry.Open()))
                {
                    if (!Redact)
                    {
                        using (var input = File.OpenRead(sourcePath))
                        {
                            input.CopyTo(output);
                        }
                    }
                    else if (kind == ArtefactKind.Text)
                    {
                        RedactStreaming(sourcePath, output, Redactor, log);
                    }
                    else
                    {
                        byte[] bytes = File.ReadAllBytes(sourcePath);
                        Encoding encoding = DetectEncoding(bytes, kind, out int preamble);
                        string text = encoding.GetString(bytes, preamble, bytes.Length - preamble);
                        byte[] redacted = encoding.GetBytes(Redactor.Redact(text, kind, log));
                        output.Write(bytes, 0, preamble);
                        output.Write(redacted, 0, redacted.Length);
                    }

                    output.Flush();
                    entries.Add(new MustGatherEntry(entry.FullName, sourcePath, description, output.Length, output.HashHex(), log.Counts.ToList(), Redact ? log.Method : null));
                }

                return true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                AddMissing(description, sourcePath, "could not be read: " + ex.Message);
                return false;
            }
        }

        /// <summary>Adds generated text (overview, checklist result); it is redacted as well (JSON on its parsed strings).</summary>
        public void AddText(string entryName, string text, string description)
        {
            var log = new RedactionLog();
            // Generated JSON (checklist result, summaries) is redacted on its parsed strings, where evidence reads as it was quoted.
            bool json = entryName.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
            string content = !Redact ? text : json ? Redactor.Redact(text, ArtefactKind.Har, log) : Redactor.RedactLine(text, log);
            var entry = NewEntry(entryName);
            using (var output = new HashingStream(entry.Open()))
            {
                byte[] bytes = new UTF8Encoding(false).GetBytes(content);
                output.Write(bytes, 0, bytes.Length);
                output.Flush();
                entries.Add(new MustGatherEntry(entry.FullName, null, description, output.Length, output.HashHex(), log.Counts.ToList(), Redact ? log.Method : null));
            }
        }

        /// <summary>Writes the manifest, closes the zip and moves it to the destination.</summary>
        public MustGatherResult Complete(string environmentName, string toolVersion, IEnumerable<string>? notes = null)
        {
            var manifest = new
            {
                tool = "SametimeAdmin " + toolVersion,
                created = DateTimeOffset.Now.ToString("o", CultureInfo.InvariantCulture),
                environment = environmentName,
                redaction = Redact
                    ? "on: LTPA keys, Domino secrets, passwords, authorization headers, cookies and SSO tokens are replaced by [REDACTED:<kind>:hmac=<fingerprint>] (tokens and keys) or [REDACTED:<kind>] (passwords). "
                      + "XML (DXL, server.xml), JSON (HAR), Java properties and ini/env files are parsed and every value under a secret name is replaced whole; every file also gets the line rules. Each file's 'redactedBy' says how it was read."
                    : "OFF: the files are copied unchanged and may contain secrets",
                fingerprints = Redact ? Redactor.FingerprintDescription : null,
                files = entries.Select(e => new
                {
                    name = e.Name,
                    source = e.Source,
                    description = e.Description,
                    size = e.Size,
                    sha256 = e.Sha256,
                    redactedBy = e.RedactionMethod,
                    redacted = e.Redactions.Select(r => new { kind = r.Kind, count = r.Count, fingerprints = r.Fingerprints }),
                }),
                missing = missing.Select(m => new { item = m.Artefact, path = m.Path, reason = m.Reason }),
                notes = notes?.ToArray() ?? Array.Empty<string>(),
            };
            var manifestEntry = NewEntry(ManifestName);
            using (var writer = new StreamWriter(manifestEntry.Open(), new UTF8Encoding(false)))
            {
                writer.Write(JsonConvert.SerializeObject(manifest, Formatting.Indented));
            }

            zip.Dispose();
            stream.Flush(true);
            long size = stream.Length;
            stream.Dispose();
            if (File.Exists(destination))
            {
                File.Delete(destination);
            }

            File.Move(tempPath, destination);
            completed = true;
            return new MustGatherResult(destination, Redact, entries.ToList(), missing.ToList(), size);
        }

        public void Dispose()
        {
            if (!completed)
            {
                zip.Dispose();
                stream.Dispose();
                if (File.Exists(tempPath))
                {
                    File.Delete(tempPath);
                }

                completed = true;
            }
        }

        private ZipArchiveEntry NewEntry(string name)
        {
            string unique = name.Replace('\\', '/');
            int n = 2;
            while (!names.Add(unique))
            {
                string ext = Path.GetExtension(name);
                unique = name.Substring(0, name.Length - ext.Length) + "-" + n.ToString(CultureInfo.InvariantCulture) + ext;
                n++;
            }

            return zip.CreateEntry(unique, CompressionLevel.Optimal);
        }

        private static void RedactStreaming(string sourcePath, Stream output, Redactor redactor, RedactionLog log)
        {
            using (var input = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                byte[] head = new byte[2];
                int read = input.Read(head, 0, 2);
                bool utf16 = read == 2 && head[0] == 0xFF && head[1] == 0xFE;
                input.Position = 0;
                var encoding = utf16 ? Encoding.Unicode : ByteTransparent;
                using (var reader = new StreamReader(input, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024))
                using (var writer = new StreamWriter(output, encoding, 64 * 1024, leaveOpen: true))
                {
                    redactor.RedactStreaming(reader, writer, log);
                }
            }
        }

        private static Encoding DetectEncoding(byte[] bytes, ArtefactKind kind, out int preamble)
        {
            preamble = 0;
            if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            {
                preamble = 2;
                return new UnicodeEncoding(false, false);
            }

            if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            {
                preamble = 3;
                return new UTF8Encoding(false);
            }

            // JSON is UTF-8 by definition; everything else passes through byte for byte.
            return kind == ArtefactKind.Har ? new UTF8Encoding(false) : ByteTransparent;
        }

        private static string? FileProblem(string path)
        {
            if (Directory.Exists(path))
            {
                return "is a folder, not a file";
            }

            return File.Exists(path) ? null : "file not found";
        }

        /// <summary>Counts and hashes what is written through it.</summary>
        private sealed class HashingStream : Stream
        {
            private readonly Stream inner;
            private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            private long length;
            private byte[]? digest;

            public HashingStream(Stream inner)
            {
                this.inner = inner;
            }

            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => length;

            public override long Position
            {
                get => length;
                set => throw new NotSupportedException();
            }

            public string HashHex()
            {
                digest ??= hash.GetHashAndReset();
                var sb = new StringBuilder(64);
                foreach (byte b in digest)
                {
                    sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
                }

                return sb.ToString();
            }

            public override void Write(byte[] buffer, int offset, int count)
            {
                hash.AppendData(buffer, offset, count);
                inner.Write(buffer, offset, count);
                length += count;
            }

            public override void Flush() => inner.Flush();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                    hash.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
