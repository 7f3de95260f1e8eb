//! The documentation of the generated crates: spec prose turned into rustdoc, and the
//! composed docs of types, fields and actions.
//!
//! **Prose.** Tencent's spec prose mixes HTML fragments (`<p>`, `<ul><li>`, a `<li>` with
//! no list, `<br>`, `<a href>`, `<code>`, `<b>`, tables, entities) with markdown-ish text
//! (backtick code, `[text](url)` links, `*` lists, code fences). [`markdown`] renders the
//! common HTML as markdown and escapes everything else with [`tcapi_codes::doc::push_escaped`], so
//! rustdoc sees no broken link, no HTML tag, no bare URL (they become `<https://...>`), no
//! indented code block and no Rust code block (fences become `text`). An HTML parser would
//! not do: the input is not HTML (its newlines and markdown matter), and the converter has
//! to know which characters are prose to escape them.
//!
//! **Two sites.** Where the international site documents an item the China site also
//! documents, the doc is the English text first, then a paragraph [`CHINESE_ORIGINAL`], then
//! the Chinese original ([`bilingual`]). An item one site only documents has that site's
//! text alone, and says which site it is on.
//!
//! **Actions.** An action's doc ([`action_doc`]) is its title and description, its status
//! when it is not online, the first published example request, and the error codes it is
//! documented to return.

use tcapi_codes::doc::push_escaped;

/// The paragraph between the English text and the Chinese original.
pub const CHINESE_ORIGINAL: &str = "中文原文：";

/// What a version module's docs tell its readers about the two languages.
pub fn convention() -> String {
    format!(
        "Where the international site documents an item too, its doc is the English text first, then the Chinese original after “{CHINESE_ORIGINAL}”."
    )
}

/// Where relative links of the spec prose (`/document/api/213/15715`) point.
const DOCS_SITE: &str = "https://cloud.tencent.com";

/// The documentation of an item, both sites' texts already rendered by [`markdown`]: the
/// English text, then [`CHINESE_ORIGINAL`] and the Chinese text, or the one text there is.
pub fn bilingual(original: &str, english: Option<&str>) -> String {
    match english.filter(|en| !en.is_empty() && *en != original) {
        Some(en) if !original.is_empty() => format!("{en}\n\n{CHINESE_ORIGINAL}\n\n{original}"),
        Some(en) => en.to_owned(),
        None => original.to_owned(),
    }
}

/// Spec prose rendered by [`markdown`], with `None` for prose that renders empty.
pub fn markdown_opt(text: &str) -> Option<String> {
    Some(markdown(text)).filter(|m| !m.is_empty())
}

/// What a version's docs say about one action, spec prose already rendered by [`markdown`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionDoc<'a> {
    /// The action (`DescribeInstances`).
    pub name: &'a str,
    /// The title and description (Chinese, or the only text there is).
    pub doc: &'a str,
    /// The English title and description, where the international site has them.
    pub doc_en: Option<&'a str>,
    /// The status, when the spec gives one other than `online`.
    pub status: Option<&'a str>,
    /// The first published example request, verbatim.
    pub example: Option<&'a str>,
    /// The error codes the action is documented to return, sorted.
    pub error_codes: &'a [String],
}

/// The full documentation of an action (for its method and its request type): the texts of
/// both sites, the status, the example request and the error codes.
pub fn action_doc(action: &ActionDoc<'_>) -> String {
    let mut out = bilingual(action.doc, action.doc_en);
    if let Some(status) = action.status {
        let mut status_text = String::new();
        push_escaped(&mut status_text, status);
        paragraph(
            &mut out,
            &format!(
                "**Not online:** the spec gives this action the status `{status_text}`{}.",
                match status {
                    "deprecated" | "offline" => ", so it is marked deprecated",
                    _ => "",
                }
            ),
        );
    }
    if let Some(example) = action.example.filter(|e| !e.trim().is_empty()) {
        paragraph(
            &mut out,
            "**Example request** (the first one Tencent publishes):",
        );
        out += "\n\n";
        out += &fence(example, "");
    }
    if !action.error_codes.is_empty() {
        paragraph(
            &mut out,
            &format!("**Error codes** `{}` is documented to return:", action.name),
        );
        out += "\n";
        for code in action.error_codes {
            out += &format!("\n- `{code}`");
        }
    }
    out
}

