//! The generated crates under test: their published examples and recorded bodies, and their
//! clients against the local cloud. One test binary for all of them, since each binary that
//! uses the generated crates links them (csip alone is 267,000 lines): one link instead of
//! eight.

mod generated;

mod cvm_paging;
mod examples;
mod fixtures;
mod idempotency_rule;
mod local_cloud;
mod local_registry;
mod nested_paging;
mod streaming;
