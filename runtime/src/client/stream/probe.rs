//! What a chunk says besides its data ([`Probe`]): an error in one of the shapes the services
//! use, or that it is the last.

use serde::Deserialize;

use super::StreamEnd;
use crate::{ApiError, ErrorCode};

/// What a chunk says beside its data: an error in one of the shapes the services use, or that
/// it is the last. Keys the chunk type may not have, read in a second, cheap pass; a chunk this
/// cannot read says neither.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Probe {
    #[serde(rename = "ErrorMsg")]
    error_msg: Option<ErrorMsg>,
    #[serde(rename = "Type")]
    kind: Option<String>,
    #[serde(rename = "Error")]
    error: Option<ErrorObject>,
    #[serde(rename = "Response")]
    response: Option<EnvelopeProbe>,
    #[serde(rename = "Choices")]
    choices: Option<Vec<ChoiceProbe>>,
    #[serde(rename = "IsEnd")]
    is_end: Option<bool>,
}

/// hunyuan's `{"Code": 4001, "Msg": "..."}`.
#[derive(Deserialize)]
struct ErrorMsg {
    #[serde(rename = "Code")]
    code: Option<CodeValue>,
    #[serde(rename = "Msg")]
    message: Option<String>,
}

/// trtc's `Error` and the envelope's: `{"Code": "...", "Message": "..."}`.
#[derive(Deserialize)]
struct ErrorObject {
    #[serde(rename = "Code")]
    code: Option<CodeValue>,
    #[serde(rename = "Message")]
    message: Option<String>,
}

#[derive(Deserialize)]
struct EnvelopeProbe {
    #[serde(rename = "Error")]
    error: Option<ErrorObject>,
    #[serde(rename = "RequestId")]
    request_id: Option<String>,
}

#[derive(Deserialize)]
struct ChoiceProbe {
    #[serde(rename = "FinishReason")]
    finish_reason: Option<String>,
}

/// An error code written as a string or as a number (hunyuan's `4001`).
#[derive(Deserialize)]
#[serde(untagged)]
enum CodeValue {
    Number(i64),
    Text(String),
}

impl CodeValue {
    /// The code, unless it says "no error" (`0`, empty).
    fn into_code(self) -> Option<String> {
        match self {
            CodeValue::Number(0) => None,
            CodeValue::Number(n) => Some(n.to_string()),
            CodeValue::Text(text) if text.is_empty() || text == "0" => None,
            CodeValue::Text(text) => Some(text),
        }
    }
}

impl Probe {
    /// The error this chunk reports, if any.
    pub(super) fn api_error<C: ErrorCode>(self, request_id: Option<&str>) -> Option<ApiError<C>> {
        let header_id = request_id.unwrap_or_default();
        let (code, message, request_id) = if let Some(ErrorMsg { code, message }) = self.error_msg {
            (code?.into_code()?, message, header_id.to_owned())
        } else if self.kind.as_deref() == Some("error") {
            let ErrorObject { code, message } = self.error?;
            (code?.into_code()?, message, header_id.to_owned())
        } else {
            let EnvelopeProbe { error, request_id } = self.response?;
            let ErrorObject { code, message } = error?;
            let request_id = request_id.unwrap_or_else(|| header_id.to_owned());
            (code?.into_code()?, message, request_id)
        };
        Some(ApiError::new(
            C::parse(&code),
            message.unwrap_or_default(),
            request_id,
        ))
    }

    /// Whether this chunk is the last one under `end`.
    pub(super) fn ends(&self, end: StreamEnd) -> bool {
        match end {
            StreamEnd::Close => false,
            StreamEnd::FinishReason => self.choices.iter().flatten().any(|choice| {
                choice
                    .finish_reason
                    .as_deref()
                    .is_some_and(|reason| !reason.is_empty())
            }),
            StreamEnd::IsEnd => self.is_end == Some(true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CommonCode;

    fn probe(data: &str) -> Probe {
        serde_json::from_str(data).unwrap_or_default()
    }

    fn api_error(data: &str) -> Option<(String, String, String)> {
        probe(data)
            .api_error::<CommonCode>(Some("header-id"))
            .map(|e| {
                let (code, message, id) = e.into_parts();
                (code.as_str().to_owned(), message, id)
            })
    }

    #[test]
    fn error_chunks_of_each_service() {
        let expect = |code: &str, message: &str, id: &str| {
            Some((code.to_owned(), message.to_owned(), id.to_owned()))
        };
        assert_eq!(
            api_error(r#"{"Choices":[],"ErrorMsg":{"Code":4001,"Msg":"请求模型超时"}}"#),
            expect("4001", "请求模型超时", "header-id")
        );
        assert_eq!(
            api_error(r#"{"Type":"error","Error":{"Code":"InvalidParameter","Message":"bad"}}"#),
            expect("InvalidParameter", "bad", "header-id")
        );
        assert_eq!(
            api_error(
                r#"{"Response":{"Error":{"Code":"InternalError","Message":"x"},"RequestId":"r-9"}}"#
            ),
            expect("InternalError", "x", "r-9")
        );
        // Placeholders and ordinary chunks are no errors.
        for data in [
            r#"{"ErrorMsg":null,"Choices":[{"FinishReason":""}]}"#,
            r#"{"ErrorMsg":{"Code":0,"Msg":""}}"#,
            r#"{"Type":"audio","Audio":"AAAA","IsEnd":false}"#,
            r#"{"Type":"error"}"#,
            r#"{"Response":{"RequestId":"r"}}"#,
            r#"not json"#,
        ] {
            assert_eq!(api_error(data), None, "{data}");
        }
    }

    #[test]
    fn end_markers() {
        let last = r#"{"Choices":[{"FinishReason":"stop","Delta":{"Content":""}}]}"#;
        let middle = r#"{"Choices":[{"FinishReason":"","Delta":{"Content":"a"}}]}"#;
        assert!(probe(last).ends(StreamEnd::FinishReason));
        assert!(!probe(middle).ends(StreamEnd::FinishReason));
        assert!(!probe(last).ends(StreamEnd::Close));
        assert!(!probe(last).ends(StreamEnd::IsEnd));
        assert!(probe(r#"{"Type":"audio","IsEnd":true}"#).ends(StreamEnd::IsEnd));
        assert!(!probe(r#"{"Type":"audio","IsEnd":false}"#).ends(StreamEnd::IsEnd));
    }
}
