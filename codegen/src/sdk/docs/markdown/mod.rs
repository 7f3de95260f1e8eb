//! The converter of the spec prose into rustdoc markdown.
//!
//! Tencent's spec prose mixes HTML fragments (`<p>`, `<ul><li>`, a `<li>` with no list,
//! `<br>`, `<a href>`, `<code>`, `<b>`, tables, entities) with markdown-ish text (backtick
//! code, `[text](url)` links, `*` lists, code fences). [`markdown`] renders the common HTML as
//! markdown and escapes everything else with [`tcapi_codes::doc::push_escaped`], so rustdoc
//! sees no broken link, no HTML tag, no bare URL (they become `<https://...>`), no indented
//! code block and no Rust code block (fences become `text`). An HTML parser would not do:
//! the input is not HTML (its newlines and markdown matter), and the converter has to know
//! which characters are prose to escape them.
//!
//! [`scan`] recognizes what the prose holds (tags, entities, links, URLs); [`writer`] builds
//! the markdown line by line, with the lists, table, code and inline markup open.

mod scan;
mod writer;

use scan::Tag;
pub(super) use writer::fence;
use writer::Writer;

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
