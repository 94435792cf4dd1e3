//! The command line, declared once (clap derive): help, completions and parsing all come from here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const TOP_AFTER: &str = "\
Examples:
  curl -sS -i \"$URL\" -H \"Authorization: Bearer $T\" | mdediag
  mdediag app.log --format short        one line per error
  mdediag explain 403                   the codes a status is sent with
  mdediag lint body.json --operation isolate-machine

Exit codes:
  0   clean: no error responses, no lint errors, a token that fits
  1   findings: error responses that need a fix, lint errors, token problems
  2   usage or I/O trouble: bad arguments, unreadable input, unknown code
  75  diagnose only: every error found is transient (429, 5xx, action pending); retry later

Each subcommand's --help ends with examples; `man mdediag-lint` and the others give the same text.";

const DIAGNOSE_EXAMPLES: &str = "\
Examples:
  curl -sS -i \"$URL\" -H \"Authorization: Bearer $T\" | mdediag diagnose
  mdediag diagnose app.log --summary       counts per code and status
  mdediag diagnose logs/ --format short    every file below logs/, one line per error
  mdediag diagnose app.log --format jsonl | jq -r '.code'";

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  mdediag explain InvalidRequestBody
  mdediag explain 401                  a table of the codes sent with 401
  mdediag explain key-case Forbidden   a lint rule and a code in one call
  mdediag explain AADSTS700016 --format json";

const CODES_EXAMPLES: &str = "\
Examples:
  mdediag codes
  mdediag codes --status 4xx
  mdediag codes --format json | jq -r '.[].code'";

const LINT_EXAMPLES: &str = "\
Examples:
  mdediag lint body.json --operation isolate-machine
  mdediag lint bodies/ --format short          one gcc-style line per finding
  mdediag lint bodies/ --select key-case,key-typo --fix
  mdediag lint --endpoint \"GET /api/machines?\\$filter=healthStatus eq 'Active'\"";

const OPERATIONS_EXAMPLES: &str = "\
Examples:
  mdediag operations
  mdediag operations isolate-machine
  mdediag operations --permission Machine.Read.All
  mdediag operations | grep indicators    full paths, one per line, into a pipe";

const TOKEN_EXAMPLES: &str = "\
Examples:
  mdediag token                                  reads $MDE_TOKEN
  mdediag token --operation isolate-machine      can this token call it?
  curl -v ... 2>&1 | mdediag token -             the bearer token of a transcript
  mdediag token --format json --redact-ids";

const COMPLETIONS_INSTALL: &str = "\
Install (mkdir -p first: the folder may not exist yet):
  bash        mkdir -p ~/.local/share/bash-completion/completions
              mdediag completions bash > ~/.local/share/bash-completion/completions/mdediag
  zsh         mkdir -p ~/.zfunc && mdediag completions zsh > ~/.zfunc/_mdediag
              then in ~/.zshrc, before compinit: fpath=(~/.zfunc $fpath)
  fish        mkdir -p ~/.config/fish/completions
              mdediag completions fish > ~/.config/fish/completions/mdediag.fish
  PowerShell  New-Item -ItemType Directory -Force (Split-Path $PROFILE)
              mdediag completions powershell >> $PROFILE
  elvish      mkdir -p ~/.config/elvish/lib
              mdediag completions elvish > ~/.config/elvish/lib/mdediag.elv; then `use mdediag` in rc.elv
Open a new shell afterwards.";

/// Turns the terse errors of the Microsoft Defender for Endpoint API into answers.
///
/// With no subcommand, diagnoses error responses read from FILEs or stdin (curl -s/-i/-v output, saved
/// responses, logs, PowerShell errors).
#[derive(Debug, Parser)]
#[command(name = "mdediag", version, about, long_about, after_help = TOP_AFTER)]
pub struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,

    #[command(subcommand)]
    pub(crate) command: Option<Command>,

    /// Diagnose arguments, when no subcommand is given.
    #[command(flatten)]
    pub(crate) diagnose: DiagnoseArgs,
}

/// Flags every subcommand takes.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// When to color human output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true, help_heading = "Global options")]
    pub(crate) color: ColorWhen,

    /// Do not page long output (by default `$PAGER`, else `less -R`, when stdout is a terminal).
    #[arg(long, global = true, help_heading = "Global options")]
    pub(crate) no_pager: bool,

    /// Print nothing on stdout: the exit code is the answer (errors still go to stderr).
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub(crate) quiet: bool,
}

