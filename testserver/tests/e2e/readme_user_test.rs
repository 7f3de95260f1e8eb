//! The user's test shown in testserver/README.md, kept here so that it keeps compiling and
//! passing: a generated crate's client against the local cloud.

use tcapi::client::Client;
use tcapi_billing::v20180709::{self as billing, DescribeAccountBalanceRequest};
use tcapi_testserver::TestServer;

#[tokio::test]
async fn my_code_reads_the_balance() {
    let server = TestServer::start().await.unwrap();
    let client = Client::builder(server.credentials(), "ap-guangzhou")
        .endpoint(server.endpoint())
        .build()
        .unwrap();
    let billing = billing::Client::new(client);
    let request = DescribeAccountBalanceRequest::default();
    let balance = billing.describe_account_balance(&request).await.unwrap();
    assert_eq!(balance.balance, Some(0)); // the documented example answer
    assert_eq!(server.executed("DescribeAccountBalance"), 1);
}
