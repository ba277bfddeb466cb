# The admin scripts of examples/ against a copy of the bundled lab (examples/lab) in TestDrive.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    $script:examples = Join-Path (Get-RepoRoot) 'examples'
    # Lab-only password (examples/lab/README.md).
    $script:keyPassword = New-TestSecureString 'Lab-Ltpa-Passw0rd'
    $script:alice = 'uid=alice,ou=people,dc=lab,dc=example,dc=com'

    function New-LabCopy {
        param([string] $Name)
        $target = Join-Path $TestDrive $Name
        Copy-Item -LiteralPath (Join-Path $examples 'lab') -Destination $target -Recurse
        $target
    }

    function Get-RolloutArguments {
        param([string] $Lab)
        @{
            KeyPath             = Join-Path $Lab 'proxy/ltpa.keys'
            KeyPassword         = $keyPassword
            INotesSsoDocument   = Join-Path $Lab 'inotes/names-websso-ltpatoken2.dxl'
            SametimeSsoDocument = Join-Path $Lab 'sametime/names-websso.dxl'
            StConfigDocument    = Join-Path $Lab 'sametime/stconfig-community-connectivity.dxl'
            INotesAddress       = '192.0.2.21'
            SametimeIni         = Join-Path $Lab 'sametime/sametime.ini'
            ServletsProperties  = Join-Path $Lab 'inotes/servlets.properties'
            DnsDomain           = '.lab.example.com'
        }
    }

    # Runs an example in a fresh PowerShell (as a scheduled task would) and returns its exit code and output.
    function Invoke-ExampleProcess {
        param([string] $Script)
        $output = Invoke-InFreshSession -Script ("`$ErrorActionPreference = 'Stop'; Import-Module '" + (Get-StagedModulePath) + "'; " + $Script + "; exit `$LASTEXITCODE")
        [pscustomobject]@{ Output = ($output | Out-String); ExitCode = $LASTEXITCODE }
    }
}

Describe 'examples/Invoke-SsoRollout.ps1' {
    BeforeAll {
        $script:lab = New-LabCopy 'rollout'
        $script:rollout = Join-Path $examples 'Invoke-SsoRollout.ps1'
        $script:arguments = Get-RolloutArguments -Lab $lab
        $script:files = @($arguments.INotesSsoDocument, $arguments.SametimeSsoDocument, $arguments.StConfigDocument, $arguments.SametimeIni, $arguments.ServletsProperties)
    }

    It 'changes nothing with -WhatIf' {
        $before = (Get-FileHash -LiteralPath $files).Hash
        $null = & $rollout @arguments -WhatIf 6>$null
        (Get-FileHash -LiteralPath $files).Hash | Should -Be $before
    }

    It 'rolls out SSO on the lab and verifies it with a passing checklist' {
        $before = Invoke-SsoChecklist -EnvironmentPath (Join-Path $lab 'environment.psd1') -LtpaKeyPassword $keyPassword -Offline -Summary
        $before.FailedChecks | Should -Contain 'CrossServer.TokenTypeMatchesConfiguration.Community'
        $summary = & $rollout @arguments -Confirm:$false 6>$null | Select-Object -Last 1
        $summary.GetType().FullName | Should -Be 'SametimeAdmin.Checklist.ChecklistSummary'
        $summary.Failed | Should -Be 0
        $summary.Passed | Should -BeGreaterThan 10
        (Get-StSetting -Path $arguments.SametimeIni -Section AuthToken -Name ST_TOKEN_TYPE).Value | Should -Be 'LtpaToken2'
        @(Get-TrustedIp -Path $arguments.StConfigDocument | ForEach-Object { $_.IPAddress }) | Should -Contain '192.0.2.21'
        @(Get-SsoDoc -Path $arguments.INotesSsoDocument, $arguments.SametimeSsoDocument | Where-Object { $_.HasWebSphereKeys }).Count | Should -Be 2
    }

    It 'is idempotent: a second run changes no file' {
        $before = (Get-FileHash -LiteralPath $files).Hash
        $summary = & $rollout @arguments -Confirm:$false 6>$null | Select-Object -Last 1
        $summary.Failed | Should -Be 0
        (Get-FileHash -LiteralPath $files).Hash | Should -Be $before
    }
}
