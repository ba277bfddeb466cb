# Starts the test Domino Access Services server (tests/LabServers) as a child process on 127.0.0.1.
# The server stops when asked, when its standard input closes, or after it has been idle for a while.
Set-StrictMode -Version 3.0

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:Built = $false

function Get-LabServerAssembly {
    $project = Join-Path $script:RepoRoot 'tests/LabServers/LabServers.csproj'
    $output = Join-Path $script:RepoRoot 'tests/LabServers/bin/Release/net10.0'
    if (-not $script:Built) {
        $log = & dotnet build $project -c Release --nologo -v q 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Building the lab servers failed:`n$($log -join "`n")" }
        $script:Built = $true
    }
    Join-Path $output 'LabServers.dll'
}

function Start-DasLabServer {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $DataPath,
        [string[]] $ArgumentList = @()
    )
    $info = New-Object System.Diagnostics.ProcessStartInfo
    $info.FileName = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
    $arguments = @((Get-LabServerAssembly), 'das', '--data', $DataPath, '--idle-exit', '120') + $ArgumentList
    $info.Arguments = ($arguments | ForEach-Object { '"' + ($_ -replace '"', '\"') + '"' }) -join ' '
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardInput = $true
    $process = [System.Diagnostics.Process]::Start($info)
    $read = $process.StandardOutput.ReadLineAsync()
    if (-not $read.Wait(30000) -or $read.Result -notmatch '^Listening on (.+)$') {
        if (-not $process.HasExited) { $process.Kill() }
        throw 'The DAS lab server did not start.'
    }
    [pscustomobject]@{ Process = $process; Url = $Matches[1] }
}

# The stconfig.nsf fixture (Community Connectivity document) served to an Editor, as several suites use it.
$script:StConfigUser = 'Admin Anna'
$script:StConfigPassword = 's3cret!'

function Start-StConfigDasLabServer {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $WorkPath)
    $data = Join-Path $WorkPath 'das'
    $null = New-Item -ItemType Directory -Force -Path $data
    Copy-Item -Path (Join-Path $PSScriptRoot '../fixtures/configfiles/das/*.json') -Destination $data
    Start-DasLabServer -DataPath $data -ArgumentList @('--database', 'stconfig.nsf', '--view', 'By Form=Form',
        '--user', $script:StConfigUser, '--password', $script:StConfigPassword, '--access', 'Editor')
}

# The credential Start-StConfigDasLabServer accepts (test-only password).
function Get-StConfigDasCredential {
    $secure = New-Object System.Security.SecureString
    foreach ($c in $script:StConfigPassword.ToCharArray()) { $secure.AppendChar($c) }
    New-Object System.Management.Automation.PSCredential ($script:StConfigUser, $secure)
}

function Stop-DasLabServer {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server)
    if ($Server.Process.HasExited) { return }
    try { $Server.Process.StandardInput.WriteLine('stop') } catch { Write-Verbose $_.Exception.Message }
    if (-not $Server.Process.WaitForExit(10000)) { $Server.Process.Kill() }
}

Export-ModuleMember -Function Start-DasLabServer, Start-StConfigDasLabServer, Get-StConfigDasCredential, Stop-DasLabServer
