//! The packed per-code table of a generated error-code enum, and its perfect-hash lookup.
//!
//! `#[tcapi::error_codes]` computes the table and the hash at compile time (with
//! `tcapi_codes::phf`) and emits them as literals; this module reads them back. It is public
//! only through `__private`, for generated code.

use core::fmt;

use crate::{Category, RetryHint, UnknownCode};

/// The per-code facts of a generated enum, indexed by the variant's position, packed into
/// a handful of literals: a release build of 12,000 rows as an array of structs spent ~3 s
/// in LLVM on 36,000 small string constants; as strings and byte strings it spends none.
#[derive(Debug)]
pub struct CodeTable {
    /// Every code, concatenated in variant order.
    pub codes: &'static str,
    /// Every variant name, concatenated.
    pub variants: &'static str,
    /// Every description, concatenated (a row without one has an empty one).
    pub descriptions: &'static str,
    /// Per row, the end offsets in `codes`, `variants` and `descriptions`: 3 × u32 LE.
    pub ends: &'static [u8],
    /// Per row, the index of its category in `Category::ALL` and of its hint in `RetryHint::ALL`.
    pub facts: &'static [u8],
    /// Seed of the perfect hash.
    pub seed: u64,
    /// One displacement pair per bucket: 2 × u16 LE.
    pub displacements: &'static [u8],
    /// Row index for each slot: u16 LE.
    pub slots: &'static [u8],
}

const FIELDS: usize = 3;
const CODE: usize = 0;
const VARIANT: usize = 1;
const DESCRIPTION: usize = 2;

#[inline]
fn u32_at(bytes: &[u8], index: usize) -> u32 {
    match bytes.get(index * 4..index * 4 + 4) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
        _ => 0,
    }
}

#[inline]
fn u16_at(bytes: &[u8], index: usize) -> u16 {
    match bytes.get(index * 2..index * 2 + 2) {
        Some(&[a, b]) => u16::from_le_bytes([a, b]),
        _ => 0,
    }
}

impl CodeTable {
    #[inline]
    fn span(&self, row: usize, field: usize) -> core::ops::Range<usize> {
        let start = if row == 0 {
            0
        } else {
            u32_at(self.ends, (row - 1) * FIELDS + field) as usize
        };
        start..u32_at(self.ends, row * FIELDS + field) as usize
    }

    #[inline]
    fn field(&self, text: &'static str, row: usize, field: usize) -> &'static str {
        text.get(self.span(row, field)).unwrap_or_default()
    }

    /// The index of a known code; `None` for any other string. No allocation.
    #[inline]
    pub fn lookup(&self, code: &str) -> Option<usize> {
        let slots = self.slots.len() / 2;
        let buckets = self.displacements.len() / 4;
        if slots == 0 || buckets == 0 {
            return None;
        }
        let (g, f1, f2) = split(hash(code.as_bytes(), self.seed));
        let bucket = g as usize % buckets;
        let (d1, d2) = (
            u32::from(u16_at(self.displacements, bucket * 2)),
            u32::from(u16_at(self.displacements, bucket * 2 + 1)),
        );
        let slot = d2.wrapping_add(f1.wrapping_mul(d1)).wrapping_add(f2) % slots as u32;
        let index = usize::from(u16_at(self.slots, slot as usize));
        // Bytes, not str: the offsets are exact, and str slicing would check char boundaries.
        (self.codes.as_bytes().get(self.span(index, CODE)) == Some(code.as_bytes()))
            .then_some(index)
    }

    /// `Debug` of a variant: its name, or `Unknown("...")`.
    pub fn fmt_debug(
        &self,
        index: Result<usize, &UnknownCode>,
        f: &mut fmt::Formatter<'_>,
    ) -> fmt::Result {
        match index {
            Ok(i) => f.write_str(self.field(self.variants, i, VARIANT)),
            Err(unknown) => f.debug_tuple("Unknown").field(unknown).finish(),
        }
    }

    /// The code string of a variant.
    #[inline]
    pub fn code<'a>(&self, index: Result<usize, &'a UnknownCode>) -> &'a str {
        match index {
            Ok(i) => self.field(self.codes, i, CODE),
            Err(unknown) => unknown.as_str(),
        }
    }

    /// The category of a variant.
    pub fn category(&self, index: Result<usize, &UnknownCode>) -> Category {
        match index {
            Ok(i) => Category::ALL
                .get(usize::from(self.facts[i * 2]))
                .copied()
                .unwrap_or(Category::CATCH_ALL),
            Err(unknown) => Category::of(unknown.as_str()),
        }
    }

    /// The retry hint of a variant.
    pub fn retry_hint(&self, index: Result<usize, &UnknownCode>) -> RetryHint {
        match index {
            Ok(i) => RetryHint::ALL
                .get(usize::from(self.facts[i * 2 + 1]))
                .copied()
                .unwrap_or(RetryHint::Never),
            Err(unknown) => Category::of(unknown.as_str()).default_retry_hint(),
        }
    }

    /// The description of a variant.
    pub fn description(&self, index: Result<usize, &UnknownCode>) -> Option<&'static str> {
        let description = self.field(self.descriptions, index.ok()?, DESCRIPTION);
        (!description.is_empty()).then_some(description)
    }
}

