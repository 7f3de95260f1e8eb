//! The markdown being written: line by line, with the open lists, table, code and inline
//! markup, so that each tag and run of text lands where markdown needs it.

use tcapi_codes::doc::push_escaped;

use super::scan::{bare_url_len, decode_entities, entity, link_target, markdown_link, Tag};

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
pub(super) struct Writer {
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

    /// An HTML tag of the prose.
    pub(super) fn tag(&mut self, tag: &Tag<'_>) {
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
    pub(super) fn text(&mut self, text: &str) {
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

    /// The markdown written, without trailing blank lines.
    pub(super) fn finish(mut self) -> String {
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

/// `text` as a fenced `text` block, each line after `indent`; fences inside are broken so
/// they cannot close it.
pub(in crate::sdk::docs) fn fence(text: &str, indent: &str) -> String {
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
