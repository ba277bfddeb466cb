<#
.SYNOPSIS
    Builds MAML help (<Assembly>.dll-Help.xml) for a binary module from platyPS-style markdown.
.DESCRIPTION
    Prose (synopsis, description, examples, parameter descriptions, inputs, outputs, notes, links) comes
    from module/help/<Cmdlet>.md. Syntax, parameter types, positions, pipeline input and aliases come from
    the imported module's command metadata, so they cannot drift from the code. Any exported cmdlet without
    a help file, synopsis, description, example or parameter description fails the build.
    Runs in a child process of build.ps1 (it imports the staged module). Windows PowerShell 5.1 compatible.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ManifestPath,
    [Parameter(Mandatory)] [string] $HelpSourcePath,
    [Parameter(Mandatory)] [string] $OutputFile
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# The common parameters of this PowerShell version (ProgressAction exists only on 7.4+), read off an empty advanced function.
function Get-CommonParameterName { [CmdletBinding(SupportsShouldProcess)] param() }
$commonParameters = @((Get-Command Get-CommonParameterName).Parameters.Keys)
# -WhatIf and -Confirm are common parameters too, but Get-Help shows only what the MAML lists, so a cmdlet that
# supports ShouldProcess lists them in its syntax and parameters like any other (as platyPS does).
$shouldProcessParameters = [ordered]@{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}
$listedCommonParameters = @($shouldProcessParameters.Keys)

function Read-HelpMarkdown {
    param([string] $Path)
    $lines = [System.IO.File]::ReadAllLines($Path)
    $doc = @{ Sections = @{}; Examples = @(); Parameters = @{}; Inputs = @(); Outputs = @(); Links = @() }
    $section = $null; $sub = $null; $buffer = New-Object System.Collections.Generic.List[string]
    $inFence = $false; $fenceLang = ''

    $flush = {
        $text = ($buffer -join "`n").Trim()
        $buffer.Clear()
        if ($null -eq $section) { return }
        switch ($section) {
            'EXAMPLES' { if ($null -ne $sub) { $sub.Remarks = ($sub.Remarks + "`n`n" + $text).Trim() } }
            'PARAMETERS' { if ($null -ne $sub -and $sub.Name -ne 'CommonParameters') { $doc.Parameters[$sub.Name] = ($doc.Parameters[$sub.Name] + "`n`n" + $text).Trim() } }
            'INPUTS' { if ($null -ne $sub) { $sub.Description = ($sub.Description + "`n`n" + $text).Trim() } }
            'OUTPUTS' { if ($null -ne $sub) { $sub.Description = ($sub.Description + "`n`n" + $text).Trim() } }
            default { if ($text) { $doc.Sections[$section] = ($doc.Sections[$section] + "`n`n" + $text).Trim() } }
        }
    }

    $inFrontMatter = $false
    for ($i = 0; $i -lt $lines.Length; $i++) {
        $line = $lines[$i]
        if ($i -eq 0 -and $line -eq '---') { $inFrontMatter = $true; continue }
        if ($inFrontMatter) { if ($line -eq '---') { $inFrontMatter = $false }; continue }
        if ($line -match '^```(\w*)') {
            if (-not $inFence) {
                $inFence = $true; $fenceLang = $Matches[1]
                if ($section -eq 'EXAMPLES' -and $null -ne $sub -and $fenceLang -ne 'yaml') { & $flush; $sub.CodeStart = $true }
                continue
            }
            $inFence = $false
            if ($section -eq 'EXAMPLES' -and $null -ne $sub -and $fenceLang -ne 'yaml') {
                $sub.Code = ($buffer -join "`n").TrimEnd(); $buffer.Clear()
            }
            elseif ($fenceLang -eq 'yaml') { $buffer.Clear() }
            continue
        }
        if ($inFence) { if ($fenceLang -ne 'yaml') { $buffer.Add($line) }; continue }
        if ($line -match '^# ') { continue }
        if ($line -match '^## (.+)$') { & $flush; $section = $Matches[1].Trim().ToUpperInvariant(); $sub = $null; continue }
        if ($line -match '^### (.+)$') {
            & $flush
            $title = $Matches[1].Trim()
            switch ($section) {
                'EXAMPLES' { $sub = [pscustomobject]@{ Title = $title; Code = ''; Remarks = ''; CodeStart = $false }; $doc.Examples += $sub }
                'PARAMETERS' { $sub = [pscustomobject]@{ Name = $title.TrimStart('-') } }
                'INPUTS' { $sub = [pscustomobject]@{ Type = $title; Description = '' }; $doc.Inputs += $sub }
                'OUTPUTS' { $sub = [pscustomobject]@{ Type = $title; Description = '' }; $doc.Outputs += $sub }
                default { $buffer.Add($line) }
            }
            continue
        }
        if ($section -eq 'RELATED LINKS' -and $line -match '^\[(.+?)\]\((.*?)\)') {
            $uri = $Matches[2]; if ($uri -notmatch '^https?://') { $uri = '' }
            $doc.Links += [pscustomobject]@{ Text = $Matches[1]; Uri = $uri }
            continue
        }
        $buffer.Add($line)
    }
    & $flush
    return $doc
}

