using System;
#if !NET8_0_OR_GREATER
using System.Collections.Generic;
#endif
using System.IO;
using System.Reflection;
#if NET8_0_OR_GREATER
using System.Runtime.Loader;
#endif

namespace SametimeAdmin.Loading
{
    /// <summary>
    /// Makes SametimeAdmin.Core and its third-party dependencies (BouncyCastle, Newtonsoft.Json, ...) resolvable from
    /// one folder of the module, and loads each only when code first needs it.
    /// <para>
    /// The rule: <see cref="Install"/> runs before SametimeAdmin.dll is loaded (the manifest imports this assembly as a
    /// nested module, whose <see cref="LoaderInitializer"/> calls it, before its root module, the cmdlets). PowerShell
    /// lists every type of a binary module when it imports it, and a cmdlet class with a field of a core value type (an
    /// enum parameter's backing field) needs the core at that moment, before any IModuleAssemblyInitializer of the
    /// cmdlet assembly could run. With this loader in front, cmdlet classes use the core's types freely: enum
    /// parameters are the core's enums, never ints, strings with ValidateSet or copies.
    /// </para>
    /// <para>
    /// The manifest always names the netstandard2.0 build (a manifest cannot choose per edition); on .NET 8 and later it
    /// hands over to the net8.0 build of this class, and both resolve from their own build's folder.
    /// PowerShell 7 (.NET 8 and later, the net8.0 build): a private AssemblyLoadContext resolves every name in the
    /// folder itself, lazily, before the default context, so another BouncyCastle 2.x already in the session (all
    /// 2.x share identity 2.0.0.0) neither breaks the module nor is replaced by it; only SametimeAdmin.Core is handed
    /// to the default context, for the cmdlets. Older PowerShell 7 (the netstandard2.0 build on .NET Core 3.1 to 7)
    /// creates the context through reflection and, unable to override its Load, fills it up front. Windows PowerShell
    /// has no load contexts: there each assembly is loaded with LoadFrom when first asked for.
    /// </para>
    /// </summary>
    public static class DependencyLoader
    {
        private const string CoreAssemblyName = "SametimeAdmin.Core";
        private static readonly object Gate = new object();
        private static string? folder;
#if NET8_0_OR_GREATER
        private static PrivateLoadContext? context;
#else
        private static readonly Dictionary<string, Assembly> Loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        private static bool usesLoadContext;
#endif

        /// <summary>The folder dependencies are resolved from, once installed.</summary>
        public static string? DependencyFolder => folder;

        /// <summary>Installs the resolution of <paramref name="dependencyFolder"/>; later calls (a re-import) change nothing.</summary>
        public static void Install(string dependencyFolder)
        {
            lock (Gate)
            {
                if (folder != null)
                {
                    return;
                }

                folder = Path.GetFullPath(dependencyFolder);
#if NET8_0_OR_GREATER
                context = new PrivateLoadContext(folder);
                AssemblyLoadContext.Default.Resolving += OnDefaultResolving;
#else
                string? currentBuild = InstallCurrentBuild(folder);
                if (currentBuild != null)
                {
                    folder = currentBuild;
                    return;
                }

                usesLoadContext = FillReflectedLoadContext(folder);
                AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
#endif
            }
        }

#if NET8_0_OR_GREATER
        private static Assembly? OnDefaultResolving(AssemblyLoadContext requester, AssemblyName name) =>
            string.Equals(name.Name, CoreAssemblyName, StringComparison.OrdinalIgnoreCase) ? context!.LoadFromAssemblyName(name) : null;

        /// <summary>Answers for every assembly of the folder before the default context does; loads each on first use.</summary>
        private sealed class PrivateLoadContext : AssemblyLoadContext
        {
            private readonly string directory;

            public PrivateLoadContext(string directory)
                : base("SametimeAdmin", isCollectible: false)
            {
                this.directory = directory;
            }

            protected override Assembly? Load(AssemblyName assemblyName)
            {
                string candidate = Path.Combine(directory, assemblyName.Name + ".dll");
                return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
            }
        }
#else
        /// <summary>
        /// On .NET 8 and later (PowerShell 7.4+), hands the resolution to the net8.0 build of this loader in the sibling
        /// folder and returns that folder; elsewhere (.NET Framework reports version 4, older .NET Core its own) null.
        /// </summary>
        private static string? InstallCurrentBuild(string directory)
        {
            if (Environment.Version.Major < 8)
            {
                return null;
            }

            string? parent = Path.GetDirectoryName(directory);
            string currentBuild = Path.Combine(parent ?? directory, "net8.0");
            string loaderPath = Path.Combine(currentBuild, Path.GetFileName(typeof(DependencyLoader).Assembly.Location));
            if (parent == null || !File.Exists(loaderPath))
            {
                return null;
            }

            // LoadFile gives the assembly a load context of its own, so it loads beside this one of the same name.
            Type loader = Assembly.LoadFile(loaderPath).GetType(typeof(DependencyLoader).FullName!, throwOnError: true)!;
            loader.GetMethod(nameof(Install))!.Invoke(null, new object[] { currentBuild });
            return currentBuild;
        }

        private static bool FillReflectedLoadContext(string directory)
        {
            // The type does not exist in .NET Framework; on .NET Core 3.1 to 7 it is created through reflection.
            Type? contextType = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
            if (contextType == null || !Directory.Exists(directory))
            {
                return false;
            }

            object loadContext = Activator.CreateInstance(contextType, "SametimeAdmin", false)!;
            MethodInfo loadFromPath = contextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })!;
            foreach (string file in Directory.GetFiles(directory, "*.dll"))
            {
                // Without a Load override, only what is already in the context is found before the default context.
                var assembly = (Assembly)loadFromPath.Invoke(loadContext, new object[] { file })!;
                Loaded[assembly.GetName().Name!] = assembly;
            }

            return true;
        }

        private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            string? name = new AssemblyName(args.Name).Name;
            if (name == null || folder == null)
            {
                return null;
            }

            lock (Gate)
            {
                if (usesLoadContext)
                {
                    // Only the core is handed to the default context; its own references stay private.
                    return string.Equals(name, CoreAssemblyName, StringComparison.OrdinalIgnoreCase) && Loaded.TryGetValue(name, out var core) ? core : null;
                }

                if (Loaded.TryGetValue(name, out var known))
                {
                    return known;
                }

                string candidate = Path.Combine(folder, name + ".dll");
                if (!File.Exists(candidate))
                {
                    return null;
                }

                var assembly = Assembly.LoadFrom(candidate);
                Loaded[name] = assembly;
                return assembly;
            }
        }
#endif
    }
}
