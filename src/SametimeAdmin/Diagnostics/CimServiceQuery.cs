using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using SametimeAdmin.Diagnostics;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Runs Get-CimInstance Win32_Service through a CIM session with a credential, in a runspace pool of this
    /// PowerShell: the CimCmdlets module exists in Windows PowerShell 5.1 and PowerShell 7 on Windows, while the
    /// CIM assemblies themselves cannot be referenced from netstandard2.0.
    /// </summary>
    internal sealed class CimServiceQuery : IDisposable
    {
        private const string Script = @"
param([string] $ComputerName, [pscredential] $Credential)
$session = New-CimSession -ComputerName $ComputerName -Credential $Credential -ErrorAction Stop
try {
    Get-CimInstance -CimSession $session -ClassName Win32_Service -Property Name, DisplayName, State, StartMode, PathName -ErrorAction Stop |
        ForEach-Object { ,@([string] $_.Name, [string] $_.DisplayName, [string] $_.State, [string] $_.StartMode, [string] $_.PathName) }
}
finally {
    Remove-CimSession -CimSession $session -ErrorAction SilentlyContinue
}";

        private readonly PSCredential credential;
        private readonly RunspacePool pool;
        private readonly ConcurrentDictionary<PowerShell, bool> running = new ConcurrentDictionary<PowerShell, bool>();

        public CimServiceQuery(PSCredential credential, int parallelism)
        {
            this.credential = credential;
            pool = RunspaceFactory.CreateRunspacePool(1, parallelism);
            pool.Open();
        }

        public IEnumerable<CimServiceRecord> Query(string computerName)
        {
            using var shell = PowerShell.Create();
            shell.RunspacePool = pool;
            shell.AddScript(Script).AddParameter("ComputerName", computerName).AddParameter("Credential", credential);
            running[shell] = true;
            try
            {
                var output = shell.Invoke();
                if (output.Count == 0 && shell.Streams.Error.Count > 0)
                {
                    throw new InvalidOperationException(shell.Streams.Error[0].ToString());
                }

                return output.Select(o => o?.BaseObject as object[]).Where(v => v != null && v.Length == 5 && !string.IsNullOrEmpty(v[0] as string))
                    .Select(v => new CimServiceRecord((string)v![0], v[1] as string, v[2] as string, v[3] as string, v[4] as string)).ToList();
            }
            catch (RuntimeException ex)
            {
                // The CIM message ("The WinRM client cannot process the request...") without PowerShell's wrapping.
                throw new InvalidOperationException(ex.ErrorRecord?.Exception?.Message ?? ex.Message, ex);
            }
            finally
            {
                running.TryRemove(shell, out _);
            }
        }

        /// <summary>Stops the queries under way (Ctrl+C): a silent server would otherwise hold the pipeline.</summary>
        public void StopAll()
        {
            foreach (var shell in running.Keys)
            {
                try
                {
                    shell.Stop();
                }
                catch (ObjectDisposedException)
                {
                    // Finished meanwhile.
                }
            }
        }

        public void Dispose() => pool.Dispose();
    }
}