fn paragraph(out: &mut String, text: &str) {
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(text);
}

/// `text` as a fenced `text` block, each line after `indent`; fences inside are broken so
/// they cannot close it.
fn fence(text: &str, indent: &str) -> String {
    let mut out = format!("{indent}```text\n");
    for line in text.trim_matches('\n').lines() {
        let line = line
            .trim_end()
            .replace("```", "`\u{200b}``")
            .replace("~~~", "~\u{200b}~~");
        if line.is_empty() {
            out.push('\n');
        } else {
            out += &format!("{indent}{line}\n");
        }
    }
    out += &format!("{indent}```");
    out
}

/// Spec prose as rustdoc markdown; see the module docs.
pub fn markdown(text: &str) -> String {
    let mut writer = Writer::default();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find('<') {
            None => {
                writer.text(rest);
                rest = "";
            }
            Some(at) => {
                writer.text(&rest[..at]);
                rest = &rest[at..];
                if let Some(end) = comment_end(rest) {
                    rest = &rest[end..];
                } else if let Some((tag, end)) = Tag::parse(rest) {
                    rest = &rest[end..];
                    if tag.name == "svg" && !tag.closing {
                        // Inline drawings: nothing a reader of the docs can use.
                        rest = rest
                            .find("</svg>")
                            .map_or("", |close| &rest[close + "</svg>".len()..]);
                    } else {
                        writer.tag(&tag);
                    }
                } else {
                    writer.text("<");
                    rest = &rest[1..];
                }
            }
        }
    }
    writer.finish()
}

fn comment_end(s: &str) -> Option<usize> {
    s.strip_prefix("<!--")?;
    Some(s.find("-->").map_or(s.len(), |end| end + 3))
}

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
struct Tag<'a> {
    /// Lowercase.
    name: String,
    closing: bool,
    attributes: &'a str,
}

