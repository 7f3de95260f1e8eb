//! UI tests: each file under tests/ui holds one mistake and the error it must produce.
//! Regenerate expectations with `TRYBUILD=overwrite cargo test -p tcapi-tests --test compiletest`.

#[cfg_attr(miri, ignore = "incompatible with miri")]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/codes/*.rs");
    t.compile_fail("ui/response/*.rs");
}
