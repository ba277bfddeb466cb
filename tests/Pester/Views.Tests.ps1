# Every view of module/formats, rendered at 80 and 120 columns on objects the cmdlets produce from the lab: no value
# the view shows may be cut ('…', or a fingerprint shortened) or broken across lines in a column that is not the last
# (only the last column may wrap: with whitespace removed, its value reads whole).
BeforeDiscovery {
    $formats = Join-Path $PSScriptRoot '../../module/formats'
    $script:viewCases = foreach ($file in Get-ChildItem -LiteralPath $formats -Filter '*.format.ps1xml') {
        $xml = [xml](Get-Content -LiteralPath $file.FullName -Raw)
        foreach ($view in $xml.Configuration.ViewDefinitions.View) {
            $kind = @('TableControl', 'ListControl', 'CustomControl', 'WideControl') | Where-Object { $view.SelectSingleNode($_) } | Select-Object -First 1
            foreach ($width in 80, 120) {
                @{ File = $file.Name; Name = $view.Name; TypeName = $view.ViewSelectedBy.TypeName; Kind = $kind; Width = $width; Xml = $view.OuterXml }
            }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    Import-Module (Join-Path (Get-RepoRoot) 'examples/LabProxy/LabProxy.psm1') -Force

    $script:lab = Join-Path $TestDrive 'lab'
    Copy-Item -LiteralPath (Join-Path (Get-RepoRoot) 'examples/lab') -Destination $lab -Recurse
    # The lab's published throw-away password (examples/lab/README.md).
    $script:labPassword = New-TestSecureString 'Lab-Ltpa-Passw0rd'
    $keyPath = Join-Path $lab 'proxy/ltpa.keys'
    $alice = 'uid=alice,ou=people,dc=lab,dc=example,dc=com'
    $bob = 'uid=bob,ou=people,dc=lab,dc=example,dc=com'
    $keys = Get-LtpaKey -Path $keyPath -Password $labPassword

    # The Web SSO document with the proxy's keys imported, so that it has fingerprints to show.
    $imported = Join-Path $TestDrive 'names-websso-imported.dxl'
    Copy-Item -LiteralPath (Join-Path $lab 'inotes/names-websso-ltpatoken2.dxl') -Destination $imported
    $null = Import-LtpaKeyToSsoDoc -Path $imported -KeySet $keys -Name LtpaToken2 -Confirm:$false -WarningAction SilentlyContinue
    $ssoDocs = @(Get-SsoDoc -Path (Join-Path $lab 'inotes/names-websso-ltpatoken2.dxl')) + @(Get-SsoDoc -Path (Join-Path $lab 'sametime/names-websso.dxl')) + @(Get-SsoDoc -Path $imported)

    $ini = Join-Path $lab 'sametime/sametime.ini'
    $edits = @(Set-StSetting -Path $ini -Section AuthToken -Name ST_TOKEN_TYPE -Value LtpaToken2 -PassThru -Confirm:$false) +
        @(Set-StSetting -Path (Join-Path $lab 'inotes/notes.ini') -Name DEBUG_SSO_TRACE_LEVEL -Value 2 -PassThru -Confirm:$false)

    $token = New-LtpaToken -KeySet $keys -UserName $alice
    $expired = New-LtpaToken -KeySet $keys -UserName $bob -Expiration ([datetime]::UtcNow.AddHours(-3)) -CreationTime ([datetime]::UtcNow.AddHours(-5)) -WarningAction SilentlyContinue

    $mustGather = Save-StMustGather -EnvironmentPath (Join-Path $lab 'environment.psd1') -DestinationPath (Join-Path $TestDrive 'mustgather.zip') -SkipChecklist -WarningAction SilentlyContinue

    $proxy = Start-LabProxy -KeyPath $keyPath -KeyPassword $labPassword -LifetimeSeconds 300
    try {
        $refused = 'http://127.0.0.1:9/'
        $awareness = @(Test-SametimeAwareness -Url $proxy.Url -KeySet $keys -UserName $alice -WatchUser $bob -TimeoutSeconds 5 -WarningAction SilentlyContinue) +
            @(Test-SametimeAwareness -Url $refused -KeySet $keys -UserName $alice -TimeoutSeconds 5 -WarningAction SilentlyContinue)
        $awarenessSummary = @($proxy.Url, $refused | Test-SametimeAwareness -KeySet $keys -UserName $alice -Summary -TimeoutSeconds 5 -WarningAction SilentlyContinue)
        # A port probe names each service with its port.
        $probed = @(Get-StServiceStatus -ComputerName 127.0.0.1 -Probe -Port ([Uri]$proxy.Url).Port -TimeoutSeconds 5)
        $probedSummary = @(Get-StServiceStatus -ComputerName 127.0.0.1 -Probe -Port ([Uri]$proxy.Url).Port -TimeoutSeconds 5 -Summary)
    }
    finally { Stop-LabProxy -Proxy $proxy }

    # A Sametime 12 Docker folder (the fixture) given the lab's keys, and the Helm fixture with its secrets file.
    $st12 = Join-Path $TestDrive 'st12-docker'
    $null = New-Item -ItemType Directory -Path $st12
    Get-ChildItem -LiteralPath (Get-FixturePath 'sametime12/docker') -Force | Copy-Item -Destination $st12
    $st12Changes = @(Set-St12SsoConfig -Path $st12 -KeyFile $keyPath -KeyPassword $labPassword -CopyKeyFile -KeyFileHostPath (Join-Path $st12 'ltpa.keys') -DurationMinutes 120 `
            -FrameAncestor https://mail.lab.example.com -ExternalIntegration -PassThru -Confirm:$false) +
        @(Set-St12SsoConfig -Path $st12 -Kind Windows -PassThru -WarningAction SilentlyContinue)
    $helm = Get-FixturePath 'sametime12/helm'
    $st12Configs = @(Get-St12SsoConfig -Path $st12) +
        @(Get-St12SsoConfig -ValuesPath (Join-Path $helm 'values.yaml'), (Join-Path $helm 'site.yaml') -SecretsPath (Join-Path $helm 'sametime-secrets.yaml'))

    $proxyXml = Join-Path $TestDrive 'proxy-server.xml'
    Copy-Item -LiteralPath (Join-Path (Get-RepoRoot) 'tests/fixtures/proxysecurity/trace/was-server.xml') -Destination $proxyXml
    $proxyTrace = @(Enable-ProxySecurityTrace -Path $proxyXml -PassThru -Confirm:$false -WarningAction SilentlyContinue) +
        @(Disable-ProxySecurityTrace -Path $proxyXml -PassThru -Confirm:$false -WarningAction SilentlyContinue)
    $wsadminScript = @(New-WsadminLtpaScript -Path (Join-Path $TestDrive 'export-ltpa.py') -Export -DisableKeyRegeneration -KeyFile '/tmp/ltpa.keys' -UserName wasadmin -Confirm:$false)

    $environment = Join-Path $lab 'environment.psd1'
    $script:samples = @{
        'SametimeAdmin.Proxy.ProxyTraceEdit'         = $proxyTrace
        'SametimeAdmin.Proxy.WsadminLtpaScriptFile'  = $wsadminScript
        'SametimeAdmin.Checklist.CheckResult'        = @(Invoke-SsoChecklist -EnvironmentPath $environment -KeyPassword $labPassword -Offline -WarningAction SilentlyContinue)
        'SametimeAdmin.Checklist.ChecklistSummary'   = @(Invoke-SsoChecklist -EnvironmentPath $environment -KeyPassword $labPassword -Offline -Summary -WarningAction SilentlyContinue)
        'SametimeAdmin.ConfigFiles.ConfigSetting'    = @(Get-StSetting -Path $ini) + @(Get-StSetting -Path (Join-Path $lab 'inotes/notes.ini'))
        'SametimeAdmin.ConfigFiles.ConfigFileEdit'   = $edits
        'SametimeAdmin.Domino.TrustedIpEntry'        = @(Get-TrustedIp -Path (Join-Path $lab 'sametime/stconfig-community-connectivity.dxl'))
        'SametimeAdmin.Diagnostics.StServiceStatus'  = @(Get-StServiceStatus -LogPath (Join-Path $lab 'community/console.log') -ComputerName st1.lab.example.com) + $probed
        'SametimeAdmin.Diagnostics.StServiceSummary' = @(Get-StServiceStatus -LogPath (Join-Path $lab 'community/console.log') -ComputerName st1.lab.example.com -Summary) + $probedSummary
        'SametimeAdmin.Diagnostics.StServiceDefinition' = @(Get-StServiceCatalog)
        'SametimeAdmin.Diagnostics.AwarenessStepResult' = $awareness
        'SametimeAdmin.Diagnostics.AwarenessSummary' = $awarenessSummary
        'SametimeAdmin.Diagnostics.SsoTraceEvent'    = @(Get-SsoTraceEvent -Path (Join-Path $lab '*/*.log') -UtcOffset '01:00')
        'SametimeAdmin.Diagnostics.ProxyRequestEvent' = @(Get-SsoTraceEvent -LiteralPath (Join-Path (Get-FixturePath 'diagnostics') 'proxy-requests-trace.log') -Request Presence, BuddyList)
        'SametimeAdmin.Diagnostics.SsoCaptureFinding' = @(Test-SsoCapture -Path (Join-Path (Get-FixturePath 'capture') '*.har') -KeySet $keys)
        'SametimeAdmin.Domino.WebSsoDocument'        = $ssoDocs
        'SametimeAdmin.Domino.SsoDocFinding'         = @($ssoDocs | Test-SsoDoc -WarningAction SilentlyContinue)
        'SametimeAdmin.Domino.ItemMapEntry'          = @(Get-DominoItemMap)
        'SametimeAdmin.Ltpa.LtpaKeySet'              = @($keys)
        'SametimeAdmin.Ltpa.LtpaTokenInfo'           = @(ConvertFrom-LtpaToken -Token $token -KeySet $keys) + @(Test-LtpaToken -Token $expired -KeySet $keys -Detailed)
        'SametimeAdmin.MustGather.MustGatherResult'  = @($mustGather)
        'SametimeAdmin.MustGather.MustGatherEntry'   = @($mustGather.Entries)
        'SametimeAdmin.Sametime12.St12SsoConfig'     = $st12Configs
        'SametimeAdmin.Sametime12.St12Change'        = $st12Changes
        'SametimeAdmin.Inventory.InventoryItem'      = @(Get-SsoInventory -EnvironmentPath (Join-Path (Get-FixturePath 'inventory') 'site.psd1'))
    }

    # What a view shows for one object: the value of each group header, column, list item and custom expression,
    # as text; and every fingerprint the view touches, which must be shown whole wherever it appears.
    function Get-ShownValue {
        param($View, $InputObject)
        $items = @($View.SelectNodes('.//GroupBy | .//TableColumnItem | .//ListItem | .//ExpressionBinding'))
        foreach ($item in $items) {
            $property = $item.SelectSingleNode('PropertyName')
            $script = $item.SelectSingleNode('ScriptBlock')
            if ($property) { $value = $InputObject.($property.InnerText) }
            elseif ($script) { $value = $InputObject | ForEach-Object ([scriptblock]::Create($script.InnerText)) }
            else { continue }
            if ($null -eq $value -or ($value -is [System.Collections.IEnumerable] -and $value -isnot [string])) { continue }
            $text = "$value"
            if ($value -is [datetime] -or $value -is [DateTimeOffset] -or $value -is [double]) { $text = $value.ToString() }
            if ($text) { $text }
        }
        foreach ($name in [regex]::Matches($View.OuterXml, '\b\w*Fingerprint\b') | ForEach-Object Value | Select-Object -Unique) {
            $property = $InputObject.PSObject.Properties[$name]
            if ($property -and $property.Value) { [string]$property.Value }
        }
    }
}

Describe 'Format views' {
    It '<Name> (<Kind>, <File>) shows every value whole at <Width> columns' -TestCases $viewCases {
        $samples.ContainsKey($TypeName) | Should -BeTrue -Because "the test needs realistic $TypeName objects"
        $objects = @($samples[$TypeName])
        $objects.Count | Should -BeGreaterThan 0 -Because "the lab gives $TypeName objects"
        $view = ([xml]$Xml).View
        switch ($Kind) {
            'TableControl' { $text = $objects | Format-Table -View $Name | Out-String -Width $Width }
            'ListControl' { $text = $objects | Format-List -View $Name | Out-String -Width $Width }
            'CustomControl' { $text = $objects | Format-Custom -View $Name | Out-String -Width $Width }
            default { throw "no rendering for $Kind" }
        }
        $lines = $text -split '\r?\n'
        if ($Kind -ne 'CustomControl') {
            # Custom views write free text that the console wraps; tables and lists must fit themselves.
            @($lines | Where-Object { $_.Length -gt $Width }) | Should -BeNullOrEmpty -Because "lines fit in $Width columns"
        }
        @($lines | Where-Object { $_.Contains([string][char]0x2026) }) | Should -BeNullOrEmpty -Because 'no value is cut'
        $flat = $text -replace '\s', ''
        foreach ($object in $objects) {
            foreach ($value in Get-ShownValue -View $view -InputObject $object) {
                $flat.Contains(($value -replace '\s', '')) | Should -BeTrue -Because "'$value' is shown whole at $Width columns"
            }
        }
    }
}
