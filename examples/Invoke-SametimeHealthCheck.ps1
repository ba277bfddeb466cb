<#
.SYNOPSIS
    Scheduled health check of a Sametime/iNotes site: services, the awareness path through the proxy, and
    optionally the whole SSO checklist with an HTML report. Ends with exit code 0 (healthy) or 1 (a problem).
.DESCRIPTION
    Meant for a Windows scheduled task (powershell.exe -NoProfile -NonInteractive -File Invoke-SametimeHealthCheck.ps1 ...):
    - Get-StServiceStatus on the Community Server(s) (-ComputerName, Windows service control; with -Probe, TCP probes
      of the Sametime ports instead, for Linux or without admin rights) or from a copied console.log (-ConsoleLog);
    - Test-SametimeAwareness for each proxy URL, logging in by token when -KeyPath, the key password and -UserName
      are given, else by password with the test user's credential (-TestCredential/-TestCredentialPath);
    - with -EnvironmentPath, Invoke-SsoChecklist (-Credential/-CredentialPath for Domino Access Services URLs;
      -HtmlReport writes the page a human opens when the task fails).
    Writes one line per finding and a final verdict to the output, returns the verdict object with -PassThru, and
    exits with its exit code unless -NoExit is given. The only file it writes is the -HtmlReport page, and only what
    -WhatIf and -Confirm allow.

    Secrets without a prompt. Every secret has two parameters: the object itself (-KeyPassword, -Credential,
    -TestCredential) for interactive use, and the path of a file that holds it (-KeyPasswordPath, -CredentialPath,
    -TestCredentialPath) for a scheduled task, so that neither the command line nor the task definition holds a
    password. The file is what Export-Clixml writes for a SecureString or a PSCredential (the key password file may
    hold either; of a PSCredential the password is used). On Windows, Export-Clixml encrypts the password with DPAPI
    for the account and computer that write it: create the files once in a PowerShell running as the task's
    account on the computer that runs the task, or the task cannot read them. On Linux and macOS PowerShell has no
    DPAPI and writes the password merely hex-encoded; the file's permissions are then all that protect it, so this
    script refuses a secret file that other users can read (chmod 600 it).

    Microsoft.PowerShell.SecretManagement is the alternative where a vault the task's account can open unattended
    is set up: pass -KeyPassword (Get-Secret -Name SametimeLtpaKeys) -Credential (Get-Secret -Name DominoDas) in
    the task's -Command instead of the file paths; only the secrets' names appear in the task.
.EXAMPLE
    powershell.exe -NoProfile -File Invoke-SametimeHealthCheck.ps1 -ComputerName stchat1 -ProxyUrl https://proxy.example.com:9443 -HtmlReport D:\health\sso.html -EnvironmentPath D:\health\environment.psd1

    Interactive run: services of stchat1, the awareness path without login, and the checklist with its report.
