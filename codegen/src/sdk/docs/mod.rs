//! The documentation of the generated crates: spec prose turned into rustdoc, and the
//! composed docs of types, fields and actions.
//!
//! **Prose.** Tencent's spec prose, HTML fragments and markdown-ish text mixed, is rendered as
//! rustdoc markdown by [`markdown`] (its own module: the converter).
//!
//! **Two sites.** Where the international site documents an item the China site also
//! documents, the doc is the English text first, then a paragraph [`CHINESE_ORIGINAL`], then
//! the Chinese original ([`bilingual`]). An item one site only documents has that site's
//! text alone, and says which site it is on.
//!
//! **Actions.** An action's doc ([`action_doc`]) is its title and description, its status
//! when it is not online, the first published example request, and the error codes it is
//! documented to return.

mod markdown;

use tcapi_codes::doc::push_escaped;

use markdown::fence;
pub use markdown::markdown;

/// The paragraph between the English text and the Chinese original.
pub const CHINESE_ORIGINAL: &str = "中文原文：";

/// What a version module's docs tell its readers about the two languages.
pub fn convention() -> String {
    format!(
        "Where the international site documents an item too, its doc is the English text first, then the Chinese original after “{CHINESE_ORIGINAL}”."
    )
}

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
