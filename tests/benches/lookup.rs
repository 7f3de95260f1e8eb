//! `ErrorCode::parse` over every distinct code of the corpus, against a `phf::Map` and a
//! `HashMap<&str, usize>` over the same keys, in one run.
//!
//! `cargo bench -p tcapi-tests --bench lookup`

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tcapi::ErrorCode;

#[tcapi::error_codes(all_products)]
enum AnyCode {}

fn phf_map(keys: &[&'static str]) -> phf::Map<&'static str, usize> {
    let state = phf_generator::generate_hash(keys);
    let entries: Vec<(&'static str, usize)> = state.map.iter().map(|&i| (keys[i], i)).collect();
    phf::Map {
        key: state.key,
        disps: Box::leak(state.disps.into_boxed_slice()),
        entries: Box::leak(entries.into_boxed_slice()),
    }
}

fn lookups(c: &mut Criterion) {
    let keys: Vec<&'static str> = AnyCode::ALL
        .iter()
        .map(|c| &*Box::leak(c.as_str().to_owned().into_boxed_str()))
        .collect();
    let phf = phf_map(&keys);
    let hash_map: HashMap<&str, usize> = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    for (i, key) in keys.iter().enumerate() {
        assert_eq!(phf.get(key), Some(&i));
        assert_eq!(hash_map.get(key), Some(&i));
        assert_eq!(AnyCode::parse(key).as_str(), *key);
    }

    let mut group = c.benchmark_group("lookup all corpus codes");
    group.throughput(Throughput::Elements(keys.len() as u64));
    group.bench_function("ErrorCode::parse (tcapi)", |b| {
        b.iter(|| {
            for key in &keys {
                black_box(AnyCode::parse(black_box(key)));
            }
        });
    });
    group.bench_function("phf::Map", |b| {
        b.iter(|| {
            for key in &keys {
                black_box(phf.get(black_box(key)));
            }
        });
    });
    group.bench_function("HashMap<&str, usize>", |b| {
        b.iter(|| {
            for key in &keys {
                black_box(hash_map.get(black_box(key)));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, lookups);
criterion_main!(benches);
