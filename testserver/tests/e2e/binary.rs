//! The `tcapi-testserver` binary as a user runs it: its start-up lines, a call to the
//! endpoint they name, `--product`, `--list` and its usage errors.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::json;
use tcapi::client::Client;
use tcapi::sign::Credentials;
use tcapi::ErrorCode as _;

const BINARY: &str = env!("CARGO_BIN_EXE_tcapi-testserver");

#[derive(Debug, tcapi::TencentResponse)]
struct SketchToImage {
    result_image: Option<String>,
    request_id: String,
}

/// Kills the server when the test ends, even by a failed assertion.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The value of the start-up line `name: value`.
fn value_of<'a>(lines: &'a [String], name: &str) -> &'a str {
    lines
        .iter()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no `{name}:` line in {lines:#?}"))
}

#[test]
fn the_binary_prints_its_endpoint_and_credentials_and_answers_there() {
    // `--for` bounds the server's life even if this test dies before killing it.
    let child = Command::new(BINARY)
        .args(["--port", "0", "--for", "30", "--product", "aiart"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let mut running = Running(child);
    let stdout = running.0.stdout.take().unwrap();
    let lines: Vec<String> = BufReader::new(stdout)
        .lines()
        .take(4)
        .map(|line| line.expect("a start-up line"))
        .collect();
    assert_eq!(lines.len(), 4, "start-up printed {lines:#?}");
    assert!(
        lines[3].starts_with("serving aiart ") && lines[3].contains("proxy"),
        "{lines:#?}"
    );
    let endpoint = value_of(&lines, "endpoint").to_owned();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    let credentials = Credentials::new(
        value_of(&lines, "secret id"),
        value_of(&lines, "secret key"),
    );

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = Client::builder(credentials, "ap-guangzhou")
            .endpoint(endpoint)
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        let call = |service: &'static str, version: &'static str, action: &'static str| {
            let client = client.clone();
            async move {
                let params = json!({ "Prompt": "rain" });
                tokio::time::timeout(
                    Duration::from_secs(10),
                    client.call::<_, SketchToImage>(service, version, action, &params),
                )
                .await
                .expect("bounded")
            }
        };
        let answer = call("aiart", "2022-12-29", "SketchToImage").await.unwrap();
        assert!(answer
            .result_image
            .is_some_and(|url| url.starts_with("https://")));
        assert!(!answer.request_id.is_empty());
        // `--product aiart`: billing is not served.
        let refused = call("billing", "2018-07-09", "DescribeAccountBalance")
            .await
            .unwrap_err();
        let code = refused.code().map(|code| code.as_str());
        assert_eq!(code, Some("InvalidAction"), "{refused}");
    });
}

#[test]
fn list_prints_one_line_per_action_of_the_products_asked() {
    let output = Command::new(BINARY)
        .args(["--list", "--product", "billing"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.lines().count() > 10, "{stdout}");
    assert!(stdout
        .lines()
        .all(|line| line.starts_with("billing 2018-07-09 ")));
    assert!(stdout.contains("billing 2018-07-09 DescribeAccountBalance\n"));
}

#[test]
fn usage_errors_name_the_problem() {
    for (args, problem) in [
        (&["--port"][..], "`--port` needs a value"),
        (&["--port", "http"], "`--port http`: not a port number"),
        (
            &["--product", "nosuch"],
            "`--product nosuch`: no such product",
        ),
        (&["--verbose"], "unknown argument `--verbose`"),
    ] {
        let output = Command::new(BINARY).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(problem), "{args:?}: {stderr}");
        assert!(stderr.contains("usage: tcapi-testserver"), "{stderr}");
    }
}
