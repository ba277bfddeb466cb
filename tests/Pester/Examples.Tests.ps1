# The admin scripts of examples/ against a copy of the bundled lab (examples/lab) in TestDrive.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    $script:examples = Join-Path (Get-RepoRoot) 'examples'
    Import-Module (Join-Path $examples 'LabProxy/LabProxy.psm1') -Force
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

    It 'with -WhatIf leaves every file of the lab byte-identical, writes no report or export and returns nothing' {
        $before = Get-ChildItem -LiteralPath $lab -Recurse -File | ForEach-Object { '{0} {1}' -f $_.FullName, (Get-FileHash -LiteralPath $_.FullName).Hash }
        $report = Join-Path $TestDrive 'rollout-whatif.html'
        $export = Join-Path $TestDrive 'rollout-whatif.keys'
        # In a fresh PowerShell: What-if lines go to the host, which only a separate process can capture.
        $text = "`$password = ConvertTo-SecureString 'Lab-Ltpa-Passw0rd' -AsPlainText -Force; " +
            "`$result = & '$rollout' -KeyPassword `$password -ExportPassword `$password -ExportPath '$export' -HtmlReport '$report' " +
            (($arguments.Keys | Where-Object { $_ -ne 'KeyPassword' } | ForEach-Object { "-$_ '$($arguments[$_])'" }) -join ' ') +
            " -WhatIf 6>`$null; 'returned ' + @(`$result).Count; exit 0"
        $run = Invoke-ExampleProcess -Script $text
        $run.ExitCode | Should -Be 0 -Because $run.Output
        Get-ChildItem -LiteralPath $lab -Recurse -File | ForEach-Object { '{0} {1}' -f $_.FullName, (Get-FileHash -LiteralPath $_.FullName).Hash } | Should -Be $before
        Test-Path -LiteralPath $report | Should -BeFalse
        Test-Path -LiteralPath $export | Should -BeFalse
        $run.Output | Should -Match 'returned 0'
        # One What-if line per step and target: the script asks itself instead of passing the cmdlets -Confirm:$false.
        foreach ($line in @("Export a copy of the LTPA keys.+$([regex]::Escape($export))",
                "Import the LTPA keys.+names-websso-ltpatoken2\.dxl", "Import the LTPA keys.+names-websso\.dxl",
                'Trust 192\.0\.2\.21.+stconfig', 'ST_TOKEN_TYPE=LtpaToken2.+sametime\.ini', 'buddy list servlet.+servlets\.properties')) {
            $run.Output | Should -Match "What if: .*$line"
        }
    }

    It 'rolls out SSO on the lab with -Confirm:$false and verifies it with a passing checklist and its report' {
        $before = Invoke-SsoChecklist -EnvironmentPath (Join-Path $lab 'environment.psd1') -LtpaKeyPassword $keyPassword -Offline -Summary
        $before.FailedChecks | Should -Contain 'CrossServer.TokenTypeMatchesConfiguration.Community'
        $report = Join-Path $TestDrive 'rollout.html'
        $summary = & $rollout @arguments -HtmlReport $report -Confirm:$false 6>$null 3>$null | Select-Object -Last 1
        Test-Path -LiteralPath $report | Should -BeTrue
        $summary.GetType().FullName | Should -Be 'SametimeAdmin.Checklist.ChecklistSummary'
        $summary.Failed | Should -Be 0
        $summary.Passed | Should -BeGreaterThan 10
        (Get-StSetting -Path $arguments.SametimeIni -Section AuthToken -Name ST_TOKEN_TYPE).Value | Should -Be 'LtpaToken2'
        @(Get-TrustedIp -Path $arguments.StConfigDocument | ForEach-Object { $_.IPAddress }) | Should -Contain '192.0.2.21'
        @(Get-SsoDoc -Path $arguments.INotesSsoDocument, $arguments.SametimeSsoDocument | Where-Object { $_.HasWebSphereKeys }).Count | Should -Be 2
    }

    It 'is idempotent: a second run changes no file' {
        $before = (Get-FileHash -LiteralPath $files).Hash
        $summary = & $rollout @arguments -Confirm:$false 6>$null 3>$null | Select-Object -Last 1
        $summary.Failed | Should -Be 0
        (Get-FileHash -LiteralPath $files).Hash | Should -Be $before
    }
}

