//! The proxy named by the environment, in a test binary of its own: a client reads the
//! environment when it is built, and no other test may see it changed.

use std::time::Duration;

use serde_json::json;
use tcapi::client::{Client, Scheme};
use tcapi_testserver::TestServer;

#[derive(Debug, tcapi::TencentResponse)]
struct TextToImageLite {
    request_id: String,
}

const HOST: &str = "aiart.tencentcloudapi.com";

#[test]
fn the_environment_proxy_carries_calls_unless_the_client_opts_out() {
    // One thread: nothing else reads the environment while it changes.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = TestServer::start().await.unwrap();
        for name in [
            "http_proxy",
            "https_proxy",
            "all_proxy",
            "ALL_PROXY",
            "HTTPS_PROXY",
            "no_proxy",
            "NO_PROXY",
            "REQUEST_METHOD",
        ] {
            std::env::remove_var(name);
        }
        std::env::set_var("HTTP_PROXY", server.endpoint());
        let call = |client: Client| async move {
            let prompt = json!({ "Prompt": "rain" });
            let answer: Result<TextToImageLite, tcapi::Error> = tokio::time::timeout(
                Duration::from_secs(10),
                client.call("aiart", "2022-12-29", "TextToImageLite", &prompt),
            )
            .await
            .expect("bounded");
            answer.unwrap();
        };
        let builder = || {
            Client::builder(server.credentials(), "ap-guangzhou")
                .scheme(Scheme::Http)
                .timeout(Duration::from_secs(5))
        };

        // No DNS override: only the proxy (this server) knows where the host is.
        call(builder().build().unwrap()).await;
        let received = server.last_received().unwrap();
        assert_eq!(received.target, format!("http://{HOST}/"));
        assert_eq!(received.host, HOST);

        // `no_proxy()` ignores the environment: the request comes straight, in origin form.
        let direct = builder()
            .no_proxy()
            .resolve(HOST, server.addr())
            .build()
            .unwrap();
        call(direct).await;
        assert_eq!(server.last_received().unwrap().target, "/");
        std::env::remove_var("HTTP_PROXY");
    });
}
