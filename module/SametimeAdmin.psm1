# SametimeAdmin's cmdlets are compiled (SametimeAdmin.dll); this script root loads them, so the module is a script
# module (Pester's InModuleScope works on it) and script-level helpers can be added without changing the manifest.
Set-StrictMode -Version 3.0

# The engine and its dependencies come in two builds: net8.0 for PowerShell 7.4 and later (.NET 8+), netstandard2.0
# for Windows PowerShell 5.1 and older PowerShell 7. Importing the build's loader makes them resolvable before
# SametimeAdmin.dll is loaded, because PowerShell reads the cmdlet classes, which use the engine's types, as it imports
# them (see src/SametimeAdmin.Loader). Nothing else is loaded until a cmdlet needs it.
# Start-up time: the script calls no .NET method and reads no .NET property (the first use of one in a session costs
# milliseconds). .NET 8 is recognised by a type its System.Runtime has from version 8 on; -as gives $null elsewhere.
$build = 'netstandard2.0'
if ('System.Buffers.SearchValues, System.Runtime' -as [type]) { $build = 'net8.0' }
Import-Module -Name "$PSScriptRoot/dependencies/$build/SametimeAdmin.Loader.dll"
Import-Module -Name "$PSScriptRoot/SametimeAdmin.dll"
Export-ModuleMember -Cmdlet '*'
