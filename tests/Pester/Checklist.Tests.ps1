BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin

    # A small site: the proxy URL uses an IP address, so the cross-server host check must fail.
    function New-BrokenEnvironment {
        param([string] $Folder)
        $null = New-Item -ItemType Directory -Force -Path $Folder
        Set-Content -LiteralPath (Join-Path $Folder 'environment.psd1') -Value @'
@{
    Name      = 'Broken <site> & co'
    Sso       = @{ Domain = '.lab.example.com'; ConfigurationName = 'LtpaToken2' }
    Proxy     = @{ Urls = @('http://10.0.0.30:9080'); LtpaKeys = 'proxy/ltpa.keys'; TraceLog = 'proxy/trace.log' }
    INotes    = @{ HostName = 'inotes1.lab.example.com'; ConsoleLog = 'inotes/console.log' }
    Community = @{ HostName = 'st1.lab.example.com'; SametimeIni = 'sametime/sametime.ini' }
}
'@
        Join-Path $Folder 'environment.psd1'
    }

    function Get-ChromiumPath {
        foreach ($name in 'chromium', 'chromium-browser', 'google-chrome', 'chrome') {
            $command = Get-Command -Name $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
            if ($command) { return $command.Source }
        }
        throw 'Chromium is not installed: .ci/run installs it (apt-get install chromium); on Windows install Chrome or Edge.'
    }

    # Runs headless Chromium with a fresh profile; returns stdout. Never waits longer than 120 s.
    function Invoke-Chromium {
        param([string[]] $Arguments)
        $profileDir = Join-Path ([System.IO.Path]::GetTempPath()) ('st-chromium-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $profileDir
        try {
            $psi = New-Object System.Diagnostics.ProcessStartInfo
            $psi.FileName = Get-ChromiumPath
            $all = @('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
                '--disable-component-update', '--disable-sync', "--user-data-dir=$profileDir") + $Arguments
            $psi.Arguments = ($all | ForEach-Object { '"' + $_ + '"' }) -join ' '
            $psi.RedirectStandardOutput = $true
            $psi.RedirectStandardError = $true
            $psi.UseShellExecute = $false
            $process = [System.Diagnostics.Process]::Start($psi)
            $stderr = $process.StandardError.ReadToEndAsync()
            $stdout = $process.StandardOutput.ReadToEndAsync()
            if (-not $process.WaitForExit(120000)) {
                $process.Kill()
                throw 'Chromium did not finish within 120 s.'
            }
            $script:chromiumErrors = $stderr.Result
            if ($process.ExitCode -ne 0) { throw "Chromium failed with exit code $($process.ExitCode): $($script:chromiumErrors)" }
            $stdout.Result
        }
        finally {
            Remove-Item -LiteralPath $profileDir -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Invoke-SsoChecklist' {
    BeforeAll {
        $script:envPath = New-BrokenEnvironment -Folder (Join-Path $TestDrive 'site')
    }

    It 'streams only check results, so Export-Csv writes one row per check with the result columns' {
        $csv = Join-Path $TestDrive 'results.csv'
        Invoke-SsoChecklist -EnvironmentPath $envPath -Offline | Export-Csv -LiteralPath $csv -NoTypeInformation
        $rows = @(Import-Csv -LiteralPath $csv)
        $summary = Invoke-SsoChecklist -EnvironmentPath $envPath -Offline -Summary
        $rows.Count | Should -Be $summary.Total
        @($rows[0].PSObject.Properties.Name) | Should -Be @('Id', 'Area', 'Check', 'Status', 'Evidence', 'Fix', 'GuideSection', 'Server', 'Link')
        foreach ($row in $rows) {
            $row.Id | Should -Not -BeNullOrEmpty
            $row.Status | Should -BeIn @('Passed', 'Failed', 'Warning', 'Skipped')
        }
        @($rows | Where-Object Status -eq 'Failed').Count | Should -Be $summary.Failed
        ($rows | Where-Object Id -eq 'CrossServer.HostsInSsoDomain').Evidence | Should -Match '10\.0\.0\.30'
    }

    It '-SummaryVariable sets the summary in the caller''s scope next to the streamed results, also with -Quiet' {
        function Invoke-Run {
            param([switch] $Quiet)
            # -Quiet:$false would still choose the Quiet parameter set: pass it only when wanted.
            $switches = @{}
            if ($Quiet) { $switches.Quiet = $true }
            $output = @(Invoke-SsoChecklist -EnvironmentPath $envPath -Offline -SummaryVariable runSummary @switches)
            [pscustomobject]@{ Output = $output; Summary = $runSummary }
        }
        $run = Invoke-Run
        $run.Output | ForEach-Object { $_.GetType().FullName | Should -Be 'SametimeAdmin.Checklist.CheckResult' }
        $run.Summary.GetType().FullName | Should -Be 'SametimeAdmin.Checklist.ChecklistSummary'
        $run.Summary.Total | Should -Be $run.Output.Count
        $run.Summary.Failed | Should -Be @($run.Output | Where-Object Status -eq 'Failed').Count
        $run.Summary.ExitCode | Should -Be 1
        $quiet = Invoke-Run -Quiet
        $quiet.Output | Should -Be @($false)
        $quiet.Summary.ExitCode | Should -Be 1
        # The variable lives in the scope that called the cmdlet, not here.
        Get-Variable -Name runSummary -Scope 0 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-Variable -Name runSummary -Scope Global -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'Format-List shows the properties asked for, on the results and on the summary' {
        $lines = @(Invoke-SsoChecklist -EnvironmentPath $envPath -Offline | Format-List Id, Status | Out-String -Width 200) -split '\r?\n' | Where-Object { $_.Trim() }
        $lines.Count | Should -BeGreaterThan 2
        $lines | ForEach-Object { $_ | Should -Match '^(Id|Status) +: ' }
        $summary = Invoke-SsoChecklist -EnvironmentPath $envPath -Offline -Summary
        $asked = @($summary | Format-List Failed, ExitCode | Out-String -Width 200) -split '\r?\n' | Where-Object { $_.Trim() }
        $asked | Should -Be @(('Failed   : ' + $summary.Failed), 'ExitCode : 1')
        $list = $summary | Format-List | Out-String -Width 200
        foreach ($property in 'Environment', 'Success', 'ExitCode', 'Total', 'Passed', 'Failed', 'Warning', 'Skipped', 'FailedChecks', 'Duration') {
            $list | Should -Match "(?m)^$property +: "
        }
        $list | Should -Match 'FailedChecks +: .*CrossServer\.HostsInSsoDomain'
        # Its default view stays the one-line verdict.
        ($summary | Out-String -Width 200) | Should -Match 'SSO checklist Broken <site> & co: FAILED'
    }

    It 'reports a host outside the SSO domain as a failed check with the fix' {
        $failed = Invoke-SsoChecklist -EnvironmentPath $envPath -Offline | Where-Object { $_.Id -eq 'CrossServer.HostsInSsoDomain' }
        $failed.Status | Should -Be 'Failed'
        $failed.Evidence | Should -Match '10\.0\.0\.30'
        $failed.Fix | Should -Not -BeNullOrEmpty
    }

    It 'turns missing files into failed or skipped checks with the reason, never an error' {
        $errors = $null
        $results = @(Invoke-SsoChecklist -EnvironmentPath $envPath -Offline -ErrorVariable errors -ErrorAction SilentlyContinue)
        $errors | Should -BeNullOrEmpty
        $results.Count | Should -BeGreaterThan 0
        $results | Where-Object { $_.Status -in 'Skipped', 'Failed' } | ForEach-Object { $_.Evidence | Should -Not -BeNullOrEmpty }
    }

    It 'reports a key file that is named but missing as failed, whatever the password' {
        $result = Invoke-SsoChecklist -EnvironmentPath $envPath -Offline | Where-Object { $_.Id -eq 'Tokens.ProxyKeys' }
        $result.Status | Should -Be 'Failed'
        $result.Evidence | Should -Match 'was not found'
    }

    It '-Summary writes only the summary and -Quiet only a boolean' {
        $summary = @(Invoke-SsoChecklist -EnvironmentPath $envPath -Offline -Summary)
        $summary.Count | Should -Be 1
        $summary[0].ExitCode | Should -Be 1
        $quiet = @(Invoke-SsoChecklist -EnvironmentPath $envPath -Offline -Quiet)
        $quiet.Count | Should -Be 1
        $quiet[0] | Should -BeOfType ([bool])
        $quiet[0] | Should -BeFalse
    }

    It 'takes the key file as -KeyPath/-KeyPassword and the configuration name as -SsoConfigurationName, and their old names' -ForEach @(
        @{ Names = 'new'; Key = 'KeyPath'; Password = 'KeyPassword'; Configuration = 'SsoConfigurationName' }
        @{ Names = 'old'; Key = 'LtpaKeyPath'; Password = 'LtpaKeyPassword'; Configuration = 'ConfigurationName' }
    ) {
        $lab = Join-Path (Get-RepoRoot) 'examples/lab'
        $common = @{ INotesConsoleLog = (Join-Path $lab 'inotes/console.log'); Offline = $true }
        $common[$Key] = Join-Path $lab 'proxy/ltpa.keys'
        $common[$Password] = New-TestSecureString 'Lab-Ltpa-Passw0rd'
        $common[$Configuration] = 'LtpaToken2'
        $right = @(Invoke-SsoChecklist @common)
        ($right | Where-Object Id -eq 'Tokens.ProxyKeys').Status | Should -Be 'Passed'
        ($right | Where-Object Id -eq 'CrossServer.TraceConfigName').Status | Should -Be 'Passed'
        # The name given is the one the checks expect: the lab's trace loads LtpaToken2.
        $common[$Configuration] = 'LtpaToken'
        $wrong = Invoke-SsoChecklist @common | Where-Object Id -eq 'CrossServer.TraceConfigName'
        $wrong.Status | Should -Be 'Failed'
        $wrong.Evidence | Should -Match 'expected \[LtpaToken\]'
    }

    It 'lists the old parameter names as aliases' {
        $parameters = (Get-Command Invoke-SsoChecklist).Parameters
        $parameters['KeyPath'].Aliases | Should -Contain 'LtpaKeyPath'
        $parameters['KeyPassword'].Aliases | Should -Contain 'LtpaKeyPassword'
        $parameters['SsoConfigurationName'].Aliases | Should -Contain 'ConfigurationName'
        $parameters.ContainsKey('LtpaKeyPath') | Should -BeFalse
    }

    It 'lets a parameter override the file''s setting' {
        $summary = Invoke-SsoChecklist -EnvironmentPath $envPath -Offline -SsoDomain '.other.example.org' -Summary
        $summary.FailedChecks | Should -Contain 'CrossServer.HostsInSsoDomain'
        $hosts = Invoke-SsoChecklist -EnvironmentPath $envPath -Offline -SsoDomain '.other.example.org' | Where-Object Id -eq 'CrossServer.HostsInSsoDomain'
        $hosts.Evidence | Should -Match 'inotes1\.lab\.example\.com'
        $hosts.Evidence | Should -Match '\.other\.example\.org'
    }

    It 'accepts the artefacts as parameters without an environment file' {
        $summary = Invoke-SsoChecklist -ProxyUrl 'http://proxy1.lab.example.com:9080' -SsoDomain '.lab.example.com' -Offline -Summary
        $summary.Failed | Should -Be 0
        $summary.Passed | Should -BeGreaterThan 0
    }

    It 'reads a JSON environment description' {
        $json = Join-Path $TestDrive 'env.json'
        Set-Content -LiteralPath $json -Value '{ "Name": "json site", "Sso": { "Domain": ".lab.example.com" }, "Proxy": { "Urls": ["http://proxy1.lab.example.com:9080"] } }'
        $summary = Invoke-SsoChecklist -EnvironmentPath $json -Offline -Summary
        $summary.Environment | Should -Be 'json site'
        $summary.Passed | Should -BeGreaterThan 0
    }

    It 'writes no report with -WhatIf' {
        $report = Join-Path $TestDrive 'whatif.html'
        # Without a host, where the "What if:" line goes nowhere.
        $null = Invoke-WithoutHost Invoke-SsoChecklist @{ EnvironmentPath = $envPath; Offline = $true; HtmlReport = $report; WhatIf = $true }
        Test-Path -LiteralPath $report | Should -BeFalse
    }

    It 'fails with <ErrorId> for <Case>' -ForEach @(
        @{ Case = 'no description at all'; ErrorId = 'EnvironmentMissing'; Content = $null; Name = $null }
        @{ Case = 'a file that does not exist'; ErrorId = 'EnvironmentNotFound'; Content = $null; Name = 'nope.psd1' }
        @{ Case = 'a .psd1 that does not parse'; ErrorId = 'EnvironmentInvalid'; Content = '@{ Name = '; Name = 'broken.psd1' }
        @{ Case = 'a .psd1 that runs code'; ErrorId = 'EnvironmentInvalid'; Content = '@{ Name = (Get-Date) }'; Name = 'code.psd1' }
        @{ Case = 'a misspelt setting'; ErrorId = 'EnvironmentUnknownSetting'; Content = '@{ Proxy = @{ LtpaKey = "x" } }'; Name = 'typo.psd1' }
        @{ Case = 'invalid JSON'; ErrorId = 'EnvironmentInvalid'; Content = '{ "Name": '; Name = 'broken.json' }
    ) {
        $arguments = @{ Offline = $true }
        if ($Name) {
            $path = Join-Path $TestDrive $Name
            if ($null -ne $Content) { Set-Content -LiteralPath $path -Value $Content }
            $arguments.EnvironmentPath = $path
        }
        { Invoke-SsoChecklist @arguments } | Should -Throw -ErrorId "$ErrorId,SametimeAdmin.Commands.InvokeSsoChecklistCommand"
    }
}

Describe 'The HTML report and the must-gather archive of a site with secrets in its logs' {
    BeforeAll {
        # The lab, with a last proxy trace line that quotes every shape of secret: the trace check copies it into its evidence.
        $script:lab = Join-Path $TestDrive 'lab'
        Copy-Item -LiteralPath (Join-Path (Get-RepoRoot) 'examples/lab') -Destination $lab -Recurse
        $line = '[13/03/17 10:15:00:000 CET] 0000016b LTPAServerObj E com.ibm.websphere.security.auth.InvalidTokenException: ' +
            'token LtpaToken2=PLANTEDREPORTTOKENabcdefghijklmnop; JSESSIONID=PLANTEDREPORTSESSIONxyz0123456 rejected for https://admin:PLANTEDREPORTURLp@ss@inotes.lab.example.com/ ' +
            'body {"user":"alice","password":"PLANTEDREPORTJSONone PLANTEDREPORTJSONtwo"} LTPA_KEYS_PASSWORD="PLANTEDREPORTENVone;PLANTEDREPORTENVtwo" ' +
            'keysPassword="{xor}PLANTEDREPORTXORone,PLANTEDREPORTXORtwo" <variable name="keystore_password" value="PLANTEDREPORTVARone&amp;PLANTEDREPORTVARtwo"/> ' +
            'access_token=PLANTEDREPORTACCESSTOKEN0123456789 com.ibm.websphere.ltpa.3DESKey PLANTEDREPORT3DESKEYspaceSeparated== Authorization: Basic PLANTEDREPORTBASICdXNlcjpw'
        Add-Content -LiteralPath (Join-Path $lab 'proxy/trace.log') -Value $line
        $script:envFile = Join-Path $lab 'environment.psd1'
        $script:report = Join-Path $TestDrive 'planted-report.html'
        $script:results = @(Invoke-SsoChecklist -EnvironmentPath $envFile -Offline -HtmlReport $report)
    }

    It 'quotes the line in the evidence, and the report shows it with every secret redacted' {
        $quoting = @($results | Where-Object { $_.Evidence -match 'PLANTEDREPORT' })
        $quoting.Count | Should -BeGreaterThan 0 -Because 'the trace check quotes the last trace line'
        $html = Get-Content -LiteralPath $report -Raw
        $html | Should -Not -Match 'PLANTED'
        $html | Should -Match 'LtpaToken2=\[REDACTED:LtpaToken2:hmac=[0-9a-f]{8}\]'
        $html | Should -Match 'https://admin:\[REDACTED:Password\]@inotes\.lab\.example\.com/'
    }

    It 'keeps every secret out of every entry of the must-gather archive, the report included' {
        Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
        $zipPath = Join-Path $TestDrive 'planted.zip'
        $null = Save-StMustGather -EnvironmentPath $envFile -DestinationPath $zipPath
        $zip = [System.IO.Compression.ZipFile]::OpenRead($zipPath)
        try {
            $zip.Entries.FullName | Should -Contain 'checklist.html'
            foreach ($entry in $zip.Entries) {
                $reader = New-Object System.IO.StreamReader -ArgumentList $entry.Open()
                try { $text = $reader.ReadToEnd() } finally { $reader.Dispose() }
                $text.Contains('PLANTED') | Should -BeFalse -Because "$($entry.FullName) must not hold a planted secret"
            }
        }
        finally { $zip.Dispose() }
    }
}

Describe 'The HTML report in headless Chromium' {
    BeforeAll {
        $script:envPath = New-BrokenEnvironment -Folder (Join-Path $TestDrive 'site')
        $script:report = Join-Path $TestDrive 'report.html'
        $script:summary = Invoke-SsoChecklist -EnvironmentPath $envPath -Offline -HtmlReport $report -Summary
        $script:reportUri = (New-Object System.Uri -ArgumentList $report).AbsoluteUri
        $script:dom = Invoke-Chromium -Arguments @('--dump-dom', $reportUri)
        $script:artefacts = Join-Path (Get-RepoRoot) 'out/test-results'
        $null = New-Item -ItemType Directory -Force -Path $artefacts
        $script:screenshot = Join-Path $artefacts 'checklist-report.png'
        if (Test-Path -LiteralPath $screenshot) { Remove-Item -LiteralPath $screenshot }
        $null = Invoke-Chromium -Arguments @("--screenshot=$screenshot", '--window-size=1280,1800', '--hide-scrollbars', $reportUri)
    }

    It 'is one self-contained page: no scripts, no external resources' {
        $html = Get-Content -LiteralPath $report -Raw
        $html | Should -Not -Match '<script'
        $html | Should -Not -Match '(src|href)\s*=\s*["'']?(https?:|//)'
        $html | Should -Not -Match '<link\b'
        $summary.HtmlReportPath | Should -Be $report
    }

    It 'renders in Chromium with the verdict, the diagram and the table' {
        $dom | Should -Match 'class="verdict verdict-failed"'
        $dom | Should -Match '<svg'
        foreach ($server in 'Browser', 'iNotes', 'SametimeProxy', 'Community', 'LDAP') {
            $dom | Should -Match ('data-server="' + $server + '"')
        }
        $dom | Should -Match 'data-link="SametimeProxy-Community"'
        $dom | Should -Match '<table>'
    }

    It 'shows every failed check first, with its evidence and fix' {
        $rows = [regex]::Matches($dom, '<tr class="row-(\w+)" data-status="(\w+)" data-check-id="([^"]+)"')
        $rows.Count | Should -Be $summary.Total
        $statuses = @($rows | ForEach-Object { $_.Groups[2].Value })
        $firstNonFailed = [array]::FindIndex([string[]]$statuses, [Predicate[string]] { param($s) $s -ne 'Failed' })
        @($statuses | Select-Object -First $firstNonFailed | Where-Object { $_ -ne 'Failed' }).Count | Should -Be 0
        @($statuses | Where-Object { $_ -eq 'Failed' }).Count | Should -Be $summary.Failed
        foreach ($id in $summary.FailedChecks) { $dom | Should -Match ('data-check-id="' + [regex]::Escape($id) + '"') }
        $dom | Should -Match '10\.0\.0\.30'
    }

    It 'escapes text from the environment' {
        $dom | Should -Match 'Broken &lt;site&gt; &amp; co'
        $dom | Should -Not -Match 'Broken <site>'
    }

    It 'keeps a screenshot as a test artefact' {
        Test-Path -LiteralPath $screenshot | Should -BeTrue
        $bytes = [System.IO.File]::ReadAllBytes($screenshot)
        $bytes.Length | Should -BeGreaterThan 20000
        [System.BitConverter]::ToString($bytes, 0, 8) | Should -Be '89-50-4E-47-0D-0A-1A-0A'
    }
}

Describe 'Invoke-SsoChecklist on the bundled lab' {
    BeforeAll {
        $script:lab = Join-Path $TestDrive 'lab'
        Copy-Item -LiteralPath (Join-Path (Get-RepoRoot) 'examples/lab') -Destination $lab -Recurse
        $script:envFile = Join-Path $lab 'environment.psd1'
        # Lab-only password (examples/lab/README.md).
        $script:keyPassword = New-TestSecureString 'Lab-Ltpa-Passw0rd'
        $script:before = @(Invoke-SsoChecklist -EnvironmentPath $envFile -KeyPassword $keyPassword -Offline -SummaryVariable beforeSummary)
        $script:beforeSummary = $beforeSummary
    }

    It 'finds the mistakes the lab ships with, each with evidence and a fix' -ForEach @(
        @{ Id = 'Tokens.WebSphereKeysImported.iNotes'; Evidence = 'WebSphere' }
        @{ Id = 'ConfigurationDocuments.DnsDomain.Community'; Evidence = 'lab\.example\.com' }
        @{ Id = 'ConfigurationDocuments.TrustedIps.Community.192.0.2.21'; Evidence = '192\.0\.2\.21 is not in' }
        @{ Id = 'ConfigurationDocuments.BuddyListServlet.iNotes'; Evidence = 'servlet\.DWABuddyList\.code' }
        @{ Id = 'CrossServer.TokenTypeMatchesConfiguration.Community'; Evidence = 'ST_TOKEN_TYPE is not set' }
        @{ Id = 'Startup.SametimeServices.Community.console.log'; Evidence = 'ST Offline Messages' }
        @{ Id = 'Startup.SsoTokens.SametimeProxy.trace.log'; Evidence = 'CLFRX0035E' }
    ) {
        $result = $before | Where-Object { $_.Id -eq $Id }
        $result | Should -Not -BeNullOrEmpty -Because "$Id should be among the results"
        $result.Status | Should -Be 'Failed'
        $result.Evidence | Should -Match $Evidence
        $result.Fix | Should -Not -BeNullOrEmpty
    }

    It 'reports one cause once: the key comparison of a document without keys is skipped, pointing at the failed key check' {
        $result = $before | Where-Object { $_.Id -eq 'Tokens.SameKeyAsProxy.Community' }
        $result.Status | Should -Be 'Skipped'
        $result.Evidence | Should -Match 'see WebSphereKeys'
    }

    It 'says each thing once in every evidence text' {
        foreach ($result in $before | Where-Object { $_.Evidence }) {
            $result.Evidence | Should -Not -Match '(?<!\.)\.\.(?![./])' -Because "$($result.Id): $($result.Evidence)"
            ([regex]::Matches($result.Evidence, 'last successful start-?up', 'IgnoreCase')).Count | Should -BeLessOrEqual 1 -Because "$($result.Id): $($result.Evidence)"
        }
        $hosts = $before | Where-Object { $_.Id -eq 'CrossServer.HostsInSsoDomain' }
        $hosts.Evidence | Should -Match '^3 host name\(s\) checked'
    }

    It 'reads renamed Notes items through -ItemMap, over the site setting' {
        $renamedLab = Join-Path $TestDrive 'renamed'
        Copy-Item -LiteralPath $lab -Destination $renamedLab -Recurse
        $doc = Join-Path $renamedLab 'inotes/names-websso-ltpatoken2.dxl'
        [System.IO.File]::WriteAllText($doc, [System.IO.File]::ReadAllText($doc).Replace("name='LTPA_TokenDomain'", "name='Site_Domain'"))
        $renamedEnv = Join-Path $renamedLab 'environment.psd1'
        $id = 'ConfigurationDocuments.DnsDomain.iNotes'
        (Invoke-SsoChecklist -EnvironmentPath $renamedEnv -Offline | Where-Object { $_.Id -eq $id }).Status | Should -Be 'Failed'
        (Invoke-SsoChecklist -EnvironmentPath $renamedEnv -Offline -ItemMap @{ 'WebSso.TokenDomain' = 'Site_Domain' } | Where-Object { $_.Id -eq $id }).Status | Should -Be 'Passed'
        # The same override as a site setting, in the environment description.
        $text = [System.IO.File]::ReadAllText($renamedEnv).Replace("Name      = 'SametimeAdmin lab (lab.example.com)'", "Name      = 'SametimeAdmin lab (lab.example.com)'`n    ItemMap   = @{ 'WebSso.TokenDomain' = 'Site_Domain' }")
        [System.IO.File]::WriteAllText($renamedEnv, $text)
        (Invoke-SsoChecklist -EnvironmentPath $renamedEnv -Offline | Where-Object { $_.Id -eq $id }).Status | Should -Be 'Passed'
    }

    It 'passes what the lab already has right' -ForEach @(
        @{ Id = 'Tokens.ProxyKeys' }
        @{ Id = 'ConfigurationDocuments.TrustedIps.Community.192.0.2.41' }
        @{ Id = 'CrossServer.HostsInSsoDomain' }
        @{ Id = 'CrossServer.ExpirationEqual' }
        @{ Id = 'SscSecurity.CookieName' }
        @{ Id = 'ReplicationConflicts.NoConflictDocuments.iNotes' }
    ) {
        ($before | Where-Object { $_.Id -eq $Id }).Status | Should -Be 'Passed'
    }

    It 'skips the awareness probe offline and reports it as skipped' {
        ($before | Where-Object { $_.Id -eq 'EndUserAccess.Awareness' }).Status | Should -Be 'Skipped'
        $beforeSummary.ExitCode | Should -Be 1
    }

    It 'turns the fixed mistakes green after the rollout cmdlets ran' {
        $keys = Get-LtpaKey -Path (Join-Path $lab 'proxy/ltpa.keys') -Password $keyPassword
        $null = $keys | Import-LtpaKeyToSsoDoc -Path (Join-Path $lab 'inotes/names-websso-ltpatoken2.dxl'), (Join-Path $lab 'sametime/names-websso.dxl') `
            -SsoConfigurationName LtpaToken2 -DnsDomain '.lab.example.com' -TokenFormat LtpaToken2 -ExpirationMinutes 120 -Confirm:$false -WarningVariable rollout -WarningAction SilentlyContinue
        Add-TrustedIp -Path (Join-Path $lab 'sametime/stconfig-community-connectivity.dxl') -Address 192.0.2.21 -Confirm:$false -WarningVariable +rollout -WarningAction SilentlyContinue
        Set-StTokenType -Path (Join-Path $lab 'sametime/sametime.ini') -Name LtpaToken2 -Confirm:$false -WarningVariable +rollout -WarningAction SilentlyContinue
        Enable-DwaBuddyListServlet -Path (Join-Path $lab 'inotes/servlets.properties') -Confirm:$false -WarningVariable +rollout -WarningAction SilentlyContinue
        # Each rollout step changed something, so each reminds of the restart that puts it into effect.
        ($rollout -join ' ') | Should -Match 'Restart the Domino servers'
        ($rollout -join ' ') | Should -Match 'Restart the Sametime Community Server for the trusted IPs'
        ($rollout -join ' ') | Should -Match 'for ST_TOKEN_TYPE to take effect'
        $after = @(Invoke-SsoChecklist -EnvironmentPath $envFile -KeyPassword $keyPassword -Offline -SummaryVariable afterSummary)
        foreach ($id in 'Tokens.WebSphereKeysImported.iNotes', 'Tokens.SameKeyAsProxy.Community', 'ConfigurationDocuments.DnsDomain.Community',
            'ConfigurationDocuments.TrustedIps.Community.192.0.2.21', 'ConfigurationDocuments.BuddyListServlet.iNotes', 'CrossServer.TokenTypeMatchesConfiguration.Community', 'CrossServer.SameKeys') {
            ($after | Where-Object { $_.Id -eq $id }).Status | Should -Be 'Passed' -Because $id
        }
        # The logs still hold what happened before the fixes.
        $afterSummary.FailedChecks | Should -Contain 'Startup.SametimeServices.Community.console.log'
    }

    Context 'with the lab proxy' {
        BeforeAll {
            Import-Module (Join-Path (Get-RepoRoot) 'examples/LabProxy/LabProxy.psm1') -Force
            $script:proxy = Start-LabProxy -KeyPath (Join-Path $lab 'proxy/ltpa.keys') -KeyPassword $keyPassword
        }

        AfterAll {
            if ($proxy) { Stop-LabProxy -Proxy $proxy }
        }

        It 'logs in by token, loads presence and the buddy list' {
            $results = @(Invoke-SsoChecklist -EnvironmentPath $envFile -KeyPassword $keyPassword -ProxyUrl $proxy.Url -TimeoutSeconds 5 -WarningVariable warnings -WarningAction SilentlyContinue |
                Where-Object { $_.Area -eq 'End User Access' })
            foreach ($step in 'Login', 'Presence', 'BuddyList') {
                ($results | Where-Object { $_.Id -eq "EndUserAccess.Awareness.$step" }).Status | Should -Be 'Passed' -Because $step
            }
            $login = ($results | Where-Object { $_.Id -eq 'EndUserAccess.Awareness.Login' }).Evidence
            $login | Should -Match 'alice'
            # The token is described once, not twice.
            ([regex]::Matches($login, 'minted')).Count | Should -Be 1 -Because $login
            # The minted token travels over the lab's plain http: the run says so, once.
            @($warnings | Where-Object { "$_" -match 'over unencrypted http' }).Count | Should -Be 1
        }

        It 'opens the mail file URL the site names and reports a redirect loop with its fix' {
            $site = Join-Path $TestDrive 'mailfile.psd1'
            Set-Content -LiteralPath $site -Value ("@{{ Client = @{{ MailFileUrl = '{0}mail/loop.nsf' }} }}" -f $proxy.Url)
            $result = Invoke-SsoChecklist -EnvironmentPath $site -TimeoutSeconds 5 -WarningAction SilentlyContinue | Where-Object Id -EQ 'EndUserAccess.MailFile'
            $result.Status | Should -Be 'Failed'
            $result.Evidence | Should -Match 'a redirect loop'
            $result.Fix | Should -Match 'iwaredir\.nsf'
            Set-Content -LiteralPath $site -Value ("@{{ Client = @{{ MailFileUrl = '{0}mail/i2.nsf' }} }}" -f $proxy.Url)
            (Invoke-SsoChecklist -EnvironmentPath $site -TimeoutSeconds 5 -WarningAction SilentlyContinue | Where-Object Id -EQ 'EndUserAccess.MailFile').Status | Should -Be 'Passed'
            $offline = Invoke-SsoChecklist -EnvironmentPath $site -Offline | Where-Object Id -EQ 'EndUserAccess.MailFile'
            $offline.Status | Should -Be 'Skipped'
            $offline.Evidence | Should -Match 'Offline run'
        }

        It 'reports a proxy that answers 502 with the guide''s fix, and colours the link red in the report' {
            Set-LabProxyMode -Proxy $proxy -Mode ProxyDown
            try {
                $report = Join-Path $TestDrive 'proxy-down.html'
                # The lab proxy speaks plain http: the warning about the token is not this test's subject.
                $results = @(Invoke-SsoChecklist -EnvironmentPath $envFile -KeyPassword $keyPassword -ProxyUrl $proxy.Url -TimeoutSeconds 5 -HtmlReport $report -WarningAction SilentlyContinue)
            }
            finally { Set-LabProxyMode -Proxy $proxy -Mode Normal }
            $scripts = $results | Where-Object { $_.Id -eq 'EndUserAccess.Awareness.ClientScripts' }
            $scripts.Status | Should -Be 'Failed'
            $scripts.Evidence | Should -Match '502'
            (Get-Content -LiteralPath $report -Raw) | Should -Match 'data-link="iNotes-SametimeProxy" data-status="Failed"'
        }
    }
}

Describe 'Invoke-SsoChecklist on an LDAP console log' {
    It 'reports <Expected> for a log <Case>' -ForEach @(
        @{ Case = 'with the LDAP task started'; Line = '[0998:0002-0434] 13/03/2017 07:44:35 LDAP Server: Started'; Expected = 'Passed' }
        @{ Case = 'without it'; Line = '[0998:0002-0434] 13/03/2017 07:44:35 Server started on physical node LDAP1'; Expected = 'Failed' }
    ) {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $folder
        Set-Content -LiteralPath (Join-Path $folder 'console.log') -Value $Line
        Set-Content -LiteralPath (Join-Path $folder 'env.psd1') -Value "@{ Ldap = @{ HostName = 'ldap.lab.example.com'; ConsoleLog = 'console.log' } }"
        $result = Invoke-SsoChecklist -EnvironmentPath (Join-Path $folder 'env.psd1') -Offline | Where-Object { $_.Id -eq 'Startup.LdapServer.console.log' }
        $result.Status | Should -Be $Expected
        $result.Server | Should -Be 'LDAP'
    }
}

Describe 'Invoke-SsoChecklist with a document on Domino Access Services' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'DasLabServer.psm1') -Force
        $script:das = Start-StConfigDasLabServer -WorkPath $TestDrive
        $script:arguments = @{ StConfigDocument = $das.Url; INotesAddress = '192.0.2.21'; Offline = $true }
    }

    AfterAll {
        if ($das) { Stop-DasLabServer $das }
    }

    It 'reads the trusted IPs through DAS with -Credential' {
        $credential = Get-StConfigDasCredential
        $result = Invoke-SsoChecklist @arguments -Credential $credential -WarningAction SilentlyContinue | Where-Object { $_.Id -eq 'ConfigurationDocuments.TrustedIps.Community.192.0.2.21' }
        $result.Status | Should -Be 'Failed'
        $result.Evidence | Should -Match '192\.0\.2\.41'
    }

    It 'warns once that the password travels unencrypted when it reads through http' {
        $warnings = $null
        $null = Invoke-SsoChecklist @arguments -Credential (Get-StConfigDasCredential) -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings | Where-Object { $_ -match "plain HTTP: the password of 'Admin Anna' travels unencrypted" }).Count | Should -Be 1
        ($warnings -join ' ') | Should -Match ([regex]::Escape($das.Url))
        $warnings = $null
        $null = Invoke-SsoChecklist @arguments -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings -join ' ') | Should -Not -Match 'travels unencrypted'
    }

    It 'turns wrong credentials into a failed check with the reason, not an error' {
        $wrong = New-Object System.Management.Automation.PSCredential ('Admin Anna', (New-TestSecureString 'Wr0ng-Passw0rd'))
        $errors = $null
        $result = Invoke-SsoChecklist @arguments -Credential $wrong -ErrorVariable errors -WarningAction SilentlyContinue | Where-Object { $_.Id -eq 'ConfigurationDocuments.TrustedIps.Community.192.0.2.21' }
        $errors | Should -BeNullOrEmpty
        $result.Status | Should -Be 'Failed'
        $result.Evidence | Should -Not -BeNullOrEmpty
    }
}
