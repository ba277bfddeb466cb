<#
.SYNOPSIS
    Rolls out single sign-on between the Sametime Proxy, the iNotes server and the Sametime Community Server, as
    chapter 3 of the Sametime and iNotes Integration Guide describes, and verifies the result.
.DESCRIPTION
    1. Reads the LTPA keys exported from the proxy's cell (ltpa.keys) and, with -ExportPath, writes a copy for the
       Domino administrators protected by its own password.
    2. Imports the keys into the iNotes and the Sametime Web SSO Configuration documents (configuration name,
       DNS domain, token format, expiration).
    3. Trusts the iNotes server's addresses in the Community Connectivity document of stconfig.nsf.
    4. Sets [AuthToken] ST_TOKEN_TYPE in sametime.ini to the configuration name.
    5. Registers the iNotes buddy list servlet in servlets.properties.
    6. Verifies with Invoke-SsoChecklist on the files it changed (offline) and returns the summary.
    Each step asks once (-Confirm, or by default as a High-impact change) and is only shown under -WhatIf, which
    changes no file and writes no report; a step that is declined is left out and the others still run. Every
    change keeps a backup of the previous file. The Domino documents are
    DXL exports (or Domino Access Services URLs with -Credential); re-import the DXL into names.nsf / stconfig.nsf
    and restart HTTP and Sametime afterwards, as the guide says.
.EXAMPLE
    ./Invoke-SsoRollout.ps1 -KeyPath .\proxy\ltpa.keys -KeyPassword (Read-Host -AsSecureString) `
        -INotesSsoDocument .\inotes\websso.dxl -SametimeSsoDocument .\st\websso.dxl -StConfigDocument .\st\stconfig.dxl `
        -INotesAddress 192.0.2.21 -SametimeIni .\st\sametime.ini -ServletsProperties .\inotes\servlets.properties `
        -DnsDomain .example.com -HtmlReport .\rollout.html

    Asks before each step. Add -WhatIf to see the steps without changing anything, -Confirm:$false to run them all.
#>
[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
param(
    [Parameter(Mandatory)] [string] $KeyPath,
    [Parameter(Mandatory)] [System.Security.SecureString] $KeyPassword,
    [Parameter(Mandatory)] [string] $INotesSsoDocument,
    [Parameter(Mandatory)] [string] $SametimeSsoDocument,
    [Parameter(Mandatory)] [string] $StConfigDocument,
    [Parameter(Mandatory)] [string[]] $INotesAddress,
    [Parameter(Mandatory)] [string] $SametimeIni,
    [Parameter(Mandatory)] [string] $ServletsProperties,
    [Parameter(Mandatory)] [string] $DnsDomain,
    [string] $ConfigurationName = 'LtpaToken2',
    [ValidateSet('LtpaToken', 'LtpaToken2', 'Both')] [string] $TokenFormat = 'LtpaToken2',
    [ValidateRange(1, 100000)] [int] $ExpirationMinutes = 120,
    [string] $ExportPath,
    [System.Security.SecureString] $ExportPassword,
    [string] $HtmlReport
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
if (-not (Get-Module SametimeAdmin)) { Import-Module SametimeAdmin }

# A step runs when the script's own -WhatIf/-Confirm allow it; the cmdlet inside is then told not to ask again.
Write-Host "1. The proxy's LTPA keys ($KeyPath):"
$keys = Get-LtpaKey -Path $KeyPath -Password $KeyPassword
$keys | Format-List Realm, CreationDate, KeySize, PublicKeyFingerprint | Out-String -Width 160 | Write-Host
if ($ExportPath) {
    if (-not $ExportPassword) { throw '-ExportPassword is needed with -ExportPath.' }
    if ($PSCmdlet.ShouldProcess($ExportPath, 'Export a copy of the LTPA keys for the Domino administrators')) {
        Write-Host "   Exporting a copy for the Domino administrators to $ExportPath"
        $keys | Export-LtpaKey -Path $ExportPath -Password $ExportPassword -Confirm:$false
    }
}

Write-Host "2. Import the keys into both Web SSO documents ($ConfigurationName, $DnsDomain, $TokenFormat, $ExpirationMinutes min):"
foreach ($document in @($INotesSsoDocument, $SametimeSsoDocument)) {
    if ($PSCmdlet.ShouldProcess($document, "Import the LTPA keys into the Web SSO configuration $ConfigurationName")) {
        $keys | Import-LtpaKeyToSsoDoc -Path $document -SsoConfigurationName $ConfigurationName -DnsDomain $DnsDomain `
            -TokenFormat $TokenFormat -ExpirationMinutes $ExpirationMinutes -PassThru -Confirm:$false |
            Format-Table LookupKey, DnsDomain, TokenFormat, ExpirationMinutes, PublicKeyFingerprint, Source -AutoSize | Out-String -Width 160 | Write-Host
    }
}

Write-Host "3. Trust the iNotes server ($($INotesAddress -join ', ')) on the Community Server:"
if ($PSCmdlet.ShouldProcess($StConfigDocument, "Trust $($INotesAddress -join ', ') in the Community Connectivity document")) {
    Add-TrustedIp -Path $StConfigDocument -IPAddress $INotesAddress -PassThru -Confirm:$false | Format-Table | Out-String -Width 160 | Write-Host
}

Write-Host "4. [AuthToken] ST_TOKEN_TYPE=$ConfigurationName in sametime.ini:"
if ($PSCmdlet.ShouldProcess($SametimeIni, "Set [AuthToken] ST_TOKEN_TYPE=$ConfigurationName")) {
    Set-StTokenType -Path $SametimeIni -Name $ConfigurationName -PassThru -Confirm:$false | Format-Table | Out-String -Width 160 | Write-Host
}

Write-Host '5. The iNotes buddy list servlet in servlets.properties:'
if ($PSCmdlet.ShouldProcess($ServletsProperties, 'Register the iNotes buddy list servlet')) {
    Enable-DwaBuddyListServlet -Path $ServletsProperties -PassThru -Confirm:$false | Format-Table | Out-String -Width 160 | Write-Host
}

Write-Host '6. Verify: the checklist on the files this rollout touched.'
if ($WhatIfPreference) {
    # Nothing was changed, so there is nothing to verify and no report to write.
    Write-Host '   Not under -WhatIf.'
    return
}
$verify = @{
    KeyPath             = $KeyPath
    KeyPassword         = $KeyPassword
    INotesSsoDocument   = $INotesSsoDocument
    SametimeSsoDocument = $SametimeSsoDocument
    StConfigDocument    = $StConfigDocument
    INotesAddress       = $INotesAddress
    SametimeIni         = $SametimeIni
    ServletsProperties  = $ServletsProperties
    SsoDomain           = $DnsDomain
    SsoConfigurationName = $ConfigurationName
    Offline             = $true
}
if ($HtmlReport -and $PSCmdlet.ShouldProcess($HtmlReport, 'Write the HTML checklist report')) { $verify.HtmlReport = $HtmlReport }
# The results go to the output stream, the summary of the same run into $summary.
$results = @(Invoke-SsoChecklist @verify -SummaryVariable summary -Confirm:$false)
$results | Where-Object { $_.Status -ne 'Passed' } | Format-List Id, Status, Evidence, Fix | Out-String -Width 160 | Write-Host
$summary
