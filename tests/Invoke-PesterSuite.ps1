<#
.SYNOPSIS
    Runs Pester suites in a fresh session and writes a small JSON summary for build.ps1.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $SummaryFile,
    [string] $ResultFile,
    # Plaintext when the output goes to a file or a CI log: no ANSI colour codes.
    [ValidateSet('Auto', 'Plaintext', 'Ansi')] [string] $RenderMode = 'Auto'
)
$ErrorActionPreference = 'Stop'
Import-Module -Name $PesterManifest -Force
if ($RenderMode -eq 'Plaintext' -and (Get-Variable -Name PSStyle -ErrorAction SilentlyContinue)) {
    $PSStyle.OutputRendering = 'PlainText'
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = @($Path -split ',')
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.Output.RenderMode = $RenderMode
if ($ResultFile) {
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputPath = $ResultFile
    $configuration.TestResult.OutputFormat = 'NUnitXml'
}
$result = Invoke-Pester -Configuration $configuration

# Container failures (a file that does not parse, a failing BeforeAll) count as failures too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
$summary = [ordered]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount; NotRun = $result.NotRunCount }
$summary | ConvertTo-Json | Set-Content -LiteralPath $SummaryFile -Encoding UTF8
if ($failed -gt 0) { exit 1 }
exit 0
