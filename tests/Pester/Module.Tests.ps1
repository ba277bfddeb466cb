BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    $script:cmdletCases = @(Get-Command -Module SametimeAdmin -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
    $root = Get-RepoRoot
    $script:scriptCases = @(Get-ChildItem -Path $root -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' |
        Where-Object { $_.FullName -notmatch '[\\/](out|bin|obj)[\\/]' } |
        ForEach-Object { @{ Path = $_.FullName; Name = $_.FullName.Substring($root.Length + 1) } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    $script:manifestPath = Get-StagedModulePath
    $script:moduleBase = Split-Path -Parent $manifestPath
}

Describe 'The staged module' {
    It 'has a valid manifest' {
        $info = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $info.Name | Should -Be 'SametimeAdmin'
        $info.CompatiblePSEditions | Should -Contain 'Desktop'
        $info.CompatiblePSEditions | Should -Contain 'Core'
    }

    It 'is a binary module with no root script, whose loader is a nested module (imported before the cmdlets)' {
        $module = Get-Module SametimeAdmin
        $module.ModuleType | Should -Be 'Binary'
        $module.Path | Should -BeLike '*SametimeAdmin.dll'
        $module.NestedModules.Name | Should -Be @('SametimeAdmin.Loader')
        (Import-PowerShellDataFile -Path $manifestPath).NestedModules | Should -Be @('dependencies/netstandard2.0/SametimeAdmin.Loader.dll')
        # A root script costs start-up time (PowerShell compiles and runs it on every import).
        Get-ChildItem -Path $moduleBase -Recurse -Filter '*.psm1' | Should -BeNullOrEmpty
    }

    It 'exports exactly the cmdlets the manifest names, and they exist in the assembly' {
        $manifest = Import-PowerShellDataFile -Path $manifestPath
        $exported = @((Get-Module SametimeAdmin).ExportedCmdlets.Keys | Sort-Object)
        $declared = @($manifest.CmdletsToExport | Sort-Object)
        $exported | Should -Be $declared
        $exported.Count | Should -BeGreaterThan 0
        (Get-Module SametimeAdmin).ExportedFunctions.Count | Should -Be 0
    }

    It 'never ships System.Management.Automation.dll' {
        Get-ChildItem -Path $moduleBase -Recurse -Filter 'System.Management.Automation.dll' | Should -BeNullOrEmpty
    }

    It 'keeps the engine and third-party assemblies out of the module root, in one folder per build' {
        @(Get-ChildItem -Path $moduleBase -Filter '*.dll').Name | Should -Be @('SametimeAdmin.dll')
        @(Get-ChildItem -LiteralPath (Join-Path $moduleBase 'dependencies') -Directory | Sort-Object Name).Name | Should -Be @('net8.0', 'netstandard2.0')
        foreach ($framework in 'netstandard2.0', 'net8.0') {
            $names = @(Get-ChildItem -LiteralPath (Join-Path $moduleBase "dependencies/$framework") -Filter '*.dll').Name
            foreach ($dll in 'SametimeAdmin.Loader.dll', 'SametimeAdmin.Core.dll', 'BouncyCastle.Cryptography.dll', 'Newtonsoft.Json.dll') {
                $names | Should -Contain $dll -Because "dependencies/$framework"
            }
        }
    }
}

Describe 'Loading' {
    BeforeAll {
        # In a fresh session: which of the module's assemblies are loaded, from where and into which load context.
        $script:listLoaded = @"
function Show-Loaded([string] `$Label) {
    foreach (`$a in [AppDomain]::CurrentDomain.GetAssemblies()) {
        if (`$a.IsDynamic -or -not `$a.Location.StartsWith('$moduleBase')) { continue }
        `$context = ''
        if (`$PSVersionTable.PSEdition -eq 'Core') { `$context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$a).Name }
        `$Label + '|' + `$a.GetName().Name + '|' + `$a.Location.Substring('$moduleBase'.Length + 1).Replace('\', '/') + '|' + `$context
    }
}
"@
    }

    It 'loads the build for its edition, and a third-party assembly only when a cmdlet needs it' {
        $script = $listLoaded + @"
Import-Module '$manifestPath'
Show-Loaded 'import'
`$null = Get-StServiceCatalog
Show-Loaded 'catalog'
`$null = New-LtpaKey | New-LtpaToken -UserName alice -Format LtpaToken
Show-Loaded 'v1token'
"@
        $lines = @(Invoke-InFreshSession -Script $script | ForEach-Object { "$_" })
        $build = 'netstandard2.0'
        if ($PSVersionTable.PSEdition -eq 'Core' -and [Environment]::Version.Major -ge 8) { $build = 'net8.0' }
        $lines | Should -Contain ('catalog|SametimeAdmin.Core|dependencies/' + $build + '/SametimeAdmin.Core.dll|SametimeAdmin') -Because ($lines -join [Environment]::NewLine)
        # The manifest's loader is always the netstandard2.0 build; on .NET 8 it hands over to the net8.0 build, which
        # then sits beside it in a load context of its own.
        $loaders = @($lines | Where-Object { $_ -like 'catalog|SametimeAdmin.Loader|*' } | ForEach-Object { ($_ -split '\|')[2] } | Sort-Object)
        $expectedLoaders = @('dependencies/netstandard2.0/SametimeAdmin.Loader.dll')
        if ($build -eq 'net8.0') { $expectedLoaders = @('dependencies/net8.0/SametimeAdmin.Loader.dll') + $expectedLoaders }
        $loaders | Should -Be $expectedLoaders
        @($lines | Where-Object { $_ -like 'catalog|*' } | ForEach-Object { ($_ -split '\|')[1] } | Sort-Object -Unique) |
            Should -Be @('SametimeAdmin', 'SametimeAdmin.Core', 'SametimeAdmin.Loader')
        # The WebSphere LtpaToken's ISO 9796-1 signature is BouncyCastle's: loaded then, into the module's own context.
        $lines | Should -Contain ('v1token|BouncyCastle.Cryptography|dependencies/' + $build + '/BouncyCastle.Cryptography.dll|SametimeAdmin')
        @($lines | Where-Object { $_ -like '*|Newtonsoft.Json|*' }) | Should -BeNullOrEmpty
    }

    It 'loads through the netstandard2.0 build alone (Windows PowerShell, PowerShell 7 before 7.4) when no net8.0 build is there' {
        # On .NET 8 and later this takes the path PowerShell 7.0 to 7.3 take: the reflected load context, filled up front.
        $copy = Join-Path $TestDrive 'SametimeAdmin'
        Copy-Item -LiteralPath $moduleBase -Destination $copy -Recurse
        Remove-Item -LiteralPath (Join-Path $copy 'dependencies/net8.0') -Recurse -Force
        $script = $listLoaded.Replace($moduleBase, $copy) + @"
Import-Module '$(Join-Path $copy 'SametimeAdmin.psd1')'
`$catalog = @(Get-StServiceCatalog)
'entries|' + `$catalog.Count
`$k = New-LtpaKey
'v1|' + (Test-LtpaToken -Token ('LtpaToken=' + (`$k | New-LtpaToken -UserName alice -Format LtpaToken)) -KeySet `$k)
Show-Loaded 'v1token'
"@
        $lines = @(Invoke-InFreshSession -Script $script | ForEach-Object { "$_" })
        $context = ''
        if ($PSVersionTable.PSEdition -eq 'Core') { $context = 'SametimeAdmin' }
        $lines | Should -Contain 'v1|True' -Because ($lines -join [Environment]::NewLine)
        [int](($lines | Where-Object { $_ -like 'entries|*' }) -split '\|')[1] | Should -BeGreaterThan 0
        $lines | Should -Contain ('v1token|SametimeAdmin.Core|dependencies/netstandard2.0/SametimeAdmin.Core.dll|' + $context)
        $lines | Should -Contain ('v1token|BouncyCastle.Cryptography|dependencies/netstandard2.0/BouncyCastle.Cryptography.dll|' + $context)
        @($lines | Where-Object { $_ -like '*|dependencies/net8.0/*' }) | Should -BeNullOrEmpty
    }
}

Describe 'Enum parameters: -<Parameter> of <Name>' -ForEach @(
    @{ Name = 'New-LtpaToken'; Parameter = 'Format'; Type = 'SametimeAdmin.Ltpa.LtpaMintFormat'; Arguments = @{ UserName = 'alice' } }
    @{ Name = 'Import-LtpaKeyToSsoDoc'; Parameter = 'TokenFormat'; Type = 'SametimeAdmin.Domino.SsoTokenFormat'; Arguments = @{ Path = 'none.dxl' } }
    @{ Name = 'Get-DominoItemMap'; Parameter = 'Document'; Type = 'SametimeAdmin.Domino.ItemMapDocument'; Arguments = @{} }
    @{ Name = 'Get-StSetting'; Parameter = 'Format'; Type = 'SametimeAdmin.ConfigFiles.ConfigFileFormat'; Arguments = @{ Path = 'none.ini' } }
    @{ Name = 'Set-StSetting'; Parameter = 'Format'; Type = 'SametimeAdmin.ConfigFiles.ConfigFileFormat'; Arguments = @{ Path = 'none.ini'; Name = 'X'; Value = '1' } }
    @{ Name = 'Remove-StSetting'; Parameter = 'Format'; Type = 'SametimeAdmin.ConfigFiles.ConfigFileFormat'; Arguments = @{ Path = 'none.ini'; Name = 'X' } }
    @{ Name = 'Get-StServiceStatus'; Parameter = 'Role'; Type = 'SametimeAdmin.Diagnostics.StServerRole'; Arguments = @{ Probe = $true } }
    @{ Name = 'Get-StServiceStatus'; Parameter = 'DateOrder'; Type = 'SametimeAdmin.Diagnostics.LogDateOrder'; Arguments = @{ LogPath = 'none.log' } }
    @{ Name = 'Get-SsoTraceEvent'; Parameter = 'DateOrder'; Type = 'SametimeAdmin.Diagnostics.LogDateOrder'; Arguments = @{ Path = 'none.log' } }
) {
    BeforeAll {
        $script:parameterInfo = (Get-Command -Name $Name).Parameters[$Parameter]
        $script:enumType = $parameterInfo.ParameterType
        if ($null -ne [Nullable]::GetUnderlyingType($enumType)) { $script:enumType = [Nullable]::GetUnderlyingType($enumType) }
        $script:names = @([Enum]::GetNames($enumType))
    }

    It 'is typed as the engine''s enum (no string with a value list, no copy in the cmdlet assembly)' {
        $enumType.FullName | Should -Be $Type
        $enumType.IsEnum | Should -BeTrue
        $enumType.Assembly.GetName().Name | Should -Be 'SametimeAdmin.Core'
        @($parameterInfo.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }) | Should -BeNullOrEmpty
    }

    It 'refuses an unknown value when binding, naming the valid ones' {
        $arguments = $Arguments.Clone()
        $arguments[$Parameter] = 'NoSuchValue'
        $failure = $null
        try { & $Name @arguments -ErrorAction Stop -WarningAction SilentlyContinue | Out-Null } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.Exception | Should -BeOfType ([System.Management.Automation.ParameterBindingException])
        $failure.Exception.ParameterName | Should -Be $Parameter
        foreach ($value in $names) { $failure.Exception.Message | Should -Match ([regex]::Escape($value)) }
    }

    It 'offers the values to tab completion' {
        $line = "$Name -$Parameter "
        $completions = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($completions.CompletionMatches | ForEach-Object { $_.CompletionText } | Sort-Object) | Should -Be @($names | Sort-Object)
    }

    It 'lists the values in the help''s syntax' {
        $syntax = (Get-Help -Name $Name).syntax | Out-String -Width 10000
        # "-Format {A | B}", or "[-Document] {A | B}" for a positional parameter.
        $syntax | Should -Match ('-' + $Parameter + '\]? ' + [regex]::Escape('{' + ($names -join ' | ') + '}'))
    }
}

Describe 'Help for <Name>' -ForEach $cmdletCases {
    BeforeAll {
        $script:help = Get-Help -Name $Name -Full
        $script:command = Get-Command -Name $Name
    }

    It 'has a synopsis that is not the syntax line' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ([regex]::Escape($Name) + ' \[')
    }

    It 'has a description' {
        ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code' {
        @($help.examples.example).Count | Should -BeGreaterThan 0
        @($help.examples.example)[0].code | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $common = Get-CommonParameterName
        foreach ($parameter in $command.Parameters.Keys | Where-Object { $common -notcontains $_ }) {
            $entry = $help.parameters.parameter | Where-Object { $_.name -eq $parameter }
            ($entry.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }
    }

    It 'lists -WhatIf and -Confirm in every syntax exactly when the cmdlet supports ShouldProcess' {
        $cmdletAttribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true) | Select-Object -First 1
        $supports = [bool]$cmdletAttribute.SupportsShouldProcess
        $items = @($help.syntax.syntaxItem)
        $items.Count | Should -Be @($command.ParameterSets).Count
        foreach ($item in $items) {
            $names = @($item.parameter | ForEach-Object { $_.name })
            ($names -contains 'WhatIf') | Should -Be $supports -Because "the syntax of $Name shows -WhatIf only when it supports ShouldProcess"
            ($names -contains 'Confirm') | Should -Be $supports -Because "the syntax of $Name shows -Confirm only when it supports ShouldProcess"
        }
        $syntaxText = ($help.syntax | Out-String -Width 10000)
        ($syntaxText -match '\[-WhatIf\] \[-Confirm\]') | Should -Be $supports
    }

    It 'names types as the user types them (no generic type names)' {
        $text = Get-Help -Name $Name -Full | Out-String -Width 10000
        $text | Should -Not -Match 'Nullable`1'
        $text | Should -Not -Match '`\d'
        foreach ($parameter in @($help.parameters.parameter)) {
            $parameter.type.name | Should -Not -Match '`|^System\.' -Because "-$($parameter.name) of $Name"
        }
    }

    It 'shows the default each parameter really has' {
        $common = Get-CommonParameterName
        $instance = New-Object -TypeName $command.ImplementingType.FullName
        foreach ($parameter in $command.Parameters.Values | Where-Object { $common -notcontains $_.Name }) {
            $entry = $help.parameters.parameter | Where-Object { $_.name -eq $parameter.Name }
            $shown = [string]$entry.defaultValue
            if ($parameter.SwitchParameter) { $shown | Should -Be 'False' -Because "-$($parameter.Name) of $Name is a switch"; continue }
            $type = $parameter.ParameterType
            $underlying = [Nullable]::GetUnderlyingType($type)
            if ($null -ne $underlying) { $type = $underlying }
            if (-not ($type.IsValueType -or $type -eq [string])) { continue }
            $value = $command.ImplementingType.GetProperty($parameter.Name).GetValue($instance)
            $expected = 'None'
            # Null, empty and the zero of a value type mean "not given".
            if ($null -ne $value) {
                $text = [System.Convert]::ToString($value, [System.Globalization.CultureInfo]::InvariantCulture)
                $isZero = $value.GetType().IsValueType -and $value.Equals([Activator]::CreateInstance($value.GetType()))
                if ($text -and -not $isZero) { $expected = $text }
            }
            $shown | Should -Be $expected -Because "-$($parameter.Name) of $Name defaults to '$expected' in the cmdlet class"
        }
    }

    It 'declares each output type once' {
        $names = @($command.OutputType | ForEach-Object { $_.Name })
        @($names | Select-Object -Unique).Count | Should -Be $names.Count -Because "$Name declares $($names -join ', ')"
    }

    It 'has a format view for every declared output type' {
        foreach ($type in $command.OutputType) {
            if ($type.Type -and -not $type.Type.IsPrimitive -and $type.Type -ne [string]) {
                Get-FormatData -TypeName $type.Type.FullName | Should -Not -BeNullOrEmpty -Because "$($type.Type.FullName) is written by $Name"
            }
        }
    }
}

Describe 'PowerShell sources' {
    It '<Name> parses without errors' -ForEach $scriptCases {
        $tokens = $null; $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
        $errors | Should -BeNullOrEmpty
    }

    It '<Name> avoids syntax that Windows PowerShell 5.1 cannot parse' -ForEach $scriptCases {
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
        # PowerShell 7-only operators: ternary, null-coalescing, null-conditional member access, pipeline chains.
        $sevenOnly = $ast.FindAll({ param($n)
                $n.GetType().Name -in 'TernaryExpressionAst', 'PipelineChainAst' -or
                ($n -is [System.Management.Automation.Language.BinaryExpressionAst] -and $n.Operator -eq 'QuestionQuestion') -or
                ($n -is [System.Management.Automation.Language.AssignmentStatementAst] -and $n.Operator -eq 'QuestionQuestionEquals')
            }, $true)
        @($sevenOnly).Count | Should -Be 0
    }
}
