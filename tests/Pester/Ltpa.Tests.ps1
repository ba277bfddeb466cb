BeforeDiscovery {
    # Platform-bound tests exist only where they apply: Unix file modes, and load contexts (PowerShell 7).
    $isDesktop = $PSVersionTable.PSEdition -eq 'Desktop'
    $script:onUnix = @(if (-not $isDesktop -and -not $IsWindows) { @{} })
    $script:onCore = @(if (-not $isDesktop) { @{} })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    $script:vectors = Get-FixturePath 'vectors'
    $script:devKeys = Join-Path $vectors 'ltpa-dev.keys'
    $script:devPasswordText = 'dev-LTPA-Passw0rd!'
    $script:devPassword = New-TestSecureString $devPasswordText
    $script:ltpa2 = Get-Content -LiteralPath (Join-Path $vectors 'ltpa2-dev.json') -Raw | ConvertFrom-Json
    $script:ltpa1 = Get-Content -LiteralPath (Join-Path $vectors 'ltpa1-dev.json') -Raw | ConvertFrom-Json
    $script:domino = Get-Content -LiteralPath (Join-Path $vectors 'domino-dev.json') -Raw | ConvertFrom-Json
    $script:keyfileDev = Get-Content -LiteralPath (Join-Path $vectors 'keyfile-dev.json') -Raw | ConvertFrom-Json
    $script:dominoSecret = New-TestSecureString $domino.domino_secret_base64
    $script:keys = Get-LtpaKey -Path $devKeys -Password $devPassword
    # Key files are written where only their owner can look, as they should be (no warning about the folder).
    Protect-TestPath $TestDrive
    function Get-Vector($Set, $Id) { $Set.vectors | Where-Object id -EQ $Id }
}

Describe 'Get-LtpaKey' {
    It 'reads the reference key file and shows only public facts' {
        $keys.Realm | Should -Be 'defaultRealm'
        $keys.CreationDate | Should -Be 'Fri Nov 27 13:29:25 UTC 2026'
        $keys.KeySize | Should -Be 1024
        $keys.PublicKeyFingerprint | Should -Match '^SHA256:[A-Za-z0-9+/]{43}$'
        $keys.Source | Should -Be (Resolve-Path $devKeys).Path
        $text = ($keys | Format-List * | Out-String) + ($keys | Out-String) + $keys.ToString()
        foreach ($secret in $keyfileDev.expected.shared_key_hex, $keyfileDev.expected.private_key_decrypted_hex.Substring(8, 40)) {
            $text | Should -Not -Match $secret
        }
    }

    It 'reads all genuine and reference key files through wildcards and the pipeline' {
        $twas = Get-Item -LiteralPath (Join-Path $vectors 'twas-amlen-2013.keys') | Get-LtpaKey -Password (New-TestSecureString 'password')
        $twas.Realm | Should -Be '9.3.179.80:5389'
        $twas.CreationHost | Should -Be 'IBM-JM2PND08AMR'
        @(Get-LtpaKey -Path (Join-Path $vectors 'ltpa-dev*.keys') -Password $devPassword -ErrorAction SilentlyContinue -ErrorVariable errs).Count | Should -Be 1
        # ltpa-dev-d129.keys has another password: a per-file error, the other file still comes out.
        $errs[0].FullyQualifiedErrorId | Should -Be 'KeyFileWrongPassword,SametimeAdmin.Commands.GetLtpaKeyCommand'
    }

    It 'maps bad input to <ErrorId>' -ForEach @(
        @{ Case = 'wrong password'; ErrorId = 'KeyFileWrongPassword'; Category = 'SecurityError'; Make = { param($d) Copy-Item $devKeys (Join-Path $d 'k.keys'); 'Xyzzy-Not-It-42' } }
        @{ Case = 'truncated'; ErrorId = 'KeyFileCorrupted'; Category = 'InvalidData'; Make = { param($d) $t = Get-Content $devKeys -Raw; $l = $t -split "`n"; $l[3] = $l[3].Substring(0, 200); Set-Content (Join-Path $d 'k.keys') ($l -join "`n") -NoNewline; $devPasswordText } }
        @{ Case = 'edited public key'; ErrorId = 'KeyFileKeyMismatch'; Category = 'InvalidData'; Make = { param($d) $t = (Get-Content $devKeys -Raw) -replace 'PublicKey=ALt5', 'PublicKey=ALt6'; Set-Content (Join-Path $d 'k.keys') $t -NoNewline; $devPasswordText } }
        @{ Case = 'missing property'; ErrorId = 'KeyFileMissingProperty'; Category = 'InvalidData'; Make = { param($d) (Get-Content $devKeys) | Where-Object { $_ -notmatch '3DESKey' } | Set-Content (Join-Path $d 'k.keys'); $devPasswordText } }
        @{ Case = 'not Base64'; ErrorId = 'KeyFileNotBase64'; Category = 'InvalidData'; Make = { param($d) (Get-Content $devKeys -Raw) -replace 'PrivateKey=jXe5', 'PrivateKey=j*e5' | Set-Content (Join-Path $d 'k.keys') -NoNewline; $devPasswordText } }
        @{ Case = 'empty file'; ErrorId = 'KeyFileEmpty'; Category = 'InvalidData'; Make = { param($d) Set-Content (Join-Path $d 'k.keys') '' -NoNewline; $devPasswordText } }
        @{ Case = 'FIPS file'; ErrorId = 'KeyFileUnsupportedVersion'; Category = 'NotImplemented'; Make = { param($d) (Get-Content $devKeys -Raw) -replace 'version=1.0', 'version=2.0' | Set-Content (Join-Path $d 'k.keys') -NoNewline; $devPasswordText } }
        @{ Case = 'a directory'; ErrorId = 'KeyFileIsDirectory'; Category = 'InvalidArgument'; Make = { param($d) $null = New-Item -ItemType Directory (Join-Path $d 'k.keys'); $devPasswordText } }
        @{ Case = 'missing file'; ErrorId = 'KeyFileNotFound'; Category = 'ObjectNotFound'; Make = { param($d) $devPasswordText } }
    ) {
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory $dir
        $password = & $Make $dir
        $before = Get-ChildItem -LiteralPath $dir -Recurse | ForEach-Object { $_.FullName + $_.LastWriteTimeUtc.Ticks }
        { Get-LtpaKey -LiteralPath (Join-Path $dir 'k.keys') -Password (New-TestSecureString $password) -ErrorAction Stop } |
            Should -Throw -ErrorId "$ErrorId,SametimeAdmin.Commands.GetLtpaKeyCommand"
        Get-LtpaKey -LiteralPath (Join-Path $dir 'k.keys') -Password (New-TestSecureString $password) -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be $Category
        $err[0].Exception.Message | Should -Not -Match ([regex]::Escape($password))
        (Get-ChildItem -LiteralPath $dir -Recurse | ForEach-Object { $_.FullName + $_.LastWriteTimeUtc.Ticks }) | Should -Be $before
    }
}

