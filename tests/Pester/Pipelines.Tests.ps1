# The pipelines an administrator writes: each runs on a fresh copy of the lab (examples/lab) and is checked by its effect.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    # Lab-only password of examples/lab/proxy/ltpa.keys (see examples/lab/README.md).
    $script:keyPassword = New-TestSecureString 'Lab-Ltpa-Passw0rd'

    function New-LabCopy {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        Copy-Item -LiteralPath (Join-Path (Get-RepoRoot) 'examples/lab') -Destination $folder -Recurse
        $folder
    }

    # Hash of every file of a folder, so that a test can say which files a pipeline changed.
    function Get-FolderState {
        param([string] $Folder)
        $state = @{}
        foreach ($file in Get-ChildItem -LiteralPath $Folder -Recurse -File) {
            $state[$file.FullName.Substring($Folder.Length)] = (Get-FileHash -LiteralPath $file.FullName -Algorithm SHA256).Hash
        }
        $state
    }

    function Get-ChangedFile {
        param([hashtable] $Before, [hashtable] $After)
        @(@($Before.Keys) + @($After.Keys) | Sort-Object -Unique | Where-Object { $Before[$_] -ne $After[$_] })
    }
}

Describe 'Get-TrustedIp | Where-Object | Remove-TrustedIp' {
    It 'removes the selected address from the document it was read from and changes nothing else' {
        $lab = New-LabCopy
        $dxl = Join-Path $lab 'sametime/stconfig-community-connectivity.dxl'
        $original = [System.IO.File]::ReadAllText($dxl)
        $before = Get-FolderState $lab

        Get-TrustedIp -Path $dxl | Where-Object { $_.IPAddress -eq '192.0.2.45' } |
            Remove-TrustedIp -Confirm:$false -WarningAction SilentlyContinue -WarningVariable warnings

        @(Get-TrustedIp -Path $dxl).IPAddress | Should -Be @('192.0.2.41')
        # Only the trusted-IP item differs; every other file of the lab is as it was (the backup is new).
        $text = [System.IO.File]::ReadAllText($dxl)
        $text.Replace("<text>192.0.2.41</text>", "<text>192.0.2.41; 192.0.2.45</text>") | Should -Be $original
        $changed = Get-ChangedFile $before (Get-FolderState $lab)
        @($changed | Where-Object { $_ -notlike '*.bak' }) | Should -Be @([System.IO.Path]::DirectorySeparatorChar + (Join-Path 'sametime' 'stconfig-community-connectivity.dxl'))
        @($warnings | Where-Object { "$_" -match 'Restart the Sametime Community Server' }).Count | Should -Be 1
    }

    It 'removes nothing under -WhatIf' {
        $lab = New-LabCopy
        $dxl = Join-Path $lab 'sametime/stconfig-community-connectivity.dxl'
        $before = Get-FolderState $lab
        # Piped in a runspace without a host, where the "What if:" line goes nowhere.
        $null = Invoke-WithoutHost Remove-TrustedIp @{ WhatIf = $true } -InputObject @(Get-TrustedIp -Path $dxl)
        @(Get-ChangedFile $before (Get-FolderState $lab)) | Should -BeNullOrEmpty
    }
}

Describe 'Get-ChildItem *.log | Get-StServiceStatus' {
    It 'reads each piped log as a start-up log, not as a computer name' {
        $lab = New-LabCopy
        $log = Join-Path $lab 'community/console.log'
        $expected = @(Get-StServiceStatus -LogPath $log)
        $expected.Count | Should -BeGreaterThan 0

        $rows = @(Get-ChildItem -Path (Join-Path $lab 'community/*.log') | Get-StServiceStatus)

        @($rows | ForEach-Object { "$($_.Source)" } | Sort-Object -Unique) | Should -Be @('Log')
        ($rows | ForEach-Object { "$($_.ComputerName)|$($_.Service)|$($_.Status)" }) |
            Should -Be ($expected | ForEach-Object { "$($_.ComputerName)|$($_.Service)|$($_.Status)" })
        # The restart on 13 March never saw ST Offline Messages start.
        ($rows | Where-Object { $_.DisplayName -eq 'ST Offline Messages' }).IsHealthy | Should -Be $false
    }

    It 'labels the rows with the computer the log comes from' {
        $lab = New-LabCopy
        $rows = @(Get-ChildItem -Path (Join-Path $lab 'community/*.log') | Get-StServiceStatus -ComputerName st1)
        $rows.Count | Should -BeGreaterThan 0
        @($rows.ComputerName | Sort-Object -Unique) | Should -Be @('st1')
    }
}

Describe 'Get-SsoDoc | Test-SsoDoc' {
    It 'tests the piped document as it tests the same file by path' {
        $lab = New-LabCopy
        $dxl = Join-Path $lab 'sametime/names-websso.dxl'
        $byPath = @(Test-SsoDoc -Path $dxl)
        $piped = @(Get-SsoDoc -Path $dxl | Test-SsoDoc)
        ($piped | ForEach-Object { "$($_.Rule)|$($_.Severity)" }) | Should -Be ($byPath | ForEach-Object { "$($_.Rule)|$($_.Severity)" })
        # The lab's Sametime document lacks the leading dot of its DNS domain.
        @($piped | Where-Object { "$($_.Severity)" -eq 'Error' -and $_.Message -match 'lab\.example\.com' }).Count | Should -BeGreaterThan 0
    }
}

