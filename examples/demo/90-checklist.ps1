<#
.SYNOPSIS
    Demo step: the guide's whole verification checklist on the lab, before and after the last fixes, ending green
    with the path of the HTML report.
.DESCRIPTION
    By now the earlier steps have imported the proxy's keys into both Web SSO documents, trusted the iNotes server,
    set ST_TOKEN_TYPE and registered the buddy list servlet. The servers' logs still come from before those fixes,
    so the first run shows what they recorded (the incomplete Sametime start-up, the rejected logins). The lab has
    no servers to restart: the step then appends what the restarted servers log, taken from the lab's own good
    runs, and runs the checklist again with the lab proxy standing in for the Sametime Proxy Server.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $LabPath
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
# Lab-only password (see examples/lab/README.md); real scripts use Read-Host -AsSecureString or a vault.
$keyPassword = ConvertTo-SecureString 'Lab-Ltpa-Passw0rd' -AsPlainText -Force
$environment = Join-Path $LabPath 'environment.psd1'
$report = Join-Path $LabPath 'sso-checklist.html'

Write-Host '1. The checklist on the lab as the earlier steps left it, files only (-Offline), failures with their fixes:'
$first = @(Invoke-SsoChecklist -EnvironmentPath $environment -KeyPassword $keyPassword -Offline -SummaryVariable firstSummary)
$first | Where-Object { $_.Status -eq 'Failed' } | Out-Host
$firstSummary | Out-Host

Write-Host '2. Restart the servers and reproduce a login. The lab has no servers: append what they log after a restart'
Write-Host '   (a complete Sametime start-up, alice''s token decoded on both Domino servers and validated by the proxy),'
Write-Host '   copied from the good runs already in the lab logs, dated the next day.'
function Add-RestartLines {
    param([string] $Path, [string] $Pattern, [string] $From, [string] $To)
    $lines = @(Get-Content -LiteralPath $Path | Where-Object { $_ -match $Pattern } | ForEach-Object { $_.Replace($From, $To) })
    Add-Content -LiteralPath $Path -Value $lines
    Write-Host ("   {0}: {1} line(s) appended" -f (Resolve-Path -LiteralPath $Path -Relative), $lines.Count)
}
Push-Location $LabPath
try {
    Add-RestartLines -Path 'community/console.log' -Pattern ' 10/03/2017 ' -From ' 10/03/2017 ' -To ' 14/03/2017 '
    Add-RestartLines -Path 'inotes/console.log' -Pattern '^\[0DEC:000A-0F80\] 13/03/2017 08:22' -From ' 13/03/2017 ' -To ' 14/03/2017 '
    Add-RestartLines -Path 'proxy/trace.log' -Pattern '^\[13/03/17 08:22:4[0-4]' -From '[13/03/17 ' -To '[14/03/17 '
}
finally { Pop-Location }

Write-Host ''
Write-Host '3. The full checklist, with the awareness path through the lab proxy (a token minted for alice with the proxy''s keys):'
Import-Module (Join-Path $PSScriptRoot '../LabProxy/LabProxy.psm1') -Force
$proxy = Start-LabProxy -KeyPath (Join-Path $LabPath 'proxy/ltpa.keys') -KeyPassword $keyPassword
try {
    Write-Host "   Lab proxy on $($proxy.Url) (loopback: the host name check uses proxy.lab.example.com from the description)."
    $results = @(Invoke-SsoChecklist -EnvironmentPath $environment -KeyPassword $keyPassword -ProxyUrl $proxy.Url -TimeoutSeconds 5 -HtmlReport $report -SummaryVariable summary)
}
finally {
    Stop-LabProxy -Proxy $proxy
}
$results | Format-Table -View SametimeAdmin.Checklist.CheckResult.Table -Wrap | Out-Host
Write-Host '   Checks that are not simply green, and why:'
$results | Where-Object { $_.Status -ne 'Passed' } | Format-List Id, Status, Evidence | Out-Host
$summary | Out-Host
if ($summary.Failed -gt 0) { throw "The checklist should pass on the lab after the rollout; failed: $($summary.FailedChecks -join ', ')" }
Write-Host "The HTML report (servers, connections and every check): $($summary.HtmlReportPath)"
