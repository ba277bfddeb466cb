<#
.SYNOPSIS
    Diagnostics benchmarks (log scanning: Logs.bench.ps1):
    Fan-out to many servers with a 2 s timeout, 50 of 200 targets silent (they accept TCP, or hold the handshake,
       and never answer): Get-StServiceStatus -Probe over 200 hosts and Test-SametimeAwareness over 200 proxy URLs.
       Printed: elapsed / timeout. Target: at most 1.2 timeouts each (the silent ones wait together, not in waves).
    Only loopback addresses (127.0.0.0/8) are ever contacted.
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

function New-Socket {
    New-Object System.Net.Sockets.Socket([System.Net.Sockets.AddressFamily]::InterNetwork, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Tcp)
}

# --- 1. Fan-out to many servers -------------------------------------------------------------------------------
# Socket helpers for the silent targets: a port whose accept queue is full and never accepted holds every further
# handshake (Linux drops the SYNs), and a listener that is never accepted from completes handshakes (the kernel
# does) but never answers a request.
function New-HeldHandshake([System.Net.IPAddress] $Address, [int] $Port, $Keep) {
    $hole = New-Socket
    $hole.Bind((New-Object System.Net.IPEndPoint($Address, $Port)))
    $hole.Listen(1)
    $Keep.Add($hole)
    foreach ($j in 1..2) {
        $filler = New-Socket
        $Keep.Add($filler)
        if (-not $filler.ConnectAsync($Address, $hole.LocalEndPoint.Port).Wait(10000)) { throw 'Could not fill an accept queue.' }
    }
    $hole.LocalEndPoint.Port
}

function Write-FanOutRatio([string] $Label, [double] $Seconds) {
    $ratio = $Seconds / $timeoutSeconds
    Write-Host ('  {0,-17}: {1:N2} s = {2:N2} timeouts   (target: at most 1.2: {3})' -f $Label, $Seconds, $ratio, $(if ($ratio -le 1.2) { 'met' } else { 'MISSED' }))
}

# 1a. 200 hosts (127.0.0.1 to 127.0.0.200, one port): 75 listening, 50 holding the handshake, 75 refusing.
Write-Host 'Port probes: Get-StServiceStatus -Probe over 200 hosts (75 listening, 75 refusing, 50 that never answer), timeout 2 s'
$sockets = New-Object System.Collections.Generic.List[object]
try {
    $hosts = 1..200 | ForEach-Object { "127.0.0.$_" }
    # One port free on every address: taken from the system on 127.0.0.1, then bound on the others; another try
    # when some address has it already.
    for ($attempt = 0; $true; $attempt++) {
        try {
            $first = New-Object System.Net.Sockets.TcpListener([System.Net.IPAddress]::Loopback, 0)
            $first.Start(64)
            $sockets.Add($first)
            $port = $first.LocalEndpoint.Port
            foreach ($i in 2..75) {
                $listener = New-Object System.Net.Sockets.TcpListener([System.Net.IPAddress]::Parse("127.0.0.$i"), $port)
                $listener.Start(64)
                $sockets.Add($listener)
            }
            foreach ($i in 76..125) { $null = New-HeldHandshake -Address ([System.Net.IPAddress]::Parse("127.0.0.$i")) -Port $port -Keep $sockets }
            break
        }
        catch [System.Net.Sockets.SocketException] {
            foreach ($s in $sockets) { if ($s -is [System.Net.Sockets.TcpListener]) { $s.Stop() } else { $s.Dispose() } }
            $sockets.Clear()
            if ($attempt -ge 5) { throw }
        }
    }

    # Warm-up on a few hosts so the timed run pays no first-call cost.
    $null = Get-StServiceStatus -ComputerName $hosts[0..2] -Probe -Port $port -TimeoutSeconds $timeoutSeconds
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $rows = @(Get-StServiceStatus -ComputerName $hosts -Probe -Port $port -TimeoutSeconds $timeoutSeconds)
    $elapsed = $clock.Elapsed.TotalSeconds
    $counts = $rows | Group-Object Status | ForEach-Object { '{0} {1}' -f $_.Count, $_.Name }
    if ($rows.Count -ne 200 -or @($rows | Where-Object Status -EQ 'NoAnswer').Count -ne 50 -or @($rows | Where-Object Status -EQ 'Listening').Count -ne 75) {
        throw "Unexpected probe results: $($counts -join ', ')."
    }
    $order = if ((@($rows.ComputerName) -join ',') -eq ($hosts -join ',')) { 'in input order' } else { 'NOT in input order' }
    Write-Host ('  results          : {0}, {1}' -f ($counts -join ', '), $order)
    Write-FanOutRatio -Label '200 hosts' -Seconds $elapsed
}
finally {
    foreach ($s in $sockets) { if ($s -is [System.Net.Sockets.TcpListener]) { $s.Stop() } else { $s.Dispose() } }
}

