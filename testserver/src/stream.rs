//! Streamed answers: every action the catalog marks as streaming, called with
//! `"Stream": true`, is answered with server-sent events shaped like the real service's
//! (`Content-Type: text/event-stream`, the RequestId in `X-TC-RequestId`, one `data:` line per
//! chunk), with faults on demand through [`Fault::Stream`](crate::Fault::Stream). A chat
//! model's answer (hunyuan `ChatCompletions`, one with `Choices`) streams a word per chunk,
//! the last with `FinishReason: "stop"`; any other streams its answer whole in each chunk.
//!
//! Without `"Stream": true` the action answers the usual JSON envelope, as the service does.

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use hyper::body::Frame;
use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE, DATE};
use hyper::{Response, StatusCode};
use serde_json::{json, Map, Value};
use tcapi::clock::format_http_date;
use tokio::sync::mpsc;

use crate::engine::{Body, State};
use crate::error::Dropped;
use crate::fault::{StreamFault, StreamPlan};

/// The reply of the chat model: streamed a word per chunk, or whole in the JSON answer.
macro_rules! reply {
    () => {
        "Hello from the local tcapi test server: nothing left this machine."
    };
}

/// hunyuan's marker on every generated answer.
const NOTE: &str = "以上内容为AI生成，不代表开发者立场，请勿删除或修改本标记";

/// Streaming actions (service, version, action) whose JSON answer, for a call that did not
/// ask for a stream, is this reply rather than the catalog's: a reply the stream also gives,
/// so the two can be compared.
static CHAT_REPLIES: &[(&str, &str, &str, &str)] = &[(
    "hunyuan",
    "2023-09-01",
    "ChatCompletions",
    concat!(
        r#"{"Note":"以上内容为AI生成，不代表开发者立场，请勿删除或修改本标记","#,
        r#""Choices":[{"FinishReason":"stop","Message":{"Role":"assistant","Content":""#,
        reply!(),
        r#""}}],"Created":1700549760,"Id":"7c1e3b7a-0000-4000-8000-000000000001","#,
        r#""Usage":{"PromptTokens":4,"CompletionTokens":12,"TotalTokens":16}}"#
    ),
)];

/// The JSON answer of a streaming action called without asking for a stream.
pub(crate) fn json_answer(
    service: &str,
    version: &str,
    action: &str,
) -> Option<Map<String, Value>> {
    CHAT_REPLIES
        .iter()
        .find(|known| (known.0, known.1, known.2) == (service, version, action))
        .and_then(|known| serde_json::from_str(known.3).ok())
}

/// What the server's streams did, for tests.
#[derive(Debug, Default)]
pub(crate) struct StreamCounters {
    sent: AtomicU64,
    abandoned: AtomicU64,
}

impl StreamCounters {
    /// Chunks handed to connections so far, over every stream.
    pub(crate) fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// Streams whose client went away before their end.
    pub(crate) fn abandoned(&self) -> u64 {
        self.abandoned.load(Ordering::Relaxed)
    }
}

/// The body of a streamed answer: what the producer task sends, as it sends it.
pub(crate) struct Events {
    receiver: mpsc::Receiver<Result<Bytes, Dropped>>,
}

impl hyper::body::Body for Events {
    type Data = Bytes;
    type Error = Dropped;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Dropped>>> {
        self.receiver
            .poll_recv(cx)
            .map(|item| item.map(|read| read.map(Frame::data)))
    }
}

