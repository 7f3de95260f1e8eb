//! Where the generators' own data files live: this crate's directory. The error-code tables
//! and their sources live in tcapi-codes ([`tcapi_codes::builtin`]).

use std::path::PathBuf;

/// The crate's directory, where the generators' data files live.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The actions that answer with server-sent events, with the chunk that ends each stream.
pub fn streaming_actions_path() -> PathBuf {
    data_dir().join("streaming-actions.json")
}

/// The paging overrides of the SDK generator.
pub fn paging_overrides_path() -> PathBuf {
    data_dir().join("sdk-paging.json")
}

/// The idempotency overrides of the SDK generator.
pub fn idempotency_overrides_path() -> PathBuf {
    data_dir().join("sdk-idempotency.json")
}
