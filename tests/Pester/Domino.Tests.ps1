BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    Import-Module (Join-Path $PSScriptRoot 'DasLabServer.psm1') -Force

    $script:devKeys = Get-FixturePath 'vectors/ltpa-dev.keys'
    $script:devPassword = New-TestSecureString 'dev-LTPA-Passw0rd!'
    $script:otherKeys = Get-FixturePath 'vectors/ltpa-dev-d129.keys'
    $script:otherPassword = New-TestSecureString 'extra-pass-3'

    # Copies a DXL fixture into a fresh folder of the test drive and returns the copy's path.
    function script:Copy-Fixture {
        param([string] $Name, [string] $As)
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory -Path $folder
        if (-not $As) { $As = Split-Path -Leaf $Name }
        $target = Join-Path $folder $As
        Copy-Item -LiteralPath (Get-FixturePath "domino/$Name") -Destination $target
        Protect-TestPath $folder
        $target
    }

    function script:Get-Backups {
        param([string] $Path)
        @(Get-ChildItem -LiteralPath (Split-Path -Parent $Path) -Filter ((Split-Path -Leaf $Path) + '.*.bak'))
    }

    function script:Get-Bytes {
        param([string] $Path)
        [System.IO.File]::ReadAllBytes($Path)
    }
}

Describe 'Get-SsoDoc' {
    It 'reads a note export without exposing the Domino secret' {
        $doc = Get-SsoDoc -Path (Get-FixturePath 'domino/websso-note-export.dxl')
        $doc.Name | Should -Be 'LtpaToken2'
        $doc.DnsDomain | Should -Be '.example.com'
        $doc.ExpirationMinutes | Should -Be 120
        $doc.ParticipatingServers | Should -Be @('CN=inotes1/O=Example', 'CN=st1/O=Example')
        $doc.HasDominoKey | Should -BeTrue
        $doc.HasWebSphereKeys | Should -BeFalse
        $shown = ($doc | Format-List * | Out-String) + ($doc | Format-Table | Out-String) + ($doc | ConvertTo-Json -Depth 3)
        $shown | Should -Not -Match 'qJ4XqRp0d6f1u6mWb3Q5Hw3mXk0='
    }

    It 'takes files from Get-ChildItem and filters by name with wildcards' {
        $docs = @(Get-ChildItem -LiteralPath (Get-FixturePath 'domino/websso-database.dxl') | Get-SsoDoc -Name 'ltpa*2')
        $docs.Count | Should -Be 1
        $docs[0].LookupKey | Should -Be 'ExampleOrg:LtpaToken2'
    }

    It 'reports a name that is not there, listing the names that are' {
        $err = $null
        $null = Get-SsoDoc -Path (Get-FixturePath 'domino/websso-database.dxl') -Name 'LtpaToken3' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'SsoDocNotFound,SametimeAdmin.Commands.GetSsoDocCommand'
        $err[0].Exception.Message | Should -Match "present: 'LtpaToken', 'ExampleOrg:LtpaToken2'"
    }

    It 'refuses <File> with <ErrorId>' -ForEach @(
        @{ File = 'malformed.dxl'; ErrorId = 'DxlMalformed' }
        @{ File = 'not-dxl.xml'; ErrorId = 'DxlNotDominoXml' }
        @{ File = 'form-design.dxl'; ErrorId = 'DxlNoDocument' }
        @{ File = 'person.dxl'; ErrorId = 'SsoDocWrongForm' }
        @{ File = 'websso-sealed.dxl'; ErrorId = 'DxlItemSealed' }
    ) {
        { Get-SsoDoc -LiteralPath (Get-FixturePath "domino/$File") -ErrorAction Stop } |
            Should -Throw -ErrorId "$ErrorId,SametimeAdmin.Commands.GetSsoDocCommand"
    }

    It 'keeps going after a bad file and reads the good one' {
        $err = $null
        $docs = @(Get-SsoDoc -LiteralPath (Get-FixturePath 'domino/malformed.dxl'), (Get-FixturePath 'domino/websso-note-export.dxl') -ErrorVariable err -ErrorAction SilentlyContinue)
        $docs.Count | Should -Be 1
        $err.Count | Should -Be 1
    }

    It 'reports a missing literal path as DxlFileNotFound' {
        { Get-SsoDoc -LiteralPath (Join-Path $TestDrive 'nope.dxl') -ErrorAction Stop } |
            Should -Throw -ErrorId 'DxlFileNotFound,SametimeAdmin.Commands.GetSsoDocCommand'
    }

    It 'reports Notes COM as unavailable where no Notes client can be' {
        $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
        $err = $null
        $null = Get-SsoDoc -NotesServer 'CN=inotes1/O=Example' -ErrorVariable err -ErrorAction SilentlyContinue
        if ($onWindows) {
            # Without a Notes client the COM class is not registered.
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'NotesComNotInstalled,SametimeAdmin.Commands.GetSsoDocCommand'
        }
        else {
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'NotesComNotAvailable,SametimeAdmin.Commands.GetSsoDocCommand'
            $err[0].Exception.Message | Should -Match 'not available on this platform'
        }
    }
}

