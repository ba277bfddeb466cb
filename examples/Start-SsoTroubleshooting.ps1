<#
.SYNOPSIS
    A troubleshooting session for "iNotes users see no awareness" (guide chapter 4): decodes the SSO token a user's
    browser sent, reads the SSO traces of the servers, and runs the checklist.
.DESCRIPTION
    1. Decodes the token from a captured cookie (a Cookie: header line from Fiddler or the browser's developer tools,
       or the bare LtpaToken2 value) with the proxy's keys: user, realm, expiry and whether it verifies.
    2. Lists the SSO events of the console logs and the proxy trace.log (Get-SsoTraceEvent), failures first, with
       their likely cause.
    3. Runs Invoke-SsoChecklist on the environment description and lists what failed with the fix.
    Nothing is changed but the -HtmlReport page, which -WhatIf and -Confirm govern; the token is never printed.
.EXAMPLE
    ./Start-SsoTroubleshooting.ps1 -Cookie (Get-Clipboard) -KeyPath .\proxy\ltpa.keys -KeyPassword (Read-Host -AsSecureString) -LogPath .\logs\*.log -EnvironmentPath .\environment.psd1
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [System.Security.SecureString] $Cookie,
    [Parameter(Mandatory)] [string] $KeyPath,
    [Parameter(Mandatory)] [System.Security.SecureString] $KeyPassword,
    [string[]] $LogPath,
    [string] $EnvironmentPath,
    [string] $HtmlReport,
    [switch] $Offline
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
if (-not (Get-Module SametimeAdmin)) { Import-Module SametimeAdmin }

Write-Host '1. The captured token, decoded with the proxy''s keys:'
$keys = Get-LtpaKey -Path $KeyPath -Password $KeyPassword
# The cookie stays a SecureString until this call; ConvertFrom-LtpaToken never prints token values.
$cookieText = (New-Object System.Net.NetworkCredential('', $Cookie)).Password
$decoded = @(ConvertFrom-LtpaToken -Token $cookieText -KeySet $keys)
$cookieText = $null
$decoded | Format-List | Out-String -Width 160 | Write-Host

$events = @()
if ($LogPath) {
    Write-Host '2. SSO events in the logs (failures first):'
    $events = @(Get-SsoTraceEvent -Path $LogPath)
    $events | Sort-Object @{ e = { -not $_.IsFailure } }, Time | Format-Table Time, Source, Outcome, User, Realm, LikelyCause -Wrap | Out-String -Width 160 | Write-Host
}

$summary = $null
if ($EnvironmentPath) {
    Write-Host '3. The checklist:'
    $arguments = @{ EnvironmentPath = $EnvironmentPath; KeyPassword = $KeyPassword; Offline = $Offline }
    if ($HtmlReport -and $PSCmdlet.ShouldProcess($HtmlReport, 'Write the HTML checklist report')) { $arguments.HtmlReport = $HtmlReport }
    # The report was decided above; the checklist itself only reads.
    $results = @(Invoke-SsoChecklist @arguments -SummaryVariable summary -WhatIf:$false -Confirm:$false)
    $results | Where-Object { $_.Status -eq 'Failed' } | Format-List Id, Evidence, Fix | Out-String -Width 160 | Write-Host
    $summary | Out-String -Width 160 | Write-Host
}

[pscustomobject]@{
    PSTypeName     = 'SametimeAdmin.TroubleshootingSession'
    Tokens         = $decoded
    TraceEvents    = $events
    FailedEvents   = @($events | Where-Object { $_.IsFailure }).Count
    Checklist      = $summary
}
