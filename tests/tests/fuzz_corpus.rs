//! Replays the fuzz corpus (`fuzz/corpus/decode/`: seed bodies and every input the fuzzer
//! found interesting or crashing) with the fuzz target's invariants: no panic, bounded
//! messages, and the derive agreeing with `tcapi::decode` on a plain serde struct.

use std::path::Path;

#[path = "../../fuzz/invariants.rs"]
mod invariants;

#[test]
fn corpus_replays_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/decode");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        invariants::check(&data, &path.display().to_string());
        count += 1;
    }
    assert!(count >= 60, "only {count} corpus files");
}
