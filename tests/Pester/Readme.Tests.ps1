# The README's examples must name real cmdlets and real parameters of this module.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $readme = Get-Content -LiteralPath (Join-Path (Get-RepoRoot) 'README.md') -Raw
    $script:blocks = @([regex]::Matches($readme, '(?ms)^```powershell\r?\n(.*?)^```') | ForEach-Object -Begin { $i = 0 } -Process {
            $i++; @{ Index = $i; Code = $_.Groups[1].Value }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    $script:moduleCommands = @{}
    Get-Command -Module SametimeAdmin | ForEach-Object { $moduleCommands[$_.Name] = $_ }
}

Describe 'README example <Index>' -ForEach $blocks {
    It 'parses, and uses only parameters the module''s cmdlets have' {
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref]$tokens, [ref]$errors)
        $errors | Should -BeNullOrEmpty
        $calls = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)
        foreach ($call in $calls) {
            $name = $call.GetCommandName()
            if (-not $name -or -not $moduleCommands.ContainsKey($name)) { continue }
            $command = $moduleCommands[$name]
            $known = @($command.Parameters.Values | ForEach-Object { $_.Name; $_.Aliases })
            foreach ($parameter in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                $known | Should -Contain $parameter.ParameterName -Because "README calls $name -$($parameter.ParameterName)"
            }
        }
    }
}

Describe 'README' {
    It 'names every exported cmdlet' {
        $readme = Get-Content -LiteralPath (Join-Path (Get-RepoRoot) 'README.md') -Raw
        foreach ($name in $moduleCommands.Keys) {
            $readme | Should -Match ([regex]::Escape($name)) -Because "$name should be in the README's tour"
        }
    }
}
