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
        $before = Invoke-SsoChecklist -EnvironmentPath (Join-Path $lab 'environment.psd1') -KeyPassword $keyPassword -Offline -Summary
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
        $all = & $health -ProxyUrl $proxy.Url -KeyPath (Join-Path $lab 'proxy/ltpa.keys') -KeyPassword $keyPassword -UserName $alice -TimeoutSeconds 5 -NoExit -PassThru 3>&1
        $verdict = $all | Where-Object { $_.PSObject.TypeNames -contains 'SametimeAdmin.HealthCheckResult' }
        # The lab proxy speaks plain http, and the probe says so.
        (@($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }) -join ' ') | Should -Match 'sent in the LtpaToken2 cookie over unencrypted http'
        $verdict.Healthy | Should -BeTrue
        $verdict.ExitCode | Should -Be 0
    }

    It 'reports the incomplete Sametime start-up and writes the checklist report' {
        $report = Join-Path $TestDrive 'health.html'
        $all = & $health -ConsoleLog (Join-Path $lab 'community/console.log') -EnvironmentPath (Join-Path $lab 'environment.psd1') -KeyPassword $keyPassword `
            -ProxyUrl $proxy.Url -HtmlReport $report -TimeoutSeconds 5 -NoExit -PassThru 3>&1
        $verdict = $all | Where-Object { $_.PSObject.TypeNames -contains 'SametimeAdmin.HealthCheckResult' }
        (@($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }) -join ' ') | Should -Match 'over unencrypted http'
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

Describe 'examples/Invoke-SametimeHealthCheck.ps1 with secrets from Export-Clixml files (scheduled task)' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'DasLabServer.psm1') -Force
        $script:lab = New-LabCopy 'health-secrets'
        $script:health = Join-Path $examples 'Invoke-SametimeHealthCheck.ps1'
        $script:keyFile = Join-Path $lab 'proxy/ltpa.keys'
        $script:proxy = Start-LabProxy -KeyPath $keyFile -KeyPassword $keyPassword
        $script:das = Start-StConfigDasLabServer -WorkPath $TestDrive
        # The DAS lab document trusts 192.0.2.41: that check passes only when the document could be read with the credential.
        $script:dasEnvironment = Join-Path $TestDrive 'das-environment.psd1'
        Set-Content -LiteralPath $dasEnvironment -Value ("@{ INotes = @{ Addresses = @('192.0.2.41') }; Community = @{ StConfigDocument = '" + $das.Url + "' } }")
        $script:isWindowsHost = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
        $script:secrets = Join-Path $TestDrive 'secrets'
        $null = New-Item -ItemType Directory -Path $secrets

        # What the admin does once as the task's account; owner-only, since off Windows Export-Clixml does not encrypt.
        function Save-Secret {
            param($Secret, [string] $Name)
            $path = Join-Path $secrets $Name
            $Secret | Export-Clixml -LiteralPath $path
            if (-not $isWindowsHost) { chmod 600 $path }
            $path
        }
        $script:keyPasswordFile = Save-Secret $keyPassword 'ltpa-password.xml'
        $script:keyCredentialFile = Save-Secret (New-Object System.Management.Automation.PSCredential ('ltpa.keys', $keyPassword)) 'ltpa-credential.xml'
        # Lab-only password of the lab proxy's users (examples/LabProxy).
        $script:testUserFile = Save-Secret (New-Object System.Management.Automation.PSCredential ($alice, (New-TestSecureString 'lab-passw0rd'))) 'test-user.xml'
        $script:wrongTestUserFile = Save-Secret (New-Object System.Management.Automation.PSCredential ($alice, (New-TestSecureString 'Not-the-passw0rd'))) 'wrong-test-user.xml'
        $script:dasFile = Save-Secret (Get-StConfigDasCredential) 'das-credential.xml'
        # Appended to a child's command: its warnings become output lines, checked there instead of reaching the
        # console of the test run (a child's host writes them past any redirection of the child's output).
        $script:warningsToOutput = " -WarningVariable childWarnings -WarningAction SilentlyContinue; `$childWarnings | ForEach-Object { 'WARNING: ' + `$_ }"
    }

    AfterAll {
        if ($proxy) { Stop-LabProxy -Proxy $proxy }
        if ($das) { Stop-DasLabServer $das }
    }

    It 'logs in by token with the ltpa.keys password read from its file; the command line names only files' {
        $command = "& '$health' -ProxyUrl '$($proxy.Url)' -KeyPath '$keyFile' -KeyPasswordPath '$keyPasswordFile' -UserName '$alice' -TimeoutSeconds 5"
        $command | Should -Not -Match 'Lab-Ltpa-Passw0rd'
        $run = Invoke-ExampleProcess -Script ($command + $warningsToOutput)
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'Login: Passed - .*byToken'
        # The lab proxy speaks plain http, and the probe says so.
        $run.Output | Should -Match 'WARNING: The LTPA token \(minted by the probe\) is sent in the LtpaToken2 cookie over unencrypted http'
        $run.Output | Should -Not -Match 'Lab-Ltpa-Passw0rd'
    }

    It 'also takes the ltpa.keys password from a PSCredential file' {
        $verdict = & $health -ProxyUrl $proxy.Url -KeyPath $keyFile -KeyPasswordPath $keyCredentialFile -UserName $alice -TimeoutSeconds 5 -NoExit -PassThru 3>$null |
            Where-Object { $_.PSObject.TypeNames -contains 'SametimeAdmin.HealthCheckResult' }
        $verdict.Healthy | Should -BeTrue
    }

    It 'logs in by password with the test user read from its file, and fails with a wrong one' {
        # Over the lab proxy's plain http the probe warns that the password is sent in the clear.
        $cleartext = "WARNING: The password of '" + [regex]::Escape($alice) + "' is sent over unencrypted http"
        $run = Invoke-ExampleProcess -Script ("& '$health' -ProxyUrl '$($proxy.Url)' -TestCredentialPath '$testUserFile' -TimeoutSeconds 5" + $warningsToOutput)
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'Login: Passed - .*byPassword'
        $run.Output | Should -Match $cleartext
        $run.Output | Should -Not -Match 'lab-passw0rd'
        $wrong = Invoke-ExampleProcess -Script ("& '$health' -ProxyUrl '$($proxy.Url)' -TestCredentialPath '$wrongTestUserFile' -TimeoutSeconds 5" + $warningsToOutput)
        $wrong.ExitCode | Should -Be 1 -Because $wrong.Output
        $wrong.Output | Should -Match 'Login: Failed'
        $wrong.Output | Should -Match $cleartext
        $wrong.Output | Should -Not -Match 'Not-the-passw0rd'
    }

    It 'reads the Domino Access Services document with the credential read from its file' {
        $with = & $health -EnvironmentPath $dasEnvironment -CredentialPath $dasFile -TimeoutSeconds 5 -NoExit -PassThru 3>$null |
            Where-Object { $_.PSObject.TypeNames -contains 'SametimeAdmin.HealthCheckResult' }
        ($with.Problems -join "`n") | Should -Not -Match 'TrustedIps'
        $without = & $health -EnvironmentPath $dasEnvironment -TimeoutSeconds 5 -NoExit -PassThru 3>$null |
            Where-Object { $_.PSObject.TypeNames -contains 'SametimeAdmin.HealthCheckResult' }
        ($without.Problems -join "`n") | Should -Match 'TrustedIps\.Community\.192\.0\.2\.41'
    }

    It 'refuses, without showing the secret, <Case>' -ForEach @(
        @{ Case = 'a missing file'; Arguments = @{ KeyPasswordPath = 'missing.xml' }; Message = '*-KeyPasswordPath*does not exist*Export-Clixml*' }
        @{ Case = 'a SecureString where a PSCredential is needed'; Arguments = @{ CredentialPath = 'ltpa-password.xml' }; Message = '*-CredentialPath*holds a SecureString, not a PSCredential*' }
        @{ Case = 'a file that is not Export-Clixml output'; Arguments = @{ TestCredentialPath = 'plain.txt' }; Message = '*-TestCredentialPath*could not be read as an Export-Clixml file*' }
        @{ Case = 'a secret given twice'; Arguments = @{ KeyPasswordPath = 'ltpa-password.xml'; KeyPassword = 'secure' }; Message = 'Give -KeyPassword or -KeyPasswordPath, not both.' }
    ) {
        Set-Content -LiteralPath (Join-Path $secrets 'plain.txt') -Value 'Lab-Ltpa-Passw0rd'
        if (-not $isWindowsHost) { chmod 600 (Join-Path $secrets 'plain.txt') }
        $given = @{}
        foreach ($name in $Arguments.Keys) {
            if ($name -eq 'KeyPassword') { $given[$name] = $keyPassword } else { $given[$name] = Join-Path $secrets $Arguments[$name] }
        }
        $failure = $null
        try { & $health -ProxyUrl $proxy.Url @given -NoExit -PassThru 6>$null } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.Exception.Message | Should -BeLike $Message
        $failure.Exception.Message | Should -Not -Match 'Lab-Ltpa-Passw0rd'
    }

    # Defined only where it applies (Export-Clixml encrypts with DPAPI on Windows), never skipped.
    It 'refuses a secret file other users can read where Export-Clixml cannot encrypt (not Windows)' -ForEach @(if ([System.Environment]::OSVersion.Platform -ne [System.PlatformID]::Win32NT) { @{} }) {
        # On Windows Export-Clixml encrypts with DPAPI for the writing account, and files are judged by ACL, not mode.
        $exposed = Join-Path $secrets 'exposed.xml'
        $keyPassword | Export-Clixml -LiteralPath $exposed
        chmod 644 $exposed
        # What PowerShell writes here: the password only hex-encoded, readable by whoever can read the file.
        (Get-Content -LiteralPath $exposed -Raw) | Should -Match ([regex]::Escape((-join ([System.Text.Encoding]::Unicode.GetBytes('Lab-Ltpa-Passw0rd') | ForEach-Object { $_.ToString('x2') }))))
        { & $health -ProxyUrl $proxy.Url -KeyPath $keyFile -KeyPasswordPath $exposed -UserName $alice -NoExit -PassThru } | Should -Throw -ExpectedMessage '*-KeyPasswordPath*readable by other users*chmod 600*'
        chmod 600 $exposed
        $verdict = & $health -ProxyUrl $proxy.Url -KeyPath $keyFile -KeyPasswordPath $exposed -UserName $alice -TimeoutSeconds 5 -NoExit -PassThru 3>$null |
            Where-Object { $_.PSObject.TypeNames -contains 'SametimeAdmin.HealthCheckResult' }
        $verdict.Healthy | Should -BeTrue
    }

    It 'writes no report with -WhatIf but still runs its checks' {
        $report = Join-Path $TestDrive 'health-whatif.html'
        $run = Invoke-ExampleProcess -Script ("& '$health' -EnvironmentPath '$dasEnvironment' -CredentialPath '$dasFile' -HtmlReport '$report' -TimeoutSeconds 5 -WhatIf 3>`$null")
        $run.Output | Should -Match ('What if: .*Write the HTML checklist report.*' + [regex]::Escape($report))
        $run.Output | Should -Match 'checklist: \d+ passed'
        Test-Path -LiteralPath $report | Should -BeFalse
    }
}

