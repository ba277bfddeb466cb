<#
.SYNOPSIS
    Writes a gallery-ready .nupkg of the staged module to a folder, without any network access.
.DESCRIPTION
    Registers the output folder as a temporary local PSResource repository and publishes the staged module
    to it (PSResourceGet builds the .nupkg from the manifest). The temporary repository is removed again.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

if (-not (Get-Module -ListAvailable -Name Microsoft.PowerShell.PSResourceGet)) {
    throw 'Packaging needs Microsoft.PowerShell.PSResourceGet (bundled with PowerShell 7.4 and later; Install-Module Microsoft.PowerShell.PSResourceGet on Windows PowerShell).'
}
Import-Module Microsoft.PowerShell.PSResourceGet
$null = New-Item -ItemType Directory -Force -Path $OutputPath
Get-ChildItem -LiteralPath $OutputPath -Filter 'SametimeAdmin.*.nupkg' | Remove-Item -Force

$repository = 'SametimeAdminLocalBuild'
if (Get-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue) { Unregister-PSResourceRepository -Name $repository }
Register-PSResourceRepository -Name $repository -Uri (Resolve-Path $OutputPath).Path -Trusted
try {
    Publish-PSResource -Path $ModulePath -Repository $repository -SkipDependenciesCheck
}
finally {
    Unregister-PSResourceRepository -Name $repository
}
$package = Get-ChildItem -LiteralPath $OutputPath -Filter 'SametimeAdmin.*.nupkg' | Select-Object -First 1
if (-not $package) { throw 'No package was written.' }
"Package: $($package.FullName)"