# 1b. 200 proxy URLs: 75 serving the client scripts, 50 accepting TCP and never answering, 75 refusing.
Write-Host ''
Write-Host 'Awareness: Test-SametimeAwareness over 200 proxy URLs (75 answering, 75 refusing, 50 that accept TCP and never answer), timeout 2 s'
if (-not ('SametimeAdminBench.ScriptServer' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace SametimeAdminBench
{
    // Answers every request with a small script, as the proxy serves /stbaseapi/latest/baseComps.js.
    public sealed class ScriptServer : IDisposable
    {
        private readonly TcpListener listener = new TcpListener(IPAddress.Loopback, 0);

        public ScriptServer()
        {
            listener.Start(256);
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            AcceptLoop();
        }

        public int Port { get; private set; }

        public void Dispose()
        {
            listener.Stop();
        }

        private async void AcceptLoop()
        {
            while (true)
            {
                Socket socket;
                try { socket = await listener.AcceptSocketAsync(); }
                catch (Exception) { return; }
                Serve(socket);
            }
        }

        private static async void Serve(Socket socket)
        {
            try
            {
                using (var stream = new NetworkStream(socket, true))
                {
                    var buffer = new byte[8192];
                    var head = new StringBuilder();
                    while (head.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal) < 0)
                    {
                        int read = await stream.ReadAsync(buffer, 0, buffer.Length);
                        if (read == 0) { return; }
                        head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }

                    byte[] body = Encoding.ASCII.GetBytes("var stbaseapi = { version: \"bench\" };\n");
                    byte[] reply = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/javascript\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(reply, 0, reply.Length);
                    await stream.WriteAsync(body, 0, body.Length);
                }
            }
            catch (Exception)
            {
            }
        }
    }
}
'@
}
$sockets = New-Object System.Collections.Generic.List[object]
$servers = New-Object System.Collections.Generic.List[object]
try {
    $urls = New-Object System.Collections.Generic.List[string]
    $taken = New-Object 'System.Collections.Generic.HashSet[int]'
    foreach ($i in 1..75) {
        $server = New-Object SametimeAdminBench.ScriptServer
        $servers.Add($server)
        $null = $taken.Add($server.Port)
        $urls.Add(('http://127.0.0.1:{0}/' -f $server.Port))
    }
    foreach ($i in 1..50) {
        $silent = New-Socket
        $silent.Bind((New-Object System.Net.IPEndPoint([System.Net.IPAddress]::Loopback, 0)))
        $silent.Listen(16)
        $sockets.Add($silent)
        $null = $taken.Add($silent.LocalEndPoint.Port)
        $urls.Add(('http://127.0.0.1:{0}/' -f $silent.LocalEndPoint.Port))
    }
    $refused = 0
    while ($refused -lt 75) {
        $probe = New-Object System.Net.Sockets.TcpListener([System.Net.IPAddress]::Loopback, 0)
        $probe.Start(); $free = $probe.LocalEndpoint.Port; $probe.Stop()
        if ($taken.Add($free)) { $urls.Add(('http://127.0.0.1:{0}/' -f $free)); $refused++ }
    }
    # Interleaved, so that the silent ones are spread over the input.
    $ordered = @(for ($i = 0; $i -lt 200; $i++) { $urls[($i * 7) % 200] })

    $null = Test-SametimeAwareness -Url $ordered[0..2] -TimeoutSeconds $timeoutSeconds -Summary
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $summaries = @(Test-SametimeAwareness -Url $ordered -TimeoutSeconds $timeoutSeconds -Summary)
    $elapsed = $clock.Elapsed.TotalSeconds
    $hung = @($summaries | Where-Object { $_.Problems -match 'no complete answer' }).Count
    $refusals = @($summaries | Where-Object { $_.Problems -match 'refused' }).Count
    if ($summaries.Count -ne 200 -or $hung -ne 50 -or $refusals -ne 75) {
        throw "Unexpected awareness results: $($summaries.Count) URLs, $hung without answer, $refusals refused."
    }
    $order = if ((@($summaries.Url) -join ',') -eq ($ordered -join ',')) { 'in input order' } else { 'NOT in input order' }
    Write-Host ('  results          : 75 serving scripts, {0} refused, {1} without answer, {2}' -f $refusals, $hung, $order)
    Write-FanOutRatio -Label '200 URLs' -Seconds $elapsed
}
finally {
    foreach ($s in $servers) { $s.Dispose() }
    foreach ($s in $sockets) { $s.Dispose() }
}
