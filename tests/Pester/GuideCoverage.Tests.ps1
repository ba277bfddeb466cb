# The README's troubleshooting map and docs/guide-coverage.md point admins at commands, parameters, checklist ids and
# tests; these tests keep every one of them real, and the coverage counts true to the table's rows.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'CommandLineHelpers.psm1') -Force
    $root = Get-RepoRoot
    $script:mapCases = @(Get-MarkdownTable -Path (Join-Path $root 'README.md') -Heading '## Troubleshooting map' | ForEach-Object {
            @{ Line = $_.Line; Symptom = $_.Cells[0]; Text = $_.Cells[1] }
        })
    $script:coverageCases = @(Get-MarkdownTable -Path (Join-Path $root 'docs/guide-coverage.md') -Heading '# Guide coverage' | ForEach-Object {
            @{ Number = $_.Cells[0]; Section = $_.Cells[1]; Status = $_.Cells[3]; Commands = $_.Cells[4]; Checks = $_.Cells[5]; Tests = $_.Cells[6] }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'CommandLineHelpers.psm1') -Force
    Import-SametimeAdmin
    $script:root = Get-RepoRoot
    $script:coveragePath = Join-Path $root 'docs/guide-coverage.md'
    $script:statuses = 'Verified here', 'Covered, needs a real server', 'Partial', 'Missing', 'Not applicable'

    # Every command a cell names resolves to a command (not an alias), and every parameter to one of its own names.
    function Assert-CellCommand([string] $Text, [string] $Where) {
        foreach ($entry in @(Get-CellCommand $Text)) {
            $info = Get-Command -Name $entry.Name -ErrorAction SilentlyContinue
            $info | Should -Not -BeNullOrEmpty -Because "$Where names $($entry.Name) in '$($entry.Span)'"
            if ($info.CommandType -eq 'Alias') { throw "$Where names the alias $($entry.Name); name the command ($($info.ResolvedCommandName))." }
            foreach ($parameter in $entry.Parameters) {
                $byName = $info.Parameters.Values | Where-Object { $_.Name -eq $parameter }
                $byAlias = $info.Parameters.Values | Where-Object { $_.Aliases -contains $parameter }
                if (-not $byName -and $byAlias) { throw "$Where, '$($entry.Span)': -$parameter is an alias of -$(@($byAlias)[0].Name); name the parameter itself." }
                $byName | Should -Not -BeNullOrEmpty -Because "$Where gives $($entry.Name) the parameter -$parameter in '$($entry.Span)'"
            }
        }
    }

    # The checks the engine declares (CheckDefinition fields of the core), with the guide section each cites.
    $core = (Get-Command Get-LtpaKey).OutputType[0].Type.Assembly
    $definitionType = $core.GetType('SametimeAdmin.Checklist.CheckDefinition', $true)
    $types = try { $core.GetTypes() } catch [System.Reflection.ReflectionTypeLoadException] { @($_.Exception.Types | Where-Object { $_ }) }
    $script:declared = @(foreach ($type in $types) {
            foreach ($field in $type.GetFields([System.Reflection.BindingFlags]'Public, NonPublic, Static')) {
                if ($field.FieldType -eq $definitionType -and -not $type.ContainsGenericParameters) { $field.GetValue($null) }
            }
        })

    # The ids a run of the checklist reports on the bundled lab, offline.
    $lab = Join-Path $TestDrive 'lab'
    Copy-Item -LiteralPath (Join-Path $root 'examples/lab') -Destination $lab -Recurse
    $script:labIds = @(Invoke-SsoChecklist -EnvironmentPath (Join-Path $lab 'environment.psd1') -Offline -WarningAction SilentlyContinue | ForEach-Object { $_.Id })

    $script:knownIds = @(@($declared | ForEach-Object { $_.Id }) + $labIds | Sort-Object -Unique)

    # A named id exists when a check has it; "X.*" stands for X's per-server results, so X itself counts for it.
    function Test-KnownId([string] $Name) {
        if ($Name.Contains('*')) {
            if (@($knownIds | Where-Object { $_ -like $Name }).Count -gt 0) { return $true }
            return $Name.EndsWith('.*') -and $knownIds -contains $Name.Substring(0, $Name.Length - 2)
        }
        return $knownIds -contains $Name
    }

    # The ids the map names, for the completeness check.
    $script:mapIds = @(Get-MarkdownTable -Path (Join-Path $root 'README.md') -Heading '## Troubleshooting map' | ForEach-Object { Get-BracketedCodeSpan $_.Cells[1] })
}

Describe 'The checklist ids these tests know' {
    It 'come from the engine''s declared checks, and every check the lab run reports is one of them' {
        $declared.Count | Should -BeGreaterThan 40
        $labIds.Count | Should -BeGreaterThan 20
        foreach ($id in $labIds) {
            @($declared | Where-Object { $id -eq $_.Id -or $id.StartsWith($_.Id + '.') }).Count | Should -BeGreaterThan 0 -Because "the lab run reports $id"
        }
    }

    It 'tell a real id from a made-up one' {
        Test-KnownId 'Tokens.ProxyKeys' | Should -BeTrue
        Test-KnownId 'EndUserAccess.Awareness.*' | Should -BeTrue
        Test-KnownId 'CrossServer.Same*' | Should -BeTrue
        Test-KnownId 'Tokens.ProxyKey' | Should -BeFalse
        Test-KnownId 'Startup.Nothing*' | Should -BeFalse
    }
}

