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

    It 'is a script module (so InModuleScope works) with a compiled nested module' {
        $module = Get-Module SametimeAdmin
        $module.ModuleType | Should -Be 'Script'
        $module.NestedModules.Name | Should -Contain 'SametimeAdmin'
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

    It 'keeps third-party assemblies out of the module root' {
        @(Get-ChildItem -Path $moduleBase -Filter '*.dll').Name | Should -Be @('SametimeAdmin.dll')
        (Get-ChildItem -Path (Join-Path $moduleBase 'dependencies') -Filter '*.dll').Name | Should -Contain 'BouncyCastle.Cryptography.dll'
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