.EXAMPLE
    # Once, in a PowerShell running as the task's account (runas /user:EXAMPLE\svc-sthealth powershell.exe):
    Read-Host -AsSecureString -Prompt 'ltpa.keys password' | Export-Clixml -Path D:\health\ltpa-password.xml
    Get-Credential -Message 'Domino Access Services' | Export-Clixml -Path D:\health\das-credential.xml
    Get-Credential -Message 'Sametime test user' | Export-Clixml -Path D:\health\test-user.xml

    # Then, as an administrator: the task's arguments name only files.
    $arguments = '-NoProfile -NonInteractive -ExecutionPolicy RemoteSigned -File D:\health\Invoke-SametimeHealthCheck.ps1' +
        ' -ComputerName stchat1 -ProxyUrl https://proxy.example.com:9443 -EnvironmentPath D:\health\environment.psd1' +
        ' -KeyPasswordPath D:\health\ltpa-password.xml -CredentialPath D:\health\das-credential.xml' +
        ' -TestCredentialPath D:\health\test-user.xml -HtmlReport D:\health\sso.html'
    $action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument $arguments -WorkingDirectory 'D:\health'
    $trigger = New-ScheduledTaskTrigger -Once -At (Get-Date) -RepetitionInterval (New-TimeSpan -Minutes 30)
    $account = Get-Credential -UserName 'EXAMPLE\svc-sthealth' -Message 'The task''s account'
    Register-ScheduledTask -TaskName 'Sametime health check' -Action $action -Trigger $trigger `
        -User $account.UserName -Password $account.GetNetworkCredential().Password

    The account's own logon password goes to the Task Scheduler, which keeps it; the task definition holds only
    the paths. Import-Clixml -Path D:\health\ltpa-password.xml, run as that account, gives back the SecureString.
.EXAMPLE
    ./Invoke-SametimeHealthCheck.ps1 -EnvironmentPath ./environment.psd1 -HtmlReport ./sso.html -WhatIf

    Runs every check but writes no report.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string[]] $ComputerName,
    # Probe the Sametime ports of -ComputerName instead of asking Windows service control.
    [switch] $Probe,
    [string[]] $ConsoleLog,
    [string[]] $ProxyUrl,
    [string] $KeyPath,
    [System.Security.SecureString] $KeyPassword,
    # A file written by Export-Clixml holding the ltpa.keys password (a SecureString or a PSCredential).
    [string] $KeyPasswordPath,
    [string] $UserName,
    # Domino Access Services user for the checklist's http(s) document URLs.
    [System.Management.Automation.PSCredential] $Credential,
    # A file written by Export-Clixml holding the Domino Access Services PSCredential.
    [string] $CredentialPath,
    # The Sametime test user for the awareness login by password (used when no token can be minted).
    [System.Management.Automation.PSCredential] $TestCredential,
    # A file written by Export-Clixml holding the test user's PSCredential.
    [string] $TestCredentialPath,
    [string] $EnvironmentPath,
    [string] $HtmlReport,
    [ValidateRange(1, 300)] [int] $TimeoutSeconds = 10,
    [switch] $SkipCertificateCheck,
    [switch] $NoExit,
    [switch] $PassThru
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
if (-not (Get-Module SametimeAdmin)) { Import-Module SametimeAdmin }

# Reads a secret that Export-Clixml saved; the secret itself never reaches the output or an error message.
function Import-SecretFile {
    param([string] $Path, [string] $Parameter, [switch] $AllowSecureString)
    $item = Get-Item -LiteralPath $Path -ErrorAction SilentlyContinue
    if (-not $item -or $item.PSIsContainer) {
        throw "-${Parameter}: the file '$Path' does not exist. Save the secret once with Export-Clixml, as the account that runs this script."
    }
    # Off Windows, Export-Clixml cannot encrypt (no DPAPI): a file other users can read gives them the secret.
    # (PowerShell 7 there: FileSystemInfo.UnixFileMode; 0x24 is group or other read.)
    $mode = $item.PSObject.Properties['UnixFileMode']
    if ([System.Environment]::OSVersion.Platform -ne [System.PlatformID]::Win32NT -and $mode -and ([int]$mode.Value -band 0x24)) {
        throw "-${Parameter}: '$($item.FullName)' is readable by other users, and on this system Export-Clixml stores the password unencrypted. Make it owner-only (chmod 600) and replace the secret if others may have read it."
    }
    try { $secret = Import-Clixml -LiteralPath $item.FullName }
    catch {
        throw "-${Parameter}: '$($item.FullName)' could not be read as an Export-Clixml file ($($_.Exception.Message)). On Windows only the account that wrote it, on the same computer, can decrypt it."
    }
    if ($secret -is [System.Management.Automation.PSCredential]) { return $secret }
    if ($AllowSecureString -and $secret -is [System.Security.SecureString]) { return $secret }
    $expected = $(if ($AllowSecureString) { 'a SecureString or a PSCredential' } else { 'a PSCredential (Get-Credential | Export-Clixml)' })
    throw "-${Parameter}: '$($item.FullName)' holds a $(@($secret)[0].GetType().Name), not $expected."
}

foreach ($pair in @(@('KeyPassword', 'KeyPasswordPath'), @('Credential', 'CredentialPath'), @('TestCredential', 'TestCredentialPath'))) {
    if ($PSBoundParameters.ContainsKey($pair[0]) -and $PSBoundParameters.ContainsKey($pair[1])) {
        throw "Give -$($pair[0]) or -$($pair[1]), not both."
    }
}
if ($KeyPasswordPath) {
    $secret = Import-SecretFile -Path $KeyPasswordPath -Parameter KeyPasswordPath -AllowSecureString
    if ($secret -is [System.Management.Automation.PSCredential]) { $KeyPassword = $secret.Password } else { $KeyPassword = $secret }
    $secret = $null
}
if ($CredentialPath) { $Credential = Import-SecretFile -Path $CredentialPath -Parameter CredentialPath }
if ($TestCredentialPath) { $TestCredential = Import-SecretFile -Path $TestCredentialPath -Parameter TestCredentialPath }

$problems = New-Object System.Collections.Generic.List[string]
function Write-Finding([string] $Text) { Write-Output ('{0:yyyy-MM-dd HH:mm:ss} {1}' -f (Get-Date), $Text) }

foreach ($computer in @($ComputerName | Where-Object { $_ })) {
    $query = @{ ComputerName = $computer; Summary = $true }
    if ($Probe) { $query.Probe = $true; $query.TimeoutSeconds = $TimeoutSeconds }
    $summary = Get-StServiceStatus @query -ErrorAction Continue -ErrorVariable serviceErrors
    foreach ($e in @($serviceErrors)) { $problems.Add("services on ${computer}: $($e.Exception.Message)") }
    if ($summary) {
        Write-Finding "services $computer`: $($summary.Message)"
        if (-not $summary.AllHealthy) { $problems.Add("services on ${computer}: $($summary.Message)") }
    }
}

