//! The server as a tunnelling HTTP proxy (`CONNECT`), as clients whose proxy support always
//! tunnels use it: plain HTTP inside, routed by `Host`; HTTPS (port 443) refused with a reason.

use std::time::Duration;

use tcapi_testserver::TestServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads from `stream` until `needle` has arrived (bounded by the caller's timeout).
async fn read_until(stream: &mut TcpStream, needle: &str) -> String {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    while !String::from_utf8_lossy(&received).contains(needle) {
        let n = stream.read(&mut buffer).await.unwrap();
        assert!(
            n > 0,
            "closed early: {}",
            String::from_utf8_lossy(&received)
        );
        received.extend_from_slice(&buffer[..n]);
    }
    String::from_utf8_lossy(&received).into_owned()
}

/// A connection to `server` that asked for a tunnel to billing's `port`, and the answer's
/// head.
async fn connect(server: &TestServer, port: u16) -> (TcpStream, String) {
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    let host = format!("billing.tencentcloudapi.com:{port}");
    let request = format!("CONNECT {host} HTTP/1.1\r\nHost: {host}\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let head = read_until(&mut stream, "\r\n\r\n").await;
    (stream, head)
}

#[tokio::test]
async fn a_tunnel_serves_the_api_inside_and_https_is_refused() {
    let server = TestServer::start().await.unwrap();
    tokio::time::timeout(Duration::from_secs(10), async {
        let (mut stream, established) = connect(&server, 80).await;
        assert!(established.starts_with("HTTP/1.1 200"), "{established}");
        // Inside: an unsigned call to the product the Host names, answered in the API's own
        // envelope.
        let request = "POST / HTTP/1.1\r\nHost: billing.tencentcloudapi.com\r\nContent-Type: application/json\r\nX-TC-Action: DescribeAccountBalance\r\nX-TC-Version: 2018-07-09\r\nX-TC-Timestamp: 1\r\nContent-Length: 2\r\n\r\n{}";
        stream.write_all(request.as_bytes()).await.unwrap();
        let answer = read_until(&mut stream, "RequestId").await;
        assert!(answer.contains("AuthFailure.InvalidAuthorization"), "{answer}");

        let (_, refused) = connect(&server, 443).await;
        assert!(refused.starts_with("HTTP/1.1 502"), "{refused}");
    })
    .await
    .expect("bounded");
    let methods: Vec<String> = server.received().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["CONNECT", "POST", "CONNECT"]);
}