function Write-Paragraphs {
    param([System.Xml.XmlWriter] $Writer, [string] $Text)
    $paras = @(($Text -split "(`r?`n){2,}") | Where-Object { $_ -and $_.Trim() })
    if ($paras.Count -eq 0) { $Writer.WriteElementString('maml', 'para', $mamlNs, ''); return }
    foreach ($p in $paras) { $Writer.WriteElementString('maml', 'para', $mamlNs, (($p -split "`r?`n") -join ' ').Trim()) }
}

function Get-TypeDisplayName {
    param([Type] $Type)
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    # A [DateTime?] parameter is shown as what the user types (DateTime), not as Nullable`1.
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($null -ne $underlying) { return $underlying.Name }
    return $Type.Name
}

# The value a parameter has when it is not given, read off a fresh instance of the cmdlet class so that help cannot
# drift from the code: 'None' for null, empty and zero (the "not given" of an optional value), 'False' for switches.
function Get-ParameterDefault {
    param($Instance, $Parameter)
    if ($Parameter.SwitchParameter) { return 'False' }
    if ($null -eq $Instance) { return 'None' }
    $property = $Instance.GetType().GetProperty($Parameter.Name)
    if ($null -eq $property) { return 'None' }
    $value = $property.GetValue($Instance)
    # Never show a secret, nor an object whose text is only its type name (an empty SecureString placeholder).
    if ($null -eq $value -or $value -is [System.Security.SecureString] -or $value -is [System.Management.Automation.PSCredential]) { return 'None' }
    if ($value -is [array]) {
        if ($value.Length -eq 0) { return 'None' }
        return ((@($value) | ForEach-Object { [System.Convert]::ToString($_, [System.Globalization.CultureInfo]::InvariantCulture) }) -join ', ')
    }
    $type = $value.GetType()
    if ($type.IsValueType -and $value.Equals([Activator]::CreateInstance($type))) { return 'None' }
    $text = [System.Convert]::ToString($value, [System.Globalization.CultureInfo]::InvariantCulture)
    if ([string]::IsNullOrEmpty($text) -or $text -eq $type.FullName) { return 'None' }
    $text
}

