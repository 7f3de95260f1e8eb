//! `tcapi-codegen`: the workspace's generators (the SDK crates, the local cloud's catalog) and
//! its error-code tools (import, check, list, explain).
//!
//! The work is done by the `tcapi_codegen` library; this file only parses arguments and
//! prints. Exit status: 0 on success, 1 when the data has problems (or `check` finds some),
//! 2 on a usage error, which includes asking `explain` about something that is not a code.
#![forbid(unsafe_code)]

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use tcapi_codegen::{check, cloud, explain, import, sdk, Overrides};
use tcapi_codes::{builtin, Categories, Diagnostics};

const HELP: &str = "\
tcapi-codegen: generate the SDK crates and the local cloud's catalog from Tencent Cloud API 3.0
specs; import, check, list and explain the error codes

USAGE:
    tcapi-codegen explain CODE [--product PRODUCT]
    tcapi-codegen list [--product PRODUCT [--version YYYY-MM-DD]]
    tcapi-codegen check [TABLE.json...]
    tcapi-codegen import-corpus [CORPUS.jsonl] [--out DIR]
    tcapi-codegen import-doc FILE [--into TABLE.json]
    tcapi-codegen regenerate [--out DIR]
    tcapi-codegen sdk --spec-dir DATA --out DIR (PRODUCT... | --all)
    tcapi-codegen cloud --spec-dir DATA --out DIR

COMMANDS:
    explain        Category, retry hint and why, descriptions (English, then Chinese),
                   the next step (the table's fix, else what the hint and category call
                   for), the tables that define CODE and the actions documented to return
                   it. An unknown code gets the category and hint of its first segment and
                   the nearest known codes. --product puts that product first, lists only
                   its actions and suggests its codes first. Exits 2 if CODE is not a code.
    list           The codes of a product's table (default: the common table) with their
                   category and retry hint. --version picks a version (default: latest).
    check          Validates every built-in table, alone and as the union of all products,
                   and each TABLE.json given, with the validator the macro uses. Prints every
                   problem as file:line:col: message and exits 1 if there is any.
    import-corpus  Regenerates every table from the corpus (default: the bundled
                   sources/tencent-error-codes.jsonl) into DIR (default: the built-in
                   tables/), applying overrides.json and resolving variant-name collisions;
                   deletes product tables no longer in the corpus; reports the changes.
    import-doc     Merges the \"Error Code Description\" table of a published API doc page
                   (plain text) into TABLE.json (default: the built-in tables/common.json):
                   new codes are added and missing English descriptions filled; existing
                   descriptions are kept.
    regenerate     import-corpus from the bundled corpus, then import-doc of every bundled
                   seed page into the common table: exactly how the built-in tables are made.
    sdk            Generates one crate per PRODUCT (or every product with --all) into
                   DIR/<product>/ from the API specs in DATA/specs/ (DATA is the reference
                   data folder, e.g. ../shared/data): Cargo.toml with one feature per API
                   version, src/lib.rs re-exporting the newest version, and per version a
                   module page src/v<YYYYMMDD>.rs with its responses and Client in
                   src/v<YYYYMMDD>/ beside it. PRODUCT is the spec's serviceShortName (`as`, not
                   `autoscaling`). The crates depend on the runtime at ../../runtime.
    cloud          Generates the test server's catalog into DIR (testserver/src/catalog):
                   DIR/data/<product>-v<YYYYMMDD>.json.gz per product-version (its actions'
                   input and output objects, paging, streaming flag and published examples,
                   from DATA/specs/, DATA/specs-en/ and DATA/specs-examples/) and DIR/index.rs.
                   Prints the counts and every published example it could not use.

OPTIONS:
    -h, --help     Print this help
";

/// A usage error: printed with a pointer to `--help`, exit status 2.
struct Usage(String);

/// What a command produced: its output, or problems with the data.
enum Failure {
    Usage(Usage),
    Data(Diagnostics),
    Generate(sdk::GenerateError),
}

impl From<sdk::GenerateError> for Failure {
    fn from(e: sdk::GenerateError) -> Self {
        match e {
            sdk::GenerateError::UnknownProduct(_) => Failure::Usage(Usage(e.to_string())),
            e => Failure::Generate(e),
        }
    }
}

