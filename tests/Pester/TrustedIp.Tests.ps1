BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    Import-Module (Join-Path $PSScriptRoot 'ConfigFilesTestHelpers.psm1') -Force

    $script:storedItem = "<item name='CommunityTrustedIps'><text>192.0.2.41; 192.0.2.45</text></item>"

    # A fresh copy of the Community Connectivity fixture per test, optionally with another trusted-IP item.
    function New-StConfig {
        param([string] $Item)
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $folder
        $path = Join-Path $folder 'stconfig.dxl'
        $text = [System.IO.File]::ReadAllText((Get-FixturePath 'configfiles/stconfig-community-connectivity.dxl'))
        if ($Item) { $text = $text.Replace($storedItem, $Item) }
        [System.IO.File]::WriteAllText($path, $text)
        $path
    }

    function Get-StoredItem {
        param([string] $Path)
        $match = [regex]::Match([System.IO.File]::ReadAllText($Path), "<item name='CommunityTrustedIps'>.*?</item>")
        $match.Value
    }

    function Get-Backup {
        param([string] $Path)
        @(Get-ChildItem -LiteralPath (Split-Path -Parent $Path) -Filter '*.bak')
    }
}

Describe 'Get-TrustedIp' {
    It 'lists the stored addresses with the item they come from and how sure that name is' {
        $entries = @(Get-TrustedIp -Path (New-StConfig))
        $entries.IPAddress | Should -Be @('192.0.2.41', '192.0.2.45')
        $entries[0].Kind | Should -Be 'IPv4'
        $entries[0].ItemName | Should -Be 'CommunityTrustedIps'
        "$($entries[0].ItemNameStatus)" | Should -Be 'Assumed'
        $entries[0].UniversalId | Should -Be '7D3C0A5E41B8F2C6C1257F5A003C11A0'
    }

    It 'reads comma and whitespace separated entries and flags entries that are not addresses' {
        $path = New-StConfig -Item "<item name='CommunityTrustedIps'><text>192.0.2.41,192.0.2.45 10.1.*</text></item>"
        $entries = @(Get-TrustedIp -Path $path -WarningVariable warnings -WarningAction SilentlyContinue)
        $entries.IPAddress | Should -Be @('192.0.2.41', '192.0.2.45', '10.1.*')
        "$($entries[2].Kind)" | Should -Be 'Other'
        ($warnings -join ' ') | Should -Match "'10\.1\.\*'.*not a single IP address"
    }

    It 'says when the document has no item of the assumed name, and which items might hold the list' {
        $path = New-StConfig -Item "<item name='TrustedIPs'><text>192.0.2.41</text></item>"
        $err = $null
        Get-TrustedIp -Path $path -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'TrustedIpItemNotFound,SametimeAdmin.Commands.GetTrustedIpCommand'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'TrustedIPs'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'CommunityConnectivity\.TrustedIps'
    }

    It 'reads the list under an item name given with -ItemMap' {
        $path = New-StConfig -Item "<item name='TrustedIPs'><text>192.0.2.41</text></item>"
        $entry = Get-TrustedIp -Path $path -ItemMap @{ 'CommunityConnectivity.TrustedIps' = 'TrustedIPs' }
        $entry.IPAddress | Should -Be '192.0.2.41'
        "$($entry.ItemNameStatus)" | Should -Be 'Overridden'
    }

    It 'refuses a document that is not the Community Connectivity document and mentions Sametime 12' {
        $err = $null
        Get-TrustedIp -Path (Get-FixturePath 'domino/person.dxl') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'CommunityConnectivityNotFound,SametimeAdmin.Commands.GetTrustedIpCommand'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'StCommunityConfig\.xml'
    }
}

