//! Streamed answers over loopback: hunyuan `ChatCompletions` as server-sent events, read as
//! typed chunks, with each fault inside a stream ending it with its own typed error.

use std::time::{Duration, Instant};

use crate::common::*;
use serde_json::{json, Value};
use tcapi::client::{ChunkStream, Client, StreamEnd, StreamError, StreamErrorKind, StreamOptions};
use tcapi::retry::RetryPolicy;
use tcapi::{ErrorCode, TransportErrorKind};
use tcapi_testserver::{Fault, StreamFault, StreamPlan, TestServer};

const HUNYUAN: &str = "2023-09-01";

/// A chunk of `ChatCompletions`, streamed or whole.
#[derive(Debug, tcapi::Model)]
struct Chunk {
    choices: Option<Vec<Choice>>,
    id: Option<String>,
}

#[derive(Debug, tcapi::Model)]
struct Choice {
    finish_reason: Option<String>,
    delta: Option<Message>,
    message: Option<Message>,
}

#[derive(Debug, tcapi::Model)]
struct Message {
    content: Option<String>,
}

impl Chunk {
    /// The text of the chunk: its deltas, or the whole message of a JSON answer.
    fn text(&self) -> String {
        self.choices
            .iter()
            .flatten()
            .filter_map(|choice| choice.delta.as_ref().or(choice.message.as_ref()))
            .filter_map(|message| message.content.clone())
            .collect()
    }
}

fn chat(stream: bool) -> Value {
    json!({
        "Model": "hunyuan-lite",
        "Messages": [{"Role": "user", "Content": "Say hello."}],
        "Stream": stream,
    })
}

/// A server whose next `ChatCompletions` streams as `plan` says, and a client for it.
async fn server_streaming(plan: StreamPlan) -> (TestServer, Client) {
    let server = TestServer::start().await.unwrap();
    let (client, _) = client(&server);
    server
        .inject_for("ChatCompletions", Fault::Stream(plan))
        .unwrap();
    (server, client)
}

fn finish_reason() -> StreamOptions {
    StreamOptions::new(StreamEnd::FinishReason)
}

async fn open(
    client: &Client,
    request: &Value,
    options: StreamOptions,
) -> Result<ChunkStream<Chunk>, tcapi::Error> {
    client
        .request("hunyuan", HUNYUAN, "ChatCompletions", request)
        .send_stream(options)
        .await
}

/// Reads the stream to its end: the texts of the good chunks, then the error that ended it.
async fn drain(stream: &mut ChunkStream<Chunk>) -> (Vec<String>, Option<tcapi::Error>) {
    let mut texts = Vec::new();
    while let Some(chunk) = stream.next_chunk().await {
        match chunk {
            Ok(chunk) => texts.push(chunk.text()),
            Err(error) => {
                assert!(
                    stream.next_chunk().await.is_none(),
                    "an error ends the stream"
                );
                return (texts, Some(error));
            }
        }
    }
    (texts, None)
}

fn stream_error(error: &tcapi::Error) -> &StreamError {
    StreamError::of(error).unwrap_or_else(|| panic!("not a stream error: {error:?}"))
}

fn transport_kind(error: &tcapi::Error) -> TransportErrorKind {
    match error {
        tcapi::Error::Transport(e) => e.kind(),
        other => panic!("not a transport error: {other:?}"),
    }
}

#[tokio::test]
async fn a_thousand_chunks_arrive_in_order_while_the_server_still_sends() {
    bounded(60, async {
        let plan = StreamPlan::chunks(1000).interval(Duration::from_millis(1));
        let (server, client) = server_streaming(plan).await;
        let mut stream = open(&client, &chat(true), finish_reason()).await.unwrap();
        let first = stream.next_chunk().await.unwrap().unwrap();
        assert_eq!(first.text(), "0 ");
        // The client hands out chunks as they come: it does not wait for the whole body.
        let sent = server.stream_chunks_sent();
        assert!(
            sent < 1000,
            "{sent} chunks were sent before the first was read"
        );
        let request_id = stream.request_id().expect("X-TC-RequestId").to_owned();
        assert_eq!(first.id.as_deref(), Some(request_id.as_str()));

        let (rest, error) = drain(&mut stream).await;
        assert!(error.is_none(), "{error:?}");
        let expected: Vec<String> = (1..1000).map(|i| format!("{i} ")).collect();
        assert_eq!(rest, expected);
        assert_eq!(stream.chunks(), 1000);
        assert!(stream.end_seen());
        assert_eq!(server.streams_abandoned(), 0);
    })
    .await;
}

