# The Sametime Proxy's WebSphere/Liberty side of guide 3.1 and 4.1 through the cmdlets: Test-ProxySecurity,
# Enable-/Disable-ProxySecurityTrace and New-WsadminLtpaScript.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin

    function New-TestFolder {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $folder
        $folder
    }

    function Copy-TraceFixture {
        param([string] $Name)
        $target = Join-Path (New-TestFolder) 'server.xml'
        Copy-Item -LiteralPath (Get-FixturePath "proxysecurity/trace/$Name") -Destination $target
        $target
    }

    function Get-Bytes { param([string] $Path) [System.BitConverter]::ToString([System.IO.File]::ReadAllBytes($Path)) }

    $script:guideSpec = '*=info:com.ibm.ws.security.*=all:com.ibm.websphere.wim.*=all:com.ibm.wsspi.wim.*=all:com.ibm.ws.wim.*=all'
}

Describe 'Test-ProxySecurity' {
    It 'fails automatic key regeneration with the fix and a Requires SSL cookie against an http iNotes URL' {
        $results = @(Test-ProxySecurity -Path (Get-FixturePath 'proxysecurity/security-autogen.xml') -SsoDomain .lab.example.com -ExpirationMinutes 120 -Url http://inotes1.lab.example.com/mail/u.nsf)
        $regeneration = $results | Where-Object Id -eq 'SscSecurity.KeyRegeneration'
        $regeneration.Status | Should -Be 'Failed'
        $regeneration.Fix | Should -Match 'Automatically generate keys'
        ($results | Where-Object Id -eq 'SscSecurity.RequiresSsl').Status | Should -Be 'Failed'
        ($results | Where-Object Id -eq 'SscSecurity.Expiration').Status | Should -Be 'Passed'
        ($results | Where-Object Id -eq 'SscSecurity.Domain').Status | Should -Be 'Passed'
    }

    It 'passes a cell that shares its keys the way IBM says, and skips what it is not told' {
        $results = @(Test-ProxySecurity -Path (Get-FixturePath 'proxysecurity/security-shared.xml') -SsoDomain .lab.example.com)
        ($results | Where-Object Id -eq 'SscSecurity.KeyRegeneration').Status | Should -Be 'Passed'
        ($results | Where-Object Id -eq 'SscSecurity.Expiration').Status | Should -Be 'Skipped'
        ($results | Where-Object Id -eq 'SscSecurity.Realm').Status | Should -Be 'Skipped'
    }

    It 'reads a Liberty server.xml with its keys file and never shows the keys password' {
        $results = @(Get-Item -LiteralPath (Get-FixturePath 'proxysecurity/liberty/server.xml') | Test-ProxySecurity -SsoDomain .lab.example.com -ExpirationMinutes 90)
        ($results | Where-Object Id -eq 'SscSecurity.KeysFile').Status | Should -Be 'Passed'
        ($results | Where-Object Id -eq 'SscSecurity.KeysFile').Evidence | Should -Match 'ltpa\.keys'
        ($results | Out-String -Width 300) | Should -Not -Match 'Lz4sLCgwLTs'
    }

    It 'reports a missing file as one failed check' {
        $results = @(Test-ProxySecurity -Path (Join-Path $TestDrive 'nope.xml'))
        $results.Count | Should -Be 1
        $results[0].Status | Should -Be 'Failed'
    }
}

Describe 'Enable-ProxySecurityTrace and Disable-ProxySecurityTrace' {
    It 'changes only the attribute of a <Name> and restores every byte' -ForEach @(
        @{ Name = 'liberty-server.xml'; Attribute = 'traceSpecification' }
        @{ Name = 'was-server.xml'; Attribute = 'startupTraceSpecification' }
        @{ Name = 'liberty-nologging.xml'; Attribute = 'traceSpecification' }
    ) {
        $path = Copy-TraceFixture $Name
        $before = Get-Bytes $path
        $edit = Enable-ProxySecurityTrace -Path $path -PassThru -Confirm:$false -WarningAction SilentlyContinue
        $edit.Action | Should -Be 'Enabled'
        $edit.Attribute | Should -Be $Attribute
        $edit.Value | Should -Be $guideSpec
        (Get-Content -LiteralPath $path -Raw) | Should -Match ([regex]::Escape("$Attribute=") + '.' + [regex]::Escape($guideSpec))
        Test-Path -LiteralPath "$path.sametimeadmin-trace" | Should -BeTrue

        $off = Disable-ProxySecurityTrace -Path $path -PassThru -Confirm:$false -WarningVariable reminded -WarningAction SilentlyContinue
        $off.Action | Should -Be 'Restored'
        # WebSphere reads the specification at start-up, Liberty at once: only the WebSphere file gets the restart reminder.
        if ($Name -like 'was-*') { "$reminded" | Should -Match 'restart the Sametime Proxy server' } else { $reminded | Should -BeNullOrEmpty }
        Get-Bytes $path | Should -Be $before
        Test-Path -LiteralPath "$path.sametimeadmin-trace" | Should -BeFalse
    }

    It 'writes nothing with -WhatIf' {
        $path = Copy-TraceFixture 'was-server.xml'
        $before = Get-Bytes $path
        # Without a host, so the What-if line and the restart reminder are captured, not printed.
        $run = Invoke-WithoutHost -Command Enable-ProxySecurityTrace -Parameters @{ Path = $path; WhatIf = $true }
        $run.Output | Should -BeNullOrEmpty
        Get-Bytes $path | Should -Be $before
        @(Get-ChildItem -LiteralPath (Split-Path -Parent $path)).Count | Should -Be 1
    }

    It 'reminds to restart a WebSphere server and warns when nothing changes' {
        $path = Copy-TraceFixture 'was-server.xml'
        $null = Enable-ProxySecurityTrace -Path $path -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue
        ($warned -join ' ') | Should -Match 'restart the Sametime Proxy server'
        $null = Enable-ProxySecurityTrace -Path $path -Confirm:$false -WarningVariable again -WarningAction SilentlyContinue
        ($again -join ' ') | Should -Match 'already'
    }

    It 'refuses a file that is not a server.xml with a clear error and leaves it alone' {
        $path = Join-Path (New-TestFolder) 'server.xml'
        Set-Content -LiteralPath $path -Value '<Security/>'
        Enable-ProxySecurityTrace -Path $path -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Match '^ProxyTraceFileInvalid'
        (Get-Content -LiteralPath $path -Raw).Trim() | Should -Be '<Security/>'
    }
}

Describe 'New-WsadminLtpaScript' {
    It 'writes the documented AdminTask calls without the password and returns the command line' {
        $path = Join-Path (New-TestFolder) 'export-ltpa.py'
        $script = New-WsadminLtpaScript -Path $path -Export -DisableKeyRegeneration -KeyFile /tmp/ltpa.keys -UserName wasadmin -Confirm:$false
        $script.CommandLine | Should -Be '<profile_root>/bin/wsadmin.sh -lang jython -user wasadmin -f export-ltpa.py'
        $script.ContainsPassword | Should -BeFalse
        $text = Get-Content -LiteralPath $path -Raw
        $text | Should -Match ([regex]::Escape("AdminTask.exportLTPAKeys(['-ltpaKeyFile', keyFile, '-password', password])"))
        $text | Should -Match ([regex]::Escape("[['autoGenerate', 'false']]"))
    }

    It 'puts the password in only with -IncludePassword, and says so' {
        $folder = New-TestFolder
        $password = New-TestSecureString 'Sc1ipt-Passw0rd'
        New-WsadminLtpaScript -Path (Join-Path $folder 'a.py') -Import -KeyFile /tmp/ltpa.keys -KeyPassword $password -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Match '^WsadminScriptInvalid'
        Test-Path -LiteralPath (Join-Path $folder 'a.py') | Should -BeFalse

        $script = New-WsadminLtpaScript -Path (Join-Path $folder 'b.py') -Import -KeyFile /tmp/ltpa.keys -KeyPassword $password -IncludePassword -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue
        $script.ContainsPassword | Should -BeTrue
        ($warned -join ' ') | Should -Match 'in clear'
        Get-Content -LiteralPath $script.Path -Raw | Should -Match ([regex]::Escape("password = 'Sc1ipt-Passw0rd'"))
    }
}

Describe 'Test-ProxyKeyStore' {
    BeforeAll {
        $script:keyStore = Get-FixturePath 'keystore/key.p12'
        $script:storePassword = New-TestSecureString 'WebAS'
    }

    It 'lists each certificate of key.p12 and passes a host its personal certificate covers' {
        $results = @(Test-ProxyKeyStore -Path $keyStore -Password $storePassword -HostName proxy.lab.example.com)
        @($results.Id | Sort-Object) | Should -Be @('SscSecurity.KeyStore.1', 'SscSecurity.KeyStore.2', 'SscSecurity.KeyStoreHost.key.p12')
        @($results | Where-Object Status -NE 'Passed') | Should -HaveCount 0
        ($results | Where-Object { $_.Evidence -like 'personal certificate*' }).Evidence | Should -Match 'subjectAltName DNS:proxy\.lab\.example\.com, DNS:\*\.chat\.lab\.example\.com, IP:192\.0\.2\.10; issuer .*OU=Root Certificate'
    }

    It 'fails a host no personal certificate covers, with the fix' {
        $host1 = Test-ProxyKeyStore -Path $keyStore -Password $storePassword -HostName sametime.lab.example.com | Where-Object Id -Like 'SscSecurity.KeyStoreHost*'
        $host1.Status | Should -Be 'Failed'
        $host1.Fix | Should -Match 'subjectAltName names sametime\.lab\.example\.com'
    }

    It 'refuses a wrong password with KeyStoreUnreadable and shows no password' {
        $err = $null
        try { Test-ProxyKeyStore -Path $keyStore -Password (New-TestSecureString 'not-the-password') -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'KeyStoreUnreadable*'
        "$err" | Should -Not -Match 'not-the-password'
    }
}
