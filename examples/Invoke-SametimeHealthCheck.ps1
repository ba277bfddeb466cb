<#
.SYNOPSIS
    Scheduled health check of a Sametime/iNotes site: services, the awareness path through the proxy, and
    optionally the whole SSO checklist with an HTML report. Ends with exit code 0 (healthy) or 1 (a problem).
.DESCRIPTION
    Meant for a Windows scheduled task (powershell.exe -NoProfile -File Invoke-SametimeHealthCheck.ps1 ...):
    - Get-StServiceStatus on the Community Server(s) (-ComputerName, Windows service control; with -Probe, TCP probes
      of the Sametime ports instead, for Linux or without admin rights) or from a copied console.log (-ConsoleLog);
    - Test-SametimeAwareness for each proxy URL, logging in by token when -KeyPath/-KeyPassword/-UserName are given;
    - with -EnvironmentPath, Invoke-SsoChecklist (-HtmlReport writes the page a human opens when the task fails).
    Writes one line per finding and a final verdict to the output (redirect it to a log file in the task), returns
    the verdict object with -PassThru, and exits with its exit code unless -NoExit is given.
.EXAMPLE
    powershell.exe -NoProfile -File Invoke-SametimeHealthCheck.ps1 -ComputerName stchat1 -ProxyUrl https://proxy.example.com:9443 -HtmlReport D:\health\sso.html -EnvironmentPath D:\health\environment.psd1
#>
[CmdletBinding()]
param(
    [string[]] $ComputerName,
    # Probe the Sametime ports of -ComputerName instead of asking Windows service control.
    [switch] $Probe,
    [string[]] $ConsoleLog,
    [string[]] $ProxyUrl,
    [string] $KeyPath,
    [System.Security.SecureString] $KeyPassword,
    [string] $UserName,
    [string] $EnvironmentPath,
    [string] $HtmlReport,
    [ValidateRange(1, 300)] [int] $TimeoutSeconds = 10,
    [switch] $SkipCertificateCheck,
    [switch] $NoExit,
    [switch] $PassThru
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
if (-not (Get-Module SametimeAdmin)) { Import-Module SametimeAdmin }

$problems = New-Object System.Collections.Generic.List[string]
function Write-Finding([string] $Text) { Write-Output ('{0:yyyy-MM-dd HH:mm:ss} {1}' -f (Get-Date), $Text) }

foreach ($computer in @($ComputerName | Where-Object { $_ })) {
    $query = @{ ComputerName = $computer; Summary = $true }
    if ($Probe) { $query.Probe = $true; $query.TimeoutSeconds = $TimeoutSeconds }
    $summary = Get-StServiceStatus @query -ErrorAction Continue -ErrorVariable serviceErrors
    foreach ($e in @($serviceErrors)) { $problems.Add("services on ${computer}: $($e.Exception.Message)") }
    if ($summary) {
        Write-Finding "services $computer`: $($summary.Message)"
        if (-not $summary.AllHealthy) { $problems.Add("services on ${computer}: $($summary.Message)") }
    }
}

foreach ($log in @($ConsoleLog | Where-Object { $_ })) {
    $summary = Get-StServiceStatus -LogPath $log -Summary
    Write-Finding "start-up log $log`: $($summary.Message)"
    if (-not $summary.AllHealthy) { $problems.Add("start-up log ${log}: $($summary.Message)") }
}

foreach ($url in @($ProxyUrl | Where-Object { $_ })) {
    $awareness = @{ Url = $url; TimeoutSeconds = $TimeoutSeconds; SkipCertificateCheck = $SkipCertificateCheck }
    if ($KeyPath -and $KeyPassword -and $UserName) { $awareness.KeyPath = $KeyPath; $awareness.KeyPassword = $KeyPassword; $awareness.UserName = $UserName }
    foreach ($step in Test-SametimeAwareness @awareness) {
        Write-Finding "awareness $url $($step.Step): $($step.Status) - $($step.Evidence)"
        # A Warning step ran but could not establish what it checks (a presence answer without a status): worth a look.
        if (@('Failed', 'Warning') -contains [string]$step.Status) { $problems.Add("awareness ${url} $($step.Step): $($step.Evidence) Fix: $($step.Fix)") }
    }
}

$checklist = $null
if ($EnvironmentPath) {
    $arguments = @{ EnvironmentPath = $EnvironmentPath; Summary = $true; TimeoutSeconds = $TimeoutSeconds; SkipCertificateCheck = $SkipCertificateCheck }
    if ($KeyPassword) { $arguments.LtpaKeyPassword = $KeyPassword }
    if ($HtmlReport) { $arguments.HtmlReport = $HtmlReport }
    if ($ProxyUrl) { $arguments.ProxyUrl = $ProxyUrl }
    $checklist = Invoke-SsoChecklist @arguments
    Write-Finding "checklist: $($checklist.Passed) passed, $($checklist.Failed) failed, $($checklist.Warning) warning(s), $($checklist.Skipped) skipped"
    if ($checklist.Failed -gt 0) { $problems.Add("checklist: failed $($checklist.FailedChecks -join ', ')") }
}

$verdict = [pscustomobject]@{
    PSTypeName = 'SametimeAdmin.HealthCheckResult'
    Healthy    = ($problems.Count -eq 0)
    Problems   = $problems.ToArray()
    Report     = $(if ($checklist) { $checklist.HtmlReportPath } else { $null })
    ExitCode   = $(if ($problems.Count -eq 0) { 0 } else { 1 })
}
foreach ($p in $verdict.Problems) { Write-Finding "PROBLEM $p" }
Write-Finding ('verdict: {0} (exit code {1})' -f $(if ($verdict.Healthy) { 'healthy' } else { "$($problems.Count) problem(s)" }), $verdict.ExitCode)
if ($PassThru) { $verdict }
if (-not $NoExit) { exit $verdict.ExitCode }
