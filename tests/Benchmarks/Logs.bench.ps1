<#
.SYNOPSIS
    Log-scanning benchmark: Get-SsoTraceEvent over generated Domino console.logs against `grep -c 'SSO API>'` on the
    same files, measured in this run.
    1. A realistic 1 GiB console.log (under 1 % of its lines are SSO trace lines). Targets: at least 1 GiB/s and at
       least 0.25 of grep's speed.
    2. A dense file of a quarter of that size (three quarters of its lines are SSO trace lines), reported beside it.
    3. Peak memory of a child PowerShell that streams the realistic file at 256 MiB and at 1 GiB. Target: flat.
    What the two sides are: Get-SsoTraceEvent runs inside this PowerShell (no process start: the way it is used) and
    searches on every core it finds, then decodes the events it finds; grep is a new process on one core that only
    counts lines. Starting grep from PowerShell costs more than grep's own start, so the fixed cost of a grep run
    (a file of one line) is taken off grep's times before the ratio is formed: the harder comparison for us. Both
    fixed costs and the ratio of whole runs are printed beside it.
    The generated logs are written under the work folder and deleted at the end.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $WorkPath,
    [string] $Configuration = 'Release',
    # Size of the large logs in MiB (1024 = the 1 GiB of the target); the small one is a quarter of it.
    [int] $LogMiB = 1024,
    # Five interleaved rounds: with three, one round disturbed by other load on a shared machine decides the median.
    [int] $Rounds = 5
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force

$work = Join-Path $WorkPath ('logs-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
$null = New-Item -ItemType Directory -Force -Path $work
$marker = 'SSO API>'

# One Domino validation as the SSO trace writes it on one thread: configuration lines, then the token's user lines.
function Add-SsoGroup([System.Collections.Generic.List[string]] $Lines, [string] $Stamp, [int] $I, [string] $User) {
    $prefix = "[0DEC:00{0:X2}-0F80] $Stamp SSO API> " -f ($I % 250)
    $Lines.Add($prefix + '*** Getting Single Sign-On Config Data (SECGetSSOConfigData) ***')
    $Lines.Add($prefix + 'ConfigName specified [LtpaToken2].')
    $Lines.Add($prefix + 'Retrieved global static cache memory for config [LtpaToken2].')
    $Lines.Add($prefix + '*** Validating Token List (SECTokenListValidateAndGetInfo) ***')
    $Lines.Add($prefix + 'Decoding Websphere style LTPA2 Single Sign-On token (LtpaToken2).')
    $Lines.Add($prefix + "-Raw Token Username = uid=$User,ou=people,dc=lab,dc=example,dc=com")
    $Lines.Add($prefix + '-LDAP Realm = ldap.lab.example.com:389')
    $Lines.Add($prefix + "-Username = CN=$User/O=Lab")
    $Lines.Add($prefix + '-Expiration Ticks = 1489411335000 [13/03/2017 14:22:15].')
}

# A block of console.log lines repeated until the file has its size. $SsoEvery: one validation every so many lines.
function New-ConsoleBlock([int] $SsoEvery) {
    $lines = New-Object System.Collections.Generic.List[string]
    $time = [datetime]'2017-03-13T07:00:00'
    $users = 'alice', 'bob', 'carol', 'dave', 'erin'
    for ($i = 0; $lines.Count -lt 12000; $i++) {
        $time = $time.AddMilliseconds(730)
        $stamp = $time.ToString('dd/MM/yyyy HH:mm:ss.ff', [Globalization.CultureInfo]::InvariantCulture)
        $user = $users[$i % $users.Count]
        if ($i % $SsoEvery -eq 0) {
            Add-SsoGroup -Lines $lines -Stamp $stamp -I $i -User $user
            if ($i % (40 * $SsoEvery) -eq 0) { $lines.Add("[0DEC:00{0:X2}-0F80] $stamp HTTP Server: Single Sign-On token is expired" -f ($i % 250)) }
            continue
        }
        switch ($i % 9) {
            0 { $lines.Add("[0DEC:000B-0F80] $stamp HTTP Request: GET /mail/$user.nsf/iNotes/Proxy/?OpenDocument&Form=s_ReadViewEntries&PresetFields=FolderName;(`$Inbox)") }
            1 { $lines.Add("[0A10:0002-0B20] $stamp Replicator: Pull-Pushed mail/$user.nsf from INOTES2/Lab, 3 documents updated") }
            2 { $lines.Add("[0A11:0005-0B21] $stamp AMgr: Executive '1' started agent 'Update Inbox' in 'mail/$user.nsf'") }
            3 { $lines.Add("[0A12:0003-0B22] $stamp Router: Transferred 2 messages to INOTES2/Lab via NRPC") }
            4 { $lines.Add("[0DEC:000C-0F80] $stamp HTTP JVM: com.lotus.dwa.stbuddy.DWABuddyList: request for $user completed in 12 ms") }
            5 { $lines.Add("[0A13:0002-0B23] $stamp Opened session for INOTES2/Lab (Release 9.0.1FP7)") }
            6 { $lines.Add("[0A14:0002-0B24] $stamp Indexer: Updating views in mail/$user.nsf") }
            7 { $lines.Add("[0A15:0003-0B25] $stamp Database Replicator started: Replicating with server INOTES1/Lab, 0 documents") }
            default { $lines.Add("[0A16:0002-0B26] $stamp Closed session for $user/Lab Databases accessed:     2  Documents read:     0  Documents written:     0") }
        }
    }
    $ssoLines = @($lines | Where-Object { $_.Contains($marker) }).Count
    [pscustomobject]@{ Bytes = [System.Text.Encoding]::ASCII.GetBytes(($lines -join "`r`n") + "`r`n"); Share = $ssoLines / $lines.Count }
}

function New-LargeLog([string] $Path, [long] $Bytes, [byte[]] $Block) {
    $stream = [System.IO.File]::Create($Path)
    try {
        for ($written = 0L; $written -lt $Bytes; $written += $Block.Length) { $stream.Write($Block, 0, $Block.Length) }
    }
    finally { $stream.Dispose() }
}

function Measure-Ours([string] $Path) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $events = (Get-SsoTraceEvent -LiteralPath $Path -WarningAction SilentlyContinue | Measure-Object).Count
    [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; Events = $events }
}

