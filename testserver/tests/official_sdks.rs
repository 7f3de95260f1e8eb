//! The official Tencent Cloud SDKs, unchanged, pointed at the test server: every signature
//! method they offer, GET and POST, the server as their endpoint and as their HTTP proxy.
//!
//! The Python SDK comes from `testserver/tests/official/install.sh` (a virtual environment in
//! the target directory; CI runs it first) or from `TCAPI_OFFICIAL_PYTHON`, the python to use.
//! Without either, the test says loudly that it skipped; with `TCAPI_OFFICIAL_PYTHON` set, a
//! python that cannot import the SDK fails it.

use std::io::Write as _;
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

/// Whether `python` imports the official SDK's packages that the script uses.
fn imports_the_sdk(python: &Path) -> bool {
    let check = "import tencentcloud.common.common_client, tencentcloud.aiart.v20221229.aiart_client, tencentcloud.billing.v20180709.billing_client";
    Command::new(python)
        .args(["-c", check])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// The python that has the official SDK, or why there is none.
fn official_python() -> Result<PathBuf, String> {
    if let Some(python) = std::env::var_os("TCAPI_OFFICIAL_PYTHON") {
        let python = PathBuf::from(python);
        assert!(
            imports_the_sdk(&python),
            "TCAPI_OFFICIAL_PYTHON={} cannot import the official SDK (testserver/tests/official/requirements.txt)",
            python.display()
        );
        return Ok(python);
    }
    // install.sh puts it in `<target>/official-sdks/python`; this test runs from
    // `<target>/<profile>/deps`.
    let exe = std::env::current_exe().expect("the test binary's path");
    let installed = exe
        .ancestors()
        .map(|dir| dir.join("official-sdks/python/bin/python"))
        .find(|python| python.exists());
    let candidates = installed.into_iter().chain([PathBuf::from("python3")]);
    for python in candidates {
        if imports_the_sdk(&python) {
            return Ok(python);
        }
    }
    Err("neither TCAPI_OFFICIAL_PYTHON, nor <target>/official-sdks/python, nor python3 on PATH imports the official Tencent Cloud Python SDK; run `bash testserver/tests/official/install.sh` (CI does)".to_owned())
}

/// Says on the terminal, past the test harness's capture of a passing test's output, that
/// a test did not run.
fn skipped(sdk: &str, why: &str) {
    let bar = "!".repeat(78);
    let _ = writeln!(
        std::io::stderr().lock(),
        "\n{bar}\n!!! SKIPPED: the official {sdk} SDK against tcapi-testserver did NOT run\n!!! why: {why}\n{bar}\n"
    );
}

#[test]
fn the_official_python_sdk_works_unchanged() {
    let python = match official_python() {
        Ok(python) => python,
        Err(why) => return skipped("Python", &why),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(TestServer::start()).unwrap();
    let output = run_bounded(
        Command::new(&python)
            .arg(official_dir().join("python_sdk.py"))
            .args([server.endpoint().as_str(), TEST_SECRET_ID, TEST_SECRET_KEY]),
        Duration::from_secs(120),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "python_sdk.py failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let passed = stdout
        .lines()
        .filter(|line| line.starts_with("ok: "))
        .count();
    assert!(passed >= 40, "only {passed} cases ran:\n{stdout}");
    // Every signature method reached the server, legacy ones with their parameters in the
    // query of a GET or the form body of a POST, TC3 with its header.
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