impl From<Usage> for Failure {
    fn from(u: Usage) -> Self {
        Failure::Usage(u)
    }
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Self {
        Failure::Data(d)
    }
}

impl From<explain::ExplainError> for Failure {
    fn from(e: explain::ExplainError) -> Self {
        match e {
            explain::ExplainError::NotACode(_) => Failure::Usage(Usage(e.to_string())),
            explain::ExplainError::Data(d) => Failure::Data(d),
        }
    }
}

/// The arguments of one command: positionals and `--flag value` options, each option allowed
/// at most once and only if the command knows it.
struct Args {
    command: String,
    positional: Vec<String>,
    options: Vec<(String, String)>,
}

impl Args {
    fn parse(command: &str, rest: Vec<String>, known: &[&str]) -> Result<Args, Usage> {
        let mut positional = Vec::new();
        let mut options: Vec<(String, String)> = Vec::new();
        let mut rest = rest.into_iter();
        while let Some(arg) = rest.next() {
            if arg == "--" {
                positional.extend(rest.by_ref());
                break;
            }
            if !arg.starts_with('-') || arg == "-" {
                positional.push(arg);
                continue;
            }
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
                None => (arg.clone(), None),
            };
            if !known.contains(&name.as_str()) {
                let expected = if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                };
                return Err(Usage(format!(
                    "unknown option `{name}` for `{command}` (its options: {expected})"
                )));
            }
            let value = match inline.or_else(|| rest.next()) {
                Some(v) => v,
                None => return Err(Usage(format!("option `{name}` needs a value"))),
            };
            if options.iter().any(|(n, _)| *n == name) {
                return Err(Usage(format!("option `{name}` given twice")));
            }
            options.push((name, value));
        }
        Ok(Args {
            command: command.to_owned(),
            positional,
            options,
        })
    }

    fn option(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn at_most(&self, n: usize, what: &str) -> Result<(), Usage> {
        if self.positional.len() > n {
            return Err(Usage(format!(
                "`{}` takes {what}; unexpected argument `{}`",
                self.command, self.positional[n]
            )));
        }
        Ok(())
    }

    fn exactly_one(&self, what: &str) -> Result<&str, Usage> {
        self.at_most(1, what)?;
        self.positional
            .first()
            .map(String::as_str)
            .ok_or_else(|| Usage(format!("`{}` needs {what}", self.command)))
    }
}

