BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem

    $script:fixtures = Get-FixturePath 'mustgather'
    $script:planted = @(Get-Content -LiteralPath (Join-Path $fixtures 'planted-secrets.txt') | Where-Object { $_ })

    function New-FixtureEnvironment {
        param([string] $Folder)
        Copy-Item -Path (Join-Path $fixtures '*') -Destination $Folder -Recurse
        Set-Content -LiteralPath (Join-Path $Folder 'environment.psd1') -Value @'
@{
    Name      = 'must-gather fixture'
    Sso       = @{ Domain = '.lab.example.com'; ConfigurationName = 'LtpaToken2' }
    Proxy     = @{ HostName = 'proxy1.lab.example.com'; Addresses = '10.0.0.30'; Urls = 'http://proxy1.lab.example.com:9080'; LtpaKeys = 'ltpa.keys'; TraceLog = 'trace.log' }
    INotes    = @{ Name = 'INOTES1/Lab'; HostName = 'inotes1.lab.example.com'; Addresses = '10.0.0.20'; ConsoleLog = 'console.log'; SsoDocument = 'websso.dxl' }
    Community = @{ Name = 'STCHAT1/Lab'; HostName = 'st1.lab.example.com'; SametimeIni = 'sametime.ini'; ConsoleLog = 'no-such-console.log'; SsoDocument = 'websso-prefixed.dxl' }
    Client    = @{ Captures = 'capture.har' }
    Ssc       = @{ SecurityXml = 'server.xml' }
}
'@
        Join-Path $Folder 'environment.psd1'
    }

    # Every entry of the zip, decompressed, as Latin-1 text (byte for byte).
    function Get-ZipText {
        param([string] $Path)
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
        try {
            $texts = @{}
            foreach ($entry in $zip.Entries) {
                $stream = $entry.Open()
                $memory = New-Object System.IO.MemoryStream
                $stream.CopyTo($memory)
                $stream.Dispose()
                $texts[$entry.FullName] = [System.Text.Encoding]::GetEncoding(28591).GetString($memory.ToArray())
            }
            $texts
        }
        finally { $zip.Dispose() }
    }
}

