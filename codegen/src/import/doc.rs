//! The "Error Code Description" table of a published API doc page (the "Responses" page),
//! as plain text: a header line `Error Code Description`, then one `Code Description...`
//! line per code, until the first line that is not such a row (a blank line, a heading).
//!
//! [`merge`] decides what the doc may change in an existing table; the rule is documented
//! there and in the crate's README.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::overrides::Overrides;
use tcapi_codes::diagnostic::Diagnostic;
use tcapi_codes::table::{Row, Table};
use tcapi_codes::validate::code_syntax;

/// The header line that opens the table.
pub const HEADER: &str = "Error Code Description";

/// One row of a doc table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRow {
    /// The code.
    pub code: String,
    /// Its English description, as printed.
    pub description: String,
    /// 1-based line in the document.
    pub line: usize,
}

/// Why a document's error-code table could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocError {
    /// The file could not be read.
    Io {
        /// The document.
        file: PathBuf,
        /// The I/O error.
        message: String,
    },
    /// No `Error Code Description` header line.
    MissingHeader {
        /// The document.
        file: PathBuf,
    },
    /// The header is not followed by any `Code Description` row.
    NoRows {
        /// The document.
        file: PathBuf,
        /// Line of the header.
        line: usize,
    },
    /// A row holds a code but no description.
    MissingDescription {
        /// The document.
        file: PathBuf,
        /// Line of the row.
        line: usize,
        /// The code.
        code: String,
    },
    /// The same code twice in one table.
    DuplicateCode {
        /// The document.
        file: PathBuf,
        /// Line of the second row.
        line: usize,
        /// Line of the first row.
        first_line: usize,
        /// The code.
        code: String,
    },
}

impl DocError {
    /// The document, line (0 when the problem concerns the whole file) and code concerned.
    pub fn location(&self) -> (&Path, usize, Option<&str>) {
        match self {
            DocError::Io { file, .. } | DocError::MissingHeader { file } => (file, 0, None),
            DocError::NoRows { file, line } => (file, *line, None),
            DocError::MissingDescription { file, line, code }
            | DocError::DuplicateCode {
                file, line, code, ..
            } => (file, *line, Some(code)),
        }
    }
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (file, line, _) = self.location();
        write!(f, "{}", file.display())?;
        if line > 0 {
            write!(f, ":{line}")?;
        }
        match self {
            DocError::Io { message, .. } => write!(f, ": cannot read document: {message}"),
            DocError::MissingHeader { .. } => write!(
                f,
                ": no `{HEADER}` header line; is this an API doc \"Responses\" page?"
            ),
            DocError::NoRows { .. } => write!(
                f,
                ": `{HEADER}` is not followed by any `Code Description` row"
            ),
            DocError::MissingDescription { code, .. } => {
                write!(f, ": code `{code}` has no description")
            }
            DocError::DuplicateCode {
                code, first_line, ..
            } => {
                write!(
                    f,
                    ": duplicate code `{code}` (lines {first_line} and {line})"
                )
            }
        }
    }
}

impl std::error::Error for DocError {}

impl From<DocError> for Diagnostic {
    fn from(e: DocError) -> Self {
        let (file, line, code) = e.location();
        let mut d = Diagnostic::at(file, line, 0, "");
        if let Some(code) = code {
            d = d.with_code(code);
        }
        // The message is the Display text without its `file:line: ` prefix.
        let full = e.to_string();
        let prefix = if line > 0 {
            format!("{}:{line}: ", file.display())
        } else {
            format!("{}: ", file.display())
        };
        d.message = full.strip_prefix(&prefix).unwrap_or(&full).to_owned();
        d
    }
}

/// Reads the error-code table of a document.
pub fn read(path: &Path) -> Result<Vec<DocRow>, DocError> {
    let text = std::fs::read_to_string(path).map_err(|e| DocError::Io {
        file: path.to_path_buf(),
        message: e.to_string(),
    })?;
    parse(path, &text)
}

/// Parses the error-code table of a document's text; `path` names it in errors. A row is a
/// line whose first word is a valid code starting with an uppercase letter, followed by a
/// description; the table ends at the first other line. Only the first table is read.
pub fn parse(path: &Path, text: &str) -> Result<Vec<DocRow>, DocError> {
    let file = || path.to_path_buf();
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end()));
    let header_line = lines
        .by_ref()
        .find(|(_, l)| l.trim() == HEADER)
        .map(|(n, _)| n)
        .ok_or_else(|| DocError::MissingHeader { file: file() })?;
    let mut rows: Vec<DocRow> = Vec::new();
    for (line, text) in lines {
        let text = text.trim();
        let (code, description) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        let looks_like_code =
            code.starts_with(|c: char| c.is_ascii_uppercase()) && code_syntax(code).is_ok();
        if !looks_like_code {
            break;
        }
        let description = description.trim();
        if description.is_empty() {
            return Err(DocError::MissingDescription {
                file: file(),
                line,
                code: code.to_owned(),
            });
        }
        if let Some(first) = rows.iter().find(|r| r.code == code) {
            return Err(DocError::DuplicateCode {
                file: file(),
                line,
                first_line: first.line,
                code: code.to_owned(),
            });
        }
        rows.push(DocRow {
            code: code.to_owned(),
            description: description.to_owned(),
            line,
        });
    }
    if rows.is_empty() {
        return Err(DocError::NoRows {
            file: file(),
            line: header_line,
        });
    }
    Ok(rows)
}

/// What [`merge`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// Codes the table did not have, added with the doc's description.
    pub added: Vec<String>,
    /// Codes that had no English description and got the doc's.
    pub filled: Vec<String>,
    /// Codes whose English description differs from the doc's; the table's was kept.
    pub kept: Vec<String>,
}

/// Merges a document's rows into a table. Precedence: the table wins. A code the table lacks
/// is added (English description from the doc, override from `overrides` if listed); a code
/// without an English description gets the doc's; a description the table already has is
/// never replaced, because the corpus text is the per-product, fuller wording with a Chinese
/// counterpart, and the doc pages abridge it (`The key does not exist.`). Rows are never
/// removed: a doc lists only some codes. Rows end up sorted by code bytes.
pub fn merge(table: &mut Table, doc: &[DocRow], overrides: &Overrides) -> Merged {
    let mut merged = Merged::default();
    table
        .rows
        .sort_by(|a, b| a.code.as_bytes().cmp(b.code.as_bytes()));
    for doc_row in doc {
        match table
            .rows
            .binary_search_by(|r| r.code.as_bytes().cmp(doc_row.code.as_bytes()))
        {
            Ok(i) => {
                let row = &mut table.rows[i];
                match &row.description_en {
                    None => {
                        row.description_en = Some(doc_row.description.clone());
                        merged.filled.push(doc_row.code.clone());
                    }
                    Some(existing) if *existing != doc_row.description => {
                        merged.kept.push(doc_row.code.clone())
                    }
                    Some(_) => {}
                }
            }
            Err(i) => {
                let mut row = Row {
                    code: doc_row.code.clone(),
                    description_en: Some(doc_row.description.clone()),
                    ..Row::default()
                };
                overrides.apply(&mut row);
                table.rows.insert(i, row);
                merged.added.push(doc_row.code.clone());
            }
        }
    }
    merged
}