/// When to color human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Color when stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always color, even into a pipe.
    Always,
    /// Never color.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Find every error response in FILEs or stdin and explain it (the default command).
    #[command(after_help = DIAGNOSE_EXAMPLES)]
    Diagnose(DiagnoseArgs),
    /// Look up error codes: by name (any case), Dutch docs alias, HTTP status (403), class (4xx) or AADSTS number.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// List every known error code with its HTTP status and summary.
    #[command(after_help = CODES_EXAMPLES)]
    Codes(CodesArgs),
    /// Check request bodies against an MDE operation before sending them.
    #[command(after_help = LINT_EXAMPLES)]
    Lint(LintArgs),
    /// List every documented MDE operation, or show one: method, path, permissions, limits, parameters.
    #[command(after_help = OPERATIONS_EXAMPLES)]
    Operations(OperationsArgs),
    /// Explain a 401/403 from the access token itself, offline (the token is never printed).
    #[command(after_help = TOKEN_EXAMPLES)]
    Token(TokenArgs),
    /// Print a shell completion script.
    #[command(after_help = COMPLETIONS_INSTALL)]
    Completions(CompletionsArgs),
}

impl Command {
    /// The subcommand's name as typed.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Command::Diagnose(_) => "diagnose",
            Command::Explain(_) => "explain",
            Command::Codes(_) => "codes",
            Command::Lint(_) => "lint",
            Command::Operations(_) => "operations",
            Command::Token(_) => "token",
            Command::Completions(_) => "completions",
        }
    }
}

/// Arguments of `diagnose` (also taken at the top level).
#[derive(Debug, Args, Default)]
pub(crate) struct DiagnoseArgs {
    /// Input files or folders (every file below, sorted; hidden entries skipped), read in order; gzip
    /// and UTF-16 are read as text; `-` or none means stdin.
    #[arg(value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,

    /// Print counts per code and status, locations and distinct targets instead of one block per error.
    #[arg(long, help_heading = "Output")]
    pub(crate) summary: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagnoseFormat::Human, help_heading = "Output")]
    pub(crate) format: DiagnoseFormat,

    /// Show every fix step and the operation's limits and platforms (by default: one screen per error).
    #[arg(short, long, help_heading = "Output")]
    pub(crate) verbose: bool,
}

/// Output formats of `diagnose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DiagnoseFormat {
    /// One block per error, for people; repeats are folded into one line.
    #[default]
    Human,
    /// One line per error: `file:line: CODE STATUS operation: cause; fix: first step`.
    Short,
    /// One JSON array (or one object with --summary).
    Json,
    /// One JSON object per line, streamed as responses are found.
    Jsonl,
}

/// Output formats of the lookup commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum OutputFormat {
    /// Text for people.
    #[default]
    Human,
    /// JSON, stable and documented in README.
    Json,
}

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// Code, alias, HTTP status (403), class (4xx) or AADSTS number (AADSTS700016 or 700016), or a lint
    /// rule id (key-case).
    #[arg(value_name = "QUERY", required = true, value_parser = Completed(code_names), hide_possible_values = true)]
    pub(crate) queries: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub(crate) format: OutputFormat,
}

/// Arguments of `codes`.
#[derive(Debug, Args)]
pub(crate) struct CodesArgs {
    /// Only codes sent with this HTTP status (403) or class (4xx).
    #[arg(long, value_name = "N", value_parser = parse_status)]
    pub(crate) status: Option<StatusFilter>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub(crate) format: OutputFormat,
}

/// Takes any text, but offers `names` to shell completion (as possible values, hidden from `--help`):
/// a name not in the list still reaches the command, which answers with its own "did you mean".
#[derive(Clone, Copy)]
struct Completed(fn() -> Vec<&'static str>);

impl clap::builder::TypedValueParser for Completed {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            (self.0)()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

/// Every documented operation's short name (`lint` names the right one when a body goes nowhere).
fn operation_names() -> Vec<&'static str> {
    crate::operations::routes::all()
        .iter()
        .map(|r| r.name)
        .collect()
}

/// What `explain` looks up by name: the catalog's codes, then the lint rule ids.
fn code_names() -> Vec<&'static str> {
    crate::catalog::entries()
        .iter()
        .map(|e| e.code)
        .chain(crate::lint::Rule::ALL.iter().map(|r| r.id()))
        .collect()
}

/// Which statuses `codes --status` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StatusFilter {
    /// One status: 403.
    Exact(u16),
    /// A class, by its first digit: 4 for 4xx.
    Class(u16),
}

