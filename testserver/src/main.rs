//! `tcapi-testserver [--port N] [--product P]... [--list] [--rate-limit N]
//! [--clock-offset SECONDS] [--for SECONDS]`
//!
//! Runs the local Tencent Cloud API 3.0 compatible endpoint on 127.0.0.1 and prints its URL
//! and the credentials it accepts, so any SDK or tool can be pointed at it (see the README).
//! Stops after `--for` seconds if given, otherwise when interrupted.
#![forbid(unsafe_code)]

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use tcapi_testserver::catalog::Catalog;
use tcapi_testserver::{served_products, Config, TestServer, TEST_SECRET_ID, TEST_SECRET_KEY};

const USAGE: &str = "usage: tcapi-testserver [--port N] [--product P]... [--list] [--rate-limit N] [--clock-offset SECONDS] [--for SECONDS]

  --port N               listen on 127.0.0.1:N (default 0: a free port, printed at start-up)
  --product P            answer only product P (its service name, `cvm`); repeatable
  --list                 print the products and actions served (with --product: only those), and exit
  --rate-limit N         admit N requests per second, answer RequestLimitExceeded past that
  --clock-offset SECONDS run the server's clock this far ahead (negative: behind)
  --for SECONDS          stop after this long (default: run until interrupted)";

/// What the command line asks for.
#[derive(Debug, Default)]
struct Options {
    config: Config,
    help: bool,
    list: bool,
    run_for: Option<Duration>,
}

/// The options of `args` (without the program name), or what is wrong with them.
fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        if flag == "--list" {
            options.list = true;
            continue;
        }
        if flag == "--help" || flag == "-h" {
            options.help = true;
            continue;
        }
        if ![
            "--port",
            "--product",
            "--rate-limit",
            "--clock-offset",
            "--for",
        ]
        .contains(&flag.as_str())
        {
            return Err(format!("unknown argument `{flag}`"));
        }
        let value = args
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value"))?;
        let invalid = |what: &str| format!("`{flag} {value}`: {what}");
        match flag.as_str() {
            "--port" => {
                options.config.port = value
                    .parse()
                    .map_err(|_| invalid("not a port number (0 to 65535)"))?;
            }
            "--product" => {
                if !Catalog::global().services().contains(&value.as_str()) {
                    return Err(invalid(
                        "no such product here; `tcapi-testserver --list` names the served ones",
                    ));
                }
                options.config.products.push(value);
            }
            "--rate-limit" => {
                let limit = value
                    .parse()
                    .map_err(|_| invalid("not a number of requests per second"))?;
                options.config.rate_limit = Some(limit);
            }
            "--clock-offset" => {
                options.config.clock_offset = value
                    .parse()
                    .map_err(|_| invalid("not a whole number of seconds"))?;
            }
            _ => {
                let secs = value
                    .parse()
                    .map_err(|_| invalid("not a whole number of seconds"))?;
                options.run_for = Some(Duration::from_secs(secs));
            }
        }
    }
    Ok(options)
}

/// `--list`: one line per action served, `service version Action`, for grep.
fn list(config: &Config) {
    let mut out = std::io::stdout().lock();
    for product in served_products() {
        if !config.products.is_empty() && !config.products.iter().any(|p| p == product.service) {
            continue;
        }
        for action in &product.actions {
            // A reader that stopped (`| head`) ends the list, without a panic.
            if writeln!(out, "{} {} {action}", product.service, product.version).is_err() {
                return;
            }
        }
    }
}

/// The start-up lines: the endpoint and credentials first, for a script to read.
fn banner(server: &TestServer, config: &Config) {
    // Counted from the catalog's index: parsing every product to count them would cost the
    // start-up a fifth of a second.
    let served = if config.products.is_empty() {
        format!("{} products", Catalog::global().services().len())
    } else {
        config.products.join(", ")
    };
    let text = format!(
        "endpoint:   {}\nsecret id:  {TEST_SECRET_ID}\nsecret key: {TEST_SECRET_KEY}\nserving {served} (--list names the actions); point an SDK's endpoint at {} over http, or make this server the HTTP proxy of the real endpoints\n",
        server.endpoint(),
        server.addr()
    );
    // A script may read the endpoint line and close the pipe: the server keeps serving.
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(problem) => {
            eprintln!("tcapi-testserver: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if options.help {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if options.list {
        list(&options.config);
        return ExitCode::SUCCESS;
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("tcapi-testserver: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let server = match TestServer::start_with(options.config.clone()).await {
            Ok(server) => server,
            Err(e) => {
                eprintln!(
                    "tcapi-testserver: cannot listen on 127.0.0.1:{}: {e}",
                    options.config.port
                );
                return ExitCode::FAILURE;
            }
        };
        banner(&server, &options.config);
        match options.run_for {
            Some(duration) => tokio::time::sleep(duration).await,
            None => std::future::pending::<()>().await,
        }
        ExitCode::SUCCESS
    })
}
