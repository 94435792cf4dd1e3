
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'mdediag' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'mdediag'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'mdediag' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color human output')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'Print counts per code and status, locations and distinct targets instead of one block per error')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show every fix step and the operation''s limits and platforms (by default: one screen per error)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show every fix step and the operation''s limits and platforms (by default: one screen per error)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('diagnose', 'diagnose', [CompletionResultType]::ParameterValue, 'Find every error response in FILEs or stdin and explain it (the default command)')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Look up error codes: by name (any case), Dutch docs alias, HTTP status (403), class (4xx) or AADSTS number')
            [CompletionResult]::new('codes', 'codes', [CompletionResultType]::ParameterValue, 'List every known error code with its HTTP status and summary')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check request bodies against an MDE operation before sending them')
            [CompletionResult]::new('operations', 'operations', [CompletionResultType]::ParameterValue, 'List every documented MDE operation, or show one: method, path, permissions, limits, parameters')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Explain a 401/403 from the access token itself, offline (the token is never printed)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mdediag;diagnose' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color human output')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'Print counts per code and status, locations and distinct targets instead of one block per error')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show every fix step and the operation''s limits and platforms (by default: one screen per error)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show every fix step and the operation''s limits and platforms (by default: one screen per error)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mdediag;explain' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color human output')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mdediag;codes' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only codes sent with this HTTP status (403) or class (4xx)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color human output')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mdediag;lint' {
            [CompletionResult]::new('--operation', '--operation', [CompletionResultType]::ParameterName, 'The operation, by its short name (see `mdediag operations`)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The operation by its request line: ''POST /api/machines/{id}/isolate'', a full URL, a host without scheme, a path relative to the API root, with or without a trailing HTTP/1.1')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Also fail (exit 1) on warnings')
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'Report only these rules (ids, comma-separated: key-case,key-typo); overrides the config file (mdediag.toml `[lint]` or pyproject.toml `[tool.mdediag.lint]`, `select = [...]`)')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Do not report these rules (ids, comma-separated); overrides the config file''s `ignore = [...]`')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color human output')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Apply the unambiguous fixes (key case, enum value case, trailing comma, comment) in place; with `-`, write the fixed body to stdout')
            [CompletionResult]::new('--diff', '--diff', [CompletionResultType]::ParameterName, 'Print the unambiguous fixes as a unified diff instead of applying them')
            [CompletionResult]::new('--unsafe-fixes', '--unsafe-fixes', [CompletionResultType]::ParameterName, 'With --fix or --diff, also apply the fixes that guess (a misspelled key becomes the nearest documented one)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mdediag;operations' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'With --format json-schema: write NAME.schema.json into this folder for the named operation, or for every operation with a JSON body, instead of printing')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'List only operations with this HTTP method')
            [CompletionResult]::new('--family', '--family', [CompletionResultType]::ParameterName, 'List only operations of this family')
            [CompletionResult]::new('--permission', '--permission', [CompletionResultType]::ParameterName, 'List only operations a token holding this permission can call (application or delegated name, exact case, e.g. Machine.Read.All)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color human output')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mdediag;token' {
            [CompletionResult]::new('--operation', '--operation', [CompletionResultType]::ParameterName, 'The operation, by its short name (see `mdediag operations`)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The operation by its request line: ''POST /api/machines/{id}/isolate'', a full URL, a host without scheme, a path relative to the API root, with or without a trailing HTTP/1.1')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge exp/nbf against this time (RFC 3339 or Unix seconds) instead of the clock')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color human output')
            [CompletionResult]::new('--redact-ids', '--redact-ids', [CompletionResultType]::ParameterName, 'Hide identifying claims (tid, appid, oid, upn) for sharing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print the `note` findings (what was checked and found fine)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print the `note` findings (what was checked and found fine)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mdediag;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color human output')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mdediag;help' {
            [CompletionResult]::new('diagnose', 'diagnose', [CompletionResultType]::ParameterValue, 'Find every error response in FILEs or stdin and explain it (the default command)')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Look up error codes: by name (any case), Dutch docs alias, HTTP status (403), class (4xx) or AADSTS number')
            [CompletionResult]::new('codes', 'codes', [CompletionResultType]::ParameterValue, 'List every known error code with its HTTP status and summary')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check request bodies against an MDE operation before sending them')
            [CompletionResult]::new('operations', 'operations', [CompletionResultType]::ParameterValue, 'List every documented MDE operation, or show one: method, path, permissions, limits, parameters')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Explain a 401/403 from the access token itself, offline (the token is never printed)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mdediag;help;diagnose' {
            break
        }
        'mdediag;help;explain' {
            break
        }
        'mdediag;help;codes' {
            break
        }
        'mdediag;help;lint' {
            break
        }
        'mdediag;help;operations' {
            break
        }
        'mdediag;help;token' {
            break
        }
        'mdediag;help;completions' {
            break
        }
        'mdediag;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