foreach ($log in @($ConsoleLog | Where-Object { $_ })) {
    $summary = Get-StServiceStatus -LogPath $log -Summary
    Write-Finding "start-up log $log`: $($summary.Message)"
    if (-not $summary.AllHealthy) { $problems.Add("start-up log ${log}: $($summary.Message)") }
}

foreach ($url in @($ProxyUrl | Where-Object { $_ })) {
    $awareness = @{ Url = $url; TimeoutSeconds = $TimeoutSeconds; SkipCertificateCheck = $SkipCertificateCheck }
    if ($KeyPath -and $KeyPassword -and $UserName) { $awareness.KeyPath = $KeyPath; $awareness.KeyPassword = $KeyPassword; $awareness.UserName = $UserName }
    elseif ($TestCredential) { $awareness.Credential = $TestCredential }
    foreach ($step in Test-SametimeAwareness @awareness) {
        Write-Finding "awareness $url $($step.Step): $($step.Status) - $($step.Evidence)"
        # A Warning step ran but could not establish what it checks (a presence answer without a status): worth a look.
        if (@('Failed', 'Warning') -contains [string]$step.Status) { $problems.Add("awareness ${url} $($step.Step): $($step.Evidence) Fix: $($step.Fix)") }
    }
}

$checklist = $null
if ($EnvironmentPath) {
    $arguments = @{ EnvironmentPath = $EnvironmentPath; Summary = $true; TimeoutSeconds = $TimeoutSeconds; SkipCertificateCheck = $SkipCertificateCheck }
    if ($KeyPassword) { $arguments.KeyPassword = $KeyPassword }
    if ($Credential) { $arguments.Credential = $Credential }
    if ($HtmlReport -and $PSCmdlet.ShouldProcess($HtmlReport, 'Write the HTML checklist report')) { $arguments.HtmlReport = $HtmlReport }
    if ($ProxyUrl) { $arguments.ProxyUrl = $ProxyUrl }
    # The report was decided above; the checklist itself only reads.
    $checklist = Invoke-SsoChecklist @arguments -WhatIf:$false -Confirm:$false
    Write-Finding "checklist: $($checklist.Passed) passed, $($checklist.Failed) failed, $($checklist.Warning) warning(s), $($checklist.Skipped) skipped"
    if ($checklist.Failed -gt 0) { $problems.Add("checklist: failed $($checklist.FailedChecks -join ', ')") }
}

$verdict = [pscustomobject]@{
    PSTypeName = 'SametimeAdmin.HealthCheckResult'
    Healthy    = ($problems.Count -eq 0)
    Problems   = $problems.ToArray()
    Report     = $(if ($checklist) { $checklist.HtmlReportPath } else { $null })
    ExitCode   = $(if ($problems.Count -eq 0) { 0 } else { 1 })
}
foreach ($p in $verdict.Problems) { Write-Finding "PROBLEM $p" }
Write-Finding ('verdict: {0} (exit code {1})' -f $(if ($verdict.Healthy) { 'healthy' } else { "$($problems.Count) problem(s)" }), $verdict.ExitCode)
if ($PassThru) { $verdict }
if (-not $NoExit) { exit $verdict.ExitCode }
