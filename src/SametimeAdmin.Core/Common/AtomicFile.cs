using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SametimeAdmin.Common
{
    /// <summary>Options of <see cref="AtomicFile.Write(string, byte[], AtomicWriteOptions)"/>.</summary>
    public sealed class AtomicWriteOptions
    {
        /// <summary>Keep a timestamped copy of the previous content beside the file (name.yyyyMMdd-HHmmss[-n].bak).</summary>
        public bool Backup { get; set; } = true;

        /// <summary>
        /// The content is secret (key material, a password): the temp file, the file and its backups are readable by the
        /// owner only from the moment they are created, and older backups of the file are restricted too.
        /// </summary>
        public bool OwnerOnly { get; set; }

        /// <summary>How many backups of the file to keep; older ones (of this module's naming only) are deleted.</summary>
        public int BackupCount { get; set; } = AtomicFile.DefaultBackupCount;

        /// <summary>
        /// The file as it was read for this edit. When set, the write is refused with ErrorId FileChangedDuringEdit if the
        /// file no longer matches it just before the replacement (a writer that does not take the lock changed it).
        /// </summary>
        public FileSnapshot? Expected { get; set; }

        /// <summary>How long to wait for another holder of the file's lock.</summary>
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>Runs after the backup is made, just before the check and the replacement (tests simulate other writers with it).</summary>
        internal Action? BeforeReplace { get; set; }
    }

    /// <summary>What a file looked like when it was read: existence, length, last write time and SHA-256 of the content.</summary>
    public sealed class FileSnapshot
    {
        private readonly byte[] hash;

        private FileSnapshot(bool exists, long length, DateTime lastWriteTimeUtc, byte[] hash)
        {
            Exists = exists;
            Length = length;
            LastWriteTimeUtc = lastWriteTimeUtc;
            this.hash = hash;
        }

        public bool Exists { get; }

        public long Length { get; }

        public DateTime LastWriteTimeUtc { get; }

        internal static FileSnapshot Of(byte[]? content, DateTime lastWriteTimeUtc)
        {
            if (content == null)
            {
                return new FileSnapshot(false, 0, default, Array.Empty<byte>());
            }

            using (SHA256 sha = SHA256.Create())
            {
                return new FileSnapshot(true, content.LongLength, lastWriteTimeUtc, sha.ComputeHash(content));
            }
        }

        internal bool SameAs(FileSnapshot other) =>
            Exists == other.Exists && Length == other.Length && LastWriteTimeUtc == other.LastWriteTimeUtc && hash.SequenceEqual(other.hash);
    }

    /// <summary>
    /// Writes files so that readers see either the old or the new content, never a partial file:
    /// the bytes go to a temporary file in the same folder, which then replaces the target. A symbolic link is followed
    /// to its final target, which is the file written, locked and backed up.
    /// </summary>
    public static class AtomicFile
    {
        /// <summary>Backups kept per file unless the caller says otherwise.</summary>
        public const int DefaultBackupCount = 10;

        /// <summary>The ErrorId of a write refused because the file changed after it was read.</summary>
        public const string ChangedDuringEditErrorId = "FileChangedDuringEdit";

        private const int MaxLinkHops = 40;
        private const int OwnerWrite = 0x80; // 0200

        /// <summary>A temp file untouched this long belongs to a writer that died; younger ones may belong to a live writer of another account.</summary>
        private static readonly TimeSpan StaleTempAge = TimeSpan.FromMinutes(1);

        [ThreadStatic]
        private static Dictionary<string, int>? heldLocks;

        /// <summary>
        /// Replaces (or creates) <paramref name="path"/> with <paramref name="content"/>.
        /// Returns the path of the backup copy of the previous content, or null when none was made.
        /// </summary>
        public static string? Write(string path, byte[] content, bool backup = true, bool ownerOnly = false) =>
            Write(path, content, new AtomicWriteOptions { Backup = backup, OwnerOnly = ownerOnly });

        /// <summary>
        /// Replaces (or creates) <paramref name="path"/> (the final target when it is a symbolic link) under the file's lock.
        /// Refuses a read-only file and, with <see cref="AtomicWriteOptions.Expected"/>, a file changed since it was read;
        /// a refused or failed write changes nothing and leaves no backup or temp file. Stale temp files of this module's
        /// naming beside the file are removed, and backups beyond <see cref="AtomicWriteOptions.BackupCount"/> are deleted.
        /// Returns the path of the backup copy of the previous content, or null when none was made.
        /// </summary>
        public static string? Write(string path, byte[] content, AtomicWriteOptions options)
        {
            _ = content ?? throw new ArgumentNullException(nameof(content));
            _ = options ?? throw new ArgumentNullException(nameof(options));
            CheckBackupCount(options.BackupCount);
            string fullPath = ResolveFinalPath(path);
            string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException("The path has no parent folder.", nameof(path));
            if (Directory.Exists(fullPath))
            {
                throw new SametimeAdminException("PathIsDirectory", FailureKind.InvalidArgument, $"'{fullPath}' is a folder, not a file.");
            }

            if (!Directory.Exists(directory))
            {
                throw new SametimeAdminException("ParentFolderNotFound", FailureKind.ObjectNotFound, $"The folder '{directory}' does not exist.");
            }

            using (AcquireLock(fullPath, options.LockTimeout))
            {
                bool exists = File.Exists(fullPath);
                string temp = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
                string? backupPath = null;
                bool done = false;
                try
                {
                    RemoveStaleTempFiles(fullPath);
                    if (exists)
                    {
                        EnsureWritable(fullPath);
                    }

                    // A file that is owner-only now stays owner-only on its way, even when the caller did not call it secret.
                    bool secretTemp = options.OwnerOnly || (exists && OwnerOnlyFile.UnixMode(fullPath) is int mode && (mode & 0x3F) == 0);
                    using (FileStream stream = secretTemp ? OwnerOnlyFile.CreateNew(temp) : new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    {
                        stream.Write(content, 0, content.Length);
                        stream.Flush(true);
                    }

                    if (exists && !options.OwnerOnly)
                    {
                        // The replacement keeps the permissions of the file it replaces (Windows: File.Replace does this).
                        TryCopyUnixFileMode(fullPath, temp);
                    }

                    if (exists && options.Backup)
                    {
                        backupPath = NewBackupPath(fullPath);
                        CopyToBackup(fullPath, backupPath, options.OwnerOnly);
                    }

                    options.BeforeReplace?.Invoke();
                    if (options.Expected != null && !options.Expected.SameAs(Snapshot(fullPath)))
                    {
                        throw ChangedDuringEdit(fullPath);
                    }

                    if (exists)
                    {
                        if (options.OwnerOnly && Path.DirectorySeparatorChar == '\\')
                        {
                            // File.Replace keeps the replaced file's ACL on Windows: restrict it first (it holds secrets too).
                            OwnerOnlyFile.Restrict(fullPath);
                        }

                        File.Replace(temp, fullPath, null, true);
                    }
                    else
                    {
                        File.Move(temp, fullPath);
                    }

                    done = true;
                }
                catch (IOException ex) when (IsSharingViolation(ex))
                {
                    throw new SametimeAdminException("FileLocked", FailureKind.ResourceBusy,
                        $"'{fullPath}' is in use by another program; nothing was changed. Close the other program (or wait for it) and try again.", ex);
                }
                catch (UnauthorizedAccessException ex)
                {
                    throw new SametimeAdminException("FileWriteDenied", FailureKind.PermissionDenied,
                        $"Access to '{fullPath}' was denied; nothing was changed. Run with an account that may write there (an immutable or read-only file cannot be replaced).", ex);
                }
                catch (IOException ex)
                {
                    throw new SametimeAdminException("FileWriteFailed", FailureKind.WriteError, $"'{fullPath}' could not be written: {ex.Message}. Nothing was changed.", ex);
                }
                finally
                {
                    TryDelete(temp);
                    if (!done && backupPath != null)
                    {
                        TryDelete(backupPath);
                    }
                }

                if (backupPath != null)
                {
                    PruneBackups(fullPath, options.BackupCount, options.OwnerOnly);
                }

                return backupPath;
            }
        }

        /// <summary>A free backup name beside the file: name.yyyyMMdd-HHmmss[-n].bak.</summary>
        public static string NewBackupPath(string fullPath) =>
            NewBackupPath(Path.GetDirectoryName(fullPath) ?? string.Empty, Path.GetFileName(fullPath), ".bak");

        /// <summary>
        /// A new backup name <c>prefix.yyyyMMdd-HHmmss[-n]extension</c> in <paramref name="directory"/> that sorts after every
        /// existing one of the same second (a name freed by retention is never reused, so the newest stays the newest).
        /// </summary>
        public static string NewBackupPath(string directory, string prefix, string extension)
        {
            string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            var sameSecond = new Regex("^" + Regex.Escape(prefix + "." + stamp) + @"(?:-(\d{1,9}))?" + Regex.Escape(extension) + "$", RegexOptions.CultureInvariant);
            int last = 0;
            foreach (string file in Directory.GetFiles(directory, prefix + "." + stamp + "*" + extension))
            {
                Match match = sameSecond.Match(Path.GetFileName(file));
                if (match.Success)
                {
                    last = Math.Max(last, match.Groups[1].Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 1);
                }
            }

            string name = last == 0 ? prefix + "." + stamp + extension : prefix + "." + stamp + "-" + (last + 1).ToString(CultureInfo.InvariantCulture) + extension;
            return Path.Combine(directory, name);
        }

        /// <summary>
        /// Deletes the oldest backups named <c>prefix.yyyyMMdd-HHmmss[-n]extension</c> in <paramref name="directory"/> so
        /// that <paramref name="keep"/> remain; files of any other naming are never touched. With
        /// <paramref name="restrict"/>, the kept ones are made owner-only (they hold secrets like the new one).
        /// </summary>
        public static void PruneBackups(string directory, string prefix, string extension, int keep, bool restrict)
        {
            CheckBackupCount(keep);

            var pattern = new Regex("^" + Regex.Escape(prefix) + @"\.(\d{8}-\d{6})(?:-(\d{1,9}))?" + Regex.Escape(extension) + "$", RegexOptions.CultureInvariant);
            var backups = new List<KeyValuePair<string, Tuple<string, int>>>();
            foreach (string file in Directory.GetFiles(directory))
            {
                Match match = pattern.Match(Path.GetFileName(file));
                if (match.Success)
                {
                    int n = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 1;
                    backups.Add(new KeyValuePair<string, Tuple<string, int>>(file, Tuple.Create(match.Groups[1].Value, n)));
                }
            }

            // Newest first: by the time stamp in the name, then by the counter of backups made within one second.
            List<string> ordered = backups
                .OrderByDescending(b => b.Value.Item1, StringComparer.Ordinal)
                .ThenByDescending(b => b.Value.Item2)
                .Select(b => b.Key)
                .ToList();
            foreach (string old in ordered.Skip(keep))
            {
                TryDelete(old);
            }

            if (restrict)
            {
                foreach (string kept in ordered.Take(keep).Where(File.Exists))
                {
                    OwnerOnlyFile.Restrict(kept);
                }
            }
        }

        /// <summary>Restricts an existing file to its owner (see <see cref="OwnerOnlyFile.Restrict"/>).</summary>
        public static void TrySetOwnerOnly(string path) => OwnerOnlyFile.Restrict(path);

        /// <summary>
        /// The file a path finally names: symbolic links are followed (chains and relative targets), so edits change the
        /// file the server reads instead of replacing the link. A path that is no link is returned as its full path.
        /// </summary>
        public static string ResolveFinalPath(string path)
        {
            string current = Path.GetFullPath(path);
            PropertyInfo? linkTarget = typeof(FileSystemInfo).GetProperty("LinkTarget");
            if (linkTarget == null)
            {
                return current; // .NET Framework: no link API; Windows PowerShell 5.1 edits the path as given.
            }

            for (int hop = 0; hop < MaxLinkHops; hop++)
            {
                string? target;
                try
                {
                    target = (string?)linkTarget.GetValue(new FileInfo(current));
                }
                catch (TargetInvocationException ex) when (ex.InnerException is IOException || ex.InnerException is UnauthorizedAccessException)
                {
                    throw new SametimeAdminException("SymbolicLinkUnreadable", FailureKind.ReadError,
                        $"The symbolic link '{current}' cannot be read: {ex.InnerException.Message}. Nothing was changed.", ex.InnerException);
                }

                if (target == null)
                {
                    return current;
                }

                current = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current) ?? string.Empty, target));
            }

            throw new SametimeAdminException("SymbolicLinkLoop", FailureKind.InvalidArgument,
                $"'{path}' is a symbolic link that does not lead to a file within {MaxLinkHops} links (a loop?); nothing was changed.");
        }

        /// <summary>
        /// Holds an exclusive lock that serialises read-modify-write cycles on <paramref name="path"/> (its final target)
        /// across threads and processes of the same account. The lock file lives outside the file's folder, in the
        /// account's LocalApplicationData/SametimeAdmin/Locks, chosen by a hash of the resolved path, so nothing is left
        /// beside the server's files. Re-entrant on one thread. Waits at most <paramref name="timeout"/> for another
        /// holder, then fails with ErrorId FileLocked. Dispose to release. Writers that do not take this lock (another
        /// account, a server, an editor) are caught by the check of <see cref="AtomicWriteOptions.Expected"/>.
        /// </summary>
        public static IDisposable AcquireLock(string path, TimeSpan timeout)
        {
            string fullPath = ResolveFinalPath(path);
            string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException("The path has no parent folder.", nameof(path));
            if (!Directory.Exists(directory))
            {
                throw new SametimeAdminException("ParentFolderNotFound", FailureKind.ObjectNotFound, $"The folder '{directory}' does not exist.");
            }

            string key = LockKey(fullPath);
            heldLocks ??= new Dictionary<string, int>(StringComparer.Ordinal);
            if (heldLocks.TryGetValue(key, out int depth))
            {
                heldLocks[key] = depth + 1;
                return new Release(key, null);
            }

            string lockPath = LockPathOf(fullPath);
            FileStream stream = OpenLockFile(fullPath, lockPath, timeout);
            heldLocks[key] = 1;
            return new Release(key, stream);
        }

        /// <summary>The lock file used by <see cref="AcquireLock"/> for a resolved path.</summary>
        public static string LockPathOf(string fullPath) => Path.Combine(LockDirectory, LockKey(fullPath) + ".lock");

        /// <summary>
        /// Reads the whole file, refusing (ErrorId FileLocked) when another program holds it open for writing
        /// (Windows sharing, Unix advisory locks taken by .NET and other cooperating writers). Null when it does not exist.
        /// </summary>
        public static byte[]? ReadIfExists(string path) => Read(path, out _);

        /// <summary>As <see cref="ReadIfExists"/>, also returning what the file looked like, for <see cref="AtomicWriteOptions.Expected"/>.</summary>
        public static byte[]? Read(string path, out FileSnapshot snapshot)
        {
            // The snapshot is of the final target: a link's own time stamp says nothing about the file it names.
            string fullPath = ResolveFinalPath(path);
            if (Directory.Exists(fullPath))
            {
                throw new SametimeAdminException("PathIsDirectory", FailureKind.InvalidArgument, $"'{fullPath}' is a folder, not a file.");
            }

            try
            {
                snapshot = Snapshot(fullPath, out byte[]? content);
                return content;
            }
            catch (IOException ex) when (IsSharingViolation(ex))
            {
                throw new SametimeAdminException("FileLocked", FailureKind.ResourceBusy,
                    $"'{fullPath}' is locked by another program that is writing it; nothing was changed. Close the other program (or wait for it) and try again.", ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new SametimeAdminException("FileReadDenied", FailureKind.PermissionDenied,
                    $"Access to '{fullPath}' was denied. Run with an account that may read it.", ex);
            }
        }

        /// <summary>Refuses a backup count below one (ErrorId BackupCountInvalid) before anything is written.</summary>
        internal static void CheckBackupCount(int keep)
        {
            if (keep < 1)
            {
                throw new SametimeAdminException("BackupCountInvalid", FailureKind.InvalidArgument,
                    $"At least one backup is kept (the count was {keep}); nothing was changed.");
            }
        }

        /// <summary>True when Unix permission bits deny the owner write access (mode 0444 and the like).</summary>
        internal static bool ModeDeniesOwnerWrite(int mode) => (mode & OwnerWrite) == 0;

        /// <summary>
        /// True for "the file is in use": Windows sharing/lock violations, and on Unix the EWOULDBLOCK that .NET reports
        /// when another handle holds a conflicting advisory lock.
        /// </summary>
        internal static bool IsSharingViolation(IOException ex)
        {
            const int SharingViolation = unchecked((int)0x80070020);
            const int LockViolation = unchecked((int)0x80070021);
            const int LinuxWouldBlock = 11;
            const int MacWouldBlock = 35;
            return ex.HResult == SharingViolation || ex.HResult == LockViolation ||
                (Path.DirectorySeparatorChar == '/' && (ex.HResult == LinuxWouldBlock || ex.HResult == MacWouldBlock));
        }

        private static string LockDirectory
        {
            get
            {
                string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
                return string.IsNullOrEmpty(root)
                    ? Path.Combine(Path.GetTempPath(), "SametimeAdmin-" + Environment.UserName, "Locks")
                    : Path.Combine(root, "SametimeAdmin", "Locks");
            }
        }

        /// <summary>
        /// The lock of a resolved path: one of 256 lock files, chosen by the first byte of the path's SHA-256, so the lock
        /// folder never grows beyond them. Two files that share one merely wait for each other; no code holds two locks.
        /// </summary>
        private static string LockKey(string fullPath)
        {
            // Windows paths are case-insensitive: one file, one lock.
            string normalised = Path.DirectorySeparatorChar == '\\' ? fullPath.ToUpperInvariant() : fullPath;
            using (SHA256 sha = SHA256.Create())
            {
                return "edit-" + sha.ComputeHash(Encoding.UTF8.GetBytes(normalised))[0].ToString("x2", CultureInfo.InvariantCulture);
            }
        }

        private static FileStream OpenLockFile(string fullPath, string lockPath, TimeSpan timeout)
        {
            bool windows = Path.DirectorySeparatorChar == '\\';
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SametimeAdminException("LockFolderUnavailable", FailureKind.WriteError,
                    $"The lock folder '{Path.GetDirectoryName(lockPath)}' cannot be created: {ex.Message}. Nothing was changed.", ex);
            }

            if ((File.Exists(lockPath) || Directory.Exists(lockPath)) && (File.GetAttributes(lockPath) & FileAttributes.ReparsePoint) != 0)
            {
                throw new SametimeAdminException("LockFileIsLink", FailureKind.SecurityError,
                    $"The lock file '{lockPath}' is a link; it is not followed. Nothing was changed. Delete it and try again.");
            }

            // Windows deletes the lock file when it is released. On Unix it stays (outside the server's folder): deleting it
            // would let a waiter lock the unlinked file while a newcomer locks a new one.
            FileOptions options = windows ? FileOptions.DeleteOnClose : FileOptions.None;
            var waited = System.Diagnostics.Stopwatch.StartNew();
            var random = new Random();
            int deniedAttempts = 0;
            while (true)
            {
                try
                {
                    return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, options);
                }
                catch (IOException ex) when (IsSharingViolation(ex))
                {
                    if (waited.Elapsed >= timeout)
                    {
                        throw new SametimeAdminException("FileLocked", FailureKind.ResourceBusy,
                            $"Another change to '{fullPath}' has been in progress for more than {timeout.TotalSeconds:0} s (lock file '{lockPath}'); nothing was changed. Wait for it to finish and try again.", ex)
                        {
                            RecommendedAction = "If no other SametimeAdmin command is running, the lock is held by a hung process: end it, then retry.",
                        };
                    }
                }
                catch (UnauthorizedAccessException ex)
                {
                    if (windows && ++deniedAttempts < 50 && waited.Elapsed < timeout)
                    {
                        // A lock file being deleted by its previous holder denies access for a moment; a real permission
                        // problem persists, and is reported after these short retries.
                        System.Threading.Thread.Sleep(20);
                        continue;
                    }

                    throw new SametimeAdminException("FileWriteDenied", FailureKind.PermissionDenied,
                        $"Cannot create or open the lock file '{lockPath}' for '{fullPath}'; nothing was changed.", ex);
                }

                System.Threading.Thread.Sleep(random.Next(15, 60));
            }
        }

        /// <summary>The file's current state; reads the content (null when the file does not exist).</summary>
        private static FileSnapshot Snapshot(string fullPath) => Snapshot(fullPath, out _);

        private static FileSnapshot Snapshot(string fullPath, out byte[]? content)
        {
            try
            {
                // The time stamp is taken before the bytes: a write in between makes a later comparison fail, never pass.
                DateTime stamp = File.GetLastWriteTimeUtc(fullPath);
                using (var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read))
                {
                    var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    content = buffer.ToArray();
                }

                return FileSnapshot.Of(content, stamp);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                content = null;
                return FileSnapshot.Of(null, default);
            }
        }

        private static SametimeAdminException ChangedDuringEdit(string fullPath) =>
            new SametimeAdminException(ChangedDuringEditErrorId, FailureKind.ResourceBusy,
                $"'{fullPath}' was changed by another program after it was read for this edit; nothing was overwritten.")
            {
                RecommendedAction = "Run the command again: it reads the current content and applies the change to it. If a server rewrites the file, stop it first.",
            };

        /// <summary>Refuses a file its owner may not write: Windows read-only attribute, Unix mode without owner write (as Windows does; rename alone would need only folder permission).</summary>
        private static void EnsureWritable(string fullPath)
        {
            bool readOnly = (File.GetAttributes(fullPath) & FileAttributes.ReadOnly) != 0;
            int? mode = OwnerOnlyFile.UnixMode(fullPath);
            if (readOnly || (mode.HasValue && ModeDeniesOwnerWrite(mode.Value)))
            {
                string how = mode.HasValue ? "mode " + Convert.ToString(mode.Value & 0xFFF, 8).PadLeft(4, '0') : "the read-only attribute";
                throw new SametimeAdminException("FileReadOnly", FailureKind.PermissionDenied,
                    $"'{fullPath}' is read-only ({how}); nothing was changed.")
                {
                    RecommendedAction = "Make the file writable for its owner first if it really is to be changed (chmod u+w, or clear the read-only attribute).",
                };
            }

            try
            {
                // Rename needs only the folder's permission: check that this account may write the file itself.
                using (new FileStream(fullPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
                {
                }
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new SametimeAdminException("FileWriteDenied", FailureKind.PermissionDenied,
                    $"This account may not write '{fullPath}'; nothing was changed. Run with an account that may write it.", ex);
            }
        }

        private static void CopyToBackup(string fullPath, string backupPath, bool ownerOnly)
        {
            if (!ownerOnly)
            {
                File.Copy(fullPath, backupPath); // keeps the permissions of the file
                return;
            }

            using (var source = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read))
            using (FileStream target = OwnerOnlyFile.CreateNew(backupPath))
            {
                source.CopyTo(target);
                target.Flush(true);
            }
        }

        /// <summary>Deletes temp files of this module's naming (.name.xxxxxxxx.tmp) beside the file that a killed writer left.</summary>
        private static void RemoveStaleTempFiles(string fullPath)
        {
            var pattern = new Regex("^\\." + Regex.Escape(Path.GetFileName(fullPath)) + @"\.[0-9a-f]{8}\.tmp$", RegexOptions.CultureInvariant);
            foreach (string file in Directory.GetFiles(Path.GetDirectoryName(fullPath)!, "." + Path.GetFileName(fullPath) + ".*.tmp"))
            {
                if (pattern.IsMatch(Path.GetFileName(file)) && DateTime.UtcNow - File.GetLastWriteTimeUtc(file) >= StaleTempAge)
                {
                    TryDelete(file);
                }
            }
        }

        /// <summary>Retention after a successful write: a folder that cannot be listed must not turn the write into a failure.</summary>
        private static void PruneBackups(string fullPath, int keep, bool restrict)
        {
            try
            {
                PruneBackups(Path.GetDirectoryName(fullPath)!, Path.GetFileName(fullPath), ".bak", keep, restrict);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // The next edit tries again.
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Best effort: what cannot be deleted now is removed by a later edit (temp files) or retention (backups).
            }
        }

        /// <summary>Copies the Unix permission bits of <paramref name="source"/> to <paramref name="target"/> (PowerShell 7 on Unix only).</summary>
        private static void TryCopyUnixFileMode(string source, string target)
        {
            if (OwnerOnlyFile.UnixMode(source) is int mode)
            {
                OwnerOnlyFile.SetUnixMode(target, mode);
            }
        }

        /// <summary>Releases one level of a (re-entrant) lock; the last level closes the lock file.</summary>
        private sealed class Release : IDisposable
        {
            private readonly string key;
            private FileStream? stream;
            private bool disposed;

            public Release(string key, FileStream? stream)
            {
                this.key = key;
                this.stream = stream;
            }

            public void Dispose()
            {
                if (disposed)
                {
                    return;
                }

                disposed = true;
                if (heldLocks != null && heldLocks.TryGetValue(key, out int depth))
                {
                    if (depth > 1)
                    {
                        heldLocks[key] = depth - 1;
                    }
                    else
                    {
                        heldLocks.Remove(key);
                    }
                }

                stream?.Dispose();
                stream = null;
            }
        }
    }
}
