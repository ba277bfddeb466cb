BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    $script:site = Get-FixturePath 'inventory'
}

Describe 'Get-SsoInventory' {
    It 'lists the versions, ports, realm, LDAP servers and LDAP sessions of the guide site' {
        $items = @(Get-SsoInventory -EnvironmentPath (Join-Path $site 'site.psd1'))
        $items | ForEach-Object { $_.PSObject.TypeNames[0] } | Select-Object -Unique | Should -Be 'SametimeAdmin.Inventory.InventoryItem'
        ($items | Where-Object { $_.Server -eq 'SametimeProxy' -and $_.Kind -eq 'Version' }).Value | Should -Be '8.5.5.8 (cf081547.02)'
        ($items | Where-Object Name -eq 'HTTP transport port').Value | Should -Be '9080'
        @($items | Where-Object Kind -eq 'Realm' | ForEach-Object { $_.Server + '=' + $_.Value }) | Should -Be @('SametimeProxy=defaultWIMFileBasedRealm', 'SSC=defaultWIMFileBasedRealm')
        @($items | Where-Object Kind -eq 'LdapHost').Count | Should -Be 2
        @($items | Where-Object Kind -eq 'LdapSession' | ForEach-Object { $_.Name + ' ' + $_.Value }) | Should -Be @('INOTES1/ibm 9.0.1FP7', 'STCHAT4/ibm 9.0.1')
        @($items | Where-Object { $_.Server -like 'Community*' -and $_.Kind -eq 'Version' } | ForEach-Object Value) | Should -Be @('9.0.1', '9.0.1FP7')
    }

    It 'never outputs the bind password of a wimconfig.xml' {
        $text = Get-SsoInventory -WimConfig (Join-Path $site 'proxy/wimconfig.xml') | Format-List * | Out-String
        $text | Should -Match 'ldapServerHost.mulvm.ie.ibm.com:389'
        $text | Should -Not -Match 'xor|Lz4sLCgwLTs|bindPassword'
    }

    It 'takes single files as parameters, relative to the current location' {
        Push-Location $site
        try {
            $items = @(Get-SsoInventory -ProxyVersionFile 'liberty/WebSphereApplicationServer.properties', 'liberty/openliberty.properties' -AboutThisProfile 'proxy/AboutThisProfile.txt' -LdapConsoleLog 'ldap/console.log')
        }
        finally { Pop-Location }
        @($items | Where-Object Kind -eq 'Version' | ForEach-Object Name) | Should -Be @('WebSphere Application Server (BASE)', 'Open Liberty (Open)')
        @($items | Where-Object Kind -eq 'Port').Count | Should -Be 6
        @($items | Where-Object Kind -eq 'LdapSession').Count | Should -Be 2
    }

    It 'reports an unreadable file as a non-terminating error and still lists the others' {
        $items = @(Get-SsoInventory -ProxyVersionFile (Join-Path $site 'liberty/no-version.properties') -SscWimConfig (Join-Path $site 'ssc/wimconfig.xml') -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InventoryFileUnreadable*'
        $failures[0].Exception.Message | Should -Match 'productVersion'
        $failures[0].Exception.GetType().Name | Should -Be 'SametimeAdminException'
        $failures[0].CategoryInfo.Category | Should -Be 'ReadError'
        @($items | Where-Object Server -eq 'SSC').Count | Should -Be 2
    }

    It 'lists the LDAP servers of security.xml, server.xml and Directory Assistance given as parameters, each with its file' {
        Push-Location $site
        try {
            $items = @(Get-SsoInventory -SecurityXml 'ssc/security-ldap.xml' -DirectoryAssistanceDocument 'community/da.dxl' -INotesDirectoryAssistanceDocument 'inotes/da-other-ldap.dxl' | Where-Object Kind -eq 'LdapHost')
        }
        finally { Pop-Location }
        @($items | ForEach-Object { $_.Server + '=' + $_.Value + '@' + (Split-Path -Leaf $_.Source) }) |
            Should -Be @('SSC=ldapServerHost.mulvm.ie.ibm.com:389@security-ldap.xml', 'iNotes=ldap2.test.ibm.com:389@da-other-ldap.dxl', 'Community=ldapServerHost.mulvm.ie.ibm.com:389@da.dxl')
        (Get-Command Get-SsoInventory).Parameters['SecurityXml'].Aliases | Should -Contain 'ProxyServerXml'
        (Get-Command Get-SsoInventory).Parameters['CommunityVersionFile'].Aliases | Should -Contain 'BuildInfo'
    }

    It 'refuses a site that names no inventory file' {
        { Get-SsoInventory -SametimeIni (Join-Path $site 'community/buildinfo.txt') -ErrorAction Stop } |
            Should -Throw -ErrorId 'InventoryNothingToRead,SametimeAdmin.Commands.GetSsoInventoryCommand'
    }
}

Describe 'Invoke-SsoChecklist inventory' {
    It 'checks the inventory and puts it in the HTML report' {
        $report = Join-Path $TestDrive 'report.html'
        $results = @(Invoke-SsoChecklist -EnvironmentPath (Join-Path $site 'site.psd1') -Offline -HtmlReport $report -WarningAction SilentlyContinue | Where-Object Area -eq 'Inventory')
        $byId = @{}; $results | ForEach-Object { $byId[$_.Id] = $_ }
        foreach ($id in 'Inventory.Versions.Proxy', 'Inventory.Versions.Community', 'Inventory.ProxyTransportPort', 'Inventory.Realm', 'Inventory.LdapHosts', 'Inventory.LdapSession.iNotes', 'Inventory.LdapSession.Community') {
            $byId[$id].Status | Should -Be 'Passed' -Because "$id`: $($byId[$id].Evidence)"
        }
        $byId['Inventory.Versions.iNotes'].Status | Should -Be 'Skipped'
        $html = Get-Content -LiteralPath $report -Raw
        $html | Should -Match '<section id="inventory">'
        $html | Should -Match '<td>IBM WebSphere Application Server - ND</td><td>8\.5\.5\.8 \(cf081547\.02\)</td>'
    }

    It 'takes the inventory files as parameters and fails the LDAP check naming the file with another host' {
        $ldap = Invoke-SsoChecklist -WimConfig (Join-Path $site 'proxy/wimconfig.xml') -ProxyServerXml (Join-Path $site 'proxy/server-other-ldap.xml') -DirectoryAssistanceDocument (Join-Path $site 'community/da.dxl') -Offline -WarningAction SilentlyContinue |
            Where-Object Id -eq 'Inventory.LdapHosts'
        $ldap.Status | Should -Be 'Failed'
        $ldap.Evidence | Should -Match 'ldapserverhost\.mulvm\.ie\.ibm\.com:636'
        $ldap.Evidence | Should -Match 'server-other-ldap\.xml'
        $ldap.Evidence | Should -Match 'da\.dxl'
    }

    It 'fails the LDAP check when the SSC cell uses another LDAP server' {
        $folder = Join-Path $TestDrive 'other-ldap'
        Copy-Item -LiteralPath $site -Destination $folder -Recurse
        $psd1 = Join-Path $folder 'site.psd1'
        (Get-Content -LiteralPath $psd1 -Raw).Replace("'ssc/wimconfig.xml'", "'ssc/wimconfig-other-ldap.xml'") | Set-Content -LiteralPath $psd1
        $ldap = Invoke-SsoChecklist -EnvironmentPath $psd1 -Offline -WarningAction SilentlyContinue | Where-Object Id -eq 'Inventory.LdapHosts'
        $ldap.Status | Should -Be 'Failed'
        $ldap.Evidence | Should -Match 'ldap2\.test\.ibm\.com:389'
    }
}

Describe 'Save-StMustGather inventory' {
    It 'collects the inventory files given as parameters without their passwords, and records the reproduction facts and the log locations' {
        $zip = Join-Path $TestDrive 'inventory.zip'
        Push-Location $site
        try {
            $null = Save-StMustGather -DestinationPath $zip -SkipChecklist -ProxyVersionFile 'proxy/WAS.product' -AboutThisProfile 'proxy/AboutThisProfile.txt' -WimConfig 'proxy/wimconfig.xml' -SscWimConfig 'ssc/wimconfig.xml' `
                -SecurityXml 'proxy/server-ldap.xml' -BuildInfo 'community/buildinfo.txt' -DirectoryAssistanceDocument 'community/da.dxl' `
                -ReproductionTime ([datetime]'2017-03-13T11:52:37') -ReproductionUser 'alice' -Confirm:$false
        }
        finally { Pop-Location }
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $archive = [System.IO.Compression.ZipFile]::OpenRead($zip)
        try {
            $texts = @{}
            foreach ($entry in $archive.Entries) {
                $reader = New-Object System.IO.StreamReader($entry.Open())
                try { $texts[$entry.FullName] = $reader.ReadToEnd() } finally { $reader.Dispose() }
            }
        }
        finally { $archive.Dispose() }
        foreach ($name in 'proxy/version/WAS.product', 'proxy/AboutThisProfile.txt', 'proxy/wimconfig.xml', 'ssc/wimconfig.xml', 'ssc/security.xml', 'community/version/buildinfo.txt', 'community/directory-assistance.dxl', 'log-locations.txt') {
            $texts.Keys | Should -Contain $name
        }
        foreach ($text in $texts.Values) {
            $text | Should -Not -Match '\{xor\}|\{aes\}|Lz4sLCgwLTs|da-bind-secret'
        }
        $texts['environment-overview.txt'] | Should -Match 'Reproduced: 2017-03-13 11:52:37'
        $texts['environment-overview.txt'] | Should -Match 'Test user:  alice'
        $texts['log-locations.txt'] | Should -Match 'IBM_TECHNICAL_SUPPORT'
        $texts['log-locations.txt'] | Should -Match 'not searched .*AboutThisProfile\.txt  \(the environment names Proxy\.AboutThisProfile\)'
    }
}
