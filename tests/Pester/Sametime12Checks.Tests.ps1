# The Sametime 12 checks through the cmdlets: Invoke-SsoChecklist (environment file or -Sametime12* parameters) and
# Test-SsoDoc -Sametime12Path. Sites: the lab's Web SSO documents with the lab keys imported, and the Docker fixture
# (tests/fixtures/sametime12/docker, HCL's documented format) pointed at a copy of the same keys.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    # The lab's published throw-away key password (examples/lab/README.md); the Docker fixture's .env holds it too.
    $script:labPassword = New-TestSecureString 'Lab-Ltpa-Passw0rd'
    $script:lab = Join-Path (Get-RepoRoot) 'examples/lab'

    function New-Site {
        $site = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path (Join-Path $site 'docker')
        Get-ChildItem -LiteralPath (Get-FixturePath 'sametime12/docker') -Force | Copy-Item -Destination (Join-Path $site 'docker')
        Copy-Item -LiteralPath (Join-Path $lab 'proxy/ltpa.keys') -Destination (Join-Path $site 'docker/ltpa.keys')
        # The fixture names an absolute host path; the copy's own key file is the one this machine has.
        Add-Content -LiteralPath (Join-Path $site 'docker/.env') -Value 'LTPA_KEYS_FILE_PATH=./ltpa.keys'
        Copy-Item -LiteralPath (Join-Path $lab 'inotes/names-websso-ltpatoken2.dxl') -Destination (Join-Path $site 'inotes.dxl')
        Copy-Item -LiteralPath (Join-Path $lab 'sametime/names-websso.dxl') -Destination (Join-Path $site 'sametime.dxl')
        Protect-TestPath -Path $site
        # Import-LtpaKeyToSsoDoc reminds of the Domino restart; the reminder is not what these tests are about.
        Get-LtpaKey -Path (Join-Path $lab 'proxy/ltpa.keys') -Password $labPassword |
            Import-LtpaKeyToSsoDoc -Path (Join-Path $site 'inotes.dxl'), (Join-Path $site 'sametime.dxl') -SsoConfigurationName LtpaToken2 -DnsDomain '.lab.example.com' -ExpirationMinutes 120 -Confirm:$false -WarningAction SilentlyContinue
        $site
    }
}

