BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:root = Get-RepoRoot
}

Describe 'The Windows CI workflow' {
    BeforeAll {
        $script:workflow = Join-Path $root '.github/workflows/windows.yml'
        $script:text = [System.IO.File]::ReadAllText($workflow)
    }

    It 'runs the README test command on a Windows runner' {
        $text | Should -Match '(?m)^\s+runs-on:\s*windows-'
        $text | Should -Match '(?m)^\s+run:\s*\./build\.ps1 Test\s*$'
    }

    It 'runs under Windows PowerShell 5.1 and under PowerShell 7' {
        $text | Should -Match '(?m)^\s+shell:\s*\[powershell,\s*pwsh\]'
        $text | Should -Match '(?m)^\s+shell:\s*\$\{\{\s*matrix\.shell\s*\}\}'
    }

    It 'installs the .NET SDK the build needs' {
        $text | Should -Match "dotnet-version:\s*'10\.0\.x'"
    }
}

Describe 'The Pester runner output' {
    BeforeAll {
        $script:runner = Join-Path $root 'tests/Invoke-PesterSuite.ps1'
        $script:pester = Join-Path $root 'out/tools/packages/pester/5.7.1/tools/Pester.psd1'
        $script:sample = Join-Path $TestDrive 'Sample.Tests.ps1'
        Set-Content -LiteralPath $sample -Value "Describe 'sample' { It 'passes' { 1 | Should -Be 1 }; It 'counts' { 2 | Should -Be 2 } }"
        # The runner's whole output (both streams) goes to files, as in a CI log, so none of it reaches this run's output.
        function Invoke-Runner([string] $Mode) {
            $summary = Join-Path $TestDrive "summary-$Mode.json"
            $stdout = Join-Path $TestDrive "out-$Mode.txt"
            $stderr = Join-Path $TestDrive "err-$Mode.txt"
            $processPath = (Get-Process -Id $PID).Path
            $arguments = @('-NoProfile', '-NonInteractive', '-File', $runner, '-PesterManifest', $pester, '-Path', $sample, '-SummaryFile', $summary, '-RenderMode', $Mode)
            if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { $arguments = @(Join-Path $PSHOME 'pwsh.dll') + $arguments }
            Start-Process -FilePath $processPath -ArgumentList $arguments -Wait -NoNewWindow -RedirectStandardOutput $stdout -RedirectStandardError $stderr
            $text = [System.IO.File]::ReadAllText($stdout) + [System.IO.File]::ReadAllText($stderr)
            [pscustomobject]@{ Text = $text; Summary = Get-Content -LiteralPath $summary -Raw | ConvertFrom-Json }
        }
    }

    It 'has no ANSI colour codes in plain-text mode, and still counts' {
        $run = Invoke-Runner 'Plaintext'
        $run.Text | Should -Match 'Tests Passed: 2'
        $run.Text.Contains([string][char]27) | Should -BeFalse
        $run.Summary.Passed | Should -Be 2
        $run.Summary.Failed | Should -Be 0
    }

    It 'colours the output in ANSI mode (so the plain-text check can fail)' {
        (Invoke-Runner 'Ansi').Text.Contains([string][char]27) | Should -BeTrue
    }

    It 'is asked for plain text by build.ps1 when its own output is redirected' {
        $build = [System.IO.File]::ReadAllText((Join-Path $root 'build.ps1'))
        $build | Should -Match "IsOutputRedirected -or \`$env:NO_COLOR\) \{ return 'Plaintext' \}"
        $build | Should -Match "'-RenderMode', \(Get-RenderMode\)"
    }
}

Describe 'build.ps1' {
    It 'names none of its functions like a well-known command of another module (Invoke-Build)' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $root 'build.ps1'), [ref]$null, [ref]$null)
        $names = @($ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true) | ForEach-Object { $_.Name })
        $names | Should -Contain 'Build-StagedModule'
        $names | Should -Not -Contain 'Invoke-Build'
    }
}
