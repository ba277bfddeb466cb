# Shared helpers for the Pester suites. Tests import the staged module in out/, never the source tree.
Set-StrictMode -Version 3.0

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-RepoRoot { $script:RepoRoot }

function Get-StagedModulePath { Join-Path $script:RepoRoot 'out/SametimeAdmin/SametimeAdmin.psd1' }

function Get-FixturePath {
    param([Parameter(Mandatory)] [string] $RelativePath)
    Join-Path (Join-Path $script:RepoRoot 'tests/fixtures') $RelativePath
}

function Import-SametimeAdmin {
    Import-Module (Get-StagedModulePath) -Force -Global -ErrorAction Stop
}

# Secrets for tests: vectors publish their passwords, so plain text here is intended.
function New-TestSecureString {
    param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Text)
    $secure = New-Object System.Security.SecureString
    foreach ($c in $Text.ToCharArray()) { $secure.AppendChar($c) }
    $secure.MakeReadOnly()
    $secure
}

# Makes test folders and files private (folders 0700, files 0600) on Unix, as secret files are meant to be kept, so
# that a test about something else does not meet the module's warnings about other users' access. Windows is left as is.
function Protect-TestPath {
    param([Parameter(Mandatory, ValueFromPipeline)] [string[]] $Path)
    process {
        if ($PSVersionTable.PSEdition -ne 'Core' -or $IsWindows) { return }
        foreach ($item in Get-Item -LiteralPath $Path -Force) {
            if ($item.PSIsContainer) {
                [System.IO.File]::SetUnixFileMode($item.FullName, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
                Get-ChildItem -LiteralPath $item.FullName -Force | ForEach-Object { Protect-TestPath -Path $_.FullName }
            }
            else {
                [System.IO.File]::SetUnixFileMode($item.FullName, [System.IO.UnixFileMode]'UserRead, UserWrite')
            }
        }
    }
}

# Runs one command of the module in a runspace of its own without a host, for -WhatIf: PowerShell writes "What if:"
# lines only to a host, so they stay out of the test run's output. Returns the output and the warnings; the first
# error is thrown. -InputObject is piped into the command.
function Invoke-WithoutHost {
    param([Parameter(Mandatory)] [string] $Command, [Parameter(Mandatory)] [hashtable] $Parameters, [object[]] $InputObject)
    $state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault()
    $state.ImportPSModule(@(Get-StagedModulePath))
    $shell = [powershell]::Create($state)
    try {
        $null = $shell.AddCommand($Command).AddParameters($Parameters)
        if ($PSBoundParameters.ContainsKey('InputObject')) { $output = $shell.Invoke($InputObject) } else { $output = $shell.Invoke() }
        if ($shell.Streams.Error.Count) { throw $shell.Streams.Error[0] }
        [pscustomobject]@{ Output = @($output); Warnings = @($shell.Streams.Warning | ForEach-Object { $_.Message }) }
    }
    finally {
        $shell.Dispose()
    }
}

# Runs a script block in a fresh PowerShell process (for isolation tests) and returns its output lines.
function Invoke-InFreshSession {
    param([Parameter(Mandatory)] [string] $Script)
    $processPath = (Get-Process -Id $PID).Path
    $prefix = @()
    if ($PSVersionTable.PSEdition -ne 'Desktop' -and [System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        $prefix = @(Join-Path $PSHOME 'pwsh.dll')
    }
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Script))
    $arguments = $prefix + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)
    & $processPath @arguments 2>&1
}

# The common parameters of this PowerShell version, read off an empty advanced function.
function Get-CommonParameterName {
    function Probe { [CmdletBinding(SupportsShouldProcess)] param() }
    @((Get-Command Probe).Parameters.Keys)
}

Export-ModuleMember -Function Get-CommonParameterName, Protect-TestPath, Invoke-WithoutHost, Get-RepoRoot, Get-StagedModulePath, Get-FixturePath, Import-SametimeAdmin, New-TestSecureString, Invoke-InFreshSession