impl StatusFilter {
    /// Whether `status` passes.
    pub(crate) fn accepts(self, status: u16) -> bool {
        match self {
            StatusFilter::Exact(s) => status == s,
            StatusFilter::Class(c) => status / 100 == c,
        }
    }
}

impl std::fmt::Display for StatusFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusFilter::Exact(s) => write!(f, "{s}"),
            StatusFilter::Class(c) => write!(f, "{c}xx"),
        }
    }
}

fn parse_status(text: &str) -> Result<StatusFilter, String> {
    let lower = text.trim().to_ascii_lowercase();
    let class = lower
        .strip_suffix("xx")
        .filter(|d| d.len() == 1)
        .and_then(|d| d.parse::<u16>().ok());
    match (class, lower.parse::<u16>()) {
        (Some(c @ 1..=5), _) => Ok(StatusFilter::Class(c)),
        (_, Ok(s @ 100..=599)) => Ok(StatusFilter::Exact(s)),
        _ => Err("expected an HTTP status (403) or class (4xx)".into()),
    }
}

/// The operation a body or a token is checked against (`lint`, `token`): by name or by request line.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct Target {
    /// The operation, by its short name (see `mdediag operations`).
    #[arg(long, value_name = "NAME", conflicts_with = "endpoint", help_heading = "Input", value_parser = Completed(operation_names), hide_possible_values = true)]
    pub(crate) operation: Option<String>,

    /// The operation by its request line: 'POST /api/machines/{id}/isolate', a full URL, a host without
    /// scheme, a path relative to the API root, with or without a trailing HTTP/1.1.
    #[arg(long, value_name = "METHOD URL", help_heading = "Input")]
    pub(crate) endpoint: Option<String>,
}

/// Arguments of `lint`.
#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    /// Request body files (JSON) or folders (every *.json below); `-` or none means stdin. A file named
    /// NAME.json or *.NAME.json is checked against operation NAME. A file may also start with the request
    /// line it was sent with (`POST https://…/isolate`, as in an .http file) or hold a curl command: the
    /// line names the operation, and the body under it (or curl's -d body) is checked where it stands.
    #[arg(value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,

    #[command(flatten)]
    pub(crate) target: Target,

    /// Apply the unambiguous fixes (key case, enum value case, trailing comma, comment) in place; with `-`,
    /// write the fixed body to stdout.
    #[arg(
        long,
        conflicts_with = "diff",
        group = "apply",
        help_heading = "Fixing"
    )]
    pub(crate) fix: bool,

    /// Print the unambiguous fixes as a unified diff instead of applying them.
    #[arg(long, group = "apply", help_heading = "Fixing")]
    pub(crate) diff: bool,

    /// With --fix or --diff, also apply the fixes that guess (a misspelled key becomes the nearest
    /// documented one).
    #[arg(long, requires = "apply", help_heading = "Fixing")]
    pub(crate) unsafe_fixes: bool,

    /// Also fail (exit 1) on warnings.
    #[arg(long, value_enum, value_name = "LEVEL", help_heading = "Filtering")]
    pub(crate) deny: Option<DenyLevel>,

    /// Report only these rules (ids, comma-separated: key-case,key-typo); overrides the config file
    /// (mdediag.toml `[lint]` or pyproject.toml `[tool.mdediag.lint]`, `select = [...]`).
    #[arg(long, value_name = "RULES", help_heading = "Filtering")]
    pub(crate) select: Vec<String>,

    /// Do not report these rules (ids, comma-separated); overrides the config file's `ignore = [...]`.
    #[arg(long, value_name = "RULES", help_heading = "Filtering")]
    pub(crate) ignore: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human, help_heading = "Output")]
    pub(crate) format: LintFormat,
}

/// Which severities fail a lint run besides errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DenyLevel {
    /// Warnings fail the run too.
    Warnings,
}

/// Output formats of `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum LintFormat {
    /// rustc-style diagnostics with the source line and a caret.
    #[default]
    Human,
    /// One line per finding, gcc-style: `file:line:column: severity: message [rule]`.
    Short,
    /// One JSON array of findings.
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow commands (::error file=…).
    Github,
}

