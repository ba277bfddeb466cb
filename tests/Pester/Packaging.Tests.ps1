BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:moduleBase = Split-Path -Parent (Get-StagedModulePath)
    $script:packageFolder = Join-Path $TestDrive 'package'
    $script:packageScript = Join-Path (Get-RepoRoot) 'src/Build/New-ModulePackage.ps1'
    $script:output = Invoke-InFreshSession -Script "& '$packageScript' -ModulePath '$moduleBase' -OutputPath '$packageFolder'"
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $script:package = Get-ChildItem -LiteralPath $packageFolder -Filter 'SametimeAdmin.*.nupkg' | Select-Object -First 1
    $script:entries = @()
    $script:nuspec = $null
    if ($package) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($package.FullName)
        try {
            $script:entries = @($zip.Entries | ForEach-Object { $_.FullName })
            $entry = $zip.Entries | Where-Object { $_.FullName -eq 'SametimeAdmin.nuspec' } | Select-Object -First 1
            if ($entry) {
                $reader = New-Object System.IO.StreamReader($entry.Open())
                try { $script:nuspec = [xml]$reader.ReadToEnd() } finally { $reader.Dispose() }
            }
        }
        finally { $zip.Dispose() }
    }
    # The source manifest, not the staged one: the command tags must come from what the module exports.
    $script:exported = @((Import-PowerShellDataFile -Path (Join-Path (Get-RepoRoot) 'SametimeAdmin.psd1')).CmdletsToExport)
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
        foreach ($framework in 'netstandard2.0', 'net8.0') {
            foreach ($dll in 'SametimeAdmin.Loader.dll', 'SametimeAdmin.Core.dll', 'BouncyCastle.Cryptography.dll', 'Newtonsoft.Json.dll', 'YamlDotNet.dll') {
                $entries | Should -Contain "dependencies/$framework/$dll"
            }
        }
        $entries | Where-Object { $_ -like '*.psm1' } | Should -BeNullOrEmpty
        $entries | Should -Contain 'en-US/SametimeAdmin.dll-Help.xml'
        @($entries | Where-Object { $_ -like 'formats/*.format.ps1xml' }).Count | Should -BeGreaterThan 0
    }

    It 'ships no PowerShell engine assembly and no debug symbols' {
        $entries | Where-Object { $_ -match 'System\.Management\.Automation\.dll$|\.pdb$' } | Should -BeNullOrEmpty
    }

    It 'holds the README' {
        $entries | Should -Contain 'README.md'
    }

    It 'is tagged with every exported command, as the gallery searches them, and with both editions' {
        $nuspec | Should -Not -BeNullOrEmpty
        $tags = @($nuspec.package.metadata.tags -split '\s+')
        $exported.Count | Should -BeGreaterThan 0
        foreach ($name in $exported) {
            $tags | Should -Contain "PSCmdlet_$name"
            $tags | Should -Contain "PSCommand_$name"
        }
        $tags | Should -Contain 'PSIncludes_Cmdlet'
        $tags | Should -Contain 'PSEdition_Desktop'
        $tags | Should -Contain 'PSEdition_Core'
        @($tags | Where-Object { $_ -like 'PSCmdlet_*' }).Count | Should -Be $exported.Count
    }

    It 'has release notes that say what this version does' {
        $notes = [string]$nuspec.package.metadata.releaseNotes
        $notes | Should -Not -Match '^\s*See README'
        $notes.Length | Should -BeGreaterThan 200
        $version = (Import-PowerShellDataFile -Path (Get-StagedModulePath)).ModuleVersion
        $notes | Should -Match ([regex]::Escape($version))
    }
}
