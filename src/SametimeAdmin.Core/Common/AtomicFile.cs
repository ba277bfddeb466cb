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
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    if (ownerOnly)
                    {
                        // Restrict before any byte is written, so the secret is never readable by others.
                        TrySetOwnerOnly(temp);
                    }

                    stream.Write(content, 0, content.Length);
                    stream.Flush(true);
                }

                string? backupPath = null;
                if (File.Exists(fullPath))
                {
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

        /// <summary>chmod 600 on Unix (PowerShell 7); a no-op on Windows and on .NET Framework.</summary>
        public static void TrySetOwnerOnly(string path)
        {
            Type? modeType = typeof(File).Assembly.GetType("System.IO.UnixFileMode");
            MethodInfo? setMode = modeType == null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), modeType });
            if (setMode == null || Path.DirectorySeparatorChar == '\\')
            {
                return;
            }

            const int UserReadWrite = 0x180; // 0600
            setMode.Invoke(null, new[] { path, Enum.ToObject(modeType!, UserReadWrite) });
        }

        private static bool IsSharingViolation(IOException ex)
        {
            const int SharingViolation = unchecked((int)0x80070020);
            const int LockViolation = unchecked((int)0x80070021);
            return ex.HResult == SharingViolation || ex.HResult == LockViolation;
        }
    }
}