#[tokio::test]
async fn the_default_answer_streams_the_reply_word_by_word() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let (client, _) = client(&server);
        let mut stream = open(&client, &chat(true), finish_reason()).await.unwrap();
        let mut words = Vec::new();
        let mut reasons = Vec::new();
        while let Some(chunk) = stream.next_chunk().await {
            let chunk = chunk.unwrap();
            words.push(chunk.text());
            let choices = chunk.choices.unwrap_or_default();
            reasons.extend(
                choices
                    .into_iter()
                    .filter_map(|choice| choice.finish_reason),
            );
        }
        assert!(words.len() > 3, "{words:?}");
        let (last, others) = reasons.split_last().unwrap();
        assert_eq!(last, "stop");
        assert!(others.iter().all(String::is_empty), "{reasons:?}");
        assert_eq!(
            words.concat(),
            "Hello from the local tcapi test server: nothing left this machine."
        );
    })
    .await;
}

#[tokio::test]
async fn an_error_msg_chunk_ends_the_stream_with_an_api_error() {
    bounded(30, async {
        let fault = StreamFault::ErrorMsg {
            after: 2,
            code: 4001,
            message: "请求模型超时".to_owned(),
        };
        let plan = StreamPlan::chunks(10).fault(fault);
        let (_server, client) = server_streaming(plan).await;
        let mut stream = open(&client, &chat(true), finish_reason()).await.unwrap();
        let (texts, error) = drain(&mut stream).await;
        assert_eq!(texts, ["0 ", "1 "]);
        let error = error.expect("an error");
        let tcapi::Error::Api(api) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(api.code().as_str(), "4001");
        assert_eq!(api.message(), "请求模型超时");
        assert_eq!(Some(api.request_id()), stream.request_id());
        assert!(error.to_string().contains("4001"), "{error}");
    })
    .await;
}

#[tokio::test]
async fn a_connection_cut_mid_stream_ends_it_with_a_cut() {
    bounded(30, async {
        let plan = StreamPlan::chunks(10).fault(StreamFault::Cut { after: 3 });
        let (_server, client) = server_streaming(plan).await;
        // Even with no end marker to wait for, a body that breaks off is an error.
        let mut stream = open(&client, &chat(true), StreamOptions::default())
            .await
            .unwrap();
        let (texts, error) = drain(&mut stream).await;
        assert_eq!(texts.len(), 3);
        let error = error.expect("an error");
        assert_eq!(transport_kind(&error), TransportErrorKind::ConnectionClosed);
        let cut = stream_error(&error);
        assert_eq!(cut.kind(), StreamErrorKind::Cut);
        assert_eq!(cut.chunks(), 3);
        assert_eq!(cut.request_id(), stream.request_id());
        assert!(std::error::Error::source(cut).is_some(), "keeps the cause");
    })
    .await;
}

#[tokio::test]
async fn a_clean_end_before_the_last_chunk_is_a_cut_under_its_end_rule() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let (client, _) = client(&server);
        let plan = StreamPlan::chunks(10).fault(StreamFault::EndEarly { after: 4 });
        server
            .inject_for("ChatCompletions", Fault::Stream(plan.clone()))
            .unwrap();
        let mut stream = open(&client, &chat(true), finish_reason()).await.unwrap();
        let (texts, error) = drain(&mut stream).await;
        assert_eq!(texts.len(), 4);
        let error = error.expect("no FinishReason: an error");
        assert_eq!(stream_error(&error).kind(), StreamErrorKind::Cut);
        assert!(
            error.to_string().contains("before its last chunk"),
            "{error}"
        );
        assert!(!stream.end_seen());

        // The caller picks the rule: without one, the same stream simply ends.
        server
            .inject_for("ChatCompletions", Fault::Stream(plan))
            .unwrap();
        let mut stream = open(&client, &chat(true), StreamOptions::default())
            .await
            .unwrap();
        let (texts, error) = drain(&mut stream).await;
        assert_eq!((texts.len(), error.is_none()), (4, true));
    })
    .await;
}

