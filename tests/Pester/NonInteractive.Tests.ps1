# A session without a user (pwsh -NonInteractive, a scheduled task) cannot answer prompts: the cmdlets must say how
# to confirm, and PowerShell's own errors must keep their own ErrorId instead of becoming "failed unexpectedly".
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    function script:New-TestFolder {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $folder
        $folder
    }

    # Runs the commands in a child 'pwsh -NonInteractive' with the staged module loaded; the child prints
    # ID=, CATEGORY=, MESSAGE= and ACTION= lines for the error it catches, or OK.
    function script:Invoke-NonInteractive {
        param([string] $Command)
        $script = "`$ErrorActionPreference = 'Stop'`nImport-Module '" + (Get-StagedModulePath) + "'`n" +
            "try { " + $Command + " | Out-Null; 'OK' }`n" +
            "catch { 'ID=' + `$_.FullyQualifiedErrorId; 'CATEGORY=' + `$_.CategoryInfo.Category; 'MESSAGE=' + `$_.Exception.Message; if (`$_.ErrorDetails) { 'ACTION=' + `$_.ErrorDetails.RecommendedAction } }"
        $lines = @(Invoke-InFreshSession -Script $script | ForEach-Object { [string]$_ })
        $result = @{ Output = ($lines -join "`n") }
        foreach ($line in $lines) {
            if ($line -match '^(ID|CATEGORY|MESSAGE|ACTION)=(.*)$') { $result[$Matches[1]] = $Matches[2] }
        }
        $result
    }
}

Describe 'Cmdlets in a non-interactive session' {
    It 'a High-impact import without -Confirm:$false stops with ConfirmationRequired, says how to confirm and changes nothing' {
        $folder = New-TestFolder
        $path = Join-Path $folder 'names.dxl'
        Copy-Item -LiteralPath (Get-FixturePath 'domino/websso-note-export.dxl') -Destination $path
        $before = [System.IO.File]::ReadAllBytes($path)
        $command = "Import-LtpaKeyToSsoDoc -Path '$path' -Name LtpaToken2 -KeyPath '" + (Get-FixturePath 'vectors/ltpa-dev.keys') +
            "' -KeyPassword (ConvertTo-SecureString 'dev-LTPA-Passw0rd!' -AsPlainText -Force)"

        $result = Invoke-NonInteractive $command

        $result.ID | Should -BeExactly 'ConfirmationRequired,SametimeAdmin.Commands.ImportLtpaKeyToSsoDocCommand' -Because $result.Output
        $result.CATEGORY | Should -Be 'InvalidOperation'
        $result.MESSAGE | Should -Match 'cannot prompt'
        $result.MESSAGE | Should -Match 'Nothing was changed'
        $result.MESSAGE | Should -Not -Match 'unexpectedly'
        $result.ACTION | Should -Match ([regex]::Escape('-Confirm:$false'))
        [System.IO.File]::ReadAllBytes($path) | Should -Be $before
        @(Get-ChildItem -LiteralPath $folder).Count | Should -Be 1

        # The write's own warnings (the copied fixture was readable by others, restart Domino) are not this test's subject.
        $confirmed = Invoke-NonInteractive ($command + ' -Confirm:$false -WarningAction SilentlyContinue')
        $confirmed.Output | Should -Be 'OK'
        [System.IO.File]::ReadAllBytes($path) | Should -Not -Be $before
    }

    It 'an explicit -Confirm on a config edit stops with ConfirmationRequired' {
        $path = Join-Path (New-TestFolder) 'sametime.ini'
        [System.IO.File]::WriteAllText($path, "[Config]`nA=1`n")

        $result = Invoke-NonInteractive "Set-StSetting -Path '$path' -Section Config -Name A -Value 2 -Confirm"

        $result.ID | Should -BeExactly 'ConfirmationRequired,SametimeAdmin.Commands.SetStSettingCommand' -Because $result.Output
        $result.MESSAGE | Should -Match ([regex]::Escape("'$path'"))
        [System.IO.File]::ReadAllText($path) | Should -BeExactly "[Config]`nA=1`n"
    }

    It 'a prompt the host cannot show for another reason keeps PowerShell''s own ErrorId' {
        $path = Join-Path (New-TestFolder) 'sametime.ini'
        [System.IO.File]::WriteAllText($path, "[Config]`nA=1`n")

        # -ErrorAction Inquire makes the host prompt for the SettingNotFound error (as -Debug does on Windows PowerShell).
        $result = Invoke-NonInteractive "Get-StSetting -Path '$path' -Name Missing -ErrorAction Inquire"

        $result.ID | Should -Not -BeNullOrEmpty -Because $result.Output
        $result.ID | Should -Not -Match '^UnexpectedError'
        $result.MESSAGE | Should -Not -Match 'SametimeAdmin failed unexpectedly'
        $result.MESSAGE | Should -Match 'NonInteractive'
        $result.CATEGORY | Should -Be 'InvalidOperation'
    }
}
