BeforeDiscovery {
    # Unix file modes exist only on PowerShell 7 outside Windows; these tests are defined only there.
    $isDesktop = $PSVersionTable.PSEdition -eq 'Desktop'
    $script:onUnix = @(if (-not $isDesktop -and -not $IsWindows) { @{} })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin

    $script:devKeys = Get-FixturePath 'vectors/ltpa-dev.keys'
    $script:devPassword = New-TestSecureString 'dev-LTPA-Passw0rd!'

    function script:New-TestFolder {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory -Path $folder
        $folder
    }

    function script:Set-Mode {
        param([string] $Path, [string] $Octal)
        [System.IO.File]::SetUnixFileMode($Path, [System.IO.UnixFileMode][Convert]::ToInt32($Octal, 8))
    }

    function script:Get-Mode {
        param([string] $Path)
        [Convert]::ToString([int][System.IO.File]::GetUnixFileMode($Path), 8)
    }

    function script:Get-Entry {
        param([string] $Folder)
        @(Get-ChildItem -LiteralPath $Folder -Force | Sort-Object Name | ForEach-Object Name)
    }

    function script:New-NotesIni {
        $path = Join-Path (New-TestFolder) 'notes.ini'
        [System.IO.File]::WriteAllText($path, "[Notes]`nKitType=2`n")
        $path
    }
}

Describe 'Key material on disk' {
    It 'Import-LtpaKeyToSsoDoc makes a world-readable DXL and its backup owner-only and says it was readable' -ForEach $onUnix {
        $folder = New-TestFolder
        $path = Join-Path $folder 'names-websso.dxl'
        Copy-Item -LiteralPath (Get-FixturePath 'domino/websso-note-export.dxl') -Destination $path
        Set-Mode $path '644'
        Set-Mode $folder '755'

        Import-LtpaKeyToSsoDoc -Path $path -Name LtpaToken2 -KeyPath $devKeys -KeyPassword $devPassword -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue

        Get-Mode $path | Should -Be '600'
        $backup = @(Get-ChildItem -LiteralPath $folder -Filter 'names-websso.dxl.*.bak')
        $backup.Count | Should -Be 1
        Get-Mode $backup[0].FullName | Should -Be '600'
        (Get-Entry $folder).Count | Should -Be 2
        ($warnings -join "`n") | Should -Match ([regex]::Escape("'$path' was readable by other users (mode 0644)"))
        ($warnings -join "`n") | Should -Match ([regex]::Escape("The folder '$folder' is readable by other users"))
    }

    It 'Import-LtpaKeyToSsoDoc does not warn when the DXL and its folder are private' -ForEach $onUnix {
        $folder = New-TestFolder
        $path = Join-Path $folder 'names-websso.dxl'
        Copy-Item -LiteralPath (Get-FixturePath 'domino/websso-note-export.dxl') -Destination $path
        Set-Mode $path '600'
        Set-Mode $folder '700'

        Import-LtpaKeyToSsoDoc -Path $path -Name LtpaToken2 -KeyPath $devKeys -KeyPassword $devPassword -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue

        # The restart reminder is expected; no warning about who could read the file.
        @($warnings | Where-Object { "$_" -match 'readable by other users' }).Count | Should -Be 0
        @($warnings | Where-Object { "$_" -match 'restart' }).Count | Should -Be 1
        Get-Mode $path | Should -Be '600'
    }

    It 'Export-LtpaKey -Force over a readable key file warns and keeps the old keys owner-only' -ForEach $onUnix {
        $folder = New-TestFolder
        Set-Mode $folder '700'
        $path = Join-Path $folder 'ltpa.keys'
        Copy-Item -LiteralPath $devKeys -Destination $path
        Set-Mode $path '644'

        New-LtpaKey | Export-LtpaKey -Path $path -Password $devPassword -Force -WarningVariable warnings -WarningAction SilentlyContinue

        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -Match 'was readable by other users \(mode 0644\)'
        Get-Mode $path | Should -Be '600'
        $backup = @(Get-ChildItem -LiteralPath $folder -Filter 'ltpa.keys.*.bak')
        $backup.Count | Should -Be 1
        Get-Mode $backup[0].FullName | Should -Be '600'
    }
}

Describe 'Writes' {
    It 'refuses a read-only notes.ini with FileReadOnly and leaves it and its folder as they were' -ForEach $onUnix {
        $path = New-NotesIni
        Set-Mode $path '444'
        $before = [System.IO.File]::ReadAllText($path)

        { Set-StSetting -Path $path -Name DEBUG_SSO_TRACE_LEVEL -Value 2 -ErrorAction Stop } |
            Should -Throw -ErrorId 'FileReadOnly,SametimeAdmin.Commands.SetStSettingCommand'

        [System.IO.File]::ReadAllText($path) | Should -BeExactly $before
        Get-Entry (Split-Path -Parent $path) | Should -Be @('notes.ini')
    }

    It 'edits the file a symbolic link names and keeps the link' -ForEach $onUnix {
        $real = New-NotesIni
        $linkFolder = New-TestFolder
        $link = Join-Path $linkFolder 'notes.ini'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target $real

        Set-StSetting -Path $link -Name DEBUG_SSO_TRACE_LEVEL -Value 2

        (Get-Item -LiteralPath $link).LinkType | Should -Be 'SymbolicLink'
        (Get-StSetting -Path $real -Name DEBUG_SSO_TRACE_LEVEL).Value | Should -Be '2'
        Get-Entry $linkFolder | Should -Be @('notes.ini')
    }

    It '-BackupCount keeps the newest backups and the folder holds nothing else' {
        $path = New-NotesIni
        foreach ($i in 1..4) { Set-StSetting -Path $path -Name ('LAB_KEY' + $i) -Value $i -BackupCount 2 }

        $entries = Get-Entry (Split-Path -Parent $path)
        $entries.Count | Should -Be 3
        $entries | Should -Contain 'notes.ini'
        $backups = @(Get-ChildItem -LiteralPath (Split-Path -Parent $path) -Filter 'notes.ini.*.bak' | ForEach-Object { [System.IO.File]::ReadAllText($_.FullName) })
        # The two newest: the content before the third and before the fourth edit.
        $backups.Count | Should -Be 2
        foreach ($backup in $backups) { $backup | Should -Match 'LAB_KEY2=2' }
        ($backups -join "`n") | Should -Match 'LAB_KEY3=3'
    }

    It 'keeps ten backups by default' {
        $path = New-NotesIni
        foreach ($i in 1..12) { Set-StSetting -Path $path -Name ('LAB_KEY' + $i) -Value $i }
        @(Get-ChildItem -LiteralPath (Split-Path -Parent $path) -Filter 'notes.ini.*.bak').Count | Should -Be 10
    }

    It 'refuses a -BackupCount below one' {
        $path = New-NotesIni
        { Set-StSetting -Path $path -Name LAB_KEY -Value 1 -BackupCount 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SametimeAdmin.Commands.SetStSettingCommand'
    }
}