Describe 'New-LtpaKey and Export-LtpaKey' {
    It 'generates keys and writes a Liberty key file that reads back with the same fingerprint' {
        $path = Join-Path $TestDrive 'new.keys'
        $new = New-LtpaKey -Realm 'ldap.example.com:389'
        $back = $new | Export-LtpaKey -Path $path -Password $devPassword -PassThru
        $back.PublicKeyFingerprint | Should -Be $new.PublicKeyFingerprint
        $back.Realm | Should -Be 'ldap.example.com:389'
        $lines = Get-Content -LiteralPath $path
        $lines[0] | Should -Match '^#\w{3} \w{3} \d\d \d\d:\d\d:\d\d '
        $lines[1] | Should -Be 'com.ibm.websphere.ltpa.version=1.0'
        ($lines -match '^com\.ibm\.websphere\.ltpa\.Realm=ldap\.example\.com\\:389$').Count | Should -Be 1
    }

    It 'creates new keys when none is piped in (like securityUtility createLTPAKeys)' {
        $path = Join-Path $TestDrive 'fresh.keys'
        Export-LtpaKey -Path $path -Password $devPassword | Should -BeNullOrEmpty
        (Get-LtpaKey -LiteralPath $path -Password $devPassword).Realm | Should -Be 'defaultRealm'
    }

    It 'gives the file owner-only permissions on Unix' -ForEach $onUnix {
        $path = Join-Path $TestDrive 'mode.keys'
        $keys | Export-LtpaKey -Path $path -Password $devPassword
        [System.IO.File]::GetUnixFileMode($path) | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite')
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.keys'
        $null = Invoke-WithoutHost Export-LtpaKey @{ KeySet = $keys; Path = $path; Password = $devPassword; WhatIf = $true }
        Test-Path -LiteralPath $path | Should -BeFalse
        @(Get-ChildItem -LiteralPath $TestDrive -Filter 'whatif*').Count | Should -Be 0
    }

    It 'refuses to overwrite without -Force and replaces with a backup with -Force' {
        $path = Join-Path $TestDrive 'existing.keys'
        $keys | Export-LtpaKey -Path $path -Password $devPassword
        $original = Get-Content -LiteralPath $path -Raw
        { New-LtpaKey | Export-LtpaKey -Path $path -Password $devPassword -ErrorAction Stop } |
            Should -Throw -ErrorId 'KeyFileExists,SametimeAdmin.Commands.ExportLtpaKeyCommand'
        New-LtpaKey | Export-LtpaKey -Path $path -Password $devPassword -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-Content -LiteralPath $path -Raw | Should -Be $original

        $replacement = New-LtpaKey
        $replacement | Export-LtpaKey -Path $path -Password $devPassword -Force
        (Get-LtpaKey -LiteralPath $path -Password $devPassword).PublicKeyFingerprint | Should -Be $replacement.PublicKeyFingerprint
        $backup = @(Get-ChildItem -LiteralPath $TestDrive -Filter 'existing.keys.*.bak')
        $backup.Count | Should -Be 1
        Get-Content -LiteralPath $backup[0].FullName -Raw | Should -Be $original
    }

    It 'reports a missing folder without writing' {
        { $keys | Export-LtpaKey -Path (Join-Path $TestDrive 'no/such/dir.keys') -Password $devPassword -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParentFolderNotFound,SametimeAdmin.Commands.ExportLtpaKeyCommand'
    }
}

Describe 'New-LtpaToken' {
    It 'mints the reference LtpaToken2 byte for byte' {
        $v = Get-Vector $ltpa2 'ltpa2-dev-01-plain'
        $expiration = [DateTimeOffset]::FromUnixTimeMilliseconds($v.input.clock_ms).AddMinutes(120).UtcDateTime
        $keys | New-LtpaToken -UserName 'alice' -Expiration $expiration | Should -BeExactly $v.token
        New-LtpaToken -KeyPath $devKeys -KeyPassword $devPassword -AccessId $v.input.access_id -Expiration $expiration -AsCookie | Should -BeExactly "LtpaToken2=$($v.token)"
    }

    It 'mints the reference WebSphere LtpaToken byte for byte' {
        $v = Get-Vector $ltpa1 'ltpa1-dev-02-dn'
        $expiration = [DateTimeOffset]::FromUnixTimeMilliseconds($v.input.expiration_ms).UtcDateTime
        $keys | New-LtpaToken -Format LtpaToken -UserName 'CN=Alice Smith,OU=Engineering,O=Example Corp,C=US' -Expiration $expiration | Should -BeExactly $v.token
    }

    It 'mints Domino-style tokens the reference accepts' {
        $token = New-LtpaToken -Format DominoLtpaToken -UserName 'CN=Seán Ó Briain/OU=Dublin/O=Example' -DominoSecret $dominoSecret -ExpirationMinutes 30
        $raw = [Convert]::FromBase64String($token)
        [Text.Encoding]::ASCII.GetString($raw, 4, 16) | Should -MatchExactly '^[0-9A-F]{16}$'
        $info = $token | ConvertFrom-LtpaToken -DominoSecret $dominoSecret
        $info.Verdict | Should -Be 'Valid'
        $info.User | Should -Be 'CN=Seán Ó Briain/OU=Dublin/O=Example'
        ($info.Expiration - $info.Creation).TotalMinutes | Should -Be 30
    }

    It 'reports <ErrorId>' -ForEach @(
        @{ ErrorId = 'KeySetRequired'; Call = { New-LtpaToken -UserName alice -ErrorAction Stop } }
        @{ ErrorId = 'DominoSecretRequired'; Call = { New-LtpaToken -Format DominoLtpaToken -UserName alice -ErrorAction Stop } }
        @{ ErrorId = 'DominoSecretInvalid'; Call = { New-LtpaToken -Format DominoLtpaToken -UserName alice -DominoSecret (New-TestSecureString 'not*base64') -ErrorAction Stop } }
        @{ ErrorId = 'UserIdNotPortable'; Call = { $keys | New-LtpaToken -UserName 'a|b' -ErrorAction Stop } }
        @{ ErrorId = 'DominoUserNameNotEncodable'; Call = { New-LtpaToken -Format DominoLtpaToken -UserName 'CN=Łukasz' -DominoSecret $dominoSecret -ErrorAction Stop } }
        @{ ErrorId = 'KeyFileWrongPassword'; Call = { New-LtpaToken -UserName alice -KeyPath $devKeys -KeyPassword (New-TestSecureString 'nope') -ErrorAction Stop } }
    ) {
        $Call | Should -Throw -ErrorId "$ErrorId,SametimeAdmin.Commands.NewLtpaTokenCommand"
    }

    It 'mints non-portable ids only with -Force' {
        $token = $keys | New-LtpaToken -UserName 'EXAMPLE\jdoe' -Force
        ($token | ConvertFrom-LtpaToken -KeySet $keys).User | Should -Be 'EXAMPLE\jdoe'
    }
}

Describe 'ConvertFrom-LtpaToken and Test-LtpaToken' {
    It 'decodes <Id> with the reference verdict' -ForEach @(
        @{ Id = 'ltpa2-dev-01-plain'; Verdict = 'Valid' }
        @{ Id = 'ltpa2-dev-expired'; Verdict = 'Expired' }
        @{ Id = 'ltpa2-dev-tamper-user-swap'; Verdict = 'BadSignature' }
        @{ Id = 'ltpa2-dev-tamper-last-block'; Verdict = 'NotDecryptable' }
        @{ Id = 'ltpa2-dev-tamper-first-block'; Verdict = 'BadSignature' }
    ) {
        $v = Get-Vector $ltpa2 $Id
        $at = [DateTimeOffset]::FromUnixTimeMilliseconds($v.reference_verdict.clock_now_ms).UtcDateTime
        $info = "LtpaToken2=$($v.token)" | ConvertFrom-LtpaToken -KeySet $keys -At $at
        $info.Verdict | Should -Be $Verdict
        $info.Reason | Should -Not -BeNullOrEmpty
        Test-LtpaToken -Token $v.token -KeySet $keys -At $at | Should -Be ($Verdict -eq 'Valid')
    }

    It 'reproduces Liberty on the unsorted-attributes token only with -Strict' {
        $v = Get-Vector $ltpa2 'ltpa2-dev-unsorted-attributes'
        $at = [DateTimeOffset]::FromUnixTimeMilliseconds($v.reference_verdict.clock_now_ms).UtcDateTime
        ($v.token | ConvertFrom-LtpaToken -KeySet $keys -At $at).Verdict | Should -Be 'Valid'
        ($v.token | ConvertFrom-LtpaToken -KeySet $keys -At $at -Strict).Verdict | Should -Be 'BadSignature'
    }

    It 'takes URL-encoded values, Cookie and Set-Cookie lines and keeps going after bad tokens' {
        $plain = (Get-Vector $ltpa2 'ltpa2-dev-01-plain').token
        $v1 = (Get-Vector $ltpa1 'ltpa1-dev-01-plain').token
        $dominoToken = (Get-Vector $domino 'domino-dev-01-canonical').token
        $at = [DateTime]::new(2099, 12, 31, 23, 0, 0, [DateTimeKind]::Utc)
        $inputs = @(
            [Uri]::EscapeDataString($plain)
            "Cookie: JSESSIONID=1; LtpaToken2=$plain; LtpaToken=$v1"
            "Set-Cookie: LtpaToken2=$($plain.Replace('+', ' ')); Path=/; HttpOnly"
            'garbage!!'
            "LtpaToken=$dominoToken"
        )
        $results = @($inputs | ConvertFrom-LtpaToken -KeySet $keys -At $at)
        $results.Count | Should -Be 6
        $results[0..3].Verdict | Should -Be @('Valid', 'Valid', 'Valid', 'Valid')
        $results[2].Format | Should -Be 'WebSphereLtpaToken'
        $results[4].Verdict | Should -Be 'Malformed'
        $results[5].Format | Should -Be 'DominoLtpaToken'
        $results[5].Verdict | Should -Be 'Unverified'
    }

    It 'tries several key sets in order and names the one that worked' {
        $other = New-LtpaKey
        $info = (Get-Vector $ltpa2 'ltpa2-dev-01-plain').token | ConvertFrom-LtpaToken -KeySet $other, $keys -At ([DateTime]::new(2099, 12, 31, 23, 0, 0, [DateTimeKind]::Utc))
        $info.Verdict | Should -Be 'Valid'
        $info.KeyFingerprint | Should -Be $keys.PublicKeyFingerprint
        ((Get-Vector $ltpa2 'ltpa2-dev-01-plain').token | ConvertFrom-LtpaToken -KeySet $other).Verdict | Should -Be 'NotDecryptable'
    }

    It 'warns when a Cookie line has no LTPA cookie' {
        $out = 'Cookie: JSESSIONID=1' | ConvertFrom-LtpaToken -KeySet $keys -WarningVariable w -WarningAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $w.Count | Should -Be 1
    }

    It 'requires keys or a secret' {
        { 'x' | ConvertFrom-LtpaToken -ErrorAction Stop } | Should -Throw -ErrorId 'KeySetRequired,SametimeAdmin.Commands.ConvertFromLtpaTokenCommand'
    }

    It 'returns detailed results with -Detailed' {
        $token = $keys | New-LtpaToken -UserName bob
        (Test-LtpaToken -Token $token -KeySet $keys -Detailed).User | Should -Be 'bob'
    }
}

Describe 'Damaged and crafted key material' {
    BeforeAll {
        function script:ConvertFrom-Hex([string] $Hex) {
            $bytes = New-Object byte[] ($Hex.Length / 2)
            for ($i = 0; $i -lt $bytes.Length; $i++) { $bytes[$i] = [Convert]::ToByte($Hex.Substring($i * 2, 2), 16) }
            , $bytes
        }

        # An ltpa.keys file written from the documented layout: 3DES-ECB/PKCS5 under SHA-1(password) || 00000000.
        function script:New-CraftedKeyFile([string] $Path, [byte[]] $Shared, [byte[]] $PrivateBlob, [byte[]] $PublicBlob, [string] $Password) {
            $sha1 = [System.Security.Cryptography.SHA1]::Create()
            $key = New-Object byte[] 24
            [Array]::Copy($sha1.ComputeHash([Text.Encoding]::UTF8.GetBytes($Password)), $key, 20)
            $des = [System.Security.Cryptography.TripleDES]::Create()
            $des.Mode = 'ECB'; $des.Padding = 'PKCS7'; $des.Key = $key
            $encrypt = { param($data) $t = $des.CreateEncryptor(); [Convert]::ToBase64String($t.TransformFinalBlock($data, 0, $data.Length)).Replace('=', '\=') }
            $lines = @(
                '#Fri Nov 27 13:29:25 UTC 2026'
                'com.ibm.websphere.ltpa.version=1.0'
                'com.ibm.websphere.ltpa.3DESKey=' + (& $encrypt $Shared)
                'com.ibm.websphere.ltpa.PrivateKey=' + (& $encrypt $PrivateBlob)
                'com.ibm.websphere.ltpa.Realm=defaultRealm'
                'com.ibm.websphere.ltpa.PublicKey=' + [Convert]::ToBase64String($PublicBlob).Replace('=', '\=')
            )
            [IO.File]::WriteAllText($Path, ($lines -join "`n") + "`n")
        }

        # The legacy private key blob e | 00 p | 00 q with p = q = 1.
        $script:primesOfOne = New-Object byte[] 133
        $primesOfOne[0] = 1; $primesOfOne[2] = 1; $primesOfOne[67] = 1; $primesOfOne[132] = 1
        $script:devShared = ConvertFrom-Hex $keyfileDev.expected.shared_key_hex
        $publicText = ((Get-Content -LiteralPath $devKeys) | Where-Object { $_ -like 'com.ibm.websphere.ltpa.PublicKey=*' }).Split('=', 2)[1].Replace('\=', '=')
        $script:devPublic = [Convert]::FromBase64String($publicText)
    }

    It 'reports a private key with primes of one as KeyFileCorrupted and reads the other files' {
        $dir = Join-Path $TestDrive 'crafted'
        $null = New-Item -ItemType Directory $dir
        New-CraftedKeyFile -Path (Join-Path $dir 'a-broken.keys') -Shared $devShared -PrivateBlob $primesOfOne -PublicBlob $devPublic -Password $devPasswordText
        Copy-Item -LiteralPath $devKeys -Destination (Join-Path $dir 'b-good.keys')
        $read = @(Get-LtpaKey -Path (Join-Path $dir '*.keys') -Password $devPassword -ErrorAction SilentlyContinue -ErrorVariable errs)
        $read.Count | Should -Be 1
        $read[0].PublicKeyFingerprint | Should -Be $keys.PublicKeyFingerprint
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'KeyFileCorrupted,SametimeAdmin.Commands.GetLtpaKeyCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errs[0].Exception.Message | Should -Match '0 or 1'
    }

    It 'keeps every document''s findings in Test-SsoDoc when one document holds primes of one' {
        $dir = Join-Path $TestDrive 'sso'
        $null = New-Item -ItemType Directory $dir
        $good = Join-Path $dir 'inotes.dxl'
        $broken = Join-Path $dir 'sametime.dxl'
        Copy-Item -LiteralPath (Get-FixturePath 'domino/websso-note-export.dxl') -Destination $good
        Copy-Item -LiteralPath (Get-FixturePath 'domino/websso-import-document.dxl') -Destination $broken
        Protect-TestPath $dir
        Import-LtpaKeyToSsoDoc -Path $good -SsoConfigurationName LtpaToken2 -KeyPath $devKeys -KeyPassword $devPassword -TokenFormat LtpaToken2 -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        Import-LtpaKeyToSsoDoc -Path $broken -KeyPath $devKeys -KeyPassword $devPassword -TokenFormat LtpaToken2 -Confirm:$false -WarningVariable +warnings -WarningAction SilentlyContinue
        @($warnings -notmatch '^Restart the Domino servers') | Should -BeNullOrEmpty
        $dxl = [IO.File]::ReadAllText($broken)
        $pattern = '(<item name=[''"]LTPA_PrivateKey[''"][^>]*>\s*<text>)[^<]*(</text>)'
        $dxl | Should -Match $pattern
        [IO.File]::WriteAllText($broken, [regex]::Replace($dxl, $pattern, '${1}' + [Convert]::ToBase64String($primesOfOne) + '${2}'))

        $findings = @(Test-SsoDoc -Path $good, $broken -KeyPath $devKeys -KeyPassword $devPassword -ErrorAction Stop)
        $brokenKeys = $findings | Where-Object { $_.Rule -eq 'WebSphereKeys' -and $_.Source -eq $broken }
        $brokenKeys.Severity | Should -Be 'Error'
        $brokenKeys.Message | Should -Match '0 or 1'
        ($findings | Where-Object { $_.Rule -eq 'KeysMatchKeyFile' -and $_.Source -eq $good }).Severity | Should -Be 'Ok'
        ($findings | Where-Object { $_.Rule -eq 'DomainLeadingDot' -and $_.Source -eq $broken }).Severity | Should -Be 'Error'
        # One cause, one failure: the comparison across documents is skipped, pointing at the failed key rule.
        ($findings | Where-Object Rule -eq 'KeysMatchAcrossDocuments').Severity | Should -Be 'Skipped'
        ($findings | Where-Object Rule -eq 'KeysMatchAcrossDocuments').Message | Should -Match 'see WebSphereKeys'
    }

    It 'shows a changed character in 3DESKey in the shared-key and whole-set fingerprints' {
        $path = Join-Path $TestDrive 'damaged-shared.keys'
        $text = Get-Content -LiteralPath $devKeys -Raw
        $line = ($text -split "`n") | Where-Object { $_ -like 'com.ibm.websphere.ltpa.3DESKey=*' }
        $at = 'com.ibm.websphere.ltpa.3DESKey='.Length
        $replacement = 'A'; if ($line[$at] -eq 'A') { $replacement = 'B' }
        [IO.File]::WriteAllText($path, $text.Replace($line, $line.Substring(0, $at) + $replacement + $line.Substring($at + 1)))
        $damaged = Get-LtpaKey -LiteralPath $path -Password $devPassword
        $damaged.PublicKeyFingerprint | Should -Be $keys.PublicKeyFingerprint
        $damaged.SharedKeyFingerprint | Should -Not -Be $keys.SharedKeyFingerprint
        $damaged.Fingerprint | Should -Not -Be $keys.Fingerprint
        ($damaged | Format-Table | Out-String -Width 300) | Should -Match ([regex]::Escape($damaged.Fingerprint))
    }
}

Describe 'Token rules' {
    It 'accepts a two-field token under -Strict as current Liberty does, and takes the expiration difference as a parameter' {
        $at = [DateTime]::new(2099, 12, 31, 23, 0, 0, [DateTimeKind]::Utc)
        $two = (Get-Vector $ltpa2 'ltpa2-dev-two-fields').token
        ($two | ConvertFrom-LtpaToken -KeySet $keys -At $at -Strict).Verdict | Should -Be 'Valid'
        $apart = (Get-Vector $ltpa2 'ltpa2-dev-tamper-expiration-field').token
        ($apart | ConvertFrom-LtpaToken -KeySet $keys -At $at -Strict).Verdict | Should -Be 'Malformed'
        ($apart | ConvertFrom-LtpaToken -KeySet $keys -At $at -Strict -ExpirationDifferenceAllowed ([TimeSpan]::FromDays(2))).Verdict | Should -Be 'Valid'
        Test-LtpaToken -Token $apart -KeySet $keys -At $at -Strict -ExpirationDifferenceAllowed ([TimeSpan]::FromSeconds(-1)) | Should -BeTrue
        ($apart | ConvertFrom-LtpaToken -KeySet $keys -At $at).Verdict | Should -Be 'Valid'
    }

    It 'notes a token for another realm than the key set''s' {
        $info = $keys | New-LtpaToken -UserName alice -Realm 'ldap.example.com:389' | ConvertFrom-LtpaToken -KeySet $keys
        $info.Verdict | Should -Be 'Valid'
        ($info.Notes -join ' ') | Should -Match "realm 'ldap\.example\.com:389'.*'defaultRealm'"
    }

    It 'refuses an attribute with an empty value and says why' {
        { $keys | New-LtpaToken -UserName alice -Attribute @{ groups = '' } -ErrorAction Stop } |
            Should -Throw -ErrorId 'TokenAttributeInvalid,SametimeAdmin.Commands.NewLtpaTokenCommand'
        $keys | New-LtpaToken -UserName alice -Attribute @{ groups = '' } -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].Exception.Message | Should -Match 'empty value'
    }

    It 'shows attributes readably in Format-List, also with *' {
        $info = $keys | New-LtpaToken -UserName alice -Attribute @{ groups = 'admins', 'users' } | ConvertFrom-LtpaToken -KeySet $keys
        $all = $info | Format-List * | Out-String -Width 300
        $all | Should -Match 'groups, admins\|users'
        $all | Should -Not -Match 'System\.String\[\]'
        ($info | Format-List | Out-String -Width 300) | Should -Match 'groups=admins\|users'
    }

    It 'reads a Domino token with a damaged header as Malformed for its header' {
        $v = Get-Vector $domino 'domino-dev-tamper-header'
        $info = "LtpaToken=$($v.token)" | ConvertFrom-LtpaToken -KeySet $keys -DominoSecret $dominoSecret
        $info.Format | Should -Be 'DominoLtpaToken'
        $info.Verdict | Should -Be 'Malformed'
        $info.Reason | Should -Match 'header'
    }
}

