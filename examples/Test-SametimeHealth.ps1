<#
.SYNOPSIS
    Scheduled health check of a Sametime/iNotes site: exits 0 when everything is healthy, 1 otherwise.
.DESCRIPTION
    Checks the Sametime services of the Community Servers (Windows service control, or port probes with -Probe),
    optionally the last start-up in a console.log, and optionally the Sametime Proxy's awareness path (reachability
    and client scripts; with -KeyPath also the token login). Prints one line per check and ends with the exit code a
    scheduled task (Windows Task Scheduler, cron) can alert on.
.EXAMPLE
    ./Test-SametimeHealth.ps1 -ComputerName stchat1, stchat2 -ProxyUrl http://proxy1.acme.com:9080/
.EXAMPLE
    ./Test-SametimeHealth.ps1 -ComputerName stchat1.acme.com -Probe -ConsoleLogPath '\\stchat1\d$\Domino\data\IBM_TECHNICAL_SUPPORT\console.log'
.EXAMPLE
    # Task Scheduler action (Windows PowerShell 5.1 or PowerShell 7):
    # powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\Scripts\Test-SametimeHealth.ps1 -ComputerName stchat1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string[]] $ComputerName,
    # Use TCP probes of the Community Server ports instead of Windows service control (for Linux, or without admin rights).
    [switch] $Probe,
    [string[]] $ConsoleLogPath,
    [string[]] $ProxyUrl,
    [string] $SsoDomain,
    # With -KeyPassword and -UserName: also log in to the proxy with a token minted from its keys.
    [string] $KeyPath,
    [System.Security.SecureString] $KeyPassword,
    [string] $UserName,
    [double] $TimeoutSeconds = 10
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
Import-Module SametimeAdmin

$healthy = $true
$stamp = Get-Date -Format 'yyyy-MM-dd HH:mm:ss'

if ($Probe) {
    $summaries = Get-StServiceStatus -ComputerName $ComputerName -Probe -Role Community -Summary -ErrorAction Continue
}
else {
    $summaries = Get-StServiceStatus -ComputerName $ComputerName -Summary -ErrorAction Continue
}
foreach ($summary in @($summaries)) {
    '{0} {1} [{2}] {3}' -f $stamp, $summary.ComputerName, $summary.Source, $summary.Message
    if (-not $summary.AllHealthy) { $healthy = $false }
}

foreach ($log in @($ConsoleLogPath | Where-Object { $_ })) {
    foreach ($summary in @(Get-StServiceStatus -LiteralPath $log -Summary -ErrorAction Continue -WarningAction SilentlyContinue)) {
        '{0} {1} [{2}] {3}' -f $stamp, $summary.ComputerName, $summary.Source, $summary.Message
        if (-not $summary.AllHealthy) { $healthy = $false }
    }
}

foreach ($url in @($ProxyUrl | Where-Object { $_ })) {
    $probeArgs = @{ Url = $url; TimeoutSeconds = $TimeoutSeconds }
    if ($SsoDomain) { $probeArgs.SsoDomain = $SsoDomain }
    if ($KeyPath) {
        $probeArgs.KeyPath = $KeyPath
        $probeArgs.KeyPassword = $KeyPassword
        $probeArgs.UserName = $UserName
    }
    $failed = @(Test-SametimeAwareness @probeArgs | Where-Object { $_.Status -eq 'Failed' })
    if ($failed.Count -eq 0) {
        '{0} {1} [Awareness] all steps passed or skipped' -f $stamp, $url
    }
    else {
        $healthy = $false
        foreach ($step in $failed) { '{0} {1} [Awareness] {2} FAILED: {3} FIX: {4}' -f $stamp, $url, $step.Step, $step.Evidence, $step.Fix }
    }
}

if ($healthy) { exit 0 }
exit 1
