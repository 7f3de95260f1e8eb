// trybuild compiles this file in target/tests/trybuild/tcapi-tests, which is CARGO_MANIFEST_DIR
// for the macro; the path climbs back to this directory from there.
#[tcapi::error_codes(path = "../../../../tests/ui/codes/tables/three-mistakes.json", common = false)]
pub enum ThreeMistakesCode {}

fn main() {}
