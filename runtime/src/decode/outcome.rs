//! What the end of a pass becomes for the caller: the [`Error`] of a body that gave no data,
//! and the [`BodyError`] of a body the decoder could not read.

use std::fmt;

use super::envelope::State;
use crate::error::bounded;
use crate::{ApiError, BodyError, BodyErrorKind, Error, ErrorCode, LegacyError};

/// What the first non-whitespace byte already decides.
#[inline]
pub(super) fn precheck<C>(bytes: &[u8]) -> Result<(), Error<C>> {
    let start = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    match start {
        Some(start) if bytes[start] == b'{' => Ok(()),
        _ => Err(not_an_object(bytes, start)),
    }
}

/// Why a body that does not start with `{` is no envelope.
#[cold]
fn not_an_object<C>(bytes: &[u8], start: Option<usize>) -> Error<C> {
    let Some(start) = start else {
        let detail = if bytes.is_empty() {
            "no bytes"
        } else {
            "only whitespace"
        };
        return Error::InvalidBody(BodyError::new(
            BodyErrorKind::Empty,
            detail,
            bytes,
            bytes.len(),
        ));
    };
    let (kind, detail) = match bytes[start] {
        0xEF if bytes[start..].starts_with(b"\xEF\xBB\xBF") => (
            BodyErrorKind::Syntax,
            "the body starts with a UTF-8 byte-order mark, which JSON does not allow",
        ),
        b'[' => (
            BodyErrorKind::NotAnEnvelope,
            "the body is a JSON array, expected an object with `Response`",
        ),
        b'"' => (
            BodyErrorKind::NotAnEnvelope,
            "the body is a JSON string, expected an object with `Response`",
        ),
        b'-' | b'0'..=b'9' => (
            BodyErrorKind::NotAnEnvelope,
            "the body is a JSON number, expected an object with `Response`",
        ),
        b'n' | b't' | b'f' if is_literal(&bytes[start..]) => (
            BodyErrorKind::NotAnEnvelope,
            "the body is a JSON literal, expected an object with `Response`",
        ),
        b'<' => (
            BodyErrorKind::NotJson,
            "the body looks like HTML or XML (a gateway or proxy page?)",
        ),
        _ => (BodyErrorKind::NotJson, "the body does not start like JSON"),
    };
    let offset = if kind == BodyErrorKind::NotJson {
        0
    } else {
        start
    };
    Error::InvalidBody(BodyError::new(kind, detail, bytes, offset))
}

fn is_literal(rest: &[u8]) -> bool {
    [&b"null"[..], b"true", b"false"]
        .iter()
        .any(|lit| rest.starts_with(lit))
}

/// The result of a well-formed body whose `Response` gave no data: an API error, a legacy
/// error, or an envelope problem.
pub(super) fn outcome_without_data<C: ErrorCode>(bytes: &[u8], st: State<'_, C>) -> Error<C> {
    if let Some((code, message)) = st.api {
        return Error::Api(ApiError::from_body(
            code,
            message,
            st.request_id.as_deref().unwrap_or_default(),
        ));
    }
    if !st.response_seen {
        if let Some(code) = st.legacy_code.filter(|&c| c != 0) {
            return Error::Legacy(LegacyError::new(
                code,
                st.legacy_message.unwrap_or_default(),
                st.legacy_desc,
            ));
        }
        let start = bytes.iter().position(|&b| b == b'{').unwrap_or(0);
        let detail = "the top-level object has no `Response` key";
        return Error::InvalidBody(
            BodyError::new(BodyErrorKind::MissingResponse, detail, bytes, start)
                .with_key(Some("Response")),
        );
    }
    // Unreachable in practice: a `Response` without data always fails with a fault.
    Error::InvalidBody(
        BodyError::new(BodyErrorKind::ResponseNotObject, "", bytes, 0).with_key(Some("Response")),
    )
}

pub(super) fn body_error<C>(bytes: &[u8], e: &serde_json::Error, st: &State<'_, C>) -> BodyError {
    use serde_json::error::Category;
    let detail = bounded_display(e);
    let detail = strip_position(&detail);
    let (kind, key) = match e.classify() {
        Category::Eof => (BodyErrorKind::Truncated, None),
        Category::Syntax | Category::Io if detail.starts_with("recursion limit exceeded") => {
            (BodyErrorKind::TooDeep, None)
        }
        Category::Syntax | Category::Io if detail.starts_with("trailing characters") => {
            (BodyErrorKind::TrailingData, None)
        }
        Category::Syntax | Category::Io => (BodyErrorKind::Syntax, None),
        Category::Data => match &st.fault {
            Some(fault) => (fault.kind, fault.key),
            None => {
                let kind = kind_of_message(detail);
                // A missing field is named by the message (the key read last is another);
                // a repeated one is the key read last, which is its whole path when nested.
                let named = matches!(
                    kind,
                    BodyErrorKind::MissingField | BodyErrorKind::DuplicateKey
                )
                .then(|| backticked(detail))
                .flatten();
                let key = match kind {
                    BodyErrorKind::MissingField => named.or(st.key.as_deref()),
                    _ => st.key.as_deref().or(named),
                };
                (kind, key)
            }
        },
    };
    let offset = offset_of(bytes, e.line(), e.column());
    BodyError::new(kind, detail, bytes, offset)
        .with_key(key)
        .with_request_id(st.request_id.as_deref())
}

/// The kind of a data error, from serde's standard messages.
pub(super) fn kind_of_message(message: &str) -> BodyErrorKind {
    if message.starts_with("missing field") {
        BodyErrorKind::MissingField
    } else if message.starts_with("duplicate field") {
        BodyErrorKind::DuplicateKey
    } else if message.starts_with("invalid type") {
        BodyErrorKind::WrongType
    } else {
        BodyErrorKind::InvalidValue
    }
}

/// The first `` `name` `` of a message.
fn backticked(message: &str) -> Option<&str> {
    let rest = &message[message.find('`')? + 1..];
    Some(&rest[..rest.find('`')?])
}

/// `Display` of an error, cut to a few hundred bytes without formatting the rest.
pub(super) fn bounded_display(e: &impl fmt::Display) -> String {
    struct Capped(String);
    impl fmt::Write for Capped {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            let room = 320usize.saturating_sub(self.0.len());
            if s.len() <= room {
                self.0.push_str(s);
                Ok(())
            } else {
                self.0.push_str(&bounded(s, room));
                Err(fmt::Error)
            }
        }
    }
    let mut out = Capped(String::new());
    let _ = fmt::write(&mut out, format_args!("{e}"));
    out.0
}

fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => &message[..i],
        _ => message,
    }
}

/// The byte offset of serde_json's 1-based line and column.
fn offset_of(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    let mut remaining = line.saturating_sub(1);
    while remaining > 0 {
        match bytes[start..].iter().position(|&b| b == b'\n') {
            Some(i) => start += i + 1,
            None => break,
        }
        remaining -= 1;
    }
    (start + column.saturating_sub(1)).min(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::line_column;

    #[test]
    fn offsets_follow_serde_json_positions() {
        let body = b"{\n  \"a\": x}";
        let e = serde_json::from_slice::<serde_json::Value>(body).unwrap_err();
        let offset = offset_of(body, e.line(), e.column());
        assert_eq!(body[offset], b'x');
        assert_eq!(line_column(body, offset), (e.line(), e.column()));
    }

    #[test]
    fn backticks() {
        assert_eq!(backticked("missing field `Seed`"), Some("Seed"));
        assert_eq!(backticked("nothing"), None);
    }
}
