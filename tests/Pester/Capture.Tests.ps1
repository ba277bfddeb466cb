BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin

    $script:fixtures = Get-FixturePath 'capture'
    $script:vectors = Get-FixturePath 'vectors'
    $script:har = Join-Path $fixtures 'inotes-session.har'
    $script:token = (Get-Content -LiteralPath (Join-Path $vectors 'ltpa2-dev.json') -Raw | ConvertFrom-Json).vectors[0].token
    $script:devPassword = New-TestSecureString 'dev-LTPA-Passw0rd!'

    # The session archive as Fiddler stores it: the raw folder zipped (the fixture keeps the raw files as text).
    $script:saz = Join-Path $TestDrive 'inotes-session.saz'
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [System.IO.Compression.ZipFile]::CreateFromDirectory((Join-Path $fixtures 'saz-session'), $saz)
}

Describe 'Test-SsoCapture' {
    It 'reports every finding of a HAR session, with the token only as a fingerprint' {
        $findings = @(Test-SsoCapture -Path $har -KeyPath (Join-Path $vectors 'ltpa-dev.keys') -KeyPassword $devPassword)
        $findings | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'SametimeAdmin.Diagnostics.SsoCaptureFinding' }
        $rules = $findings.Rule | Select-Object -Unique
        foreach ($rule in 'CookiesToHost', 'LtpaCookieToProxy', 'LtpaSetCookie', 'LoginRequest', 'ProxyScripts', 'Presence', 'BuddyList', 'CorsPreflight', 'RedirectLoop', 'Token', 'WebConsoleDojo', 'WebConsoleForms9', 'WebConsoleBuddyList') {
            $rules | Should -Contain $rule
        }
        ($findings | Where-Object Rule -eq 'LoginRequest').Message | Should -Match 'loginType=byToken, username=alice, loginMethod=2'
        ($findings | Where-Object Rule -eq 'LtpaSetCookie').Message | Should -Match 'Domain=\.lab\.example\.com, Path=/'
        $tokenFinding = $findings | Where-Object Rule -eq 'Token'
        $tokenFinding.Severity | Should -Be 'Ok'
        $tokenFinding.Message | Should -Match 'LtpaToken2 Valid'
        $tokenFinding.TokenFingerprint | Should -Not -BeNullOrEmpty
        # Both buddy list problems are reported, not only the first failure of the session.
        @($findings | Where-Object Severity -eq 'Error').Rule | Should -Be @('BuddyList', 'CorsPreflight', 'WebConsoleBuddyList')

        $shown = ($findings | Format-List * | Out-String -Width 300) + ($findings | Format-Table | Out-String -Width 300)
        $shown | Should -Not -Match ([regex]::Escape($token.Substring(0, 24)))
        $shown | Should -Not -Match 'Secr3t-Inotes-Passw0rd'
    }

    It 'reads a Fiddler session archive and the checklist reports the same findings' {
        $findings = @(Test-SsoCapture -LiteralPath $saz)
        $errors = @($findings | Where-Object Severity -eq 'Error')
        $errors.Rule | Should -Contain 'LtpaSetCookie'
        ($errors | Where-Object Rule -eq 'ProxyScripts').Fix | Should -Match 'not running'
        ($errors | Where-Object Rule -eq 'LoginRequest').Message | Should -Match 'CLFRX0035E'
        ($findings | Out-String -Width 300) | Should -Not -Match 'Secr3t-Saz-Passw0rd'

        $environment = Join-Path $TestDrive 'environment.psd1'
        Set-Content -LiteralPath $environment -Value "@{ Client = @{ Captures = 'inotes-session.saz' } }"
        $check = Invoke-SsoChecklist -EnvironmentPath $environment -Offline -WarningAction SilentlyContinue | Where-Object Id -like 'EndUserAccess.Capture*'
        $check.Status | Should -Be 'Failed'
        $check.Evidence | Should -Match 'host-only'
        $check.Evidence | Should -Match 'CLFRX0035E'
        $check.Fix | Should -Match 'not running'
    }

    It '-Quiet gives $false for a session with errors and a web console log adds its checks' {
        Test-SsoCapture -Path $har -Quiet | Should -BeFalse
        $console = Join-Path $TestDrive 'console.txt'
        Set-Content -LiteralPath $console -Value @(
            '03/13/2017 11:52:36AM [http://inotes1.lab.example.com/domjs/dojo-1.5.4/dojo/dojo.js?201607141215] Logging started'
            '03/13/2017 11:52:36AM CxS() (Sametime Listener)'
        )
        $findings = @(Test-SsoCapture -Path (Join-Path $fixtures 'redirect-loop.har') -WebConsoleLogPath $console)
        $fromConsole = @($findings | Where-Object Capture -eq 'console.txt')
        ($fromConsole | Where-Object Rule -eq 'WebConsoleSametimeListener').Severity | Should -Be 'Ok'
        ($fromConsole | Where-Object Rule -eq 'WebConsoleBuddyList').Severity | Should -Be 'Warning'
        ($findings | Where-Object Rule -eq 'RedirectLoop').Severity | Should -Be 'Error'
    }

    It '-ProxyUrl compares the proxy the web console loads Sametime from with the expected one' {
        $console = Join-Path $TestDrive 'console-proxy.txt'
        Set-Content -LiteralPath $console -Value '03/13/2017 11:52:36AM Loading element script with src=http://proxy1.lab.example.com:9080/stbaseapi/latest/baseComps.js?lang=en... (Key: LISTENER117)'
        $same = Test-SsoCapture -Path $har -WebConsoleLogPath $console -ProxyUrl http://proxy1.lab.example.com:9080/ | Where-Object Rule -EQ 'WebConsoleProxyLocation'
        $same.Severity | Should -Be 'Ok'
        $other = Test-SsoCapture -Path $har -WebConsoleLogPath $console -ProxyUrl https://proxy1.lab.example.com:9443/ | Where-Object Rule -EQ 'WebConsoleProxyLocation'
        $other.Severity | Should -Be 'Error'
        $other.Message | Should -Match 'not from the expected proxy https://proxy1\.lab\.example\.com:9443'
        { Test-SsoCapture -Path $har -ProxyUrl 'ftp://x/' -ErrorAction Stop } | Should -Throw -ErrorId 'ProxyUrlInvalid*'
    }

    It 'a malformed capture is an error with a stable ErrorId, the other files are still read' {
        $bad = Join-Path $TestDrive 'bad.har'
        Set-Content -LiteralPath $bad -Value '{ "log": '
        $findings = @(Test-SsoCapture -Path $bad, $har -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CaptureInvalid,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].Exception.Message | Should -Not -Match '   at '
        $findings.Count | Should -BeGreaterThan 10
    }
}
