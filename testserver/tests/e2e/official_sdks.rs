//! The official Tencent Cloud SDKs, unchanged, pointed at the test server: every signature
//! method they offer, GET and POST, the server as their endpoint and as their HTTP proxy.
//!
//! The SDKs come from `testserver/tests/official/install.sh`, which puts them, pinned, in
//! `<target>/official-sdks` (CI runs it first and sets `TCAPI_OFFICIAL_SDKS` to that directory).
//! Without `TCAPI_OFFICIAL_SDKS` when they were built the tests are ignored with that reason
//! (build.rs); with it, a missing SDK (or a missing `node`) fails them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use tcapi_testserver::{TestServer, TEST_SECRET_ID, TEST_SECRET_KEY};

/// Where the scripts run by these tests live.
fn official_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/official")
}

/// Runs `command` to the end, killing it after `limit`; its output.
fn run_bounded(command: &mut Command, limit: Duration) -> Output {
    // Only loopback: no proxy of the environment may carry the SDK's calls elsewhere.
    for name in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        command.env_remove(name);
    }
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    let deadline = Instant::now() + limit;
    while child
        .try_wait()
        .expect("the command can be waited for")
        .is_none()
    {
        if Instant::now() > deadline {
            let _ = child.kill();
            let output = child
                .wait_with_output()
                .expect("the killed command is reaped");
            panic!(
                "{command:?} took longer than {limit:?}; it printed:\n{}\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("the command's output")
}

/// Whether `program` with `args` runs and succeeds.
fn succeeds(program: &Path, args: &[&str], node_path: Option<&Path>) -> bool {
    let mut command = Command::new(program);
    command
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(node_path) = node_path {
        command.env("NODE_PATH", node_path);
    }
    command.status().is_ok_and(|status| status.success())
}

/// Where `install.sh` put the SDKs (`<target>/official-sdks`): `TCAPI_OFFICIAL_SDKS`, as it was
/// when these tests were built (without it they are ignored).
fn installed_sdks() -> PathBuf {
    PathBuf::from(option_env!("TCAPI_OFFICIAL_SDKS").unwrap_or_default())
}

/// The python that imports the official SDK, or why there is none.
fn official_python() -> Result<PathBuf, String> {
    let check = "import tencentcloud.common.common_client, tencentcloud.aiart.v20221229.aiart_client, tencentcloud.billing.v20180709.billing_client";
    let installed = installed_sdks().join("python/bin/python");
    let candidates = [installed, PathBuf::from("python3")];
    for python in candidates {
        if succeeds(&python, &["-c", check], None) {
            return Ok(python);
        }
    }
    Err("neither <target>/official-sdks/python nor python3 on PATH imports the official Tencent Cloud Python SDK; run `bash testserver/tests/official/install.sh` (CI does)".to_owned())
}

/// The `node_modules` with the official Node SDK, or why there is none.
fn official_node_modules() -> Result<PathBuf, String> {
    if !succeeds(Path::new("node"), &["--version"], None) {
        return Err("node is not on PATH".to_owned());
    }
    let modules = installed_sdks().join("node/node_modules");
    let check = ["-e", "require('tencentcloud-sdk-nodejs-common')"];
    if succeeds(Path::new("node"), &check, Some(&modules)) {
        return Ok(modules);
    }
    Err("<target>/official-sdks/node has no tencentcloud-sdk-nodejs-common; run `bash testserver/tests/official/install.sh` (CI does)".to_owned())
}

/// Runs `script` of tests/official with `program` against a fresh server; the server, for
/// the caller's assertions on what it received.
fn run_script(
    runtime: &tokio::runtime::Runtime,
    program: &Path,
    script: &str,
    node_path: Option<&Path>,
) -> TestServer {
    let server = runtime.block_on(TestServer::start()).unwrap();
    let mut command = Command::new(program);
    command.arg(official_dir().join(script)).args([
        server.endpoint().as_str(),
        TEST_SECRET_ID,
        TEST_SECRET_KEY,
    ]);
    if let Some(node_path) = node_path {
        command.env("NODE_PATH", node_path);
    }
    let output = run_bounded(&mut command, Duration::from_secs(120));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let passed = stdout
        .lines()
        .filter(|line| line.starts_with("ok: "))
        .count();
    assert!(
        passed >= 40,
        "only {passed} cases of {script} ran:\n{stdout}"
    );
    server
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
#[cfg_attr(
    not(official_sdks),
    ignore = "TCAPI_OFFICIAL_SDKS was unset at build time: run testserver/tests/official/install.sh and set it (CI does)"
)]
fn the_official_python_sdk_works_unchanged() {
    let python = official_python().unwrap_or_else(|why| panic!("{why}"));
    let runtime = runtime();
    let server = run_script(&runtime, &python, "python_sdk.py", None);
    // Every signature method reached the server, legacy ones with their parameters in the
    // query of a GET or the form body of a POST, TC3 with its header; some through the
    // server as the proxy, in absolute form.
    let received = server.received();
    let legacy_get = received
        .iter()
        .any(|r| r.method == "GET" && r.target.contains("SignatureMethod=HmacSHA1"));
    let proxied = received.iter().any(|r| {
        r.target == "http://billing.tencentcloudapi.com/" && r.host == "billing.tencentcloudapi.com"
    });
    assert!(legacy_get, "no legacy GET among {received:#?}");
    assert!(proxied, "no proxied request among {received:#?}");
    assert!(server.executed("SketchToImage") >= 9);
    assert!(server.answered("AuthFailure.SignatureFailure") >= 3);
}

#[test]
#[cfg_attr(
    not(official_sdks),
    ignore = "TCAPI_OFFICIAL_SDKS was unset at build time: run testserver/tests/official/install.sh and set it (CI does)"
)]
fn the_official_node_sdk_works_unchanged_through_the_proxy() {
    let modules = official_node_modules().unwrap_or_else(|why| panic!("{why}"));
    let runtime = runtime();
    let server = run_script(&runtime, Path::new("node"), "node_sdk.js", Some(&modules));
    // The Node SDK's proxy agent tunnels: CONNECT, then requests in origin form whose Host
    // names the product.
    let received = server.received();
    let tunnels = received
        .iter()
        .filter(|r| r.method == "CONNECT" && r.target == "aiart.tencentcloudapi.com:80")
        .count();
    assert!(tunnels >= 1, "no CONNECT among {received:#?}");
    assert!(received
        .iter()
        .any(|r| r.method == "POST" && r.host == "billing.tencentcloudapi.com"));
    assert!(server.executed("SketchToImage") >= 6);
}
