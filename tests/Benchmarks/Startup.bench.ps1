<#
.SYNOPSIS
    Start-up benchmark: a bare PowerShell start (`-NoProfile -Command exit`) against a start that imports the module
    and runs a first Get-LtpaKey (LTPA crypto), and one that runs a first Get-StServiceCatalog (no third-party
    assembly needed). Rounds are interleaved (the starts in a rotating order) after a warm-up; each process is pinned
    to one core where taskset exists. Prints the median ratios with the target beside them.
    Two reference starts give the floor under each ratio, what any module pays and the module cannot change: the
    import of an empty script module (PowerShell's module machinery on its first use in a session), and that import
    followed by the ConvertTo-SecureString the LTPA start builds its password with (it autoloads
    Microsoft.PowerShell.Security).
    A second Get-LtpaKey row builds the same password without autoloading a module (the NetworkCredential idiom), so
    the module's own cost shows beside what ConvertTo-SecureString adds; the ConvertTo-SecureString row stays the one
    the target is read from.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $WorkPath,
    [string] $Configuration = 'Release',
    [ValidateRange(1, 100)] [int] $Rounds = 9,
    [ValidateRange(0, 60)] [int] $WarmUpSeconds = 8
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$keyFile = Join-Path $root 'tests/fixtures/vectors/ltpa-dev.keys'
$password = 'dev-LTPA-Passw0rd!' # published with the test vectors
$target = 1.2

function Get-PowerShellCommand {
    $processPath = (Get-Process -Id $PID).Path
    if ($PSVersionTable.PSEdition -ne 'Desktop' -and [System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        return , @($processPath, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return , @($processPath)
}

$powerShell = Get-PowerShellCommand
$pin = @()
$taskset = Get-Command taskset -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
if ($taskset) { $pin = @($taskset.Source, '-c', '0') }

function Measure-Start([string] $Command) {
    $line = @($pin) + @($powerShell) + @('-NoProfile', '-NonInteractive', '-Command', $Command)
    # The first element is the program, the rest its arguments (the command line always has more than one element).
    $exe = $line[0]
    $arguments = @($line[1..($line.Count - 1)])
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $output = & $exe @arguments 2>&1
    $watch.Stop()
    if ($LASTEXITCODE -ne 0) { throw "The start '$Command' failed: $output" }
    $watch.Elapsed.TotalMilliseconds
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $middle = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$middle] }
    ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

function Get-LoadAverage {
    if (Test-Path -LiteralPath '/proc/loadavg') { return ([System.IO.File]::ReadAllText('/proc/loadavg') -split ' ')[0..2] -join ' ' }
    'n/a'
}

# The reference module: a manifest and a root script that does nothing, as small as a script module gets.
$emptyModule = Join-Path $WorkPath 'StartupEmptyModule'
$null = New-Item -ItemType Directory -Force -Path $emptyModule
Set-Content -LiteralPath (Join-Path $emptyModule 'StartupEmptyModule.psm1') -Value 'Set-StrictMode -Version 3.0' -Encoding UTF8
Set-Content -LiteralPath (Join-Path $emptyModule 'StartupEmptyModule.psd1') -Encoding UTF8 -Value @"
@{ RootModule = 'StartupEmptyModule.psm1'; ModuleVersion = '1.0'; GUID = 'b0c5e7de-5a53-4c57-9d0e-6f3f1c2a9e41'; FunctionsToExport = @(); CmdletsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }
"@

$import = "Import-Module '$ModulePath'"
$secureString = "`$p = ConvertTo-SecureString '$password' -AsPlainText -Force"
$credentialString = "`$p = [System.Net.NetworkCredential]::new('', '$password').SecurePassword"
$importEmpty = "Import-Module '$(Join-Path $emptyModule 'StartupEmptyModule.psd1')'"
$cases = [ordered]@{
    bare                    = 'exit 0'
    ltpa                    = "$import; $secureString; `$null = Get-LtpaKey -LiteralPath '$keyFile' -Password `$p"
    ltpaCredential          = "$import; $credentialString; `$null = Get-LtpaKey -LiteralPath '$keyFile' -Password `$p"
    catalog                 = "$import; `$null = Get-StServiceCatalog"
    emptyModule             = $importEmpty
    emptyModuleSecureString = "$importEmpty; $secureString"
}
$times = @{}
foreach ($name in $cases.Keys) { $times[$name] = New-Object System.Collections.Generic.List[double] }

# Warm-up: the file cache and the CPU's clock, with the same starts.
$clock = [System.Diagnostics.Stopwatch]::StartNew()
do { foreach ($name in $cases.Keys) { $null = Measure-Start $cases[$name] } } while ($clock.Elapsed.TotalSeconds -lt $WarmUpSeconds)

$names = @($cases.Keys)
$ratios = @{}
foreach ($name in $names) { $ratios[$name] = New-Object System.Collections.Generic.List[double] }
for ($round = 0; $round -lt $Rounds; $round++) {
    $measured = @{}
    for ($i = 0; $i -lt $names.Count; $i++) {
        $name = $names[($round + $i) % $names.Count]
        $measured[$name] = Measure-Start $cases[$name]
        $times[$name].Add($measured[$name])
    }
    foreach ($name in $names) { $ratios[$name].Add($measured[$name] / $measured.bare) }
}

Write-Output ('PowerShell {0} ({1}), {2} rounds, load average {3}{4}' -f $PSVersionTable.PSVersion, $PSVersionTable.PSEdition, $Rounds, (Get-LoadAverage), $(if ($pin) { ', pinned to core 0' } else { '' }))
Write-Output ('median start: bare {0:0} ms, + Import-Module + first Get-LtpaKey {1:0} ms ({2:0} ms with a NetworkCredential password), + first Get-StServiceCatalog {3:0} ms' -f `
    (Get-Median $times.bare.ToArray()), (Get-Median $times.ltpa.ToArray()), (Get-Median $times.ltpaCredential.ToArray()), (Get-Median $times.catalog.ToArray()))
Write-Output ('reference starts: + Import-Module of an empty script module {0:0} ms, and + ConvertTo-SecureString {1:0} ms' -f `
    (Get-Median $times.emptyModule.ToArray()), (Get-Median $times.emptyModuleSecureString.ToArray()))
foreach ($row in @(
        @{ Name = 'Import-Module + Get-LtpaKey : bare start'; Ratio = (Get-Median $ratios.ltpa.ToArray()) },
        @{ Name = 'Import-Module + Get-StServiceCatalog : bare start'; Ratio = (Get-Median $ratios.catalog.ToArray()) })) {
    $verdict = 'below target'
    if ($row.Ratio -le $target) { $verdict = 'meets target' }
    Write-Output ('{0,-50} {1,6:0.00}   target <= {2:0.0}   {3}' -f $row.Name, $row.Ratio, $target, $verdict)
}
Write-Output ('{0,-50} {1,6:0.00}   the Get-LtpaKey row with its password from NetworkCredential (no module autoload)' -f `
        'Import-Module + Get-LtpaKey, no autoload : bare', (Get-Median $ratios.ltpaCredential.ToArray()))
foreach ($row in @(
        @{ Name = 'floor: empty module + ConvertTo-SecureString'; Ratio = (Get-Median $ratios.emptyModuleSecureString.ToArray()); Row = 'Get-LtpaKey' },
        @{ Name = 'floor: empty module'; Ratio = (Get-Median $ratios.emptyModule.ToArray()); Row = 'Get-StServiceCatalog' })) {
    Write-Output ('{0,-50} {1,6:0.00}   PowerShell''s own start-up cost under the {2} row' -f $row.Name, $row.Ratio, $row.Row)
}