/// Streams `answer` (the JSON answer the call would get, for its RequestId) as `plan` says.
pub(crate) fn respond(
    state: Arc<State>,
    answer: &Value,
    shape: Shape,
    plan: StreamPlan,
) -> Response<Body> {
    let request_id = answer["Response"]["RequestId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // One chunk in flight: the task sends the next only once the connection took this one,
    // so its count tells how far the client has read.
    let (sender, receiver) = mpsc::channel(1);
    let mut response = Response::new(Body::Right(Events { receiver }));
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(id) = HeaderValue::from_str(&request_id) {
        headers.insert("x-tc-requestid", id);
    }
    if let Ok(date) = HeaderValue::from_str(&format_http_date(state.now())) {
        headers.insert(DATE, date);
    }
    tokio::spawn(async move {
        if produce(&state, &plan, &shape, &request_id, &sender)
            .await
            .is_err()
        {
            state.streams.abandoned.fetch_add(1, Ordering::Relaxed);
        }
    });
    response
}

/// What each chunk of a streamed answer holds.
pub(crate) enum Shape {
    /// A chat model's (hunyuan's `ChatCompletions`, any output with `Choices`): `Choices`
    /// with a `Delta` each, a word at a time, the last one with `FinishReason: "stop"`.
    Chat,
    /// The action's answer (without its `RequestId`), whole in every chunk: the stream's end
    /// is the connection's close.
    Whole(Map<String, Value>),
}

impl Shape {
    /// A chat model's chunks when `chat`, else `response` (the content of the `Response`
    /// object) whole in each.
    pub(crate) fn of(chat: bool, response: &Map<String, Value>) -> Shape {
        if chat {
            return Shape::Chat;
        }
        let mut whole = response.clone();
        whole.remove("RequestId");
        Shape::Whole(whole)
    }
}

/// The client went away.
struct Gone;

/// Sends the chunks of `plan`; `Err` when the client went away first.
async fn produce(
    state: &State,
    plan: &StreamPlan,
    shape: &Shape,
    id: &str,
    sender: &mpsc::Sender<Result<Bytes, Dropped>>,
) -> Result<(), Gone> {
    let send = |text: String| async move {
        sender
            .send(Ok(Bytes::from(format!("data: {text}\n\n"))))
            .await
            .map_err(|_| Gone)
    };
    let send_raw = |bytes: &[u8]| {
        let bytes = Bytes::copy_from_slice(bytes);
        async move { sender.send(Ok(bytes)).await.map_err(|_| Gone) }
    };
    let pieces: Vec<String> = match plan.chunks {
        Some(n) => (0..n).map(|i| format!("{i} ")).collect(),
        None => reply!().split_inclusive(' ').map(str::to_owned).collect(),
    };
    for (index, content) in pieces.iter().enumerate() {
        match &plan.fault {
            Some(fault) if fault.after() == index => match fault {
                StreamFault::ErrorMsg { code, message, .. } => {
                    let chunk = json!({
                        "Note": NOTE, "Choices": [], "Created": state.now(), "Id": id,
                        "ErrorMsg": { "Code": code, "Msg": message },
                    });
                    return send(chunk.to_string()).await;
                }
                StreamFault::Cut { .. } => {
                    return sender.send(Err(Dropped)).await.map_err(|_| Gone);
                }
                StreamFault::EndEarly { .. } => return Ok(()),
                StreamFault::LongLine { bytes, .. } => {
                    send("x".repeat(*bytes)).await?;
                }
                StreamFault::Stall { pause, .. } => tokio::time::sleep(*pause).await,
                StreamFault::Raw { bytes, .. } => send_raw(bytes).await?,
            },
            _ => {}
        }
        if !plan.interval.is_zero() {
            tokio::time::sleep(plan.interval).await;
        }
        let finish = if index + 1 == pieces.len() {
            "stop"
        } else {
            ""
        };
        let chunk = match shape {
            Shape::Chat => json!({
                "Note": NOTE,
                "Choices": [{
                    "FinishReason": finish,
                    "Delta": { "Role": "assistant", "Content": content },
                }],
                "Created": state.now(),
                "Id": id,
                "Usage": { "PromptTokens": 4, "CompletionTokens": index + 1, "TotalTokens": index + 5 },
            }),
            Shape::Whole(answer) => Value::Object(answer.clone()),
        };
        send(chunk.to_string()).await?;
        state.streams.sent.fetch_add(1, Ordering::Relaxed);
    }
    if let Some(StreamFault::Raw { after, bytes }) = &plan.fault {
        if *after == pieces.len() {
            send_raw(bytes).await?;
        }
    }
    Ok(())
}
