<#
.SYNOPSIS
    Builds, tests, demonstrates, benchmarks and packages the SametimeAdmin module.
.DESCRIPTION
    Tasks (run in the order given):
      Build    compile the assemblies, stage the module in out/SametimeAdmin, generate MAML help
      Test     Build, then run the xunit suite and the Pester suites; prints "N passed, N failed"
      Demo     Build, then run the lab walkthrough in examples/ on a scratch copy of the lab
      Bench    Build, then run the benchmarks (ratios against baselines measured in the same run)
      Package  Build, then write a gallery-ready .nupkg to out/package (offline)
      Fuzz     seeded mutation fuzzing of every parser of the core (tests/Fuzz): -FuzzCount inputs per target
               (default 100000), -Seed, -FuzzTarget; findings and inputs go to out/fuzz, exit code 1 on any finding
      Lint     advisory PSScriptAnalyzer run with the Windows PowerShell 5.1 compatibility rules (needs npm)
      Clean    remove out/
    Runs on Windows PowerShell 5.1 and PowerShell 7. Needs the .NET SDK on PATH.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 Test
.EXAMPLE
    ./build.ps1 Test -TestPath tests/Pester/Ltpa.Tests.ps1
.EXAMPLE
    ./build.ps1 Fuzz -FuzzCount 20000 -Seed 7 -FuzzTarget token,keyfile
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Lint', 'Fuzz', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Pester files or folders to run instead of the whole suite; with it, the xunit suite is skipped.
    [string[]] $TestPath,

    # Fuzz: inputs per target.
    [ValidateRange(1, 100000000)]
    [int] $FuzzCount = 100000,

    # Fuzz: the seed every input is derived from (the same seed gives the same inputs).
    [int] $Seed = 1,

    # Fuzz: the targets to run (keyfile, token, dxl, ini, properties, ssotrace, startuplog, serverxml, har); all by default.
    [string[]] $FuzzTarget
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$Staged = Join-Path $Out 'SametimeAdmin'
$ModuleName = 'SametimeAdmin'
$script:Built = $false

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList)
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "$FilePath $($ArgumentList -join ' ') failed with exit code $LASTEXITCODE" }
}

