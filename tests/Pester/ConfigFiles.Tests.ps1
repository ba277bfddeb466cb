BeforeDiscovery {
    $script:variants = foreach ($encoding in 'utf8', 'utf8bom', '1252') {
        foreach ($newLine in "`r`n", "`n") {
            foreach ($final in $true, $false) {
                @{ Encoding = $encoding; NewLine = $newLine; Final = $final; Label = '{0} {1} final newline {2}' -f $encoding, ($newLine -replace "`r", 'CR' -replace "`n", 'LF'), $final }
            }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    Import-Module (Join-Path $PSScriptRoot 'ConfigFilesTestHelpers.psm1') -Force

    # A fresh folder per test, so backups and lock files of one test never meet another's.
    function New-TestFolder {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $folder
        $folder
    }

    function Copy-Fixture {
        param([string] $Name, [string] $As)
        $target = Join-Path (New-TestFolder) $As
        Copy-Item -LiteralPath (Get-FixturePath "configfiles/$Name") -Destination $target
        $target
    }

    function Get-Backup {
        param([string] $Path)
        @(Get-ChildItem -LiteralPath (Split-Path -Parent $Path) -Filter ((Split-Path -Leaf $Path) + '.*.bak'))
    }

    # Bytes are compared as hex text: Pester shows where two strings differ.
    function Format-Bytes { param([byte[]] $Bytes) [System.BitConverter]::ToString($Bytes) }
    function Get-Bytes { param([string] $Path) Format-Bytes ([System.IO.File]::ReadAllBytes($Path)) }

    # Expected bytes come from .NET's own encoders, never from the module.
    function ConvertTo-FileBytes {
        param([string[]] $Lines, [string] $Encoding, [string] $NewLine, [bool] $Final)
        $text = $Lines -join $NewLine
        if ($Final) { $text += $NewLine }
        switch ($Encoding) {
            'utf8' { return Format-Bytes (New-Object System.Text.UTF8Encoding($false)).GetBytes($text) }
            'utf8bom' { return Format-Bytes ([byte[]](0xEF, 0xBB, 0xBF) + (New-Object System.Text.UTF8Encoding($false)).GetBytes($text)) }
            default { return Format-Bytes ([System.Text.Encoding]::GetEncoding(1252).GetBytes($text)) }
        }
    }

    $script:crlf = [char]13 + [char]10
    $script:buddyLine = 'servlet.DWABuddyList.code=com.lotus.dwa.stbuddy.DWABuddyList'
}

Describe 'Set-StTokenType' {
    It 'creates [AuthToken] ST_TOKEN_TYPE by appending two lines and keeps a backup of the old bytes' {
        $path = Copy-Fixture 'sametime-1252-crlf-nofinal.ini' 'sametime.ini'
        $before = Get-Bytes $path

        $edit = Set-StTokenType -Path $path -Name LtpaToken2 -PassThru -WarningAction SilentlyContinue

        $edit.Action | Should -Be 'Added'
        $edit.Section | Should -Be 'AuthToken'
        $edit.Value | Should -Be 'LtpaToken2'
        $edit.Sametime12Variable | Should -Be 'STI__AuthToken__ST_TOKEN_TYPE'
        $expected = $before + '-' + (Format-Bytes ([System.Text.Encoding]::ASCII.GetBytes("$crlf[AuthToken]$($crlf)ST_TOKEN_TYPE=LtpaToken2")))
        Get-Bytes $path | Should -BeExactly $expected
        $backup = Get-Backup $path
        $backup.Count | Should -Be 1
        $edit.BackupPath | Should -Be $backup[0].FullName
        Get-Bytes $backup[0].FullName | Should -BeExactly $before
    }

    It 'takes the Web SSO configuration name when no -Name is given, and reminds to restart Sametime' {
        $path = Copy-Fixture 'sametime-1252-crlf-nofinal.ini' 'sametime.ini'
        Set-StTokenType -Path $path -SsoConfigurationName LtpaToken2 -WarningVariable warnings -WarningAction SilentlyContinue
        (Get-StSetting -Path $path -Section AuthToken -Name ST_TOKEN_TYPE).Value | Should -Be 'LtpaToken2'
        ($warnings -join ' ') | Should -Match 'restart the Sametime Community Server'
    }

    It 'warns when the name differs from the Web SSO configuration name, and still writes it' {
        $path = Copy-Fixture 'sametime-1252-crlf-nofinal.ini' 'sametime.ini'
        Set-StTokenType -Path $path -Name LtpaToken -SsoConfigurationName LtpaToken2 -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings -join ' ') | Should -Match "'LtpaToken' differs from the Web SSO configuration name 'LtpaToken2'"
        (Get-StSetting -Path $path -Section AuthToken -Name ST_TOKEN_TYPE).Value | Should -Be 'LtpaToken'
    }

    It 'updates an existing value in place, whatever its case' {
        $path = Join-Path (New-TestFolder) 'sametime.ini'
        [System.IO.File]::WriteAllText($path, "[Config]`nA=1`n[authtoken]`nst_token_type = LtpaToken`n[Debug]`nB=2`n")
        $edit = Set-StTokenType -Path $path -Name LtpaToken2 -PassThru -WarningAction SilentlyContinue
        $edit.Action | Should -Be 'Updated'
        $edit.PreviousValue | Should -Be 'LtpaToken'
        [System.IO.File]::ReadAllText($path) | Should -BeExactly "[Config]`nA=1`n[authtoken]`nst_token_type = LtpaToken2`n[Debug]`nB=2`n"
    }

    It 'is idempotent: a second run writes nothing and says so' {
        $path = Copy-Fixture 'sametime-1252-crlf-nofinal.ini' 'sametime.ini'
        Set-StTokenType -Path $path -Name LtpaToken2 -WarningAction SilentlyContinue
        $after = Get-Bytes $path
        $written = (Get-Item -LiteralPath $path).LastWriteTimeUtc

        $edit = Set-StTokenType -Path $path -Name LtpaToken2 -PassThru -WarningVariable warnings -WarningAction SilentlyContinue

        $edit.Action | Should -Be 'Unchanged'
        ($warnings -join ' ') | Should -Match "already 'LtpaToken2'.*nothing changed"
        Get-Bytes $path | Should -BeExactly $after
        (Get-Item -LiteralPath $path).LastWriteTimeUtc | Should -Be $written
        (Get-Backup $path).Count | Should -Be 1
    }

    It '-WhatIf changes nothing, leaves no backup and no lock file' {
        $path = Copy-Fixture 'sametime-1252-crlf-nofinal.ini' 'sametime.ini'
        $before = Get-Bytes $path
        # Without a host, where the "What if:" line goes nowhere.
        $out = (Invoke-WithoutHost Set-StTokenType @{ Path = $path; Name = 'LtpaToken2'; PassThru = $true; WhatIf = $true }).Output
        $out | Should -BeNullOrEmpty
        Get-Bytes $path | Should -BeExactly $before
        @(Get-ChildItem -LiteralPath (Split-Path -Parent $path) -Force).Name | Should -Be @('sametime.ini')
    }

    It 'takes the configuration name from a piped Web SSO document' {
        $path = Copy-Fixture 'sametime-1252-crlf-nofinal.ini' 'sametime.ini'
        Get-SsoDoc -Path (Get-FixturePath 'domino/websso-note-export.dxl') | Set-StTokenType -Path $path -WarningAction SilentlyContinue
        (Get-StSetting -Path $path -Section AuthToken -Name ST_TOKEN_TYPE).Value | Should -Be 'LtpaToken2'
    }

    It 'warns that a piped Web SSO document of an Internet Site organization needs checking' {
        $path = Copy-Fixture 'sametime-1252-crlf-nofinal.ini' 'sametime.ini'
        Get-SsoDoc -Path (Get-FixturePath 'domino/websso-database.dxl') -Name LtpaToken2 |
            Set-StTokenType -Path $path -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings -join ' ') | Should -Match "organization 'ExampleOrg'"
        (Get-StSetting -Path $path -Section AuthToken -Name ST_TOKEN_TYPE).Value | Should -Be 'LtpaToken2'
    }

    It 'refuses a piped Web SSO document without a configuration name' {
        $path = Copy-Fixture 'sametime-1252-crlf-nofinal.ini' 'sametime.ini'
        $dxl = Join-Path (Split-Path -Parent $path) 'nameless.dxl'
        Set-Content -LiteralPath $dxl -Value "<document xmlns='http://www.lotus.com/dxl' form='WebSSOConfiguration'><item name='LTPA_TokenDomain'><text>.example.com</text></item></document>"
        $before = Get-Bytes $path
        { Get-SsoDoc -Path $dxl | Set-StTokenType -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'SsoDocWithoutName,SametimeAdmin.Commands.SetStTokenTypeCommand'
        Get-Bytes $path | Should -BeExactly $before
    }

    It 'needs a name' {
        $path = Copy-Fixture 'sametime-1252-crlf-nofinal.ini' 'sametime.ini'
        { Set-StTokenType -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'TokenTypeRequired,SametimeAdmin.Commands.SetStTokenTypeCommand'
    }

    It 'refuses an unusable name <Name> and changes nothing' -ForEach @(
        @{ Name = 'Ltpa;Token' }, @{ Name = ' LtpaToken' }, @{ Name = "Ltpa`nToken" }, @{ Name = 'a=b' }
    ) {
        $path = Copy-Fixture 'sametime-1252-crlf-nofinal.ini' 'sametime.ini'
        $before = Get-Bytes $path
        { Set-StTokenType -Path $path -Name $Name -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidTokenType,SametimeAdmin.Commands.SetStTokenTypeCommand'
        Get-Bytes $path | Should -BeExactly $before
    }

    It 'refuses a notes.ini or a file that is not an ini file' {
        $notes = Copy-Fixture 'notes-utf8bom-lf.ini' 'notes.ini'
        { Set-StTokenType -Path $notes -Name LtpaToken2 -ErrorAction Stop } | Should -Throw -ErrorId 'WrongConfigFile,SametimeAdmin.Commands.SetStTokenTypeCommand'
        $dxl = Join-Path (New-TestFolder) 'websso.dxl'
        Set-Content -LiteralPath $dxl -Value '<document/>'
        { Set-StTokenType -LiteralPath $dxl -Name LtpaToken2 -ErrorAction Stop } | Should -Throw -ErrorId 'WrongConfigFile,SametimeAdmin.Commands.SetStTokenTypeCommand'
        Get-Content -LiteralPath $dxl | Should -Be '<document/>'
    }

    It 'explains Sametime 12 when sametime.ini does not exist' {
        $path = Join-Path (New-TestFolder) 'sametime.ini'
        $err = $null
        Set-StTokenType -Path $path -Name LtpaToken2 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ConfigFileNotFound,SametimeAdmin.Commands.SetStTokenTypeCommand'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'STI__<Section>__<NAME>'
        $path | Should -Not -Exist
    }
}

Describe 'Enable-SsoTrace and Disable-SsoTrace' {
    It 'sets level 2 by default on the existing line, keeping its spelling, and gives both reminders' {
        $path = Copy-Fixture 'notes-utf8bom-lf.ini' 'notes.ini'
        $before = [System.IO.File]::ReadAllText($path)
        $edit = Enable-SsoTrace -Path $path -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $edit.Action | Should -Be 'Updated'
        $edit.PreviousValue | Should -Be '1'
        [System.IO.File]::ReadAllText($path) | Should -BeExactly ($before -replace 'debug_sso_trace_level=1', 'debug_sso_trace_level=2')
        ($warnings -join ' ') | Should -Match 'restart task http'
        ($warnings -join ' ') | Should -Match 'Disable-SsoTrace'
    }

    It 'states the real default level in help: the level a run without -Level writes' {
        $path = Join-Path (New-TestFolder) 'notes.ini'
        [System.IO.File]::WriteAllText($path, "[Notes]`nKitType=2`n")
        $written = (Enable-SsoTrace -Path $path -PassThru -WarningAction SilentlyContinue).Value

        $help = Get-Help Enable-SsoTrace -Parameter Level
        [string]$help.defaultValue | Should -BeExactly $written
        $written | Should -Be '2'
        (($help.description | ForEach-Object { $_.Text }) -join ' ') | Should -Match "$written \(the default\)"
        $syntaxLevel = @((Get-Help Enable-SsoTrace -Full).syntax.syntaxItem | ForEach-Object { $_.parameter } | Where-Object { $_.name -eq 'Level' })
        $syntaxLevel | ForEach-Object { [string]$_.defaultValue | Should -BeExactly $written }
    }

    It 'adds DEBUG_SSO_TRACE_LEVEL=1 when asked for level 1 and it is missing' {
        $path = Join-Path (New-TestFolder) 'notes.ini'
        [System.IO.File]::WriteAllText($path, "[Notes]`r`nKitType=2`r`n")
        Enable-SsoTrace -Path $path -Level 1 -WarningAction SilentlyContinue
        [System.IO.File]::ReadAllText($path) | Should -BeExactly "[Notes]`r`nKitType=2`r`nDEBUG_SSO_TRACE_LEVEL=1`r`n"
    }

    It 'refuses level <Level>' -ForEach @(@{ Level = 0 }, @{ Level = 3 }) {
        $path = Copy-Fixture 'notes-utf8bom-lf.ini' 'notes.ini'
        { Enable-SsoTrace -Path $path -Level $Level -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SametimeAdmin.Commands.EnableSsoTraceCommand'
    }

    It 'Disable removes the line, then says there is nothing to remove' {
        $path = Copy-Fixture 'notes-utf8bom-lf.ini' 'notes.ini'
        $before = [System.IO.File]::ReadAllText($path)
        $edit = Disable-SsoTrace -Path $path -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $edit.Action | Should -Be 'Removed'
        ($warnings -join ' ') | Should -Match 'restart task http'
        [System.IO.File]::ReadAllText($path) | Should -BeExactly ($before -replace "debug_sso_trace_level=1`n", '')

        $again = Disable-SsoTrace -Path $path -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $again.Action | Should -Be 'NotPresent'
        ($warnings -join ' ') | Should -Match 'not set'
        (Get-Backup $path).Count | Should -Be 1
    }

    It '<Command> -WhatIf changes nothing' -ForEach @(@{ Command = 'Enable-SsoTrace' }, @{ Command = 'Disable-SsoTrace' }) {
        $path = Copy-Fixture 'notes-utf8bom-lf.ini' 'notes.ini'
        $before = Get-Bytes $path
        $null = Invoke-WithoutHost $Command @{ Path = $path; WhatIf = $true }
        Get-Bytes $path | Should -BeExactly $before
        @(Get-ChildItem -LiteralPath (Split-Path -Parent $path) -Force).Count | Should -Be 1
    }

    It 'refuses a sametime.ini' {
        $path = Copy-Fixture 'sametime-1252-crlf-nofinal.ini' 'sametime.ini'
        { Enable-SsoTrace -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'WrongConfigFile,SametimeAdmin.Commands.EnableSsoTraceCommand'
    }

    It 'refuses a notes.ini another program holds locked, and leaves it alone' {
        $path = Copy-Fixture 'notes-utf8bom-lf.ini' 'notes.ini'
        $before = Get-Bytes $path
        $holder = [System.IO.File]::Open($path, 'Open', 'ReadWrite', 'None')
        try {
            { Enable-SsoTrace -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'FileLocked,SametimeAdmin.Commands.EnableSsoTraceCommand'
        }
        finally { $holder.Dispose() }
        Get-Bytes $path | Should -BeExactly $before
        Get-Backup $path | Should -BeNullOrEmpty
    }
}

Describe 'Enable-DwaBuddyListServlet' {
    It 'creates servlets.properties in a Domino data directory' {
        $data = New-TestFolder
        $edit = Enable-DwaBuddyListServlet -Path $data -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $file = Join-Path $data 'servlets.properties'
        $edit.FileCreated | Should -BeTrue
        $edit.Path | Should -Be $file
        [System.IO.File]::ReadAllText($file) | Should -BeExactly ($buddyLine + [Environment]::NewLine)
        ($warnings -join ' ') | Should -Match 'Domino Servlet Manager'
    }

    It 'adds the line to an existing file without touching the others, once' {
        $path = Copy-Fixture 'servlets-mixed.properties' 'servlets.properties'
        $before = Get-Bytes $path
        Enable-DwaBuddyListServlet -LiteralPath $path -WarningAction SilentlyContinue
        Get-Bytes $path | Should -Be ($before + '-' + (Format-Bytes ([System.Text.Encoding]::ASCII.GetBytes($buddyLine + "`n"))))
        $edit = Enable-DwaBuddyListServlet -LiteralPath $path -PassThru -WarningAction SilentlyContinue
        $edit.Action | Should -Be 'Unchanged'
        (Get-Backup $path).Count | Should -Be 1
    }

    It 'corrects an entry that names another class' {
        $path = Join-Path (New-TestFolder) 'servlets.properties'
        [System.IO.File]::WriteAllText($path, "servlet.DWABuddyList.code = com.example.Wrong`r`n")
        $edit = Enable-DwaBuddyListServlet -Path $path -PassThru -WarningAction SilentlyContinue
        $edit.Action | Should -Be 'Updated'
        $edit.PreviousValue | Should -Be 'com.example.Wrong'
        [System.IO.File]::ReadAllText($path) | Should -BeExactly "servlet.DWABuddyList.code = com.lotus.dwa.stbuddy.DWABuddyList`r`n"
    }

    It '-WhatIf creates nothing' {
        $data = New-TestFolder
        $null = Invoke-WithoutHost Enable-DwaBuddyListServlet @{ Path = $data; WhatIf = $true }
        @(Get-ChildItem -LiteralPath $data -Force) | Should -BeNullOrEmpty
    }

    It 'refuses an ini file' {
        $path = Copy-Fixture 'notes-utf8bom-lf.ini' 'notes.ini'
        { Enable-DwaBuddyListServlet -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'WrongConfigFile,SametimeAdmin.Commands.EnableDwaBuddyListServletCommand'
    }

    It 'says when the data directory does not exist' {
        $path = Join-Path (Join-Path (New-TestFolder) 'missing') 'servlets.properties'
        { Enable-DwaBuddyListServlet -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'ParentFolderNotFound,SametimeAdmin.Commands.EnableDwaBuddyListServletCommand'
    }
}

Describe 'Get-StSetting, Set-StSetting and Remove-StSetting' {
    It 'lists settings filtered by section and name wildcards, with line numbers' {
        $path = Copy-Fixture 'sametime-1252-crlf-nofinal.ini' 'sametime.ini'
        $found = @(Get-StSetting -Path $path -Section dir* -Name *LDAP*)
        $found.Name | Should -Be @('ST_DB_LDAP_SSL_ONLY_FOR_PASSWORDS', 'ST_DB_LDAP_ALLOW_SEARCH_ON_DN')
        $found.LineNumber | Should -Be @(9, 10)
        $found[0].Sametime12Variable | Should -Be 'STI__Directory__ST_DB_LDAP_SSL_ONLY_FOR_PASSWORDS'
        (Get-StSetting -Path $path | Measure-Object).Count | Should -Be 11
    }

    It 'reports a missing setting by name, but not a wildcard without matches' {
        $path = Copy-Fixture 'notes-utf8bom-lf.ini' 'notes.ini'
        { Get-StSetting -Path $path -Name NOT_THERE -ErrorAction Stop } | Should -Throw -ErrorId 'SettingNotFound,SametimeAdmin.Commands.GetStSettingCommand'
        Get-StSetting -Path $path -Name NOT_THERE* -ErrorAction Stop | Should -BeNullOrEmpty
    }

    It 'takes Get-StSetting output through the pipeline' {
        $path = Copy-Fixture 'notes-utf8bom-lf.ini' 'notes.ini'
        Get-StSetting -Path $path -Name debug_* | Remove-StSetting -WarningAction SilentlyContinue
        Get-StSetting -Path $path -Name debug_* | Should -BeNullOrEmpty
        (Get-StSetting -Path $path -Name KitType).Value | Should -Be '2'
    }

    It 'edits a copy whose name does not tell its format when -Format is given' {
        $path = Copy-Fixture 'notes-utf8bom-lf.ini' 'notes.ini.inotes1'
        { Set-StSetting -LiteralPath $path -Name X -Value 1 -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownConfigFileFormat,SametimeAdmin.Commands.SetStSettingCommand'
        $edit = Set-StSetting -LiteralPath $path -Format NotesIni -Name X -Value 1 -PassThru
        $edit.Action | Should -Be 'Added'
        (Get-StSetting -LiteralPath $path -Format NotesIni -Name x).Value | Should -Be '1'
    }

    It 'Set-StSetting -WhatIf and Remove-StSetting -WhatIf change nothing' {
        $path = Copy-Fixture 'sametime-1252-crlf-nofinal.ini' 'sametime.ini'
        $before = Get-Bytes $path
        $null = Invoke-WithoutHost Set-StSetting @{ Path = $path; Section = 'Config'; Name = 'ST_COMMUNITY_ID'; Value = 'other'; WhatIf = $true }
        $null = Invoke-WithoutHost Remove-StSetting @{ Path = $path; Section = 'Config'; Name = 'ST_COMMUNITY_ID'; WhatIf = $true }
        Get-Bytes $path | Should -BeExactly $before
        @(Get-ChildItem -LiteralPath (Split-Path -Parent $path) -Force).Count | Should -Be 1
    }

    It 'refuses <Case> with <ErrorId> and changes nothing' -ForEach @(
        @{ Case = 'a sametime.ini setting without section'; File = 'sametime.ini'; Section = $null; Name = 'X'; Value = '1'; ErrorId = 'SectionRequired' }
        @{ Case = 'a section for notes.ini'; File = 'notes.ini'; Section = 'Notes'; Name = 'X'; Value = '1'; ErrorId = 'SectionNotSupported' }
        @{ Case = 'a name with ='; File = 'notes.ini'; Section = $null; Name = 'A=B'; Value = '1'; ErrorId = 'InvalidSettingName' }
        @{ Case = 'a value with a line break'; File = 'notes.ini'; Section = $null; Name = 'X'; Value = "1`nY=2"; ErrorId = 'InvalidSettingValue' }
        @{ Case = 'a value with spaces around it'; File = 'sametime.ini'; Section = 'Config'; Name = 'X'; Value = ' 1 '; ErrorId = 'InvalidSettingValue' }
        @{ Case = 'a character Windows-1252 cannot store'; File = 'sametime.ini'; Section = 'Config'; Name = 'X'; Value = ([string][char]0x0141); ErrorId = 'CharacterNotRepresentable' }
    ) {
        $fixture = if ($File -eq 'sametime.ini') { 'sametime-1252-crlf-nofinal.ini' } else { 'notes-utf8bom-lf.ini' }
        $path = Copy-Fixture $fixture $File
        $before = Get-Bytes $path
        $arguments = @{ Path = $path; Name = $Name; Value = $Value; ErrorAction = 'Stop' }
        if ($Section) { $arguments.Section = $Section }
        { Set-StSetting @arguments } | Should -Throw -ErrorId "$ErrorId,SametimeAdmin.Commands.SetStSettingCommand"
        Get-Bytes $path | Should -BeExactly $before
        Get-Backup $path | Should -BeNullOrEmpty
    }

    It 'refuses a UTF-16 file instead of damaging it' {
        $path = Join-Path (New-TestFolder) 'notes.ini'
        [System.IO.File]::WriteAllText($path, "[Notes]`r`nKitType=2`r`n", [System.Text.Encoding]::Unicode)
        $before = Get-Bytes $path
        { Set-StSetting -Path $path -Name X -Value 1 -ErrorAction Stop } | Should -Throw -ErrorId 'UnsupportedFileEncoding,SametimeAdmin.Commands.SetStSettingCommand'
        Get-Bytes $path | Should -BeExactly $before
    }

    It 'reports a wildcard path that matches nothing' {
        $folder = New-TestFolder
        { Get-StSetting -Path (Join-Path $folder 'nothing*.ini') -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound,SametimeAdmin.Commands.GetStSettingCommand'
    }
}

Describe 'Lossless edits through the cmdlets: <Label>' -ForEach $variants {
    BeforeAll {
        $script:lines = @('[Notes]', 'KitType=2', ('; B' + [char]0xFC + 'ro caf' + [char]0xE9 + ' ' + [char]0x2013 + ' ' + [char]0x201C + 'quoted' + [char]0x201D + ' 5 ' + [char]0x20AC), '', 'Directory=C:\Lotus\Domino\Data', 'ServerTasks=Update,Replica,Router,HTTP')
        $script:original = ConvertTo-FileBytes -Lines $lines -Encoding $Encoding -NewLine $NewLine -Final $Final
        $script:originalBytes = [byte[]]($original -split '-' | ForEach-Object { [Convert]::ToByte($_, 16) })
    }

    It 'a no-op edit gives back identical bytes and writes nothing' {
        $path = Join-Path (New-TestFolder) 'notes.ini'
        [System.IO.File]::WriteAllBytes($path, $originalBytes)
        Set-StSetting -Path $path -Name kittype -Value 2 -WarningAction SilentlyContinue
        Get-Bytes $path | Should -BeExactly $original
        Get-Backup $path | Should -BeNullOrEmpty
    }

    It 'an edit changes only its line' {
        $path = Join-Path (New-TestFolder) 'notes.ini'
        [System.IO.File]::WriteAllBytes($path, $originalBytes)
        Set-StSetting -Path $path -Name ServerTasks -Value 'Update,Replica,Router,HTTP,LDAP'
        $changed = $lines.Clone()
        $changed[5] = 'ServerTasks=Update,Replica,Router,HTTP,LDAP'
        Get-Bytes $path | Should -Be (ConvertTo-FileBytes -Lines $changed -Encoding $Encoding -NewLine $NewLine -Final $Final)
    }

    It 'an added setting follows the last one in the file''s own line ending' {
        $path = Join-Path (New-TestFolder) 'notes.ini'
        [System.IO.File]::WriteAllBytes($path, $originalBytes)
        Enable-SsoTrace -Path $path -WarningAction SilentlyContinue
        Get-Bytes $path | Should -Be (ConvertTo-FileBytes -Lines ($lines + 'DEBUG_SSO_TRACE_LEVEL=2') -Encoding $Encoding -NewLine $NewLine -Final $Final)
    }
}

Describe 'Concurrent writers in separate processes' {
    It 'two PowerShell processes adding different settings to one notes.ini at once lose none' {
        $path = Copy-Fixture 'notes-utf8bom-lf.ini' 'notes.ini'
        $writer = {
            param($ModulePath, $Path, $Prefix)
            Import-Module $ModulePath
            foreach ($i in 1..12) { Set-StSetting -Path $Path -Name ($Prefix + $i) -Value $i -BackupCount 100 -ErrorAction Stop }
        }
        $failures = Invoke-ConcurrentWriter -Writer $writer -ArgumentLists @(
            , @((Get-StagedModulePath), $path, 'LAB_A_')
            , @((Get-StagedModulePath), $path, 'LAB_B_')
        )
        $failures | Should -BeNullOrEmpty

        $names = @(Get-StSetting -Path $path -Name LAB_* | ForEach-Object Name)
        $names.Count | Should -Be 24
        foreach ($i in 1..12) {
            $names | Should -Contain "LAB_A_$i"
            $names | Should -Contain "LAB_B_$i"
        }
        (Get-Backup $path).Count | Should -Be 24
        # Nothing else is left beside the file: no lock file, no temp file.
        @(Get-ChildItem -LiteralPath (Split-Path -Parent $path) -Force).Count | Should -Be 25
    }
}