impl<'a> Tag<'a> {
    /// The tag `s` starts with and the length it takes, if `s` starts with a known tag.
    fn parse(s: &'a str) -> Option<(Tag<'a>, usize)> {
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
    fn attribute(&self, key: &str) -> Option<String> {
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
fn decode_entities(s: &str) -> String {
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
fn entity(s: &str) -> Option<(char, usize)> {
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
fn link_target(href: &str) -> Option<String> {
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
fn bare_url_len(s: &str) -> Option<usize> {
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
fn markdown_link(s: &str) -> Option<(&str, String, usize)> {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    Line,
    Paragraph,
}

#[derive(Debug)]
struct List {
    ordered: bool,
    /// Opened by a `<li>` with no `<ul>`/`<ol>`: it ends with the first text outside an item.
    implicit: bool,
    /// The next number of an ordered list.
    next: usize,
    item_open: bool,
    /// The column of the items' markers.
    indent: usize,
    /// The column of the open item's content.
    content: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Inline {
    Strong,
    Emphasis,
    Strike,
    /// A link to this target.
    Link(String),
    /// A tag that renders as nothing here (a link with no usable target).
    Nothing,
}

impl Inline {
    fn opener(&self) -> &'static str {
        match self {
            Inline::Strong => "**",
            Inline::Emphasis => "*",
            Inline::Strike => "~~",
            Inline::Link(_) => "[",
            Inline::Nothing => "",
        }
    }
}

#[derive(Debug)]
struct Table {
    /// Whether the first row, the header, is written (with the line under it).
    header_written: bool,
    /// The cells of the open row so far.
    cells: usize,
    row_open: bool,
}

/// Builds the markdown, line by line.
#[derive(Debug, Default)]
struct Writer {
    /// The finished lines.
    out: String,
    /// The line being written, its indentation included.
    line: String,
    /// The length of `line`'s indentation and list marker.
    prefix: usize,
    pending: Option<Break>,
    /// A list marker to start the next content with.
    marker: Option<String>,
    lists: Vec<List>,
    /// Open inline markup and where in `line` it opened.
    inline: Vec<(Inline, usize)>,
    /// The text of an open `<code>`.
    code: Option<String>,
    /// The text of an open `<pre>`.
    pre: Option<String>,
    table: Option<Table>,
}

impl Writer {
    fn has_content(&self) -> bool {
        self.line.len() > self.prefix
    }

    /// The column continuation lines start at.
    fn indent(&self) -> usize {
        match self.lists.last() {
            Some(list) if list.item_open => list.content,
            Some(list) => list.indent,
            None => 0,
        }
    }

    fn request_break(&mut self, kind: Break) {
        if let Some(table) = &self.table {
            if table.row_open {
                self.space();
                return;
            }
        }
        self.pending = self.pending.max(Some(kind));
    }

    fn end_line(&mut self) {
        let line = self.line.trim_end();
        if !line.trim().is_empty() {
            self.out.push_str(line);
            self.out.push('\n');
        }
        self.line.clear();
        self.prefix = 0;
    }

    fn blank_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// Makes `line` ready for content: applies a pending break or list marker.
    fn start_content(&mut self) {
        let pending = self.pending.take();
        if let Some(marker) = self.marker.take() {
            // An item needs no blank line before it, and one would make the list loose.
            self.close_inline(0);
            self.end_line();
            let indent = self.lists.last().map_or(0, |l| l.indent);
            self.line = format!("{}{marker}", " ".repeat(indent));
            self.prefix = self.line.len();
            if let Some(list) = self.lists.last_mut() {
                list.content = self.prefix;
            }
        } else if let Some(kind) = pending {
            if self.has_content() || self.out.is_empty() {
                self.close_inline(0);
            }
            if self.has_content() {
                self.end_line();
            }
            if self.out.is_empty() {
                // Nothing written yet: a break means nothing.
            } else if kind == Break::Paragraph {
                self.blank_line();
            }
            self.line = " ".repeat(self.indent());
            self.prefix = self.line.len();
        }
        if self.line.is_empty() && self.prefix == 0 {
            self.line = " ".repeat(self.indent());
            self.prefix = self.line.len();
        }
    }

    fn push_str(&mut self, s: &str) {
        self.start_content();
        self.line.push_str(s);
    }

    fn space(&mut self) {
        if self.pending.is_some() || self.marker.is_some() || !self.has_content() {
            return;
        }
        let just_opened = self
            .inline
            .last()
            .is_some_and(|(kind, at)| self.line.len() == at + kind.opener().len());
        if !self.line.ends_with(' ') && !just_opened {
            self.line.push(' ');
        }
    }

    /// Ends implicit lists whose item is closed, before text outside them.
    fn leave_implicit_lists(&mut self) {
        while self
            .lists
            .last()
            .is_some_and(|l| l.implicit && !l.item_open)
        {
            self.lists.pop();
            self.request_break(Break::Paragraph);
        }
    }

    fn open_inline(&mut self, kind: Inline) {
        self.start_content();
        let at = self.line.len();
        self.line.push_str(kind.opener());
        self.inline.push((kind, at));
    }

    /// Closes the inline markup open from index `from` of the stack on.
    fn close_inline(&mut self, from: usize) {
        while self.inline.len() > from {
            let Some((kind, at)) = self.inline.pop() else {
                break;
            };
            let inner = self.line[at + kind.opener().len()..].trim_end().to_owned();
            let had_space = self.line.len() > at + kind.opener().len() + inner.len();
            if inner.trim().is_empty() {
                self.line.truncate(at);
                if let Inline::Link(target) = kind {
                    self.line.push_str(&format!("<{target}>"));
                }
                continue;
            }
            self.line.truncate(at + kind.opener().len() + inner.len());
            match &kind {
                Inline::Link(target) => self.line.push_str(&format!("]({target})")),
                other => self.line.push_str(other.opener()),
            }
            if had_space {
                self.line.push(' ');
            }
        }
    }

    fn close_inline_kind(&mut self, matches: impl Fn(&Inline) -> bool) {
        if let Some(at) = self.inline.iter().rposition(|(kind, _)| matches(kind)) {
            self.close_inline(at);
        }
    }

    fn in_link(&self) -> bool {
        self.inline
            .iter()
            .any(|(kind, _)| matches!(kind, Inline::Link(_)))
    }

    fn flush_code(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
        if code.is_empty() {
            return;
        }
        self.leave_implicit_lists();
        let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let ticks = "`".repeat(longest + 1);
        let pad = if code.starts_with('`') || code.ends_with('`') {
            " "
        } else {
            ""
        };
        let code = if self.table.is_some() {
            code.replace('|', "\\|")
        } else {
            code
        };
        self.push_str(&format!("{ticks}{pad}{code}{pad}{ticks}"));
    }

    fn code_block(&mut self, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.close_inline(0);
        if self.has_content() {
            self.end_line();
        }
        self.blank_line();
        let indent = " ".repeat(self.indent());
        self.out.push_str(&fence(text, &indent));
        self.out.push('\n');
        self.line.clear();
        self.prefix = 0;
        self.pending = Some(Break::Paragraph);
    }

    fn tag(&mut self, tag: &Tag<'_>) {
        if let Some(pre) = &mut self.pre {
            match (tag.name.as_str(), tag.closing) {
                ("pre", true) => {
                    let text = std::mem::take(pre);
                    self.pre = None;
                    self.code_block(&text);
                }
                ("br", _) => pre.push('\n'),
                _ => {}
            }
            return;
        }
        if let Some(code) = &mut self.code {
            match (tag.name.as_str(), tag.closing) {
                ("code", true) => self.flush_code(),
                ("br", _) | ("a" | "b" | "strong" | "i" | "em" | "span" | "font", _) => {
                    code.push(' ')
                }
                _ => {
                    self.flush_code();
                    self.tag(tag);
                }
            }
            return;
        }
        match (tag.name.as_str(), tag.closing) {
            ("p" | "div" | "blockquote" | "hr", _) => {
                self.flush_code();
                self.request_break(Break::Paragraph);
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => {
                self.flush_code();
                self.leave_implicit_lists();
                self.request_break(Break::Paragraph);
                self.open_inline(Inline::Strong);
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => {
                self.close_inline_kind(|k| *k == Inline::Strong);
                self.request_break(Break::Paragraph);
            }
            ("br", _) => {
                self.flush_code();
                self.request_break(Break::Line);
            }
            ("ul" | "ol", false) => {
                self.flush_code();
                let indent = self.indent();
                self.lists.push(List {
                    ordered: tag.name == "ol",
                    implicit: false,
                    next: 1,
                    item_open: false,
                    indent,
                    content: indent,
                });
                self.request_break(Break::Line);
            }
            ("ul" | "ol", true) => {
                self.flush_code();
                if let Some(at) = self.lists.iter().rposition(|l| !l.implicit) {
                    self.close_inline(0);
                    self.lists.truncate(at);
                    self.marker = None;
                    self.request_break(Break::Paragraph);
                }
            }
            ("li", false) => {
                self.flush_code();
                self.close_inline(0);
                match self.lists.last_mut() {
                    Some(list) => list.item_open = true,
                    None => self.lists.push(List {
                        ordered: false,
                        implicit: true,
                        next: 1,
                        item_open: true,
                        indent: 0,
                        content: 2,
                    }),
                }
                let list = self.lists.last_mut().expect("a list was just ensured");
                let marker = if list.ordered {
                    list.next += 1;
                    format!("{}. ", list.next - 1)
                } else {
                    "- ".to_owned()
                };
                self.marker = Some(marker);
                self.request_break(Break::Line);
            }
            ("li", true) => {
                self.flush_code();
                self.close_inline(0);
                if let Some(list) = self.lists.last_mut() {
                    list.item_open = false;
                }
                self.marker = None;
                self.request_break(Break::Line);
            }
            ("table", false) => {
                self.flush_code();
                self.leave_implicit_lists();
                self.request_break(Break::Paragraph);
                self.table = Some(Table {
                    header_written: false,
                    cells: 0,
                    row_open: false,
                });
            }
            ("table", true) => {
                self.end_table();
            }
            ("tr", false) => {
                self.flush_code();
                self.end_row();
                if self.table.is_some() {
                    self.request_break(Break::Line);
                    self.push_str("|");
                    if let Some(table) = &mut self.table {
                        table.row_open = true;
                        table.cells = 0;
                    }
                }
            }
            ("tr", true) => {
                self.flush_code();
                self.end_row();
            }
            ("td" | "th", false) => {
                self.flush_code();
                if self.table.as_ref().is_some_and(|t| !t.row_open) {
                    self.tag(&Tag {
                        name: "tr".into(),
                        closing: false,
                        attributes: "",
                    });
                }
                if self.table.as_ref().is_some_and(|t| t.row_open) {
                    self.line.push(' ');
                }
            }
            ("td" | "th", true) => {
                self.flush_code();
                if let Some(table) = &mut self.table {
                    if table.row_open {
                        table.cells += 1;
                        let trimmed = self.line.trim_end().len();
                        self.line.truncate(trimmed);
                        self.line.push_str(" |");
                    }
                }
            }
            ("pre", false) => {
                self.flush_code();
                self.pre = Some(String::new());
            }
            ("code", false) => self.code = Some(String::new()),
            ("b" | "strong", false) => self.open_inline(Inline::Strong),
            ("b" | "strong", true) => self.close_inline_kind(|k| *k == Inline::Strong),
            ("i" | "em", false) => self.open_inline(Inline::Emphasis),
            ("i" | "em", true) => self.close_inline_kind(|k| *k == Inline::Emphasis),
            ("del" | "s", false) => self.open_inline(Inline::Strike),
            ("del" | "s", true) => self.close_inline_kind(|k| *k == Inline::Strike),
            ("a", false) => {
                let target = tag.attribute("href").and_then(|h| link_target(&h));
                match target {
                    Some(target) if !self.in_link() => {
                        self.leave_implicit_lists();
                        self.open_inline(Inline::Link(target))
                    }
                    _ => self.inline.push((Inline::Nothing, self.line.len())),
                }
            }
            ("a", true) => {
                self.close_inline_kind(|k| matches!(k, Inline::Link(_) | Inline::Nothing))
            }
            ("img", _) => {
                if let Some(target) = tag.attribute("src").and_then(|s| link_target(&s)) {
                    if !self.in_link() {
                        self.leave_implicit_lists();
                        self.push_str(&format!("[(image)]({target})"));
                    }
                }
            }
            _ => {}
        }
    }

    fn end_row(&mut self) {
        let Some(table) = &mut self.table else {
            return;
        };
        if !table.row_open {
            return;
        }
        table.row_open = false;
        let cells = table.cells;
        let first = !table.header_written;
        table.header_written = true;
        self.close_inline(0);
        if cells == 0 {
            self.line.push_str(" |");
        }
        if first {
            self.end_line();
            let indent = " ".repeat(self.indent());
            self.out
                .push_str(&format!("{indent}|{}\n", " --- |".repeat(cells.max(1))));
            self.line = indent;
            self.prefix = self.line.len();
        }
        self.request_break(Break::Line);
    }

    fn end_table(&mut self) {
        self.flush_code();
        self.end_row();
        if self.table.take().is_some() {
            self.request_break(Break::Paragraph);
        }
    }

    /// Prose between tags.
    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(pre) = &mut self.pre {
            pre.push_str(&decode_entities(text));
            return;
        }
        if let Some(code) = &mut self.code {
            code.push_str(&decode_entities(text));
            return;
        }
        let mut rest = text;
        let mut at_line_start = !self.has_content();
        while let Some(c) = rest.chars().next() {
            if c == '\n' {
                let blank = rest
                    .split('\n')
                    .skip(1)
                    .take_while(|l| l.trim().is_empty())
                    .count();
                let more = rest.split('\n').nth(blank + 1).is_some();
                let kind = if blank > 0 && more {
                    Break::Paragraph
                } else {
                    Break::Line
                };
                let skip = rest
                    .find(|c: char| !c.is_whitespace())
                    .unwrap_or(rest.len());
                rest = &rest[skip..];
                self.close_inline(0);
                self.request_break(kind);
                if self.table.as_ref().is_some_and(|t| t.row_open) {
                    self.space();
                }
                at_line_start = true;
                continue;
            }
            if c.is_whitespace() {
                self.space();
                rest = &rest[c.len_utf8()..];
                continue;
            }
            if at_line_start && (rest.starts_with("```") || rest.starts_with("~~~")) {
                let fence_mark = &rest[..3];
                let body_start = rest.find('\n').map_or(rest.len(), |n| n + 1);
                let body = &rest[body_start..];
                let (content, after) = match body
                    .match_indices('\n')
                    .map(|(n, _)| n + 1)
                    .chain([0])
                    .find(|&n| body[n..].trim_start().starts_with(fence_mark))
                {
                    Some(close) => {
                        let after_close = &body[close..];
                        let line_end = after_close.find('\n').unwrap_or(after_close.len());
                        (&body[..close], &after_close[line_end..])
                    }
                    None => (body, ""),
                };
                self.leave_implicit_lists();
                self.code_block(&decode_entities(content));
                rest = after;
                continue;
            }
            at_line_start = false;
            self.leave_implicit_lists();
            if c == '`' {
                let ticks = rest.len() - rest.trim_start_matches('`').len();
                let after = &rest[ticks..];
                let fence_mark = &rest[..ticks];
                let close = after.match_indices(fence_mark).find(|(n, _)| {
                    !after[n + ticks..].starts_with('`') && !after[..*n].contains("\n\n")
                });
                if let Some((n, _)) = close.filter(|(n, _)| !after[..*n].trim().is_empty()) {
                    self.code = Some(decode_entities(&after[..n]));
                    self.flush_code();
                    rest = &after[n + ticks..];
                } else {
                    self.push_str(&"\\`".repeat(ticks));
                    rest = after;
                }
                continue;
            }
            if c == '[' && !self.in_link() {
                if let Some((label, target, len)) = markdown_link(rest) {
                    self.open_inline(Inline::Link(target));
                    self.text(label);
                    self.close_inline_kind(|k| matches!(k, Inline::Link(_)));
                    rest = &rest[len..];
                    continue;
                }
            }
            if matches!(c, 'h' | 'H') {
                if let Some(len) = bare_url_len(rest) {
                    let url = &rest[..len];
                    if self.in_link() {
                        // A link inside a link is no link: the URL stays text.
                        let mut escaped = String::new();
                        push_escaped(&mut escaped, &url.replacen("://", "\\://", 1));
                        self.push_str(&escaped);
                    } else {
                        self.push_str(&format!("<{}>", link_target(url).unwrap_or_default()));
                    }
                    rest = &rest[len..];
                    continue;
                }
            }
            let (decoded, len) = match c {
                '&' => entity(rest).map_or(('&', 1), |(d, len)| (d, len)),
                _ => (c, c.len_utf8()),
            };
            rest = &rest[len..];
            let mut escaped = String::new();
            match decoded {
                '\\' => escaped.push_str("\\\\"),
                '|' if self.table.is_some() => escaped.push_str("\\|"),
                '`' => escaped.push_str("\\`"),
                c if c.is_whitespace() => {
                    self.space();
                    continue;
                }
                c => push_escaped(&mut escaped, c.encode_utf8(&mut [0; 4])),
            }
            self.push_str(&escaped);
        }
    }

    fn finish(mut self) -> String {
        if let Some(pre) = self.pre.take() {
            self.code_block(&pre);
        }
        self.flush_code();
        self.end_table();
        self.close_inline(0);
        self.end_line();
        let out = self.out.trim_end();
        out.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::markdown;

    #[test]
    fn paragraphs_and_line_breaks() {
        assert_eq!(
            markdown("<p>one</p><p>two<br>three</p>"),
            "one\n\ntwo\nthree"
        );
        assert_eq!(markdown("plain\n\n\nnext"), "plain\n\nnext");
        assert_eq!(markdown("  indented\n      more"), "indented\nmore");
    }

    #[test]
    fn lists_nest_and_loose_items_make_a_list() {
        assert_eq!(
            markdown("<ul><li>a<ul><li>b</li><li>c</li></ul></li><li>d</li></ul>after"),
            "- a\n  - b\n  - c\n- d\n\nafter"
        );
        assert_eq!(
            markdown("<p>取值：<br><li>true：是</li><li>false：否</li><br>默认：false。</p>"),
            "取值：\n- true：是\n- false：否\n\n默认：false。"
        );
        assert_eq!(
            markdown("<ol><li>one</li><li>two<br>more</li></ol>"),
            "1. one\n2. two\n   more"
        );
    }

    #[test]
    fn links_keep_their_query_strings_and_relative_ones_become_absolute() {
        assert_eq!(
            markdown(
                r#"<a href="https://console.cloud.tencent.com/cvm/image?rid=1&amp;imageType=PUBLIC_IMAGE">控制台</a>"#
            ),
            "[控制台](https://console.cloud.tencent.com/cvm/image?rid=1&imageType=PUBLIC_IMAGE)"
        );
        assert_eq!(
            markdown(r#"see <a href="/document/api/213/15715">DescribeImages</a>."#),
            "see [DescribeImages](https://cloud.tencent.com/document/api/213/15715)."
        );
        assert_eq!(
            markdown(
                r#"<a href="https://x.test/a b">x</a> <a href="javascript:void(0)">y</a> <a href="https://x.test/"></a>"#
            ),
            "[x](https://x.test/a%20b) y <https://x.test/>"
        );
        assert_eq!(
            markdown("[文档](https://cloud.tencent.com/document/product/213/2664) and [x](Foo)"),
            "[文档](https://cloud.tencent.com/document/product/213/2664) and \\[x\\](Foo)"
        );
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            markdown("见 https://cloud.tencent.com/document/product/213/4940。详情"),
            "见 <https://cloud.tencent.com/document/product/213/4940>。详情"
        );
        assert_eq!(
            markdown("| a | https://a.test/x| b |"),
            "| a | <https://a.test/x>| b |"
        );
        assert_eq!(
            markdown("(see https://a.test/x?y=1&z=(2)), done."),
            "(see <https://a.test/x?y=1&z=%282%29>), done."
        );
    }

    #[test]
    fn unclosed_and_unknown_tags_and_angle_brackets_in_text_are_escaped() {
        assert_eq!(
            markdown("<p>a <b>bold <code>x<y</code>"),
            "a **bold `x<y`**"
        );
        assert_eq!(
            markdown("1 < 2 and <InstanceId> [0, 1]"),
            "1 &lt; 2 and &lt;InstanceId&gt; \\[0, 1\\]"
        );
        assert_eq!(markdown("a <b></b>b <p"), "a b &lt;p");
        assert_eq!(
            markdown("&quot;x&quot; &amp;lt; &#39;y&#39; &A;"),
            "\"x\" &lt; 'y' &A;"
        );
    }

    #[test]
    fn code_spans_and_fences_are_kept_and_never_rust() {
        assert_eq!(markdown("实例`ID`和`[a]`"), "实例`ID`和`[a]`");
        assert_eq!(markdown("a ` lone"), "a \\` lone");
        assert_eq!(
            markdown("before\n```\nfn main() {}\n```\nafter"),
            "before\n\n```text\nfn main() {}\n```\n\nafter"
        );
        assert_eq!(
            markdown("<pre>a &lt; b\n  c</pre>"),
            "```text\na < b\n  c\n```"
        );
    }

    #[test]
    fn tables_become_markdown_tables() {
        assert_eq!(
            markdown(
                "<table><tr><th>a</th><th>b|c</th></tr><tr><td>1</td><td>2<br>3</td></tr></table>x"
            ),
            "| a | b\\|c |\n| --- | --- |\n| 1 | 2 3 |\n\nx"
        );
    }

    #[test]
    fn custom_tags_and_svg_are_dropped_but_their_text_kept() {
        assert_eq!(
            markdown("a<dx-alert infotype=\"explain\" title=\"\">\n注意</dx-alert><svg><text>x</text></svg>b"),
            "a\n注意b"
        );
    }
}
