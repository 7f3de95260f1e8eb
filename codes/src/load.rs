//! The one way the workspace reads its hand-curated JSON files (tables, `categories.json`,
//! `overrides.json`, and tcapi-codegen's data files), so that every diagnostic points at the
//! entry at fault.
//!
//! Each file is an object holding lists of entries (rows, categories, override groups). The
//! entries are parsed one by one from their raw text, so that every entry knows the line and
//! column it starts on and one malformed entry does not hide the others. A diagnostic carries
//! its position in its fields only; serde_json's own " at line L column C" is cut from the
//! message so that the position is not printed twice.

use std::path::Path;

use serde::de::{Deserialize, DeserializeOwned};
use serde_json::value::RawValue;

use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex};

/// The text of a file; `what` names it in the error (`cannot read table: ...`).
pub fn read(path: &Path, what: &str) -> Result<String, Diagnostic> {
    std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::at(path, 0, 0, format!("cannot read {what}: {e}")))
}

/// One entry of a file and where it starts.
pub struct Located<T> {
    /// The entry.
    pub value: T,
    /// Its line, from 1.
    pub line: usize,
    /// Its column, from 1.
    pub column: usize,
}

/// A file's text, indexed by line so that any entry can be located.
pub struct Document<'t> {
    path: &'t Path,
    text: &'t str,
    lines: LineIndex,
}

impl<'t> Document<'t> {
    /// Indexes `text`, the contents of `path`.
    pub fn new(path: &'t Path, text: &'t str) -> Self {
        Document {
            path,
            text,
            lines: LineIndex::new(text),
        }
    }

    /// The file's outer object, its entries left as raw text.
    pub fn outline<T: Deserialize<'t>>(&self) -> Result<T, Diagnostic> {
        serde_json::from_str(self.text)
            .map_err(|e| Diagnostic::at(self.path, e.line(), e.column(), message(&e)))
    }

    /// The line and column a raw entry starts at.
    pub fn position(&self, raw: &RawValue) -> (usize, usize) {
        // A RawValue borrowed from the text points into it.
        let offset = (raw.get().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        self.lines.position(offset)
    }

    /// One entry; an error names its position in the whole file and the entry's `code`,
    /// when it has one.
    pub fn entry<T: DeserializeOwned>(&self, raw: &RawValue) -> Result<Located<T>, Diagnostic> {
        let (line, column) = self.position(raw);
        serde_json::from_str::<T>(raw.get())
            .map(|value| Located {
                value,
                line,
                column,
            })
            .map_err(|e| {
                let (l, c) = if e.line() == 1 {
                    (line, column + e.column().saturating_sub(1))
                } else {
                    (line + e.line() - 1, e.column())
                };
                let mut d = Diagnostic::at(self.path, l, c, message(&e));
                let code = serde_json::from_str::<serde_json::Value>(raw.get())
                    .ok()
                    .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_owned));
                if let Some(code) = code {
                    d.message = format!("{} (code `{code}`)", d.message);
                    d = d.with_code(&code);
                }
                d
            })
    }

    /// Every entry of a list that parses, with its position written where `at` says; each
    /// one that does not parse is added to `report`.
    pub fn entries<T: DeserializeOwned>(
        &self,
        raws: &[&RawValue],
        report: &mut Diagnostics,
        at: fn(&mut T) -> (&mut usize, &mut usize),
    ) -> Vec<T> {
        let mut entries = Vec::with_capacity(raws.len());
        for raw in raws {
            match self.entry::<T>(raw) {
                Ok(mut entry) => {
                    let (line, column) = at(&mut entry.value);
                    (*line, *column) = (entry.line, entry.column);
                    entries.push(entry.value);
                }
                Err(d) => report.push(d),
            }
        }
        entries
    }
}

/// A serde_json error without the position it appends: diagnostics carry it themselves.
pub fn message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}
