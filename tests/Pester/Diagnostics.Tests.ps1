BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    Import-Module (Join-Path (Get-RepoRoot) 'examples/LabProxy/LabProxy.psm1') -Force

    $script:fixtures = Get-FixturePath 'diagnostics'
    $script:labCommunityLog = Join-Path (Get-RepoRoot) 'examples/lab/community/console.log'
    $script:alice = 'uid=alice,ou=people,dc=lab,dc=example,dc=com'
    $script:bob = 'uid=bob,ou=people,dc=lab,dc=example,dc=com'

    # The lab proxy runs with keys made for this test run.
    $script:keyPasswordText = 'Test-Lab-Keys-1'
    $script:keyPassword = New-TestSecureString $keyPasswordText
    $script:keyPath = Join-Path $TestDrive 'proxy-ltpa.keys'
    Protect-TestPath $TestDrive
    $script:keys = New-LtpaKey -Realm 'ldap.lab.example.com:389' | Export-LtpaKey -Path $keyPath -Password $keyPassword -PassThru
    $script:proxy = Start-LabProxy -KeyPath $keyPath -KeyPassword $keyPassword -SlowMilliseconds 20000 -LifetimeSeconds 900

    # A port on 127.0.0.1 that never completes a handshake: its accept queue (backlog 1 holds 2) is full and never
    # accepted, so Linux drops further SYNs and a connect hangs until the client gives up.
    # -Address and -Port place it elsewhere on 127.0.0.0/8 (Linux answers the whole range on the loopback).
    function New-BlackHole([string] $Address = '127.0.0.1', [int] $Port = 0) {
        $ip = [System.Net.IPAddress]::Parse($Address)
        $listener = New-Object System.Net.Sockets.Socket([System.Net.Sockets.AddressFamily]::InterNetwork, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Tcp)
        $listener.Bind((New-Object System.Net.IPEndPoint($ip, $Port)))
        $listener.Listen(1)
        $fillers = @()
        foreach ($i in 1..2) {
            $filler = New-Object System.Net.Sockets.Socket([System.Net.Sockets.AddressFamily]::InterNetwork, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Tcp)
            if (-not $filler.ConnectAsync($ip, $listener.LocalEndPoint.Port).Wait(10000)) { throw 'could not fill the accept queue' }
            $fillers += $filler
        }
        [pscustomobject]@{ Port = $listener.LocalEndPoint.Port; Sockets = @($listener) + $fillers }
    }

    function Get-FreePort {
        $l = New-Object System.Net.Sockets.TcpListener([System.Net.IPAddress]::Loopback, 0)
        $l.Start(); $port = $l.LocalEndpoint.Port; $l.Stop()
        $port
    }

    function Get-Step($Results, $Step) { $Results | Where-Object { $_.Step -eq $Step } }

    # The most requests the lab proxy held open at once in Hang mode since its mode was last set.
    function Get-LabProxyPeak {
        $client = New-Object System.Net.WebClient
        try { $text = $client.DownloadString($proxy.Url + '__lab/stats') } finally { $client.Dispose() }
        [int][regex]::Match($text, 'peak (\d+)').Groups[1].Value
    }
}

AfterAll {
    if ($script:proxy) { Stop-LabProxy -Proxy $script:proxy }
}

Describe 'Get-StServiceStatus from a console.log' {
    It 'reports the services of the last start-up and the one that never reported' {
        $rows = Get-StServiceStatus -LogPath $labCommunityLog -ComputerName st1
        $rows.Count | Should -BeGreaterThan 25
        @($rows | Where-Object ComputerName -NE 'st1').Count | Should -Be 0
        $offline = $rows | Where-Object Service -EQ 'ST Offline Messages'
        $offline.Status | Should -Be 'NotReported'
        $offline.IsHealthy | Should -BeFalse
        $offline.LineNumber | Should -Be 182
        ($rows | Where-Object Service -EQ 'ST Mux').Status | Should -Be 'Started'
        $startup = $rows | Where-Object Service -EQ 'Sametime startup'
        $startup.Status | Should -Be 'Incomplete'
        $startup.Detail | Should -Match 'Last successful startup at 2017-03-10 06:58:59'
        $rows[0].Source | Should -Be 'Log'
        $rows[0].PSObject.Properties.Name | Should -Contain 'StartType'
    }

    It 'gives a summary a scheduled task can test' {
        $summary = Get-StServiceStatus -LogPath $labCommunityLog -ComputerName st1 -Summary
        $summary | Should -HaveCount 1
        $summary.AllHealthy | Should -BeFalse
        $summary.ExitCode | Should -Be 1
        $summary.Expected | Should -Be 25
        $summary.Healthy | Should -Be 24
        $summary.LastSuccessfulStartup | Should -Be ([datetime]'2017-03-10T06:58:59')
        $summary.Message | Should -BeLike '24 of 25 services reported started; last successful startup 2017-03-10 06:58:59; not healthy: ST Offline Messages (NotReported)*'
        $summary.ToString() | Should -Be $summary.Message
    }

    It 'is healthy for a start-up that completed' {
        $summary = Get-StServiceStatus -LogPath (Join-Path $fixtures 'guide-community-startup.log') -DateOrder DayMonthYear -Summary
        $summary.AllHealthy | Should -BeTrue
        $summary.ExitCode | Should -Be 0
        $summary.LastSuccessfulStartup | Should -Be ([datetime]'2017-03-09T07:27:19')
    }

    It 'takes files from Get-ChildItem and labels rows with their path' {
        $rows = Get-ChildItem -LiteralPath $fixtures -Filter 'guide-community-startup.log' | Get-StServiceStatus -DateOrder DayMonthYear
        ($rows | Where-Object Service -EQ 'Java Services').ComputerName | Should -Be (Join-Path $fixtures 'guide-community-startup.log')
    }

    It 'warns when day and month cannot be told apart' {
        $null = Get-StServiceStatus -LogPath (Join-Path $fixtures 'guide-community-startup.log') -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings -join ' ') | Should -Match '-DateOrder'
    }

    It 'reports a missing log as a non-terminating LogFileNotFound and goes on' {
        $rows = Get-StServiceStatus -LiteralPath (Join-Path $TestDrive 'nope.log'), $labCommunityLog -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'LogFileNotFound,SametimeAdmin.Commands.GetStServiceStatusCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $rows | Where-Object Service -EQ 'ST Offline Messages' | Should -Not -BeNullOrEmpty
    }

    It 'refuses a binary file with LogFileNotText' {
        $bin = Join-Path $TestDrive 'console.log.gz'
        [System.IO.File]::WriteAllBytes($bin, [byte[]](0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 11, 12, 13, 0, 0, 0))
        { Get-StServiceStatus -LiteralPath $bin -ErrorAction Stop } | Should -Throw -ErrorId 'LogFileNotText,SametimeAdmin.Commands.GetStServiceStatusCommand'
    }

    It 'with -Summary a log that cannot be read gives a failed summary too' {
        $summary = Get-StServiceStatus -LiteralPath (Join-Path $TestDrive 'nope.log') -Summary -ErrorAction SilentlyContinue
        $summary.CheckFailed | Should -BeTrue
        $summary.AllHealthy | Should -BeFalse
        $summary.ExitCode | Should -Be 1
    }

    It 'refuses several computer names for one log' {
        { Get-StServiceStatus -LogPath $labCommunityLog -ComputerName a, b -ErrorAction Stop } | Should -Throw -ErrorId 'ComputerNameAmbiguous,SametimeAdmin.Commands.GetStServiceStatusCommand'
    }

    It 'stops on a catalogue file that cannot be used' {
        $bad = Join-Path $TestDrive 'bad-catalogue.csv'
        Set-Content -LiteralPath $bad -Value 'Name,Evidence', 'ST Mux,Maybe'
        { Get-StServiceStatus -LogPath $labCommunityLog -CatalogPath $bad -ErrorAction Stop } | Should -Throw -ErrorId 'CatalogFileInvalid,SametimeAdmin.Commands.GetStServiceStatusCommand'
    }
}

