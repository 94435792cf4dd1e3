_mdediag() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="mdediag"
                ;;
            mdediag,codes)
                cmd="mdediag__subcmd__codes"
                ;;
            mdediag,completions)
                cmd="mdediag__subcmd__completions"
                ;;
            mdediag,diagnose)
                cmd="mdediag__subcmd__diagnose"
                ;;
            mdediag,explain)
                cmd="mdediag__subcmd__explain"
                ;;
            mdediag,help)
                cmd="mdediag__subcmd__help"
                ;;
            mdediag,lint)
                cmd="mdediag__subcmd__lint"
                ;;
            mdediag,operations)
                cmd="mdediag__subcmd__operations"
                ;;
            mdediag,token)
                cmd="mdediag__subcmd__token"
                ;;
            mdediag__subcmd__help,codes)
                cmd="mdediag__subcmd__help__subcmd__codes"
                ;;
            mdediag__subcmd__help,completions)
                cmd="mdediag__subcmd__help__subcmd__completions"
                ;;
            mdediag__subcmd__help,diagnose)
                cmd="mdediag__subcmd__help__subcmd__diagnose"
                ;;
            mdediag__subcmd__help,explain)
                cmd="mdediag__subcmd__help__subcmd__explain"
                ;;
            mdediag__subcmd__help,help)
                cmd="mdediag__subcmd__help__subcmd__help"
                ;;
            mdediag__subcmd__help,lint)
                cmd="mdediag__subcmd__help__subcmd__lint"
                ;;
            mdediag__subcmd__help,operations)
                cmd="mdediag__subcmd__help__subcmd__operations"
                ;;
            mdediag__subcmd__help,token)
                cmd="mdediag__subcmd__help__subcmd__token"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        mdediag)
            opts="-q -v -h -V --color --no-pager --quiet --summary --format --verbose --help --version diagnose explain codes lint operations token completions help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human short json jsonl" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__codes)
            opts="-q -h --status --format --color --no-pager --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --status)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__completions)
            opts="-q -h --color --no-pager --quiet --help bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__diagnose)
            opts="-v -q -h --summary --format --verbose --color --no-pager --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "human short json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__explain)
            opts="-q -h --format --color --no-pager --quiet --help AADSTS500011 AADSTS50076 AADSTS50079 AADSTS53003 AADSTS65001 AADSTS700016 AADSTS7000215 AADSTS7000222 AADSTS700024 AADSTS700082 AADSTS70011 AADSTS90002 AADSTS901002 ActiveRequestAlreadyExists Authentication_MissingOrMalformed AuthorizationFailed Authorization_RequestDenied BadArgumentError BadRequest ClientVersionNotSupported DisabledFeature DisallowedOperation ExpiredAuthenticationToken Forbidden InternalServerError InvalidAuthenticationToken InvalidAuthenticationTokenAudience InvalidAuthenticationTokenTenant InvalidDomainName InvalidHashValue InvalidInput InvalidIpAddress InvalidRequestBody InvalidUrl MaximumBatchSizeExceeded MissingRequiredParameter NotFound ODataError OsPlatformNotSupported Request_ResourceNotFound ResourceNotFound SubscriptionRequestsThrottled TooManyRequests Unauthorized UnknownError accessDenied invalid_client invalid_grant invalid_request invalid_resource invalid_scope unauthorized_client invalid-json key-case key-typo unknown-key duplicate-key missing-required wrong-type empty-value enum-case enum-value invalid-hash invalid-ip invalid-domain invalid-url invalid-datetime expired invalid-id batch-too-large unsafe-script-args doc-spelling inferred-operation not-linted undocumented-key cross-field not-checked odata-syntax odata-unknown-option odata-missing-dollar odata-undocumented-option odata-duplicate-option odata-property-case odata-unknown-property odata-not-filterable odata-doc-spelling odata-function odata-operator odata-value-type odata-datetime odata-enum-case odata-enum-value odata-top-exceeded odata-encoding odata-no-facts unknown-route file-name-typo"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__help)
            opts="diagnose explain codes lint operations token completions help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__help__subcmd__codes)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__help__subcmd__diagnose)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__help__subcmd__explain)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__help__subcmd__lint)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__help__subcmd__operations)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__help__subcmd__token)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__lint)
            opts="-q -h --operation --endpoint --fix --diff --unsafe-fixes --deny --select --ignore --format --color --no-pager --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --operation)
                    COMPREPLY=($(compgen -W "add-or-remove-machine-tag add-or-remove-tag-multiple-machines update-machine set-device-value list-machines get-machine get-machine-logon-users get-machine-alerts get-machine-software get-machine-vulnerabilities get-machine-recommendations get-machine-missing-kbs find-machines-by-ip find-machine-by-internal-ip find-machines-by-tag isolate-machine release-machine-from-isolation restrict-app-execution remove-app-restriction run-antivirus-scan collect-investigation-package offboard-machine stop-and-quarantine-file cancel-machine-action list-machine-actions get-machine-action get-package-sas-uri run-live-response get-live-response-result upload-library-file list-library-files delete-library-file submit-or-update-indicator import-indicators batch-delete-indicators list-indicators delete-indicator update-alert batch-update-alerts create-alert-by-reference list-alerts get-alert get-alert-domains get-alert-files get-alert-ips get-alert-machine get-alert-user start-automated-investigation list-investigations get-investigation advanced-hunting-run get-file get-file-alerts get-file-machines get-file-stats get-domain-alerts get-domain-machines get-domain-stats get-ip-alerts get-ip-stats get-user-alerts get-user-machines list-software get-software get-software-distributions get-software-machines get-software-vulnerabilities get-software-missing-kbs list-vulnerabilities list-machine-vulnerabilities get-vulnerability get-vulnerability-machines list-recommendations get-recommendation get-recommendation-machines get-recommendation-vulnerabilities get-recommendation-software list-remediation-tasks get-remediation-task get-remediation-task-machines get-exposure-score get-exposure-score-by-machine-groups get-device-secure-score add-scan-definition update-scan-definition delete-scan-definitions get-scan-history-by-definition get-scan-history-by-session list-scan-definitions list-scan-agents get-scan-agent export-device-av-health-json export-device-av-health-files export-secure-config-json export-secure-config-files export-software-inventory-json export-software-inventory-files export-noncpe-software-json export-noncpe-software-files export-software-vulnerabilities-json export-software-vulnerabilities-files export-software-vulnerabilities-delta export-info-gathering-files export-hardware-firmware-json export-hardware-firmware-files list-baseline-profiles list-baseline-configurations export-security-baselines-json export-security-baselines-files export-browser-extensions-json export-browser-extensions-files get-browser-extension-permissions export-certificates-json export-certificates-files" -- "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --deny)
                    COMPREPLY=($(compgen -W "warnings" -- "${cur}"))
                    return 0
                    ;;
                --select)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ignore)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human short json sarif github" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__operations)
            opts="-q -h --format --out --method --family --permission --color --no-pager --quiet --help add-or-remove-machine-tag add-or-remove-tag-multiple-machines update-machine set-device-value list-machines get-machine get-machine-logon-users get-machine-alerts get-machine-software get-machine-vulnerabilities get-machine-recommendations get-machine-missing-kbs find-machines-by-ip find-machine-by-internal-ip find-machines-by-tag isolate-machine release-machine-from-isolation restrict-app-execution remove-app-restriction run-antivirus-scan collect-investigation-package offboard-machine stop-and-quarantine-file cancel-machine-action list-machine-actions get-machine-action get-package-sas-uri run-live-response get-live-response-result upload-library-file list-library-files delete-library-file submit-or-update-indicator import-indicators batch-delete-indicators list-indicators delete-indicator update-alert batch-update-alerts create-alert-by-reference list-alerts get-alert get-alert-domains get-alert-files get-alert-ips get-alert-machine get-alert-user start-automated-investigation list-investigations get-investigation advanced-hunting-run get-file get-file-alerts get-file-machines get-file-stats get-domain-alerts get-domain-machines get-domain-stats get-ip-alerts get-ip-stats get-user-alerts get-user-machines list-software get-software get-software-distributions get-software-machines get-software-vulnerabilities get-software-missing-kbs list-vulnerabilities list-machine-vulnerabilities get-vulnerability get-vulnerability-machines list-recommendations get-recommendation get-recommendation-machines get-recommendation-vulnerabilities get-recommendation-software list-remediation-tasks get-remediation-task get-remediation-task-machines get-exposure-score get-exposure-score-by-machine-groups get-device-secure-score add-scan-definition update-scan-definition delete-scan-definitions get-scan-history-by-definition get-scan-history-by-session list-scan-definitions list-scan-agents get-scan-agent export-device-av-health-json export-device-av-health-files export-secure-config-json export-secure-config-files export-software-inventory-json export-software-inventory-files export-noncpe-software-json export-noncpe-software-files export-software-vulnerabilities-json export-software-vulnerabilities-files export-software-vulnerabilities-delta export-info-gathering-files export-hardware-firmware-json export-hardware-firmware-files list-baseline-profiles list-baseline-configurations export-security-baselines-json export-security-baselines-files export-browser-extensions-json export-browser-extensions-files get-browser-extension-permissions export-certificates-json export-certificates-files"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "human json json-schema" -- "${cur}"))
                    return 0
                    ;;
                --out)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --method)
                    COMPREPLY=($(compgen -W "GET POST PATCH PUT DELETE" -- "${cur}"))
                    return 0
                    ;;
                --family)
                    COMPREPLY=($(compgen -W "machines machine-actions live-response library indicators alerts investigations hunting files domains ips users software vulnerabilities recommendations remediation scores scan-definitions device-health tvm-exports baselines browser-extensions certificates" -- "${cur}"))
                    return 0
                    ;;
                --permission)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mdediag__subcmd__token)
            opts="-v -q -h --operation --endpoint --now --redact-ids --verbose --format --color --no-pager --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --operation)
                    COMPREPLY=($(compgen -W "add-or-remove-machine-tag add-or-remove-tag-multiple-machines update-machine set-device-value list-machines get-machine get-machine-logon-users get-machine-alerts get-machine-software get-machine-vulnerabilities get-machine-recommendations get-machine-missing-kbs find-machines-by-ip find-machine-by-internal-ip find-machines-by-tag isolate-machine release-machine-from-isolation restrict-app-execution remove-app-restriction run-antivirus-scan collect-investigation-package offboard-machine stop-and-quarantine-file cancel-machine-action list-machine-actions get-machine-action get-package-sas-uri run-live-response get-live-response-result upload-library-file list-library-files delete-library-file submit-or-update-indicator import-indicators batch-delete-indicators list-indicators delete-indicator update-alert batch-update-alerts create-alert-by-reference list-alerts get-alert get-alert-domains get-alert-files get-alert-ips get-alert-machine get-alert-user start-automated-investigation list-investigations get-investigation advanced-hunting-run get-file get-file-alerts get-file-machines get-file-stats get-domain-alerts get-domain-machines get-domain-stats get-ip-alerts get-ip-stats get-user-alerts get-user-machines list-software get-software get-software-distributions get-software-machines get-software-vulnerabilities get-software-missing-kbs list-vulnerabilities list-machine-vulnerabilities get-vulnerability get-vulnerability-machines list-recommendations get-recommendation get-recommendation-machines get-recommendation-vulnerabilities get-recommendation-software list-remediation-tasks get-remediation-task get-remediation-task-machines get-exposure-score get-exposure-score-by-machine-groups get-device-secure-score add-scan-definition update-scan-definition delete-scan-definitions get-scan-history-by-definition get-scan-history-by-session list-scan-definitions list-scan-agents get-scan-agent export-device-av-health-json export-device-av-health-files export-secure-config-json export-secure-config-files export-software-inventory-json export-software-inventory-files export-noncpe-software-json export-noncpe-software-files export-software-vulnerabilities-json export-software-vulnerabilities-files export-software-vulnerabilities-delta export-info-gathering-files export-hardware-firmware-json export-hardware-firmware-files list-baseline-profiles list-baseline-configurations export-security-baselines-json export-security-baselines-files export-browser-extensions-json export-browser-extensions-files get-browser-extension-permissions export-certificates-json export-certificates-files" -- "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --now)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _mdediag -o nosort -o bashdefault -o default mdediag
else
    complete -F _mdediag -o bashdefault -o default mdediag
fi
