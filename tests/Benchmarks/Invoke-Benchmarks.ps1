<#
.SYNOPSIS
    Runs every tests/Benchmarks/*.bench.ps1 and prints their ratios. Benchmarks never fail the build on speed:
    they print measured ratios against baselines measured in the same run, with the target beside each.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $WorkPath,
    [string] $Configuration = 'Release'
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$null = New-Item -ItemType Directory -Force -Path $WorkPath
$failures = 0
foreach ($bench in Get-ChildItem -LiteralPath $PSScriptRoot -Filter '*.bench.ps1' | Sort-Object Name) {
    Write-Host ''
    Write-Host "== $($bench.BaseName)"
    try {
        & $bench.FullName -ModulePath $ModulePath -WorkPath $WorkPath -Configuration $Configuration | Out-Host
    }
    catch {
        $failures++
        Write-Warning "$($bench.BaseName) could not run: $($_.Exception.Message)"
    }
}
if ($failures) { exit 1 }
