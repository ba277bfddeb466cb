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

# README runs as written: every ```powershell block of README.md runs, in order, as a reader would type it.
# The set-up blocks (before "## A tour") run from the repository root, each in a fresh PowerShell process; the tour
# and the later blocks run in order in one fresh runspace with the staged module imported, in a copy of examples/lab.
# Substitutes, all of them:
#   - Read-Host (the password prompt) answers the lab's ltpa.keys password, read from examples/lab/README.md.
#   - Confirmation prompts (Import-LtpaKeyToSsoDoc asks, ConfirmImpact High) are answered Yes: $ConfirmPreference
#     is None in the runspace, which cannot prompt.
#   - http://proxy.lab.example.com:9080/ (the tour's proxy URL, and Proxy.Urls in the copy of environment.psd1) is
#     the lab Sametime Proxy (examples/LabProxy) started on 127.0.0.1 by this test.
#   - $env:PSModulePath of the fresh process gets a temporary folder first, so the install block copies the module
#     there and not into the account's own modules folder.
# Blocks that do not run here, each with its reason (a test below checks that each still names one block):
BeforeDiscovery {
    $script:notRunHere = @(
        @{ FirstLine = './build.ps1 Demo'; Reason = 'the build itself: this test runs inside "build.ps1 Test", which would start itself again' }
        @{ FirstLine = '# The 24 Sametime services by service control (Windows'; Reason = 'Windows service control of remote servers st1, st2 (System.ServiceProcess); not on this Linux machine' }
    )
    $readme = Get-Content -LiteralPath (Join-Path (Get-RepoRoot) 'README.md') -Raw
    $tourAt = $readme.IndexOf("`n## A tour")
    $script:runBlocks = @([regex]::Matches($readme, '(?ms)^```powershell\r?\n(.*?)^```') | ForEach-Object -Begin { $i = 0 } -Process {
            $i++
            $code = $_.Groups[1].Value
            $firstLine = ($code -split "`r?`n")[0]
            $excluded = @($notRunHere | Where-Object { $firstLine.StartsWith($_.FirstLine) })
            if ($excluded.Count -eq 0) {
                @{ Index = $i; Code = $code; FirstLine = $firstLine; SetUp = ($_.Index -lt $tourAt) }
            }
        })
}

Describe 'README blocks that do not run here' {
    It 'lists <FirstLine> (<Reason>) and the README still has that block' -ForEach $notRunHere {
        $readme = Get-Content -LiteralPath (Join-Path (Get-RepoRoot) 'README.md') -Raw
        $firsts = @([regex]::Matches($readme, '(?m)^```powershell\r?\n(.*)$') | ForEach-Object { $_.Groups[1].Value })
        @($firsts | Where-Object { $_.StartsWith($FirstLine) }).Count | Should -Be 1
    }
}

Describe 'README runs as written' {
    BeforeAll {
        $root = Get-RepoRoot
        $labReadme = Get-Content -LiteralPath (Join-Path $root 'examples/lab/README.md') -Raw
        $script:labPassword = [regex]::Match($labReadme, 'Its password .*? is \*\*`([^`]+)`\*\*').Groups[1].Value
        $script:labCopy = Join-Path $TestDrive 'lab-copy'
        Copy-Item -Recurse -Path (Join-Path $root 'examples/lab') -Destination $labCopy

        Import-Module (Join-Path $root 'examples/LabProxy/LabProxy.psm1') -Force
        $script:proxy = Start-LabProxy -KeyPath (Join-Path $labCopy 'proxy/ltpa.keys') -KeyPassword (New-TestSecureString $labPassword)
        $envPath = Join-Path $labCopy 'environment.psd1'
        $environment = Get-Content -LiteralPath $envPath -Raw
        $environment.Contains("'http://proxy.lab.example.com:9080'") | Should -BeTrue -Because 'the substitute replaces the lab proxy URL'
        Set-Content -LiteralPath $envPath -Value $environment.Replace("'http://proxy.lab.example.com:9080'", "'$($proxy.Url)'") -NoNewline

        $script:runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $setup = [powershell]::Create()
        $setup.Runspace = $runspace
        $null = $setup.AddScript({
                param($module, $location, $password)
                Import-Module $module -ErrorAction Stop
                Set-Location -LiteralPath $location
                $global:ReadmeLabPassword = $password
                $global:ConfirmPreference = 'None'
                function global:Read-Host {
                    param([Parameter(Position = 0)] $Prompt, [switch] $AsSecureString)
                    if (-not $AsSecureString) { throw 'README test: only the password prompt has a substitute' }
                    ConvertTo-SecureString -String $global:ReadmeLabPassword -AsPlainText -Force
                }
            }).AddArgument((Get-StagedModulePath)).AddArgument($labCopy).AddArgument($labPassword)
        $null = $setup.Invoke()
        $setup.Streams.Error | Should -BeNullOrEmpty
        $setup.Dispose()

        # Runs README code; returns the terminating error and the error records it wrote, as text, and says so when
        # the code did not run to its end (an exit in the middle of a block).
        function Invoke-ReadmeBlock {
            param([string] $Code, [bool] $SetUp)
            $Code = $Code.Replace('http://proxy.lab.example.com:9080/', $proxy.Url)
            if ($SetUp) {
                $modules = Join-Path $TestDrive ('modules-' + [guid]::NewGuid().ToString('N'))
                $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Code))
                $script = @"
`$env:PSModulePath = '$modules' + [System.IO.Path]::PathSeparator + `$env:PSModulePath
Set-Location -LiteralPath '$(Get-RepoRoot)'
`$Error.Clear()
try { `$null = . ([scriptblock]::Create([System.Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('$encoded')))) }
catch { 'README-TERMINATING: ' + `$_ }
foreach (`$e in `$Error) { 'README-ERROR: ' + `$e }
'README-END'
"@
                $lines = @(Invoke-InFreshSession -Script $script | ForEach-Object { "$_" } | Where-Object { $_ -like 'README-*' })
                if ($lines -notcontains 'README-END') { 'README-NOT-RUN-TO-THE-END' }
                @($lines | Where-Object { $_ -ne 'README-END' })
                return
            }
            $ps = [powershell]::Create()
            $ps.Runspace = $runspace
            try {
                $null = $ps.AddScript('$global:ReadmeBlockEnded = $false').Invoke()
                $ps.Commands.Clear()
                $null = $ps.AddScript($Code + "`n" + '$global:ReadmeBlockEnded = $true').Invoke()
                @($ps.Streams.Error | ForEach-Object { 'README-ERROR: ' + $_ })
                if (-not $runspace.SessionStateProxy.GetVariable('ReadmeBlockEnded')) { 'README-NOT-RUN-TO-THE-END' }
            }
            catch { 'README-TERMINATING: ' + $_.Exception.Message }
            finally { $ps.Dispose() }
        }
    }

    AfterAll {
        if ($script:runspace) { $runspace.Dispose() }
        if ($script:proxy) { Stop-LabProxy -Proxy $proxy }
    }

    It 'block <Index> (<FirstLine>) runs without an error' -ForEach $runBlocks {
        $problems = Invoke-ReadmeBlock -Code $Code -SetUp $SetUp
        $problems | Should -BeNullOrEmpty
    }
}