Describe 'Reproducible tokens and kept dates' {
    It 'mints the same Domino-style token again for the same creation and expiration' {
        $created = [DateTime]::new(2026, 3, 1, 10, 0, 0, [DateTimeKind]::Utc)
        $one = New-LtpaToken -Format DominoLtpaToken -UserName 'CN=Alice Smith/O=Example' -DominoSecret $dominoSecret -CreationTime $created -Expiration $created.AddHours(2) -WarningAction SilentlyContinue
        $two = New-LtpaToken -Format DominoLtpaToken -UserName 'CN=Alice Smith/O=Example' -DominoSecret $dominoSecret -CreationTime $created -Expiration $created.AddHours(2) -WarningAction SilentlyContinue
        $one | Should -BeExactly $two
        $raw = [Convert]::FromBase64String($one)
        [Text.Encoding]::ASCII.GetString($raw, 4, 16) | Should -BeExactly (([DateTimeOffset]$created).ToUnixTimeSeconds().ToString('X8') + ([DateTimeOffset]$created.AddHours(2)).ToUnixTimeSeconds().ToString('X8'))
        $info = $one | ConvertFrom-LtpaToken -DominoSecret $dominoSecret -At $created.AddHours(1)
        $info.Verdict | Should -Be 'Valid'
        $info.Creation.UtcDateTime | Should -Be $created
    }

    It 'warns and mints an expired token for a past expiration in every format (<Format>)' -ForEach @(
        @{ Format = 'LtpaToken2' }
        @{ Format = 'LtpaToken' }
        @{ Format = 'DominoLtpaToken' }
    ) {
        $past = [DateTime]::UtcNow.AddHours(-1)
        $token = $keys | New-LtpaToken -Format $Format -UserName 'CN=Alice Smith/O=Example' -DominoSecret $dominoSecret -Expiration $past -WarningVariable w -WarningAction SilentlyContinue -ErrorAction Stop
        $token | Should -Not -BeNullOrEmpty
        @($w).Count | Should -Be 1
        "$($w[0])" | Should -Match 'in the past'
        $cookie = 'LtpaToken2'; if ($Format -ne 'LtpaToken2') { $cookie = 'LtpaToken' }
        ("$cookie=$token" | ConvertFrom-LtpaToken -KeySet $keys -DominoSecret $dominoSecret).Verdict | Should -Be 'Expired'
    }

    It 'shows DateTime parameters as DateTime in help' {
        (Get-Help ConvertFrom-LtpaToken -Parameter At).type.name | Should -Be 'DateTime'
        (Get-Help New-LtpaToken -Parameter CreationTime).type.name | Should -Be 'DateTime'
        (Get-Help New-LtpaToken -Full | Out-String -Width 300) | Should -Not -Match 'Nullable'
    }

    It 'keeps the creation date of keys read from a file unless -CreationDate is given' {
        $kept = Join-Path $TestDrive 'kept.keys'
        $keys | Export-LtpaKey -Path $kept -Password $devPassword
        (Get-LtpaKey -LiteralPath $kept -Password $devPassword).CreationDate | Should -Be 'Fri Nov 27 13:29:25 UTC 2026'
        (Get-Content -LiteralPath $kept)[0] | Should -Not -Be '#Fri Nov 27 13:29:25 UTC 2026'

        $dated = Join-Path $TestDrive 'dated.keys'
        $keys | Export-LtpaKey -Path $dated -Password $devPassword -CreationDate ([DateTime]::new(2030, 1, 2, 3, 4, 5, [DateTimeKind]::Utc))
        (Get-LtpaKey -LiteralPath $dated -Password $devPassword).CreationDate | Should -Be 'Wed Jan 02 03:04:05 UTC 2030'
    }
}

