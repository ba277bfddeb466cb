using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace SametimeAdmin.Common
{
    /// <summary>
    /// A protected ACL (no inherited entries) granting full control to the current user, SYSTEM and Administrators.
    /// Reached by reflection: netstandard2.0 has no access-control API, while .NET Framework (mscorlib) and .NET on
    /// Windows (System.IO.FileSystem.AccessControl) both have one. Windows only; not run on Linux.
    /// </summary>
    internal static class WindowsAcl
    {
        private static readonly string[] AclAssemblies = { "System.IO.FileSystem.AccessControl", "mscorlib" };
        private static readonly string[] PrincipalAssemblies = { "System.Security.Principal.Windows", "mscorlib" };

        /// <summary>A new file created with the owner-only ACL, or null when the runtime offers no way to do so.</summary>
        public static FileStream? CreateNew(string path)
        {
            object? security = NewSecurity();
            Type? rightsType = Find("System.Security.AccessControl.FileSystemRights", AclAssemblies);
            if (security == null || rightsType == null)
            {
                return null;
            }

            object rights = Enum.Parse(rightsType, "Write, Synchronize");
            Type? extensions = Find("System.IO.FileSystemAclExtensions", AclAssemblies);
            MethodInfo? create = extensions?.GetMethods().FirstOrDefault(m => m.Name == "Create" && m.GetParameters().Length == 7 &&
                m.GetParameters()[0].ParameterType == typeof(FileInfo));
            if (create != null)
            {
                return (FileStream?)Invoke(() => create.Invoke(null, new[] { new FileInfo(path), FileMode.CreateNew, rights, FileShare.None, 4096, FileOptions.None, security }));
            }

            ConstructorInfo? ctor = typeof(FileStream).GetConstructor(new[] { typeof(string), typeof(FileMode), rightsType, typeof(FileShare), typeof(int), typeof(FileOptions), security.GetType() });
            return ctor == null ? null : (FileStream?)Invoke(() => ctor.Invoke(new[] { path, FileMode.CreateNew, rights, FileShare.None, 4096, FileOptions.None, security }));
        }

        /// <summary>Replaces the ACL of an existing file with the owner-only one.</summary>
        public static void Apply(string path)
        {
            object? security = NewSecurity();
            if (security == null)
            {
                return;
            }

            Type? extensions = Find("System.IO.FileSystemAclExtensions", AclAssemblies);
            MethodInfo? set = extensions?.GetMethod("SetAccessControl", new[] { typeof(FileInfo), security.GetType() });
            if (set != null)
            {
                Invoke(() => set.Invoke(null, new[] { new FileInfo(path), security }));
                return;
            }

            MethodInfo? fileSet = typeof(File).GetMethod("SetAccessControl", new[] { typeof(string), security.GetType() });
            fileSet?.Invoke(null, new[] { path, security });
        }

        private static object? NewSecurity()
        {
            Type? securityType = Find("System.Security.AccessControl.FileSecurity", AclAssemblies);
            Type? ruleType = Find("System.Security.AccessControl.FileSystemAccessRule", AclAssemblies);
            Type? rightsType = Find("System.Security.AccessControl.FileSystemRights", AclAssemblies);
            Type? controlType = Find("System.Security.AccessControl.AccessControlType", AclAssemblies);
            Type? sidType = Find("System.Security.Principal.SecurityIdentifier", PrincipalAssemblies);
            Type? identityType = Find("System.Security.Principal.WindowsIdentity", PrincipalAssemblies);
            Type? wellKnownType = Find("System.Security.Principal.WellKnownSidType", PrincipalAssemblies);
            Type? referenceType = Find("System.Security.Principal.IdentityReference", PrincipalAssemblies);
            if (securityType == null || ruleType == null || rightsType == null || controlType == null || sidType == null ||
                identityType == null || wellKnownType == null || referenceType == null)
            {
                return null;
            }

            object security = Activator.CreateInstance(securityType)!;
            securityType.GetMethod("SetAccessRuleProtection")!.Invoke(security, new object[] { true, false });
            object? current = identityType.GetMethod("GetCurrent", Type.EmptyTypes)!.Invoke(null, null);
            object? user = identityType.GetProperty("User")!.GetValue(current);
            object system = Activator.CreateInstance(sidType, Enum.Parse(wellKnownType, "LocalSystemSid"), null)!;
            object admins = Activator.CreateInstance(sidType, Enum.Parse(wellKnownType, "BuiltinAdministratorsSid"), null)!;
            ConstructorInfo ruleCtor = ruleType.GetConstructor(new[] { referenceType, rightsType, controlType })!;
            MethodInfo addRule = securityType.GetMethod("AddAccessRule", new[] { ruleType })!;
            foreach (object? sid in new[] { user, system, admins })
            {
                if (sid != null)
                {
                    addRule.Invoke(security, new[] { ruleCtor.Invoke(new[] { sid, Enum.Parse(rightsType, "FullControl"), Enum.Parse(controlType, "Allow") }) });
                }
            }

            if (user != null)
            {
                securityType.GetMethod("SetOwner", new[] { referenceType })?.Invoke(security, new[] { user });
            }

            return security;
        }

        private static Type? Find(string typeName, string[] assemblies)
        {
            foreach (string assembly in assemblies)
            {
                Type? type = Type.GetType(typeName + ", " + assembly, throwOnError: false);
                if (type != null)
                {
                    return type;
                }
            }

            return null;
        }

        private static object? Invoke(Func<object?> call)
        {
            try
            {
                return call();
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }
    }
}