Describe 'Save-StMustGather' {
    BeforeAll {
        $script:site = Join-Path $TestDrive 'site'
        $null = New-Item -ItemType Directory -Path $site
        $script:envPath = New-FixtureEnvironment -Folder $site
        $script:zipPath = Join-Path $TestDrive 'mustgather.zip'
        # The site keeps its imported WebSphere shared key in an item of its own name.
        $script:itemMap = @{ 'WebSso.WebSphereSharedKey' = 'ImportedWasBlob' }
        $script:result = Save-StMustGather -EnvironmentPath $envPath -DestinationPath $zipPath -ItemMap $itemMap
        $script:entries = Get-ZipText -Path $zipPath
    }

    It 'writes one zip with the must-gather set, the overview, the checklist and a manifest' {
        $result.GetType().FullName | Should -Be 'SametimeAdmin.MustGather.MustGatherResult'
        $result.Redacted | Should -BeTrue
        foreach ($name in 'proxy/trace.log', 'proxy/ltpa.keys', 'inotes/console.log', 'inotes/websso.dxl', 'community/sametime.ini',
            'client/capture.har', 'ssc/security.xml', 'community/websso.dxl', 'environment-overview.txt', 'checklist.json', 'checklist.html', 'manifest.json') {
            $entries.Keys | Should -Contain $name
        }
        $entries['environment-overview.txt'] | Should -Match 'inotes1\.lab\.example\.com\s+10\.0\.0\.20'
        ($entries['checklist.json'] | ConvertFrom-Json).summary.Total | Should -BeGreaterThan 0
    }

    It 'leaves no planted secret, nor any part of one, in any entry, decompressed' {
        $planted.Count | Should -BeGreaterThan 30
        foreach ($name in $entries.Keys) {
            foreach ($secret in $planted) {
                $entries[$name].Contains($secret) | Should -BeFalse -Because "$name must not contain $secret"
            }
            $entries[$name].Contains('PLANTED') | Should -BeFalse -Because "$name must not contain a part of a planted secret"
        }
    }

    It 'redacts a key item renamed with -ItemMap, which without it is an ordinary item' {
        $entries['community/websso.dxl'] | Should -Match "<dxl:item name='ImportedWasBlob'><dxl:text>\[REDACTED:LtpaSharedKey:hmac=[0-9a-f]{8}\]</dxl:text></dxl:item>"
        $path = Join-Path $TestDrive 'no-map.zip'
        $null = Save-StMustGather -EnvironmentPath $envPath -DestinationPath $path -SkipChecklist
        (Get-ZipText -Path $path)['community/websso.dxl'] | Should -Match 'PLANTEDITEMMAPSHAREDKEY'
    }

    It 'says in the manifest how each file was read and how fingerprints are made' {
        $manifest = $entries['manifest.json'] | ConvertFrom-Json
        $manifest.fingerprints | Should -Match 'HMAC-SHA256'
        ($manifest.files | Where-Object name -eq 'ssc/security.xml').redactedBy | Should -Match '^XML parsed'
        ($manifest.files | Where-Object name -eq 'proxy/ltpa.keys').redactedBy | Should -Match '^Java properties'
        ($manifest.files | Where-Object name -eq 'client/capture.har').redactedBy | Should -Match '^JSON parsed'
    }

    It 'writes the archive readable by its owner only, also with -NoRedaction' -ForEach @(@{ NoRedaction = $false }, @{ NoRedaction = $true }) {
        $path = Join-Path $TestDrive ('owner-only-' + $NoRedaction + '.zip')
        $null = Save-StMustGather -EnvironmentPath $envPath -DestinationPath $path -SkipChecklist -NoRedaction:$NoRedaction -WarningAction SilentlyContinue
        if ([System.IO.Path]::DirectorySeparatorChar -eq '/') {
            [int][System.IO.File]::GetUnixFileMode($path) | Should -Be ([Convert]::ToInt32('600', 8))
        }
        else {
            $rules = @((Get-Acl -LiteralPath $path).Access | Where-Object { $_.IdentityReference -match 'Everyone|Users$' })
            $rules.Count | Should -Be 0
        }
    }

    It 'lists in the manifest what was redacted and what is missing' {
        $manifest = $entries['manifest.json'] | ConvertFrom-Json
        $trace = $manifest.files | Where-Object name -eq 'proxy/trace.log'
        @($trace.redacted.kind) | Should -Contain 'LtpaToken2'
        $sha = [System.Security.Cryptography.SHA256]::Create()
        $expected = ([System.BitConverter]::ToString($sha.ComputeHash([System.Text.Encoding]::GetEncoding(28591).GetBytes($entries['proxy/trace.log'])))).Replace('-', '').ToLowerInvariant()
        $trace.sha256 | Should -Be $expected
        @($manifest.missing | Where-Object { $_.path -like '*no-such-console.log' }).Count | Should -Be 1
        $result.Missing.Path | Should -Contain (Join-Path $site 'no-such-console.log')
    }

    It 'gives the same token the same keyed fingerprint in the trace and in the HAR capture, not its plain SHA-256' {
        $token = 'PLANTEDLTPATOKEN2AAAAbbbbCCCCddddEEEEffff+/GGGGhhhh=='
        $entries['proxy/trace.log'] -match 'Cookie: LtpaToken2=(\[REDACTED:LtpaToken2:hmac=([0-9a-f]{8})\])' | Should -BeTrue
        $marker = $Matches[1]
        $entries['client/capture.har'].Contains($marker) | Should -BeTrue
        $sha = [System.Security.Cryptography.SHA256]::Create()
        $hex = ([System.BitConverter]::ToString($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($token)))).Replace('-', '').ToLowerInvariant()
        $Matches[2] | Should -Not -Be $hex.Substring(0, 8)
    }

    It 'refuses to overwrite without -Force and leaves the file unchanged' {
        $before = (Get-FileHash -LiteralPath $zipPath).Hash
        { Save-StMustGather -EnvironmentPath $envPath -DestinationPath $zipPath } |
            Should -Throw -ErrorId 'MustGatherDestinationExists,SametimeAdmin.Commands.SaveStMustGatherCommand'
        (Get-FileHash -LiteralPath $zipPath).Hash | Should -Be $before
        $again = Save-StMustGather -EnvironmentPath $envPath -DestinationPath $zipPath -Force -SkipChecklist
        $again.Missing.Artefact | Should -Contain 'checklist result'
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.zip'
        # Without a host, where the "What if:" line goes nowhere.
        $null = Invoke-WithoutHost Save-StMustGather @{ EnvironmentPath = $envPath; DestinationPath = $path; WhatIf = $true }
        Test-Path -LiteralPath $path | Should -BeFalse
    }

    It 'keeps the secrets with -NoRedaction, and warns' {
        $path = Join-Path $TestDrive 'plain.zip'
        $warnings = $null
        $plain = Save-StMustGather -EnvironmentPath $envPath -DestinationPath $path -NoRedaction -SkipChecklist -WarningVariable warnings -WarningAction SilentlyContinue
        $plain.Redacted | Should -BeFalse
        $warnings | Should -Not -BeNullOrEmpty
        $all = (Get-ZipText -Path $path).Values -join "`n"
        foreach ($secret in $planted) { $all.Contains($secret) | Should -BeTrue -Because "$secret is in the fixtures" }
    }

    It 'collects single files given as parameters' {
        $path = Join-Path $TestDrive 'params.zip'
        $r = Save-StMustGather -ProxyTraceLog (Join-Path $site 'trace.log') -INotesConsoleLog (Join-Path $site 'console.log') -DestinationPath $path -SkipChecklist
        $names = (Get-ZipText -Path $path).Keys
        $names | Should -Contain 'proxy/trace.log'
        $names | Should -Contain 'inotes/console.log'
        $r.RedactionCount | Should -BeGreaterThan 0
    }

    It 'collects the key file given as -<Name>, over the file''s Proxy.LtpaKeys' -ForEach @(@{ Name = 'KeyPath' }, @{ Name = 'LtpaKeyPath' }) {
        $other = Join-Path $TestDrive "other-$Name.keys"
        Copy-Item -LiteralPath (Join-Path $site 'ltpa.keys') -Destination $other
        $path = Join-Path $TestDrive "keypath-$Name.zip"
        $arguments = @{ EnvironmentPath = $envPath; DestinationPath = $path; SkipChecklist = $true }
        $arguments[$Name] = $other
        $result = Save-StMustGather @arguments
        $keys = @($result.Entries | Where-Object Name -eq 'proxy/ltpa.keys')
        $keys.Count | Should -Be 1
        $keys[0].Source | Should -Be $other
        (Get-ZipText -Path $path).Keys | Should -Contain 'proxy/ltpa.keys'
        (Get-Command Save-StMustGather).Parameters['KeyPath'].Aliases | Should -Contain 'LtpaKeyPath'
        (Get-Command Save-StMustGather).Parameters['SsoConfigurationName'].Aliases | Should -Contain 'ConfigurationName'
    }

    It 'reports a missing destination folder as <ErrorId>' -ForEach @(@{ ErrorId = 'MustGatherDestinationFolderNotFound' }) {
        { Save-StMustGather -EnvironmentPath $envPath -DestinationPath (Join-Path $TestDrive 'no/such/folder/mg.zip') } |
            Should -Throw -ErrorId "$ErrorId,SametimeAdmin.Commands.SaveStMustGatherCommand"
    }
}

