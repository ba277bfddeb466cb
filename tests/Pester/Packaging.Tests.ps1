BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:moduleBase = Split-Path -Parent (Get-StagedModulePath)
    $script:packageFolder = Join-Path $TestDrive 'package'
    $script:packageScript = Join-Path (Get-RepoRoot) 'src/Build/New-ModulePackage.ps1'
    $script:output = Invoke-InFreshSession -Script "& '$packageScript' -ModulePath '$moduleBase' -OutputPath '$packageFolder'"
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $script:package = Get-ChildItem -LiteralPath $packageFolder -Filter 'SametimeAdmin.*.nupkg' | Select-Object -First 1
    $script:entries = @()
    if ($package) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($package.FullName)
        try { $script:entries = @($zip.Entries | ForEach-Object { $_.FullName }) } finally { $zip.Dispose() }
    }
}

Describe 'The gallery package' {
    It 'is written offline, named after the manifest version' {
        $version = (Import-PowerShellDataFile -Path (Get-StagedModulePath)).ModuleVersion
        $package | Should -Not -BeNullOrEmpty -Because ($output | Out-String)
        $package.Name | Should -Be "SametimeAdmin.$version.nupkg"
    }

    It 'holds the manifest, the assemblies, the help and the formats' {
        $entries | Should -Contain 'SametimeAdmin.psd1'
        $entries | Should -Contain 'SametimeAdmin.dll'
        $entries | Should -Contain 'dependencies/SametimeAdmin.Core.dll'
        $entries | Should -Contain 'dependencies/BouncyCastle.Cryptography.dll'
        $entries | Should -Contain 'en-US/SametimeAdmin.dll-Help.xml'
        @($entries | Where-Object { $_ -like 'formats/*.format.ps1xml' }).Count | Should -BeGreaterThan 0
    }

    It 'ships no PowerShell engine assembly and no debug symbols' {
        $entries | Where-Object { $_ -match 'System\.Management\.Automation\.dll$|\.pdb$' } | Should -BeNullOrEmpty
    }
}