function Measure-Grep([string] $Path) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $count = & $script:grep -c -F $marker $Path
    [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; Lines = [long]"$count" }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $sorted[[int][math]::Floor(($sorted.Count - 1) / 2)]
}

function Get-LoadAverage {
    if (Test-Path -LiteralPath '/proc/loadavg') { return (Get-Content -LiteralPath '/proc/loadavg' -Raw).Split(' ')[0] }
    'n/a'
}

# Peak working set of a fresh process that only imports the module and streams the file through Get-SsoTraceEvent.
function Measure-PeakMemory([string] $Path) {
    $processPath = (Get-Process -Id $PID).Path
    $prefix = @()
    if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
    $script = "`$ProgressPreference = 'SilentlyContinue'; Import-Module '$ModulePath'; `$n = (Get-SsoTraceEvent -LiteralPath '$Path' -WarningAction SilentlyContinue | Measure-Object).Count; " +
        "'{0} {1}' -f `$n, [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64"
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($script))
    $out = & $processPath @($prefix + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded))
    $fields = ("$out").Trim().Split(' ')
    [pscustomobject]@{ Events = [long]$fields[0]; PeakBytes = [long]$fields[1] }
}

function Write-Verdict([bool] $Met) { if ($Met) { 'met' } else { 'MISSED' } }

$grepCommand = Get-Command grep -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
$script:grep = $null
if ($grepCommand) { $script:grep = $grepCommand.Source }

# The fixed cost of one run of each side (a file of one line): a call of the cmdlet here, a grep process started from
# here (most of it is PowerShell starting a native command, which is not grep's work).
function Measure-FixedCost([string] $Path) {
    $oursMs = New-Object System.Collections.Generic.List[double]
    $grepMs = New-Object System.Collections.Generic.List[double]
    for ($i = 0; $i -lt 5; $i++) {
        $oursMs.Add((Measure-Ours -Path $Path).Seconds * 1000)
        if ($script:grep) { $grepMs.Add((Measure-Grep -Path $Path).Seconds * 1000) }
    }
    $grepFixed = 0.0
    if ($script:grep) { $grepFixed = Get-Median $grepMs.ToArray() }
    [pscustomobject]@{ OursMs = (Get-Median $oursMs.ToArray()); GrepMs = $grepFixed }
}