Describe 'Add-TrustedIp' {
    It 'adds an address, writing the list with semicolons and changing nothing else' {
        $path = New-StConfig
        $before = [System.IO.File]::ReadAllText($path)
        $list = @(Add-TrustedIp -Path $path -IPAddress 192.0.2.21 -PassThru -WarningVariable warnings -WarningAction SilentlyContinue)
        $list.IPAddress | Should -Be @('192.0.2.41', '192.0.2.45', '192.0.2.21')
        [System.IO.File]::ReadAllText($path) | Should -BeExactly $before.Replace($storedItem, "<item name='CommunityTrustedIps'><text>192.0.2.41;192.0.2.45;192.0.2.21</text></item>")
        ($warnings -join ' ') | Should -Match 'Restart the Sametime Community Server'
        $backup = Get-Backup $path
        $backup.Count | Should -Be 1
        [System.IO.File]::ReadAllText($backup[0].FullName) | Should -BeExactly $before
    }

    It 'takes many addresses from the pipeline and writes the document once' {
        $path = New-StConfig
        '192.0.2.21', '2001:DB8:0:0:0:0:0:21', '192.0.2.22;192.0.2.23' | Add-TrustedIp -Path $path -WarningAction SilentlyContinue
        (Get-TrustedIp -Path $path).IPAddress | Should -Be @('192.0.2.41', '192.0.2.45', '192.0.2.21', '2001:db8::21', '192.0.2.22', '192.0.2.23')
        (Get-Backup $path).Count | Should -Be 1
    }

    It 'is idempotent: an address already trusted changes nothing and says so' {
        $path = New-StConfig
        $before = [System.IO.File]::ReadAllText($path)
        $list = @(Add-TrustedIp -Path $path -IPAddress 192.0.2.45 -PassThru -WarningVariable warnings -WarningAction SilentlyContinue)
        ($warnings -join ' ') | Should -Match '192\.0\.2\.45 is already in the Community Trusted IPs'
        $list.IPAddress | Should -Be @('192.0.2.41', '192.0.2.45')
        [System.IO.File]::ReadAllText($path) | Should -BeExactly $before
        Get-Backup $path | Should -BeNullOrEmpty
    }

    It '-WhatIf changes nothing and returns nothing' {
        $path = New-StConfig
        $before = [System.IO.File]::ReadAllText($path)
        # Without a host, where the "What if:" line goes nowhere.
        (Invoke-WithoutHost Add-TrustedIp @{ Path = $path; IPAddress = '192.0.2.21'; PassThru = $true; WhatIf = $true }).Output | Should -BeNullOrEmpty
        [System.IO.File]::ReadAllText($path) | Should -BeExactly $before
        @(Get-ChildItem -LiteralPath (Split-Path -Parent $path) -Force).Count | Should -Be 1
    }

    It 'refuses <Value> naming it, and writes nothing' -ForEach @(
        @{ Value = '192.0.2.256'; Reason = 'above 255' }
        @{ Value = '192.0.2.*'; Reason = 'wildcards' }
        @{ Value = '010.0.0.1'; Reason = 'leading zero' }
        @{ Value = 'fe80::1%12'; Reason = 'zone index' }
        @{ Value = 'inotes1!'; Reason = 'not an IPv4 or IPv6 address' }
    ) {
        $path = New-StConfig
        $before = [System.IO.File]::ReadAllText($path)
        $err = $null
        Add-TrustedIp -Path $path -IPAddress $Value -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidTrustedIp,SametimeAdmin.Commands.AddTrustedIpCommand'
        $err[0].Exception.Message | Should -Match ([regex]::Escape("'$Value'"))
        $err[0].Exception.Message | Should -Match $Reason
        [System.IO.File]::ReadAllText($path) | Should -BeExactly $before
    }

    It 'writes nothing when one of several piped values is bad' {
        $path = New-StConfig
        $before = [System.IO.File]::ReadAllText($path)
        $err = $null
        '192.0.2.21', '192.0.2.300', '192.0.2.22' | Add-TrustedIp -Path $path -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue
        $err.Count | Should -Be 1
        ($warnings -join ' ') | Should -Match 'Nothing was changed: 1 value'
        [System.IO.File]::ReadAllText($path) | Should -BeExactly $before
    }

    It 'takes a host name only with -Resolve' {
        $path = New-StConfig
        { Add-TrustedIp -Path $path -IPAddress localhost -ErrorAction Stop } | Should -Throw -ErrorId 'TrustedIpIsHostName,SametimeAdmin.Commands.AddTrustedIpCommand'
        $list = @(Add-TrustedIp -Path $path -IPAddress localhost -Resolve -PassThru -WarningAction SilentlyContinue)
        @($list.IPAddress | Where-Object { $_ -eq '127.0.0.1' -or $_ -eq '::1' }).Count | Should -BeGreaterThan 0
    }

    It 'stops when the document lacks the assumed item, and creates it only with -Force' {
        $path = New-StConfig -Item "<item name='Comments'><text>no list yet</text></item>"
        $before = [System.IO.File]::ReadAllText($path)
        { Add-TrustedIp -Path $path -IPAddress 192.0.2.21 -ErrorAction Stop } | Should -Throw -ErrorId 'TrustedIpItemNotFound,SametimeAdmin.Commands.AddTrustedIpCommand'
        [System.IO.File]::ReadAllText($path) | Should -BeExactly $before
        Add-TrustedIp -Path $path -IPAddress 192.0.2.21 -Force -WarningAction SilentlyContinue
        Get-StoredItem $path | Should -Be "<item name='CommunityTrustedIps'><text>192.0.2.21</text></item>"
    }
}