Describe 'Invoke-SsoChecklist on a Sametime 12 site' {
    It 'runs the Sametime 12 checks from the environment file and shows the fixture''s mistakes with their fixes' {
        $site = New-Site
        $description = Join-Path $site 'site.psd1'
        Set-Content -LiteralPath $description -Value @"
@{
    Sso        = @{ Domain = '.lab.example.com'; ExpirationMinutes = 120 }
    INotes     = @{ HostName = 'inotes.lab.example.com'; SsoDocument = 'inotes.dxl' }
    Community  = @{ SsoDocument = 'sametime.dxl' }
    Sametime12 = @{ Kind = 'Docker'; Folder = 'docker'; HostName = 'st12.lab.example.com' }
}
"@
        $results = @(Invoke-SsoChecklist -EnvironmentPath $description -Offline | Where-Object { $_.Id -like 'Sametime12.*' })
        $byId = @{}
        foreach ($r in $results) { $byId[$r.Id] = $r }
        $byId['Sametime12.Configuration'].Status | Should -Be 'Passed'
        $byId['Sametime12.KeyPassword'].Status | Should -Be 'Passed'
        $byId['Sametime12.Keys.iNotes'].Status | Should -Be 'Passed'
        $byId['Sametime12.Keys.Community'].Status | Should -Be 'Passed'
        $byId['Sametime12.HostNames'].Status | Should -Be 'Passed'
        # The fixture's seeded mistakes: the later ST_AUTH_TOKEN without Ltpa, no external integration, 30 minutes.
        $byId['Sametime12.AuthToken'].Status | Should -Be 'Failed'
        $byId['Sametime12.ExternalIntegration'].Status | Should -Be 'Failed'
        $byId['Sametime12.Expiration'].Status | Should -Be 'Failed'
        $byId['Sametime12.Expiration'].Fix | Should -Match '-DurationMinutes 120'
        ($results | Out-String -Width 400) + ($results | ConvertTo-Json -Depth 3) | Should -Not -Match 'Lab-Ltpa-Passw0rd'
    }

    It 'describes the Sametime 12 server with parameters alone, and a Set-St12SsoConfig fix turns the failure green' {
        $site = New-Site
        $docker = Join-Path $site 'docker'
        $params = @{
            Sametime12Path      = $docker
            Sametime12Kind      = 'Docker'
            Sametime12HostName  = 'st12.lab.example.com'
            INotesSsoDocument   = Join-Path $site 'inotes.dxl'
            SametimeSsoDocument = Join-Path $site 'sametime.dxl'
            SsoDomain           = '.lab.example.com'
            Offline             = $true
        }
        $before = Invoke-SsoChecklist @params | Where-Object { $_.Id -eq 'Sametime12.Expiration' }
        $before.Status | Should -Be 'Failed'
        $before.Evidence | Should -Match 'is 30 minutes, but the iNotes Web SSO document: 120'

        Set-St12SsoConfig -Path $docker -DurationMinutes 120 -Confirm:$false -WarningVariable setWarnings -WarningAction SilentlyContinue
        $after = Invoke-SsoChecklist @params | Where-Object { $_.Id -eq 'Sametime12.Expiration' }
        $after.Status | Should -Be 'Passed'
    }

    It 'adds nothing for a site without a Sametime 12 server' {
        $site = New-Site
        @(Invoke-SsoChecklist -INotesSsoDocument (Join-Path $site 'inotes.dxl') -Offline | Where-Object { $_.Id -like 'Sametime12.*' }).Count | Should -Be 0
    }
}

Describe 'Test-SsoDoc -Sametime12Path' {
    It 'compares the documents with the installation by the checklist''s rules' {
        $site = New-Site
        $findings = @(Test-SsoDoc -Path (Join-Path $site 'inotes.dxl'), (Join-Path $site 'sametime.dxl') -Sametime12Path (Join-Path $site 'docker') |
                Where-Object { $_.Rule -like 'Sametime12.*' })
        @($findings | Where-Object Rule -eq 'Sametime12.Keys').Severity | Should -Be @('Ok', 'Ok')
        ($findings | Where-Object Rule -eq 'Sametime12.Expiration').Severity | Should -Be 'Error'
        ($findings | Where-Object Rule -eq 'Sametime12.Domain').Severity | Should -Be 'Ok'
        Test-SsoDoc -Path (Join-Path $site 'inotes.dxl') -Sametime12Path (Join-Path $site 'docker') -Quiet | Should -BeFalse
    }

    It 'finds the other keys of a document' {
        $site = New-Site
        New-LtpaKey -Realm 'ldap.lab.example.com:389' | Import-LtpaKeyToSsoDoc -Path (Join-Path $site 'sametime.dxl') -SsoConfigurationName LtpaToken2 -Confirm:$false -WarningAction SilentlyContinue
        $keys = @(Test-SsoDoc -Path (Join-Path $site 'inotes.dxl'), (Join-Path $site 'sametime.dxl') -Sametime12Path (Join-Path $site 'docker') |
                Where-Object Rule -eq 'Sametime12.Keys')
        ($keys | Where-Object { $_.Source -like '*inotes.dxl' }).Severity | Should -Be 'Ok'
        ($keys | Where-Object { $_.Source -like '*sametime.dxl' }).Severity | Should -Be 'Error'
    }

    It 'refuses a path that is neither an install folder nor a values file, and changes nothing' {
        $site = New-Site
        $hash = (Get-FileHash -LiteralPath (Join-Path $site 'inotes.dxl')).Hash
        { Test-SsoDoc -Path (Join-Path $site 'inotes.dxl') -Sametime12Path (Join-Path $site 'missing.yaml') -ErrorAction Stop } | Should -Throw
        (Get-FileHash -LiteralPath (Join-Path $site 'inotes.dxl')).Hash | Should -Be $hash
    }
}

