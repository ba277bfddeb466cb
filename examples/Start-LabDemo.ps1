<#
.SYNOPSIS
    Walks through SametimeAdmin on the bundled lab environment (examples/lab), step by step.
.DESCRIPTION
    Copies the lab to a scratch folder (the bundled lab is never changed), imports the module and runs
    the numbered scripts in examples/demo in order. Each step prints what it does and what it found.
.EXAMPLE
    ./build.ps1 Demo
.EXAMPLE
    ./examples/Start-LabDemo.ps1 -ModulePath ./out/SametimeAdmin/SametimeAdmin.psd1 -WorkPath ./out/demo
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $WorkPath
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

Import-Module -Name $ModulePath -Force
if (Test-Path -LiteralPath $WorkPath) { Remove-Item -LiteralPath $WorkPath -Recurse -Force }
$null = New-Item -ItemType Directory -Force -Path $WorkPath
$lab = Join-Path $WorkPath 'lab'
Copy-Item -LiteralPath (Join-Path $PSScriptRoot 'lab') -Destination $lab -Recurse

$steps = Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot 'demo') -Filter '*.ps1' | Sort-Object Name
foreach ($step in $steps) {
    Write-Host ''
    Write-Host ('=' * 78)
    Write-Host ("  " + $step.BaseName)
    Write-Host ('=' * 78)
    & $step.FullName -LabPath $lab
}
Write-Host ''
Write-Host "Demo finished. The lab copy with every change is in $lab"
