
use builtin;
use str;

set edit:completion:arg-completer[mdediag] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'mdediag'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'mdediag'= {
            cand --color 'When to color human output'
            cand --format 'Output format'
            cand --no-pager 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
            cand -q 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand --quiet 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand --summary 'Print counts per code and status, locations and distinct targets instead of one block per error'
            cand -v 'Show every fix step and the operation''s limits and platforms (by default: one screen per error)'
            cand --verbose 'Show every fix step and the operation''s limits and platforms (by default: one screen per error)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand diagnose 'Find every error response in FILEs or stdin and explain it (the default command)'
            cand explain 'Look up error codes: by name (any case), Dutch docs alias, HTTP status (403), class (4xx) or AADSTS number'
            cand codes 'List every known error code with its HTTP status and summary'
            cand lint 'Check request bodies against an MDE operation before sending them'
            cand operations 'List every documented MDE operation, or show one: method, path, permissions, limits, parameters'
            cand token 'Explain a 401/403 from the access token itself, offline (the token is never printed)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mdediag;diagnose'= {
            cand --format 'Output format'
            cand --color 'When to color human output'
            cand --summary 'Print counts per code and status, locations and distinct targets instead of one block per error'
            cand -v 'Show every fix step and the operation''s limits and platforms (by default: one screen per error)'
            cand --verbose 'Show every fix step and the operation''s limits and platforms (by default: one screen per error)'
            cand --no-pager 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
            cand -q 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand --quiet 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mdediag;explain'= {
            cand --format 'Output format'
            cand --color 'When to color human output'
            cand --no-pager 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
            cand -q 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand --quiet 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mdediag;codes'= {
            cand --status 'Only codes sent with this HTTP status (403) or class (4xx)'
            cand --format 'Output format'
            cand --color 'When to color human output'
            cand --no-pager 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
            cand -q 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand --quiet 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mdediag;lint'= {
            cand --operation 'The operation, by its short name (see `mdediag operations`)'
            cand --endpoint 'The operation by its request line: ''POST /api/machines/{id}/isolate'', a full URL, a host without scheme, a path relative to the API root, with or without a trailing HTTP/1.1'
            cand --deny 'Also fail (exit 1) on warnings'
            cand --select 'Report only these rules (ids, comma-separated: key-case,key-typo); overrides the config file (mdediag.toml `[lint]` or pyproject.toml `[tool.mdediag.lint]`, `select = [...]`)'
            cand --ignore 'Do not report these rules (ids, comma-separated); overrides the config file''s `ignore = [...]`'
            cand --format 'Output format'
            cand --color 'When to color human output'
            cand --fix 'Apply the unambiguous fixes (key case, enum value case, trailing comma, comment) in place; with `-`, write the fixed body to stdout'
            cand --diff 'Print the unambiguous fixes as a unified diff instead of applying them'
            cand --unsafe-fixes 'With --fix or --diff, also apply the fixes that guess (a misspelled key becomes the nearest documented one)'
            cand --no-pager 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
            cand -q 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand --quiet 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mdediag;operations'= {
            cand --format 'Output format'
            cand --out 'With --format json-schema: write NAME.schema.json into this folder for the named operation, or for every operation with a JSON body, instead of printing'
            cand --method 'List only operations with this HTTP method'
            cand --family 'List only operations of this family'
            cand --permission 'List only operations a token holding this permission can call (application or delegated name, exact case, e.g. Machine.Read.All)'
            cand --color 'When to color human output'
            cand --no-pager 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
            cand -q 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand --quiet 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mdediag;token'= {
            cand --operation 'The operation, by its short name (see `mdediag operations`)'
            cand --endpoint 'The operation by its request line: ''POST /api/machines/{id}/isolate'', a full URL, a host without scheme, a path relative to the API root, with or without a trailing HTTP/1.1'
            cand --now 'Judge exp/nbf against this time (RFC 3339 or Unix seconds) instead of the clock'
            cand --format 'Output format'
            cand --color 'When to color human output'
            cand --redact-ids 'Hide identifying claims (tid, appid, oid, upn) for sharing'
            cand -v 'Also print the `note` findings (what was checked and found fine)'
            cand --verbose 'Also print the `note` findings (what was checked and found fine)'
            cand --no-pager 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
            cand -q 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand --quiet 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mdediag;completions'= {
            cand --color 'When to color human output'
            cand --no-pager 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
            cand -q 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand --quiet 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mdediag;help'= {
            cand diagnose 'Find every error response in FILEs or stdin and explain it (the default command)'
            cand explain 'Look up error codes: by name (any case), Dutch docs alias, HTTP status (403), class (4xx) or AADSTS number'
            cand codes 'List every known error code with its HTTP status and summary'
            cand lint 'Check request bodies against an MDE operation before sending them'
            cand operations 'List every documented MDE operation, or show one: method, path, permissions, limits, parameters'
            cand token 'Explain a 401/403 from the access token itself, offline (the token is never printed)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mdediag;help;diagnose'= {
        }
        &'mdediag;help;explain'= {
        }
        &'mdediag;help;codes'= {
        }
        &'mdediag;help;lint'= {
        }
        &'mdediag;help;operations'= {
        }
        &'mdediag;help;token'= {
        }
        &'mdediag;help;completions'= {
        }
        &'mdediag;help;help'= {
        }
    ]
    $completions[$command]
}
