# The commands that fix texts, messages and recommended actions name come from one table in the core
# (SametimeAdmin.Common.ModuleCommands); these tests keep that advice runnable.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-SametimeAdmin
    $core = (Get-Command Get-LtpaKey).OutputType[0].Type.Assembly
    $table = $core.GetType('SametimeAdmin.Common.ModuleCommands', $true)
    $script:commandCases = @($table.GetFields([System.Reflection.BindingFlags]'Public, Static') | Where-Object { $_.IsLiteral } | ForEach-Object {
            @{
                Name        = $_.Name
                CommandLine = [string] $_.GetRawConstantValue()
                WindowsOnly = @($_.GetCustomAttributes($false) | Where-Object { $_.GetType().Name -eq 'WindowsOnlyCommandAttribute' }).Count -gt 0
            }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'CommandLineHelpers.psm1') -Force
    Import-SametimeAdmin
    $script:moduleCommands = @((Import-PowerShellDataFile (Join-Path (Get-RepoRoot) 'SametimeAdmin.psd1')).CmdletsToExport)
    $script:onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows

    # The module's command names in C# code. Comments may describe a command; in code a command name can only be in a
    # string literal, which is what counts.
    function Find-ModuleCommandName([string] $CSharp) {
        $pattern = '(?<![\w-])(' + (($moduleCommands | ForEach-Object { [regex]::Escape($_) }) -join '|') + ')(?![\w-])'
        $code = [regex]::Replace($CSharp, '/\*.*?\*/', '', 'Singleline')
        $code = [regex]::Replace($code, '(?m)^\s*//.*$', '')
        foreach ($match in [regex]::Matches($code, $pattern)) {
            [pscustomobject]@{ Line = $code.Substring(0, $match.Index).Split("`n").Count; Name = $match.Value }
        }
    }
}

Describe 'The commands that fix texts name (ModuleCommands)' {
    It 'lists the module''s commands and PowerShell''s (the table is read)' {
        $commandCases.Count | Should -BeGreaterThan 20
        @($commandCases | Where-Object { $_.CommandLine -like 'Get-StServiceStatus -LogPath' }).Count | Should -Be 1
    }

    It '<Name> ("<CommandLine>") resolves, with every parameter under its own name' -ForEach $commandCases {
        $named = @(Get-NamedCommand $CommandLine)
        $named.Count | Should -BeGreaterThan 0
        foreach ($entry in $named) {
            $info = Get-Command -Name $entry.Name -ErrorAction SilentlyContinue
            if ($null -eq $info -and $WindowsOnly -and -not $onWindows) {
                # Marked as PowerShell's on Windows only: checked where it exists (below, when it does here too).
                $entry.Name | Should -Not -BeIn $moduleCommands
                continue
            }
            $info | Should -Not -BeNullOrEmpty -Because "'$CommandLine' names $($entry.Name)"
            if ($info.CommandType -eq 'Alias') { throw "'$CommandLine' names the alias $($entry.Name); name the command ($($info.ResolvedCommandName))." }
            foreach ($parameter in $entry.Parameters) {
                $byName = $info.Parameters.Values | Where-Object { $_.Name -eq $parameter }
                $byAlias = $info.Parameters.Values | Where-Object { $_.Aliases -contains $parameter }
                if (-not $byName -and $byAlias) {
                    throw "'$CommandLine': -$parameter is an alias of -$(@($byAlias)[0].Name) of $($entry.Name); name the parameter itself."
                }
                $byName | Should -Not -BeNullOrEmpty -Because "'$CommandLine' gives $($entry.Name) the parameter -$parameter"
            }
        }
    }

    It 'marks as Windows-only no command of the module and no command that this PowerShell has everywhere' {
        foreach ($case in @($commandCases | Where-Object { $_.WindowsOnly })) {
            foreach ($entry in @(Get-NamedCommand $case.CommandLine)) {
                $entry.Name | Should -Not -BeIn $moduleCommands
                $info = Get-Command -Name $entry.Name -ErrorAction SilentlyContinue
                if ($null -ne $info -and $info.Module) {
                    # Of PowerShell's own modules, only those that ship on Windows alone may hold it.
                    $info.Module.Name | Should -Not -BeIn 'Microsoft.PowerShell.Management', 'Microsoft.PowerShell.Utility', 'Microsoft.PowerShell.Core', 'Microsoft.PowerShell.Security'
                }
            }
        }
    }
}

Describe 'No fix text names a command of the module outside the table' {
    It 'the core''s sources name the module''s commands only through ModuleCommands' {
        $coreSource = Join-Path (Get-RepoRoot) 'src/SametimeAdmin.Core'
        $moduleCommands.Count | Should -BeGreaterThan 20
        $found = foreach ($file in Get-ChildItem -LiteralPath $coreSource -Recurse -Filter '*.cs' | Where-Object { $_.FullName -notmatch '[\\/](obj|bin)[\\/]' }) {
            if ($file.Name -eq 'ModuleCommands.cs') { continue }
            Find-ModuleCommandName ([System.IO.File]::ReadAllText($file.FullName)) | ForEach-Object { "$($file.Name):$($_.Line): $($_.Name)" }
        }
        @($found) | Should -BeNullOrEmpty -Because 'fix texts take command names from SametimeAdmin.Common.ModuleCommands, which a test checks'
    }

    It 'the scan finds a command of the module named in a string literal' {
        # The same scan over a sample, so that the test above cannot pass by matching nothing.
        $sample = "/// <summary>Get-SsoDoc in a comment.</summary>`n/* Get-TrustedIp */ string fix = `"Run Add-TrustedIp -IPAddress 192.0.2.1.`";"
        @(Find-ModuleCommandName $sample | ForEach-Object { "$($_.Line): $($_.Name)" }) | Should -Be @('2: Add-TrustedIp')
    }
}
