<#
.SYNOPSIS
    Diagnostics benchmarks, each against a baseline measured in this run:
    1. Port probes of 200 loopback endpoints, 50 of which never answer, with a 2 s timeout: all at once
       (Get-StServiceStatus -Probe) against a one-at-a-time loop over the same endpoints. Target: at most 2 timeouts.
    2. Get-SsoTraceEvent over a generated 1 GiB console.log against Select-String -Pattern 'SSO API>' on the same
       file. Target: at least 10 times faster. Peak memory measured at two file sizes. Target: independent of size.
    Only 127.0.0.1 is ever contacted. The generated logs are deleted at the end.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $WorkPath,
    [string] $Configuration = 'Release',
    # Size of the large log in MiB (1024 = the 1 GiB of the target); the small one is a quarter of it.
    [int] $LogMiB = 1024
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force

$timeoutSeconds = 2
$work = Join-Path $WorkPath 'diagnostics'
$null = New-Item -ItemType Directory -Force -Path $work

function New-Socket {
    New-Object System.Net.Sockets.Socket([System.Net.Sockets.AddressFamily]::InterNetwork, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Tcp)
}

# --- 1. Probes -------------------------------------------------------------------------------------------------
Write-Host 'Probes: 200 endpoints on 127.0.0.1 (75 listening, 75 refusing, 50 that never answer), timeout 2 s'
$sockets = New-Object System.Collections.Generic.List[object]
$ports = New-Object System.Collections.Generic.List[int]
try {
    foreach ($i in 1..75) {
        $listener = New-Object System.Net.Sockets.TcpListener([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(200)
        $sockets.Add($listener)
        $ports.Add($listener.LocalEndpoint.Port)
    }
    foreach ($i in 1..50) {
        # Never answers: an accept queue (backlog 1 holds 2) filled and never accepted; Linux drops further SYNs.
        $hole = New-Socket
        $hole.Bind((New-Object System.Net.IPEndPoint([System.Net.IPAddress]::Loopback, 0)))
        $hole.Listen(1)
        $sockets.Add($hole)
        foreach ($j in 1..2) {
            $filler = New-Socket
            $sockets.Add($filler)
            if (-not $filler.ConnectAsync([System.Net.IPAddress]::Loopback, $hole.LocalEndPoint.Port).Wait(10000)) { throw 'Could not fill an accept queue.' }
        }
        $ports.Add($hole.LocalEndPoint.Port)
    }
    # Ports that were free a moment ago: nothing listens, the connect is refused at once. Taken last, and distinct,
    # so that no listener above was given one of them.
    $taken = New-Object 'System.Collections.Generic.HashSet[int]'
    foreach ($port in $ports) { $null = $taken.Add($port) }
    $refused = 0
    while ($refused -lt 75) {
        $probe = New-Object System.Net.Sockets.TcpListener([System.Net.IPAddress]::Loopback, 0)
        $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        if ($taken.Add($port)) { $ports.Add($port); $refused++ }
    }
    $endpointPorts = $ports.ToArray()

    $clock = [Diagnostics.Stopwatch]::StartNew()
    $together = @(Get-StServiceStatus -ComputerName 127.0.0.1 -Probe -Port $endpointPorts -TimeoutSeconds $timeoutSeconds)
    $concurrent = $clock.Elapsed.TotalSeconds

    $clock.Restart()
    $oneByOne = foreach ($port in $endpointPorts) { Get-StServiceStatus -ComputerName 127.0.0.1 -Probe -Port $port -TimeoutSeconds $timeoutSeconds }
    $sequential = $clock.Elapsed.TotalSeconds

    $counts = $together | Group-Object Status | ForEach-Object { '{0} {1}' -f $_.Count, $_.Name }
    $sequentialCounts = @($oneByOne | Where-Object Status -EQ 'NoAnswer').Count
    if ($together.Count -ne 200 -or @($together | Where-Object Status -EQ 'NoAnswer').Count -ne 50 -or $sequentialCounts -ne 50) {
        throw "Unexpected probe results: $($counts -join ', ') (one at a time: $sequentialCounts without answer)."
    }
    $limit = 2 * $timeoutSeconds
    Write-Host ('  results          : {0}' -f ($counts -join ', '))
    Write-Host ('  all at once      : {0:N2} s   (target: at most 2 timeouts = {1} s: {2})' -f $concurrent, $limit, $(if ($concurrent -le $limit) { 'met' } else { 'MISSED' }))
    Write-Host ('  one at a time    : {0:N2} s   (baseline)' -f $sequential)
    Write-Host ('  ratio            : {0:N1}x faster than the loop' -f ($sequential / $concurrent))
}
finally {
    foreach ($s in $sockets) {
        if ($s -is [System.Net.Sockets.TcpListener]) { $s.Stop() } else { $s.Dispose() }
    }
}

# --- 2. SSO traces over a large console.log ---------------------------------------------------------------------
# One block of realistic console.log lines (HTTP requests, replication, agent manager, SSO API trace groups and an
# occasional SSO error; about a quarter of the lines are SSO API trace), repeated until the file has the wanted size.
function New-ConsoleBlock {
    $lines = New-Object System.Collections.Generic.List[string]
    $time = [datetime]'2017-03-13T07:00:00'
    $users = 'alice', 'bob', 'carol', 'dave', 'erin'
    for ($i = 0; $lines.Count -lt 12000; $i++) {
        $time = $time.AddMilliseconds(730)
        $stamp = $time.ToString('dd/MM/yyyy HH:mm:ss.ff', [Globalization.CultureInfo]::InvariantCulture)
        $user = $users[$i % $users.Count]
        switch ($i % 32) {
            0 {
                $prefix = "[0DEC:00{0:X2}-0F80] $stamp SSO API> " -f ($i % 250)
                # One validation as Domino writes it on one thread: configuration lines, then the token's user lines.
                $lines.Add($prefix + '*** Getting Single Sign-On Config Data (SECGetSSOConfigData) ***')
                $lines.Add($prefix + 'ConfigName specified [LtpaToken2].')
                $lines.Add($prefix + 'Retrieved global static cache memory for config [LtpaToken2].')
                $lines.Add($prefix + '*** Validating Token List (SECTokenListValidateAndGetInfo) ***')
                $lines.Add($prefix + 'Decoding Websphere style LTPA2 Single Sign-On token (LtpaToken2).')
                $lines.Add($prefix + "-Raw Token Username = uid=$user,ou=people,dc=lab,dc=example,dc=com")
                $lines.Add($prefix + '-LDAP Realm = ldap.lab.example.com:389')
                $lines.Add($prefix + "-Username = CN=$user/O=Lab")
                $lines.Add($prefix + '-Expiration Ticks = 1489411335000 [13/03/2017 14:22:15].')
                if ($i % 40 -eq 0) { $lines.Add("[0DEC:00{0:X2}-0F80] $stamp HTTP Server: Single Sign-On token is expired" -f ($i % 250)) }
            }
            { $_ % 7 -eq 1 } { $lines.Add("[0DEC:000B-0F80] $stamp HTTP Request: GET /mail/$user.nsf/iNotes/Proxy/?OpenDocument&Form=s_ReadViewEntries&PresetFields=FolderName;(`$Inbox)") }
            { $_ % 7 -eq 2 } { $lines.Add("[0A10:0002-0B20] $stamp Replicator: Pull-Pushed mail/$user.nsf from INOTES2/Lab, 3 documents updated") }
            { $_ % 7 -eq 3 } { $lines.Add("[0A11:0005-0B21] $stamp AMgr: Executive '1' started agent 'Update Inbox' in 'mail/$user.nsf'") }
            { $_ % 7 -eq 4 } { $lines.Add("[0A12:0003-0B22] $stamp Router: Transferred 2 messages to INOTES2/Lab via NRPC") }
            { $_ % 7 -eq 5 } { $lines.Add("[0DEC:000C-0F80] $stamp HTTP JVM: com.lotus.dwa.stbuddy.DWABuddyList: request for $user completed in 12 ms") }
            { $_ % 7 -eq 6 } { $lines.Add("[0A13:0002-0B23] $stamp Opened session for INOTES2/Lab (Release 9.0.1FP7)") }
            { $_ -ne 0 -and $_ % 7 -eq 0 } { $lines.Add("[0A14:0002-0B24] $stamp Indexer: Updating views in mail/$user.nsf") }
        }
    }
    ($lines -join "`r`n") + "`r`n"
}

function New-LargeLog([string] $Path, [long] $Bytes, [byte[]] $Block) {
    $stream = [System.IO.File]::Create($Path)
    try {
        for ($written = 0L; $written -lt $Bytes; $written += $Block.Length) { $stream.Write($Block, 0, $Block.Length) }
    }
    finally { $stream.Dispose() }
}

# Peak memory of a fresh process that only imports the module and streams the file through Get-SsoTraceEvent.
function Measure-PeakMemory([string] $Path) {
    $processPath = (Get-Process -Id $PID).Path
    $prefix = @()
    if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
    $script = "`$ProgressPreference = 'SilentlyContinue'; Import-Module '$ModulePath'; `$n = (Get-SsoTraceEvent -LiteralPath '$Path' | Measure-Object).Count; [GC]::Collect(); " +
        "'{0} {1}' -f `$n, [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64"
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($script))
    $out = & $processPath @($prefix + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded))
    $fields = ("$out").Trim().Split(' ')
    [pscustomobject]@{ Events = [long]$fields[0]; PeakBytes = [long]$fields[1] }
}

