// The path is relative to trybuild's project folder (CARGO_MANIFEST_DIR for the macro), where
// tests/ui_codes.rs copies this folder's tables/ before trybuild runs.
#[tcapi::error_codes(path = "tables/override-without-reason.json", common = false)]
pub enum OverrideWithoutReasonCode {}

fn main() {}
