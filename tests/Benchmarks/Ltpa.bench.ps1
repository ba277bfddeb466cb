<#
.SYNOPSIS
    LTPA benchmarks: single-thread LtpaToken2 mint/validate throughput against OpenSSL's RSA-1024 sign/verify
    rates, and module import plus a first Get-LtpaKey against a bare PowerShell start. All measured in this run.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $WorkPath,
    [string] $Configuration = 'Release'
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$keyFile = Join-Path $root 'tests/fixtures/vectors/ltpa-dev.keys'
$password = 'dev-LTPA-Passw0rd!' # published with the test vectors
$rounds = 3

function Get-OpenSsl {
    $command = Get-Command openssl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($command) { return $command.Source }
    $apt = Get-Command apt-get -CommandType Application -ErrorAction SilentlyContinue
    if (-not $apt) { throw 'openssl is not installed and apt-get is not available to install it.' }
    Write-Host 'Installing openssl (Debian package)...'
    & apt-get update -qq | Out-Null
    & apt-get install -y -qq openssl | Out-Null
    $command = Get-Command openssl -CommandType Application -ErrorAction Stop | Select-Object -First 1
    return $command.Source
}

function Measure-OpenSsl([string] $OpenSsl) {
    $text = (& $OpenSsl speed -seconds 3 rsa1024 2>$null) -join "`n"
    # "rsa 1024 bits 0.000110s 0.000007s   9100.0 140000.0": two times, then sign/s and verify/s.
    if ($text -notmatch 'rsa\s+1024 bits\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)') { throw "Unexpected openssl speed output: $text" }
    [pscustomobject]@{ Sign = [double]$Matches[1]; Verify = [double]$Matches[2] }
}

function Measure-Ltpa([string] $Dll) {
    $lines = & dotnet $Dll $keyFile $password 3
    if ($LASTEXITCODE -ne 0) { throw "The LTPA benchmark failed: $lines" }
    $values = @{}
    foreach ($line in $lines) { if ($line -match '^(\S+)=(\d+)$') { $values[$Matches[1]] = [double]$Matches[2] } }
    [pscustomobject]@{ Mint = $values['mint/s']; Validate = $values['validate/s'] }
}

function Get-PowerShellCommand {
    $processPath = (Get-Process -Id $PID).Path
    if ($PSVersionTable.PSEdition -ne 'Desktop' -and [System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        return , @($processPath, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return , @($processPath)
}

function Measure-Start([string] $Command) {
    # The first element is the program; the rest (pwsh.dll under `dotnet`) are its leading arguments.
    $exe, $leading = Get-PowerShellCommand | ForEach-Object { $_ }
    $arguments = @($leading | Where-Object { $_ }) + @('-NoProfile', '-NonInteractive', '-Command', $Command)
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $output = & $exe @arguments 2>&1
    $watch.Stop()
    if ($LASTEXITCODE -ne 0) { throw "PowerShell start failed: $output" }
    $watch.Elapsed.TotalMilliseconds
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $sorted[[int][Math]::Floor($sorted.Count / 2)]
}

function Write-Ratio([string] $Name, [double] $Ratio, [string] $Target, [bool] $Met) {
    $verdict = 'below target'
    if ($Met) { $verdict = 'meets target' }
    Write-Output ('{0,-44} {1,6:0.00}   target {2,-7} {3}' -f $Name, $Ratio, $Target, $verdict)
}

$openssl = Get-OpenSsl
$project = Join-Path $PSScriptRoot 'LtpaBench/LtpaBench.csproj'
$benchOut = Join-Path $WorkPath 'ltpa-bench'
& dotnet build $project -c $Configuration -o $benchOut --nologo -v quiet | Out-Null
if ($LASTEXITCODE -ne 0) { throw 'Building the LTPA benchmark failed.' }
$dll = Join-Path $benchOut 'SametimeAdmin.Benchmarks.dll'

# The machine may be shared: interleave the runs and keep each side's best, so both see the same conditions.
$best = @{ Mint = 0.0; Validate = 0.0; Sign = 0.0; Verify = 0.0 }
for ($i = 1; $i -le $rounds; $i++) {
    $o = Measure-OpenSsl $openssl
    $l = Measure-Ltpa $dll
    Write-Output ('round {0}: openssl sign/s {1:0} verify/s {2:0} | LtpaToken2 mint/s {3:0} validate/s {4:0}' -f $i, $o.Sign, $o.Verify, $l.Mint, $l.Validate)
    $best.Sign = [Math]::Max($best.Sign, $o.Sign); $best.Verify = [Math]::Max($best.Verify, $o.Verify)
    $best.Mint = [Math]::Max($best.Mint, $l.Mint); $best.Validate = [Math]::Max($best.Validate, $l.Validate)
}

$mintRatio = $best.Mint / $best.Sign
$validateRatio = $best.Validate / $best.Verify
Write-Ratio 'LtpaToken2 mint/s : openssl rsa1024 sign/s' $mintRatio '>= 0.6' ($mintRatio -ge 0.6)
Write-Ratio 'LtpaToken2 validate/s : openssl verify/s' $validateRatio '>= 0.35' ($validateRatio -ge 0.35)

# Start-up: bare PowerShell against Import-Module plus a first Get-LtpaKey, medians of interleaved runs.
$bare = @(); $withModule = @()
$importCommand = "Import-Module '$ModulePath'; `$p = ConvertTo-SecureString '$password' -AsPlainText -Force; `$null = Get-LtpaKey -LiteralPath '$keyFile' -Password `$p"
$null = Measure-Start 'exit 0' # warm the file cache
for ($i = 0; $i -lt 5; $i++) {
    $bare += Measure-Start 'exit 0'
    $withModule += Measure-Start $importCommand
}
$bareMs = Get-Median $bare
$moduleMs = Get-Median $withModule
Write-Output ('bare pwsh start {0:0} ms, with Import-Module + first Get-LtpaKey {1:0} ms' -f $bareMs, $moduleMs)
$startRatio = $moduleMs / $bareMs
Write-Ratio 'Import-Module + Get-LtpaKey : bare start' $startRatio '<= 1.3' ($startRatio -le 1.3)
