//! Enum variant names for codes, and the nearest names to a misspelt one.

use heck::ToUpperCamelCase;

use crate::table::Row;

/// The variant a row becomes: its explicit `variant`, else UpperCamelCase of the code.
pub fn variant_name(row: &Row) -> &str {
    match &row.variant {
        Some(explicit) => explicit,
        None => row.automatic_variant.get_or_init(|| automatic(&row.code)),
    }
}

/// UpperCamelCase of a code (`AuthFailure.SignatureExpire` → `AuthFailureSignatureExpire`).
pub fn automatic(code: &str) -> String {
    code.to_upper_camel_case()
}

/// Whether `s` is a plain (non-raw) Rust identifier that is not a keyword.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts_well
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s != "_"
        && !matches!(s, "Self" | "self" | "super" | "crate")
}

/// Up to `most` candidates closest to `name` by edit distance (case-insensitive), nearest first.
pub fn nearest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    most: usize,
) -> Vec<&'a str> {
    let name = name.to_ascii_lowercase();
    let limit = (name.len() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (edit_distance(&name, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    scored.dedup_by_key(|(_, c)| *c);
    scored.into_iter().take(most).map(|(_, c)| c).collect()
}

/// Levenshtein distance over bytes.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}
