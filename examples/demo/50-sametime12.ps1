<#
.SYNOPSIS
    Demo step: a Sametime 12 server on Docker. Reads its SSO settings, checks them against the Web SSO documents and
    the site, shows the seeded mistake (LTPA_DURATION_MINUTES=30 while the documents expire tokens after 120 minutes),
    fixes it with Set-St12SsoConfig and checks again.
.DESCRIPTION
    By now the earlier steps have imported the proxy's keys into both Web SSO documents and fixed the Sametime
    document's DNS domain, so the keys, realm and domain of the Sametime 12 site agree with them; only the seeded
    lifetime does not. The lab is a scratch copy; its Sametime 12 folder holds the key file and the key password,
    so it is made readable by its owner only first, as on a real server.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $LabPath
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$docker = Join-Path $LabPath 'sametime12/docker'
$environment = Join-Path $LabPath 'environment.psd1'
$documents = @((Join-Path $LabPath 'inotes/names-websso-ltpatoken2.dxl'), (Join-Path $LabPath 'sametime/names-websso.dxl'))

if ([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Unix) {
    & chmod 700 $docker
    & chmod 600 (Join-Path $docker 'ltpa.keys') (Join-Path $docker '.env')
    Write-Host '0. The Sametime 12 folder of the lab copy is now owner-only (chmod 700; ltpa.keys and .env 600).'
}

Write-Host '1. The SSO settings of the Sametime 12 Docker install folder (the key password is never shown, only whether it opens the keys):'
Get-St12SsoConfig -Path $docker |
    Format-List Kind, LtpaEnabled, KeyLocation, PasswordPresent, KeyStatus, KeyFingerprint, DurationMinutes, Realm, AuthTokenSetting, ExternalWarIntegration, FrameAncestors, CorsOrigins |
    Out-Host

Write-Host '2. The Sametime 12 checks of the checklist (files only):'
$first = @(Invoke-SsoChecklist -EnvironmentPath $environment -Offline | Where-Object { $_.Id -like 'Sametime12.*' })
$first | Format-Table Id, Status -AutoSize | Out-Host
$failed = @($first | Where-Object { $_.Status -eq 'Failed' })
Write-Host '   The failure, with its evidence and fix:'
$failed | Format-List Id, Evidence, Fix | Out-Host
if (@($failed | ForEach-Object { $_.Id }) -join ',' -ne 'Sametime12.Expiration') {
    throw "The lab's Sametime 12 site should fail on its seeded mistake only; failed: $(@($failed | ForEach-Object { $_.Id }) -join ', ')"
}

Write-Host '3. Test-SsoDoc says the same from the documents'' side:'
Test-SsoDoc -Path $documents -Sametime12Path $docker | Where-Object { $_.Rule -like 'Sametime12.*' } |
    Format-Table Severity, Rule, Document, Message -Wrap | Out-Host

Write-Host '4. The fix: LTPA_DURATION_MINUTES=120 in .env, first with -WhatIf (nothing written), then for real.'
$before = (Get-FileHash -LiteralPath (Join-Path $docker '.env')).Hash
Set-St12SsoConfig -Path $docker -DurationMinutes 120 -WhatIf
Write-Host ("   .env unchanged after -WhatIf: {0}" -f ($before -eq (Get-FileHash -LiteralPath (Join-Path $docker '.env')).Hash))
Set-St12SsoConfig -Path $docker -DurationMinutes 120 -Confirm:$false -PassThru | Format-Table -AutoSize | Out-Host
Write-Host '   Only that line changed:'
Get-Content -LiteralPath (Join-Path $docker '.env') | Where-Object { $_ -like 'LTPA_DURATION_MINUTES=*' } | ForEach-Object { Write-Host "   $_" }

Write-Host ''
Write-Host '5. Check again: every Sametime 12 check passes.'
$second = @(Invoke-SsoChecklist -EnvironmentPath $environment -Offline | Where-Object { $_.Id -like 'Sametime12.*' })
$second | Format-Table Id, Status, Evidence -Wrap | Out-Host
$notPassed = @($second | Where-Object { $_.Status -ne 'Passed' })
if ($notPassed.Count -gt 0) { throw "After the fix every Sametime 12 check should pass; not passed: $(@($notPassed | ForEach-Object { $_.Id }) -join ', ')" }
Write-Host '   Restart Sametime for the change to take effect: docker compose down; docker compose up -d'