function Write-Parameter {
    param([System.Xml.XmlWriter] $Writer, $Parameter, $SetData, [string] $Description, [string] $Default = 'None')
    $pipeline = @()
    if ($SetData.ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($SetData.ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    $pipelineText = 'False'; if ($pipeline.Count) { $pipelineText = 'True (' + ($pipeline -join ', ') + ')' }
    $position = 'named'; if ($SetData.Position -ge 0) { $position = [string]$SetData.Position }
    $aliases = 'none'; if ($Parameter.Aliases.Count) { $aliases = $Parameter.Aliases -join ', ' }
    $isSwitch = $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
    $globbing = [bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })

    $Writer.WriteStartElement('command', 'parameter', $commandNs)
    $Writer.WriteAttributeString('required', ([string]$SetData.IsMandatory).ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', ([string]$Parameter.ParameterType.IsArray).ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', ([string]$globbing).ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $pipelineText)
    $Writer.WriteAttributeString('position', $position)
    $Writer.WriteAttributeString('aliases', $aliases)
    $Writer.WriteElementString('maml', 'name', $mamlNs, $Parameter.Name)
    $Writer.WriteStartElement('maml', 'description', $mamlNs); Write-Paragraphs $Writer $Description; $Writer.WriteEndElement()
    # The values the syntax lists ({A | B | C}): a ValidateSet's, or an enum's (also of Nullable<enum> and enum[]).
    $values = @()
    $validateSet = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
    $valueType = $Parameter.ParameterType
    if ($valueType.IsArray) { $valueType = $valueType.GetElementType() }
    if ($null -ne [Nullable]::GetUnderlyingType($valueType)) { $valueType = [Nullable]::GetUnderlyingType($valueType) }
    if ($validateSet) { $values = @($validateSet.ValidValues) }
    elseif ($valueType.IsEnum) { $values = @([Enum]::GetNames($valueType)) }
    if ($values.Count) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $commandNs)
        foreach ($v in $values) {
            $Writer.WriteStartElement('command', 'parameterValue', $commandNs)
            $Writer.WriteAttributeString('required', 'false'); $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString($v); $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    if (-not $isSwitch) {
        $Writer.WriteStartElement('command', 'parameterValue', $commandNs)
        $Writer.WriteAttributeString('required', ([string]$SetData.IsMandatory).ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', ([string]$Parameter.ParameterType.IsArray).ToLowerInvariant())
        $Writer.WriteString((Get-TypeDisplayName $Parameter.ParameterType)); $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $devNs)
    $Writer.WriteElementString('maml', 'name', $mamlNs, (Get-TypeDisplayName $Parameter.ParameterType))
    $Writer.WriteElementString('maml', 'uri', $mamlNs, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $devNs, $Default)
    $Writer.WriteEndElement()
}

function Write-TypeList {
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, $Items)
    $Writer.WriteStartElement('command', $ListName, $commandNs)
    foreach ($item in $Items) {
        $Writer.WriteStartElement('command', $ItemName, $commandNs)
        $Writer.WriteStartElement('dev', 'type', $devNs); $Writer.WriteElementString('maml', 'name', $mamlNs, $item.Type); $Writer.WriteEndElement()
        $Writer.WriteStartElement('maml', 'description', $mamlNs); Write-Paragraphs $Writer $item.Description; $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

$mamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$commandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$devNs = 'http://schemas.microsoft.com/maml/dev/2004/10'

$module = Import-Module -Name $ManifestPath -PassThru -Force
$commands = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)
$problems = New-Object System.Collections.Generic.List[string]

$settings = New-Object System.Xml.XmlWriterSettings
$settings.Indent = $true
$settings.Encoding = New-Object System.Text.UTF8Encoding($false)
$null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent $OutputFile)
$writer = [System.Xml.XmlWriter]::Create($OutputFile, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($command in $commands) {
        $source = Join-Path $HelpSourcePath ($command.Name + '.md')
        if (-not (Test-Path -LiteralPath $source)) { $problems.Add("$($command.Name): no help source $source"); continue }
        $doc = Read-HelpMarkdown -Path $source
        foreach ($required in 'SYNOPSIS', 'DESCRIPTION') {
            if (-not $doc.Sections.ContainsKey($required)) { $problems.Add("$($command.Name): missing $required") }
        }
        if ($doc.Examples.Count -eq 0 -or -not ($doc.Examples | Where-Object { $_.Code })) { $problems.Add("$($command.Name): needs at least one example with code") }
        $ownParameters = @($command.Parameters.Values | Where-Object { $commonParameters -notcontains $_.Name })
        foreach ($p in $ownParameters) {
            if (-not $doc.Parameters.ContainsKey($p.Name) -or -not $doc.Parameters[$p.Name]) { $problems.Add("$($command.Name): parameter -$($p.Name) is not described") }
        }
        foreach ($described in $doc.Parameters.Keys) {
            if (-not ($ownParameters | Where-Object { $_.Name -eq $described })) { $problems.Add("$($command.Name): help describes -$described, which the cmdlet does not have") }
        }

        $writer.WriteStartElement('command', 'command', $commandNs)
        $writer.WriteAttributeString('xmlns', 'maml', $null, $mamlNs)
        $writer.WriteAttributeString('xmlns', 'dev', $null, $devNs)
        $writer.WriteStartElement('command', 'details', $commandNs)
        $writer.WriteElementString('command', 'name', $commandNs, $command.Name)
        $writer.WriteElementString('command', 'verb', $commandNs, $command.Verb)
        $writer.WriteElementString('command', 'noun', $commandNs, $command.Noun)
        $writer.WriteStartElement('maml', 'description', $mamlNs); Write-Paragraphs $writer ([string]$doc.Sections['SYNOPSIS']); $writer.WriteEndElement()
        $writer.WriteEndElement()
        $writer.WriteStartElement('maml', 'description', $mamlNs); Write-Paragraphs $writer ([string]$doc.Sections['DESCRIPTION']); $writer.WriteEndElement()

        $instance = $null
        try { $instance = [Activator]::CreateInstance($command.ImplementingType) } catch { $instance = $null }

        $writer.WriteStartElement('command', 'syntax', $commandNs)
        foreach ($set in $command.ParameterSets) {
            $writer.WriteStartElement('command', 'syntaxItem', $commandNs)
            $writer.WriteElementString('maml', 'name', $mamlNs, $command.Name)
            # Own parameters by position, then mandatory first; -WhatIf and -Confirm last, as Get-Command shows them.
            $ordered = $set.Parameters | Where-Object { $commonParameters -notcontains $_.Name } |
                Sort-Object @{ Expression = { if ($_.Position -ge 0) { $_.Position } else { [int]::MaxValue } } }, @{ Expression = { -not $_.IsMandatory } }
            foreach ($sp in $ordered) {
                $full = $command.Parameters[$sp.Name]
                Write-Parameter -Writer $writer -Parameter $full -SetData $sp -Description ([string]$doc.Parameters[$sp.Name]) -Default (Get-ParameterDefault $instance $full)
            }
            foreach ($name in $listedCommonParameters) {
                $sp = $set.Parameters | Where-Object { $_.Name -eq $name } | Select-Object -First 1
                if ($sp) { Write-Parameter -Writer $writer -Parameter $command.Parameters[$name] -SetData $sp -Description $shouldProcessParameters[$name] -Default 'False' }
            }
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'parameters', $commandNs)
        foreach ($p in ($ownParameters | Sort-Object Name)) {
            $setData = $p.ParameterSets.Values | Select-Object -First 1
            Write-Parameter -Writer $writer -Parameter $p -SetData $setData -Description ([string]$doc.Parameters[$p.Name]) -Default (Get-ParameterDefault $instance $p)
        }
        foreach ($name in $listedCommonParameters) {
            if ($command.Parameters.ContainsKey($name)) {
                $p = $command.Parameters[$name]
                Write-Parameter -Writer $writer -Parameter $p -SetData ($p.ParameterSets.Values | Select-Object -First 1) -Description $shouldProcessParameters[$name] -Default 'False'
            }
        }
        $writer.WriteEndElement()

        $inputs = $doc.Inputs; if (-not $inputs) { $inputs = @([pscustomobject]@{ Type = 'None'; Description = 'This cmdlet does not take pipeline input.' }) }
        Write-TypeList -Writer $writer -ListName 'inputTypes' -ItemName 'inputType' -Items $inputs
        $outputs = $doc.Outputs
        if (-not $outputs) { $outputs = @($command.OutputType | ForEach-Object { [pscustomobject]@{ Type = $_.Name; Description = '' } }) }
        Write-TypeList -Writer $writer -ListName 'returnValues' -ItemName 'returnValue' -Items $outputs

        if ($doc.Sections.ContainsKey('NOTES')) {
            $writer.WriteStartElement('maml', 'alertSet', $mamlNs); $writer.WriteStartElement('maml', 'alert', $mamlNs)
            Write-Paragraphs $writer ([string]$doc.Sections['NOTES']); $writer.WriteEndElement(); $writer.WriteEndElement()
        }

        $writer.WriteStartElement('command', 'examples', $commandNs)
        foreach ($example in $doc.Examples) {
            $writer.WriteStartElement('command', 'example', $commandNs)
            $writer.WriteElementString('maml', 'title', $mamlNs, "-------------------------- $($example.Title) --------------------------")
            $writer.WriteElementString('dev', 'code', $devNs, $example.Code)
            $writer.WriteStartElement('dev', 'remarks', $devNs); Write-Paragraphs $writer $example.Remarks; $writer.WriteEndElement()
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'relatedLinks', $commandNs)
        foreach ($link in $doc.Links) {
            $writer.WriteStartElement('maml', 'navigationLink', $mamlNs)
            $writer.WriteElementString('maml', 'linkText', $mamlNs, $link.Text)
            $writer.WriteElementString('maml', 'uri', $mamlNs, $link.Uri)
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}

if ($problems.Count) {
    $problems | ForEach-Object { Write-Warning $_ }
    throw "Help is incomplete for $($problems.Count) item(s); see the warnings above."
}
"Help: $($commands.Count) cmdlet(s) written to $OutputFile"
