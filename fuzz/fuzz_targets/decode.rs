//! Feeds arbitrary bytes to the derive and to `tcapi::decode`: no panic, no stack overflow,
//! bounded messages, and the derive and plain serde (through `decode`) agree on the outcome.
#![no_main]
#![forbid(unsafe_code)]

#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::check(data, "fuzz input"));
