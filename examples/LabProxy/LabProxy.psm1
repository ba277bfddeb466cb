<#
.SYNOPSIS
    Starts and stops the lab Sametime Proxy Server (examples/LabProxy) for the demo and the tests.
.DESCRIPTION
    The lab proxy is a small HTTP server on 127.0.0.1 (a free port chosen by the system) that answers the Sametime
    Proxy endpoints iNotes uses and validates LtpaToken2 cookies with the key file it is given. It stops by itself
    when its standard input closes (this session ends) or its lifetime is over. Windows PowerShell 5.1 compatible.
#>
Set-StrictMode -Version 3.0

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:Modes = @('Normal', 'ProxyDown', 'CommunityDown', 'TokenRejected', 'Slow', 'WrongCookieName', 'Hang', 'HtmlErrors',
    'PresenceList', 'PresenceStatuses', 'PresencePerUser', 'PresenceNoStatus', 'SlowPresence', 'Sametime12')

function Get-LabProxyAssembly {
    $outDir = Join-Path (Join-Path $script:RepoRoot 'out') 'labproxy'
    $dll = Join-Path $outDir 'LabProxy.dll'
    $sources = @(Get-ChildItem -Path $PSScriptRoot -Include '*.cs', '*.csproj' -Recurse -File) +
        @(Get-ChildItem -Path (Join-Path $script:RepoRoot 'src/SametimeAdmin.Core') -Include '*.cs', '*.csproj' -Recurse -File |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' })
    $newest = ($sources | Measure-Object -Property LastWriteTimeUtc -Maximum).Maximum
    if (-not (Test-Path -LiteralPath $dll) -or (Get-Item -LiteralPath $dll).LastWriteTimeUtc -lt $newest) {
        Write-Verbose "Building the lab proxy into $outDir"
        $output = & dotnet build (Join-Path $PSScriptRoot 'LabProxy.csproj') -c Release -o $outDir --nologo -v quiet 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Building the lab proxy failed:`n$($output -join "`n")" }
    }
    return $dll
}

function Start-LabProxy {
    <#
    .SYNOPSIS
        Starts the lab proxy and returns an object with its Url; stop it with Stop-LabProxy.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $KeyPath,
        [Parameter(Mandatory)] [System.Security.SecureString] $KeyPassword,
        [ValidateScript({ $script:Modes -contains $_ })] [string] $Mode = 'Normal',
        [switch] $Tls,
        [int] $SlowMilliseconds = 5000,
        [int] $LifetimeSeconds = 600
    )
    $dll = Get-LabProxyAssembly
    $info = New-Object System.Diagnostics.ProcessStartInfo
    $info.FileName = 'dotnet'
    $arguments = @('"' + $dll + '"', '--keys', ('"' + (Resolve-Path -LiteralPath $KeyPath).Path + '"'), '--key-password-stdin',
        '--mode', $Mode, '--slow-ms', $SlowMilliseconds, '--lifetime-seconds', $LifetimeSeconds)
    if ($Tls) { $arguments += '--tls' }
    $info.Arguments = $arguments -join ' '
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($info)
    # Lab-only key password (see examples/lab/README.md): handed over on standard input, never on the command line.
    $process.StandardInput.WriteLine((New-Object System.Net.NetworkCredential('', $KeyPassword)).Password)
    $process.StandardInput.Flush()
    $read = $process.StandardOutput.ReadLineAsync()
    if (-not $read.Wait(60000) -or -not $read.Result -or -not $read.Result.StartsWith('LABPROXY ')) {
        $problem = $process.StandardError.ReadToEnd()
        if (-not $process.HasExited) { $process.Kill() }
        throw "The lab proxy did not start: $problem"
    }
    [pscustomobject]@{
        PSTypeName = 'SametimeAdmin.LabProxy'
        Url        = $read.Result.Substring('LABPROXY '.Length).Trim()
        Mode       = $Mode
        Process    = $process
    }
}

function Set-LabProxyMode {
    <#
    .SYNOPSIS
        Makes a running lab proxy misbehave (ProxyDown, CommunityDown, TokenRejected, Slow, WrongCookieName, Hang, HtmlErrors),
        answer presence in another shape (PresenceList, PresenceStatuses, PresencePerUser, PresenceNoStatus), delay only
        presence answers (SlowPresence, by -SlowMilliseconds of Start-LabProxy), answer as a Sametime 12 server
        (Sametime12: CSP frame-ancestors, CORS for one origin, the legacy chat client on or off) or behave (Normal).
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory)] $Proxy,
        [Parameter(Mandatory)] [ValidateScript({ $script:Modes -contains $_ })] [string] $Mode,
        # The delay of Slow and SlowPresence from now on (default: unchanged, as given to Start-LabProxy).
        [ValidateRange(0, 600000)] [int] $SlowMilliseconds = -1,
        # Sametime12: the CSP frame-ancestors sources ('' for a CSP without the directive); default unchanged.
        [AllowEmptyString()] [string] $FrameAncestors,
        # Sametime12: the one origin CORS answers allow ('' for no CORS headers, '*' for a wildcard); default unchanged.
        [AllowEmptyString()] [string] $CorsOrigin,
        # Sametime12: whether CORS answers say Access-Control-Allow-Credentials: true; default unchanged.
        [Nullable[bool]] $CorsCredentials,
        # Sametime12: whether the legacy chat client endpoints answer (off: 404); default unchanged.
        [Nullable[bool]] $LegacyClient
    )
    if ($PSCmdlet.ShouldProcess($Proxy.Url, "Set lab proxy mode $Mode")) {
        $request = [System.Net.WebRequest]::Create($Proxy.Url + '__lab/mode')
        $request.Method = 'POST'
        $request.Timeout = 10000
        $request.ContentType = 'application/x-www-form-urlencoded'
        $form = "mode=$Mode"
        if ($SlowMilliseconds -ge 0) { $form += "&slowMs=$SlowMilliseconds" }
        if ($PSBoundParameters.ContainsKey('FrameAncestors')) { $form += '&frameAncestors=' + [Uri]::EscapeDataString($FrameAncestors) }
        if ($PSBoundParameters.ContainsKey('CorsOrigin')) { $form += '&corsOrigin=' + [Uri]::EscapeDataString($CorsOrigin) }
        if ($null -ne $CorsCredentials) { $form += '&corsCredentials=' + $CorsCredentials.ToString().ToLowerInvariant() }
        if ($null -ne $LegacyClient) { $form += '&legacyClient=' + $LegacyClient.ToString().ToLowerInvariant() }
        $body = [System.Text.Encoding]::ASCII.GetBytes($form)
        $stream = $request.GetRequestStream()
        try { $stream.Write($body, 0, $body.Length) } finally { $stream.Dispose() }
        $response = $request.GetResponse()
        $response.Dispose()
        $Proxy.Mode = $Mode
    }
}

function Stop-LabProxy {
    <#
    .SYNOPSIS
        Stops a lab proxy started by Start-LabProxy (closes its standard input; kills it if it does not exit).
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory, ValueFromPipeline)] $Proxy)
    process {
        if (-not $PSCmdlet.ShouldProcess($Proxy.Url, 'Stop the lab proxy')) { return }
        $process = $Proxy.Process
        if (-not $process.HasExited) {
            $process.StandardInput.Close()
            if (-not $process.WaitForExit(10000)) { $process.Kill() }
        }
        $process.Dispose()
    }
}

Export-ModuleMember -Function Start-LabProxy, Set-LabProxyMode, Stop-LabProxy
