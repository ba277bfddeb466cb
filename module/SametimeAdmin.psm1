# SametimeAdmin's cmdlets are compiled (SametimeAdmin.dll, loaded as a nested module by the manifest).
# This script root exists so the module is a script module: Pester's InModuleScope works on it, and
# script-level helpers can be added without changing the manifest's shape.
Set-StrictMode -Version 3.0