/// The position of a known variant in its enum's `ALL`, which derived `Ord` keeps sorted
/// (variants compare by declaration order).
#[inline]
pub fn position<C: Ord>(all: &[C], known: &C) -> usize {
    match all.binary_search(known) {
        Ok(index) | Err(index) => index,
    }
}

/// The hash of the perfect hash; must stay identical to `tcapi_codes::phf::hash`, which
/// computes the tables at compile time (the `tests` crate checks they agree).
#[inline]
pub fn hash(bytes: &[u8], seed: u64) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(K);
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        h = (h ^ u64::from_le_bytes(word.try_into().unwrap_or_default()))
            .wrapping_mul(K)
            .rotate_left(29);
    }
    if !words.remainder().is_empty() {
        // The last 8 bytes, overlapping the words already read: no copy of a short tail.
        let last = match bytes.len().checked_sub(8) {
            Some(start) => u64::from_le_bytes(bytes[start..].try_into().unwrap_or_default()),
            None => bytes.iter().rev().fold(0, |t, &b| (t << 8) | u64::from(b)),
        };
        h = (h ^ last).wrapping_mul(K);
    }
    h ^= h >> 32;
    h = h.wrapping_mul(K);
    h ^ (h >> 29)
}

#[inline(always)]
fn split(h: u64) -> (u32, u32, u32) {
    (
        (h >> 42) as u32,
        ((h >> 21) & 0x1f_ffff) as u32,
        (h & 0x1f_ffff) as u32,
    )
}

/// Fails the build of a generated enum if its macro numbers the retry hints differently from
/// this crate: [`CodeTable::facts`] stores a hint as its index in the macro's list, read back
/// through [`RetryHint::ALL`], so a mismatch would give every code a wrong hint.
pub const fn assert_hint_order(names: &[&str]) {
    assert!(
        same_names(names, RetryHint::NAMES),
        "tcapi-macros and tcapi list the retry hints differently; use the tcapi-macros that tcapi pins"
    );
}

/// [`assert_hint_order`] for categories, stored as indices into [`Category::ALL`].
pub const fn assert_category_order(names: &[&str]) {
    assert!(
        same_names(names, Category::NAMES),
        "tcapi-macros and tcapi list the categories differently; use the tcapi-macros that tcapi pins"
    );
}

/// `==` on string slices, which is not `const` yet.
const fn same_names(a: &[&str], b: &[&str]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if !str_eq(a[i], b[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// `==` on strings, which is not `const` yet.
const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|&x| name(x)).collect()
    }

    #[test]
    fn names_follow_all() {
        assert_eq!(names(RetryHint::ALL, RetryHint::as_str), RetryHint::NAMES);
        assert_eq!(names(Category::ALL, Category::as_str), Category::NAMES);
    }

    #[test]
    fn the_runtime_order_passes() {
        assert_hint_order(&names(RetryHint::ALL, RetryHint::as_str));
        assert_category_order(&names(Category::ALL, Category::as_str));
    }

    #[test]
    #[should_panic(expected = "list the retry hints differently")]
    fn swapped_hints_fail() {
        let mut hints = names(RetryHint::ALL, RetryHint::as_str);
        hints.swap(0, 1);
        assert_hint_order(&hints);
    }

    #[test]
    #[should_panic(expected = "list the retry hints differently")]
    fn a_missing_hint_fails() {
        let hints = names(RetryHint::ALL, RetryHint::as_str);
        assert_hint_order(&hints[1..]);
    }

    #[test]
    #[should_panic(expected = "list the categories differently")]
    fn swapped_categories_fail() {
        let mut categories = names(Category::ALL, Category::as_str);
        categories.swap(0, 1);
        assert_category_order(&categories);
    }

    #[test]
    fn str_eq_compares_bytes() {
        assert!(str_eq("Never", "Never"));
        assert!(!str_eq("Never", "Neve"));
        assert!(!str_eq("Never", "Nevex"));
        assert!(str_eq("", ""));
    }
}
