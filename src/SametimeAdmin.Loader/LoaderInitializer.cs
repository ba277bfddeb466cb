using System;
using System.IO;
using System.Management.Automation;

namespace SametimeAdmin.Loading
{
    /// <summary>
    /// Installs <see cref="DependencyLoader"/> for the folder this assembly was loaded from (dependencies/&lt;build&gt;)
    /// when the manifest imports the assembly as a nested module, before the cmdlets of its root module.
    /// </summary>
    public sealed class LoaderInitializer : IModuleAssemblyInitializer
    {
        /// <inheritdoc/>
        public void OnImport()
        {
            string location = typeof(LoaderInitializer).Assembly.Location;
            if (string.IsNullOrEmpty(location))
            {
                throw new InvalidOperationException("SametimeAdmin.Loader.dll must be imported from a file in the module's dependencies folder.");
            }

            DependencyLoader.Install(Path.GetDirectoryName(location)!);
        }
    }
}
