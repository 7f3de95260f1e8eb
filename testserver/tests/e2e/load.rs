//! Load: 2,000 calls from 64 concurrent tasks against a server limited to 200 requests per
//! second, with injected InternalErrors and dropped connections. Every call ends in success or
//! a typed error, nothing is lost or executed twice unless idempotent, and the server's counts
//! agree with the client's results.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::*;
use serde_json::json;
use tcapi::client::Client;
use tcapi::retry::{Jitter, RetryPolicy};
use tcapi::{CommonCode, Error, ErrorCode, TransportErrorKind};
use tcapi_testserver::{Config, Fault, TestServer};

const CALLS: usize = 2_000;
const TASKS: usize = 64;
const LIMIT: u32 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Outcome {
    Ok,
    InternalError,
    ConnectionClosed,
    Other,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_calls_against_a_rate_limit() {
    bounded(120, async {
        let server = Arc::new(
            TestServer::start_with(Config {
                rate_limit: Some(LIMIT),
                // Count every execution, so a duplicate would show.
                dedupe_client_tokens: false,
                ..Config::default()
            })
            .await
            .unwrap(),
        );
        // Faults on a fixed share of requests: an InternalError (after executing) and a dropped
        // connection (before executing).
        server.inject_every(97, Fault::InternalError);
        server.inject_every(151, Fault::DropConnection);
        let client = Client::builder(server.credentials(), "ap-guangzhou")
            .endpoint(server.endpoint())
            .timeout(Duration::from_secs(10))
            .retry_policy(
                RetryPolicy::default()
                    .with_max_attempts(200)
                    .with_base_delay(Duration::from_millis(20))
                    .with_max_delay(Duration::from_millis(400))
                    .with_jitter(Jitter::Full)
                    .with_time_budget(Some(Duration::from_secs(90))),
            )
            .build()
            .unwrap();
        let started = Instant::now();
        let mut tasks = Vec::new();
        for task in 0..TASKS {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                let mut outcomes = Vec::new();
                for call in (task..CALLS).step_by(TASKS) {
                    let token = format!("call-{call}");
                    // Even calls: CreateInstance with a ClientToken (idempotent by default).
                    // Odd calls: the same action declared not idempotent, so the token only
                    // tags it for the server's count. (PayDeals has no `ClientToken` member:
                    // the server, checking requests against the spec, refuses it there.)
                    let idempotent = call % 2 == 0;
                    let request = json!({
                        "ClientToken": token, "ProductCode": "p", "SubProductCode": "sp",
                        "RegionCode": "ap-guangzhou", "ZoneCode": "ap-guangzhou-3",
                        "PayMode": "PREPAID", "Parameter": "{}"
                    });
                    let result = client
                        .request("billing", "2018-07-09", "CreateInstance", &request)
                        .idempotent(idempotent)
                        .send::<CreateInstance>()
                        .await
                        .map(|_| ());
                    outcomes.push((call, idempotent, classify(&result)));
                }
                outcomes
            }));
        }
        let mut outcomes = Vec::new();
        for task in tasks {
            outcomes.extend(task.await.unwrap());
        }
        let elapsed = started.elapsed();

        // Nothing lost: every call has exactly one outcome.
        assert_eq!(outcomes.len(), CALLS);
        let mut seen: Vec<usize> = outcomes.iter().map(|(call, _, _)| *call).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), CALLS);

        let executions = server.token_executions();
        let mut tally: HashMap<(bool, Outcome), usize> = HashMap::new();
        for (call, idempotent, outcome) in &outcomes {
            *tally.entry((*idempotent, *outcome)).or_default() += 1;
            let executed = executions.get(&format!("call-{call}")).copied().unwrap_or(0);
            match (idempotent, outcome) {
                // Succeeded: executed, and at most once unless idempotent.
                (false, Outcome::Ok) => assert_eq!(executed, 1, "call {call}"),
                (true, Outcome::Ok) => assert!(executed >= 1, "call {call}"),
                // InternalError is injected after executing: once, never retried.
                (false, Outcome::InternalError) => assert_eq!(executed, 1, "call {call}"),
                (false, Outcome::ConnectionClosed) => assert!(executed <= 1, "call {call}"),
                (idempotent, outcome) => panic!("call {call} (idempotent {idempotent}) ended in {outcome:?}"),
            }
            if !idempotent {
                assert!(executed <= 1, "non-idempotent call {call} executed {executed} times");
            }
        }
        // The server executed exactly what the calls account for.
        let total: u64 = executions.values().sum();
        assert_eq!(total, server.executed_total());
        assert!(server.answered("RequestLimitExceeded") > 0, "the limit was reached");
        assert!(tally.get(&(false, Outcome::InternalError)).copied().unwrap_or(0) > 0, "{tally:?}");
        assert!(tally.get(&(false, Outcome::ConnectionClosed)).copied().unwrap_or(0) > 0, "{tally:?}");
        // 2,000 admitted executions at 200/s take at least ~9 s.
        assert!(elapsed >= Duration::from_secs(8), "{elapsed:?}");
        eprintln!(
            "{CALLS} calls in {elapsed:?}: {tally:?}; {} HTTP requests, {} throttled, {} executions",
            server.requests(),
            server.answered("RequestLimitExceeded"),
            total
        );
    })
    .await;
}

fn classify(result: &Result<(), Error>) -> Outcome {
    match result {
        Ok(()) => Outcome::Ok,
        Err(Error::Api(e)) if *e.code() == CommonCode::InternalError => Outcome::InternalError,
        Err(Error::Transport(e)) if e.kind() == TransportErrorKind::ConnectionClosed => {
            Outcome::ConnectionClosed
        }
        Err(e) => {
            eprintln!(
                "unexpected error: {e} ({:?})",
                e.code().map(ErrorCode::as_str)
            );
            Outcome::Other
        }
    }
}
