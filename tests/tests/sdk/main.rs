//! The generated crates' published examples (`examples`) and recorded bodies (`fixtures`),
//! every action of every crate the tests build. The test binaries that use those crates are
//! three, split by what they instantiate for every action so that they compile side by side:
//! this one (serde round trips and decoding), `local_cloud` (a client call per action) and
//! `clients` (a few products' clients, which need not wait for csip).

#[path = "../generated/mod.rs"]
mod generated;

mod examples;
mod fixtures;