Describe 'Remove-TrustedIp' {
    It 'removes an address given in any IPv6 spelling and reports one that is not there' {
        $path = New-StConfig -Item "<item name='CommunityTrustedIps'><text>192.0.2.41;2001:db8::21</text></item>"
        $list = @(Remove-TrustedIp -Path $path -IPAddress '2001:0DB8:0:0::21', '198.51.100.1' -PassThru -WarningVariable warnings -WarningAction SilentlyContinue)
        $list.IPAddress | Should -Be @('192.0.2.41')
        ($warnings -join ' ') | Should -Match '198\.51\.100\.1 is not in the Community Trusted IPs'
        Get-StoredItem $path | Should -Be "<item name='CommunityTrustedIps'><text>192.0.2.41</text></item>"
    }

    It 'removes what Get-TrustedIp output selects, including an odd entry given as stored' {
        $path = New-StConfig -Item "<item name='CommunityTrustedIps'><text>192.0.2.41;10.1.*;192.0.2.45</text></item>"
        Get-TrustedIp -Path $path -WarningAction SilentlyContinue | Where-Object IPAddress -ne '192.0.2.41' | Remove-TrustedIp -Path $path -WarningAction SilentlyContinue
        Get-StoredItem $path | Should -Be "<item name='CommunityTrustedIps'><text>192.0.2.41</text></item>"
        (Get-Backup $path).Count | Should -Be 1
    }

    It 'writes nothing when no address is in the list' {
        $path = New-StConfig
        $before = [System.IO.File]::ReadAllText($path)
        Remove-TrustedIp -Path $path -IPAddress 198.51.100.1 -WarningAction SilentlyContinue
        [System.IO.File]::ReadAllText($path) | Should -BeExactly $before
        Get-Backup $path | Should -BeNullOrEmpty
    }

    It '-WhatIf changes nothing' {
        $path = New-StConfig
        $before = [System.IO.File]::ReadAllText($path)
        $null = Invoke-WithoutHost Remove-TrustedIp @{ Path = $path; IPAddress = '192.0.2.41'; WhatIf = $true }
        [System.IO.File]::ReadAllText($path) | Should -BeExactly $before
    }
}

