//! What an error keeps of a JSON body: its structure, never its values. A body holds secret
//! keys, tokens and passwords (STS, CAM, SSL private keys, database passwords...), and an
//! error's `Display` goes to logs and to the `tcapi attempt failed` tracing event; so an
//! excerpt of a body that starts like JSON shows its keys and punctuation with every string,
//! number and bare word replaced by `…`, and a decoder's message shows no value it quotes
//! (`invalid type: string "…", expected u64`). A body that is not JSON at all (an HTML page
//! from a gateway) is shown as it is: no service writes a secret there.

use super::bounded::{bounded, EXCERPT_LEN};

/// What replaces a value.
const HIDDEN: &str = "…";

/// At most [`EXCERPT_LEN`] bytes of `body` around `offset`, as [`super::bounded::excerpt`]
/// takes them, with every value of the JSON replaced by `…`; object keys, `true`, `false`,
/// `null` and punctuation are kept.
pub(super) fn json_excerpt(body: &[u8], offset: usize) -> String {
    let offset = offset.min(body.len());
    let start = offset.saturating_sub(EXCERPT_LEN / 4);
    let end = (start + EXCERPT_LEN).min(body.len());
    let hidden = value_mask(&body[..end]);
    let mut kept = Vec::with_capacity(end - start);
    let mut in_hidden = false;
    for index in start..end {
        if hidden[index] {
            if !in_hidden {
                kept.extend_from_slice(HIDDEN.as_bytes());
            }
            in_hidden = true;
        } else {
            kept.push(body[index]);
            in_hidden = false;
        }
    }
    let text = String::from_utf8_lossy(&kept).into_owned();
    if text.len() > EXCERPT_LEN + 8 {
        bounded(&text, EXCERPT_LEN)
    } else {
        text
    }
}

/// Whether `body` starts like a JSON object or array (after whitespace): what
/// [`crate::HttpError`] shows only as structure.
pub(super) fn starts_like_json(body: &[u8]) -> bool {
    matches!(
        body.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{' | b'[')
    )
}

/// For each byte of `body`, whether it belongs to a value: the inside of a string that is not
/// an object key, or a bare word other than `true`, `false` and `null` (a number, or garbage
/// in malformed JSON). A string is a key only where the structure expects one and a `:`
/// follows it; anything else, an unterminated string included, is a value.
fn value_mask(body: &[u8]) -> Vec<bool> {
    let mut hidden = vec![false; body.len()];
    // true: an object; false: an array.
    let mut stack: Vec<bool> = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'{' => {
                stack.push(true);
                expect_key = true;
                i += 1;
            }
            b'[' => {
                stack.push(false);
                expect_key = false;
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
                i += 1;
            }
            b',' => {
                expect_key = stack.last() == Some(&true);
                i += 1;
            }
            b':' => {
                expect_key = false;
                i += 1;
            }
            b'"' => {
                let open = i;
                i += 1;
                let mut closed = false;
                while i < body.len() {
                    match body[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            closed = true;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                let close = i.min(body.len());
                let next = body[close.saturating_add(1).min(body.len())..]
                    .iter()
                    .find(|b| !b.is_ascii_whitespace());
                let key = closed && expect_key && next == Some(&b':');
                if !key {
                    hidden[open + 1..close].iter_mut().for_each(|h| *h = true);
                }
                expect_key = false;
                i = close + 1;
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                let word_start = i;
                while i < body.len() && !is_delimiter(body[i]) {
                    i += 1;
                }
                let word = &body[word_start..i];
                if !matches!(word, b"true" | b"false" | b"null") {
                    hidden[word_start..i].iter_mut().for_each(|h| *h = true);
                }
                expect_key = false;
            }
        }
    }
    hidden
}

fn is_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'{' | b'}' | b'[' | b']' | b',' | b':' | b'"')
}

/// A decoder's message without the values it quotes: every `"..."` becomes `"…"`, and every
/// `` `...` `` too, except a field's name (`missing field `Seed``) and what the type expected
/// (`expected one of `A`, `B``), which come from the response type, not from the body.
pub(super) fn detail(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    let mut expected = false;
    while let Some(at) = rest.find(['"', '`']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        expected |= before.contains("expected");
        let quote = from.as_bytes()[0];
        let inner = &from[1..];
        let end = if quote == b'"' {
            closing_quote(inner)
        } else {
            inner.find('`')
        };
        let keep = quote == b'`' && (expected || out.ends_with("field "));
        let quote = char::from(quote);
        out.push(quote);
        match end {
            Some(end) => {
                out.push_str(if keep { &inner[..end] } else { HIDDEN });
                out.push(quote);
                rest = &inner[end + 1..];
            }
            None => {
                out.push_str(HIDDEN);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The index of the `"` that closes a string written with `{:?}` (escapes skipped).
fn closing_quote(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_keep_keys_and_hide_values() {
        let body = br#"{"Response":{"Credentials":{"Token":"tok\"en","TmpSecretKey":"STSSECRET-7"#;
        let shown = json_excerpt(body, 0);
        assert_eq!(
            shown,
            r#"{"Response":{"Credentials":{"Token":"…","TmpSecretKey":"…"#
        );
        // Around the end: the window starts inside a key, and ends inside the value.
        let shown = json_excerpt(body, body.len());
        assert!(shown.ends_with(r#","TmpSecretKey":"…"#), "{shown}");
        assert!(
            !shown.contains("STSSECRET") && !shown.contains("tok"),
            "{shown}"
        );

        let body = br#"{"Response":{"A":[1,-2.5e3,true,null],"B":"x":"SECRET","C":oops}}"#;
        let shown = json_excerpt(body, 0);
        assert_eq!(
            shown,
            r#"{"Response":{"A":[…,…,true,null],"B":"…":"…","C":…}}"#
        );
    }

    #[test]
    fn details_hide_quoted_values() {
        for (message, shown) in [
            (
                r#"invalid type: string "SECRET, \"x\"", expected u64"#,
                r#"invalid type: string "…", expected u64"#,
            ),
            (
                "invalid value: integer `123456`, expected u8",
                "invalid value: integer `…`, expected u8",
            ),
            (
                "unknown variant `SECRET`, expected one of `A`, `B`",
                "unknown variant `…`, expected one of `A`, `B`",
            ),
            ("missing field `Seed`", "missing field `Seed`"),
            ("expected `,` or `}`", "expected `,` or `}`"),
            ("invalid type: string \"cut", "invalid type: string \"…"),
        ] {
            assert_eq!(detail(message), shown);
        }
    }
}
