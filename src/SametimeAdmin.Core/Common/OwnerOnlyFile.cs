using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace SametimeAdmin.Common
{
    /// <summary>
    /// Files that hold secrets (key material, passwords): created readable by their owner only from the first
    /// moment they exist, so no other local user can open them between creation and a later permission change.
    /// Unix: the file is created with mode 0600 (PowerShell 7: FileStreamOptions.UnixCreateMode).
    /// Windows: the file is created with a protected ACL for the owner, SYSTEM and Administrators.
    /// The APIs are reached by reflection because the core builds for netstandard2.0, which has neither.
    /// </summary>
    public static class OwnerOnlyFile
    {
        private const int UserReadWrite = 0x180; // 0600

        private static bool IsWindows => Path.DirectorySeparatorChar == '\\';

        /// <summary>
        /// Creates <paramref name="path"/> (which must not exist) for writing, owner-only from creation.
        /// Falls back to create-then-restrict (before any byte is written) where the runtime offers neither API.
        /// </summary>
        public static FileStream CreateNew(string path)
        {
            FileStream? stream = IsWindows ? TryCreateWithAcl(path) : TryCreateWithUnixMode(path);
            if (stream != null)
            {
                return stream;
            }

            stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            try
            {
                Restrict(path);
                return stream;
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>Writes <paramref name="content"/> to a new owner-only file.</summary>
        public static void WriteNew(string path, byte[] content)
        {
            using FileStream stream = CreateNew(path);
            stream.Write(content, 0, content.Length);
            stream.Flush(true);
        }

        /// <summary>Restricts an existing file to its owner (Unix chmod 600; Windows protected owner ACL).</summary>
        public static void Restrict(string path)
        {
            if (IsWindows)
            {
                WindowsAcl.Apply(path);
                return;
            }

            SetUnixMode(path, UserReadWrite);
        }

        /// <summary>Sets the Unix permission bits of a file (PowerShell 7 on Unix); a no-op where the runtime has no such API.</summary>
        public static void SetUnixMode(string path, int mode)
        {
            Type? modeType = typeof(File).Assembly.GetType("System.IO.UnixFileMode");
            MethodInfo? setMode = modeType == null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), modeType });
            if (setMode == null || IsWindows)
            {
                return;
            }

            setMode.Invoke(null, new[] { path, Enum.ToObject(modeType!, mode) });
        }

        /// <summary>
        /// The Unix permission bits of a file or folder, or null where they cannot be read (Windows, .NET Framework).
        /// </summary>
        public static int? UnixMode(string path)
        {
            if (IsWindows)
            {
                return null;
            }

            MethodInfo? getMode = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
            if (getMode == null)
            {
                return null;
            }

            try
            {
                return Convert.ToInt32(getMode.Invoke(null, new object[] { path }), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (TargetInvocationException)
            {
                return null;
            }
        }

        /// <summary>True when the Unix mode of <paramref name="path"/> lets the group or others read it; false when not or unknown.</summary>
        public static bool IsReadableByOthers(string path)
        {
            int? mode = UnixMode(path);
            const int GroupOrOtherRead = 0x20 | 0x04; // 040 | 004
            return mode.HasValue && (mode.Value & GroupOrOtherRead) != 0;
        }

        /// <summary>
        /// What to warn about before secrets are written to <paramref name="path"/> (its final target when a link): the
        /// existing file, or the folder it is in, readable by other users. Empty where nothing was seen (also on Windows,
        /// where ACLs are not judged).
        /// </summary>
        public static IReadOnlyList<string> ExposureWarnings(string path)
        {
            string target;
            try
            {
                target = AtomicFile.ResolveFinalPath(path);
            }
            catch (SametimeAdminException)
            {
                target = Path.GetFullPath(path); // a broken link: the write itself reports it
            }

            var warnings = new List<string>();
            if (File.Exists(target) && IsReadableByOthers(target))
            {
                warnings.Add($"'{target}' was readable by other users (mode {Octal(UnixMode(target))}): whatever secrets it held may have been copied. It is now written readable by its owner only.");
            }

            string? folder = Path.GetDirectoryName(target);
            if (folder != null && Directory.Exists(folder) && IsReadableByOthers(folder))
            {
                warnings.Add($"The folder '{folder}' is readable by other users (mode {Octal(UnixMode(folder))}): they can list the secret file and its backups, though not read them. Keep secret files in a folder only you can open.");
            }

            return warnings;
        }

        private static string Octal(int? mode) => mode.HasValue ? Convert.ToString(mode.Value & 0xFFF, 8).PadLeft(4, '0') : "unknown";

        private static FileStream? TryCreateWithUnixMode(string path)
        {
            Type? optionsType = typeof(FileStream).Assembly.GetType("System.IO.FileStreamOptions");
            Type? modeType = typeof(File).Assembly.GetType("System.IO.UnixFileMode");
            ConstructorInfo? ctor = optionsType == null ? null : typeof(FileStream).GetConstructor(new[] { typeof(string), optionsType });
            if (optionsType == null || modeType == null || ctor == null)
            {
                return null;
            }

            object options = Activator.CreateInstance(optionsType)!;
            optionsType.GetProperty("Mode")!.SetValue(options, FileMode.CreateNew);
            optionsType.GetProperty("Access")!.SetValue(options, FileAccess.Write);
            optionsType.GetProperty("Share")!.SetValue(options, FileShare.None);
            optionsType.GetProperty("UnixCreateMode")!.SetValue(options, Enum.ToObject(modeType, UserReadWrite));
            try
            {
                return (FileStream)ctor.Invoke(new[] { path, options });
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }

        private static FileStream? TryCreateWithAcl(string path) => WindowsAcl.CreateNew(path);
    }
}
