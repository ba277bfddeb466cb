@{
    # The cmdlets are compiled; the loader, imported first, makes the engine and its dependencies resolvable from the
    # build for the running .NET (src/SametimeAdmin.Loader). No root script: a script root costs start-up time.
    RootModule             = 'SametimeAdmin.dll'
    NestedModules          = @('dependencies/netstandard2.0/SametimeAdmin.Loader.dll')
    ModuleVersion          = '0.1.0'
    GUID                   = 'dd45be93-f0a9-4cb5-ab2d-eaa20e4a614b'
    Author                 = 'SametimeAdmin contributors'
    CompanyName            = 'SametimeAdmin'
    Copyright              = '(c) SametimeAdmin contributors. MIT License.'
    Description            = 'Automates and troubleshoots single sign-on between the Sametime Proxy Server (WebSphere/Liberty), the iNotes (Domino) web server and the Sametime Community Server: LTPA keys and tokens, Domino Web SSO documents, trusted IPs, Sametime and Domino configuration files, service and awareness diagnostics.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @(
        'formats/Ltpa.format.ps1xml'
        'formats/Checklist.format.ps1xml'
        'formats/MustGather.format.ps1xml'
        'formats/Domino.format.ps1xml'
        'formats/ConfigFiles.format.ps1xml'
        'formats/Diagnostics.format.ps1xml'
        'formats/Sametime12.format.ps1xml'
        'formats/Proxy.format.ps1xml'
        'formats/Inventory.format.ps1xml'
        'formats/Capture.format.ps1xml'
    )
    CmdletsToExport        = @(
        'Export-LtpaKey'
        'New-LtpaKey'
        'Get-LtpaKey'
        'New-LtpaToken'
        'ConvertFrom-LtpaToken'
        'Test-LtpaToken'
        'Invoke-SsoChecklist'
        'Get-SsoInventory'
        'Save-StMustGather'
        'Import-LtpaKeyToSsoDoc'
        'Get-SsoDoc'
        'Test-SsoDoc'
        'Get-DominoItemMap'
        'Test-DominoServerDoc'
        'Set-DominoServerDoc'
        'Send-DominoConsoleCommand'
        'Get-StSetting'
        'Set-StSetting'
        'Remove-StSetting'
        'Set-StTokenType'
        'Enable-SsoTrace'
        'Disable-SsoTrace'
        'Enable-DwaBuddyListServlet'
        'Get-TrustedIp'
        'Add-TrustedIp'
        'Remove-TrustedIp'
        'Get-StServiceStatus'
        'Get-StServiceCatalog'
        'Test-SametimeAwareness'
        'Get-SsoTraceEvent'
        'Get-St12SsoConfig'
        'Set-St12SsoConfig'
        'Test-ProxySecurity'
        'Test-ProxyKeyStore'
        'New-WsadminLtpaScript'
        'Enable-ProxySecurityTrace'
        'Disable-ProxySecurityTrace'
        'Test-SsoCapture'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Sametime', 'Domino', 'iNotes', 'LTPA', 'LtpaToken2', 'SSO', 'WebSphere', 'Liberty', 'HCL', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux')
            # The command tags the gallery searches by (PSCommand_<Name>, PSCmdlet_<Name>) are added to the staged
            # copy of this manifest by build.ps1, from CmdletsToExport.
            ReleaseNotes = @'
0.1.0: first release.
- LTPA keys: create, read and export WebSphere/Liberty ltpa.keys files (New-LtpaKey, Get-LtpaKey, Export-LtpaKey); key material is never printed and key files are owner-only.
- LTPA tokens: mint LtpaToken2 tokens for tests, decrypt and verify tokens from cookies, headers and traces (New-LtpaToken, ConvertFrom-LtpaToken, Test-LtpaToken).
- Domino Web SSO documents through a DXL export, Domino Access Services or Notes COM: import the proxy's keys, read and check the documents (Import-LtpaKeyToSsoDoc, Get-SsoDoc, Test-SsoDoc, Get-DominoItemMap).
- Domino Server and Configuration documents: check servlet support, session authentication, the Web SSO configuration and the Sametime Proxy URL, and set the last two (Test-DominoServerDoc, Set-DominoServerDoc); send console commands such as restart task http (Send-DominoConsoleCommand).
- Community Trusted IPs in stconfig.nsf (Get-TrustedIp, Add-TrustedIp, Remove-TrustedIp).
- Line-preserving, atomic, backed-up edits of sametime.ini, notes.ini and servlets.properties with -WhatIf (Get-StSetting, Set-StSetting, Remove-StSetting, Set-StTokenType, Enable-SsoTrace, Disable-SsoTrace, Enable-DwaBuddyListServlet).
- Diagnostics: Sametime service status and catalog, the iNotes awareness path step by step, SSO trace events with their likely cause (Get-StServiceStatus, Get-StServiceCatalog, Test-SametimeAwareness, Get-SsoTraceEvent).
- The integration guide's verification checklist plus cross-server consistency checks (Invoke-SsoChecklist), and a redacted must-gather archive with an HTML report (Save-StMustGather).
- Windows PowerShell 5.1 and PowerShell 7 on Windows and Linux.
'@
        }
    }
}