Describe 'The item map' {
    BeforeAll {
        $script:renamed = Join-Path $TestDrive 'renamed.dxl'
        Set-Content -LiteralPath $renamed -Encoding UTF8 -Value ("<document xmlns='http://www.lotus.com/dxl' form='SSOConfig'>" +
            "<item name='LTPA_TokenName'><text>LtpaToken2</text></item><item name='SSO_Servers' names='true'><textlist><text>CN=a/O=B</text></textlist></item></document>")
    }

    It 'lists confirmed and assumed names' {
        $map = Get-DominoItemMap -Document WebSso
        ($map | Where-Object Name -eq 'LTPA_TokenDomain').Status | Should -Be 'Confirmed'
        ($map | Where-Object Key -eq 'WebSso.Realm').Status | Should -Be 'Assumed'
        @($map | Where-Object Status -eq 'Assumed').Count | Should -BeGreaterThan 5
    }

    It 'takes overrides from a hashtable' {
        (Get-SsoDoc -Path $renamed -ItemMap @{ 'WebSso.ParticipatingServers' = 'SSO_Servers' }).ParticipatingServers | Should -Be 'CN=a/O=B'
    }

    It 'takes overrides from a <Kind> file' -ForEach @(
        @{ Kind = 'psd1'; Content = "@{ 'WebSso.ParticipatingServers' = 'SSO_Servers' }" }
        @{ Kind = 'json'; Content = '{ "WebSso.ParticipatingServers": "SSO_Servers" }' }
    ) {
        $file = Join-Path $TestDrive "map.$Kind"
        Set-Content -LiteralPath $file -Value $Content -Encoding UTF8
        (Get-SsoDoc -Path $renamed -ItemMap $file).ParticipatingServers | Should -Be 'CN=a/O=B'
        (Get-DominoItemMap -ItemMap $file | Where-Object Key -eq 'WebSso.ParticipatingServers').Status | Should -Be 'Overridden'
    }

    It 'refuses an unknown key, listing the valid ones' {
        $err = { Get-SsoDoc -Path $renamed -ItemMap @{ 'WebSso.Servers' = 'X' } } |
            Should -Throw -ErrorId 'ItemMapUnknownKey,SametimeAdmin.Commands.GetSsoDocCommand' -PassThru
        $err.ErrorDetails.RecommendedAction | Should -Match 'WebSso.ParticipatingServers'
    }

    It 'refuses a psd1 file that is not data' {
        $file = Join-Path $TestDrive 'code.psd1'
        Set-Content -LiteralPath $file -Value "@{ 'WebSso.Realm' = (Get-Date) }"
        { Get-DominoItemMap -ItemMap $file -ErrorAction Stop } | Should -Throw -ErrorId 'ItemMapFileInvalid,SametimeAdmin.Commands.GetDominoItemMapCommand'
    }
}