Describe 'Get-SsoDoc | Import-LtpaKeyToSsoDoc' {
    It 'imports the keys into the piped document, in the file it was read from' {
        $lab = New-LabCopy
        $dxl = Join-Path $lab 'inotes/names-websso-ltpatoken2.dxl'
        (Get-SsoDoc -Path $dxl).HasWebSphereKeys | Should -Be $false
        $before = Get-FolderState $lab
        $keys = Get-LtpaKey -Path (Join-Path $lab 'proxy/ltpa.keys') -Password $keyPassword

        Get-SsoDoc -Path $dxl -Name LtpaToken2 | Import-LtpaKeyToSsoDoc -KeyPath (Join-Path $lab 'proxy/ltpa.keys') -KeyPassword $keyPassword -Confirm:$false -WarningAction SilentlyContinue

        $after = Get-SsoDoc -Path $dxl -Name LtpaToken2
        $after.HasWebSphereKeys | Should -Be $true
        $after.PublicKeyFingerprint | Should -Be $keys.PublicKeyFingerprint
        $changed = @(Get-ChangedFile $before (Get-FolderState $lab) | Where-Object { $_ -notlike '*.bak' })
        $changed | Should -Be @([System.IO.Path]::DirectorySeparatorChar + (Join-Path 'inotes' 'names-websso-ltpatoken2.dxl'))
    }

    It 'takes the keys from -KeySet while the documents come down the pipeline' {
        $lab = New-LabCopy
        $dxl = Join-Path $lab 'sametime/names-websso.dxl'
        $keys = Get-LtpaKey -Path (Join-Path $lab 'proxy/ltpa.keys') -Password $keyPassword
        Get-SsoDoc -Path $dxl | Import-LtpaKeyToSsoDoc -KeySet $keys -Confirm:$false -WarningAction SilentlyContinue
        (Get-SsoDoc -Path $dxl).PublicKeyFingerprint | Should -Be $keys.PublicKeyFingerprint
    }
}

Describe 'Get-LtpaKey | New-LtpaToken' {
    It 'mints a token with the piped keys that those keys verify' {
        $lab = New-LabCopy
        $keys = Get-LtpaKey -Path (Join-Path $lab 'proxy/ltpa.keys') -Password $keyPassword
        $token = Get-LtpaKey -Path (Join-Path $lab 'proxy/ltpa.keys') -Password $keyPassword | New-LtpaToken -UserName 'uid=alice,ou=people,dc=lab,dc=example,dc=com'
        $info = ConvertFrom-LtpaToken -Token $token -KeySet $keys
        "$($info.Verdict)" | Should -Be 'Valid'
        $info.User | Should -Match 'alice'
    }
}

Describe 'Tokens flow between the cmdlets' {
    BeforeAll {
        $script:lab = New-LabCopy
        $script:keys = Get-LtpaKey -Path (Join-Path $lab 'proxy/ltpa.keys') -Password $keyPassword
        $script:alice = 'uid=alice,ou=people,dc=lab,dc=example,dc=com'
    }

    It 'ConvertFrom-LtpaToken and Test-LtpaToken take a token as a SecureString' {
        $plain = New-LtpaToken -UserName $alice -KeySet $keys
        $secure = ConvertTo-SecureString -String $plain -AsPlainText -Force
        "$((ConvertFrom-LtpaToken -Token $secure -KeySet $keys).Verdict)" | Should -Be 'Valid'
        $secure | Test-LtpaToken -KeySet $keys | Should -Be $true
        # A SecureString of another key set's token is read, and refused.
        $other = New-LtpaKey -Realm 'ldap.lab.example.com:389'
        $foreign = ConvertTo-SecureString -String (New-LtpaToken -UserName $alice -KeySet $other) -AsPlainText -Force
        Test-LtpaToken -Token $foreign -KeySet $keys | Should -Be $false
    }

    It 'ConvertFrom-LtpaToken reads what New-LtpaToken emits, with and without -AsCookie' {
        New-LtpaToken -UserName $alice -KeySet $keys | Test-LtpaToken -KeySet $keys | Should -Be $true
        New-LtpaToken -UserName $alice -KeySet $keys -AsCookie | Test-LtpaToken -KeySet $keys | Should -Be $true
    }

    Context 'with the lab proxy' {
        BeforeAll {
            Import-Module (Join-Path (Get-RepoRoot) 'examples/LabProxy/LabProxy.psm1') -Force
            $script:proxy = Start-LabProxy -KeyPath (Join-Path $lab 'proxy/ltpa.keys') -KeyPassword $keyPassword
        }

        AfterAll {
            if ($proxy) { Stop-LabProxy -Proxy $proxy -Confirm:$false }
        }

        It 'New-LtpaToken | Test-SametimeAwareness logs in with the piped token' {
            $steps = @(New-LtpaToken -UserName $alice -KeySet $keys | Test-SametimeAwareness -Url $proxy.Url -TimeoutSeconds 5 -WarningAction SilentlyContinue)
            $login = $steps | Where-Object { "$($_.Step)" -eq 'Login' }
            "$($login.Status)" | Should -Be 'Passed' -Because $login.Evidence
            $login.Evidence | Should -Match 'alice'
        }

        It 'Test-SametimeAwareness -Token (New-LtpaToken ...) logs in with the token' {
            $steps = @(Test-SametimeAwareness -Url $proxy.Url -Token (New-LtpaToken -UserName $alice -KeySet $keys) -TimeoutSeconds 5 -WarningAction SilentlyContinue)
            "$(($steps | Where-Object { "$($_.Step)" -eq 'Login' }).Status)" | Should -Be 'Passed'
        }

        It 'a token the proxy''s keys did not sign fails the login' {
            $other = New-LtpaKey -Realm 'ldap.lab.example.com:389'
            $steps = @(New-LtpaToken -UserName $alice -KeySet $other | Test-SametimeAwareness -Url $proxy.Url -TimeoutSeconds 5 -WarningAction SilentlyContinue)
            "$(($steps | Where-Object { "$($_.Step)" -eq 'Login' }).Status)" | Should -Not -Be 'Passed'
        }
    }
}
