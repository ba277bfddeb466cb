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

Export-ModuleMember -Function Get-CommonParameterName, Get-RepoRoot, Get-StagedModulePath, Get-FixturePath, Import-SametimeAdmin, New-TestSecureString, Invoke-InFreshSession