Describe 'examples/Invoke-SametimeHealthCheck.ps1' {
    BeforeAll {
        $script:lab = New-LabCopy 'health'
        $script:health = Join-Path $examples 'Invoke-SametimeHealthCheck.ps1'
        $script:proxy = Start-LabProxy -KeyPath (Join-Path $lab 'proxy/ltpa.keys') -KeyPassword $keyPassword
    }

    AfterAll {
        if ($proxy) { Stop-LabProxy -Proxy $proxy }
    }

    It 'is healthy when the proxy answers the awareness path with a token login' {
        $verdict = & $health -ProxyUrl $proxy.Url -KeyPath (Join-Path $lab 'proxy/ltpa.keys') -KeyPassword $keyPassword -UserName $alice -TimeoutSeconds 5 -NoExit -PassThru |
            Where-Object { $_.PSObject.TypeNames -contains 'SametimeAdmin.HealthCheckResult' }
        $verdict.Healthy | Should -BeTrue
        $verdict.ExitCode | Should -Be 0
    }

    It 'reports the incomplete Sametime start-up and writes the checklist report' {
        $report = Join-Path $TestDrive 'health.html'
        $verdict = & $health -ConsoleLog (Join-Path $lab 'community/console.log') -EnvironmentPath (Join-Path $lab 'environment.psd1') -KeyPassword $keyPassword `
            -ProxyUrl $proxy.Url -HtmlReport $report -TimeoutSeconds 5 -NoExit -PassThru | Where-Object { $_.PSObject.TypeNames -contains 'SametimeAdmin.HealthCheckResult' }
        $verdict.Healthy | Should -BeFalse
        ($verdict.Problems -join "`n") | Should -Match 'ST Offline Messages'
        $verdict.Report | Should -Be $report
        Test-Path -LiteralPath $report | Should -BeTrue
    }

    It 'probes the Sametime ports with -Probe and names the ports that do not answer' {
        # Nothing of Sametime listens on this machine's loopback, so every probed port is refused at once.
        $verdict = & $health -ComputerName 127.0.0.1 -Probe -TimeoutSeconds 2 -NoExit -PassThru |
            Where-Object { $_.PSObject.TypeNames -contains 'SametimeAdmin.HealthCheckResult' }
        $verdict.Healthy | Should -BeFalse
        ($verdict.Problems -join "`n") | Should -Match 'ports answering'
        ($verdict.Problems -join "`n") | Should -Match 'Community VP server port'
    }

    It 'ends a scheduled task with exit code <ExitCode> when <Case>' -ForEach @(
        @{ Case = 'the proxy is down'; Mode = 'ProxyDown'; ExitCode = 1 }
        @{ Case = 'all is well'; Mode = 'Normal'; ExitCode = 0 }
    ) {
        Set-LabProxyMode -Proxy $proxy -Mode $Mode
        try {
            $run = Invoke-ExampleProcess -Script ("& '" + $health + "' -ProxyUrl '" + $proxy.Url + "' -TimeoutSeconds 5")
            $run.ExitCode | Should -Be $ExitCode -Because $run.Output
            $run.Output | Should -Match 'verdict:'
        }
        finally { Set-LabProxyMode -Proxy $proxy -Mode Normal }
    }
}

Describe 'examples/Start-SsoTroubleshooting.ps1' {
    BeforeAll {
        $script:lab = New-LabCopy 'troubleshooting'
        $script:keys = Get-LtpaKey -Path (Join-Path $lab 'proxy/ltpa.keys') -Password $keyPassword
        $token = New-LtpaToken -KeySet $keys -UserName $alice
        $script:cookie = New-TestSecureString ('Cookie: JSESSIONID=0000abc; LtpaToken2=' + [uri]::EscapeDataString([string]$token) + '; Path=/')
        $script:session = & (Join-Path $examples 'Start-SsoTroubleshooting.ps1') -Cookie $cookie -KeyPath (Join-Path $lab 'proxy/ltpa.keys') -KeyPassword $keyPassword `
            -LogPath (Join-Path $lab 'proxy/trace.log'), (Join-Path $lab 'inotes/console.log') -EnvironmentPath (Join-Path $lab 'environment.psd1') -Offline 6>$null |
            Where-Object { $_.PSObject.TypeNames -contains 'SametimeAdmin.TroubleshootingSession' }
    }

    It 'decodes the captured token with the proxy keys' {
        @($session.Tokens).Count | Should -BeGreaterThan 0
        ($session.Tokens | Select-Object -First 1 | Out-String) | Should -Match 'alice'
    }

    It 'reads the SSO traces and finds the failures the lab logs hold' {
        $session.FailedEvents | Should -BeGreaterThan 0
        @($session.TraceEvents | Where-Object { $_.IsFailure } | ForEach-Object { [string]$_.Outcome }) | Should -Contain 'Expired'
    }

    It 'runs the checklist' {
        $session.Checklist.GetType().FullName | Should -Be 'SametimeAdmin.Checklist.ChecklistSummary'
        $session.Checklist.Total | Should -BeGreaterThan 20
    }
}
