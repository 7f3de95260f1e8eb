//! Every action of every generated crate the tests build, called through its generated client
//! against the local cloud (see `sdk/main.rs` for why this is a binary of its own).

#[path = "../generated/mod.rs"]
mod generated;

mod local_cloud;