Write-Host ''
Write-Host ("SSO traces: Get-SsoTraceEvent against Select-String -Pattern 'SSO API>' on a generated {0} MiB console.log" -f $LogMiB)
$block = [System.Text.Encoding]::ASCII.GetBytes((New-ConsoleBlock))
$large = Join-Path $work 'console-large.log'
$small = Join-Path $work 'console-small.log'
try {
    New-LargeLog -Path $large -Bytes ([long]$LogMiB * 1MB) -Block $block
    New-LargeLog -Path $small -Bytes ([long]$LogMiB * 1MB / 4) -Block $block
    $size = (Get-Item -LiteralPath $large).Length

    # Warm both up on the small file so neither pays a first-run cost in the timed runs.
    $null = Get-SsoTraceEvent -LiteralPath $small | Select-Object -First 100
    $null = Select-String -LiteralPath $small -Pattern 'SSO API>' | Select-Object -First 100

    $clock = [Diagnostics.Stopwatch]::StartNew()
    $events = (Get-SsoTraceEvent -LiteralPath $large | Measure-Object).Count
    $ours = $clock.Elapsed.TotalSeconds

    $clock.Restart()
    $lineCount = (Select-String -LiteralPath $large -Pattern 'SSO API>' | Measure-Object).Count
    $baseline = $clock.Elapsed.TotalSeconds

    $ratio = $baseline / $ours
    Write-Host ('  file             : {0:N0} MiB, {1:N0} SSO API lines, {2:N0} events' -f ($size / 1MB), $lineCount, $events)
    Write-Host ('  Get-SsoTraceEvent: {0:N2} s ({1:N0} MiB/s)' -f $ours, ($size / 1MB / $ours))
    Write-Host ('  Select-String    : {0:N2} s ({1:N0} MiB/s) (baseline)' -f $baseline, ($size / 1MB / $baseline))
    Write-Host ('  ratio            : {0:N1}x   (target: at least 10x: {1})' -f $ratio, $(if ($ratio -ge 10) { 'met' } else { 'MISSED' }))

    $smallPeak = Measure-PeakMemory -Path $small
    $largePeak = Measure-PeakMemory -Path $large
    $growth = $largePeak.PeakBytes / $smallPeak.PeakBytes
    Write-Host ('  peak memory      : {0:N0} MiB for {1:N0} MiB, {2:N0} MiB for {3:N0} MiB (whole process)' -f ($smallPeak.PeakBytes / 1MB), ($LogMiB / 4), ($largePeak.PeakBytes / 1MB), $LogMiB)
    Write-Host ('  memory ratio     : {0:N2} for a file 4x larger   (target: independent of size, about 1.0: {1})' -f $growth, $(if ($growth -lt 1.15) { 'met' } else { 'MISSED' }))
}
finally {
    Remove-Item -LiteralPath $large, $small -Force -ErrorAction SilentlyContinue
}
