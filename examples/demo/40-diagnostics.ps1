<#
.SYNOPSIS
    Demo step: diagnostics. Starts the lab Sametime Proxy, probes the awareness path with a token minted from the
    proxy's keys (every step passes), then with other keys and with a Community Server that cannot find the token
    (the login fails with the guide's fix), reads the services from the Community Server's console.log and the
    SSO events of the lab logs, and stops the lab proxy.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $LabPath
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function Show {
    param([Parameter(ValueFromPipeline)] $InputObject)
    begin { $items = New-Object System.Collections.Generic.List[object] }
    process { $items.Add($InputObject) }
    end { Write-Host (($items | Out-String -Width 150).TrimEnd()) }
}

Import-Module (Join-Path $PSScriptRoot '../LabProxy/LabProxy.psm1') -Force
# Lab-only password (see examples/lab/README.md); real scripts use Read-Host -AsSecureString or a vault.
$keyPassword = ConvertTo-SecureString 'Lab-Ltpa-Passw0rd' -AsPlainText -Force
$keyPath = Join-Path $LabPath 'proxy/ltpa.keys'
$alice = 'uid=alice,ou=people,dc=lab,dc=example,dc=com'
$bob = 'uid=bob,ou=people,dc=lab,dc=example,dc=com'

Write-Host '1. Start the lab Sametime Proxy Server (loopback only; it validates LtpaToken2 with proxy/ltpa.keys).'
$proxy = Start-LabProxy -KeyPath $keyPath -KeyPassword $keyPassword
try {
    Write-Host "   Listening on $($proxy.Url)"

    Write-Host ''
    Write-Host '2. The awareness path iNotes takes, with a token minted from the proxy''s own keys for alice.'
    Write-Host '   (Tls is skipped because the lab proxy speaks plain HTTP; SsoDomain because no -SsoDomain is given.)'
    $results = Test-SametimeAwareness -Url $proxy.Url -KeyPath $keyPath -KeyPassword $keyPassword -UserName $alice -WatchUser $bob -TimeoutSeconds 5
    $results | Format-Table -Wrap | Show
    $failed = @($results | Where-Object { $_.Status -eq 'Failed' })
    Write-Host ("   {0} passed, {1} failed, {2} skipped." -f @($results | Where-Object Status -eq 'Passed').Count, $failed.Count, @($results | Where-Object Status -eq 'Skipped').Count)
    if ($failed.Count -gt 0) { throw 'The awareness probe with the lab keys should pass.' }

    Write-Host ''
    Write-Host '3. The same with a token from other keys (a Web SSO document with keys the proxy does not have):'
    $otherKeys = New-LtpaKey -Realm 'ldap.lab.example.com:389'
    Test-SametimeAwareness -Url $proxy.Url -KeySet $otherKeys -UserName $alice -TimeoutSeconds 5 |
        Where-Object { $_.Step -eq 'Login' } | Format-List Step, Status, Evidence, Fix, GuideSection | Show

    Write-Host '4. The proxy accepts the token but the Community Server loads the wrong Web SSO configuration (the guide''s CLFRX0035E case):'
    Set-LabProxyMode -Proxy $proxy -Mode TokenRejected
    Test-SametimeAwareness -Url $proxy.Url -KeyPath $keyPath -KeyPassword $keyPassword -UserName $alice -TimeoutSeconds 5 |
        Where-Object { $_.Step -in 'Login', 'Presence' } | Format-List Step, Status, Evidence, Fix | Show

    Write-Host '5. The proxy application is down (a web server in front answers 502):'
    Set-LabProxyMode -Proxy $proxy -Mode ProxyDown
    Test-SametimeAwareness -Url $proxy.Url -TimeoutSeconds 5 | Format-Table -Wrap | Show
    Set-LabProxyMode -Proxy $proxy -Mode Normal

    Write-Host ''
    Write-Host '6. Which ports answer: the lab proxy''s port and the Community VP port 1516 (nothing listens there here).'
    $port = ([Uri]$proxy.Url).Port
    Get-StServiceStatus -ComputerName 127.0.0.1 -Probe -Port $port, 1516 -TimeoutSeconds 2 | Format-Table -Wrap | Show
}
finally {
    Write-Host '7. Stop the lab proxy.'
    Stop-LabProxy -Proxy $proxy
}

Write-Host ''
Write-Host '8. The Sametime services of the Community Server, from its console.log:'
$consoleLog = Join-Path $LabPath 'community/console.log'
Get-StServiceStatus -LogPath $consoleLog -ComputerName st1 | Format-Table -Wrap | Show
Write-Host '   The line a scheduled task tests:'
$summary = Get-StServiceStatus -LogPath $consoleLog -ComputerName st1 -Summary
Write-Host ("   {0} (AllHealthy={1}, ExitCode={2})" -f $summary.Message, $summary.AllHealthy, $summary.ExitCode)

Write-Host ''
Write-Host '9. SSO events that failed, from the iNotes and Community console.log and the proxy trace.log:'
Get-SsoTraceEvent -Path (Join-Path $LabPath '*/*.log') -FailureOnly | Format-Table -Wrap | Show
Write-Host '   And what Domino decoded for alice:'
Get-SsoTraceEvent -Path (Join-Path $LabPath 'inotes/console.log') -Source Domino |
    Where-Object { $_.RawUser -like 'uid=alice*' } | Format-List Time, User, RawUser, Realm, ConfigName, TokenStyle, Expiration, LineNumber | Show
