//! `cargo run -p tcapi-testserver -- [--port N] [--rate-limit N] [--clock-offset SECONDS] [--for SECONDS]`
//!
//! Runs the local Tencent Cloud API 3.0 compatible endpoint on 127.0.0.1 and prints its URL
//! and the credentials it accepts, so any SDK or tool can be pointed at it. Stops after
//! `--for` seconds if given, otherwise when interrupted.
#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::time::Duration;

use tcapi_testserver::{
    catalog::Catalog, Config, TestServer, ROLE_CREDENTIALS_PATH, TEST_ROLE, TEST_SECRET_ID,
    TEST_SECRET_KEY,
};

fn usage() -> ExitCode {
    eprintln!("usage: tcapi-testserver [--port N] [--rate-limit N] [--clock-offset SECONDS] [--for SECONDS]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut config = Config::default();
    let mut run_for = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let Some(value) = args.next() else {
            return usage();
        };
        let parsed = match flag.as_str() {
            "--port" => value.parse().map(|port| config.port = port).is_ok(),
            "--rate-limit" => value
                .parse()
                .map(|limit| config.rate_limit = Some(limit))
                .is_ok(),
            "--clock-offset" => value
                .parse()
                .map(|offset| config.clock_offset = offset)
                .is_ok(),
            "--for" => value
                .parse()
                .map(|secs| run_for = Some(Duration::from_secs(secs)))
                .is_ok(),
            _ => false,
        };
        if !parsed {
            return usage();
        }
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
        let server = match TestServer::start_with(config).await {
            Ok(server) => server,
            Err(e) => {
                eprintln!("tcapi-testserver: cannot listen on 127.0.0.1: {e}");
                return ExitCode::FAILURE;
            }
        };
        println!("endpoint:   {}", server.endpoint());
        println!("secret id:  {TEST_SECRET_ID}");
        println!("secret key: {TEST_SECRET_KEY}");
        println!(
            "metadata:   {}{ROLE_CREDENTIALS_PATH} (CVM role {TEST_ROLE})",
            server.endpoint()
        );
        println!("sts:        AssumeRole, AssumeRoleWithWebIdentity (unsigned)");
        let catalog = Catalog::global();
        println!(
            "products:   {} services, {} API versions (every action of each)",
            catalog.services().len(),
            catalog.product_versions().count()
        );
        match run_for {
            Some(duration) => tokio::time::sleep(duration).await,
            None => std::future::pending::<()>().await,
        }
        ExitCode::SUCCESS
    })
}