fn main() -> ExitCode {
    let argv: Result<Vec<String>, _> = std::env::args_os()
        .skip(1)
        .map(|a| a.into_string())
        .collect();
    let mut argv = match argv {
        Ok(argv) => argv.into_iter(),
        Err(bad) => {
            eprintln!("error: argument {bad:?} is not valid UTF-8");
            return ExitCode::from(2);
        }
    };
    let Some(command) = argv.next() else {
        eprint!("{HELP}");
        return ExitCode::from(2);
    };
    let rest: Vec<String> = argv.collect();
    if matches!(command.as_str(), "-h" | "--help" | "help")
        || rest.iter().any(|a| a == "-h" || a == "--help")
    {
        return print(HELP);
    }
    match run(&command, rest) {
        Ok(output) => print(&output),
        Err(Failure::Usage(Usage(message))) => {
            eprintln!("error: {message}\n\nRun `tcapi-codegen --help` for usage.");
            ExitCode::from(2)
        }
        Err(Failure::Data(report)) => {
            eprintln!("{report}");
            let n = report.0.len();
            eprintln!("error: {n} problem{}", if n == 1 { "" } else { "s" });
            ExitCode::from(1)
        }
        Err(Failure::Generate(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Prints to stdout without `print!`'s panic when the reader has gone (`list | head`).
fn print(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(command: &str, rest: Vec<String>) -> Result<String, Failure> {
    match command {
        "explain" => {
            let args = Args::parse(command, rest, &["--product"])?;
            let code = args.exactly_one("one CODE")?;
            Ok(explain::explain(code, args.option("--product"))?.to_string())
        }
        "list" => {
            let args = Args::parse(command, rest, &["--product", "--version"])?;
            args.at_most(0, "no positional argument")?;
            let (product, version) = (args.option("--product"), args.option("--version"));
            if version.is_some() && product.is_none() {
                return Err(Usage("`--version` needs `--product`".into()).into());
            }
            Ok(explain::list(product, version)?)
        }
        "check" => {
            let args = Args::parse(command, rest, &[])?;
            let extra: Vec<PathBuf> = args.positional.iter().map(PathBuf::from).collect();
            let summary = check::builtin(&extra)?;
            Ok(format!("ok: {} tables, {} distinct codes\n", summary.tables, summary.codes))
        }
        "import-corpus" => {
            let args = Args::parse(command, rest, &["--out"])?;
            args.at_most(1, "at most one CORPUS.jsonl")?;
            let corpus = args.positional.first().map_or_else(builtin::corpus_path, PathBuf::from);
            let out = args.option("--out").map_or_else(builtin::tables_dir, PathBuf::from);
            let categories = Categories::builtin()?;
            let overrides = Overrides::builtin(&categories)?;
            let report = import::import_corpus(&corpus, &out, &categories, &overrides)?;
            Ok(format!("{report}\n"))
        }
        "import-doc" => {
            let args = Args::parse(command, rest, &["--into"])?;
            let doc = PathBuf::from(args.exactly_one("one document FILE")?);
            let into = args.option("--into").map_or_else(builtin::common_path, PathBuf::from);
            let categories = Categories::builtin()?;
            let overrides = Overrides::builtin(&categories)?;
            let (report, merged) = import::import_doc(&doc, &into, &categories, &overrides)?;
            let mut out = format!(
                "{}: {} codes added, {} English descriptions filled, {} kept where the doc's text differs\n",
                doc.display(),
                merged.added.len(),
                merged.filled.len(),
                merged.kept.len()
            );
            out.push_str(&format!("{report}\n"));
            Ok(out)
        }
        "regenerate" => {
            let args = Args::parse(command, rest, &["--out"])?;
            args.at_most(0, "no positional argument")?;
            let out = args.option("--out").map_or_else(builtin::tables_dir, PathBuf::from);
            let report = import::regenerate(&import::Sources::builtin()?, &out)?;
            Ok(format!("{report}\n"))
        }
        "sdk" => {
            // `--all` is the one option without a value.
            let all = rest.iter().any(|a| a == "--all");
            let rest: Vec<String> = rest.into_iter().filter(|a| a != "--all").collect();
            let args = Args::parse(command, rest, &["--spec-dir", "--out"])?;
            let spec_dir = args
                .option("--spec-dir")
                .ok_or_else(|| Usage("`sdk` needs --spec-dir DATA".into()))?;
            let out = args
                .option("--out")
                .ok_or_else(|| Usage("`sdk` needs --out DIR".into()))?;
            if all != args.positional.is_empty() {
                return Err(Usage("`sdk` needs PRODUCT names or --all (not both)".into()).into());
            }
            let crates = sdk::generate(
                PathBuf::from(spec_dir).as_path(),
                &args.positional,
                &sdk::Options::default(),
            )?;
            sdk::write(PathBuf::from(out).as_path(), &crates)?;
            let files: usize = crates.values().map(|f| f.len()).sum();
            Ok(format!("wrote {} crates ({files} files) under {out}\n", crates.len()))
        }
        "cloud" => {
            let args = Args::parse(command, rest, &["--spec-dir", "--out"])?;
            args.at_most(0, "no positional argument")?;
            let spec_dir = args
                .option("--spec-dir")
                .ok_or_else(|| Usage("`cloud` needs --spec-dir DATA".into()))?;
            let out = args
                .option("--out")
                .ok_or_else(|| Usage("`cloud` needs --out DIR".into()))?;
            let generated = cloud::generate(PathBuf::from(spec_dir).as_path())?;
            cloud::write(PathBuf::from(out).as_path(), &generated)?;
            Ok(format!(
                "wrote {} files under {out}\n{}",
                generated.files.len(),
                generated.report
            ))
        }
        other => Err(Usage(format!(
            "unknown command `{other}`; expected explain, list, check, import-corpus, import-doc, regenerate, sdk or cloud"
        ))
        .into()),
    }
}
