<#
.SYNOPSIS
    Diagnostics benchmarks, each against a baseline measured in this run (log scanning: Logs.bench.ps1):
    1. Port probes of 200 loopback endpoints, 50 of which never answer, with a 2 s timeout: all at once
       (Get-StServiceStatus -Probe) against a one-at-a-time loop over the same endpoints. Target: at most 2 timeouts.
    Only 127.0.0.1 is ever contacted.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $WorkPath,
    [string] $Configuration = 'Release'
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
