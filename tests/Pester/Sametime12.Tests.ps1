# Sametime 12 installations: Get-St12SsoConfig reads Docker/Podman folders and Helm values, Set-St12SsoConfig writes
# what iNotes needs with the edit protocol. Fixtures: tests/fixtures/sametime12 (written from HCL's examples).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    # The lab's published throw-away key password (examples/lab/README.md).
    $script:labPassword = New-TestSecureString 'Lab-Ltpa-Passw0rd'
    $script:labKeys = Join-Path (Get-RepoRoot) 'examples/lab/proxy/ltpa.keys'

    function New-DockerFolder {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $folder
        Get-ChildItem -LiteralPath (Get-FixturePath 'sametime12/docker') -Force | Copy-Item -Destination $folder
        $folder
    }

    function Get-FolderBytes {
        param([string] $Folder)
        $result = @{}
        Get-ChildItem -LiteralPath $Folder -Force -Recurse -File | ForEach-Object { $result[$_.FullName] = [Convert]::ToBase64String([IO.File]::ReadAllBytes($_.FullName)) }
        $result
    }
}

Describe 'Get-St12SsoConfig' {
    It 'reads a Docker install folder as Compose does, without showing the password' {
        $folder = New-DockerFolder
        $config = Get-St12SsoConfig -Path $folder
        $config.Kind | Should -Be 'Docker'
        $config.LtpaEnabled | Should -BeTrue
        $config.KeyFileHostPath | Should -Be '/opt/hcl/sametime/ltpa.keys'
        $config.PasswordPresent | Should -BeTrue
        $config.DurationMinutes | Should -Be 30
        $config.AuthTokenSetting | Should -Be 'Fork:Jwt'
        $config.LtpaTokenAccepted | Should -BeFalse
        $config.ExternalWarIntegration | Should -BeFalse
        @($config.IniSettings.IniLine) | Should -Contain '[Debug] VPDIR_IGNORE_BROWSE=1'
        $text = ($config | Format-List | Out-String) + ($config | ConvertTo-Json -Depth 5)
        $text | Should -Not -Match 'Lab-Ltpa-Passw0rd'
    }

    It 'shows the key set fingerprint when the password opens the keys' {
        $folder = New-DockerFolder
        Copy-Item -LiteralPath $labKeys -Destination (Join-Path $folder 'ltpa.keys')
        $config = Get-St12SsoConfig -Path $folder -KeyPassword $labPassword -NameMap @{ 'Env.KeysFilePath' = 'MY_KEYS' }
        $config.KeyStatus | Should -Be 'KeysNotFound'
        Add-Content -LiteralPath (Join-Path $folder '.env') -Value 'MY_KEYS=ltpa.keys'
        $config = Get-St12SsoConfig -Path $folder -KeyPassword $labPassword -NameMap @{ 'Env.KeysFilePath' = 'MY_KEYS' }
        $config.KeyStatus | Should -Be 'Opened'
        $config.KeyFingerprint | Should -Be (Get-LtpaKey -Path $labKeys -Password $labPassword).Fingerprint
    }

    It 'merges Helm values files in the order given and reads the secrets template' {
        $helm = Get-FixturePath 'sametime12/helm'
        $config = Get-St12SsoConfig -ValuesPath (Join-Path $helm 'values.yaml'), (Join-Path $helm 'site.yaml') -SecretsPath (Join-Path $helm 'sametime-secrets.yaml')
        $config.Kind | Should -Be 'Kubernetes'
        $config.LtpaEnabled | Should -BeTrue
        $config.DurationMinutes | Should -Be 120
        $config.PasswordSource | Should -Be 'secret LtpaKeysPassword'
    }

    It 'reports a folder that is not a Sametime 12 installation with a stable error id' {
        $empty = Join-Path $TestDrive 'empty'
        $null = New-Item -ItemType Directory -Path $empty -Force
        { Get-St12SsoConfig -Path $empty -ErrorAction Stop } | Should -Throw -ErrorId 'NotASametime12DockerFolder,SametimeAdmin.Commands.GetSt12SsoConfigCommand'
        { Get-St12SsoConfig -Path (Join-Path $TestDrive 'missing') -ErrorAction Stop } | Should -Throw -ErrorId 'Sametime12FolderNotFound,SametimeAdmin.Commands.GetSt12SsoConfigCommand'
    }
}