#[tokio::test]
async fn an_over_long_line_ends_the_stream_instead_of_growing_the_buffer() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let (client, _) = client(&server);
        for (options, bytes, limit) in [
            (
                finish_reason().max_event_bytes(64 * 1024),
                100_000,
                64 * 1024,
            ),
            (finish_reason(), 1_500_000, 1024 * 1024),
        ] {
            let fault = StreamFault::LongLine { after: 1, bytes };
            let plan = StreamPlan::chunks(5).fault(fault);
            server
                .inject_for("ChatCompletions", Fault::Stream(plan))
                .unwrap();
            let mut stream = open(&client, &chat(true), options).await.unwrap();
            let (texts, error) = drain(&mut stream).await;
            assert_eq!(texts.len(), 1);
            let error = error.expect("an error");
            assert_eq!(transport_kind(&error), TransportErrorKind::BodyTooLarge);
            assert_eq!(
                stream_error(&error).kind(),
                StreamErrorKind::EventTooLarge { limit }
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_stall_longer_than_the_idle_timeout_ends_the_stream() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let (client, _) = client(&server);
        let fault = StreamFault::Stall {
            after: 2,
            pause: Duration::from_secs(20),
        };
        server
            .inject_for(
                "ChatCompletions",
                Fault::Stream(StreamPlan::chunks(5).fault(fault)),
            )
            .unwrap();
        let idle = Duration::from_millis(300);
        let options = finish_reason().idle_timeout(idle);
        let mut stream = open(&client, &chat(true), options).await.unwrap();
        let started = Instant::now();
        let (texts, error) = drain(&mut stream).await;
        assert_eq!(texts.len(), 2);
        let error = error.expect("an error");
        assert_eq!(transport_kind(&error), TransportErrorKind::Timeout);
        assert_eq!(
            stream_error(&error).kind(),
            StreamErrorKind::Idle { timeout: idle }
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    })
    .await;
}

#[tokio::test]
async fn a_stream_outlives_the_request_timeout_which_bounds_only_the_head() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let timeout = Duration::from_millis(300);
        let client = Client::builder(server.credentials(), "ap-guangzhou")
            .endpoint(server.endpoint())
            .retry_policy(RetryPolicy::never())
            .timeout(timeout)
            .build()
            .unwrap();
        let plan = StreamPlan::chunks(8).interval(Duration::from_millis(100));
        server
            .inject_for("ChatCompletions", Fault::Stream(plan))
            .unwrap();
        let started = Instant::now();
        let mut stream = open(&client, &chat(true), finish_reason()).await.unwrap();
        let (texts, error) = drain(&mut stream).await;
        assert!(error.is_none(), "{error:?}");
        assert_eq!(texts.len(), 8);
        assert!(started.elapsed() > 2 * timeout, "{:?}", started.elapsed());

        // A head later than the timeout still fails.
        server
            .inject_for("ChatCompletions", Fault::Slow(Duration::from_secs(3)))
            .unwrap();
        let started = Instant::now();
        let error = open(&client, &chat(true), finish_reason())
            .await
            .unwrap_err();
        assert_eq!(transport_kind(&error), TransportErrorKind::Timeout);
        assert!(started.elapsed() < Duration::from_secs(2));
    })
    .await;
}