Describe 'The README troubleshooting map' {
    It 'has rows' {
        $mapCases.Count | Should -BeGreaterThan 20
    }

    It 'line <Line> names commands and parameters that exist' -ForEach $mapCases {
        Assert-CellCommand -Text $Text -Where "README line $Line"
    }

    It 'line <Line> names checklist ids that exist' -ForEach $mapCases {
        foreach ($id in @(Get-BracketedCodeSpan $Text)) {
            Test-KnownId $id | Should -BeTrue -Because "README line $Line names the checklist id $id"
        }
    }

    It 'names every check that cites the guide, so each failure leads to its command' {
        $guideChecks = @($declared | Where-Object { $_.GuideSection -match '^(\d\.\d|Verification Checklist)' })
        $guideChecks.Count | Should -BeGreaterThan 30
        $unnamed = @($guideChecks | Where-Object {
                $id = $_.Id
                @($mapIds | Where-Object { $id -eq $_ -or $id -like $_ -or ($_.EndsWith('.*') -and $id -eq $_.Substring(0, $_.Length - 2)) }).Count -eq 0
            } | ForEach-Object { $_.Id })
        $unnamed | Should -BeNullOrEmpty -Because 'every check of the guide belongs in the troubleshooting map'
    }

    It 'links the guide coverage table' {
        (Get-Content -LiteralPath (Join-Path $root 'README.md') -Raw) | Should -Match '\]\(docs/guide-coverage\.md\)'
    }
}

Describe 'docs/guide-coverage.md' {
    It 'has rows numbered from 1 without gaps' {
        $coverageCases.Count | Should -BeGreaterThan 60
        @($coverageCases | ForEach-Object { [int] $_.Number }) | Should -Be @(1..$coverageCases.Count)
    }

    It 'item <Number> (<Section>) has a known status' -ForEach $coverageCases {
        @($statuses | Where-Object { $Status.StartsWith($_) }).Count | Should -Be 1 -Because "item $Number says '$Status'"
        if ($Status.StartsWith('Not applicable')) { $Status | Should -Match '^Not applicable: \S' -Because 'a Not applicable item gives its reason' }
    }

    It 'item <Number> (<Section>) names commands and parameters that exist' -ForEach $coverageCases {
        Assert-CellCommand -Text $Commands -Where "guide-coverage item $Number"
    }

    It 'item <Number> (<Section>) names checklist ids that exist' -ForEach $coverageCases {
        foreach ($id in @(Get-CodeSpan $Checks)) {
            Test-KnownId $id | Should -BeTrue -Because "guide-coverage item $Number names the checklist id $id"
        }
    }

    It 'item <Number> (<Section>) names test files that exist, and a covered item names what covers it and a test' -ForEach $coverageCases {
        $tests = @(Get-CodeSpan $Tests)
        foreach ($test in $tests) {
            $test | Should -Match '^tests/' -Because "guide-coverage item $Number names its tests by their repository path"
            Test-Path -LiteralPath (Join-Path $root $test) -PathType Leaf | Should -BeTrue -Because "guide-coverage item $Number names $test"
        }
        if ($Status.StartsWith('Verified here') -or $Status.StartsWith('Covered') -or $Status.StartsWith('Partial')) {
            $tests.Count | Should -BeGreaterThan 0 -Because "item $Number is $Status"
            (@(Get-CellCommand $Commands).Count + @(Get-CodeSpan $Checks).Count) | Should -BeGreaterThan 0 -Because "item $Number is $Status"
        }
    }

    It 'explains every Partial and Missing item in the table after it' {
        $gaps = @(Get-MarkdownTable -Path $coveragePath -Heading '## What the Partial and Missing items lack' | ForEach-Object { $_.Cells[0] -split ',\s*' } | ForEach-Object { [int] $_ })
        $open = @($coverageCases | Where-Object { $_.Status -eq 'Partial' -or $_.Status -eq 'Missing' } | ForEach-Object { [int] $_.Number })
        $open.Count | Should -BeGreaterThan 0
        @($gaps | Sort-Object) | Should -Be @($open | Sort-Object)
    }

    It 'ends with counts that match its rows' {
        $text = Get-Content -LiteralPath $coveragePath -Raw
        $counts = [regex]::Match($text, '(?m)^Counts: (.+)\.\r?$')
        $counts.Success | Should -BeTrue -Because 'the table ends with a line "Counts: ..."'
        foreach ($status in $statuses) {
            $count = [regex]::Match($counts.Groups[1].Value, [regex]::Escape($status) + ' (\d+)')
            $count.Success | Should -BeTrue -Because "the counts name '$status'"
            [int] $count.Groups[1].Value | Should -Be @($coverageCases | Where-Object { $_.Status.StartsWith($status) }).Count -Because "the counts line says '$status $($count.Groups[1].Value)'"
        }
        $total = [regex]::Match($counts.Groups[1].Value, 'total (\d+)$')
        $total.Success | Should -BeTrue
        [int] $total.Groups[1].Value | Should -Be $coverageCases.Count
    }
}
