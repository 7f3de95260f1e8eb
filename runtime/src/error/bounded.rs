//! What every error shares: how much of a body it keeps (an excerpt around the fault) and how
//! much of a message it prints, cut at a char boundary, with control characters escaped.

use std::fmt::{self, Write as _};

/// The longest excerpt of a body an error keeps, in bytes.
pub(super) const EXCERPT_LEN: usize = 160;
/// The longest detail message or API message `Display` prints, in bytes.
const DISPLAY_MESSAGE_LEN: usize = 1024;

/// `s` cut to at most `max` bytes at a char boundary, with `…` when cut.
pub(crate) fn bounded(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = String::with_capacity(end + 3);
    out.push_str(&s[..end]);
    out.push('…');
    out
}

pub(super) fn write_bounded(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    if s.len() <= DISPLAY_MESSAGE_LEN {
        f.write_str(s)
    } else {
        f.write_str(&bounded(s, DISPLAY_MESSAGE_LEN))
    }
}

/// `Debug` of a string, cut to [`DISPLAY_MESSAGE_LEN`] bytes.
pub(super) struct Bounded<'a>(pub(super) &'a str);

impl fmt::Debug for Bounded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.len() <= DISPLAY_MESSAGE_LEN {
            fmt::Debug::fmt(self.0, f)
        } else {
            fmt::Debug::fmt(&bounded(self.0, DISPLAY_MESSAGE_LEN), f)
        }
    }
}

/// At most `EXCERPT_LEN` bytes of `body` around `offset` (a quarter before, the rest after),
/// decoded lossily.
pub(super) fn excerpt(body: &[u8], offset: usize) -> String {
    let offset = offset.min(body.len());
    let start = offset.saturating_sub(EXCERPT_LEN / 4);
    let end = (start + EXCERPT_LEN).min(body.len());
    let mut text = String::from_utf8_lossy(&body[start..end]).into_owned();
    // Lossy decoding can only grow the text (U+FFFD is 3 bytes); cut it back.
    if text.len() > EXCERPT_LEN + 8 {
        text = bounded(&text, EXCERPT_LEN);
    }
    text
}

/// The 1-based line and column (in bytes) of `offset`.
pub(crate) fn line_column(body: &[u8], offset: usize) -> (usize, usize) {
    let before = &body[..offset.min(body.len())];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset - line_start + 1)
}

/// Writes a body excerpt in backquotes after `label`, control characters escaped so that a
/// hostile body cannot rewrite the terminal or the log line; nothing for an empty excerpt.
pub(super) fn write_excerpt(f: &mut fmt::Formatter<'_>, label: &str, excerpt: &str) -> fmt::Result {
    if excerpt.is_empty() {
        return Ok(());
    }
    f.write_str(label)?;
    f.write_char('`')?;
    for c in excerpt.chars() {
        if c.is_control() {
            write!(f, "{}", c.escape_default())?;
        } else {
            f.write_char(c)?;
        }
    }
    f.write_char('`')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_bounded_and_lossy() {
        let body = vec![0xffu8; 10_000];
        let e = excerpt(&body, 5_000);
        assert!(e.len() <= EXCERPT_LEN + 8);
        assert_eq!(line_column(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_column(b"", 0), (1, 1));
    }
}
