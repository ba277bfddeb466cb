using System;
using System.Globalization;
using System.IO;
using System.Reflection;

namespace SametimeAdmin.Common
{
    /// <summary>
    /// Writes files so that readers see either the old or the new content, never a partial file:
    /// the bytes go to a temporary file in the same folder, which then replaces the target.
    /// </summary>
    public static class AtomicFile
    {
        /// <summary>
        /// Replaces (or creates) <paramref name="path"/> with <paramref name="content"/>.
        /// Returns the path of the backup copy of the previous content, or null when none was made.
        /// </summary>
        public static string? Write(string path, byte[] content, bool backup = true, bool ownerOnly = false)
        {
            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException("The path has no parent folder.", nameof(path));
            if (Directory.Exists(fullPath))
            {
                throw new SametimeAdminException("PathIsDirectory", FailureKind.InvalidArgument, $"'{fullPath}' is a folder, not a file.");
            }

            if (!Directory.Exists(directory))
            {
                throw new SametimeAdminException("ParentFolderNotFound", FailureKind.ObjectNotFound, $"The folder '{directory}' does not exist.");
            }

            string temp = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                // A secret is never readable by others, not even in the temp file on its way.
                using (FileStream stream = ownerOnly ? OwnerOnlyFile.CreateNew(temp) : new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(content, 0, content.Length);
                    stream.Flush(true);
                }

                string? backupPath = null;
                if (File.Exists(fullPath))
                {
                    if (!ownerOnly)
                    {
                        // The replacement keeps the permissions of the file it replaces (Windows: File.Replace does this).
                        TryCopyUnixFileMode(fullPath, temp);
                    }

                    if (backup)
                    {
                        backupPath = NewBackupPath(fullPath);
                        File.Copy(fullPath, backupPath);
                    }

                    File.Replace(temp, fullPath, null, true);
                }
                else
                {
                    File.Move(temp, fullPath);
                }

                return backupPath;
            }
            catch (IOException ex) when (IsSharingViolation(ex))
            {
                throw new SametimeAdminException("FileLocked", FailureKind.ResourceBusy,
                    $"'{fullPath}' is in use by another program; nothing was changed. Close the other program (or wait for it) and try again.", ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new SametimeAdminException("FileWriteDenied", FailureKind.PermissionDenied,
                    $"Access to '{fullPath}' was denied; nothing was changed. Run with an account that may write there.", ex);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        /// <summary>A free backup name beside the file: name.yyyyMMdd-HHmmss[-n].bak.</summary>
        public static string NewBackupPath(string fullPath)
        {
            string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            string candidate = fullPath + "." + stamp + ".bak";
            for (int n = 2; File.Exists(candidate); n++)
            {
                candidate = fullPath + "." + stamp + "-" + n.ToString(CultureInfo.InvariantCulture) + ".bak";
            }

            return candidate;
        }

        /// <summary>Restricts an existing file to its owner (see <see cref="OwnerOnlyFile.Restrict"/>).</summary>
        public static void TrySetOwnerOnly(string path) => OwnerOnlyFile.Restrict(path);

        /// <summary>
        /// Holds an exclusive lock that serialises read-modify-write cycles on <paramref name="path"/> across threads and
        /// processes (Windows and Unix): a sidecar file ".name.lock" beside the target, opened without sharing. Waits at
        /// most <paramref name="timeout"/> for another holder, then fails with ErrorId FileLocked. Dispose to release.
        /// On Windows the sidecar is deleted on release; on Unix it stays (a hidden dot file), because deleting it would
        /// let a waiter lock an unlinked file while a newcomer locks a new one.
        /// </summary>
        public static IDisposable AcquireLock(string path, TimeSpan timeout)
        {
            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException("The path has no parent folder.", nameof(path));
            if (!Directory.Exists(directory))
            {
                throw new SametimeAdminException("ParentFolderNotFound", FailureKind.ObjectNotFound, $"The folder '{directory}' does not exist.");
            }

            string lockPath = LockPathOf(fullPath);
            bool windows = Path.DirectorySeparatorChar == '\\';
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
                        $"Cannot create or open the lock file '{lockPath}' beside '{fullPath}'; nothing was changed. Run with an account that may write to '{directory}'.", ex);
                }

                System.Threading.Thread.Sleep(random.Next(15, 60));
            }
        }

        /// <summary>The sidecar lock file used by <see cref="AcquireLock"/>.</summary>
        public static string LockPathOf(string fullPath) =>
            Path.Combine(Path.GetDirectoryName(fullPath) ?? string.Empty, "." + Path.GetFileName(fullPath) + ".lock");

        /// <summary>
        /// Reads the whole file, refusing (ErrorId FileLocked) when another program holds it open for writing
        /// (Windows sharing, Unix advisory locks taken by .NET and other cooperating writers). Null when it does not exist.
        /// </summary>
        public static byte[]? ReadIfExists(string path)
        {
            string fullPath = Path.GetFullPath(path);
            if (Directory.Exists(fullPath))
            {
                throw new SametimeAdminException("PathIsDirectory", FailureKind.InvalidArgument, $"'{fullPath}' is a folder, not a file.");
            }

            try
            {
                using (var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read))
                {
                    var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    return buffer.ToArray();
                }
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (DirectoryNotFoundException)
            {
                return null;
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

        /// <summary>Copies the Unix permission bits of <paramref name="source"/> to <paramref name="target"/> (PowerShell 7 on Unix only).</summary>
        private static void TryCopyUnixFileMode(string source, string target)
        {
            Type? modeType = typeof(File).Assembly.GetType("System.IO.UnixFileMode");
            MethodInfo? getMode = modeType == null ? null : typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
            MethodInfo? setMode = modeType == null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), modeType });
            if (getMode == null || setMode == null || Path.DirectorySeparatorChar == '\\')
            {
                return;
            }

            object? mode = getMode.Invoke(null, new object[] { source });
            if (mode != null)
            {
                setMode.Invoke(null, new[] { target, mode });
            }
        }
    }
}