Describe 'Trusted IPs through Domino Access Services' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'DasLabServer.psm1') -Force
        $script:das = Start-StConfigDasLabServer -WorkPath $TestDrive
        $script:credential = New-Object System.Management.Automation.PSCredential ('Admin Anna', (New-TestSecureString 's3cret!'))
        $script:backups = Join-Path $TestDrive 'das-backups'
    }

    AfterAll {
        if ($das) { Stop-DasLabServer $das }
    }

    It 'reads, adds with a backup, and a second run sends nothing' {
        (Get-TrustedIp -Uri $das.Url -Credential $credential -WarningAction SilentlyContinue).IPAddress | Should -Be @('192.0.2.41', '192.0.2.45')

        $list = @(Add-TrustedIp -Uri $das.Url -Credential $credential -IPAddress 192.0.2.21 -BackupDirectory $backups -PassThru -WarningAction SilentlyContinue)
        $list.IPAddress | Should -Be @('192.0.2.41', '192.0.2.45', '192.0.2.21')
        @(Get-ChildItem -LiteralPath $backups).Count | Should -Be 1

        Add-TrustedIp -Uri $das.Url -Credential $credential -IPAddress 192.0.2.21 -BackupDirectory $backups -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings -join ' ') | Should -Match 'already in the Community Trusted IPs'
        @(Get-ChildItem -LiteralPath $backups).Count | Should -Be 1
        (Get-TrustedIp -Uri $das.Url -Credential $credential -WarningAction SilentlyContinue).IPAddress | Should -Be @('192.0.2.41', '192.0.2.45', '192.0.2.21')
    }

    It 'warns that the password of <Command> travels unencrypted over http' -ForEach @(
        @{ Command = 'Get-TrustedIp'; Extra = @{} }
        @{ Command = 'Add-TrustedIp'; Extra = @{ IPAddress = '192.0.2.77'; WhatIf = $true } }
        @{ Command = 'Remove-TrustedIp'; Extra = @{ IPAddress = '192.0.2.41'; WhatIf = $true } }
    ) {
        $arguments = @{ Uri = $das.Url; Credential = $credential }
        foreach ($key in $Extra.Keys) { $arguments[$key] = $Extra[$key] }
        $warnings = $null
        if ($arguments.ContainsKey('WhatIf')) {
            # Without a host, where the "What if:" line goes nowhere.
            $warnings = (Invoke-WithoutHost $Command $arguments).Warnings
        }
        else {
            $null = & $Command @arguments -WarningVariable warnings -WarningAction SilentlyContinue
        }
        ($warnings -join ' ') | Should -Match "plain HTTP: the password of 'Admin Anna' travels unencrypted"
        ($warnings -join ' ') | Should -Match ([regex]::Escape($das.Url))
    }

    It 'refuses a user:password in the URL and never shows it' {
        $withPassword = $das.Url.Replace('http://', 'http://Admin%20Anna:Pl4nted-s3cret%21@')
        $err = $null
        $verbose = Add-TrustedIp -Uri $withPassword -IPAddress 192.0.2.78 -BackupDirectory $backups -ErrorVariable err -ErrorAction SilentlyContinue -Verbose 4>&1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'DasCredentialsInUrl,SametimeAdmin.Commands.AddTrustedIpCommand'
        $err[0].TargetObject | Should -BeExactly $das.Url
        (($err | Out-String) + [string]$err[0].TargetObject + ($verbose | Out-String)) | Should -Not -Match 'Pl4nted'
        (Get-TrustedIp -Uri $das.Url -Credential $credential -WarningAction SilentlyContinue).IPAddress | Should -Not -Contain '192.0.2.78'
    }

    It 'removes through the server, with -UseMethodOverride' {
        Remove-TrustedIp -Uri $das.Url -Credential $credential -IPAddress 192.0.2.45 -UseMethodOverride -BackupDirectory $backups -WarningAction SilentlyContinue
        (Get-TrustedIp -Uri $das.Url -Credential $credential -WarningAction SilentlyContinue).IPAddress | Should -Not -Contain '192.0.2.45'
    }
}

Describe 'Concurrent trusted-IP writers in separate processes' {
    It 'two PowerShell processes adding different addresses to one document at once lose none' {
        $path = New-StConfig
        $writer = {
            param($ModulePath, $Path, $Prefix)
            Import-Module $ModulePath
            foreach ($i in 1..10) { Add-TrustedIp -Path $Path -IPAddress ($Prefix + $i) -ErrorAction Stop -WarningAction SilentlyContinue }
        }
        $failures = Invoke-ConcurrentWriter -Writer $writer -ArgumentLists @(
            , @((Get-StagedModulePath), $path, '198.51.100.')
            , @((Get-StagedModulePath), $path, '203.0.113.')
        )
        $failures | Should -BeNullOrEmpty

        $addresses = @((Get-TrustedIp -Path $path).IPAddress)
        $addresses.Count | Should -Be 22
        foreach ($i in 1..10) {
            $addresses | Should -Contain "198.51.100.$i"
            $addresses | Should -Contain "203.0.113.$i"
        }
    }
}
