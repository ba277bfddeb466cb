# Test-DominoServerDoc, Set-DominoServerDoc and Send-DominoConsoleCommand on the constructed Server/Configuration DXL fixtures.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin

    # A fresh copy of a fixture per test, in its own folder (backups are written beside it).
    function New-NamesCopy {
        param([string] $Fixture = 'domino/server-documents.dxl')
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $folder
        $path = Join-Path $folder 'names.dxl'
        Copy-Item -LiteralPath (Get-FixturePath $Fixture) -Destination $path
        $path
    }

    function Get-Backup {
        param([string] $Path)
        @(Get-ChildItem -LiteralPath (Split-Path -Parent $Path) -Filter '*.bak')
    }
}

Describe 'Test-DominoServerDoc' {
    It 'returns one finding per rule and document, passing the server set up as the guide asks' {
        $findings = @(Test-DominoServerDoc -Path (New-NamesCopy) -SsoConfigurationName LtpaToken2 -SametimeProxyUrl https://stproxy.example.com)
        $inotes = @($findings | Where-Object Document -eq 'CN=inotes1/O=Example')
        @($inotes.Rule | Sort-Object) | Should -Be @('JavaServletSupport', 'SametimeProxyUrl', 'SessionAuthentication', 'SsoConfigurationNamed')
        @($inotes | Where-Object { "$($_.Severity)" -ne 'Ok' }).Count | Should -Be 0
        $st1 = @($findings | Where-Object Document -eq 'CN=st1/O=Example')
        @($st1 | ForEach-Object { "$($_.Severity)" } | Sort-Object -Unique) | Should -Be @('Error')
        ($st1 | Where-Object Rule -eq 'JavaServletSupport').Fix | Should -Match 'Send-DominoConsoleCommand -Server <server> -RestartHttp'
    }

    It 'checks only the named server and answers -Quiet with a boolean' {
        @(Test-DominoServerDoc -Path (New-NamesCopy) -ServerName inotes1/Example).Document | Sort-Object -Unique | Should -Be 'CN=inotes1/O=Example'
        Test-DominoServerDoc -Path (New-NamesCopy) -ServerName CN=inotes1/O=Example -Quiet | Should -BeTrue
        Test-DominoServerDoc -Path (New-NamesCopy) -Quiet | Should -BeFalse
    }

    It 'reads the proxy URL from the item -ItemMap names and warns when no Server document is found' {
        $path = New-NamesCopy -Fixture 'domino/server-configuration-other-item.dxl'
        $plain = @(Test-DominoServerDoc -Path $path -SametimeProxyUrl https://stproxy.example.com:8443)
        "$(($plain | Where-Object Rule -eq 'SametimeProxyUrl').Severity)" | Should -Be 'Warning'
        "$(($plain | Where-Object Rule -eq 'DocumentFound').Severity)" | Should -Be 'Warning'
        $mapped = @(Test-DominoServerDoc -Path $path -SametimeProxyUrl https://stproxy.example.com:8443 -ItemMap @{ 'INotesConfiguration.SametimeProxyUrl' = 'DWA_STProxyURL' })
        "$(($mapped | Where-Object Rule -eq 'SametimeProxyUrl').Severity)" | Should -Be 'Ok'
    }

    It 'lists the new rows in the item map' {
        @(Get-DominoItemMap -Document DominoServer).Key | Should -Contain 'DominoServer.JavaServletSupport'
        "$((Get-DominoItemMap -Document INotesConfiguration | Where-Object Key -eq 'INotesConfiguration.SametimeProxyUrl').Status)" | Should -Be 'Assumed'
    }
}

Describe 'Set-DominoServerDoc' {
    It 'writes the Web SSO configuration of the named server with a backup, and a second run changes nothing' {
        $path = New-NamesCopy
        Set-DominoServerDoc -Path $path -ServerName CN=st1/O=Example -SsoConfigurationName LtpaToken2 -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue
        [System.IO.File]::ReadAllText($path) | Should -Match ([regex]::Escape("<item name='HTTP_SSOCfg'><text>LtpaToken2</text></item>`n<item name='HTTP_EnableServlets'><text>0</text>"))
        (Get-Backup $path).Count | Should -Be 1
        "$warned" | Should -Match 'Send-DominoConsoleCommand -RestartHttp'
        $after = [System.IO.File]::ReadAllText($path)
        Set-DominoServerDoc -Path $path -ServerName CN=st1/O=Example -SsoConfigurationName LtpaToken2 -Confirm:$false -WarningVariable again -WarningAction SilentlyContinue
        [System.IO.File]::ReadAllText($path) | Should -BeExactly $after
        (Get-Backup $path).Count | Should -Be 1
        @($again).Count | Should -Be 0
        @(Test-DominoServerDoc -Path $path -ServerName CN=st1/O=Example | Where-Object Rule -eq 'SsoConfigurationNamed').Severity | Should -Be 'Ok'
    }

    It '-WhatIf names the document, the item and both values, and changes nothing' {
        $path = New-NamesCopy
        $before = [System.IO.File]::ReadAllText($path)
        $module = Get-StagedModulePath
        $out = Invoke-InFreshSession "Import-Module '$module'; Set-DominoServerDoc -LiteralPath '$path' -SametimeProxyUrl https://stproxy2.example.com -WhatIf" | Out-String
        $out | Should -Match 'What if: '
        $out | Should -Match 'Configuration document of CN=inotes1/O=Example'
        $out | Should -Match 'iNotes_WA_SametimeProxyServer, an assumed item name; was .https://stproxy\.example\.com.'
        [System.IO.File]::ReadAllText($path) | Should -BeExactly $before
        (Get-Backup $path).Count | Should -Be 0
    }

    It 'refuses a bad URL, an ambiguous document and a call with nothing to set, changing nothing' {
        $path = New-NamesCopy
        $before = [System.IO.File]::ReadAllText($path)
        { Set-DominoServerDoc -Path $path -SametimeProxyUrl https://192.0.2.31 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidSametimeProxyUrl*'
        { Set-DominoServerDoc -Path $path -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NothingToSet*'
        $err = $null
        Set-DominoServerDoc -Path $path -SsoConfigurationName LtpaToken2 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Match '^ServerDocumentAmbiguous'
        [System.IO.File]::ReadAllText($path) | Should -BeExactly $before
        (Get-Backup $path).Count | Should -Be 0
    }
}

Describe 'Send-DominoConsoleCommand' {
    It 'writes the exact commands to type with -PrintOnly' {
        $lines = @(Send-DominoConsoleCommand -Server CN=inotes1/O=Example -ReplicateWith LDAP1, 'CN=Sametime One/O=Example' -PrintOnly)
        $lines.Count | Should -Be 2
        $lines[0] | Should -BeExactly 'On the Domino console of CN=inotes1/O=Example (or Domino Administrator > Server > Console), type: replicate LDAP1 names.nsf'
        $lines[1] | Should -Match ([regex]::Escape('type: replicate "CN=Sametime One/O=Example" names.nsf') + '$')
        (Send-DominoConsoleCommand -Server CN=inotes1/O=Example -RestartHttp -PrintOnly) | Should -Match 'type: restart task http$'
        (Send-DominoConsoleCommand -Server CN=st1/O=Example -RestartServer -PrintOnly) | Should -Match 'type: restart server$'
    }

    It 'prints instead of sending where Notes COM cannot run; on Windows without a Notes client it stops instead' {
        $onWindows = ($PSVersionTable.PSEdition -eq 'Desktop') -or $IsWindows
        if ($onWindows) {
            # The Windows test machines have no Notes client: the cmdlet must say so, not print as if it had sent.
            { Send-DominoConsoleCommand -Server CN=inotes1/O=Example -Command 'show tasks' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NotesComNotInstalled*'
            return
        }
        $out = @(Send-DominoConsoleCommand -Server CN=inotes1/O=Example -Command 'show tasks' -WarningVariable warned -WarningAction SilentlyContinue)
        $out | Should -BeExactly @('On the Domino console of CN=inotes1/O=Example (or Domino Administrator > Server > Console), type: show tasks')
        "$warned" | Should -Match 'Notes COM needs Windows'
    }

    It 'refuses a command of more than one line' {
        { Send-DominoConsoleCommand -Server CN=inotes1/O=Example -Command "restart task http`nquit" -PrintOnly -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidConsoleCommand*'
    }

    It 'asks before sending: ConfirmImpact High' {
        $info = Get-Command Send-DominoConsoleCommand
        $attribute = $info.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        "$($attribute.ConfirmImpact)" | Should -Be 'High'
        $attribute.SupportsShouldProcess | Should -BeTrue
    }
}
