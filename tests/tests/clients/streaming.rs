//! Streaming through a generated crate: hunyuan's `chat_completions_stream` against the local
//! test server, chunks decoded as the generated `ChatCompletionsResponse`.

use std::time::Duration;

use tcapi::client::{ChunkStream, StreamError, StreamErrorKind};
use tcapi::ErrorCode;
use tcapi_hunyuan::v20230901::{self as hunyuan, errors::Code, ChatCompletionsResponse, Message};
use tcapi_testserver::{Fault, StreamFault, StreamPlan, TestServer};

async fn bounded<F: std::future::Future<Output = ()>>(test: F) {
    tokio::time::timeout(Duration::from_secs(30), test)
        .await
        .expect("the test took longer than 30 s");
}

async fn start() -> (TestServer, hunyuan::Client) {
    let server = TestServer::start().await.unwrap();
    let client = tcapi::client::Client::builder(server.credentials(), "ap-guangzhou")
        .endpoint(server.endpoint())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    (server, hunyuan::Client::new(client))
}

fn chat(stream: bool) -> hunyuan::ChatCompletionsRequest {
    let message = Message {
        role: Some("user".into()),
        content: Some("Say hello.".into()),
        ..Message::default()
    };
    hunyuan::ChatCompletionsRequest {
        stream: Some(stream),
        ..hunyuan::ChatCompletionsRequest::new("hunyuan-lite".into(), vec![message])
    }
}

/// The text of every chunk, and the error that ended the stream, if any.
async fn drain(
    stream: &mut ChunkStream<ChatCompletionsResponse, Code>,
) -> (Vec<String>, Vec<Option<String>>, Option<tcapi::Error<Code>>) {
    let (mut texts, mut finish) = (Vec::new(), Vec::new());
    while let Some(chunk) = stream.next_chunk().await {
        match chunk {
            Ok(chunk) => {
                for choice in chunk.choices.unwrap_or_default() {
                    texts.push(choice.delta.and_then(|d| d.content).unwrap_or_default());
                    finish.push(choice.finish_reason.filter(|r| !r.is_empty()));
                }
            }
            Err(error) => return (texts, finish, Some(error)),
        }
    }
    (texts, finish, None)
}

#[tokio::test]
async fn a_thousand_generated_chunks_arrive_in_order_and_the_last_one_finishes() {
    bounded(async {
        let (server, hunyuan) = start().await;
        server
            .inject_for("ChatCompletions", Fault::Stream(StreamPlan::chunks(1000)))
            .unwrap();
        let mut stream = hunyuan.chat_completions_stream(&chat(true)).await.unwrap();
        let (texts, finish, error) = drain(&mut stream).await;
        assert!(error.is_none(), "{error:?}");
        let expected: Vec<String> = (0..1000).map(|i| format!("{i} ")).collect();
        assert_eq!(texts, expected);
        assert!(finish[..999].iter().all(Option::is_none));
        assert!(
            finish[999].is_some(),
            "the last chunk carries a FinishReason"
        );
        assert!(stream.end_seen());
        let request_id = stream.request_id().expect("X-TC-RequestId");
        assert!(!request_id.is_empty());
    })
    .await;
}

#[tokio::test]
async fn an_error_chunk_is_an_api_error_of_the_products_codes() {
    bounded(async {
        let (server, hunyuan) = start().await;
        let fault = StreamFault::ErrorMsg {
            after: 2,
            code: 4001,
            message: "请求模型超时".to_owned(),
        };
        server
            .inject_for(
                "ChatCompletions",
                Fault::Stream(StreamPlan::chunks(10).fault(fault)),
            )
            .unwrap();
        let mut stream = hunyuan.chat_completions_stream(&chat(true)).await.unwrap();
        let (texts, _, error) = drain(&mut stream).await;
        assert_eq!(texts, ["0 ", "1 "]);
        let Some(tcapi::Error::Api(api)) = error else {
            panic!("{error:?}")
        };
        assert_eq!(api.code().as_str(), "4001");
        assert_eq!(api.message(), "请求模型超时");
    })
    .await;
}

#[tokio::test]
async fn a_stream_cut_before_its_finish_reason_is_an_error_not_a_short_answer() {
    bounded(async {
        let (server, hunyuan) = start().await;
        let plan = StreamPlan::chunks(10).fault(StreamFault::EndEarly { after: 4 });
        server
            .inject_for("ChatCompletions", Fault::Stream(plan))
            .unwrap();
        let mut stream = hunyuan.chat_completions_stream(&chat(true)).await.unwrap();
        let (texts, _, error) = drain(&mut stream).await;
        assert_eq!(texts.len(), 4);
        let error = error.expect("a cut");
        let stream_error = StreamError::of(&error).unwrap_or_else(|| panic!("{error:?}"));
        assert_eq!(stream_error.kind(), StreamErrorKind::Cut);
    })
    .await;
}

#[tokio::test]
async fn without_stream_the_answer_is_one_chunk_the_whole_response() {
    bounded(async {
        let (_server, hunyuan) = start().await;
        let mut stream = hunyuan.chat_completions_stream(&chat(false)).await.unwrap();
        let (texts, finish, error) = drain(&mut stream).await;
        assert!(error.is_none(), "{error:?}");
        assert_eq!(texts.len(), 1);
        assert!(finish[0].is_some());
        assert_eq!(stream.chunks(), 1);
        assert!(stream.request_id().is_some(), "from the JSON body");
    })
    .await;
}
