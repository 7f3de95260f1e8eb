//! The generated clients of a few products against the local cloud: paging (cvm, billing),
//! event streams (hunyuan), registered answers and the rule of idempotency (see `sdk/main.rs`
//! for how the test binaries that use the generated crates are split).

mod cvm_paging;
mod idempotency_rule;
mod local_registry;
mod nested_paging;
mod streaming;
