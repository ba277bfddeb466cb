# Helpers shared by ConfigFiles.Tests.ps1 and TrustedIp.Tests.ps1.
Set-StrictMode -Version 3.0

function Invoke-ConcurrentWriter {
    <#
    .SYNOPSIS
        Runs the writer script block in one PowerShell process (background job) per argument list, all at once.
    .DESCRIPTION
        Waits for every writer and returns the failure of each one that did not complete (nothing when all succeeded).
    #>
    param(
        [Parameter(Mandatory)] [scriptblock] $Writer,
        [Parameter(Mandatory)] [object[][]] $ArgumentLists,
        [int] $TimeoutSeconds = 180
    )
    $jobs = @(foreach ($arguments in $ArgumentLists) { Start-Job -ScriptBlock $Writer -ArgumentList $arguments })
    $null = $jobs | Wait-Job -Timeout $TimeoutSeconds
    $failures = @($jobs | Where-Object { $_.State -ne 'Completed' } | ForEach-Object {
            $reason = $_.ChildJobs[0].JobStateInfo.Reason
            if ($reason) { $reason } else { "job $($_.Id) is $($_.State)" }
        })
    $jobs | Remove-Job -Force
    $failures
}

Export-ModuleMember -Function Invoke-ConcurrentWriter