/// Arguments of `operations`.
#[derive(Debug, Args)]
pub(crate) struct OperationsArgs {
    /// Show this operation's parameters, permissions, limits and example body (NAME as the list shows it,
    /// or its docs page's name or URL: run-advanced-query).
    #[arg(value_name = "NAME", value_parser = Completed(operation_names), hide_possible_values = true)]
    pub(crate) name: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OperationsFormat::Human)]
    pub(crate) format: OperationsFormat,

    /// With --format json-schema: write NAME.schema.json into this folder for the named operation, or for
    /// every operation with a JSON body, instead of printing.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,

    /// List only operations with this HTTP method.
    #[arg(long, value_name = "METHOD", ignore_case = true,
          value_parser = ["GET", "POST", "PATCH", "PUT", "DELETE"])]
    pub(crate) method: Option<String>,

    /// List only operations of this family.
    #[arg(long, value_name = "FAMILY", value_parser = family_names())]
    pub(crate) family: Option<String>,

    /// List only operations a token holding this permission can call (application or delegated name, exact
    /// case, e.g. Machine.Read.All).
    #[arg(long, value_name = "PERMISSION")]
    pub(crate) permission: Option<String>,
}

/// The `--family` values: the operation table's families.
fn family_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        crate::operations::Family::ALL.iter().map(|f| f.as_str()),
    )
}

/// Output formats of `operations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum OperationsFormat {
    /// Text for people.
    #[default]
    Human,
    /// JSON, stable and documented in README.
    Json,
    /// JSON Schema (draft 2020-12) of the request body, for editors (VS Code json.schemas).
    JsonSchema,
}

/// Arguments of `token`.
#[derive(Debug, Args)]
pub(crate) struct TokenArgs {
    /// A JWT, 'Bearer <jwt>', an Authorization header line, a file holding one (or a curl -v transcript),
    /// or `-` for stdin. Defaults to the MDE_TOKEN environment variable.
    #[arg(value_name = "TOKEN|FILE|-")]
    pub(crate) input: Option<String>,

    #[command(flatten)]
    pub(crate) target: Target,

    /// Judge exp/nbf against this time (RFC 3339 or Unix seconds) instead of the clock.
    #[arg(long, value_name = "TIME")]
    pub(crate) now: Option<String>,

    /// Hide identifying claims (tid, appid, oid, upn) for sharing.
    #[arg(long)]
    pub(crate) redact_ids: bool,

    /// Also print the `note` findings (what was checked and found fine).
    #[arg(short, long)]
    pub(crate) verbose: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub(crate) format: OutputFormat,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to print a script for.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

/// Parses `args` (the program name first) with clap's own help and errors colored per `--color`, which
/// clap cannot know before parsing. A usage error comes back for the caller to print and exit 2 with.
pub(crate) fn parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let choice = match color_flag(&args) {
        Some(ColorWhen::Always) => clap::ColorChoice::Always,
        Some(ColorWhen::Never) => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    };
    // The name usage lines show: `mdediag`, also as `mdediag.exe` on Windows or through a symlink.
    let mut command = Cli::command().color(choice).bin_name("mdediag");
    let matches = command.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command))
}

/// Usage errors clap cannot see. `mdediag explian Forbidden`: a first FILE that does not exist and is near
/// a subcommand's name (or is `version`) was meant as a subcommand; saying so beats "no such file". Also
/// diagnose's flags before a subcommand, and `lint --diff` with a machine format.
pub(crate) fn misspelled_subcommand(cli: &Cli) -> Option<UsageError> {
    if let Some(Command::Lint(lint)) = &cli.command {
        if lint.diff && lint.format != LintFormat::Human {
            // The diff is the whole output: a SARIF or JSON consumer would choke on it.
            return Some(UsageError {
                message: "--diff prints a unified diff, which --format cannot change".into(),
                help: Some(
                    "drop --format for the diff, or drop --diff for findings in that format".into(),
                ),
            });
        }
    }
    if let Some(sub) = &cli.command {
        // `mdediag --format json codes`: diagnose's flags before a subcommand are refused, never dropped.
        let d = &cli.diagnose;
        if d.summary || d.verbose || d.format != DiagnoseFormat::Human {
            return Some(flag_before(sub.name()));
        }
        return None;
    }
    let command = <Cli as clap::CommandFactory>::command();
    let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
    // `mdediag --format json codes`: clap takes a subcommand only first, so after a flag its name lands
    // here as a FILE.
    if let Some(name) = cli
        .diagnose
        .files
        .iter()
        .find_map(|f| f.to_str().filter(|t| names.contains(t) && !f.exists()))
    {
        return Some(flag_before(name));
    }
    let first = cli.diagnose.files.first()?;
    let text = first.to_str()?;
    if text == "-" || first.exists() {
        return None;
    }
    let help = if text.eq_ignore_ascii_case("version") {
        "the version is `mdediag --version`".to_string()
    } else {
        let near = crate::suggest::closest(text, names)?;
        format!("did you mean `{}`?", near.candidate())
    };
    Some(UsageError {
        message: format!("no such subcommand or file: `{text}`"),
        help: Some(help),
    })
}

