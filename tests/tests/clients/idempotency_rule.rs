//! The rule of idempotency is one rule, the runtime's (`tcapi::retry::READ_PREFIXES`, which
//! the generator applies too), and the generated requests follow it.

use tcapi::Action;
use tcapi_cvm::v20170312::{DescribeInstancesRequest, RunInstancesRequest};

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