#[tokio::test]
async fn a_json_error_envelope_is_an_api_error_retried_like_any_call() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let (client, events) = client(&server);
        server
            .inject_for(
                "ChatCompletions",
                Fault::ApiError {
                    code: "InvalidParameter".to_owned(),
                    message: "Messages is empty".to_owned(),
                },
            )
            .unwrap();
        let error = open(&client, &chat(true), finish_reason())
            .await
            .unwrap_err();
        let tcapi::Error::Api(api) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(api.code().as_str(), "InvalidParameter");
        assert!(error.request_id().is_some());

        // Throttling is answered before any chunk, so it is retried as `send` retries it.
        server
            .inject_for("ChatCompletions", Fault::Throttle)
            .unwrap();
        let requests = server.requests();
        let mut stream = open(&client, &chat(true), finish_reason()).await.unwrap();
        let (_, error) = drain(&mut stream).await;
        assert!(error.is_none(), "{error:?}");
        assert_eq!(server.requests(), requests + 2);
        assert_eq!(snapshot(&events).len(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_json_success_answer_to_a_streaming_call_is_one_chunk() {
    bounded(30, async {
        let server = TestServer::start().await.unwrap();
        let (client, _) = client(&server);
        // On another task: the call and its stream are `Send`.
        let (request_id, (texts, error)) = tokio::spawn(async move {
            let mut stream = open(&client, &chat(false), finish_reason()).await.unwrap();
            let request_id = stream.request_id().map(str::to_owned);
            (request_id, drain(&mut stream).await)
        })
        .await
        .unwrap();
        let request_id = request_id.expect("the body's RequestId");
        assert!(error.is_none(), "{error:?}");
        assert_eq!(
            texts,
            ["Hello from the local tcapi test server: nothing left this machine."]
        );
        assert_eq!(request_id.len(), 36, "{request_id}");
    })
    .await;
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    bounded(30, async {
        let plan = StreamPlan::chunks(1000).interval(Duration::from_millis(5));
        let (server, client) = server_streaming(plan).await;
        let mut stream = open(&client, &chat(true), finish_reason()).await.unwrap();
        for _ in 0..2 {
            stream.next_chunk().await.unwrap().unwrap();
        }
        drop(stream);
        let deadline = Instant::now() + Duration::from_secs(10);
        while server.streams_abandoned() == 0 {
            assert!(Instant::now() < deadline, "the server never noticed");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(server.stream_chunks_sent() < 1000);
    })
    .await;
}

/// A byte that is not UTF-8 inside a chunk is the same fault the body decoder reports for a
/// JSON answer (`Syntax`), not a silent U+FFFD in the text; the chunks before it arrive.
#[tokio::test]
async fn a_byte_that_is_not_utf8_ends_the_stream_with_a_typed_error() {
    bounded(20, async {
        let bad = b"data: {\"Choices\":[{\"Delta\":{\"Content\":\"caf\xE9\"}}]}\n\n".to_vec();
        let plan = StreamPlan::chunks(5).fault(StreamFault::Raw {
            after: 2,
            bytes: bad,
        });
        let (_server, client) = server_streaming(plan).await;
        let mut stream = open(&client, &chat(true), finish_reason()).await.unwrap();
        let (texts, error) = drain(&mut stream).await;
        assert_eq!(texts, ["0 ", "1 "]);
        let Some(tcapi::Error::InvalidBody(body)) = error else {
            panic!("{error:?}")
        };
        assert_eq!(body.kind(), tcapi::BodyErrorKind::Syntax, "{body}");
    })
    .await;
}

/// `data: [DONE]` after the last chunk, as OpenAI-compatible servers end a stream, is its
/// end, not a chunk that fails to decode.
#[tokio::test]
async fn done_after_the_last_chunk_ends_the_stream_cleanly() {
    bounded(20, async {
        let done = b"data: [DONE]\n\n".to_vec();
        let plan = StreamPlan::chunks(3).fault(StreamFault::Raw {
            after: 3,
            bytes: done,
        });
        let (_server, client) = server_streaming(plan).await;
        let mut stream = open(&client, &chat(true), finish_reason()).await.unwrap();
        let (texts, error) = drain(&mut stream).await;
        assert!(error.is_none(), "{error:?}");
        assert_eq!(texts, ["0 ", "1 ", "2 "]);
        assert!(stream.end_seen());

        // `[DONE]` before the chunk the end rule names: the answer is still incomplete.
        let done = b"data: [DONE]\n\n".to_vec();
        let plan = StreamPlan::chunks(3).fault(StreamFault::Raw {
            after: 1,
            bytes: done,
        });
        let (_server, client) = server_streaming(plan).await;
        let mut stream = open(&client, &chat(true), finish_reason()).await.unwrap();
        let (texts, error) = drain(&mut stream).await;
        assert_eq!(texts, ["0 "]);
        let error = error.expect("an early [DONE] is a cut");
        assert_eq!(stream_error(&error).kind(), StreamErrorKind::Cut);
    })
    .await;
}

/// An event with a type of its own (`event: ping`) is not a chunk of the answer.
#[tokio::test]
async fn named_events_such_as_ping_are_not_chunks() {
    bounded(20, async {
        let ping = b"event: ping\ndata: {}\n\n".to_vec();
        let plan = StreamPlan::chunks(3).fault(StreamFault::Raw {
            after: 1,
            bytes: ping,
        });
        let (_server, client) = server_streaming(plan).await;
        let mut stream = open(&client, &chat(true), finish_reason()).await.unwrap();
        let (texts, error) = drain(&mut stream).await;
        assert!(error.is_none(), "{error:?}");
        assert_eq!(texts, ["0 ", "1 ", "2 "]);
        assert_eq!(stream.chunks(), 3);
    })
    .await;
}
