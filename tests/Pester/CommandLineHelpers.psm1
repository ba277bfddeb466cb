# Reads the commands out of command lines written in texts (fix texts, README, docs), as PowerShell parses them, and
# the tables and code spans of Markdown files that hold such command lines.
Set-StrictMode -Version 3.0

# The commands of a command line (pipelines included) with the parameters each is given, parsed as PowerShell
# parses them; composite-format items ({0}) parse as values. Command names given as arguments (Get-Help X) count too.
function Get-NamedCommand {
    param([Parameter(Mandatory)] [string] $CommandLine)
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($CommandLine, [ref] $tokens, [ref] $errors)
    if ($errors.Count) { throw "'$CommandLine' is not a PowerShell command line: $($errors[0].Message)" }
    foreach ($command in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)) {
        [pscustomobject]@{
            Name       = $command.GetCommandName()
            Parameters = @($command.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object { $_.ParameterName })
        }
        # Every element after the command name (element 0) that is a bare Verb-Noun word names a command too.
        $elements = @($command.CommandElements)
        foreach ($argument in @($elements | Where-Object { [array]::IndexOf($elements, $_) -gt 0 })) {
            if ($argument -is [System.Management.Automation.Language.StringConstantExpressionAst] -and
                $argument.StringConstantType -eq 'BareWord' -and $argument.Value -match '^[A-Z][a-z]+-[A-Z][A-Za-z0-9]+$') {
                [pscustomobject]@{ Name = $argument.Value; Parameters = @() }
            }
        }
    }
}

# The rows of the first Markdown table after the line $Heading (a heading or a paragraph's first line), each as its
# cells, header and separator rows left out. A | inside a code span does not split a cell.
function Get-MarkdownTable {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Heading)
    $lines = [System.IO.File]::ReadAllLines($Path)
    $at = [array]::IndexOf($lines, $Heading)
    if ($at -lt 0) { throw "'$Path' has no line '$Heading'." }
    $inTable = $false
    $rows = New-Object System.Collections.Generic.List[object]
    for ($i = $at + 1; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if (-not $line.StartsWith('|')) {
            if ($inTable) { break }
            continue
        }
        if (-not $inTable) { $inTable = $true; $i++; continue }   # the header and the separator row
        $cells = New-Object System.Collections.Generic.List[string]
        $cell = New-Object System.Text.StringBuilder
        $inCode = $false
        foreach ($c in $line.Substring(1).TrimEnd().TrimEnd('|').ToCharArray()) {
            if ($c -eq '`') { $inCode = -not $inCode }
            if ($c -eq '|' -and -not $inCode) { $cells.Add($cell.ToString().Trim()); [void] $cell.Clear(); continue }
            [void] $cell.Append($c)
        }
        $cells.Add($cell.ToString().Trim())
        $rows.Add([pscustomobject]@{ Line = $i + 1; Cells = $cells.ToArray() })
    }
    $rows.ToArray()
}

# The code spans of a Markdown text, in order.
function Get-CodeSpan {
    param([AllowEmptyString()] [string] $Text)
    foreach ($match in [regex]::Matches($Text, '`([^`]+)`')) { $match.Groups[1].Value }
}

# The code spans inside square brackets ([`A.B`, `C.*`]), the way the README writes checklist ids.
function Get-BracketedCodeSpan {
    param([AllowEmptyString()] [string] $Text)
    foreach ($match in [regex]::Matches($Text, '\[((?:\s*`[^`]+`\s*,?)+)\]')) { Get-CodeSpan $match.Groups[1].Value }
}

# The commands and parameters a cell names in its code spans: a span that starts with Verb-Noun is a command line
# (placeholders <...> become a word, optional [-Parameter ...] groups are read as given); a span that is only
# parameters (-LogPath, -ReplicateWith LDAP1) belongs to the command named last before it. Other spans are no commands.
function Get-CellCommand {
    param([AllowEmptyString()] [string] $Text)
    $last = $null
    foreach ($span in @(Get-CodeSpan $Text)) {
        $line = [regex]::Replace($span, '<[^>]*>', 'x')
        $line = [regex]::Replace($line, '\[(-[^\]]*)\]', '$1')
        if ($line -match '^[A-Z][a-z]+-[A-Z][A-Za-z0-9]+(\s|$)') {
            foreach ($named in @(Get-NamedCommand $line)) {
                $last = $named.Name
                [pscustomobject]@{ Span = $span; Name = $named.Name; Parameters = $named.Parameters }
            }
        }
        elseif ($line -match '^-[A-Za-z]') {
            if ($null -eq $last) { throw "'$span' gives parameters but no command is named before it in: $Text" }
            $parameters = @(Get-NamedCommand "$last $line" | Select-Object -First 1 | ForEach-Object { $_.Parameters })
            [pscustomobject]@{ Span = $span; Name = $last; Parameters = $parameters }
        }
    }
}

Export-ModuleMember -Function Get-NamedCommand, Get-MarkdownTable, Get-CodeSpan, Get-BracketedCodeSpan, Get-CellCommand
