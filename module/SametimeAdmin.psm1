# SametimeAdmin's cmdlets are compiled (SametimeAdmin.dll); this script root loads them, so the module is a script
# module (Pester's InModuleScope works on it) and script-level helpers can be added without changing the manifest.
Set-StrictMode -Version 3.0

# The engine and its dependencies come in two builds: net8.0 for PowerShell 7.4 and later (.NET 8+), netstandard2.0
# for Windows PowerShell 5.1 and older PowerShell 7. The loader makes them resolvable before SametimeAdmin.dll is
# loaded, because PowerShell reads the cmdlet classes, which use the engine's types, as it imports them (see
# src/SametimeAdmin.Loader/DependencyLoader.cs). Nothing else is loaded until a cmdlet needs it.
$build = 'netstandard2.0'
if ($PSVersionTable.PSEdition -eq 'Core' -and [Environment]::Version.Major -ge 8) { $build = 'net8.0' }
$dependencies = [System.IO.Path]::Combine($PSScriptRoot, 'dependencies', $build)
$loader = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($dependencies, 'SametimeAdmin.Loader.dll'))
$null = $loader.GetType('SametimeAdmin.Loading.DependencyLoader', $true).GetMethod('Install').Invoke($null, @(, $dependencies))

Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'SametimeAdmin.dll'))
Export-ModuleMember -Cmdlet '*'