Describe 'examples/Start-SsoTroubleshooting.ps1' {
    BeforeAll {
        $script:lab = New-LabCopy 'troubleshooting'
        $script:keys = Get-LtpaKey -Path (Join-Path $lab 'proxy/ltpa.keys') -Password $keyPassword
        $token = New-LtpaToken -KeySet $keys -UserName $alice
        $script:cookie = New-TestSecureString ('Cookie: JSESSIONID=0000abc; LtpaToken2=' + [uri]::EscapeDataString([string]$token) + '; Path=/')
        $script:session = & (Join-Path $examples 'Start-SsoTroubleshooting.ps1') -Cookie $cookie -KeyPath (Join-Path $lab 'proxy/ltpa.keys') -KeyPassword $keyPassword `
            -LogPath (Join-Path $lab 'proxy/trace.log'), (Join-Path $lab 'inotes/console.log') -EnvironmentPath (Join-Path $lab 'environment.psd1') -Offline 6>$null 3>&1 |
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

    It 'writes no report with -WhatIf but still runs the checklist' {
        $report = Join-Path $TestDrive 'troubleshooting-whatif.html'
        $labKeys = Join-Path $lab 'proxy/ltpa.keys'
        $run = Invoke-ExampleProcess -Script ("`$password = ConvertTo-SecureString 'Lab-Ltpa-Passw0rd' -AsPlainText -Force; " +
            "`$token = New-LtpaToken -KeySet (Get-LtpaKey -Path '$labKeys' -Password `$password) -UserName '$alice'; " +
            "`$cookie = ConvertTo-SecureString ('LtpaToken2=' + [uri]::EscapeDataString([string]`$token)) -AsPlainText -Force; " +
            "`$session = & '$(Join-Path $examples 'Start-SsoTroubleshooting.ps1')' -Cookie `$cookie -KeyPath '$labKeys' -KeyPassword `$password " +
            "-EnvironmentPath '$(Join-Path $lab 'environment.psd1')' -Offline -HtmlReport '$report' -WhatIf 6>`$null 3>`$null; " +
            "'checklist total ' + `$session.Checklist.Total; exit 0")
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match ('What if: .*Write the HTML checklist report.*' + [regex]::Escape($report))
        $run.Output | Should -Match 'checklist total [1-9]\d'
        Test-Path -LiteralPath $report | Should -BeFalse
    }
}
