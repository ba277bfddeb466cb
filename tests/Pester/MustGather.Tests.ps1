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

Describe 'Save-StMustGather: the facts support asks for with the data (guide 4.4)' {
    BeforeAll {
        $script:site = Join-Path $TestDrive 'repro'
        $null = New-Item -ItemType Directory -Path $site
        $script:envPath = New-FixtureEnvironment -Folder $site
        # Lines of an iNotes web console log as guide 4.1 shows them.
        Set-Content -LiteralPath (Join-Path $site 'inotes-webconsole.log') -Value @(
            '03/13/2017 11:52:36AM [http://inotes1.lab.example.com/domjs/dojo-1.5.4/dojo/dojo.js?201607141215] Logging started',
            '03/13/2017 11:52:36AM CxS() (Sametime Listener)')
        $description = (Get-Content -LiteralPath $envPath -Raw).Replace("Client    = @{ Captures = 'capture.har' }",
            "Client    = @{ Captures = 'capture.har'; WebConsoleLog = 'inotes-webconsole.log'; TestUser = 'uid=alice,ou=people,dc=lab,dc=example,dc=com' }")
        Set-Content -LiteralPath $envPath -Value $description
    }

    It 'collects the iNotes web console log and writes the reproduction time and the test user into the overview' {
        $zip = Join-Path $TestDrive 'repro-given.zip'
        $reproduced = Get-Date -Year 2026 -Month 3 -Day 13 -Hour 8 -Minute 22 -Second 0
        $null = Save-StMustGather -EnvironmentPath $envPath -DestinationPath $zip -SkipChecklist -ReproductionTime $reproduced -ReproductionUser 'inotes 2'
        $texts = Get-ZipText -Path $zip
        $texts['client/inotes-webconsole.log'] | Should -Match ([regex]::Escape('CxS() (Sametime Listener)'))
        $overview = $texts['environment-overview.txt']
        $offsetTime = (New-Object System.DateTimeOffset($reproduced)).ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)
        $overview | Should -Match ('(?m)^Reproduced: ' + [regex]::Escape($offsetTime) + '\r?$')
        $overview | Should -Match '(?m)^Test user:  inotes 2\r?$'
        $overview | Should -Not -Match 'please add'
    }

    It 'takes the test user from the description and asks for the reproduction time when it is not given' {
        $zip = Join-Path $TestDrive 'repro-missing.zip'
        $null = Save-StMustGather -EnvironmentPath $envPath -DestinationPath $zip -SkipChecklist
        $overview = (Get-ZipText -Path $zip)['environment-overview.txt']
        $overview | Should -Match '(?m)^Reproduced: \(not given: please add the date and time the problem was reproduced\)\r?$'
        $overview | Should -Match '(?m)^Test user:  uid=alice,ou=people,dc=lab,dc=example,dc=com\r?$'
    }

    It 'refuses a reproduction time later than now with ReproductionTimeInFuture and writes nothing' {
        $zip = Join-Path $TestDrive 'repro-future.zip'
        { Save-StMustGather -EnvironmentPath $envPath -DestinationPath $zip -SkipChecklist -ReproductionTime (Get-Date).AddHours(2) -ErrorAction Stop } |
            Should -Throw -ErrorId 'ReproductionTimeInFuture,SametimeAdmin.Commands.SaveStMustGatherCommand'
        Test-Path -LiteralPath $zip | Should -BeFalse
        @(Get-ChildItem -LiteralPath $TestDrive -Filter 'repro-future*').Count | Should -Be 0
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

Describe 'Save-StMustGather with a Sametime 12 site' {
    BeforeAll {
        # A Docker install folder (HCL's .env / custom.env / docker-compose.yml layout), Helm values and a rendered chart
        # Secret, StCommunityConfig.xml and saved container logs; every secret is planted and must not reach the archive.
        $script:st12 = Join-Path $TestDrive 'st12'
        $docker = Join-Path $st12 'docker'
        $logs = Join-Path $st12 'container-logs'
        $null = New-Item -ItemType Directory -Path $docker, (Join-Path $logs 'proxy'), (Join-Path $st12 'helm')
        $files = @{
            'docker/.env' = "# Sametime 12 .env`r`nJWT_SECRET=`"UGxhbnRlZEp3dFNlY3JldDAx`"`r`nLTPA_KEYS_PASSWORD='PlantedLtpaPw02'`r`n" +
                "MONGO_URL=mongodb://sametimeUser:PlantedMongoPw03@mongo:27017/chat`r`nLTPA_DURATION_MINUTES=30  # as the Web SSO expiration`r`nexport LTPA_REALM=defaultRealm`r`n"
            'docker/custom.env' = "STI__ST_BB_NAMES__ST_AUTH_TOKEN=Fork:Jwt,Ltpa`nSTI__Config__DIRECTORY_BIND_PASSWORD=PlantedStiPw04`n"
            'docker/docker-compose.yml' = "services:`n  community:`n    environment:`n      - LTPA_KEYS_PASSWORD=PlantedComposePw05`n" +
                "  proxy:`n    environment:`n      SAMETIME_EXTERNAL_WARINTEGRATION: `"true`"`n      MONGO_PASSWORD: PlantedComposePw06`n"
            'docker/StCommunityConfig.xml' = "<?xml version=`"1.0`"?>`n<Config>`n  <LDAP><Host>ldap.lab.example.com</Host><BindPassword>PlantedXmlPw07</BindPassword></LDAP>`n</Config>`n"
            'docker/install-notes.bin' = 'PlantedNotCollected08'
            'helm/values.yaml' = "global:`n  enableLtpa: true`n  ltpaKeysBase64: UGxhbnRlZEtleXNCYXNlNjQwOQ==`n  ltpaKeysPasswordBase64: UGxhbnRlZFB3QmFzZTY0MTA=`n" +
                "  ltpaDurationMinutes: `"30`"`n  jwtSecret: PlantedJwt11`nmongodb:`n  auth:`n    rootPassword: PlantedMongoRoot12`n" +
                "community:`n  env:`n    - name: LTPA_KEYS_PASSWORD`n      value: PlantedEnvPw13`n    - name: STI__Config__VP_LOG_LEVEL`n      value: `"2`"`n"
            'helm/sametime-secrets.yaml' = "apiVersion: v1`nkind: Secret`nmetadata:`n  name: sametime-global-secrets`ntype: Opaque`ndata:`n" +
                "  JwtSecret: UGxhbnRlZFNlY3JldDE0`n  MongoConnectionString: UGxhbnRlZE1vbmdvMTU=`n  ltpa.keys: |`n    UGxhbnRlZEtleWZpbGUxNg==`n    UGxhbnRlZEtleWZpbGUxNw==`n"
            'container-logs/community.log' = "2026-12-06T10:00:00Z connecting to mongodb://sametime:PlantedMongoLog18@mongo:27017`nCookie: LtpaToken2=PlantedLtpaTokenValue19AAAAAAAA`n"
            'container-logs/proxy/proxy.txt' = "jwtSecret=PlantedLogJwt20`nstarted`n"
        }
        foreach ($name in $files.Keys) { [IO.File]::WriteAllText((Join-Path $st12 $name), $files[$name]) }
        # The chart's template form (not YAML until Helm renders it): the key: value line rule takes over.
        Copy-Item -LiteralPath (Get-FixturePath 'sametime12/helm/sametime-secrets.yaml') -Destination (Join-Path $st12 'helm/secrets-template.yaml')
        $script:st12Planted = @('UGxhbnRlZEp3dFNlY3JldDAx', 'PlantedLtpaPw02', 'PlantedMongoPw03', 'PlantedStiPw04', 'PlantedComposePw05', 'PlantedComposePw06',
            'PlantedXmlPw07', 'PlantedNotCollected08', 'UGxhbnRlZEtleXNCYXNlNjQwOQ==', 'UGxhbnRlZFB3QmFzZTY0MTA=', 'PlantedJwt11', 'PlantedMongoRoot12', 'PlantedEnvPw13',
            'UGxhbnRlZFNlY3JldDE0', 'UGxhbnRlZE1vbmdvMTU=', 'UGxhbnRlZEtleWZpbGUxNg==', 'UGxhbnRlZEtleWZpbGUxNw==', 'PlantedMongoLog18', 'PlantedLtpaTokenValue19',
            'PlantedLogJwt20', 'TGFiLUx0cGEtUGFzc3cwcmQ=')

        $description = Join-Path $st12 'environment.psd1'
        Set-Content -LiteralPath $description -Value "@{ Name = 'st12 site'; Sametime12 = @{ Kind = 'Docker'; Folder = 'docker'; ContainerLogs = 'container-logs' } }"
        $script:st12Zip = Join-Path $TestDrive 'st12.zip'
        $values = (Join-Path $st12 'helm/values.yaml'), (Join-Path $st12 'helm/sametime-secrets.yaml'), (Join-Path $st12 'helm/secrets-template.yaml')
        $script:st12Result = Save-StMustGather -EnvironmentPath $description -Sametime12Path $values -DestinationPath $st12Zip -SkipChecklist
        $script:st12Entries = Get-ZipText -Path $st12Zip
    }

    It 'collects the env, compose, values, secrets and StCommunityConfig.xml files and the saved container logs' {
        foreach ($name in 'sametime12/.env', 'sametime12/custom.env', 'sametime12/docker-compose.yml', 'sametime12/StCommunityConfig.xml', 'sametime12/helm/values.yaml',
            'sametime12/helm/sametime-secrets.yaml', 'sametime12/helm/secrets-template.yaml', 'sametime12/logs/community.log', 'sametime12/logs/proxy/proxy.txt') {
            $st12Entries.Keys | Should -Contain $name
        }
        @($st12Entries.Keys | Where-Object { $_ -like '*install-notes.bin' }).Count | Should -Be 0
    }

    It 'leaves no planted secret in any entry' {
        foreach ($name in $st12Entries.Keys) {
            foreach ($secret in $st12Planted) {
                $st12Entries[$name].Contains($secret) | Should -BeFalse -Because "$name must not contain $secret"
            }
        }
    }

    It 'keeps what is not secret, line by line, and the YAML structure' {
        $st12Entries['sametime12/.env'] | Should -Match "LTPA_DURATION_MINUTES=30  # as the Web SSO expiration`r`nexport LTPA_REALM=defaultRealm`r`n"
        $st12Entries['sametime12/.env'] | Should -Match "LTPA_KEYS_PASSWORD='\[REDACTED:Password\]'"
        $st12Entries['sametime12/custom.env'] | Should -Match 'STI__ST_BB_NAMES__ST_AUTH_TOKEN=Fork:Jwt,Ltpa'
        $values = $st12Entries['sametime12/helm/values.yaml']
        $values | Should -Match '(?m)^  enableLtpa: true$'
        $values | Should -Match '(?m)^  ltpaDurationMinutes: "30"$'
        $values | Should -Match '(?m)^      value: "2"$'
        $values | Should -Match '(?m)^  ltpaKeysBase64: "\[REDACTED:Key:hmac=[0-9a-f]{8}\]"$'
        $st12Entries['sametime12/docker-compose.yml'] | Should -Match 'SAMETIME_EXTERNAL_WARINTEGRATION: "true"'
        $st12Entries['sametime12/logs/proxy/proxy.txt'] | Should -Match "(?m)^started$"
    }

    It 'lists the Sametime 12 files in the manifest' {
        $manifest = $st12Entries['manifest.json'] | ConvertFrom-Json
        ($manifest | ConvertTo-Json -Depth 8) | Should -Match 'sametime12/helm/values.yaml'
        $st12Entries['environment-overview.txt'] | Should -Match 'Sametime 12 Docker'
    }
}
