// The path is relative to trybuild's project folder (CARGO_MANIFEST_DIR for the macro), where
// tests/ui_codes.rs copies this folder's tables/ before trybuild runs.
#[tcapi::error_codes(path = "tables/unknown-field.json", common = false)]
pub enum UnknownFieldCode {}

fn main() {}