fn flag_before(name: &str) -> UsageError {
    UsageError {
        message: format!(
            "a flag came before `{name}`: only --color, --no-pager and -q/--quiet go before a subcommand"
        ),
        help: Some(format!(
            "write the subcommand first, then its flags: `mdediag {name} [OPTIONS]`"
        )),
    }
}

/// The last `--color WHEN` / `--color=WHEN` before a `--`, as clap would read it.
pub(crate) fn color_flag(args: &[std::ffi::OsString]) -> Option<ColorWhen> {
    let mut found = None;
    let mut iter = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(arg) = iter.next() {
        let value = match arg {
            "--" => break,
            "--color" => iter.next(),
            _ => arg.strip_prefix("--color="),
        };
        if let Some(v) = value.and_then(|v| ColorWhen::from_str(v, false).ok()) {
            found = Some(v);
        }
    }
    found
}

/// A usage error with advice: printed as `error: {message}` and `help: {help}`, exit 2.
#[derive(Debug)]
pub(crate) struct UsageError {
    /// What was wrong.
    pub(crate) message: String,
    /// What to type instead.
    pub(crate) help: Option<String>,
}

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UsageError {}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn declaration_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn bare_files_mean_diagnose() {
        let cli = Cli::try_parse_from(["mdediag", "a.json", "-"]).expect("parses");
        assert!(cli.command.is_none());
        assert_eq!(cli.diagnose.files.len(), 2);
    }

    #[test]
    fn a_diagnose_flag_before_a_subcommand_is_a_usage_error() {
        let cli = Cli::try_parse_from(["mdediag", "--format", "json", "codes"]).expect("parses");
        let err = misspelled_subcommand(&cli).expect("refused");
        assert_eq!(
            err.help.as_deref(),
            Some("write the subcommand first, then its flags: `mdediag codes [OPTIONS]`")
        );
        // After the subcommand it is that subcommand's flag.
        assert!(Cli::try_parse_from(["mdediag", "codes", "--format", "json"]).is_ok());
        // --color is global: accepted on either side.
        let cli = Cli::try_parse_from(["mdediag", "--color", "never", "codes"]).expect("parses");
        assert!(matches!(cli.command, Some(Command::Codes(_))));
        assert!(misspelled_subcommand(&cli).is_none());
        let cli = Cli::try_parse_from(["mdediag", "--summary", "explain", "403"]).expect("parses");
        assert!(misspelled_subcommand(&cli).is_some());
    }

    #[test]
    fn color_flag_is_read_before_parsing() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            color_flag(&args(&["mdediag", "--color", "never", "nope"])),
            Some(ColorWhen::Never)
        );
        assert_eq!(
            color_flag(&args(&["mdediag", "codes", "--color=always"])),
            Some(ColorWhen::Always)
        );
        assert_eq!(
            color_flag(&args(&["mdediag", "--", "--color=always"])),
            None
        );
    }

    #[test]
    fn a_missing_file_near_a_subcommand_name_is_a_typo() {
        let help = |args: &[&str]| {
            let cli = Cli::try_parse_from(args).expect("parses");
            misspelled_subcommand(&cli).and_then(|e| e.help)
        };
        assert_eq!(
            help(&["mdediag", "explian", "Forbidden"]).as_deref(),
            Some("did you mean `explain`?")
        );
        assert_eq!(
            help(&["mdediag", "version"]).as_deref(),
            Some("the version is `mdediag --version`")
        );
        assert_eq!(help(&["mdediag", "no-such-file.txt"]), None);
        assert_eq!(help(&["mdediag", "-"]), None);
    }

    #[test]
    fn codes_status_takes_a_status_or_a_class() {
        assert_eq!(parse_status("403"), Ok(StatusFilter::Exact(403)));
        assert_eq!(parse_status("4XX"), Ok(StatusFilter::Class(4)));
        assert!(parse_status("6xx").is_err() && parse_status("40").is_err());
        assert!(StatusFilter::Class(4).accepts(429) && !StatusFilter::Class(4).accepts(500));
    }

    #[test]
    fn lint_fix_and_diff_conflict() {
        assert!(Cli::try_parse_from(["mdediag", "lint", "--fix", "--diff"]).is_err());
    }
}
