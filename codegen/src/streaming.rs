//! The actions that answer with server-sent events (`streaming-actions.json`), for the SDK
//! generator to give them a streaming method.
//!
//! The specs mark these 27 actions only in prose: their output's `RequestId` member says that
//! on success the RequestId travels in the `X-TC-RequestId` header (the official Go SDK streams
//! the same 27). Each entry also names the chunk that ends the stream, so that a connection
//! closed before it is an error rather than a short answer:
//!
//! | `end` | the last chunk | runtime rule |
//! |---|---|---|
//! | `finish_reason` | a non-empty `Choices[..].FinishReason` (the chat actions of hunyuan, lkeap, cls) | `tcapi::client::StreamEnd::FinishReason` |
//! | `is_end` | `"IsEnd": true` (trtc `TextToSpeechSSE`) | `tcapi::client::StreamEnd::IsEnd` |
//! | `close` | none documented: the end of the body | `tcapi::client::StreamEnd::Close` |
//!
//! ```
//! let actions = tcapi_codegen::streaming::StreamingActions::builtin().unwrap();
//! let chat = actions.find("hunyuan", "2023-09-01", "ChatCompletions").unwrap();
//! assert_eq!(chat.end, tcapi_codegen::streaming::StreamEnd::FinishReason);
//! assert_eq!(actions.actions.len(), 27);
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;

use tcapi_codes::diagnostic::{Diagnostic, Diagnostics};
use tcapi_codes::load::{self, Document};

/// The chunk that ends a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamEnd {
    /// No marker: the end of the body.
    Close,
    /// A chunk with a non-empty `Choices[..].FinishReason`.
    FinishReason,
    /// A chunk with `"IsEnd": true`.
    IsEnd,
}

/// One streaming action.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamingAction {
    /// The product, as in the host and the signature (`hunyuan`).
    pub product: String,
    /// The API version (`2023-09-01`).
    pub version: String,
    /// The action (`ChatCompletions`).
    pub action: String,
    /// The chunk that ends its stream.
    pub end: StreamEnd,
    /// The 1-based line of the entry in its file.
    #[serde(skip)]
    pub line: usize,
    /// The 1-based column of the entry in its file.
    #[serde(skip)]
    pub column: usize,
}

/// The streaming actions of a file, in file order.
#[derive(Debug, Clone)]
pub struct StreamingActions {
    /// The file they were read from.
    pub path: PathBuf,
    /// The actions, in file order.
    pub actions: Vec<StreamingAction>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStreamingActions<'a> {
    #[serde(borrow)]
    actions: Vec<&'a RawValue>,
}

impl StreamingActions {
    /// The list shipped with this crate.
    pub fn builtin() -> Result<StreamingActions, Diagnostics> {
        StreamingActions::load(&crate::data::streaming_actions_path())
    }

    /// Reads and checks a list of streaming actions.
    pub fn load(path: &Path) -> Result<StreamingActions, Diagnostics> {
        let text = load::read(path, "streaming actions")?;
        StreamingActions::parse(path, &text)
    }

    /// Parses and checks a list from its text: every entry well-formed, none twice.
    pub fn parse(path: &Path, text: &str) -> Result<StreamingActions, Diagnostics> {
        let document = Document::new(path, text);
        let raw: RawStreamingActions<'_> = document.outline()?;
        let mut report = Diagnostics::default();
        let actions = document.entries(&raw.actions, &mut report, |entry: &mut StreamingAction| {
            (&mut entry.line, &mut entry.column)
        });
        let mut seen = BTreeMap::new();
        for entry in &actions {
            let key = (&entry.product, &entry.version, &entry.action);
            if let Some(first) = seen.insert(key, entry.line) {
                report.push(Diagnostic::at(
                    path,
                    entry.line,
                    entry.column,
                    format!(
                        "duplicate streaming action {} {} {} (lines {first} and {})",
                        entry.product, entry.version, entry.action, entry.line
                    ),
                ));
            }
        }
        report.into_result(StreamingActions {
            path: path.to_path_buf(),
            actions,
        })
    }

    /// The entry of an action, if it streams.
    pub fn find(&self, product: &str, version: &str, action: &str) -> Option<&StreamingAction> {
        self.actions.iter().find(|entry| {
            entry.product == product && entry.version == version && entry.action == action
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_and_unknown_rules_are_reported_with_their_line() {
        let path = Path::new("streaming-actions.json");
        let text = r#"{"actions": [
            {"product": "hunyuan", "version": "2023-09-01", "action": "ChatCompletions", "end": "finish_reason"},
            {"product": "hunyuan", "version": "2023-09-01", "action": "ChatCompletions", "end": "close"},
            {"product": "trtc", "version": "2019-07-22", "action": "TextToSpeechSSE", "end": "done"}
        ]}"#;
        let report = StreamingActions::parse(path, text).unwrap_err();
        let messages: Vec<String> = report.0.iter().map(|d| d.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("unknown variant `done`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("duplicate streaming action") && m.contains("lines 2 and 3")),
            "{messages:?}"
        );
    }

    #[test]
    fn the_builtin_list_loads() {
        let actions = StreamingActions::builtin().unwrap();
        assert_eq!(actions.actions.len(), 27);
        let trtc = actions
            .find("trtc", "2019-07-22", "TextToSpeechSSE")
            .unwrap();
        assert_eq!(trtc.end, StreamEnd::IsEnd);
        assert!(actions
            .find("cvm", "2017-03-12", "DescribeInstances")
            .is_none());
    }
}
