# What the editing cmdlets tell a script: a no-op is a visible "nothing to change" notice, a restart reminder comes
# once per run and only after a change, and the -PassThru object says RestartRequired, so one is never taken for
# the other. Also the misplaced ST_TOKEN_TYPE warning of Get-StSetting and Set-StTokenType.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin

    $script:devKeys = Get-FixturePath 'vectors/ltpa-dev.keys'
    $script:devPassword = New-TestSecureString 'dev-LTPA-Passw0rd!'

    function script:New-TestFolder {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $folder
        $folder
    }

    function script:Copy-Fixture {
        param([string] $Fixture, [string] $As)
        $target = Join-Path (New-TestFolder) $As
        Copy-Item -LiteralPath (Get-FixturePath $Fixture) -Destination $target
        $target
    }

    function script:Select-Reminder {
        param($Warnings, [string] $Pattern)
        @($Warnings | Where-Object { "$_" -match $Pattern })
    }
}

Describe 'Import-LtpaKeyToSsoDoc outcome' {
    It 'reminds to restart once for several changed documents and says RestartRequired on each' {
        $a = Copy-Fixture 'domino/websso-note-export.dxl' 'inotes.dxl'
        $b = Copy-Fixture 'domino/websso-note-export.dxl' 'sametime.dxl'

        $docs = @(Import-LtpaKeyToSsoDoc -Path $a, $b -Name LtpaToken2 -KeyPath $devKeys -KeyPassword $devPassword -Confirm:$false -PassThru -WarningVariable warnings -WarningAction SilentlyContinue)

        $docs.Count | Should -Be 2
        $docs | ForEach-Object { $_.RestartRequired | Should -BeTrue }
        (Select-Reminder $warnings 'Restart the Domino servers').Count | Should -Be 1
        (Select-Reminder $warnings 'nothing to change').Count | Should -Be 0
    }

    It 'says "nothing to change" as a warning on the second run, with RestartRequired false and no restart reminder' {
        $path = Copy-Fixture 'domino/websso-note-export.dxl' 'names.dxl'
        Import-LtpaKeyToSsoDoc -Path $path -Name LtpaToken2 -KeyPath $devKeys -KeyPassword $devPassword -Confirm:$false -WarningAction SilentlyContinue

        $doc = Import-LtpaKeyToSsoDoc -Path $path -Name LtpaToken2 -KeyPath $devKeys -KeyPassword $devPassword -Confirm:$false -PassThru -WarningVariable warnings -WarningAction SilentlyContinue

        $doc.RestartRequired | Should -BeFalse
        $doc.HasWebSphereKeys | Should -BeTrue
        (Select-Reminder $warnings 'already holds these keys and settings; nothing to change').Count | Should -Be 1
        (Select-Reminder $warnings 'Restart').Count | Should -Be 0
    }
}

Describe 'Config cmdlets outcome' {
    It 'remind to restart once for two changed files; a second run gives two no-op notices and no reminder' {
        $one = Join-Path (New-TestFolder) 'notes.ini'
        $two = Join-Path (New-TestFolder) 'notes.ini'
        foreach ($file in $one, $two) { [System.IO.File]::WriteAllText($file, "[Notes]`nKitType=2`n") }

        $edits = @(Enable-SsoTrace -Path $one, $two -PassThru -WarningVariable warnings -WarningAction SilentlyContinue)
        $edits.RestartRequired | Should -Be @($true, $true)
        (Select-Reminder $warnings 'restart task http').Count | Should -Be 1

        $again = @(Enable-SsoTrace -Path $one, $two -PassThru -WarningVariable warnings -WarningAction SilentlyContinue)
        $again.RestartRequired | Should -Be @($false, $false)
        $again.Action | Should -Be @('Unchanged', 'Unchanged')
        (Select-Reminder $warnings 'nothing changed').Count | Should -Be 2
        (Select-Reminder $warnings 'restart').Count | Should -Be 0
    }
}

Describe 'Trusted-IP cmdlets outcome' {
    It 'mark the -PassThru entries RestartRequired only when the list changed' {
        $path = Copy-Fixture 'configfiles/stconfig-community-connectivity.dxl' 'stconfig.dxl'

        $added = @(Add-TrustedIp -Path $path -IPAddress 192.0.2.21 -PassThru -WarningVariable warnings -WarningAction SilentlyContinue)
        $added | ForEach-Object { $_.RestartRequired | Should -BeTrue }
        (Select-Reminder $warnings 'Restart the Sametime Community Server').Count | Should -Be 1

        $same = @(Add-TrustedIp -Path $path -IPAddress 192.0.2.21 -PassThru -WarningVariable warnings -WarningAction SilentlyContinue)
        $same | ForEach-Object { $_.RestartRequired | Should -BeFalse }
        (Select-Reminder $warnings 'nothing to add').Count | Should -Be 1
        (Select-Reminder $warnings 'Restart').Count | Should -Be 0
    }
}

Describe 'Misplaced ST_TOKEN_TYPE' {
    BeforeAll {
        # The classic mistake: the setting written under [Config] instead of [AuthToken] (guide 4.1, CLFRX0035E).
        $script:misplacedIni = "[Config]`r`nST_COMMUNITY_ID=sametime`r`nST_TOKEN_TYPE=LtpaToken2`r`n`r`n[Debug]`r`nUCM_DEBUG=0`r`n"
    }

    It 'Get-StSetting warns, naming the line and section, also when asked for [AuthToken] only' {
        $path = Join-Path (New-TestFolder) 'sametime.ini'
        [System.IO.File]::WriteAllText($path, $misplacedIni)

        $settings = @(Get-StSetting -Path $path -WarningVariable warnings -WarningAction SilentlyContinue)
        $settings.Count | Should -Be 3
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'ST_TOKEN_TYPE=LtpaToken2 on line 3 is in section \[Config\], not in \[AuthToken\]'

        $null = Get-StSetting -Path $path -Section AuthToken -Name ST_TOKEN_TYPE -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        (Select-Reminder $warnings 'line 3').Count | Should -Be 1
    }

    It 'Get-StSetting says nothing when ST_TOKEN_TYPE is in [AuthToken]' {
        $path = Join-Path (New-TestFolder) 'sametime.ini'
        [System.IO.File]::WriteAllText($path, "[AuthToken]`nST_TOKEN_TYPE=LtpaToken2`n")
        $null = Get-StSetting -Path $path -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 0
    }

    It 'Set-StTokenType writes [AuthToken] and warns about the line left in [Config]' {
        $path = Join-Path (New-TestFolder) 'sametime.ini'
        [System.IO.File]::WriteAllText($path, $misplacedIni)

        Set-StTokenType -Path $path -Name LtpaToken2 -WarningVariable warnings -WarningAction SilentlyContinue

        [System.IO.File]::ReadAllText($path) | Should -BeExactly ($misplacedIni + "`r`n[AuthToken]`r`nST_TOKEN_TYPE=LtpaToken2`r`n")
        (Select-Reminder $warnings 'on line 3 is in section \[Config\]').Count | Should -Be 1
        (Select-Reminder $warnings 'restart the Sametime Community Server').Count | Should -Be 1
    }
}
