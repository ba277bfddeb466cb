<#
.SYNOPSIS
    LTPA benchmarks, all as ratios against baselines measured in the same run on the same core: LtpaToken2 validate
    and mint against OpenSSL's RSA-1024 verify and sign, Domino-style tokens against the npm package ltpa 1.2.1 (start-up is
    measured by Startup.bench.ps1).
.DESCRIPTION
    The .NET and Node sides are long-lived workers: each is warmed up once, then the rounds of OpenSSL, .NET and Node
    run one after the other (the order rotating), so every round sees the same load. Each process is pinned to one
    core where the OS allows it (taskset on Linux, processor affinity on Windows). Each ratio is the median of the
    per-round ratios. Rates are per second of each process's own user CPU time, the divisor `openssl speed` uses
    (without -elapsed), so every side is measured alike and the other load of a shared machine mostly cancels out. npm ltpa is installed into the work folder from the registry when Node and npm are present.
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
$dominoSecret = 'AAECAwQFBgcICQoLDA0ODxAREhM=' # 20 bytes 00..13, a benchmark-only secret
$rounds = 6
$roundSeconds = 0.75
$opensslSeconds = 1
$warmupSeconds = 9

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

# One core for every measured process: the last one this process may use.
$script:core = [Environment]::ProcessorCount - 1
$script:taskset = $null
if ($IsLinux) {
    $found = Get-Command taskset -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($found) { $script:taskset = $found.Source }
}
$pinning = 'not possible on this OS: processes float between cores'
if ($script:taskset) { $pinning = "taskset -c $($script:core)" }
elseif (-not (Test-Path variable:IsWindows) -or $IsWindows) { $pinning = "processor affinity, core $($script:core)" }

function Start-Pinned([string] $FileName, [string[]] $Arguments, [switch] $Interactive) {
    $info = New-Object System.Diagnostics.ProcessStartInfo
    $all = @($Arguments)
    if ($script:taskset) {
        $all = @('-c', "$($script:core)", $FileName) + $all
        $info.FileName = $script:taskset
    }
    else {
        $info.FileName = $FileName
    }
    # Quoted for the command line (Windows PowerShell has no ArgumentList collection).
    $info.Arguments = (@($all | ForEach-Object { if ($_ -match '[\s"]') { '"' + ($_ -replace '"', '\"') + '"' } else { $_ } }) -join ' ')
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardInput = [bool]$Interactive
    $info.RedirectStandardError = -not $Interactive # openssl's progress lines; workers' errors stay visible
    $process = [System.Diagnostics.Process]::Start($info)
    if (-not $script:taskset -and $pinning -like 'processor affinity*') {
        try { $process.ProcessorAffinity = [IntPtr](1 -shl $script:core) } catch { Write-Verbose "Affinity not set: $($_.Exception.Message)" }
    }
    $process
}

function Invoke-Worker($Process, [string] $Command, [string] $Last) {
    $Process.StandardInput.WriteLine($Command)
    $Process.StandardInput.Flush()
    $values = @{}
    while ($true) {
        $line = $Process.StandardOutput.ReadLine()
        if ($null -eq $line) { throw "The benchmark worker ended unexpectedly (after '$Command')." }
        if ($line -eq $Last) { break }
        if ($line -match '^(\S+)=([\d.]+)$') { $values[$Matches[1]] = [double]$Matches[2] }
    }
    $values
}

function Stop-Worker($Process) {
    if ($Process -and -not $Process.HasExited) {
        try { $Process.StandardInput.WriteLine('quit'); $Process.StandardInput.Flush() } catch { Write-Verbose 'Worker input already closed.' }
        if (-not $Process.WaitForExit(5000)) { $Process.Kill() }
    }
}

function Measure-OpenSsl([string] $OpenSsl) {
    $process = Start-Pinned $OpenSsl @('speed', '-seconds', "$opensslSeconds", 'rsa1024')
    $text = $process.StandardOutput.ReadToEnd()
    $null = $process.StandardError.ReadToEnd()
    $process.WaitForExit()
    # "rsa 1024 bits 0.000110s 0.000007s   9100.0 140000.0": two times, then sign/s and verify/s.
    if ($text -notmatch 'rsa\s+1024 bits\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)') { throw "Unexpected openssl speed output: $text" }
    @{ 'openssl-sign' = [double]$Matches[1]; 'openssl-verify' = [double]$Matches[2] }
}

function Get-LoadAverage {
    if (Test-Path -LiteralPath '/proc/loadavg') { return ((Get-Content -LiteralPath '/proc/loadavg' -Raw).Trim() -split ' ')[0..2] -join ' ' }
    'not available on this OS'
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

function Install-NpmLtpa {
    $node = Get-Command node -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    $npm = Get-Command npm -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $node -or -not $npm) {
        Write-Output 'npm ltpa comparison skipped: Node.js or npm is not installed.'
        return $null
    }
    $folder = Join-Path $WorkPath 'npm-ltpa'
    if (-not (Test-Path -LiteralPath (Join-Path $folder 'node_modules/ltpa/package.json'))) {
        $null = New-Item -ItemType Directory -Force -Path $folder
        $output = & $npm.Source install --prefix $folder --no-audit --no-fund --no-save --silent 'ltpa@1.2.1' 2>&1
        if ($LASTEXITCODE -ne 0) {
            Write-Output "npm ltpa comparison skipped: npm could not install ltpa@1.2.1 ($output)."
            return $null
        }
    }
    [pscustomobject]@{ Node = $node.Source; Folder = $folder }
}