Describe 'Import-LtpaKeyToSsoDoc' {
    It 'asks for confirmation by default (ConfirmImpact High) and supports -WhatIf' {
        $command = Get-Command Import-LtpaKeyToSsoDoc
        $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
        $attribute.SupportsShouldProcess | Should -BeTrue
        $command.Parameters.Keys | Should -Contain 'PassThru'
    }

    It 'imports the keys, backs the file up and returns the document with -PassThru' {
        $path = Copy-Fixture 'websso-note-export.dxl'
        $original = Get-Bytes $path
        $keys = Get-LtpaKey -Path $devKeys -Password $devPassword

        $doc = Import-LtpaKeyToSsoDoc -Path $path -SsoConfigurationName LtpaToken2 -KeyPath $devKeys -KeyPassword $devPassword -TokenFormat LtpaToken2 -Confirm:$false -PassThru `
            -WarningVariable warnings -WarningAction SilentlyContinue

        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match '^Restart the Domino servers that use the changed Web SSO document'
        $doc.HasWebSphereKeys | Should -BeTrue
        $doc.PublicKeyFingerprint | Should -Be $keys.PublicKeyFingerprint
        $doc.Realm | Should -Be 'defaultRealm'
        $doc.TokenFormat | Should -Be 'LtpaToken2'
        $backup = Get-Backups $path
        $backup.Count | Should -Be 1
        (Get-Bytes $backup[0].FullName) | Should -Be $original
    }

    It 'changes only the touched item, byte for byte' {
        $path = Copy-Fixture 'websso-note-export.dxl'
        $before = [System.IO.File]::ReadAllText($path)
        Import-LtpaKeyToSsoDoc -Path $path -SsoConfigurationName LtpaToken2 -KeyPath $devKeys -KeyPassword $devPassword -Confirm:$false -WarningVariable first -WarningAction SilentlyContinue
        $withKeys = [System.IO.File]::ReadAllText($path)

        Import-LtpaKeyToSsoDoc -Path $path -SsoConfigurationName LtpaToken2 -KeyPath $devKeys -KeyPassword $devPassword -ExpirationMinutes 90 -Confirm:$false -WarningVariable second -WarningAction SilentlyContinue

        @($first; $second) -match '^Restart the Domino servers' | Should -HaveCount 2

        [System.IO.File]::ReadAllText($path) | Should -BeExactly ($withKeys.Replace("<item name='LTPA_TokenExpiration'><number>120</number></item>", "<item name='LTPA_TokenExpiration'><number>90</number></item>"))
        $withKeys.StartsWith($before.Substring(0, $before.IndexOf('</note>'))) | Should -BeTrue
    }

    It 'leaves the file byte-identical and makes no backup under -WhatIf' {
        $path = Copy-Fixture 'websso-import-document.dxl'
        $before = Get-Bytes $path
        $run = Invoke-WithoutHost Import-LtpaKeyToSsoDoc @{ Path = $path; KeyPath = $devKeys; KeyPassword = $devPassword; DnsDomain = '.example.com'; TokenFormat = 'Both'; WhatIf = $true }
        $run.Warnings | Should -BeNullOrEmpty -Because 'nothing was changed, so nothing needs a restart'
        Get-Bytes $path | Should -Be $before
        (Get-Backups $path).Count | Should -Be 0
    }

    It 'changes nothing on a second run' {
        $path = Copy-Fixture 'websso-import-document.dxl'
        $arguments = @{ Path = $path; KeyPath = $devKeys; KeyPassword = $devPassword; DnsDomain = '.example.com'; TokenFormat = 'Both'; ExpirationMinutes = 60; ParticipatingServer = 'CN=st1/O=Example'; Confirm = $false }
        Import-LtpaKeyToSsoDoc @arguments -WarningAction SilentlyContinue
        $after = Get-Bytes $path
        $stamp = (Get-Item -LiteralPath $path).LastWriteTimeUtc

        $doc = Import-LtpaKeyToSsoDoc @arguments -PassThru -WarningVariable warnings -WarningAction SilentlyContinue

        $warnings.Count | Should -Be 1 -Because 'a no-op says so and asks for no restart'
        $warnings[0].Message | Should -Match 'already holds these keys and settings; nothing to change'

        Get-Bytes $path | Should -Be $after
        (Get-Item -LiteralPath $path).LastWriteTimeUtc | Should -Be $stamp
        (Get-Backups $path).Count | Should -Be 1
        $doc.TokenFormat | Should -Be 'Both'
    }

    It 'imports a key set from the pipeline into several documents' {
        $inotes = Copy-Fixture 'websso-note-export.dxl' 'inotes.dxl'
        $sametime = Copy-Fixture 'websso-note-export.dxl' 'sametime.dxl'
        Get-LtpaKey -Path $devKeys -Password $devPassword | Import-LtpaKeyToSsoDoc -Path $inotes, $sametime -SsoConfigurationName LtpaToken2 -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings -match '^Restart the Domino servers').Count | Should -Be 1 -Because 'the restart reminder comes once per run'
        $fingerprints = @(Get-SsoDoc -Path $inotes, $sametime | Select-Object -ExpandProperty PublicKeyFingerprint -Unique)
        $fingerprints.Count | Should -Be 1
        $fingerprints[0] | Should -Be (Get-LtpaKey -Path $devKeys -Password $devPassword).PublicKeyFingerprint
    }

    It 'refuses <Case> with <ErrorId> and writes nothing' -ForEach @(
        @{ Case = 'a domain without its leading dot'; ErrorId = 'DnsDomainMissingLeadingDot'; File = 'websso-import-document.dxl'; Extra = @{ DnsDomain = 'example.com' } }
        @{ Case = 'an invalid domain'; ErrorId = 'DnsDomainInvalid'; File = 'websso-import-document.dxl'; Extra = @{ DnsDomain = '.exa mple.com' } }
        @{ Case = 'a wildcard server'; ErrorId = 'ParticipatingServerInvalid'; File = 'websso-import-document.dxl'; Extra = @{ ParticipatingServer = '*/O=Example' } }
        @{ Case = 'a wrong key password'; ErrorId = 'KeyFileWrongPassword'; File = 'websso-import-document.dxl'; Extra = @{ KeyPassword = 'wrong' } }
        @{ Case = 'a missing key password'; ErrorId = 'PasswordRequired'; File = 'websso-import-document.dxl'; Extra = @{ KeyPassword = $null } }
        @{ Case = 'a missing document'; ErrorId = 'SsoDocNotFound'; File = 'websso-import-document.dxl'; Extra = @{ Name = 'LtpaToken2' } }
        @{ Case = 'two documents with the same name'; ErrorId = 'SsoDocDuplicate'; File = 'websso-duplicate.dxl'; Extra = @{ Name = 'LtpaToken2' } }
        @{ Case = 'malformed XML'; ErrorId = 'DxlMalformed'; File = 'malformed.dxl'; Extra = @{} }
        @{ Case = 'a DXL of another form'; ErrorId = 'SsoDocWrongForm'; File = 'person.dxl'; Extra = @{} }
        @{ Case = 'a sealed export'; ErrorId = 'DxlItemSealed'; File = 'websso-sealed.dxl'; Extra = @{ Name = 'LtpaToken2' } }
    ) {
        $path = Copy-Fixture $File
        $before = Get-Bytes $path
        $arguments = @{ Path = $path; KeyPath = $devKeys; KeyPassword = $devPassword; Confirm = $false; ErrorAction = 'Stop' }
        foreach ($key in $Extra.Keys) {
            if ($null -eq $Extra[$key]) { $arguments.Remove($key) } else { $arguments[$key] = $Extra[$key] }
        }
        if ($arguments.ContainsKey('KeyPassword') -and $arguments.KeyPassword -is [string]) { $arguments.KeyPassword = New-TestSecureString $arguments.KeyPassword }
        { Import-LtpaKeyToSsoDoc @arguments } | Should -Throw -ErrorId "$ErrorId,SametimeAdmin.Commands.ImportLtpaKeyToSsoDocCommand"
        Get-Bytes $path | Should -Be $before
        (Get-Backups $path).Count | Should -Be 0
    }

    It 'needs keys from a file or the pipeline' {
        $path = Copy-Fixture 'websso-import-document.dxl'
        { Import-LtpaKeyToSsoDoc -Path $path -DnsDomain '.example.com' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'KeySourceMissing,SametimeAdmin.Commands.ImportLtpaKeyToSsoDocCommand'
        $keys = Get-LtpaKey -Path $devKeys -Password $devPassword
        { $keys | Import-LtpaKeyToSsoDoc -Path $path -KeyPath $devKeys -KeyPassword $devPassword -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'KeySourceAmbiguous,SametimeAdmin.Commands.ImportLtpaKeyToSsoDocCommand'
    }

    It 'gives the fix for a domain without its dot' {
        $path = Copy-Fixture 'websso-import-document.dxl'
        $err = { Import-LtpaKeyToSsoDoc -Path $path -KeyPath $devKeys -KeyPassword $devPassword -DnsDomain 'example.com' -Confirm:$false } |
            Should -Throw -ErrorId 'DnsDomainMissingLeadingDot,SametimeAdmin.Commands.ImportLtpaKeyToSsoDocCommand' -PassThru
        $err.ErrorDetails.RecommendedAction | Should -Match "-DnsDomain '\.example\.com'"
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Test-SsoDoc' {
    BeforeAll {
        $script:inotes = Copy-Fixture 'websso-note-export.dxl' 'inotes.dxl'
        $script:sametime = Copy-Fixture 'websso-import-document.dxl' 'sametime.dxl'
        Import-LtpaKeyToSsoDoc -Path $inotes -SsoConfigurationName LtpaToken2 -KeyPath $devKeys -KeyPassword $devPassword -TokenFormat LtpaToken2 -Confirm:$false -WarningAction SilentlyContinue
        Import-LtpaKeyToSsoDoc -Path $sametime -KeyPath $devKeys -KeyPassword $devPassword -TokenFormat LtpaToken2 -ExpirationMinutes 120 `
            -ParticipatingServer 'CN=inotes1/O=Example', 'CN=st1/O=Example' -Confirm:$false -WarningAction SilentlyContinue
    }

    It 'shows the missing dot with its fix, and a mismatch across the documents' {
        $findings = Test-SsoDoc -Path $inotes, $sametime
        $dot = $findings | Where-Object { $_.Rule -eq 'DomainLeadingDot' -and $_.Severity -eq 'Error' }
        $dot.Source | Should -Be $sametime
        $dot.Fix | Should -Match "-DnsDomain '\.example\.com'"
        ($findings | Where-Object Rule -eq 'SameDomain').Severity | Should -Be 'Error'
        ($findings | Where-Object Rule -eq 'SameConfigurationName').Severity | Should -Be 'Error'
        ($findings | Where-Object Rule -eq 'KeysMatchAcrossDocuments').Severity | Should -Be 'Ok'
        Test-SsoDoc -Path $inotes, $sametime -Quiet | Should -BeFalse
    }

    It 'is green once the seeded mistakes are fixed' {
        $fixed = Copy-Fixture 'websso-import-document.dxl' 'fixed.dxl'
        $fixedText = [System.IO.File]::ReadAllText($sametime).Replace('<text>example.com</text>', '<text>.example.com</text>').Replace('<text>LtpaToken</text>', '<text>LtpaToken2</text>')
        [System.IO.File]::WriteAllText($fixed, $fixedText)
        $findings = Get-SsoDoc -Path $inotes, $fixed | Test-SsoDoc -KeyPath $devKeys -KeyPassword $devPassword -HostName 'inotes.example.com', 'st.example.com' `
            -SametimeTokenType LtpaToken2 -ProxyCookieName LtpaToken2 -InteroperabilityMode:$false -LtpaDurationMinutes 120
        @($findings | Where-Object Severity -ne 'Ok') | Should -BeNullOrEmpty
        @($findings | Where-Object Rule -eq 'KeysMatchKeyFile').Count | Should -Be 2
        Get-SsoDoc -Path $inotes, $fixed | Test-SsoDoc -Quiet | Should -BeTrue
    }

    It 'finds keys that do not match the proxy key file' {
        $findings = Test-SsoDoc -Path $inotes -KeyPath $otherKeys -KeyPassword $otherPassword
        ($findings | Where-Object Rule -eq 'KeysMatchKeyFile').Severity | Should -Be 'Error'
    }

    It 'compares with a key set object too' {
        $keys = Get-LtpaKey -Path $devKeys -Password $devPassword
        ($inotes | Get-Item | Get-SsoDoc | Test-SsoDoc -KeySet $keys | Where-Object Rule -eq 'KeysMatchKeyFile').Severity | Should -Be 'Ok'
    }

    It 'never changes a document' {
        $before = Get-Bytes $inotes
        $null = Test-SsoDoc -Path $inotes, $sametime -LtpaDurationMinutes 60
        Get-Bytes $inotes | Should -Be $before
    }
}

Describe 'Domino Access Services' {
    BeforeAll {
        $data = Join-Path $TestDrive 'das'
        $null = New-Item -ItemType Directory -Path $data
        Copy-Item -Path (Get-FixturePath 'domino/das/*.json') -Destination $data
        $users = @('--user', 'Admin Anna', '--password', 's3cret!', '--access', 'Editor', '--view', '($WebSSOConfigs)=LTPA_OrgName:LTPA_TokenName')
        $script:das = Start-DasLabServer -DataPath $data -ArgumentList $users
        $script:slow = Start-DasLabServer -DataPath $data -ArgumentList ($users + @('--delay-ms', '5000'))
        $script:failing = Start-DasLabServer -DataPath $data -ArgumentList ($users + @('--fail'))
        $script:redirecting = Start-DasLabServer -DataPath $data -ArgumentList ($users + @('--redirect'))
        $script:good = New-Object System.Management.Automation.PSCredential ('Admin Anna', (New-TestSecureString 's3cret!'))
        $script:wrong = New-Object System.Management.Automation.PSCredential ('Admin Anna', (New-TestSecureString 'Wr0ng-Passw0rd'))
    }

    AfterAll {
        foreach ($server in $das, $slow, $failing, $redirecting) { if ($server) { Stop-DasLabServer $server } }
    }

    It 'reads the document through the view' {
        $doc = Get-SsoDoc -Uri $das.Url -Credential $good -WarningAction SilentlyContinue
        $doc.Name | Should -Be 'LtpaToken2'
        $doc.Source | Should -Be $das.Url
    }

    It 'warns that the password of <Command> travels unencrypted over http' -ForEach @(
        @{ Command = 'Get-SsoDoc'; Extra = @{} }
        @{ Command = 'Test-SsoDoc'; Extra = @{} }
        @{ Command = 'Import-LtpaKeyToSsoDoc'; Extra = @{ SsoConfigurationName = 'LtpaToken2'; KeyPath = $null; WhatIf = $true; AllowUnencryptedKeyTransfer = $true } }
    ) {
        $arguments = @{ Uri = $das.Url; Credential = $good }
        foreach ($key in $Extra.Keys) { $arguments[$key] = $Extra[$key] }
        if ($arguments.ContainsKey('KeyPath')) { $arguments.KeyPath = $devKeys; $arguments.KeyPassword = $devPassword }
        $warnings = $null
        if ($arguments.ContainsKey('WhatIf')) {
            # Without a host, where its "What if:" line goes nowhere.
            $warnings = (Invoke-WithoutHost $Command $arguments).Warnings
        }
        else {
            $null = & $Command @arguments -WarningVariable warnings -WarningAction SilentlyContinue
        }
        ($warnings -join ' ') | Should -Match "plain HTTP: the password of 'Admin Anna' travels unencrypted"
    }

    It 'refuses to send the keys over http, sending nothing, unless -AllowUnencryptedKeyTransfer says so' {
        $backups = Join-Path $TestDrive 'refused-http-backups'
        # The failing server answers every request with HTTP 500: the refusal comes before any request.
        foreach ($server in $das, $failing) {
            $err = { Import-LtpaKeyToSsoDoc -Uri $server.Url -Credential $good -SsoConfigurationName LtpaToken2 -KeyPath $devKeys -KeyPassword $devPassword `
                    -BackupDirectory $backups -Confirm:$false -ErrorAction Stop -WarningAction SilentlyContinue } |
                Should -Throw -ErrorId 'DasUnencryptedKeyTransfer,SametimeAdmin.Commands.ImportLtpaKeyToSsoDocCommand' -PassThru
            $err.CategoryInfo.Category | Should -Be 'SecurityError'
            $err.ErrorDetails.RecommendedAction | Should -Match 'https://'
        }
        (Get-SsoDoc -Uri $das.Url -Credential $good -WarningAction SilentlyContinue).HasWebSphereKeys | Should -BeFalse
        Test-Path -LiteralPath $backups | Should -BeFalse
    }

    It 'imports keys with a backup, and a second run sends nothing' {
        $backups = Join-Path $TestDrive 'das-backups'
        $doc = Import-LtpaKeyToSsoDoc -Uri $das.Url -Credential $good -SsoConfigurationName LtpaToken2 -KeyPath $devKeys -KeyPassword $devPassword -AllowUnencryptedKeyTransfer `
            -BackupDirectory $backups -Confirm:$false -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $doc.PublicKeyFingerprint | Should -Be (Get-LtpaKey -Path $devKeys -Password $devPassword).PublicKeyFingerprint
        @(Get-ChildItem -LiteralPath $backups).Count | Should -Be 1
        ($warnings -join ' ') | Should -Match 'the password of .Admin Anna. travels unencrypted'
        ($warnings -join ' ') | Should -Match 'the decrypted LTPA keys travel unencrypted'

        Import-LtpaKeyToSsoDoc -Uri $das.Url -Credential $good -SsoConfigurationName LtpaToken2 -KeyPath $devKeys -KeyPassword $devPassword -AllowUnencryptedKeyTransfer -BackupDirectory $backups -Confirm:$false -WarningAction SilentlyContinue
        @(Get-ChildItem -LiteralPath $backups).Count | Should -Be 1
        (Test-SsoDoc -Uri $das.Url -Credential $good -KeyPath $devKeys -KeyPassword $devPassword -WarningAction SilentlyContinue | Where-Object Rule -eq 'KeysMatchKeyFile').Severity | Should -Be 'Ok'
    }

    It 'maps <Case> to <ErrorId>, asking for the URL it means' -ForEach @(
        @{ Case = 'wrong credentials'; ErrorId = 'DasAuthenticationFailed'; Server = 'das'; Credential = 'wrong'; Database = $null }
        @{ Case = 'a missing database'; ErrorId = 'DasNotFound'; Server = 'das'; Credential = 'good'; Database = 'other.nsf' }
        @{ Case = 'a server error'; ErrorId = 'DasServerError'; Server = 'failing'; Credential = 'good'; Database = $null }
        @{ Case = 'a slow server'; ErrorId = 'DasTimeout'; Server = 'slow'; Credential = 'good'; Database = $null }
    ) {
        $serverInfo = Get-Variable -Name $Server -ValueOnly
        $target = $serverInfo.Url
        if ($Database) { $target = ([uri]$serverInfo.Url).GetLeftPart('Authority') + '/' + $Database }
        $credentialValue = Get-Variable -Name $Credential -ValueOnly
        $err = { Get-SsoDoc -Uri $target -Credential $credentialValue -TimeoutSeconds 1 -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId "$ErrorId,SametimeAdmin.Commands.GetSsoDocCommand" -PassThru
        $err.TargetObject | Should -BeExactly $target
        if ($Database) {
            $err.Exception.Message | Should -Match ('^' + [regex]::Escape($target) + ' ')
            $err.Exception.Message | Should -Match 'Database not found'
        }
        else {
            $target | Should -BeExactly $serverInfo.Url
        }
    }

    It 'refuses a user:password in the URL and never shows it' {
        $authority = ([uri]$das.Url).GetLeftPart('Authority')
        $withPassword = $authority.Replace('http://', 'http://Admin%20Anna:Pl4nted-s3cret%21@') + '/names.nsf'
        $err = $null
        $verbose = Get-SsoDoc -Uri $withPassword -ErrorVariable err -ErrorAction SilentlyContinue -Verbose 4>&1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'DasCredentialsInUrl,SametimeAdmin.Commands.GetSsoDocCommand'
        $err[0].TargetObject | Should -BeExactly ($authority + '/names.nsf')
        $shown = ($err | Out-String) + $err[0].ErrorDetails.RecommendedAction + [string]$err[0].TargetObject + ($verbose | Out-String)
        $shown | Should -Not -Match 'Pl4nted'
        $shown | Should -Match 'Credential'
    }

    It 'follows a redirect within the database and shows where it led' {
        $verbose = Get-SsoDoc -Uri $redirecting.Url -Credential $good -Verbose -WarningAction SilentlyContinue 4>&1
        $doc = @($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $doc.Count | Should -Be 1
        $doc[0].Source | Should -Be $redirecting.Url
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String) |
            Should -Match ([regex]::Escape($redirecting.Url + '/api/data/collections/name/') + '.* redirected to ')
    }

    It 'writes nothing and backs nothing up when the credentials are wrong' {
        $backups = Join-Path $TestDrive 'refused-backups'
        { Import-LtpaKeyToSsoDoc -Uri $das.Url -Credential $wrong -SsoConfigurationName LtpaToken2 -KeyPath $devKeys -KeyPassword $devPassword -AllowUnencryptedKeyTransfer -BackupDirectory $backups -Confirm:$false -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'DasAuthenticationFailed,SametimeAdmin.Commands.ImportLtpaKeyToSsoDocCommand'
        Test-Path -LiteralPath $backups | Should -BeFalse
    }

    It 'reports an unreachable server and an unusable URL' {
        $listener = New-Object System.Net.Sockets.TcpListener ([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        { Get-SsoDoc -Uri "http://127.0.0.1:$port/names.nsf" -Credential $good -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'DasUnreachable,SametimeAdmin.Commands.GetSsoDocCommand'
        { Get-SsoDoc -Uri 'https://inotes.example.com/' -Credential $good -ErrorAction Stop } | Should -Throw -ErrorId 'DasInvalidUrl,SametimeAdmin.Commands.GetSsoDocCommand'
    }

    It 'never puts the password in an error' {
        $err = $null
        $null = Get-SsoDoc -Uri $das.Url -Credential $wrong -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        ($err | Out-String) + $err[0].ErrorDetails.RecommendedAction | Should -Not -Match 'Wr0ng-Passw0rd'
    }
}
