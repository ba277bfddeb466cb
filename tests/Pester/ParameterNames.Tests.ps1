BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    $script:cmdletCases = @(Get-Command -Module SametimeAdmin -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
    # Cmdlets that read an ltpa.keys file besides their own target, and those that name a Web SSO configuration.
    $script:keyFileCases = @('New-LtpaToken', 'ConvertFrom-LtpaToken', 'Test-LtpaToken', 'Import-LtpaKeyToSsoDoc', 'Test-SsoDoc', 'Test-SametimeAwareness', 'Invoke-SsoChecklist') |
        ForEach-Object { @{ Name = $_ } }
    $script:ssoNameCases = @('Import-LtpaKeyToSsoDoc', 'Set-StTokenType', 'Test-SsoDoc', 'Get-SsoDoc', 'Invoke-SsoChecklist', 'Save-StMustGather', 'Set-DominoServerDoc', 'Test-DominoServerDoc', 'Test-ProxySecurity') | ForEach-Object { @{ Name = $_ } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    $script:vectors = Get-FixturePath 'vectors'
    $script:devKeys = Join-Path $vectors 'ltpa-dev.keys'
    $script:devPassword = New-TestSecureString 'dev-LTPA-Passw0rd!'
    $script:ltpa2 = Get-Content -LiteralPath (Join-Path $vectors 'ltpa2-dev.json') -Raw | ConvertFrom-Json
    $script:assembly = (Get-Command Get-LtpaKey).ImplementingType.Assembly

    # The parameter a name or alias binds to, or $null.
    function Get-BoundParameter([string] $Command, [string] $Name) {
        foreach ($p in (Get-Command $Command).Parameters.Values) {
            if ($p.Name -eq $Name -or $p.Aliases -contains $Name) { return $p.Name }
        }
        return $null
    }
}

Describe 'One parameter name per concept' {
    It '<Name> has no -Password of a key file and no -TimeoutSec of its own' -ForEach $cmdletCases {
        $own = (Get-Command $Name).Parameters.Keys
        # Only the cmdlets whose target is the key file (or the key store) call its password -Password.
        if ($Name -notin 'Get-LtpaKey', 'Export-LtpaKey', 'Test-ProxyKeyStore') { $own | Should -Not -Contain 'Password' }
        $own | Should -Not -Contain 'TimeoutSec'
        @($own | Where-Object { $_ -like 'Timeout*' -and $_ -ne 'TimeoutSeconds' }) | Should -BeNullOrEmpty
        # A key file read besides the target is -KeyPath/-KeyPassword, never a longer name such as -LtpaKeyPath.
        @($own | Where-Object { ($_ -like '*KeyPath' -and $_ -ne 'KeyPath') -or ($_ -like '*KeyPassword' -and $_ -ne 'KeyPassword') }) | Should -BeNullOrEmpty
    }

    It '<Name> reads its key file through -KeyPath and -KeyPassword' -ForEach $keyFileCases {
        $parameters = (Get-Command $Name).Parameters
        $parameters.Keys | Should -Contain 'KeyPath'
        $parameters.Keys | Should -Contain 'KeyPassword'
        $parameters['KeyPassword'].ParameterType | Should -Be ([securestring])
        if ($Name -like '*LtpaToken') {
            # -Path and -Password were the names of the key file here, and stay as aliases.
            $parameters.Keys | Should -Not -Contain 'Path'
            Get-BoundParameter $Name 'Path' | Should -Be 'KeyPath'
            Get-BoundParameter $Name 'Password' | Should -Be 'KeyPassword'
        }
    }

    It 'the Domino Access Services timeout of <Name> is -TimeoutSeconds, -TimeoutSec kept as an alias' -ForEach @(
        @{ Name = 'Get-SsoDoc' }, @{ Name = 'Test-SsoDoc' }, @{ Name = 'Import-LtpaKeyToSsoDoc' }, @{ Name = 'Get-TrustedIp' }, @{ Name = 'Add-TrustedIp' }, @{ Name = 'Remove-TrustedIp' }
    ) {
        Get-BoundParameter $Name 'TimeoutSec' | Should -Be 'TimeoutSeconds'
    }

    It '<Name> names the Web SSO configuration -SsoConfigurationName (alias -ConfigurationName)' -ForEach $ssoNameCases {
        if ($Name -eq 'Get-SsoDoc') {
            # Get-SsoDoc -Name, as every Get- cmdlet, also answers to the shared name.
            Get-BoundParameter $Name 'SsoConfigurationName' | Should -Be 'Name'
            Get-BoundParameter $Name 'ConfigurationName' | Should -Be 'Name'
            return
        }

        (Get-Command $Name).Parameters.Keys | Should -Contain 'SsoConfigurationName'
        Get-BoundParameter $Name 'ConfigurationName' | Should -Be 'SsoConfigurationName'
    }
}

Describe 'The former names still work' {
    It 'New-LtpaToken -Path -Password mints what -KeyPath -KeyPassword mints' {
        $v = $ltpa2.vectors | Where-Object id -EQ 'ltpa2-dev-01-plain'
        $expiration = [DateTimeOffset]::FromUnixTimeMilliseconds($v.input.clock_ms).AddMinutes(120).UtcDateTime
        New-LtpaToken -UserName alice -Path $devKeys -Password $devPassword -Expiration $expiration | Should -BeExactly $v.token
        New-LtpaToken -UserName alice -KeyPath $devKeys -KeyPassword $devPassword -Expiration $expiration | Should -BeExactly $v.token
    }

    It 'ConvertFrom-LtpaToken and Test-LtpaToken read the keys with -Path -Password and with -KeyPath -KeyPassword' {
        $token = New-LtpaToken -UserName alice -KeyPath $devKeys -KeyPassword $devPassword
        (ConvertFrom-LtpaToken -Token $token -Path $devKeys -Password $devPassword).IsValid | Should -BeTrue
        (ConvertFrom-LtpaToken -Token $token -KeyPath $devKeys -KeyPassword $devPassword).IsValid | Should -BeTrue
        Test-LtpaToken -Token $token -Path $devKeys -Password $devPassword | Should -BeTrue
        Test-LtpaToken -Token $token -KeyPath $devKeys -KeyPassword $devPassword | Should -BeTrue
    }

    It '-KeyPath without -KeyPassword says which parameter is missing' {
        { Test-LtpaToken -Token 'x' -KeyPath $devKeys -ErrorAction Stop } | Should -Throw -ErrorId 'PasswordRequired,SametimeAdmin.Commands.TestLtpaTokenCommand'
        { New-LtpaToken -UserName alice -Path $devKeys -ErrorAction Stop } | Should -Throw '*-KeyPassword*'
    }

    It 'Test-SsoDoc -Name selects as -SsoConfigurationName does' {
        $database = Get-FixturePath 'domino/websso-database.dxl'
        $byNew = @(Test-SsoDoc -Path $database -SsoConfigurationName LtpaToken2 -WarningAction SilentlyContinue)
        $byOld = @(Test-SsoDoc -Path $database -Name LtpaToken2 -WarningAction SilentlyContinue)
        $all = @(Test-SsoDoc -Path $database -WarningAction SilentlyContinue)
        $byNew.Count | Should -BeGreaterThan 0
        @($byNew | Select-Object -ExpandProperty Document -Unique).Count | Should -Be 1
        ($byOld | ForEach-Object { "$($_.Rule) $($_.Severity) $($_.Document)" }) | Should -Be ($byNew | ForEach-Object { "$($_.Rule) $($_.Severity) $($_.Document)" })
        $all.Count | Should -BeGreaterThan $byNew.Count
    }

    It 'Import-LtpaKeyToSsoDoc -Name and -ConfigurationName pick the document -SsoConfigurationName picks' {
        $database = Join-Path $TestDrive 'names.dxl'
        Copy-Item -LiteralPath (Get-FixturePath 'domino/websso-database.dxl') -Destination $database
        foreach ($name in 'SsoConfigurationName', 'Name', 'ConfigurationName') {
            $arguments = @{ Path = $database; KeyPath = $devKeys; KeyPassword = $devPassword; $name = 'LtpaToken'; Confirm = $false; PassThru = $true }
            $doc = Import-LtpaKeyToSsoDoc @arguments -WarningAction SilentlyContinue
            $doc.Name | Should -Be 'LtpaToken' -Because "-$name names the configuration"
        }
        (Get-SsoDoc -Path $database -SsoConfigurationName LtpaToken2).PublicKeyFingerprint | Should -Be (Get-SsoDoc -Path (Get-FixturePath "domino/websso-database.dxl") -Name LtpaToken2).PublicKeyFingerprint
    }

    It 'Get-TrustedIp -TimeoutSec binds to -TimeoutSeconds' {
        # Nothing listens on the discard port; the call fails on the connection, not on the parameter.
        Get-TrustedIp -Uri 'https://127.0.0.1:9/stconfig.nsf' -TimeoutSec 1 -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue
        $err.Count | Should -BeGreaterThan 0
        $err[0].FullyQualifiedErrorId | Should -Not -Match 'NamedParameterNotFound|ParameterBindingException'
        $err[0].FullyQualifiedErrorId | Should -Match 'GetTrustedIpCommand$'
    }
}

Describe 'Cmdlet classes' {
    BeforeAll {
        $script:cmdletTypes = @($assembly.GetTypes() | Where-Object { [System.Management.Automation.Cmdlet].IsAssignableFrom($_) -and -not $_.IsAbstract })
        $script:baseType = (Get-Command Get-LtpaKey).ImplementingType.BaseType
    }

    It 'every cmdlet class is sealed' {
        $cmdletTypes.Count | Should -Be @(Get-Command -Module SametimeAdmin -CommandType Cmdlet).Count
        @($cmdletTypes | Where-Object { -not $_.IsSealed } | ForEach-Object FullName) | Should -BeNullOrEmpty
    }

    It 'a base class between a cmdlet and <Name> exists only to carry parameters' -ForEach @(@{ Name = 'SametimeCmdlet' }) {
        $baseType.Name | Should -Be $Name
        $flags = [System.Reflection.BindingFlags]'Public, Instance, DeclaredOnly'
        $bases = @($cmdletTypes | ForEach-Object {
                $t = $_.BaseType
                while ($t -and $t -ne $baseType -and $t -ne [System.Management.Automation.PSCmdlet]) { $t; $t = $t.BaseType }
            } | Sort-Object FullName -Unique)
        $bases.Count | Should -BeGreaterThan 0
        foreach ($base in $bases) {
            $parameters = @($base.GetProperties($flags) | Where-Object { $_.GetCustomAttributes([System.Management.Automation.ParameterAttribute], $false).Count })
            $parameters.Count | Should -BeGreaterThan 0 -Because "$($base.Name) is a base class of cmdlets"
        }
    }

    It 'only the cmdlets that read key files hold the key-file helper; the trusted-IP cmdlets do not' {
        $flags = [System.Reflection.BindingFlags]'NonPublic, Instance'
        $holders = @($cmdletTypes | Where-Object {
                $t = $_; $found = $false
                while ($t) { if ($t.GetFields($flags) | Where-Object { $_.FieldType.Name -eq 'LtpaKeyFiles' }) { $found = $true }; $t = $t.BaseType }
                $found
            } | ForEach-Object { ($_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) | ForEach-Object { "$($_.VerbName)-$($_.NounName)" }) } | Sort-Object)
        $holders | Should -Be @('ConvertFrom-LtpaToken', 'Import-LtpaKeyToSsoDoc', 'New-LtpaToken', 'Test-LtpaToken', 'Test-SametimeAwareness', 'Test-SsoCapture', 'Test-SsoDoc')
        foreach ($type in 'AddTrustedIpCommand', 'RemoveTrustedIpCommand', 'GetTrustedIpCommand') {
            $t = $cmdletTypes | Where-Object Name -EQ $type
            [System.IDisposable].IsAssignableFrom($t) | Should -BeFalse -Because "$type owns nothing to dispose"
        }
    }
}