Describe 'Save-StMustGather on the bundled lab' {
    BeforeAll {
        $script:lab = Join-Path $TestDrive 'lab'
        Copy-Item -LiteralPath (Join-Path (Get-RepoRoot) 'examples/lab') -Destination $lab -Recurse
        $script:zip = Join-Path $TestDrive 'lab-mustgather.zip'
        $script:result = Save-StMustGather -EnvironmentPath (Join-Path $lab 'environment.psd1') -DestinationPath $zip
        $script:texts = Get-ZipText -Path $zip
        # The secrets of the lab, read from its files.
        $keysFile = Get-Content -LiteralPath (Join-Path $lab 'proxy/ltpa.keys')
        $script:secrets = @($keysFile | Where-Object { $_ -match '^com\.ibm\.websphere\.ltpa\.(3DESKey|PrivateKey)=' } | ForEach-Object { ($_ -split '=', 2)[1].Replace('\=', '=').TrimEnd('\') })
        $script:secrets += @(Select-String -LiteralPath (Join-Path $lab 'proxy/server.xml') -Pattern '\{xor\}[^"]+' | ForEach-Object { $_.Matches[0].Value })
        foreach ($dxl in Get-ChildItem -Path $lab -Recurse -Filter '*.dxl') {
            $script:secrets += @([regex]::Matches((Get-Content -LiteralPath $dxl.FullName -Raw), "<item name='LTPA_DominoSecret'[^>]*>\s*<text>([^<]+)</text>") | ForEach-Object { $_.Groups[1].Value })
        }
    }

    It 'collects every file of the lab description and lists what the lab does not have' {
        @($result.Missing | Where-Object { $_.Path }) | Should -BeNullOrEmpty -Because (($result.Missing | ForEach-Object { $_.Artefact + ': ' + $_.Reason }) -join '; ')
        @($result.Missing | ForEach-Object { $_.Artefact }) | Should -Contain 'client Fiddler/HAR capture'
        foreach ($name in 'proxy/trace.log', 'proxy/ltpa.keys', 'inotes/console.log', 'inotes/notes.ini', 'inotes/websso.dxl', 'community/console.log',
            'community/sametime.ini', 'community/stconfig-communityconnectivity.dxl', 'community/websso.dxl', 'ssc/security.xml', 'sso-documents.json', 'service-status.json') {
            $texts.Keys | Should -Contain $name
        }
    }

    It 'summarises the Web SSO documents and the service status' {
        $docs = $texts['sso-documents.json'] | ConvertFrom-Json
        @($docs.documents.DnsDomain) | Should -Contain '.lab.example.com'
        $services = $texts['service-status.json'] | ConvertFrom-Json
        @($services.rows | Where-Object { $_.Service -eq 'ST Offline Messages' }).Count | Should -Be 1
    }

    It 'keeps none of the lab''s key material, Domino secrets or passwords' {
        $secrets.Count | Should -BeGreaterOrEqual 4
        foreach ($secret in $secrets) {
            $secret.Length | Should -BeGreaterThan 8
            foreach ($name in $texts.Keys) { $texts[$name].Contains($secret) | Should -BeFalse -Because "$name must not hold a lab secret" }
        }
        $texts['proxy/ltpa.keys'] | Should -Match 'com\.ibm\.websphere\.ltpa\.PublicKey=\S{100,}'
    }
}

Describe 'Save-StMustGather with a document on Domino Access Services' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'DasLabServer.psm1') -Force
        $script:das = Start-StConfigDasLabServer -WorkPath $TestDrive
    }

    AfterAll {
        if ($das) { Stop-DasLabServer $das }
    }

    It 'lists the DAS document as not collected and checks it through DAS with -Credential' {
        $credential = Get-StConfigDasCredential
        $zip = Join-Path $TestDrive 'das.zip'
        # The plain-http warning about the DAS password is asserted in the checklist's tests.
        $result = Save-StMustGather -StConfigDocument $das.Url -INotesAddress 192.0.2.41 -Credential $credential -DestinationPath $zip -WarningAction SilentlyContinue
        @($result.Missing | Where-Object { $_.Path -eq $das.Url }).Count | Should -Be 1
        $checklist = (Get-ZipText -Path $zip)['checklist.json'] | ConvertFrom-Json
        ($checklist.results | Where-Object { $_.Id -eq 'ConfigurationDocuments.TrustedIps.Community.192.0.2.41' }).Status | Should -Be 'Passed'
    }
}
