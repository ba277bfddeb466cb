<#
.SYNOPSIS
    Demo step: Web SSO Configuration documents. Imports the proxy's LTPA keys into the iNotes and Sametime
    documents (DXL exports), tests both together, shows the seeded mistake (a DNS domain without its leading
    dot), fixes it and tests again.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $LabPath
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# Lab-only password (see examples/lab/README.md); real scripts use Read-Host -AsSecureString or a vault.
$keyPassword = ConvertTo-SecureString 'Lab-Ltpa-Passw0rd' -AsPlainText -Force
$keyFile = Join-Path $LabPath 'proxy/ltpa.keys'
$inotes = Join-Path $LabPath 'inotes/names-websso-ltpatoken2.dxl'
$sametime = Join-Path $LabPath 'sametime/names-websso.dxl'
$documents = @($inotes, $sametime)
$expectations = @{
    KeyPath             = $keyFile
    KeyPassword         = $keyPassword
    HostName            = @('inotes.lab.example.com', 'st.lab.example.com', 'stproxy.lab.example.com')
    SametimeTokenType   = 'LtpaToken2'
    ProxyCookieName     = 'LtpaToken2'
    LtpaDurationMinutes = 120
}

Write-Host '1. The Web SSO documents of the iNotes and the Sametime server, as exported from names.nsf:'
Get-SsoDoc -Path $documents | Out-Host

Write-Host '2. Import the Sametime Proxy keys into both (what Keys > Import WebSphere LTPA Keys does), token format LtpaToken2.'
Write-Host '   First with -WhatIf: nothing is written, the plan is shown (key values never are).'
$before = Get-FileHash -LiteralPath $documents
Get-LtpaKey -Path $keyFile -Password $keyPassword |
    Import-LtpaKeyToSsoDoc -Path $documents -SsoConfigurationName LtpaToken2 -TokenFormat LtpaToken2 -ExpirationMinutes 120 -WhatIf
$unchanged = -not (Compare-Object $before.Hash (Get-FileHash -LiteralPath $documents).Hash)
Write-Host "   Files unchanged after -WhatIf: $unchanged"
Get-LtpaKey -Path $keyFile -Password $keyPassword |
    Import-LtpaKeyToSsoDoc -Path $documents -SsoConfigurationName LtpaToken2 -TokenFormat LtpaToken2 -ExpirationMinutes 120 -Confirm:$false -PassThru |
    Format-List LookupKey, DnsDomain, TokenFormat, ExpirationMinutes, Realm, PublicKeyFingerprint, Source | Out-Host
Write-Host '   The previous versions are kept beside the files:'
Get-ChildItem -Path (Join-Path $LabPath 'inotes'), (Join-Path $LabPath 'sametime') -Filter '*.bak' | ForEach-Object { Write-Host "   $($_.Name)" }

Write-Host ''
Write-Host '3. Test both documents together, against the key file and what Sametime and the proxy expect:'
$findings = Test-SsoDoc -Path $documents @expectations -InteroperabilityMode:$false
$findings | Format-Table Severity, Rule, Document, @{ n = 'Server'; e = { if ($_.Source -like '(*') { '(both)' } else { Split-Path -Leaf (Split-Path -Parent $_.Source) } } } -AutoSize | Out-Host
Write-Host '   The problems, with their fixes:'
$findings | Where-Object Severity -ne 'Ok' | Format-List Severity, Rule, Source, Message, Fix | Out-Host

Write-Host '4. Fixing it with the domain as it was entered is refused before anything is read or written:'
try {
    Import-LtpaKeyToSsoDoc -Path $sametime -SsoConfigurationName LtpaToken2 -KeyPath $keyFile -KeyPassword $keyPassword -DnsDomain 'lab.example.com' -Confirm:$false -ErrorAction Stop
}
catch {
    Write-Host ("   {0}: {1}" -f $_.FullyQualifiedErrorId, $_.Exception.Message)
    Write-Host ("   Fix: {0}" -f $_.ErrorDetails.RecommendedAction)
}

Write-Host ''
Write-Host '5. Apply the fix. The keys are already there, so only the DNS domain is written:'
Import-LtpaKeyToSsoDoc -Path $sametime -SsoConfigurationName LtpaToken2 -KeyPath $keyFile -KeyPassword $keyPassword -DnsDomain '.lab.example.com' -Confirm:$false -Verbose 4>&1 |
    Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Wrote*' } |
    ForEach-Object { Write-Host "   $($_.Message)" }

Write-Host ''
Write-Host '6. Test again: every rule passes on both servers and across them.'
$findings = Get-SsoDoc -Path $documents | Test-SsoDoc @expectations -InteroperabilityMode:$false
$findings | Format-Table Severity, Rule, Document, @{ n = 'Server'; e = { if ($_.Source -like '(*') { '(both)' } else { Split-Path -Leaf (Split-Path -Parent $_.Source) } } } -AutoSize | Out-Host
Write-Host ('   Errors: {0}, warnings: {1}; Test-SsoDoc -Quiet: {2}' -f @($findings | Where-Object Severity -eq 'Error').Count,
    @($findings | Where-Object Severity -eq 'Warning').Count, (Get-SsoDoc -Path $documents | Test-SsoDoc @expectations -InteroperabilityMode:$false -Quiet))

Write-Host ''
Write-Host '7. A second import with the same input changes nothing (no write, no new backup):'
$hashes = Get-FileHash -LiteralPath $documents
$backups = @(Get-ChildItem -Path (Join-Path $LabPath 'inotes'), (Join-Path $LabPath 'sametime') -Filter '*.bak').Count
Get-LtpaKey -Path $keyFile -Password $keyPassword |
    Import-LtpaKeyToSsoDoc -Path $documents -SsoConfigurationName LtpaToken2 -TokenFormat LtpaToken2 -ExpirationMinutes 120 -DnsDomain '.lab.example.com' -Confirm:$false
$same = -not (Compare-Object $hashes.Hash (Get-FileHash -LiteralPath $documents).Hash)
$newBackups = @(Get-ChildItem -Path (Join-Path $LabPath 'inotes'), (Join-Path $LabPath 'sametime') -Filter '*.bak').Count - $backups
Write-Host "   Files unchanged: $same; new backups: $newBackups"

Write-Host ''
Write-Host '8. The item names behind this: confirmed ones come from public sources, assumed ones must be checked on a real document.'
Get-DominoItemMap -Document WebSso | Format-Table Key, Name, Status -AutoSize | Out-Host