# The PowerShell that runs this script, for child processes (fresh sessions load the freshly built module).
function Get-PowerShellCommand {
    $processPath = (Get-Process -Id $PID).Path
    if ($PSVersionTable.PSEdition -eq 'Desktop') { return , @($processPath) }
    if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        return , @($processPath, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return , @($processPath)
}

function Invoke-PowerShellScript {
    param([Parameter(Mandatory)] [string] $ScriptPath, [string[]] $ArgumentList)
    $ps = Get-PowerShellCommand
    $exe = $ps[0]
    $arguments = @($ps | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', $ScriptPath) + $ArgumentList
    & $exe @arguments | Out-Host
    return $LASTEXITCODE
}

# Colour codes only on a console: a redirected run (CI, a log file) or NO_COLOR gets plain text.
function Get-RenderMode {
    if ([Console]::IsOutputRedirected -or $env:NO_COLOR) { return 'Plaintext' }
    return 'Auto'
}

function Get-ModuleVersion {
    $manifest = Import-PowerShellDataFile -Path (Join-Path $Root "$ModuleName.psd1")
    return $manifest.ModuleVersion
}

# The staged manifest is the source manifest plus the tags the PowerShell Gallery finds commands by
# (PSIncludes_Cmdlet, PSCmdlet_<Name>, PSCommand_<Name>), generated from CmdletsToExport so the list is kept once.
function Write-StagedManifest {
    param([Parameter(Mandatory)] [string] $Source, [Parameter(Mandatory)] [string] $Destination)
    $manifest = Import-PowerShellDataFile -Path $Source
    $tags = @('PSIncludes_Cmdlet')
    foreach ($name in $manifest.CmdletsToExport) { $tags += @("PSCmdlet_$name", "PSCommand_$name") }
    $text = [System.IO.File]::ReadAllText($Source)
    $pattern = '(?m)^(\s*Tags\s*=\s*@\()'
    if (-not [regex]::IsMatch($text, $pattern)) { throw "$Source has no Tags = @(...) entry under PrivateData.PSData." }
    $generated = (($tags | ForEach-Object { "'$_'" }) -join ', ') + ', '
    $text = ([regex]$pattern).Replace($text, '$1' + $generated, 1)
    [System.IO.File]::WriteAllText($Destination, $text, (New-Object System.Text.UTF8Encoding($false)))
    $staged = Import-PowerShellDataFile -Path $Destination
    $missing = @($tags | Where-Object { $staged.PrivateData.PSData.Tags -notcontains $_ })
    if ($missing.Count) { throw "The staged manifest lacks the tags $($missing -join ', ')." }
}

function Build-StagedModule {
    if ($script:Built) { return }
    $version = Get-ModuleVersion
    $publish = Join-Path $Out 'publish'
    Write-Host "Building $ModuleName $version ($Configuration)"
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/SametimeAdmin/SametimeAdmin.csproj'), '-c', $Configuration, '-o', $publish, "-p:Version=$version", '--nologo', '-v', 'quiet')

    if (Test-Path -LiteralPath $Staged) { Remove-Item -LiteralPath $Staged -Recurse -Force }
    $null = New-Item -ItemType Directory -Force -Path $Staged

    # The cmdlets (netstandard2.0, for both editions) in the module root; the loader, the engine and its third-party
    # assemblies once per build in dependencies/<framework>: the loader the manifest imports (netstandard2.0) keeps
    # that build on Windows PowerShell 5.1 and hands over to net8.0 on PowerShell 7.4 and later. Each folder is what
    # publishing the loader gives (its only reference is the engine), so a new dependency of the engine ships without a
    # list to update here.
    Copy-Item -LiteralPath (Join-Path $publish "$ModuleName.dll") -Destination $Staged
    foreach ($framework in 'netstandard2.0', 'net8.0') {
        $frameworkPublish = Join-Path $Out "publish-$framework"
        if (Test-Path -LiteralPath $frameworkPublish) { Remove-Item -LiteralPath $frameworkPublish -Recurse -Force }
        Invoke-Native dotnet @('publish', (Join-Path $Root 'src/SametimeAdmin.Loader/SametimeAdmin.Loader.csproj'), '-c', $Configuration, '-f', $framework, '-o', $frameworkPublish, "-p:Version=$version", '--nologo', '-v', 'quiet')
        $dependencies = Join-Path $Staged "dependencies/$framework"
        $null = New-Item -ItemType Directory -Force -Path $dependencies
        foreach ($dll in 'SametimeAdmin.Loader.dll', 'SametimeAdmin.Core.dll', 'BouncyCastle.Cryptography.dll', 'Newtonsoft.Json.dll', 'YamlDotNet.dll') {
            if (-not (Test-Path -LiteralPath (Join-Path $frameworkPublish $dll))) { throw "The $framework build output is missing $dll" }
        }
        Get-ChildItem -LiteralPath $frameworkPublish -Filter '*.dll' | Copy-Item -Destination $dependencies
    }
    if (Get-ChildItem -LiteralPath $Staged, $publish -Recurse -Filter 'System.Management.Automation.dll') {
        throw 'System.Management.Automation.dll was copied to the build output; check the PowerShellStandard.Library reference.'
    }

    $moduleSource = Join-Path $Root 'module'
    Write-StagedManifest -Source (Join-Path $Root "$ModuleName.psd1") -Destination (Join-Path $Staged "$ModuleName.psd1")
    Copy-Item -LiteralPath (Join-Path $Root 'README.md') -Destination $Staged
    Copy-Item -LiteralPath (Join-Path $moduleSource 'LICENSE.txt') -Destination $Staged
    Copy-Item -LiteralPath (Join-Path $moduleSource 'formats') -Destination $Staged -Recurse
    $enUs = Join-Path $Staged 'en-US'
    $null = New-Item -ItemType Directory -Force -Path $enUs
    Copy-Item -Path (Join-Path $moduleSource 'en-US/*') -Destination $enUs

    $helpFile = Join-Path $enUs "$ModuleName.dll-Help.xml"
    $exit = Invoke-PowerShellScript -ScriptPath (Join-Path $Root 'src/Build/New-MamlHelp.ps1') -ArgumentList @(
        '-ManifestPath', (Join-Path $Staged "$ModuleName.psd1"), '-HelpSourcePath', (Join-Path $moduleSource 'help'), '-OutputFile', $helpFile)
    if ($exit -ne 0) { throw 'Help generation failed: every exported cmdlet needs complete help in module/help.' }
    $script:Built = $true
    Write-Host "Staged module: $Staged"
}

function Get-ToolPackages {
    $packages = Join-Path $Out 'tools/packages'
    $pester = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path -LiteralPath $pester)) {
        Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/tools/Tools.csproj'), '--nologo', '-v', 'quiet')
    }
    return $packages
}

