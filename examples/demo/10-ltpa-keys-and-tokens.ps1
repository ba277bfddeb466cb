<#
.SYNOPSIS
    Demo step: LTPA keys and tokens. Generates keys, exports and reads them back, reads the proxy's key file,
    mints tokens in all three formats, decodes them, and shows tampered and foreign tokens failing.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $LabPath
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# Lab-only passwords (see examples/lab/README.md); real scripts use Read-Host -AsSecureString or a vault.
$labPassword = ConvertTo-SecureString 'Lab-Ltpa-Passw0rd' -AsPlainText -Force
$newPassword = ConvertTo-SecureString 'Demo-New-Keys-1' -AsPlainText -Force

Write-Host '1. Generate a new key set (24-byte shared key, RSA-1024) and export it as a Liberty ltpa.keys file.'
$newFile = Join-Path $LabPath 'proxy/ltpa-new.keys'
$exported = New-LtpaKey -Realm 'ldap.lab.example.com:389' | Export-LtpaKey -Path $newFile -Password $newPassword -PassThru
$exported | Format-List Realm, CreationDate, KeySize, PublicKeyFingerprint, Source | Out-Host

Write-Host '2. Exporting again to the same path is refused without -Force:'
try {
    New-LtpaKey | Export-LtpaKey -Path $newFile -Password $newPassword -ErrorAction Stop
}
catch {
    Write-Host ("   {0}: {1}" -f $_.FullyQualifiedErrorId, $_.Exception.Message)
}

Write-Host '3. Read both key files back: the proxy keys of the lab and the new ones (fingerprints, never key material).'
$proxyKeys = Get-LtpaKey -Path (Join-Path $LabPath 'proxy/ltpa.keys') -Password $labPassword
$newKeys = Get-LtpaKey -Path $newFile -Password $newPassword
@($proxyKeys, $newKeys) | Format-Table Realm, CreationDate, KeySize, PublicKeyFingerprint, Source -AutoSize | Out-Host

Write-Host '   A wrong password is reported as such:'
try {
    Get-LtpaKey -Path $newFile -Password $labPassword -ErrorAction Stop | Out-Null
}
catch {
    Write-Host ("   {0} ({1})" -f $_.FullyQualifiedErrorId, $_.CategoryInfo.Category)
}

Write-Host '4. Mint tokens in the three formats.'
$user = 'uid=alice,ou=people,dc=lab,dc=example,dc=com'
$ltpa2 = $proxyKeys | New-LtpaToken -UserName $user -ExpirationMinutes 120 -AsCookie
$ltpa1 = $proxyKeys | New-LtpaToken -UserName $user -Format LtpaToken -ExpirationMinutes 120 -AsCookie
$secretBytes = New-Object byte[] 20
[System.Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($secretBytes)
$dominoSecret = ConvertTo-SecureString ([Convert]::ToBase64String($secretBytes)) -AsPlainText -Force
$domino = New-LtpaToken -Format DominoLtpaToken -UserName 'CN=Alice Smith/O=Lab' -DominoSecret $dominoSecret -AsCookie
foreach ($cookie in $ltpa2, $ltpa1, $domino) {
    Write-Host ('   {0}...' -f $cookie.Substring(0, [Math]::Min(60, $cookie.Length)))
}

Write-Host '5. Decode them from a Cookie header line, as a browser would send them.'
$header = "Cookie: JSESSIONID=0000demo:-1; $ltpa2; $ltpa1"
$header, $domino | ConvertFrom-LtpaToken -KeySet $proxyKeys -DominoSecret $dominoSecret |
    Format-Table Verdict, Format, User, Realm, @{ n = 'Expires (UTC)'; e = { $_.Expiration.UtcDateTime } } -AutoSize | Out-Host

Write-Host '6. Tampered and foreign tokens fail with a reason.'
$value = $ltpa2.Substring('LtpaToken2='.Length)
$chars = $value.ToCharArray()
$chars[40] = if ($chars[40] -eq 'A') { 'B' } else { 'A' }
$tampered = -join $chars
$foreign = $newKeys | New-LtpaToken -UserName $user
$results = @(
    "LtpaToken2=$tampered"
    "LtpaToken2=$foreign"
) | ConvertFrom-LtpaToken -KeySet $proxyKeys
$results | Format-List Verdict, Reason, TokenFingerprint | Out-Host

Write-Host '   As a yes/no check (for scripts and health checks):'
Write-Host ('   genuine: {0}, tampered: {1}, other keys: {2}' -f (Test-LtpaToken -Token $ltpa2 -KeySet $proxyKeys),
    (Test-LtpaToken -Token $tampered -KeySet $proxyKeys), (Test-LtpaToken -Token $foreign -KeySet $proxyKeys))
