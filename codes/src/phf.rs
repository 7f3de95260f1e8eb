//! A minimal perfect hash (CHD, "hash, displace and compress") over the codes of a table,
//! computed by the macro at compile time and emitted as two byte strings, so that
//! `ErrorCode::parse` on a known code costs one hash, one probe and one string comparison,
//! with no allocation and no 12,000-arm `match`.
//!
//! `tcapi::__private::CodeTable::lookup` probes it with its own copy of [`hash`], [`split`]
//! and [`slot`] (tcapi cannot depend on this crate); the `tests` crate asserts the hashes
//! agree and that every code of every table is found.

/// The hash both sides use: 8 bytes at a time, then a murmur3 finalizer.
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

/// Splits a hash into the bucket selector and the two slot functions.
pub fn split(h: u64) -> (u32, u32, u32) {
    (
        (h >> 42) as u32,
        ((h >> 21) & 0x1f_ffff) as u32,
        (h & 0x1f_ffff) as u32,
    )
}

/// The slot of a key with displacement `(d1, d2)` in a table of `len` slots.
pub fn slot(f1: u32, f2: u32, (d1, d2): (u32, u32), len: u32) -> u32 {
    d2.wrapping_add(f1.wrapping_mul(d1)).wrapping_add(f2) % len
}

/// A built perfect hash: `slots[slot(key)]` is the index of `key` in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerfectHash {
    /// The seed that worked.
    pub seed: u64,
    /// One displacement pair per bucket.
    pub displacements: Vec<(u32, u32)>,
    /// For each slot, the index of the key that lands there.
    pub slots: Vec<u16>,
}

/// Builds a minimal perfect hash over distinct keys (at most `u16::MAX` of them).
pub fn build(keys: &[&str]) -> PerfectHash {
    assert!(
        keys.len() <= usize::from(u16::MAX),
        "too many keys for a u16 index"
    );
    if keys.is_empty() {
        return PerfectHash {
            seed: 0,
            displacements: vec![(0, 0)],
            slots: Vec::new(),
        };
    }
    let mut seed = 0x5eed_u64;
    loop {
        if let Some(found) = try_build(keys, seed) {
            return found;
        }
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    }
}

fn try_build(keys: &[&str], seed: u64) -> Option<PerfectHash> {
    let len = keys.len() as u32;
    let bucket_count = keys.len().div_ceil(4);
    let hashes: Vec<(u32, u32, u32)> = keys
        .iter()
        .map(|k| split(hash(k.as_bytes(), seed)))
        .collect();
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); bucket_count];
    for (i, (g, _, _)) in hashes.iter().enumerate() {
        buckets[*g as usize % bucket_count].push(i);
    }
    let mut order: Vec<usize> = (0..bucket_count).collect();
    order.sort_by_key(|&b| std::cmp::Reverse(buckets[b].len()));
    let mut displacements = vec![(0u32, 0u32); bucket_count];
    let mut taken = vec![false; keys.len()];
    let mut slots = vec![0u16; keys.len()];
    let mut trial: Vec<u32> = Vec::new();
    for b in order {
        let members = &buckets[b];
        if members.is_empty() {
            continue;
        }
        let mut placed = false;
        'search: for d1 in 0..len {
            for d2 in 0..len.min(64) {
                trial.clear();
                for &i in members {
                    let (_, f1, f2) = hashes[i];
                    let s = slot(f1, f2, (d1, d2), len);
                    if taken[s as usize] || trial.contains(&s) {
                        continue;
                    }
                    trial.push(s);
                }
                if trial.len() == members.len() {
                    for (&i, &s) in members.iter().zip(&trial) {
                        taken[s as usize] = true;
                        slots[s as usize] = i as u16;
                    }
                    displacements[b] = (d1, d2);
                    placed = true;
                    break 'search;
                }
            }
        }
        if !placed {
            return None;
        }
    }
    Some(PerfectHash {
        seed,
        displacements,
        slots,
    })
}