function Invoke-Test {
    Build-StagedModule
    $packages = Get-ToolPackages
    $results = Join-Path $Out 'test-results'
    if (Test-Path -LiteralPath $results) { Remove-Item -LiteralPath $results -Recurse -Force }
    $null = New-Item -ItemType Directory -Force -Path $results
    $passed = 0; $failed = 0

    if (-not $TestPath) {
        # The core's suite runs against its net8.0 build; its vector tests run again against the netstandard2.0 build.
        $suites = [ordered]@{
            'xunit'             = 'tests/SametimeAdmin.Core.Tests/SametimeAdmin.Core.Tests.csproj'
            'xunit-netstandard' = 'tests/SametimeAdmin.Core.NetStandardTests/SametimeAdmin.Core.NetStandardTests.csproj'
        }
        foreach ($suite in $suites.Keys) {
            Write-Host "Running the $suite suite"
            & dotnet test (Join-Path $Root $suites[$suite]) -c $Configuration --nologo `
                --logger "trx;LogFileName=$suite.trx" --logger 'console;verbosity=minimal' --results-directory $results
            $trx = Join-Path $results "$suite.trx"
            if (Test-Path -LiteralPath $trx) {
                $counters = ([xml](Get-Content -LiteralPath $trx -Raw)).TestRun.ResultSummary.Counters
                $passed += [int]$counters.passed
                $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
            }
            else {
                Write-Warning "The $suite suite produced no results file (build failure?)."
                $failed += 1
            }
        }
    }

    Write-Host 'Running the Pester suites'
    $paths = $TestPath
    if (-not $paths) { $paths = @(Join-Path $Root 'tests/Pester') }
    $summary = Join-Path $results 'pester-summary.json'
    $null = Invoke-PowerShellScript -ScriptPath (Join-Path $Root 'tests/Invoke-PesterSuite.ps1') -ArgumentList @(
        '-PesterManifest', (Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'),
        '-Path', ($paths -join ','), '-SummaryFile', $summary, '-ResultFile', (Join-Path $results 'pester.xml'), '-RenderMode', (Get-RenderMode))
    if (Test-Path -LiteralPath $summary) {
        $pester = Get-Content -LiteralPath $summary -Raw | ConvertFrom-Json
        $passed += [int]$pester.Passed
        $failed += [int]$pester.Failed
    }
    else {
        Write-Warning 'The Pester run produced no summary (it could not start or crashed).'
        $failed += 1
    }

    Write-Host ''
    # The plain summary line is the contract with CI: keep it the last line printed.
    Write-Output "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Build-StagedModule
    $exit = Invoke-PowerShellScript -ScriptPath (Join-Path $Root 'examples/Start-LabDemo.ps1') -ArgumentList @(
        '-ModulePath', (Join-Path $Staged "$ModuleName.psd1"), '-WorkPath', (Join-Path $Out 'demo'))
    if ($exit -ne 0) { throw "The demo failed (exit code $exit)." }
}

function Invoke-Bench {
    Build-StagedModule
    $exit = Invoke-PowerShellScript -ScriptPath (Join-Path $Root 'tests/Benchmarks/Invoke-Benchmarks.ps1') -ArgumentList @(
        '-ModulePath', (Join-Path $Staged "$ModuleName.psd1"), '-WorkPath', (Join-Path $Out 'bench'), '-Configuration', $Configuration)
    if ($exit -ne 0) { throw "The benchmarks failed (exit code $exit)." }
}

function Invoke-Package {
    Build-StagedModule
    $exit = Invoke-PowerShellScript -ScriptPath (Join-Path $Root 'src/Build/New-ModulePackage.ps1') -ArgumentList @(
        '-ModulePath', $Staged, '-OutputPath', (Join-Path $Out 'package'))
    if ($exit -ne 0) { throw "Packaging failed (exit code $exit)." }
}

function Invoke-Lint {
    $exit = Invoke-PowerShellScript -ScriptPath (Join-Path $Root 'src/Build/Invoke-Lint.ps1') -ArgumentList @(
        '-RepositoryRoot', $Root, '-ToolsPath', (Join-Path $Out 'tools'))
    if ($exit -ne 0) { throw "Lint could not run (exit code $exit)." }
}

function Invoke-Fuzz {
    $project = Join-Path $Root 'tests/Fuzz/Fuzz.csproj'
    Invoke-Native dotnet @('build', $project, '-c', $Configuration, '--nologo', '-v', 'quiet')
    $assembly = Join-Path $Root "tests/Fuzz/bin/$Configuration/net10.0/SametimeAdmin.Fuzz.dll"
    $arguments = @($assembly, '--count', [string]$FuzzCount, '--seed', [string]$Seed, '--out', (Join-Path $Out 'fuzz'), '--fixtures', (Join-Path $Root 'tests/fixtures'))
    if ($FuzzTarget) { $arguments += @('--targets', ($FuzzTarget -join ',')) }
    & dotnet @arguments | Out-Host
    $exit = $LASTEXITCODE
    if ($exit -eq 1) { throw "The fuzz run found problems: see $(Join-Path $Out 'fuzz') (summary.txt, and one folder per target)." }
    if ($exit -ne 0) { throw "The fuzz run failed (exit code $exit)." }
}

foreach ($t in $Task) {
    switch ($t) {
        'Clean' { if (Test-Path -LiteralPath $Out) { Remove-Item -LiteralPath $Out -Recurse -Force } }
        'Build' { Build-StagedModule }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Package' { Invoke-Package }
        'Lint' { Invoke-Lint }
        'Fuzz' { Invoke-Fuzz }
    }
}