Describe 'Get-StServiceStatus by service control' {
    It 'reads Windows services on Windows, and elsewhere says it needs Windows and names -LogPath and -Probe' {
        if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) {
            # A computer without Sametime: every catalogue service is reported, as NotInstalled.
            $rows = Get-StServiceStatus -ComputerName localhost
            @($rows | Where-Object Counted) | Should -HaveCount 24
            return
        }
        $err = $null
        try { Get-StServiceStatus -ComputerName localhost -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'ServiceControlNotSupported,SametimeAdmin.Commands.GetStServiceStatusCommand'
        $err.Exception.Message | Should -Match 'not available on this platform'
        $err.ErrorDetails.RecommendedAction | Should -Match '-LogPath'
        $err.ErrorDetails.RecommendedAction | Should -Match '-Probe'
    }
}

Describe 'Get-StServiceStatus -Credential (CIM)' {
    BeforeAll {
        $script:cimCredential = New-Object System.Management.Automation.PSCredential ('EXAMPLE\stadmin', (New-TestSecureString 'Cim-Passw0rd!'))
    }

    It 'on Windows reports a server it cannot reach per computer; elsewhere says CIM needs Windows, never showing the password' {
        if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) {
            $err = $null
            $rows = Get-StServiceStatus -ComputerName 'no-such-host.invalid' -Credential $cimCredential -ErrorAction SilentlyContinue -ErrorVariable err
            @($rows) | Should -HaveCount 0
            $err[0].FullyQualifiedErrorId | Should -Be 'ServiceQueryFailed,SametimeAdmin.Commands.GetStServiceStatusCommand'
            $err[0].Exception.Message | Should -Match 'through CIM'
            return
        }
        $err = $null
        try { Get-StServiceStatus -ComputerName stchat1, stchat2 -Credential $cimCredential -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'CimNotAvailable,SametimeAdmin.Commands.GetStServiceStatusCommand'
        $err.CategoryInfo.Category | Should -Be 'NotImplemented'
        $err.Exception.Message | Should -Match 'Get-CimInstance'
        $err.ErrorDetails.RecommendedAction | Should -Match '-Probe'
        $err.ErrorDetails.RecommendedAction | Should -Match '-LogPath'
        ($err | Out-String) | Should -Not -Match 'Cim-Passw0rd'
        ($err | Out-String) | Should -Not -Match 'at SametimeAdmin\.'
    }

    It 'takes a PSCredential with service control only, not with -Probe or -LogPath' {
        $parameter = (Get-Command Get-StServiceStatus).Parameters['Credential']
        $parameter.ParameterType | Should -Be ([System.Management.Automation.PSCredential])
        @($parameter.ParameterSets.Keys) | Should -Be @('ServiceControl')
        { Get-StServiceStatus -ComputerName stchat1 -Probe -Credential $cimCredential -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,SametimeAdmin.Commands.GetStServiceStatusCommand'
        { Get-StServiceStatus -LogPath $labCommunityLog -Credential $cimCredential -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,SametimeAdmin.Commands.GetStServiceStatusCommand'
    }

    It 'documents -Credential, with an example that reads the credential from a file' {
        $help = Get-Help Get-StServiceStatus -Parameter Credential
        ($help.description | Out-String) | Should -Match 'CIM'
        $examples = (Get-Help Get-StServiceStatus -Examples | Out-String -Width 300)
        $examples | Should -Match 'Import-Clixml'
        $examples | Should -Match '-Credential'
    }
}

Describe 'Get-StServiceStatus -Probe' {
    It 'tells listening, refused and silent ports apart within one timeout' {
        $hole = New-BlackHole
        try {
            $open = ([Uri]$proxy.Url).Port
            $closed = Get-FreePort
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $rows = Get-StServiceStatus -ComputerName 127.0.0.1 -Probe -Port $open, $closed, $hole.Port -TimeoutSeconds 1
            $clock.Stop()
            ($rows | Where-Object Port -EQ $open).Status | Should -Be 'Listening'
            ($rows | Where-Object Port -EQ $closed).Status | Should -Be 'Refused'
            ($rows | Where-Object Port -EQ $hole.Port).Status | Should -Be 'NoAnswer'
            ($rows | Where-Object Port -EQ $hole.Port).Detail | Should -Match 'within 1 s'
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 4
        }
        finally { $hole.Sockets | ForEach-Object { $_.Dispose() } }
    }

    It 'labels the well-known ports with their meaning' {
        $rows = Get-StServiceStatus -ComputerName 127.0.0.1 -Probe -Role Community -TimeoutSeconds 1
        @($rows.Port) | Should -Be @(1516, 1533, 80, 8082)
        ($rows | Where-Object Port -EQ 1516).DisplayName | Should -Match 'Community VP server port'
        ($rows | Where-Object Port -EQ 1533).DisplayName | Should -Match 'client'
    }

    It 'probes the DB2 server and the System Console on IBM''s default ports, saying they are defaults' {
        $db2 = @(Get-StServiceStatus -ComputerName 127.0.0.1 -Probe -Role Db2 -TimeoutSeconds 1)
        @($db2.Port) | Should -Be @(50000)
        $db2[0].DisplayName | Should -Match 'STSC and STPR.*IBM default'
        $ssc = @(Get-StServiceStatus -ComputerName 127.0.0.1 -Probe -Role Ssc -TimeoutSeconds 1)
        @($ssc.Port) | Should -Be @(8700, 8701, 8703)
        ($ssc | Where-Object Port -EQ 8701).DisplayName | Should -Match '/ibm/console'
    }

    It 'checks many computers at once, one error-free row set per computer' {
        $rows = 'no-such-host.invalid', '127.0.0.1' | Get-StServiceStatus -Probe -Port 1516 -TimeoutSeconds 3
        $rows | Should -HaveCount 2
        ($rows | Where-Object ComputerName -EQ 'no-such-host.invalid').Status | Should -Be 'Unresolved'
        ($rows | Where-Object ComputerName -EQ '127.0.0.1').Status | Should -Be 'Refused'
    }

    It 'summarises per computer' {
        $summary = Get-StServiceStatus -ComputerName 127.0.0.1 -Probe -Port ([Uri]$proxy.Url).Port -Summary
        $summary.AllHealthy | Should -BeTrue
        $summary.Message | Should -Be '1 of 1 ports answering'
    }

    It 'writes each computer''s rows in input order, a silent first computer included' {
        $hole = New-BlackHole
        try {
            $rows = Get-StServiceStatus -ComputerName 127.0.0.1, 127.0.0.2, 127.0.0.3 -Probe -Port $hole.Port -TimeoutSeconds 1
            @($rows.ComputerName) | Should -Be @('127.0.0.1', '127.0.0.2', '127.0.0.3')
            @($rows.Status) | Should -Be @('NoAnswer', 'Refused', 'Refused')
        }
        finally { $hole.Sockets | ForEach-Object { $_.Dispose() } }
    }

    It 'checks no more computers at once than -ThrottleLimit' {
        $holes = @(New-BlackHole)
        try {
            $port = $holes[0].Port
            $holes += New-BlackHole -Address 127.0.0.2 -Port $port
            $holes += New-BlackHole -Address 127.0.0.3 -Port $port
            # Three silent computers one at a time: each waits out its own timeout, so no less than three in all.
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $rows = Get-StServiceStatus -ComputerName 127.0.0.1, 127.0.0.2, 127.0.0.3 -Probe -Port $port -TimeoutSeconds 1 -ThrottleLimit 1
            $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 2.9
            @($rows.Status) | Should -Be @('NoAnswer', 'NoAnswer', 'NoAnswer')
            @($rows.ComputerName) | Should -Be @('127.0.0.1', '127.0.0.2', '127.0.0.3')
        }
        finally { $holes | ForEach-Object { $_.Sockets | ForEach-Object { $_.Dispose() } } }
    }

    It 'rejects a -ThrottleLimit below 1' {
        { Get-StServiceStatus -ComputerName 127.0.0.1 -Probe -Port 1516 -ThrottleLimit 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SametimeAdmin.Commands.GetStServiceStatusCommand'
    }

    It 'rejects a port out of range' {
        { Get-StServiceStatus -ComputerName 127.0.0.1 -Probe -Port 70000 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SametimeAdmin.Commands.GetStServiceStatusCommand'
    }
}

Describe 'Get-StServiceCatalog' {
    It 'lists 24 services, the Figure 18 ones confirmed' {
        $catalog = Get-StServiceCatalog
        $catalog | Should -HaveCount 24
        @($catalog | Where-Object Evidence -EQ 'Confirmed').Count | Should -Be 19
        @($catalog | Where-Object Evidence -EQ 'Inferred').Count | Should -Be 5
    }

    It 'round-trips through Export-Csv into a catalogue Get-StServiceStatus uses' {
        $file = Join-Path $TestDrive 'catalogue.csv'
        Get-StServiceCatalog | Where-Object Name -NE 'ST Offline Messages' | Export-Csv -LiteralPath $file -NoTypeInformation
        Get-StServiceCatalog -CatalogPath $file | Should -HaveCount 23
        $rows = Get-StServiceStatus -LogPath $labCommunityLog -CatalogPath $file
        ($rows | Where-Object Service -EQ 'ST Offline Messages').Detail | Should -Match 'not in the service catalogue'
    }

    It 'reports a missing catalogue file' {
        { Get-StServiceCatalog -CatalogPath (Join-Path $TestDrive 'none.csv') -ErrorAction Stop } | Should -Throw -ErrorId 'CatalogFileNotFound,SametimeAdmin.Commands.GetStServiceCatalogCommand'
    }
}

Describe 'Test-SametimeAwareness against the lab proxy' {
    # The lab proxy speaks plain http, so every login warns that its token or password travels unencrypted; that
    # warning is asserted in its own tests below ('warns once per URL ...') and is not the subject here.
    BeforeAll { $PSDefaultParameterValues['Test-SametimeAwareness:WarningAction'] = 'SilentlyContinue' }
    AfterAll { $PSDefaultParameterValues.Remove('Test-SametimeAwareness:WarningAction') }
    AfterEach { Set-LabProxyMode -Proxy $proxy -Mode Normal }

    It 'passes every step with a token minted from the proxy keys' {
        $results = Test-SametimeAwareness -Url $proxy.Url -KeyPath $keyPath -KeyPassword $keyPassword -UserName $alice -WatchUser $bob -TimeoutSeconds 5
        @($results.Step) | Should -Be @('NameResolution', 'TcpConnect', 'Tls', 'ClientScripts', 'SsoDomain', 'Login', 'Presence', 'BuddyList', 'Logout', 'CorsPreflight', 'CorsOrigin', 'FrameAncestors', 'MailFile')
        @($results | Where-Object Status -EQ 'Failed') | Should -HaveCount 0
        @($results | Where-Object Status -EQ 'Passed') | Should -HaveCount 7
        (Get-Step $results Presence).Evidence | Should -Match 'away \(2\)'
        (Get-Step $results Login).Evidence | Should -Match 'logged in as alice'
        $results[0].Url | Should -Be $proxy.Url
    }

    It 'opens the iNotes mail file directly with -MailFileUrl and tells <Case>' -ForEach @(
        @{ Case = 'Domino''s login form'; File = 'i2.nsf'; Status = 'Passed'; Evidence = 'HTTP 200, Domino''s login form'; Fix = $null }
        @{ Case = 'a redirect loop'; File = 'loop.nsf'; Status = 'Failed'; Evidence = 'a redirect loop: .*/mail/loop\.nsf -> .*/iwaredir\.nsf\?OpenDatabase&mail=loop -> .*/mail/loop\.nsf'; Fix = 'iwaredir\.nsf' }
        @{ Case = 'a redirect to another host'; File = 'moved.nsf'; Status = 'Failed'; Evidence = 'redirected to another host: .* -> http://webmail\.elsewhere\.example\.com/mail/moved\.nsf'; Fix = 'webmail\.elsewhere\.example\.com' }
        @{ Case = 'an error'; File = 'missing.nsf'; Status = 'Failed'; Evidence = 'HTTP 404'; Fix = 'not found' }
    ) {
        Set-LabProxyMode -Proxy $proxy -Mode ProxyDown
        $step = Test-SametimeAwareness -Url $proxy.Url -MailFileUrl ($proxy.Url.TrimEnd('/') + '/mail/' + $File) -TimeoutSeconds 5 | Where-Object Step -EQ 'MailFile'
        $step.Status | Should -Be $Status
        $step.Evidence | Should -Match $Evidence
        if ($Fix) { $step.Fix | Should -Match $Fix } else { $step.Fix | Should -BeNullOrEmpty }
    }

    It 'skips the mail file step without -MailFileUrl and refuses a URL that names no mail file' {
        (Test-SametimeAwareness -Url $proxy.Url -TimeoutSeconds 5 | Where-Object Step -EQ 'MailFile').Evidence | Should -Match 'No -MailFileUrl given'
        { Test-SametimeAwareness -Url $proxy.Url -MailFileUrl 'ftp://inotes1/mail/i2.nsf' -ErrorAction Stop } | Should -Throw -ErrorId 'MailFileUrlInvalid*'
    }

    It 'never shows the token, not even in verbose output' {
        $token = New-LtpaToken -KeySet $keys -UserName $alice
        Set-LabProxyMode -Proxy $proxy -Mode TokenRejected
        $all = Test-SametimeAwareness -Url $proxy.Url -Token (New-TestSecureString $token) -UserName $alice -Verbose 4>&1 | Out-String -Width 400
        $all | Should -Not -BeNullOrEmpty
        $all | Should -Not -Match ([regex]::Escape($token.Substring(0, 24)))
    }

    It 'accepts a token as "LtpaToken2=value" pasted from a Cookie header' {
        $cookie = New-LtpaToken -KeySet $keys -UserName $alice -AsCookie
        $results = Test-SametimeAwareness -Url $proxy.Url -Token (New-TestSecureString $cookie)
        (Get-Step $results Login).Status | Should -Be 'Passed'
    }

    It 'fails the login with the key fix when the token comes from other keys' {
        $other = New-LtpaKey -Realm 'ldap.lab.example.com:389'
        $results = Test-SametimeAwareness -Url $proxy.Url -KeySet $other -UserName $alice
        $login = Get-Step $results Login
        $login.Status | Should -Be 'Failed'
        $login.HttpStatus | Should -Be 401
        $login.Fix | Should -Match "proxy's own keys"
        (Get-Step $results Presence).Status | Should -Be 'Skipped'
        (Get-Step $results Logout).Status | Should -Be 'Skipped'
    }

    It 'shows CLFRX0035E and the ST_TOKEN_TYPE fix when the Community Server cannot find the token' {
        Set-LabProxyMode -Proxy $proxy -Mode TokenRejected
        $login = Get-Step (Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice) Login
        $login.Evidence | Should -Match 'CLFRX0035E: Token was not found for login by token by user alice'
        $login.Fix | Should -Match '\[AuthToken\] ST_TOKEN_TYPE='
    }

    It 'shows the same when WebSphere expects another cookie name' {
        Set-LabProxyMode -Proxy $proxy -Mode WrongCookieName
        $login = Get-Step (Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice) Login
        $login.Evidence | Should -Match 'CLFRX0035E'
    }

    It 'reports a proxy that is down as the 502 of the guide and skips the rest' {
        Set-LabProxyMode -Proxy $proxy -Mode ProxyDown
        $results = Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice
        $scripts = Get-Step $results ClientScripts
        $scripts.Status | Should -Be 'Failed'
        $scripts.HttpStatus | Should -Be 502
        $scripts.Evidence | Should -Match 'Sametime Proxy Server is not running'
        @($results | Where-Object { $_.Order -ge 6 -and $_.Status -ne 'Skipped' }) | Should -HaveCount 0
    }

    It 'reports a Community Server the proxy cannot reach (503) with the trusted-IP fix' {
        Set-LabProxyMode -Proxy $proxy -Mode CommunityDown
        $login = Get-Step (Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice) Login
        $login.HttpStatus | Should -Be 503
        $login.Fix | Should -Match 'Community Trusted IPs'
    }

    It 'says so when an HTML page comes where JSON is expected' {
        Set-LabProxyMode -Proxy $proxy -Mode HtmlErrors
        $login = Get-Step (Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice) Login
        $login.Status | Should -Be 'Failed'
        $login.Evidence | Should -Match 'HTML page'
        $login.Evidence | Should -Match 'JSON was expected'
    }

    It 'gives up on a hung proxy after the timeout' {
        Set-LabProxyMode -Proxy $proxy -Mode Hang
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice -TimeoutSeconds 1
        $clock.Stop()
        (Get-Step $results ClientScripts).Evidence | Should -Match 'no complete answer within 1 s'
        (Get-Step $results Login).Status | Should -Be 'Skipped'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 6
    }

    It 'logs in by password with a PSCredential' {
        $credential = New-Object System.Management.Automation.PSCredential('alice', (New-TestSecureString 'lab-passw0rd'))
        $results = Test-SametimeAwareness -Url $proxy.Url -Credential $credential
        (Get-Step $results Login).Status | Should -Be 'Passed'
        (Get-Step $results Presence).Evidence | Should -Match 'alice: available \(1\)'
    }

    It 'checks the SSO domain of the proxy host' {
        $results = Test-SametimeAwareness -Url $proxy.Url -SsoDomain lab.example.com
        (Get-Step $results SsoDomain).Status | Should -Be 'Failed'
        (Get-Step $results SsoDomain).Evidence | Should -Match 'IP address'
    }

    It 'probes several URLs at once, each URL''s steps together, and reports a bad URL per item' {
        $refused = 'http://127.0.0.1:{0}/' -f (Get-FreePort)
        $results = 'ftp://nope/', $proxy.Url, $refused, 'http://no-such-proxy.invalid:9080/' |
            Test-SametimeAwareness -TimeoutSeconds 3 -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ProxyUrlInvalid,SametimeAdmin.Commands.TestSametimeAwarenessCommand'
        $results | Should -HaveCount 39
        # Output is grouped: each URL's thirteen steps are contiguous and in order.
        for ($i = 0; $i -lt 39; $i += 13) {
            @($results[$i..($i + 12)].Url | Select-Object -Unique) | Should -HaveCount 1
            @($results[$i..($i + 12)].Order) | Should -Be @(1..13)
        }
        (Get-Step ($results | Where-Object Url -EQ $refused) TcpConnect).Evidence | Should -Match 'refused'
        (Get-Step ($results | Where-Object Url -Match 'invalid') NameResolution).Status | Should -Be 'Failed'
    }

    It 'probes no more URLs at once than -ThrottleLimit, and all at once by default' {
        # Six URLs on the hung lab proxy: it counts the requests it holds open at the same time.
        $urls = 1..6 | ForEach-Object { '{0}hang{1}/' -f $proxy.Url, $_ }
        Set-LabProxyMode -Proxy $proxy -Mode Hang
        $summaries = Test-SametimeAwareness -Url $urls -ThrottleLimit 2 -TimeoutSeconds 1 -Summary
        @($summaries.Url) | Should -Be $urls
        @($summaries | Where-Object { $_.Problems -match 'no complete answer' }) | Should -HaveCount 6
        Get-LabProxyPeak | Should -Be 2

        Set-LabProxyMode -Proxy $proxy -Mode Hang
        $null = Test-SametimeAwareness -Url $urls -TimeoutSeconds 1 -Summary
        Get-LabProxyPeak | Should -Be 6
    }

    It 'writes the URLs'' results in input order, a hung first URL included' {
        $hung = '{0}first/' -f $proxy.Url
        $refused = 'http://127.0.0.1:{0}/' -f (Get-FreePort)
        $refusedToo = 'http://127.0.0.1:{0}/' -f (Get-FreePort)
        Set-LabProxyMode -Proxy $proxy -Mode Hang
        $results = Test-SametimeAwareness -Url $hung, $refused, $refusedToo -TimeoutSeconds 1
        $results | Should -HaveCount 39
        @($results.Url | Select-Object -Unique) | Should -Be @($hung, $refused, $refusedToo)
        (Get-Step ($results | Where-Object Url -EQ $hung) ClientScripts).Evidence | Should -Match 'no complete answer'
    }

    It 'reports a wrong key password before probing anything' {
        { Test-SametimeAwareness -Url $proxy.Url -KeyPath $keyPath -KeyPassword (New-TestSecureString 'wrong') -UserName $alice -ErrorAction Stop } |
            Should -Throw -ErrorId 'KeyFileWrongPassword,SametimeAdmin.Commands.TestSametimeAwarenessCommand'
    }

    It 'warns that -SkipCertificateCheck is for labs and reports the certificate over TLS' {
        $tlsProxy = Start-LabProxy -KeyPath $keyPath -KeyPassword $keyPassword -Tls -LifetimeSeconds 120
        try {
            $strict = Test-SametimeAwareness -Url $tlsProxy.Url -KeySet $keys -UserName $alice
            (Get-Step $strict Tls).Status | Should -Be 'Failed'
            (Get-Step $strict Tls).Evidence | Should -Match 'not trusted'
            (Get-Step $strict Login).Status | Should -Be 'Skipped'

            $lab = Test-SametimeAwareness -Url $tlsProxy.Url -KeySet $keys -UserName $alice -SkipCertificateCheck -WarningVariable warnings -WarningAction SilentlyContinue
            ($warnings -join ' ') | Should -Match 'lab only'
            (Get-Step $lab Tls).Evidence | Should -Match 'SkipCertificateCheck'
            (Get-Step $lab Login).Status | Should -Be 'Passed'
        }
        finally { Stop-LabProxy -Proxy $tlsProxy }
    }
}

Describe 'Test-SametimeAwareness: presence, deadlines, verdicts, fixes and clear-text secrets' {
    BeforeAll {
        $script:carol = 'uid=carol,ou=people,dc=lab,dc=example,dc=com'
        $script:localUrl = 'http://localhost:{0}/' -f ([uri]$proxy.Url).Port
        # Plain-http warnings are asserted where they are the subject (-WarningVariable still takes them).
        $PSDefaultParameterValues['Test-SametimeAwareness:WarningAction'] = 'SilentlyContinue'
    }

    AfterAll { $PSDefaultParameterValues.Remove('Test-SametimeAwareness:WarningAction') }

    AfterEach { Set-LabProxyMode -Proxy $proxy -Mode Normal -SlowMilliseconds 20000 }

    It 'warns once per URL that a <Case> goes over unencrypted http, never with the secret' -ForEach @(
        @{ Case = 'minted token'; Pattern = 'LTPA token \(minted by the probe\) is sent in the LtpaToken2 cookie over unencrypted http to 127\.0\.0\.1:\d+' }
        @{ Case = 'password'; Pattern = "password of 'alice' is sent over unencrypted http to 127\.0\.0\.1:\d+" }
    ) {
        $login = @{ KeySet = $keys; UserName = $alice }
        if ($Case -eq 'password') { $login = @{ Credential = (New-Object System.Management.Automation.PSCredential('alice', (New-TestSecureString 'lab-passw0rd'))) } }
        $results = $proxy.Url, $proxy.Url | Test-SametimeAwareness @login -WarningVariable warnings -WarningAction SilentlyContinue
        @($results) | Should -HaveCount 13
        @($warnings | Where-Object { "$_" -match 'unencrypted http' }) | Should -HaveCount 1
        "$($warnings[0])" | Should -Match $Pattern
        "$($warnings[0])" | Should -Not -Match 'lab-passw0rd'
    }

    It 'does not warn when nothing secret is sent' {
        $null = Test-SametimeAwareness -Url $proxy.Url -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings) | Should -HaveCount 0
    }

    It 'reports each watched user''s status when the answer holds it <Mode>' -ForEach @(
        @{ Mode = 'PresenceList' }
        @{ Mode = 'PresenceStatuses' }
        @{ Mode = 'PresencePerUser' }
    ) {
        Set-LabProxyMode -Proxy $proxy -Mode $Mode
        $presence = Get-Step (Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice -WatchUser $bob, $carol) Presence
        $presence.Status | Should -Be 'Passed'
        $presence.Evidence | Should -Match ([regex]::Escape($bob) + ': away \(2\)')
        $presence.Evidence | Should -Match ([regex]::Escape($carol) + ': offline \(0\)')
    }

    It 'says Warning, not Passed, when the presence answer has no status, and shows its shape' {
        Set-LabProxyMode -Proxy $proxy -Mode PresenceNoStatus
        $presence = Get-Step (Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice -WatchUser $bob) Presence
        $presence.Status | Should -Be 'Warning'
        $presence.Evidence | Should -Match 'answer shape \{returnCode: number, userId: string, watched: boolean\}'
        $presence.Fix | Should -Not -BeNullOrEmpty
    }

    It 'bounds the presence step as a whole: three users whose answers each take 60 % of the timeout' {
        Set-LabProxyMode -Proxy $proxy -Mode SlowPresence -SlowMilliseconds 1500
        $presence = Get-Step (Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice -WatchUser $alice, $bob, $carol -TimeoutSeconds 2.5) Presence
        $presence.Status | Should -Be 'Passed'
        $presence.Duration.TotalSeconds | Should -BeLessThan 2.5
    }

    It 'ends a presence step that overruns near its deadline' {
        Set-LabProxyMode -Proxy $proxy -Mode SlowPresence -SlowMilliseconds 30000
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice -WatchUser $alice, $bob, $carol -TimeoutSeconds 2
        $clock.Stop()
        $presence = Get-Step $results Presence
        $presence.Status | Should -Be 'Failed'
        $presence.Duration.TotalSeconds | Should -BeGreaterOrEqual 1.9
        $presence.Duration.TotalSeconds | Should -BeLessThan 3
        ([regex]::Matches($presence.Evidence, 'no complete answer within 2 s')).Count | Should -Be 3
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 8
    }

    It 'gives one verdict per URL with -Summary' {
        $refused = 'http://127.0.0.1:{0}/' -f (Get-FreePort)
        $summaries = @($localUrl, $refused | Test-SametimeAwareness -KeySet $keys -UserName $alice -SsoDomain localhost -Summary -TimeoutSeconds 5 -WarningAction SilentlyContinue)
        $summaries | Should -HaveCount 2
        $summaries[0].PSObject.TypeNames | Should -Contain 'SametimeAdmin.Diagnostics.AwarenessSummary'
        $good = $summaries | Where-Object Url -EQ $localUrl
        $good.Verdict | Should -Be 'Passed'
        @($good.Steps) | Should -HaveCount 13
        $bad = $summaries | Where-Object Url -EQ $refused
        $bad.Verdict | Should -Be 'Failed'
        $bad.Message | Should -Match 'TcpConnect'
        $bad.Fix | Should -Match 'Nothing listens'
        $table = $summaries | Out-String -Width 200
        $table | Should -Match 'Verdict'
        $table | Should -Match 'FIX: Nothing listens'
    }

    It 'says Incomplete when the login was not tried, and names what was not checked' {
        $summary = Test-SametimeAwareness -Url $proxy.Url -Summary
        $summary.Verdict | Should -Be 'Incomplete'
        ($summary.NotChecked -join "`n") | Should -Match 'Login: No token'
        ($summary | Format-List | Out-String -Width 200) | Should -Match 'NotChecked'
    }

    It 'names the fingerprint of the keys it minted with in the CLFRX0035E fix' {
        Set-LabProxyMode -Proxy $proxy -Mode TokenRejected
        $login = Get-Step (Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice -WarningAction SilentlyContinue) Login
        $login.Fix | Should -Match ([regex]::Escape('minted the token with the key set ' + $keys.PublicKeyFingerprint))
        $login.Fix | Should -Match 'both Web SSO documents'
    }

    It 'checks a -Token with -KeyPath first: <Case>' -ForEach @(
        @{ Case = 'valid but not accepted'; Mode = 'TokenRejected'; Other = $false; Pattern = 'The token is valid for the key set .*ST_TOKEN_TYPE.*must be LtpaToken2' }
        @{ Case = 'not made with these keys'; Mode = 'WrongCookieName'; Other = $true; Pattern = 'The token given with -Token is NotDecryptable with the key set' }
    ) {
        $signer = $keys
        if ($Other) { $signer = New-LtpaKey -Realm 'ldap.lab.example.com:389' }
        $token = New-LtpaToken -KeySet $signer -UserName $alice
        Set-LabProxyMode -Proxy $proxy -Mode $Mode
        $login = Get-Step (Test-SametimeAwareness -Url $proxy.Url -Token (New-TestSecureString $token) -KeyPath $keyPath -KeyPassword $keyPassword -WarningAction SilentlyContinue) Login
        $login.Status | Should -Be 'Failed'
        $login.Evidence | Should -Match 'CLFRX0035E'
        $login.Fix | Should -Match $Pattern
        $login.Fix | Should -Match ([regex]::Escape($keys.PublicKeyFingerprint))
        ($login.Evidence + $login.Fix) | Should -Not -Match ([regex]::Escape($token.Substring(0, 24)))
    }

    It 'refuses parameters that do not fit together with a clear error: <Case>' -ForEach @(
        @{ Case = 'keys without -Token or -UserName'; Arguments = @{ KeySet = 'keys' }; ErrorId = 'UserNameRequired' }
        @{ Case = '-Realm with -Token'; Arguments = @{ KeySet = 'keys'; Token = 'token'; Realm = 'r' }; ErrorId = 'MintParameterWithToken' }
        @{ Case = '-UserName without a login'; Arguments = @{ UserName = 'u' }; ErrorId = 'LoginParameterWithoutLogin' }
    ) {
        $given = @{}
        foreach ($name in $Arguments.Keys) { $given[$name] = $Arguments[$name] }
        if ($given.ContainsKey('KeySet')) { $given.KeySet = $keys }
        if ($given.ContainsKey('Token')) { $given.Token = New-TestSecureString (New-LtpaToken -KeySet $keys -UserName $alice) }
        { $proxy.Url | Test-SametimeAwareness @given -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,SametimeAdmin.Commands.TestSametimeAwarenessCommand"
    }

    It 'checks a -Token with -KeySet first and says when it expired' {
        $token = New-LtpaToken -KeySet $keys -UserName $alice -Expiration ([DateTime]::UtcNow.AddMinutes(-10)) -WarningAction SilentlyContinue
        Set-LabProxyMode -Proxy $proxy -Mode WrongCookieName
        $login = Get-Step (Test-SametimeAwareness -Url $proxy.Url -Token (New-TestSecureString $token) -KeySet $keys -WarningAction SilentlyContinue) Login
        $login.Fix | Should -Match 'The token given with -Token expired at '
        $login.Evidence | Should -Match 'the token is expired'
    }
}

Describe 'Test-SametimeAwareness -Origin against a Sametime 12 server' {
    BeforeAll {
        $PSDefaultParameterValues['Test-SametimeAwareness:WarningAction'] = 'SilentlyContinue'
        $script:mail = 'https://mail.lab.example.com'
        $script:originSteps = @('CorsPreflight', 'CorsOrigin', 'FrameAncestors')
        $script:localUrl = 'http://localhost:{0}/' -f ([uri]$proxy.Url).Port
    }
    AfterAll { $PSDefaultParameterValues.Remove('Test-SametimeAwareness:WarningAction') }
    AfterEach { Set-LabProxyMode -Proxy $proxy -Mode Normal -FrameAncestors "'self' https://mail.lab.example.com" -CorsOrigin 'https://mail.lab.example.com' -CorsCredentials $true -LegacyClient $true }

    It 'passes the origin steps when CSP and CORS allow the iNotes origin, and the summary says Passed' {
        Set-LabProxyMode -Proxy $proxy -Mode Sametime12
        $results = Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice -Origin ($mail + '/mail/alice.nsf?OpenDocument') -TimeoutSeconds 5
        foreach ($step in $originSteps) { (Get-Step $results $step).Status | Should -Be 'Passed' -Because (Get-Step $results $step).Evidence }
        (Get-Step $results CorsOrigin).Evidence | Should -Match ([regex]::Escape("Access-Control-Allow-Origin $mail, Access-Control-Allow-Credentials true"))
        (Get-Step $results FrameAncestors).Evidence | Should -Match ([regex]::Escape("frame-ancestors 'self' $mail"))
        $summary = Test-SametimeAwareness -Url $localUrl -KeySet $keys -UserName $alice -Origin $mail -SsoDomain localhost -Summary -TimeoutSeconds 5
        $summary.Verdict | Should -Be 'Passed'
    }

    It 'fails CORS and framing for another origin, with the settings to change (unconfirmed names labelled)' {
        Set-LabProxyMode -Proxy $proxy -Mode Sametime12 -CorsOrigin 'https://other.example.com' -FrameAncestors "'self' https://other.example.com"
        $results = Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice -Origin $mail -TimeoutSeconds 5
        foreach ($step in $originSteps) { (Get-Step $results $step).Status | Should -Be 'Failed' }
        (Get-Step $results CorsOrigin).Fix | Should -Match 'CORS_ALLOWED_ORIGINS \(name not confirmed'
        (Get-Step $results FrameAncestors).Fix | Should -Match ([regex]::Escape("CONTENT_SECURITY_POLICY in custom.env, for example frame-ancestors 'self' $mail"))
        $summary = Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice -Origin $mail -Summary -TimeoutSeconds 5
        $summary.Verdict | Should -Be 'Failed'
    }

    It 'says what to enable when the legacy chat client is off (404 on the client scripts)' {
        Set-LabProxyMode -Proxy $proxy -Mode Sametime12 -LegacyClient $false
        $scripts = Get-Step (Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice -Origin $mail -TimeoutSeconds 5) ClientScripts
        $scripts.Status | Should -Be 'Failed'
        $scripts.HttpStatus | Should -Be 404
        $scripts.Fix | Should -Match 'SAMETIME_EXTERNAL_WARINTEGRATION=true'
        $scripts.Fix | Should -Match 'enableLegacyChatClient \(name not confirmed'
    }

    It 'skips the origin steps with the reason when no -Origin is given' {
        Set-LabProxyMode -Proxy $proxy -Mode Sametime12
        $results = Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice -TimeoutSeconds 5
        foreach ($step in $originSteps) {
            (Get-Step $results $step).Status | Should -Be 'Skipped'
            (Get-Step $results $step).Evidence | Should -Match 'No -Origin given'
        }
    }

    It 'refuses an origin that is not an http(s) URL, before probing' {
        { Test-SametimeAwareness -Url $proxy.Url -Origin 'mail.example.com' -ErrorAction Stop } | Should -Throw -ErrorId 'OriginInvalid,SametimeAdmin.Commands.TestSametimeAwarenessCommand'
    }
}

Describe 'Get-SsoTraceEvent' {
    It 'turns the guide''s traces into events' {
        $events = Get-SsoTraceEvent -Path (Join-Path $fixtures 'guide-*-trace.log') -UtcOffset '-04:00' -WarningAction SilentlyContinue
        # iNotes and Community excerpts: the tail of one validation and the start of the next each; the proxy trace: a
        # validated token and one login record.
        $events | Should -HaveCount 6
        $inotes = @($events | Where-Object { $_.Path -like '*guide-inotes*' })
        $inotes | Should -HaveCount 2
        $inotes[0].User | Should -Be 'CN=inotes 2/O=ibm'
        $inotes[0].Realm | Should -Be 'defaultWIMFileBasedRealm'
        $inotes[0].Outcome | Should -Be 'Expired'
        $inotes[0].Thread | Should -Be '0DEC:000A-0F80'
        $inotes[1].ConfigName | Should -Be 'LtpaToken2'
        $record = $events | Where-Object Code -EQ 'CLFRX0035E'
        $record.LikelyCause | Should -Match 'ST_TOKEN_TYPE'
        @($record.Codes) | Should -Be @('CLFRX0027E', 'CLFRX0035E')
        $record.SessionId | Should -Be 'caa370e8-eb47-453e-87d4-59dbcb48801d'
    }

    It 'reports the proxy''s presence and buddy list requests with the errors around them (-Request)' {
        $requests = @(Get-SsoTraceEvent -LiteralPath (Join-Path $fixtures 'proxy-requests-trace.log') -Request Presence, BuddyList)
        $requests | Should -HaveCount 2
        $requests[0].GetType().Name | Should -Be 'ProxyRequestEvent'
        $requests[0].Kind | Should -Be 'Presence'
        $requests[0].Method | Should -Be 'POST'
        $requests[0].Url | Should -Be '/stwebapi/presence'
        $requests[0].Thread | Should -Be '00000109'
        @($requests[0].Errors | ForEach-Object { '{0}/{1}' -f $_.Code, $_.SameThread }) | Should -Be @('SECJ0369E/True', 'CLFRX0027E/False')
        $requests[0].LikelyCause | Should -Match 'LTPA keys'
        $requests[1].Kind | Should -Be 'BuddyList'
        $requests[1].HasErrors | Should -BeFalse
        $shown = $requests | Format-Table | Out-String -Width 120
        $shown | Should -Match 'SECJ0369E'
        $shown | Should -Match 'no errors'
    }

    It 'gives only the requests with errors and only the kinds asked for' {
        $failed = @(Get-SsoTraceEvent -Path (Join-Path $fixtures 'proxy-requests-trace.log') -Request Presence, BuddyList -FailureOnly)
        @($failed.Kind) | Should -Be @('Presence')
        @(Get-SsoTraceEvent -Path (Join-Path $fixtures 'proxy-requests-trace.log') -Request BuddyList).Kind | Should -Be @('BuddyList')
        # Without -Request the same file gives SSO events, as before.
        @(Get-SsoTraceEvent -Path (Join-Path $fixtures 'proxy-requests-trace.log') | ForEach-Object { $_.GetType().Name } | Select-Object -Unique) | Should -Be @('SsoTraceEvent')
    }

    It 'refuses -Request with -Source and a request kind it does not know' {
        { Get-SsoTraceEvent -Path (Join-Path $fixtures 'proxy-requests-trace.log') -Request Presence -Source WebSphere -ErrorAction Stop } |
            Should -Throw -ErrorId 'RequestWithSource,SametimeAdmin.Commands.GetSsoTraceEventCommand'
        { Get-SsoTraceEvent -Path (Join-Path $fixtures 'proxy-requests-trace.log') -Request Chat -ErrorAction Stop } |
            Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,SametimeAdmin.Commands.GetSsoTraceEventCommand'
    }

    It 'filters by source and failure' {
        $failed = Get-SsoTraceEvent -Path (Join-Path (Get-RepoRoot) 'examples/lab/*/*.log') -FailureOnly -UtcOffset '01:00'
        @($failed.Outcome) | Should -Be @('Expired', 'RealmUnknown', 'Expired', 'TokenNotFound')
        (Get-SsoTraceEvent -Path (Join-Path (Get-RepoRoot) 'examples/lab/proxy/trace.log') -Source WebSphere).Source | Select-Object -Unique | Should -Be 'WebSphere'
    }

    It 'sorts one login seen by Domino and by the proxy next to itself' {
        $logs = Join-Path $TestDrive 'mustgather'
        $null = New-Item -ItemType Directory -Path (Join-Path $logs 'inotes'), (Join-Path $logs 'proxy')
        Copy-Item -LiteralPath (Join-Path $fixtures 'pair-cet-domino-console.log') -Destination (Join-Path $logs 'inotes/console.log')
        Copy-Item -LiteralPath (Join-Path $fixtures 'pair-edt-proxy-trace.log') -Destination (Join-Path $logs 'proxy/trace.log')
        $sorted = @(Get-ChildItem -LiteralPath $logs -Recurse -Include console.log, trace.log | Get-SsoTraceEvent -UtcOffset '01:00' | Sort-Object Time)
        @($sorted | ForEach-Object { '{0}/{1}' -f $_.Source, $_.Outcome }) | Should -Be @('Domino/Invalid', 'WebSphere/Invalid', 'WebSphere/Valid', 'Domino/Valid')
        $sorted[2].User | Should -Be 'CN=inotes 2,O=ibm'
        $sorted[3].RawUser | Should -Be 'CN=inotes 2,O=ibm'
        $sorted[3].TimeZoneSource | Should -Be 'Parameter'
        $sorted[2].TimeZoneSource | Should -Be 'Log'
        $sorted[3].Time.Offset | Should -Be ([timespan]'01:00')
    }

    It 'refuses an offset that is no time zone' {
        Get-SsoTraceEvent -LiteralPath (Join-Path $fixtures 'pair-cet-domino-console.log') -UtcOffset '15:00' -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidUtcOffset,SametimeAdmin.Commands.GetSsoTraceEventCommand'
    }

    It 'gives one event per multi-line SystemOut record' {
        $events = @(Get-SsoTraceEvent -LiteralPath (Join-Path $fixtures 'proxy-systemout-records.log'))
        $events | Should -HaveCount 3
        @($events.User) | Should -Be @('inotes 2', 'Imran Khan', 'carol')
        @($events.Outcome) | Should -Be @('TokenNotFound', 'TokenNotFound', 'LoginFailed')
    }

    It 'skips a line cut right after Decoding with a warning and keeps the rest' {
        $cut = Join-Path $TestDrive 'decoding.log'
        [System.IO.File]::WriteAllText($cut, ("[1A2B:0003-1F00] 14/03/2017 09:00:01 HTTP Server: Single Sign-On token is invalid`r`n" +
            "[0DEC:000A-0F80] 14/03/2017 09:00:02.10 SSO API> Decoding `r`n" +
            "[1A2B:0003-1F00] 14/03/2017 09:00:03 HTTP Server: Single Sign-On token is expired`r`n"))
        $events = Get-SsoTraceEvent -LiteralPath $cut -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Should -HaveCount 0
        @($events.Outcome) | Should -Be @('Invalid', 'Expired')
        ($warnings -join ' ') | Should -Match 'line 2:'
    }

    It 'reads files piped from Get-ChildItem and goes on past a binary one' {
        $bin = Join-Path $TestDrive 'trace.bin'
        [System.IO.File]::WriteAllBytes($bin, [byte[]](0..255 | ForEach-Object { $_ } | ForEach-Object { [byte](($_ * 7) % 256) }))
        Copy-Item -LiteralPath (Join-Path $fixtures 'technote-secj0371w.log') -Destination (Join-Path $TestDrive 'z-systemout.log')
        $events = Get-ChildItem -LiteralPath $TestDrive -Include 'trace.bin', 'z-systemout.log' -Recurse | Get-SsoTraceEvent -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'LogFileNotText,SametimeAdmin.Commands.GetSsoTraceEventCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $events | Should -HaveCount 2
        $events[0].Code | Should -Be 'SECJ0371W'
    }

    It 'reports a path that does not exist' {
        Get-SsoTraceEvent -LiteralPath (Join-Path $TestDrive 'none.log') -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs[0].FullyQualifiedErrorId | Should -Be 'LogFileNotFound,SametimeAdmin.Commands.GetSsoTraceEventCommand'
    }

    It 'warns about a log cut in the middle of a line and still reads it' {
        $cut = Join-Path $TestDrive 'cut.log'
        [System.IO.File]::WriteAllText($cut, "[1A2B:0003-1F00] 14/03/2017 09:00:02 HTTP Server: Single Sign-On token is expired`r`n[1A2B:0003-1F00] 14/03/2017 09:00:03 HTTP Ser")
        $events = Get-SsoTraceEvent -LiteralPath $cut -WarningVariable warnings -WarningAction SilentlyContinue
        $events.Outcome | Should -Be 'Expired'
        ($warnings -join ' ') | Should -Match 'middle of a line'
    }

    It 'reads other date formats as asked' {
        $log = Join-Path $TestDrive 'us.log'
        Set-Content -LiteralPath $log -Value '[0DEC:000A-0F80] 03/04/2017 01:10:11 PM HTTP Server: Single Sign-On token is invalid'
        (Get-SsoTraceEvent -LiteralPath $log -DateOrder MonthDayYear -WarningAction SilentlyContinue).Time.DateTime | Should -Be ([datetime]'2017-03-04T13:10:11')
        (Get-SsoTraceEvent -LiteralPath $log -DateOrder DayMonthYear -WarningAction SilentlyContinue).Time.DateTime | Should -Be ([datetime]'2017-04-03T13:10:11')
    }
}
