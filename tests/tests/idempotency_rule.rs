//! The rule of idempotency is one rule: the runtime's list of read prefixes (which an untyped
//! call applies) is the generator's (which the generated `Action` impls apply), and the
//! generated requests follow it.

use tcapi::Action;
use tcapi_cvm::v20170312::{DescribeInstancesRequest, RunInstancesRequest};

#[test]
fn the_runtime_and_the_generator_read_the_same_prefixes() {
    assert_eq!(
        tcapi::retry::READ_PREFIXES,
        tcapi_codes::reads::READ_PREFIXES
    );
    for action in [
        "DescribeInstances",
        "GetThread",
        "Getaway",
        "RunInstances",
        "Describe",
    ] {
        assert_eq!(
            tcapi::retry::is_read_action(action),
            tcapi_codes::reads::is_read(action),
            "{action}"
        );
    }
}

#[test]
fn generated_requests_follow_the_rule() {
    assert!(DescribeInstancesRequest::default().idempotent());
    let mut run = RunInstancesRequest::default();
    assert!(!run.idempotent(), "no ClientToken: not idempotent");
    run.client_token = Some(String::new());
    assert!(!run.idempotent(), "an empty ClientToken is no token");
    run.client_token = Some("order-42".into());
    assert!(run.idempotent(), "the service executes a ClientToken once");
}
