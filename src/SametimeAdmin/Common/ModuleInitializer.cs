using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Loads SametimeAdmin.Core and its third-party dependencies (BouncyCastle, Newtonsoft.Json) from the
    /// module's dependencies/ folder. On PowerShell 7 they go into a private AssemblyLoadContext, so a
    /// different BouncyCastle 2.x already loaded by another module (all 2.x share identity 2.0.0.0) neither
    /// breaks us nor is replaced by us. Windows PowerShell has no load contexts: there they are loaded with
    /// LoadFrom when first asked for.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private const string CoreAssemblyName = "SametimeAdmin.Core";
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, Assembly> Loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        private static string? dependencyFolder;
        private static bool usesLoadContext;

        public void OnImport()
        {
            lock (Gate)
            {
                if (dependencyFolder != null)
                {
                    return;
                }

                dependencyFolder = Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, "dependencies");
                usesLoadContext = PreloadIntoPrivateContext(dependencyFolder);
                AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
        }

        private static bool PreloadIntoPrivateContext(string folder)
        {
            // Created through reflection: the type does not exist in netstandard2.0 or .NET Framework.
            Type? contextType = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
            if (contextType == null || !Directory.Exists(folder))
            {
                return false;
            }

            object context = Activator.CreateInstance(contextType, "SametimeAdmin", false)!;
            MethodInfo loadFromPath = contextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })!;
            foreach (string file in Directory.GetFiles(folder, "*.dll"))
            {
                // Loading every dependency up front makes the private context answer before the default one.
                var assembly = (Assembly)loadFromPath.Invoke(context, new object[] { file })!;
                Loaded[assembly.GetName().Name!] = assembly;
            }

            return true;
        }

        private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            string? name = new AssemblyName(args.Name).Name;
            if (name == null || dependencyFolder == null)
            {
                return null;
            }

            lock (Gate)
            {
                if (usesLoadContext)
                {
                    // Only the bridge assembly is handed to the default context; its own references stay private.
                    return string.Equals(name, CoreAssemblyName, StringComparison.OrdinalIgnoreCase) && Loaded.TryGetValue(name, out var core) ? core : null;
                }

                if (Loaded.TryGetValue(name, out var known))
                {
                    return known;
                }

                string candidate = Path.Combine(dependencyFolder, name + ".dll");
                if (!File.Exists(candidate))
                {
                    return null;
                }

                var assembly = Assembly.LoadFrom(candidate);
                Loaded[name] = assembly;
                return assembly;
            }
        }
    }
}
