<#
.SYNOPSIS
    Demo step: server configuration for iNotes awareness. Trusts the iNotes server on the Community Server
    (stconfig.nsf), sets ST_TOKEN_TYPE in sametime.ini to the Web SSO configuration name, registers the buddy list
    servlet on the iNotes server, and switches the Domino SSO trace on and off again.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $LabPath
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# The lab's servers and names (examples/lab/README.md).
$iNotesAddress = '192.0.2.21'
$stconfig = Join-Path $LabPath 'sametime/stconfig-community-connectivity.dxl'
$sametimeIni = Join-Path $LabPath 'sametime/sametime.ini'
$sametimeWebSso = Join-Path $LabPath 'sametime/names-websso.dxl'
$iNotesData = Join-Path $LabPath 'inotes'
$notesIni = Join-Path $LabPath 'inotes/notes.ini'

Write-Host "1. Trust the iNotes server ($iNotesAddress) on the Community Server: Community Trusted IPs in stconfig.nsf."
Write-Host '   Before:'
Get-TrustedIp -Path $stconfig | Format-Table | Out-Host
Add-TrustedIp -Path $stconfig -IPAddress $iNotesAddress -PassThru | Format-Table | Out-Host
Write-Host '   The same command again changes nothing and says so:'
Add-TrustedIp -Path $stconfig -IPAddress $iNotesAddress
Write-Host '   A mistyped address is refused, naming the value, and nothing is written:'
try {
    Add-TrustedIp -Path $stconfig -IPAddress '192.0.2.256' -ErrorAction Stop
}
catch {
    Write-Host ("   {0}: {1}" -f $_.FullyQualifiedErrorId, $_.Exception.Message)
}
Write-Host '   The item holding the list is not publicly documented; the item map says which names are assumed:'
Get-DominoItemMap | Where-Object Key -like 'CommunityConnectivity.*' | Format-Table Key, Name, Status -AutoSize | Out-Host

Write-Host '2. ST_TOKEN_TYPE must name the Web SSO configuration that holds the LTPA keys. The Community Server''s'
Write-Host '   Web SSO document (names.nsf export) says which one; its name goes into sametime.ini:'
$webSso = Get-SsoDoc -Path $sametimeWebSso
$webSso | Format-Table Name, DnsDomain, Source -AutoSize | Out-Host
$webSso | Set-StTokenType -Path $sametimeIni -PassThru | Format-Table | Out-Host
Get-StSetting -Path $sametimeIni -Section AuthToken | Format-Table | Out-Host
Write-Host '   On Sametime 12 the same setting would be the environment variable shown here:'
Get-StSetting -Path $sametimeIni -Section AuthToken | Format-List Name, Value, Sametime12Variable | Out-Host

Write-Host '3. Register the iNotes buddy list servlet in servlets.properties (Domino data directory).'
Enable-DwaBuddyListServlet -Path $iNotesData -PassThru | Format-Table | Out-Host
Get-StSetting -Path (Join-Path $iNotesData 'servlets.properties') | Format-Table | Out-Host

Write-Host '4. Switch the SSO trace on for a troubleshooting session, then off again.'
Enable-SsoTrace -Path $notesIni -Level 2 -PassThru | Format-Table | Out-Host
Get-StSetting -Path $notesIni -Name DEBUG_SSO_TRACE_LEVEL | Format-Table | Out-Host
Disable-SsoTrace -Path $notesIni -PassThru | Format-Table | Out-Host

Write-Host '5. Every change left a timestamped backup of the previous file beside it:'
Get-ChildItem -Path (Join-Path $LabPath 'sametime'), $iNotesData -Filter '*.bak' |
    Format-Table Name, Length, LastWriteTime -AutoSize | Out-Host