$realistic = New-ConsoleBlock -SsoEvery 1000
$dense = New-ConsoleBlock -SsoEvery 4
$large = Join-Path $work 'console-realistic.log'
$small = Join-Path $work 'console-realistic-small.log'
$denseLog = Join-Path $work 'console-dense.log'
Write-Host ("Get-SsoTraceEvent against grep -c '{0}' on generated console.logs ({1} cores, load average {2})" -f $marker, [Environment]::ProcessorCount, (Get-LoadAverage))
Write-Host ('  Get-SsoTraceEvent runs in this PowerShell (no process start) on up to {0} cores and decodes events; grep is a process on one core that counts lines.' -f [Environment]::ProcessorCount)
try {
    New-LargeLog -Path $large -Bytes ([long]$LogMiB * 1MB) -Block $realistic.Bytes
    New-LargeLog -Path $small -Bytes ([long]$LogMiB * 1MB / 4) -Block $realistic.Bytes
    New-LargeLog -Path $denseLog -Bytes ([long]$LogMiB * 1MB / 4) -Block $dense.Bytes
    $size = (Get-Item -LiteralPath $large).Length
    $denseSize = (Get-Item -LiteralPath $denseLog).Length

    # Warm-up: the files into the page cache, the cmdlet's code compiled.
    $null = Measure-Ours -Path $small
    $oneLine = Join-Path $work 'one-line.log'
    [System.IO.File]::WriteAllText($oneLine, "[0DEC:000A-0F80] 13/03/2017 07:11:53 $marker note`r`n")
    $fixedCost = Measure-FixedCost -Path $oneLine
    foreach ($file in $large, $denseLog) {
        if ($script:grep) { $null = Measure-Grep -Path $file } else { $null = Measure-Ours -Path $file }
    }

    foreach ($case in @(
            @{ Name = 'realistic'; Path = $large; Size = $size; Share = $realistic.Share; Target = $true },
            @{ Name = 'dense'; Path = $denseLog; Size = $denseSize; Share = $dense.Share; Target = $false })) {
        $ours = New-Object System.Collections.Generic.List[double]
        $theirs = New-Object System.Collections.Generic.List[double]
        $ratios = New-Object System.Collections.Generic.List[double]
        $wholeRatios = New-Object System.Collections.Generic.List[double]
        $events = 0; $lines = 0
        # Interleaved rounds: both sides see the same load.
        for ($round = 0; $round -lt $Rounds; $round++) {
            $run = Measure-Ours -Path $case.Path
            $ours.Add($run.Seconds); $events = $run.Events
            if ($script:grep) {
                $baseline = Measure-Grep -Path $case.Path
                $theirs.Add($baseline.Seconds); $lines = $baseline.Lines
                $ratios.Add(($baseline.Seconds - $fixedCost.GrepMs / 1000) / $run.Seconds)
                $wholeRatios.Add($baseline.Seconds / $run.Seconds)
            }
        }
        $seconds = Get-Median $ours.ToArray()
        $speed = $case.Size / 1MB / $seconds
        Write-Host ''
        Write-Host ('  {0} file   : {1:N0} MiB, {2:P1} SSO trace lines, {3:N0} events' -f $case.Name, ($case.Size / 1MB), $case.Share, $events)
        if ($case.Target) {
            Write-Host ('  Get-SsoTraceEvent: {0:N2} s, {1:N0} MiB/s   (target: at least 1024 MiB/s: {2})' -f $seconds, $speed, (Write-Verdict ($speed -ge 1024)))
        }
        else {
            Write-Host ('  Get-SsoTraceEvent: {0:N2} s, {1:N0} MiB/s   (reported, no target)' -f $seconds, $speed)
        }
        if ($script:grep) {
            $ratio = Get-Median $ratios.ToArray()
            Write-Host ('  grep -c          : {0:N2} s, {1:N0} MiB/s, {2:N0} lines' -f (Get-Median $theirs.ToArray()), ($case.Size / 1MB / (Get-Median $theirs.ToArray())), $lines)
            if ($case.Target) {
                Write-Host ('  speed / grep     : {0:N2}   (median of {1} interleaved rounds, grep''s start taken off its time; target: at least 0.25: {2})' -f $ratio, $Rounds, (Write-Verdict ($ratio -ge 0.25)))
                Write-Host ('  whole runs       : {0:N2}   (fixed cost of a run: {1:N1} ms for a call of Get-SsoTraceEvent, {2:N1} ms for grep started from PowerShell)' -f (Get-Median $wholeRatios.ToArray()), $fixedCost.OursMs, $fixedCost.GrepMs)
                # The verdict uses the median of the per-round ratios; the ratio of the median times can differ when rounds vary.
                Write-Host ('  median times     : {0:N2}   (grep''s median time over ours, for comparison)' -f ((Get-Median $theirs.ToArray()) / $seconds))
            }
            else {
                Write-Host ('  speed / grep     : {0:N2}   (median of {1} interleaved rounds, grep''s start taken off its time)' -f $ratio, $Rounds)
            }
        }
        else {
            Write-Host '  grep -c          : skipped (grep is not installed here)'
        }
    }

    $smallPeak = Measure-PeakMemory -Path $small
    $largePeak = Measure-PeakMemory -Path $large
    $growth = $largePeak.PeakBytes / $smallPeak.PeakBytes
    Write-Host ''
    Write-Host ('  peak memory      : {0:N0} MiB for {1:N0} MiB, {2:N0} MiB for {3:N0} MiB (working set peak of a child PowerShell)' -f ($smallPeak.PeakBytes / 1MB), ($LogMiB / 4), ($largePeak.PeakBytes / 1MB), $LogMiB)
    Write-Host ('  memory ratio     : {0:N2} for a file 4x larger   (target: flat, at most 1.15: {1})' -f $growth, (Write-Verdict ($growth -le 1.15)))
    Write-Host ('  load average     : {0}' -f (Get-LoadAverage))
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