Describe 'The lab''s Sametime 12 sites' {
    BeforeAll {
        # A copy of the lab with the proxy keys imported into both Web SSO documents and the Sametime document's DNS
        # domain fixed, as the demo's earlier steps leave it.
        $script:labCopy = Join-Path $TestDrive 'lab'
        Copy-Item -LiteralPath $lab -Destination $labCopy -Recurse
        Protect-TestPath -Path $labCopy
        Get-LtpaKey -Path (Join-Path $labCopy 'proxy/ltpa.keys') -Password $labPassword |
            Import-LtpaKeyToSsoDoc -Path (Join-Path $labCopy 'inotes/names-websso-ltpatoken2.dxl'), (Join-Path $labCopy 'sametime/names-websso.dxl') `
                -SsoConfigurationName LtpaToken2 -DnsDomain '.lab.example.com' -ExpirationMinutes 120 -Confirm:$false -WarningAction SilentlyContinue
        $script:labEnvironment = Join-Path $labCopy 'environment.psd1'
    }

    It 'the Docker site fails only on its seeded mistake, the lifetime' {
        $results = @(Invoke-SsoChecklist -EnvironmentPath $labEnvironment -Offline | Where-Object { $_.Id -like 'Sametime12.*' })
        $results.Count | Should -Be 13
        @($results | Where-Object Status -ne 'Passed' | ForEach-Object Id) | Should -Be @('Sametime12.Expiration')
    }

    It 'the Kubernetes values example agrees with the lab everywhere' {
        $values = Join-Path $labCopy 'sametime12/kubernetes/sametime-sso.yaml'
        $results = @(Invoke-SsoChecklist -EnvironmentPath $labEnvironment -Sametime12Path $values -Sametime12Kind Kubernetes -Offline | Where-Object { $_.Id -like 'Sametime12.*' })
        @($results | Where-Object Status -eq 'Failed').Count | Should -Be 0
        # The chart sets ST_AUTH_TOKEN and the external integration itself: not seen, so not passed.
        @($results | Where-Object Status -eq 'Skipped' | ForEach-Object Id) | Should -Be @('Sametime12.AuthToken', 'Sametime12.ExternalIntegration')
        ($results | Where-Object Id -eq 'Sametime12.Keys.iNotes').Status | Should -Be 'Passed'
    }

    It 'the demo step shows the seeded failure, fixes it with Set-St12SsoConfig and ends green' {
        $demoLab = Join-Path $TestDrive 'demo-lab'
        Copy-Item -LiteralPath $labCopy -Destination $demoLab -Recurse
        $step = Join-Path (Get-RepoRoot) 'examples/demo/50-sametime12.ps1'
        # A process of its own, as build.ps1 Demo runs it: what the step shows with Out-Host and Write-Host (6>&1) is its output there.
        $output = (Invoke-InFreshSession -Script "`$ErrorActionPreference = 'Stop'; Import-Module '$(Get-StagedModulePath)'; & '$step' -LabPath '$demoLab' 6>&1; 'STEP-END'") -join "`n"
        $output | Should -Match 'STEP-END'
        $output | Should -Match 'Sametime12\.Expiration\s+Failed'
        $output | Should -Match '\.env unchanged after -WhatIf: True'
        $output | Should -Not -Match 'Lab-Ltpa-Passw0rd'
        (Get-St12SsoConfig -Path (Join-Path $demoLab 'sametime12/docker')).DurationMinutes | Should -Be 120
        @(Invoke-SsoChecklist -EnvironmentPath (Join-Path $demoLab 'environment.psd1') -Offline | Where-Object { $_.Id -like 'Sametime12.*' -and $_.Status -ne 'Passed' }).Count | Should -Be 0
    }
}