Describe 'Secrets' {
    It 'never appear in any output stream' {
        $dir = Join-Path $TestDrive 'secrets'
        $null = New-Item -ItemType Directory $dir
        $all = & {
            $k = Get-LtpaKey -Path $devKeys -Password $devPassword -Verbose
            $k | Format-List * | Out-String
            $k | Export-LtpaKey -Path (Join-Path $dir 'a.keys') -Password $devPassword -Verbose -PassThru | Format-List * | Out-String
            $t = $k | New-LtpaToken -UserName alice -Verbose
            $t | ConvertFrom-LtpaToken -KeySet $k -Verbose -Debug | Format-List * | Out-String
            Test-LtpaToken -Token 'bad' -KeySet $k -Verbose
            Get-LtpaKey -Path $devKeys -Password (New-TestSecureString 'wrong-password') -Verbose -ErrorAction Continue
            New-LtpaToken -Format DominoLtpaToken -UserName alice -DominoSecret $dominoSecret -Verbose | Out-Null
        } *>&1 | Out-String
        $all | Should -Not -BeNullOrEmpty
        $shared = [Convert]::ToBase64String([Convert]::FromHexString($keyfileDev.expected.shared_key_hex))
        foreach ($secret in $devPasswordText, 'wrong-password', $keyfileDev.expected.shared_key_hex, $shared, $domino.domino_secret_base64, $domino.domino_secret_hex) {
            $all | Should -Not -Match ([regex]::Escape($secret))
        }
    }
}

