//! Prose from Tencent's tables and specs made safe for rustdoc.

/// Escapes what rustdoc would read as a link (`[`, `]`) or an HTML tag (`<`, `>`) in prose
/// copied from the API docs, which uses both freely.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// [`escape_markdown`], appending to `out`.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_and_tags_are_escaped() {
        assert_eq!(
            super::escape_markdown("see [docs] <b>now</b>"),
            "see \\[docs\\] &lt;b&gt;now&lt;/b&gt;"
        );
    }
}
