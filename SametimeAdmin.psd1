@{
    RootModule             = 'SametimeAdmin.psm1'
    ModuleVersion          = '0.1.0'
    GUID                   = 'dd45be93-f0a9-4cb5-ab2d-eaa20e4a614b'
    Author                 = 'SametimeAdmin contributors'
    CompanyName            = 'SametimeAdmin'
    Copyright              = '(c) SametimeAdmin contributors. MIT License.'
    Description            = 'Automates and troubleshoots single sign-on between the Sametime Proxy Server (WebSphere/Liberty), the iNotes (Domino) web server and the Sametime Community Server: LTPA keys and tokens, Domino Web SSO documents, trusted IPs, Sametime and Domino configuration files, service and awareness diagnostics.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    NestedModules          = @('SametimeAdmin.dll')
    FormatsToProcess       = @(
        'formats/Ltpa.format.ps1xml'
        'formats/Checklist.format.ps1xml'
        'formats/MustGather.format.ps1xml'
        'formats/Domino.format.ps1xml'
        'formats/ConfigFiles.format.ps1xml'
        'formats/Diagnostics.format.ps1xml'
    )
    CmdletsToExport        = @(
        'Export-LtpaKey'
        'New-LtpaKey'
        'Get-LtpaKey'
        'New-LtpaToken'
        'ConvertFrom-LtpaToken'
        'Test-LtpaToken'
        'Invoke-SsoChecklist'
        'Save-StMustGather'
        'Import-LtpaKeyToSsoDoc'
        'Get-SsoDoc'
        'Test-SsoDoc'
        'Get-DominoItemMap'
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
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Sametime', 'Domino', 'iNotes', 'LTPA', 'LtpaToken2', 'SSO', 'WebSphere', 'Liberty', 'HCL', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux')
            ReleaseNotes = 'See README.md.'
        }
    }
}