Describe 'BouncyCastle isolation' {
    It 'works when another BouncyCastle 2.x was loaded first, with its own copy' -ForEach $onCore {
        $bc = Join-Path (Get-RepoRoot) 'out/tools/packages/bouncycastle.cryptography/2.4.0/lib/netstandard2.0/BouncyCastle.Cryptography.dll'
        Test-Path -LiteralPath $bc | Should -BeTrue
        $script = @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$bc'
`$foreign = [Org.BouncyCastle.Crypto.Engines.RsaEngine].Assembly
Import-Module '$(Get-StagedModulePath)'
`$k = New-LtpaKey
`$v1 = `$k | New-LtpaToken -UserName alice -Format LtpaToken
`$v2 = `$k | New-LtpaToken -UserName alice
'V1=' + (Test-LtpaToken -Token "LtpaToken=`$v1" -KeySet `$k)
'V2=' + (Test-LtpaToken -Token "LtpaToken2=`$v2" -KeySet `$k)
`$core = `$k.GetType().Assembly
`$context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$core)
`$own = `$context.Assemblies | Where-Object { `$_.GetName().Name -eq 'BouncyCastle.Cryptography' }
'FOREIGN=' + [Diagnostics.FileVersionInfo]::GetVersionInfo(`$foreign.Location).FileVersion
'OWN=' + [Diagnostics.FileVersionInfo]::GetVersionInfo(`$own.Location).FileVersion
'OWNPATH=' + `$own.Location
'CONTEXT=' + `$context.Name
"@
        $out = @(Invoke-InFreshSession -Script $script | ForEach-Object { "$_" })
        $out | Should -Contain 'V1=True'
        $out | Should -Contain 'V2=True'
        ($out | Where-Object { $_ -like 'FOREIGN=*' }) | Should -BeLike 'FOREIGN=2.4.0*'
        ($out | Where-Object { $_ -like 'OWN=*' }) | Should -BeLike 'OWN=2.7.0*'
        ($out | Where-Object { $_ -like 'OWNPATH=*' }) | Should -BeLike '*dependencies*BouncyCastle.Cryptography.dll'
        $out | Should -Contain 'CONTEXT=SametimeAdmin'
    }
}