$openssl = Get-OpenSsl
$project = Join-Path $PSScriptRoot 'LtpaBench/LtpaBench.csproj'
$benchOut = Join-Path $WorkPath 'ltpa-bench'
& dotnet build $project -c $Configuration -o $benchOut --nologo -v quiet | Out-Null
if ($LASTEXITCODE -ne 0) { throw 'Building the LTPA benchmark failed.' }
$dll = Join-Path $benchOut 'SametimeAdmin.Benchmarks.dll'
$npmLtpa = Install-NpmLtpa

Write-Output "pinning: $pinning; load average before: $(Get-LoadAverage)"
$dotnetCommand = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
$workers = @{}
try {
    # Both workers warm up at the same time (they share the core, so each gets half of it for the whole time).
    $workers['dotnet'] = Start-Pinned $dotnetCommand @($dll, $keyFile, $password, $dominoSecret) -Interactive
    if ($npmLtpa) {
        $workers['node'] = Start-Pinned $npmLtpa.Node @((Join-Path $PSScriptRoot 'LtpaBench/npm-ltpa-worker.js'), $npmLtpa.Folder, $dominoSecret) -Interactive
    }
    foreach ($worker in $workers.Values) {
        $worker.StandardInput.WriteLine("warmup $warmupSeconds")
        $worker.StandardInput.Flush()
    }
    foreach ($worker in $workers.Values) {
        $line = $worker.StandardOutput.ReadLine()
        if ($line -ne 'ready') { throw "A benchmark worker did not warm up: $line" }
    }

    $ratios = @{ Validate = @(); Mint = @(); DominoValidate = @(); DominoMint = @() }
    $sides = @('openssl', 'dotnet', 'node')
    for ($round = 0; $round -lt $rounds; $round++) {
        $results = @{}
        for ($k = 0; $k -lt $sides.Count; $k++) {
            $side = $sides[($round + $k) % $sides.Count]
            if ($side -eq 'openssl') { $results['openssl'] = Measure-OpenSsl $openssl }
            elseif ($workers.ContainsKey($side)) { $results[$side] = Invoke-Worker $workers[$side] "round $roundSeconds" 'end' }
        }
        $o = $results['openssl']; $d = $results['dotnet']
        $ratios.Validate += $d['ltpa2-validate'] / $o['openssl-verify']
        $ratios.Mint += $d['ltpa2-mint'] / $o['openssl-sign']
        $line = 'round {0}: openssl sign/s {1:0} verify/s {2:0} | LtpaToken2 mint/s {3:0} validate/s {4:0} | Domino mint/s {5:0} validate/s {6:0}' -f ($round + 1),
            $o['openssl-sign'], $o['openssl-verify'], $d['ltpa2-mint'], $d['ltpa2-validate'], $d['domino-mint'], $d['domino-validate']
        if ($results.ContainsKey('node')) {
            $n = $results['node']
            $ratios.DominoValidate += $d['domino-validate'] / $n['domino-validate']
            $ratios.DominoMint += $d['domino-mint'] / $n['domino-mint']
            $line += ' | npm ltpa mint/s {0:0} validate/s {1:0}' -f $n['domino-mint'], $n['domino-validate']
        }
        Write-Output $line
    }
}
finally {
    foreach ($worker in $workers.Values) { Stop-Worker $worker }
}

Write-Output "load average after: $(Get-LoadAverage) (medians of $rounds interleaved rounds, after $warmupSeconds s warm-up; rates per second of user CPU time, as openssl speed counts)"
$validateRatio = Get-Median $ratios.Validate
$mintRatio = Get-Median $ratios.Mint
Write-Ratio 'LtpaToken2 validate/s : openssl verify/s' $validateRatio '>= 0.6' ($validateRatio -ge 0.6)
Write-Ratio 'LtpaToken2 mint/s : openssl sign/s' $mintRatio '>= 0.95' ($mintRatio -ge 0.95)
if ($ratios.DominoValidate.Count -gt 0) {
    $dominoValidate = Get-Median $ratios.DominoValidate
    $dominoMint = Get-Median $ratios.DominoMint
    Write-Ratio 'Domino validate/s : npm ltpa 1.2.1 validate/s' $dominoValidate '>= 2' ($dominoValidate -ge 2)
    Write-Ratio 'Domino mint/s : npm ltpa 1.2.1 mint/s' $dominoMint '>= 4' ($dominoMint -ge 4)
}
