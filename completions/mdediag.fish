# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_mdediag_global_optspecs
    string join \n color= no-pager q/quiet summary format= h/help V/version
end

function __fish_mdediag_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_mdediag_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_mdediag_using_subcommand
    set -l cmd (__fish_mdediag_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c mdediag -n "__fish_mdediag_needs_command" -l color -d 'When to color human output' -r -f -a "auto\t'Color when stdout is a terminal and NO_COLOR is unset'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c mdediag -n "__fish_mdediag_needs_command" -l format -d 'Output format' -r -f -a "human\t'One block per error, for people'
json\t'One JSON array (or one object with --summary)'
jsonl\t'One JSON object per line, streamed as responses are found'"
complete -c mdediag -n "__fish_mdediag_needs_command" -l no-pager -d 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
complete -c mdediag -n "__fish_mdediag_needs_command" -s q -l quiet -d 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
complete -c mdediag -n "__fish_mdediag_needs_command" -l summary -d 'Print counts per code and status, locations and distinct targets instead of one block per error'
complete -c mdediag -n "__fish_mdediag_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mdediag -n "__fish_mdediag_needs_command" -s V -l version -d 'Print version'
complete -c mdediag -n "__fish_mdediag_needs_command" -a "diagnose" -d 'Find every error response in FILEs or stdin and explain it (the default command)'
complete -c mdediag -n "__fish_mdediag_needs_command" -a "explain" -d 'Look up error codes: by name (any case), Dutch docs alias, HTTP status (403), class (4xx) or AADSTS number'
complete -c mdediag -n "__fish_mdediag_needs_command" -a "codes" -d 'List every known error code with its HTTP status and summary'
complete -c mdediag -n "__fish_mdediag_needs_command" -a "lint" -d 'Check request bodies against an MDE operation before sending them'
complete -c mdediag -n "__fish_mdediag_needs_command" -a "operations" -d 'List every documented MDE operation, or show one: method, path, permissions, limits, parameters'
complete -c mdediag -n "__fish_mdediag_needs_command" -a "token" -d 'Explain a 401/403 from the access token itself, offline (the token is never printed)'
complete -c mdediag -n "__fish_mdediag_needs_command" -a "completions" -d 'Print a shell completion script'
complete -c mdediag -n "__fish_mdediag_needs_command" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mdediag -n "__fish_mdediag_using_subcommand diagnose" -l format -d 'Output format' -r -f -a "human\t'One block per error, for people'
json\t'One JSON array (or one object with --summary)'
jsonl\t'One JSON object per line, streamed as responses are found'"
complete -c mdediag -n "__fish_mdediag_using_subcommand diagnose" -l color -d 'When to color human output' -r -f -a "auto\t'Color when stdout is a terminal and NO_COLOR is unset'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c mdediag -n "__fish_mdediag_using_subcommand diagnose" -l summary -d 'Print counts per code and status, locations and distinct targets instead of one block per error'
complete -c mdediag -n "__fish_mdediag_using_subcommand diagnose" -l no-pager -d 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
complete -c mdediag -n "__fish_mdediag_using_subcommand diagnose" -s q -l quiet -d 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
complete -c mdediag -n "__fish_mdediag_using_subcommand diagnose" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mdediag -n "__fish_mdediag_using_subcommand explain" -l format -d 'Output format' -r -f -a "human\t'Text for people'
json\t'JSON, stable and documented in README'"
complete -c mdediag -n "__fish_mdediag_using_subcommand explain" -l color -d 'When to color human output' -r -f -a "auto\t'Color when stdout is a terminal and NO_COLOR is unset'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c mdediag -n "__fish_mdediag_using_subcommand explain" -l no-pager -d 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
complete -c mdediag -n "__fish_mdediag_using_subcommand explain" -s q -l quiet -d 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
complete -c mdediag -n "__fish_mdediag_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mdediag -n "__fish_mdediag_using_subcommand codes" -l status -d 'Only codes sent with this HTTP status (403) or class (4xx)' -r
complete -c mdediag -n "__fish_mdediag_using_subcommand codes" -l format -d 'Output format' -r -f -a "human\t'Text for people'
json\t'JSON, stable and documented in README'"
complete -c mdediag -n "__fish_mdediag_using_subcommand codes" -l color -d 'When to color human output' -r -f -a "auto\t'Color when stdout is a terminal and NO_COLOR is unset'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c mdediag -n "__fish_mdediag_using_subcommand codes" -l no-pager -d 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
complete -c mdediag -n "__fish_mdediag_using_subcommand codes" -s q -l quiet -d 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
complete -c mdediag -n "__fish_mdediag_using_subcommand codes" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mdediag -n "__fish_mdediag_using_subcommand lint" -l operation -d 'The operation the body is for, by its short name (see `mdediag operations`)' -r -f -a "isolate-machine\t''
release-machine-from-isolation\t''
restrict-app-execution\t''
remove-app-restriction\t''
run-antivirus-scan\t''
collect-investigation-package\t''
offboard-machine\t''
stop-and-quarantine-file\t''
run-live-response\t''
upload-library-file\t''
submit-or-update-indicator\t''
import-indicators\t''
batch-delete-indicators\t''
update-alert\t''
batch-update-alerts\t''
create-alert-by-reference\t''
advanced-hunting-run\t''
add-or-remove-machine-tag\t''
add-or-remove-tag-multiple-machines\t''
update-machine\t''
set-device-value\t''
cancel-machine-action\t''
start-automated-investigation\t''
add-scan-definition\t''
update-scan-definition\t''
delete-scan-definitions\t''
get-scan-history-by-definition\t''
get-scan-history-by-session\t''"
complete -c mdediag -n "__fish_mdediag_using_subcommand lint" -l endpoint -d 'The request line the body is for: \'POST /api/machines/{id}/isolate\', a full URL, a host without scheme, a path relative to the API root, with or without a trailing HTTP/1.1' -r
complete -c mdediag -n "__fish_mdediag_using_subcommand lint" -l deny -d 'Also fail (exit 1) on warnings' -r -f -a "warnings\t'Warnings fail the run too'"
complete -c mdediag -n "__fish_mdediag_using_subcommand lint" -l format -d 'Output format' -r -f -a "human\t'rustc-style diagnostics with the source line and a caret'
json\t'One JSON array of findings'
sarif\t'SARIF 2.1.0, for code-scanning dashboards'
github\t'GitHub Actions workflow commands (::error file=…)'"
complete -c mdediag -n "__fish_mdediag_using_subcommand lint" -l color -d 'When to color human output' -r -f -a "auto\t'Color when stdout is a terminal and NO_COLOR is unset'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c mdediag -n "__fish_mdediag_using_subcommand lint" -l fix -d 'Apply the unambiguous fixes (key case, enum value case, trailing comma, comment) in place; with `-`, write the fixed body to stdout'
complete -c mdediag -n "__fish_mdediag_using_subcommand lint" -l diff -d 'Print the unambiguous fixes as a unified diff instead of applying them'
complete -c mdediag -n "__fish_mdediag_using_subcommand lint" -l no-pager -d 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
complete -c mdediag -n "__fish_mdediag_using_subcommand lint" -s q -l quiet -d 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
complete -c mdediag -n "__fish_mdediag_using_subcommand lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mdediag -n "__fish_mdediag_using_subcommand operations" -l format -d 'Output format' -r -f -a "human\t'Text for people'
json\t'JSON, stable and documented in README'
json-schema\t'JSON Schema (draft 2020-12) of the request body, for editors (VS Code json.schemas)'"
complete -c mdediag -n "__fish_mdediag_using_subcommand operations" -l out -d 'With --format json-schema: write NAME.schema.json into this folder for the named operation, or for every operation with a JSON body, instead of printing' -r -F
complete -c mdediag -n "__fish_mdediag_using_subcommand operations" -l method -d 'List only operations with this HTTP method' -r -f -a "GET\t''
POST\t''
PATCH\t''
PUT\t''
DELETE\t''"
complete -c mdediag -n "__fish_mdediag_using_subcommand operations" -l family -d 'List only operations of this family' -r -f -a "machines\t''
machine-actions\t''
live-response\t''
library\t''
indicators\t''
alerts\t''
investigations\t''
hunting\t''
files\t''
domains\t''
ips\t''
users\t''
software\t''
vulnerabilities\t''
recommendations\t''
remediation\t''
scores\t''
scan-definitions\t''
device-health\t''
tvm-exports\t''
baselines\t''
browser-extensions\t''
certificates\t''"
complete -c mdediag -n "__fish_mdediag_using_subcommand operations" -l permission -d 'List only operations a token holding this permission can call (application or delegated name, exact case, e.g. Machine.Read.All)' -r
complete -c mdediag -n "__fish_mdediag_using_subcommand operations" -l color -d 'When to color human output' -r -f -a "auto\t'Color when stdout is a terminal and NO_COLOR is unset'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c mdediag -n "__fish_mdediag_using_subcommand operations" -l no-pager -d 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
complete -c mdediag -n "__fish_mdediag_using_subcommand operations" -s q -l quiet -d 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
complete -c mdediag -n "__fish_mdediag_using_subcommand operations" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mdediag -n "__fish_mdediag_using_subcommand token" -l operation -d 'Check the token\'s permissions against this operation' -r -f -a "isolate-machine\t''
release-machine-from-isolation\t''
restrict-app-execution\t''
remove-app-restriction\t''
run-antivirus-scan\t''
collect-investigation-package\t''
offboard-machine\t''
stop-and-quarantine-file\t''
run-live-response\t''
upload-library-file\t''
submit-or-update-indicator\t''
import-indicators\t''
batch-delete-indicators\t''
update-alert\t''
batch-update-alerts\t''
create-alert-by-reference\t''
advanced-hunting-run\t''
add-or-remove-machine-tag\t''
add-or-remove-tag-multiple-machines\t''
update-machine\t''
set-device-value\t''
cancel-machine-action\t''
start-automated-investigation\t''
add-scan-definition\t''
update-scan-definition\t''
delete-scan-definitions\t''
get-scan-history-by-definition\t''
get-scan-history-by-session\t''"
complete -c mdediag -n "__fish_mdediag_using_subcommand token" -l endpoint -d 'Check the token\'s permissions against this request line (\'POST https://…/isolate\')' -r
complete -c mdediag -n "__fish_mdediag_using_subcommand token" -l now -d 'Judge exp/nbf against this time (RFC 3339 or Unix seconds) instead of the clock' -r
complete -c mdediag -n "__fish_mdediag_using_subcommand token" -l format -d 'Output format' -r -f -a "human\t'Text for people'
json\t'JSON, stable and documented in README'"
complete -c mdediag -n "__fish_mdediag_using_subcommand token" -l color -d 'When to color human output' -r -f -a "auto\t'Color when stdout is a terminal and NO_COLOR is unset'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c mdediag -n "__fish_mdediag_using_subcommand token" -l redact-ids -d 'Hide identifying claims (tid, appid, oid, upn) for sharing'
complete -c mdediag -n "__fish_mdediag_using_subcommand token" -s v -l verbose -d 'Also print the `info` findings (what was checked and found fine)'
complete -c mdediag -n "__fish_mdediag_using_subcommand token" -l no-pager -d 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
complete -c mdediag -n "__fish_mdediag_using_subcommand token" -s q -l quiet -d 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
complete -c mdediag -n "__fish_mdediag_using_subcommand token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mdediag -n "__fish_mdediag_using_subcommand completions" -l color -d 'When to color human output' -r -f -a "auto\t'Color when stdout is a terminal and NO_COLOR is unset'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c mdediag -n "__fish_mdediag_using_subcommand completions" -l no-pager -d 'Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal)'
complete -c mdediag -n "__fish_mdediag_using_subcommand completions" -s q -l quiet -d 'Print nothing on stdout: the exit code is the answer (errors still go to stderr)'
complete -c mdediag -n "__fish_mdediag_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mdediag -n "__fish_mdediag_using_subcommand help; and not __fish_seen_subcommand_from diagnose explain codes lint operations token completions help" -f -a "diagnose" -d 'Find every error response in FILEs or stdin and explain it (the default command)'
complete -c mdediag -n "__fish_mdediag_using_subcommand help; and not __fish_seen_subcommand_from diagnose explain codes lint operations token completions help" -f -a "explain" -d 'Look up error codes: by name (any case), Dutch docs alias, HTTP status (403), class (4xx) or AADSTS number'
complete -c mdediag -n "__fish_mdediag_using_subcommand help; and not __fish_seen_subcommand_from diagnose explain codes lint operations token completions help" -f -a "codes" -d 'List every known error code with its HTTP status and summary'
complete -c mdediag -n "__fish_mdediag_using_subcommand help; and not __fish_seen_subcommand_from diagnose explain codes lint operations token completions help" -f -a "lint" -d 'Check request bodies against an MDE operation before sending them'
complete -c mdediag -n "__fish_mdediag_using_subcommand help; and not __fish_seen_subcommand_from diagnose explain codes lint operations token completions help" -f -a "operations" -d 'List every documented MDE operation, or show one: method, path, permissions, limits, parameters'
complete -c mdediag -n "__fish_mdediag_using_subcommand help; and not __fish_seen_subcommand_from diagnose explain codes lint operations token completions help" -f -a "token" -d 'Explain a 401/403 from the access token itself, offline (the token is never printed)'
complete -c mdediag -n "__fish_mdediag_using_subcommand help; and not __fish_seen_subcommand_from diagnose explain codes lint operations token completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c mdediag -n "__fish_mdediag_using_subcommand help; and not __fish_seen_subcommand_from diagnose explain codes lint operations token completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