Describe 'Set-St12SsoConfig' {
    It 'changes nothing under -WhatIf' {
        $folder = New-DockerFolder
        $before = Get-FolderBytes $folder
        # Without a host, so the What-if lines are captured, not printed.
        $null = Invoke-WithoutHost -Command Set-St12SsoConfig -Parameters @{
            Path = $folder; KeyFile = $labKeys; KeyPassword = $labPassword; CopyKeyFile = $true; DurationMinutes = 120
            FrameAncestor = 'https://mail.lab.example.com'; ExternalIntegration = $true; WhatIf = $true
        }
        $after = Get-FolderBytes $folder
        $after.Count | Should -Be $before.Count
        foreach ($key in $before.Keys) { $after[$key] | Should -Be $before[$key] }
    }

    It 'writes what iNotes needs, then a second run changes nothing' {
        $folder = New-DockerFolder
        $changes = Set-St12SsoConfig -Path $folder -KeyFile $labKeys -KeyPassword $labPassword -CopyKeyFile -KeyFileHostPath (Join-Path $folder 'ltpa.keys') -DurationMinutes 120 `
            -FrameAncestor https://mail.lab.example.com -CorsOrigin https://mail.lab.example.com -ExternalIntegration -PassThru -Confirm:$false
        @($changes | Where-Object Changed).Count | Should -BeGreaterThan 0
        ($changes | Out-String -Width 200) | Should -Not -Match 'Lab-Ltpa-Passw0rd'

        $config = Get-St12SsoConfig -Path $folder
        $config.LtpaTokenAccepted | Should -BeTrue
        $config.ExternalWarIntegration | Should -BeTrue
        $config.DurationMinutes | Should -Be 120
        @($config.FrameAncestors) | Should -Contain 'https://mail.lab.example.com'
        $config.KeyStatus | Should -Be 'Opened'
        $config.KeyFingerprint | Should -Be (Get-LtpaKey -Path $labKeys -Password $labPassword).Fingerprint

        $before = Get-FolderBytes $folder
        $again = Set-St12SsoConfig -Path $folder -KeyFile $labKeys -KeyPassword $labPassword -CopyKeyFile -KeyFileHostPath (Join-Path $folder 'ltpa.keys') -DurationMinutes 120 `
            -FrameAncestor https://mail.lab.example.com -CorsOrigin https://mail.lab.example.com -ExternalIntegration -PassThru -Confirm:$false
        @($again | Where-Object Changed).Count | Should -Be 0
        $after = Get-FolderBytes $folder
        $after.Count | Should -Be $before.Count
    }

    It 'refuses a key password that does not open the keys, and writes nothing' {
        $folder = New-DockerFolder
        $before = Get-FolderBytes $folder
        { Set-St12SsoConfig -Path $folder -KeyFile $labKeys -KeyPassword (New-TestSecureString 'wrong') -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'KeyPasswordMismatch,SametimeAdmin.Commands.SetSt12SsoConfigCommand'
        (Get-FolderBytes $folder).Count | Should -Be $before.Count
        foreach ($key in $before.Keys) { (Get-FolderBytes $folder)[$key] | Should -Be $before[$key] }
    }

    It 'writes an owner-only Helm override file and never a values file of the user' {
        $out = Join-Path $TestDrive 'sametime-ltpa.yaml'
        $values = Get-FixturePath 'sametime12/helm/values.yaml'
        $null = Set-St12SsoConfig -HelmValuesPath $out -ValuesPath $values -KeyFile $labKeys -KeyPassword $labPassword -DurationMinutes 30 -FrameAncestor https://mail.lab.example.com -Confirm:$false
        $text = Get-Content -LiteralPath $out -Raw
        $text | Should -Match 'ltpaDurationMinutes: "30"'
        $text | Should -Match "contentSecurityPolicy: `"frame-ancestors 'self' https://mail.lab.example.com; default-src 'self'`""
        if (-not $IsWindows -and $PSVersionTable.PSEdition -eq 'Core') { (& stat -c '%a' $out) | Should -Be '600' }
        $config = Get-St12SsoConfig -ValuesPath $values, $out
        $config.KeyFingerprint | Should -Be (Get-LtpaKey -Path $labKeys -Password $labPassword).Fingerprint
        { Set-St12SsoConfig -HelmValuesPath $values -ValuesPath $values -DurationMinutes 30 -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'WouldRewriteValuesFile,SametimeAdmin.Commands.SetSt12SsoConfigCommand'
    }

    It 'prints the manual step for a Windows installation and writes nothing' {
        $folder = Join-Path $TestDrive 'windows'
        $null = New-Item -ItemType Directory -Path $folder -Force
        $step = Set-St12SsoConfig -Path $folder -Kind Windows -DurationMinutes 30 -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $step.Action | Should -Be 'ManualStep'
        "$warnings" | Should -Match 'HCL documents no configuration file'
        @(Get-ChildItem -LiteralPath $folder -Force).Count | Should -Be 0
    }
}

Describe 'Keys without Liberty' {
    It 'New-LtpaKey | Export-LtpaKey and the documented one-liner give the base64 values a Helm file wants' {
        $folder = Join-Path $TestDrive 'keys'
        $null = New-Item -ItemType Directory -Path $folder -Force
        # A private folder: the warning about a folder others can list has its own tests.
        Protect-TestPath -Path $folder
        Push-Location $folder
        try {
            $pw = New-TestSecureString 'Helm-Pass w0rd'
            New-LtpaKey | Export-LtpaKey -Path ./ltpa.keys -Password $pw
            # The one-liner of about_SametimeAdmin_Sametime12, as printed there.
            $lines = @([Convert]::ToBase64String([IO.File]::ReadAllBytes((Resolve-Path ./ltpa.keys))); [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes([Net.NetworkCredential]::new('', $pw).Password)))
        }
        finally { Pop-Location }
        $about = Get-Content -LiteralPath (Join-Path (Get-RepoRoot) 'module/en-US/about_SametimeAdmin_Sametime12.help.txt') -Raw
        $about | Should -Match ([regex]::Escape("[Convert]::ToBase64String([IO.File]::ReadAllBytes((Resolve-Path ./ltpa.keys))); [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes([Net.NetworkCredential]::new('', `$pw).Password))"))
        $lines[1] | Should -Be 'SGVsbS1QYXNzIHcwcmQ='
        $values = Join-Path $folder 'values.yaml'
        Set-Content -LiteralPath $values -Value ("global:`n  enableLtpa: true`n  ltpaKeysBase64: {0}`n  ltpaKeysPasswordBase64: {1}`n" -f $lines[0], $lines[1]) -NoNewline
        $config = Get-St12SsoConfig -ValuesPath $values
        $config.KeyStatus | Should -Be 'Opened'
        $config.KeyFingerprint | Should -Be (Get-LtpaKey -Path (Join-Path $folder 'ltpa.keys') -Password $pw).Fingerprint
    }
}

Describe 'sametime.ini cmdlets on a Sametime 12 installation' {
    BeforeAll {
        function New-EnvFile {
            param([string] $Text, [string] $Name = 'custom.env')
            $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            $null = New-Item -ItemType Directory -Path $folder
            $path = Join-Path $folder $Name
            [IO.File]::WriteAllBytes($path, [Text.Encoding]::UTF8.GetBytes($Text))
            $path
        }

        function Read-Text { param([string] $Path) [Text.Encoding]::UTF8.GetString([IO.File]::ReadAllBytes($Path)) }
    }

    It 'Set-StTokenType on a Docker install folder adds STI__AuthToken__ST_TOKEN_TYPE to custom.env (CRLF kept), then changes nothing' {
        $folder = New-DockerFolder
        $path = Join-Path $folder 'custom.env'
        $before = Read-Text $path
        $edit = Set-StTokenType -Path $folder -Name LtpaToken2 -PassThru -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        (Read-Text $path) | Should -BeExactly ($before + "STI__AuthToken__ST_TOKEN_TYPE=LtpaToken2`r`n")
        $edit.Path | Should -Be $path
        $edit.Format | Should -Be 'DotEnv'
        $edit.Section | Should -Be 'AuthToken'
        $edit.Sametime12Variable | Should -Be 'STI__AuthToken__ST_TOKEN_TYPE'
        "$warnings" | Should -Match 'docker compose up -d'
        "$warnings" | Should -Not -Match 'restart the Sametime Community Server'

        $bytes = [IO.File]::ReadAllBytes($path)
        $again = Set-StTokenType -Path $path -Name LtpaToken2 -PassThru -Confirm:$false -WarningVariable second -WarningAction SilentlyContinue
        $again.Action | Should -Be 'Unchanged'
        [Convert]::ToBase64String([IO.File]::ReadAllBytes($path)) | Should -Be ([Convert]::ToBase64String($bytes))
        "$second" | Should -Match 'already'
    }

    It 'Set-StSetting edits every occurrence in place, keeping quotes, comments, export and LF' {
        $path = New-EnvFile ("# Sametime 12 custom.env`n" +
            "STI__Config__ST_TOKEN_TYPE='LtpaToken' # set by the installer`n" +
            "CONTENT_SECURITY_POLICY=`"frame-ancestors 'self'`"`n" +
            "`n" +
            "export STI__Config__ST_TOKEN_TYPE=`"LtpaToken`"`n")
        $edit = Set-StSetting -Path $path -Section Config -Name ST_TOKEN_TYPE -Value LtpaToken2 -PassThru -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        (Read-Text $path) | Should -BeExactly ("# Sametime 12 custom.env`n" +
            "STI__Config__ST_TOKEN_TYPE='LtpaToken2' # set by the installer`n" +
            "CONTENT_SECURITY_POLICY=`"frame-ancestors 'self'`"`n" +
            "`n" +
            "export STI__Config__ST_TOKEN_TYPE=`"LtpaToken2`"`n")
        $edit.Occurrences | Should -Be 2
        "$warnings" | Should -Match 'appeared 2 times'
        # Every line is listed (Compose reads the last); both now hold the new value.
        $read = @(Get-StSetting -Path $path -Section Config -Name ST_TOKEN_TYPE -WarningAction SilentlyContinue)
        $read.Count | Should -Be 2
        @($read.Value | Select-Object -Unique) | Should -Be @('LtpaToken2')
        @(Get-StSetting -Path $path -Name STI__Config__ST_TOKEN_TYPE -WarningAction SilentlyContinue)[1].Section | Should -Be 'Config'
    }

    It 'changes nothing under -WhatIf' {
        $path = New-EnvFile "STI__Config__ST_TOKEN_TYPE=LtpaToken`r`n"
        $before = [Convert]::ToBase64String([IO.File]::ReadAllBytes($path))
        $null = Invoke-WithoutHost -Command Set-StSetting -Parameters @{ Path = $path; Section = 'Config'; Name = 'ST_TOKEN_TYPE'; Value = 'LtpaToken2'; WhatIf = $true }
        $null = Invoke-WithoutHost -Command Remove-StSetting -Parameters @{ Path = $path; Section = 'Config'; Name = 'ST_TOKEN_TYPE'; WhatIf = $true }
        [Convert]::ToBase64String([IO.File]::ReadAllBytes($path)) | Should -Be $before
        @(Get-ChildItem -LiteralPath (Split-Path $path) -Force).Count | Should -Be 1
    }

    It 'Remove-StSetting removes every occurrence and nothing else; -Format DotEnv takes another file name' {
        $path = New-EnvFile ("STI__Debug__VPDIR_IGNORE_BROWSE=1`r`n# keep me`r`nSTI__Debug__VPDIR_IGNORE_BROWSE=0`r`nOTHER=1`r`n") 'site-custom.env.txt'
        { Remove-StSetting -Path $path -Section Debug -Name VPDIR_IGNORE_BROWSE -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnknownConfigFileFormat,SametimeAdmin.Commands.RemoveStSettingCommand'
        $null = Remove-StSetting -Path $path -Format DotEnv -Section Debug -Name VPDIR_IGNORE_BROWSE -Confirm:$false -WarningAction SilentlyContinue
        (Read-Text $path) | Should -BeExactly "# keep me`r`nOTHER=1`r`n"
    }

    It 'Get-StSetting reads .env without printing the key password' {
        $folder = New-DockerFolder
        $settings = Get-StSetting -Path (Join-Path $folder '.env')
        ($settings | Where-Object Name -eq 'LTPA_KEYS_PASSWORD').Value | Should -Not -Be 'Lab-Ltpa-Passw0rd'
        ($settings | Out-String -Width 300) | Should -Not -Match 'Lab-Ltpa-Passw0rd'
        (@($settings | Where-Object Name -eq 'ENABLE_LTPA') | Select-Object -Last 1).Value | Should -Be 'true'
    }

    It 'refuses a Helm values file, names the override-file command and changes nothing' {
        $values = Get-FixturePath 'sametime12/helm/values.yaml'
        $before = [Convert]::ToBase64String([IO.File]::ReadAllBytes($values))
        $err = $null
        Set-StSetting -Path $values -Section Config -Name ST_TOKEN_TYPE -Value LtpaToken2 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'HelmValuesNotEdited,SametimeAdmin.Commands.SetStSettingCommand'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'Set-St12SsoConfig -HelmValuesPath'
        { Set-StTokenType -Path $values -Name LtpaToken2 -ErrorAction Stop } | Should -Throw -ErrorId 'HelmValuesNotEdited,SametimeAdmin.Commands.SetStTokenTypeCommand'
        [Convert]::ToBase64String([IO.File]::ReadAllBytes($values)) | Should -Be $before
    }
}
