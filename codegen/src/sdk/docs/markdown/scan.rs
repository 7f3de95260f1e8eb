//! What the spec prose holds, recognized: the HTML tags it uses, entities, link targets,
//! bare URLs and markdown links.

/// Where relative links of the spec prose (`/document/api/213/15715`) point.
const DOCS_SITE: &str = "https://cloud.tencent.com";

/// The HTML the spec prose uses; anything else in angle brackets is prose (`<InstanceId>`).
const KNOWN_TAGS: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

/// One HTML tag.
#[derive(Debug)]
pub(super) struct Tag<'a> {
    /// Lowercase.
    pub(super) name: String,
    /// Whether it is a closing tag (`</p>`).
    pub(super) closing: bool,
    /// What follows the name, up to `>` (and a `/` before it).
    pub(super) attributes: &'a str,
}

impl<'a> Tag<'a> {
    /// The tag `s` starts with and the length it takes, if `s` starts with a known tag.
    pub(super) fn parse(s: &'a str) -> Option<(Tag<'a>, usize)> {
        let body = s.strip_prefix('<')?;
        let (closing, body) = match body.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, body),
        };
        let name_len = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(body.len());
        let name = body[..name_len].to_ascii_lowercase();
        let after = &body[name_len..];
        if !(KNOWN_TAGS.contains(&name.as_str()) || name.starts_with("dx-")) {
            return None;
        }
        if !(after.starts_with(['>', '/']) || after.starts_with(char::is_whitespace)) {
            return None;
        }
        let end = after.find('>')?;
        let attributes = &after[..end];
        if attributes.contains('<') {
            return None;
        }
        let len = s.len() - after.len() + end + 1;
        let attributes = attributes.trim_end_matches('/');
        Some((
            Tag {
                name,
                closing,
                attributes,
            },
            len,
        ))
    }

    /// The value of attribute `key` (quoted or not), entities decoded.
    pub(super) fn attribute(&self, key: &str) -> Option<String> {
        let mut rest = self.attributes;
        while let Some(at) = rest.to_ascii_lowercase().find(key) {
            let before = rest[..at].chars().next_back();
            let after = rest[at + key.len()..].trim_start();
            rest = &rest[at + key.len()..];
            if before.is_some_and(|c| !c.is_whitespace()) {
                continue;
            }
            let Some(value) = after.strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start();
            let raw = match value.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let inner = &value[1..];
                    &inner[..inner.find(quote).unwrap_or(inner.len())]
                }
                _ => value.split_whitespace().next().unwrap_or(""),
            };
            return Some(decode_entities(raw));
        }
        None
    }
}

/// `s` with its HTML entities decoded (the named ones the specs use, and numeric ones).
pub(super) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match entity(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The entity `s` starts with (`&amp;`, `&#39;`, `&#x2F;`) and its length.
pub(super) fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.get(..12).unwrap_or(s).find(';')?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "emsp" | "ensp" | "thinsp" => ' ',
        "middot" => '·',
        "times" => '×',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "ldquo" => '“',
        "rdquo" => '”',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|c| *c != '\0')?
        }
    };
    Some((c, end + 1))
}

/// The URL a link of the spec prose may point to, as a markdown link destination: absolute
/// (`/document/...` is on Tencent's docs site), without spaces or angle brackets.
pub(super) fn link_target(href: &str) -> Option<String> {
    let href = href.trim();
    let absolute = if let Some(rest) = href.strip_prefix("//") {
        format!("https://{rest}")
    } else if href.starts_with('/') {
        format!("{DOCS_SITE}{href}")
    } else if ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| starts_with_ignore_case(href, scheme) && href.len() > scheme.len())
    {
        href.to_owned()
    } else {
        return None;
    };
    let mut out = String::with_capacity(absolute.len());
    for c in absolute.chars() {
        match c {
            ' ' | '\t' | '\n' | '\r' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '"' => out.push_str("%22"),
            '\\' => out.push_str("%5C"),
            '`' => out.push_str("%60"),
            _ => out.push(c),
        }
    }
    Some(out)
}

/// Whether `s` starts with the ASCII `prefix`, in any case.
fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// The length of the bare URL `s` starts with, if it starts with one: ASCII up to
/// whitespace, a quote or an angle bracket, without trailing punctuation or an unbalanced
/// closing parenthesis.
pub(super) fn bare_url_len(s: &str) -> Option<usize> {
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|scheme| starts_with_ignore_case(s, scheme))?;
    let mut end = s
        .find(|c: char| {
            // `|` ends a URL: it is a cell boundary in the markdown tables of the prose.
            !c.is_ascii_graphic()
                || matches!(c, '<' | '>' | '"' | '\'' | '`' | '[' | ']' | '\\' | '|')
        })
        .unwrap_or(s.len());
    loop {
        let url = &s[..end];
        let last = url.chars().next_back()?;
        let unbalanced = last == ')' && url.matches('(').count() < url.matches(')').count();
        if unbalanced || matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '*' | '_' | '~') {
            end -= 1;
        } else {
            break;
        }
    }
    (end > scheme.len()).then_some(end)
}

/// A `[text](url)` link `s` starts with: the text and the target, and the length.
pub(super) fn markdown_link(s: &str) -> Option<(&str, String, usize)> {
    let body = s.strip_prefix('[')?;
    let close = body.find(']')?;
    let text = &body[..close];
    if text.contains(['[', '\n']) {
        return None;
    }
    let after = body[close + 1..].strip_prefix('(')?;
    let end = after.find([')', ' ', '\n', '<', '>'])?;
    if !after[end..].starts_with(')') {
        return None;
    }
    let target = link_target(&decode_entities(&after[..end]))?;
    Some((text, target, 1 + close + 2 + end + 1))
}
